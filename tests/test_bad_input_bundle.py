"""Bad bundles: a hand-edited, older or damaged manifest is one `Error:` line from every command that
reads it (generate, bundle info/verify/list), never a traceback, and `bundle verify` checks the format too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.errors import BundleError
from terminus_edge.runtime.manifest import read_manifest, verify_bundle, write_manifest


@pytest.fixture
def bundle(tmp_path) -> Path:
    """A bundle with the layout and manifest fields the exporters write (files are small stand-ins)."""
    path = tmp_path / "bundle"
    path.mkdir()
    for name in ("model.onnx", "model.onnx.data", "tokenizer.json", "chat_template.jinja"):
        (path / name).write_bytes(name.encode() * 10)
    write_manifest(path, {
        "name": "stand-in", "precision": "int4", "backend": "builder", "backend_options": ["a=b"],
        "architecture": {"model_type": "qwen3", "num_layers": 2}, "quantization": {"block_size": 32},
        "source": {"kind": "gguf"}, "validation": {"status": "passed", "max_abs_logit_diff": 0.1,
                                                     "next_token_agreement": 1.0},
        "model_file": "model.onnx", "external_data": "model.onnx.data", "logits": "all_positions",
        "graph": {"inputs": [{"name": "input_ids"}], "outputs": [{"name": "logits"}]},
        "generation": {"eos_token_id": [2]}, "exporter": {"terminus_edge": "0.1.0"},
        "runtime_model": {"file": "model.onnx"},
    })
    return path


def _edit(bundle: Path, change) -> None:
    path = bundle / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


BAD_MANIFESTS = {
    "files is a number": (lambda m: m.update(files=5), "'files' must map"),
    "files is a list": (lambda m: m.update(files=["model.onnx"]), "'files' must map"),
    "files left out": (lambda m: m.pop("files"), "'files' must map"),
    "a digest is not a string": (lambda m: m["files"].update({"model.onnx": 7}), "'files' must map"),
    "a file outside the bundle": (lambda m: m["files"].update({"../../etc/passwd": "0" * 64}), "not a file inside"),
    "an absolute file name": (lambda m: m["files"].update({"/etc/passwd": "0" * 64}), "not a file inside"),
    "architecture is a string": (lambda m: m.update(architecture="qwen3"), "'architecture' must be a JSON object"),
    "graph is a list": (lambda m: m.update(graph=[]), "'graph' must be a JSON object"),
    "model_file is a number": (lambda m: m.update(model_file=5), "'model_file' must be a string"),
    "external_data is a number": (lambda m: m.update(external_data=7), "'external_data' must be"),
    "an older format": (lambda m: m.update(format_version=0), "format_version=0, expected 1"),
    "no format version": (lambda m: m.pop("format_version"), "format_version=None"),
}


@pytest.mark.parametrize("case", sorted(BAD_MANIFESTS))
def test_a_bad_manifest_is_one_line_everywhere(bundle, case):
    change, message = BAD_MANIFESTS[case]
    _edit(bundle, change)
    with pytest.raises(BundleError, match=message):
        read_manifest(bundle)
    with pytest.raises(BundleError, match=message):  # verify checks the format as well, not only the hashes
        verify_bundle(bundle)
    for command in ("info", "verify"):
        assert message.split("'")[0] in _one_error_line(_cli("bundle", command, str(bundle)))


def test_a_bad_manifest_fails_generate_with_one_line(bundle):
    _edit(bundle, lambda m: m.update(files=5))
    line = _one_error_line(_cli("generate", "--bundle", str(bundle), "hi"))
    assert "'files' must map" in line


def test_a_manifest_that_is_not_an_object(bundle):
    (bundle / "manifest.json").write_text("[1, 2]")
    assert "unsupported bundle format" in _one_error_line(_cli("bundle", "verify", str(bundle)))


def test_info_shows_what_a_sparse_manifest_has(bundle):
    """Sections with missing numbers or names (hand-written, older exporters) print '?' instead of failing."""
    _edit(bundle, lambda m: m.update(validation={"status": "passed"}, graph={"inputs": [{}], "outputs": "x"},
                                     quantization=None))
    result = _cli("bundle", "info", str(bundle))
    assert result.exit_code == 0, result.output
    assert "validation  passed: max |logit diff| ?" in result.output and "inputs      ?" in result.output


def test_the_well_formed_bundle_passes(bundle):
    assert read_manifest(bundle)["name"] == "stand-in" and verify_bundle(bundle).ok
    assert _cli("bundle", "info", str(bundle)).exit_code == 0


def test_list_names_broken_bundles_and_goes_on(te_home, bundle):
    import shutil

    root = te_home / "cache" / "bundles"
    root.mkdir(parents=True)
    shutil.copytree(bundle, root / "good")
    shutil.copytree(bundle, root / "bad")
    _edit(root / "bad", lambda m: m.update(files=3))
    result = _cli("bundle", "list")
    assert result.exit_code == 0, result.output
    assert "broken: corrupt bundle manifest" in result.output and "good  int4" in result.output


def test_a_chat_template_that_is_not_utf8(tmp_path, tiny_bundle):
    """Before: a UnicodeDecodeError traceback from load_bundle."""
    import shutil

    pytest.importorskip("onnxruntime_genai")
    from terminus_edge.runtime.bundle import load_bundle

    copy = tmp_path / "copy"
    shutil.copytree(tiny_bundle("qwen3", "int4"), copy)
    (copy / "chat_template.jinja").write_bytes(b"\xff\xfe{{ messages }}")
    with pytest.raises(BundleError, match=r"corrupt bundle file .*chat_template.jinja: 'utf-8' codec"):
        load_bundle(copy)


def test_warm_refuses_a_corrupt_bundle(tmp_path, tiny_bundle):
    """Before: `bundle warm` packed a cache from a weights file with a flipped byte (it read no sha256)."""
    import shutil

    pytest.importorskip("onnxruntime_genai")
    copy = tmp_path / "copy"
    shutil.copytree(tiny_bundle("qwen3", "int4"), copy)
    data = bytearray((copy / "model.onnx.data").read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / "model.onnx.data").write_bytes(bytes(data))
    result = _cli("bundle", "warm", str(copy))
    assert "model.onnx.data does not match its manifest" in _one_error_line(result)
    assert not any((tmp_path / "te-home" / "cache" / "prepacked").glob("*/model.onnx"))


def test_a_tokenizer_from_another_model_is_refused(tmp_path, tiny_bundle):
    """Before: a bundle whose tokenizer.json has more ids than the model's embedding table loaded, and
    generation fed out-of-range ids to onnxruntime (empty or garbage text, no error)."""
    import shutil

    pytest.importorskip("onnxruntime_genai")
    from tokenizers import Tokenizer, models

    from terminus_edge.runtime.bundle import load_bundle

    copy = tmp_path / "copy"
    shutil.copytree(tiny_bundle("qwen3", "int4"), copy)
    vocab_size = json.loads((copy / "manifest.json").read_text())["architecture"]["vocab_size"]
    big = Tokenizer(models.WordLevel({f"w{i}": i for i in range(vocab_size + 50)}, unk_token="w0"))
    big.save(str(copy / "tokenizer.json"))
    with pytest.raises(BundleError, match=f"has {vocab_size + 50} ids but the model's vocabulary is {vocab_size}"):
        load_bundle(copy)
    assert load_bundle(tiny_bundle("qwen3", "int4")).tokenizer is not None
