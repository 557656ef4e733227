"""check_bundle_integrity when the cache folder cannot be made: every file is hashed, nothing is remembered,
and a corrupt file is still named (before: generate stopped at cache_dir() with a folder error)."""

import shutil

import pytest

from terminus_edge.errors import BundleError
from terminus_edge.model import check_bundle_integrity


def test_integrity_is_checked_without_a_cache_folder(tiny_bundle, tmp_path, monkeypatch):
    pytest.importorskip("onnx")
    bundle = tmp_path / "bundle"
    shutil.copytree(tiny_bundle("qwen3", "int4", "builder"), bundle)
    blocker = tmp_path / "home"
    blocker.write_text("a file where the home folder should be")
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(blocker))
    check_bundle_integrity(bundle)  # no error: the files match
    data = bundle / "model.onnx.data"
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    data.write_bytes(bytes(raw))
    with pytest.raises(BundleError, match="model.onnx.data does not match"):
        check_bundle_integrity(bundle)
