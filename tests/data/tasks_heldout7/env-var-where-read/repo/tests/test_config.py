from reporter.config import cache_dir


def test_cache_dir_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTER_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
