"""The prepacked-weights cache (runtime/prepacked_cache.py): built, reused, invalidated, repaired; same outputs."""

from __future__ import annotations

import json
import os
import shutil
import warnings

import numpy as np
import pytest
from click.testing import CliRunner

from terminus_edge.runtime import prepacked_cache as pc
from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.generate import GenerationParams

PARAMS = GenerationParams(max_new_tokens=12, ignore_eos=True)
PROMPT = [5, 17, 42, 99, 7, 3, 250, 11]


@pytest.fixture
def bundle(tiny_bundle, tmp_path):
    """A private copy: tests touch its files' mtimes."""
    copy = tmp_path / "bundle"
    shutil.copytree(tiny_bundle("qwen3", "int4", "builder"), copy)
    return copy


def load(bundle, mode, **kwargs):
    return OnnxChatModel.load(bundle, ep="cpu", threads=1, prepacked_cache=mode, **kwargs)


def first_logits(model) -> np.ndarray:
    decoder = model.generator.decoder
    cache = decoder.new_cache(len(PROMPT) + 4) if decoder.kv_layout == "shared" else decoder.new_cache()
    return decoder.forward(PROMPT, cache)


def slot_of(model):
    return pc.slot_dir(model.bundle.path, model.bundle.model_path)


def test_built_then_reused_with_identical_outputs(bundle):
    plain = load(bundle, "off")
    assert plain.weights_from == "bundle"
    auto_unwarmed = load(bundle, "auto")  # nothing warmed: no cache is made behind the user's back
    assert auto_unwarmed.weights_from == "bundle" and not slot_of(auto_unwarmed).exists()

    built = load(bundle, "build")
    slot = slot_of(built)
    assert built.weights_from == "built"
    assert {p.name for p in slot.iterdir()} == {pc.MODEL_NAME, pc.DATA_NAME, pc.KEY_NAME}
    assert not [p for p in slot.parent.iterdir() if p.name.startswith(".")]  # no temp dir left behind
    key = json.loads((slot / pc.KEY_NAME).read_text())
    assert key["onnxruntime"] and key["cpu"] and key["model_file"] == built.bundle.model_path.name

    cached = load(bundle, "auto")
    assert cached.weights_from == "cache"
    session_path = cached.generator.decoder.session._model_path  # the graph it was opened from
    assert str(session_path).startswith(str(slot))

    expected = plain.generate_ids(PROMPT, PARAMS).token_ids
    for model in (built, cached):
        assert model.generate_ids(PROMPT, PARAMS).token_ids == expected
    np.testing.assert_array_equal(first_logits(cached), first_logits(plain))


def test_changed_key_invalidates_and_rebuilds(bundle, monkeypatch):
    load(bundle, "build")
    data = bundle / "model.onnx.data"
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the bundle's weights "changed"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a stale cache is rebuilt quietly
        rebuilt = load(bundle, "auto")
    assert rebuilt.weights_from == "built"
    assert load(bundle, "auto").weights_from == "cache"

    monkeypatch.setattr(pc.ort, "__version__", "0.0.1-other")  # another onnxruntime: another packed layout
    assert load(bundle, "auto").weights_from == "built"
    monkeypatch.setattr(pc, "cpu_signature", lambda: "x86_64:another-cpu")
    model = load(bundle, "auto")
    assert model.weights_from == "built"
    assert json.loads((slot_of(model) / pc.KEY_NAME).read_text())["cpu"] == "x86_64:another-cpu"
    assert load(bundle, "auto").weights_from == "cache"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete-key"])
def test_corrupt_cache_falls_back_with_one_warning_and_is_rebuilt(bundle, damage):
    expected = load(bundle, "off").generate_ids(PROMPT, PARAMS).token_ids
    slot = slot_of(load(bundle, "build"))
    if damage == "truncate":
        with open(slot / pc.DATA_NAME, "r+b") as handle:
            handle.truncate(100)
    elif damage == "garbage":  # same size and mtime: only onnxruntime can tell
        path = slot / pc.MODEL_NAME
        stat = path.stat()
        path.write_bytes(b"\x00garbage" * (stat.st_size // 8) + b"\x00" * (stat.st_size % 8))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    else:
        (slot / pc.KEY_NAME).unlink()
    with pytest.warns(pc.PrepackedCacheWarning) as record:
        model = load(bundle, "auto")
    assert len(record) == 1 and "\n" not in str(record[0].message) and "rebuilding" in str(record[0].message)
    assert model.weights_from == "built"
    assert model.generate_ids(PROMPT, PARAMS).token_ids == expected
    again = load(bundle, "auto")
    assert again.weights_from == "cache" and again.generate_ids(PROMPT, PARAMS).token_ids == expected


def test_unwritable_cache_falls_back_to_the_bundle(bundle, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(pc, "build", fail)
    with pytest.warns(pc.PrepackedCacheWarning, match="No space left"):
        model = load(bundle, "build")
    assert model.weights_from == "bundle"


def test_not_used_off_cpu_or_below_full_optimization(bundle, monkeypatch):
    load(bundle, "build")
    assert load(bundle, "auto", optimization="basic").weights_from == "bundle"
    spin = (("session.intra_op.allow_spinning", "0"),)
    assert load(bundle, "auto", config_entries=spin).weights_from == "bundle"
    assert load(bundle, "auto").weights_from == "cache"  # left as it was
    assert load(bundle, "off").weights_from == "bundle"
    monkeypatch.setenv(pc.ENV_MODE, "off")
    assert load(bundle, None).weights_from == "bundle"
    monkeypatch.setattr(pc, "resolve_provider", lambda ep: "CUDAExecutionProvider")
    calls = []
    monkeypatch.setattr(pc, "create_session", lambda path, config: calls.append(path) or ("session", "CUDAExecutionProvider"))
    opened = pc.open_session(bundle, bundle / "model.onnx", {}, pc.SessionConfig(ep="cuda"), "build")
    assert opened.source == "bundle" and calls == [bundle / "model.onnx"]
    with pytest.raises(ValueError, match="unknown prepacked cache mode"):
        pc.resolve_mode("sometimes")


def test_bundle_warm_cli(bundle):
    from terminus_edge.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["bundle", "warm", str(bundle)])
    assert result.exit_code == 0, result.output
    assert "prepacked-weights cache" in result.output and "MB" in result.output
    assert load(bundle, "auto").weights_from == "cache"
    result = runner.invoke(main, ["bundle", "warm", str(bundle)])
    assert result.exit_code == 0 and "already" in result.output
    result = runner.invoke(main, ["bundle", "warm", "--remove", str(bundle)])
    assert result.exit_code == 0, result.output
    assert load(bundle, "auto").weights_from == "bundle"
    assert "disk" in runner.invoke(main, ["bundle", "warm", "--help"]).output
    result = runner.invoke(main, ["bundle", "warm", str(bundle / "nope")])
    assert result.exit_code != 0 and "bundle not found" in result.output
