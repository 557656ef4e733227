"""A data/cache folder that cannot be created (TERMINUS_EDGE_HOME is a file, a read-only disk): `run`
and `summarize` still print the summary and keep the exit code; one stderr line says why nothing is stored."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

TE = [sys.executable, "-m", "terminus_edge"]


@pytest.fixture
def unusable_home(tmp_path):
    home = tmp_path / "home-is-a-file"
    home.write_text("not a folder")
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(home))
    return env


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text


def test_run_keeps_summary_and_exit_code_without_a_cache_folder(unusable_home):
    """Before: the command ran, then looking for the default bundle (cache folder) ended terminus-edge
    with exit 1: the command's own exit code and its summary were lost."""
    proc = subprocess.run([*TE, "run", "--", "echo hi; exit 3"], env=unusable_home, capture_output=True,
                          text=True, timeout=120)
    _no_traceback(proc.stderr)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.startswith("Command: echo hi; exit 3") and "exit code 3" in proc.stdout
    assert "Log:" not in proc.stdout and "raw log cannot be stored" in proc.stderr


def test_summarize_works_without_a_data_folder(unusable_home):
    """Before: `summarize` failed outright ('Error: cannot create …'), with no summary at all."""
    proc = subprocess.run([*TE, "summarize", "--command", "make", "--exit-code", "2"], input="error: boom\n",
                          env=unusable_home, capture_output=True, text=True, timeout=120)
    _no_traceback(proc.stderr)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Command: make") and "boom" in proc.stdout and "Log:" not in proc.stdout
    assert "raw log cannot be stored" in proc.stderr and "summarizing anyway" in proc.stderr


def test_summarize_json_says_no_log_id(unusable_home):
    import json

    proc = subprocess.run([*TE, "summarize", "--no-model", "--json", "--command", "true"], input="ok\n",
                          env=unusable_home, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] is None


def test_a_log_folder_that_cannot_be_made_is_a_log_store_error(tmp_path):
    """Before: open_db's mkdir/chmod raised OSError: `logs list` on a read-only disk was a traceback."""
    from terminus_edge.logstore import LogStore
    from terminus_edge.logstore_db import LogStoreError

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(LogStoreError, match="cannot use the log folder"):
        LogStore(blocker / "data" / "logs.sqlite3")


def test_a_bundles_folder_that_cannot_be_made(te_home):
    """Before: paths.bundles_dir's mkdir raised OSError (bundle list/info/verify, generate without --bundle)."""
    from click.testing import CliRunner

    from terminus_edge.cli import main

    (te_home / "cache").mkdir(parents=True)
    (te_home / "cache" / "bundles").write_text("in the way")
    result = CliRunner().invoke(main, ["bundle", "list"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.output.startswith("Error: cannot create ") and len(result.output.strip().splitlines()) == 1


def test_no_prepacked_cache_folder_still_loads_and_warm_says_why(te_home, tiny_bundle):
    """Before: cache_root's mkdir raised OSError: a read-only cache folder stopped every model load (auto mode
    creates no cache, so it must not need the folder) and `bundle warm` was a traceback."""
    pytest.importorskip("onnxruntime_genai")
    from click.testing import CliRunner

    from terminus_edge.cli import main
    from terminus_edge.runtime.chat_model import OnnxChatModel

    bundle = tiny_bundle("qwen3", "int4")
    (te_home / "cache").mkdir(parents=True, exist_ok=True)
    (te_home / "cache" / "prepacked").write_text("in the way")
    model = OnnxChatModel.load(bundle, ep="cpu", prepacked_cache="auto")
    assert model.weights_from == "bundle"
    for args in (["bundle", "warm", str(bundle)], ["bundle", "warm", "--remove", str(bundle)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.output.startswith("Error: cannot create the prepacked-weights cache"), result.output


def test_a_home_that_cannot_be_written_names_terminus_edge_home(tmp_path, monkeypatch):
    """Air-gapped drill (session 12): with a read-only home, `make run` stopped at 'cannot create
    ~/.cache/terminus-edge: Read-only file system' and said no way out; the line now names TERMINUS_EDGE_HOME."""
    from click.testing import CliRunner

    from terminus_edge.cli import main

    blocker = tmp_path / "home-file"
    blocker.write_text("not a folder")
    monkeypatch.delenv("TERMINUS_EDGE_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    result = CliRunner().invoke(main, ["bundle", "list"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.output.startswith("Error: cannot create ") and len(result.output.strip().splitlines()) == 1
    assert "(set TERMINUS_EDGE_HOME to a writable folder)" in result.output
