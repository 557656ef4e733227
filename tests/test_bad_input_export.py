"""Export into an --out that already holds a bundle: an export that fails or is interrupted (Ctrl-C) at its
very end leaves the old bundle whole; a finished one replaces it with a complete bundle (model.last.onnx
included), and nothing is left beside it. Bad GGUF sources are one clear line."""

from __future__ import annotations

import json
import os
import shutil
import struct

import pytest
from click.testing import CliRunner

pytest.importorskip("onnxruntime_genai")
pytest.importorskip("torch")

from terminus_edge.cli import main  # noqa: E402
from terminus_edge.runtime.manifest import verify_bundle  # noqa: E402


@pytest.fixture
def old_bundle(tmp_path, tiny_bundle):
    out = tmp_path / "out"
    shutil.copytree(tiny_bundle("qwen3", "int4"), out)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest.pop("files")
    manifest.pop("format_version")
    manifest["name"] = "the-old-one"
    from terminus_edge.runtime.manifest import write_manifest

    write_manifest(out, manifest)
    return out


def _left_beside(out) -> list[str]:
    """What an export left beside its bundle (the test's TERMINUS_EDGE_HOME, which holds the export log, aside)."""
    home = os.environ.get("TERMINUS_EDGE_HOME")
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name and str(p) != home)


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_an_export_stopped_while_finishing_keeps_the_old_bundle(old_bundle, tiny_hf_model, monkeypatch, failure):
    """Before: the old bundle was removed and the new one moved in before model.last.onnx was written; a
    failure or Ctrl-C there left a new, unfinished bundle (or, between the two steps, none at all)."""
    from terminus_edge.export import api, graph_passes

    def stopped(bundle_dir, *args, **kwargs):
        raise failure("stopped while writing model.last.onnx")

    monkeypatch.setattr(graph_passes, "add_last_logits_graph", stopped)
    before = _left_beside(old_bundle)
    with pytest.raises(failure):
        api.export_model(tiny_hf_model("qwen3"), old_bundle, precision="int4", validate=False)
    assert json.loads((old_bundle / "manifest.json").read_text())["name"] == "the-old-one"
    assert verify_bundle(old_bundle).ok and _left_beside(old_bundle) == before


def test_a_failed_swap_puts_the_old_bundle_back(old_bundle, tmp_path, monkeypatch):
    import os

    from terminus_edge.export import api

    new = tmp_path / "staging"
    new.mkdir()
    (new / "manifest.json").write_text("{}")
    real_replace = os.replace

    def replace(src, dst):
        if str(src) == str(new):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        api.swap_in(new, old_bundle)
    assert json.loads((old_bundle / "manifest.json").read_text())["name"] == "the-old-one" and verify_bundle(old_bundle).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "staging"]


def test_a_finished_export_replaces_the_old_bundle_completely(old_bundle, tiny_hf_model):
    result = CliRunner().invoke(main, ["export", str(tiny_hf_model("qwen3")), "--out", str(old_bundle), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert f"note: {old_bundle} holds a bundle: it is replaced once the new one is complete" in result.output
    manifest = json.loads((old_bundle / "manifest.json").read_text())
    assert manifest["name"] == "out" and manifest["runtime_model"]["file"] == "model.last.onnx"
    assert verify_bundle(old_bundle).ok and _left_beside(old_bundle) == []


def _gguf_header(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name,data", [
    ("empty.gguf", b""),
    ("text.gguf", b"this is not a gguf file\n" * 10),
    ("truncated.gguf", b"GGUF" + struct.pack("<IQQ", 3, 5, 2)),  # says 5 tensors, 2 keys; has none
])
def test_a_bad_gguf_is_one_line(tmp_path, name, data):
    source = _gguf_header(tmp_path, name, data)
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip() and not line.startswith("[export]")]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0], result.output
    assert not (tmp_path / "b").exists()


def _write_gguf(path, *, metadata: dict, tensors: dict):
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    for key, value in metadata.items():
        writer.add_uint32(key, value)
    writer.add_token_list(["a", "b"])
    for name, shape in tensors.items():
        writer.add_tensor(name, np.zeros(shape, np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_a_gguf_without_shape_metadata_is_refused_before_transformers_allocates(tmp_path):
    """Before: transformers filled the missing keys with Llama's defaults (32 layers, hidden 4096) and
    allocated that model in fp32: the export was OOM-killed (exit 137) for a file of a few hundred bytes."""
    source = _write_gguf(tmp_path / "bare.gguf", metadata={}, tensors={"token_embd.weight": (2, 8)})
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert "incomplete GGUF file" in result.output and "llama.block_count" in result.output


def test_a_gguf_whose_metadata_disagrees_with_its_tensors(tmp_path):
    metadata = {"llama.block_count": 32, "llama.embedding_length": 4096, "llama.feed_forward_length": 11008,
                "llama.attention.head_count": 32}
    source = _write_gguf(tmp_path / "liar.gguf", metadata=metadata,
                         tensors={"token_embd.weight": (2, 8), "blk.0.attn_q.weight": (8, 8)})
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert result.exit_code == 1 and "inconsistent GGUF file" in result.output
    assert "embedding_length is 4096 but token_embd.weight is 8x2" in result.output


def test_a_gguf_without_4bit_blocks_exports_by_default(tmp_path, tiny_hf_model):
    """Before: `auto` asked for Q4_0/Q4_1 blocks from any .gguf, so an F32/F16 GGUF failed at the very end of
    the export ('no weight of type Q4_0/Q4_1 to carry into the graph'); now it is re-quantized."""
    from terminus_edge.benchmarks.same_weights import write_gguf

    source = write_gguf(tiny_hf_model("llama"), tmp_path / "tiny.F32.gguf", "F32")
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "manifest.json").is_file()
    explicit = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "c"), "--gguf-blocks", "4bit"])
    assert explicit.exit_code == 1 and "has no Q4_0/Q4_1 weights to keep" in explicit.output
    assert "[export]" not in explicit.output  # refused before any export work


def test_validation_with_a_tokenizer_that_makes_no_tokens_is_one_line(tiny_hf_model, tiny_bundle, monkeypatch):
    """Before: torch's 'cannot reshape tensor of 0 elements' traceback from inside the validation."""
    import tokenizers

    from terminus_edge.errors import ExportError
    from terminus_edge.export.validate import validate_export

    class Empty:
        def encode(self, text, add_special_tokens=False):
            return type("Encoding", (), {"ids": []})()

    monkeypatch.setattr(tokenizers.Tokenizer, "from_file", staticmethod(lambda path: Empty()))
    with pytest.raises(ExportError, match="into no tokens"):
        validate_export(tiny_hf_model("qwen3"), tiny_bundle("qwen3", "int4") / "model.onnx", "int4")


def test_an_out_that_cannot_be_written_is_one_line(tmp_path, tiny_hf_model):
    """Before: an OSError traceback from mkdir / the work folder's mkdtemp (read-only disk, a file in the way)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["export", str(tiny_hf_model("qwen3")), "--out", str(blocker / "bundle"),
                                       "--no-validate"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith(f"Error: cannot write the bundle to {blocker / 'bundle'}")


@pytest.mark.parametrize("cut", ["header", "data"])
def test_truncated_safetensors_is_one_line(tmp_path, tiny_hf_model, cut):
    """Before: safetensors' SafetensorError traceback from inside transformers."""
    source = tmp_path / "hf"
    shutil.copytree(tiny_hf_model("qwen3"), source)
    weights = source / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[:1000] if cut == "header" else data[:-100])
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"Error: unreadable weights {weights}" in result.output and "truncated" in result.output


def test_sigterm_midway_removes_the_work_folder_and_keeps_the_old_bundle(old_bundle, tiny_hf_model):
    """Before: SIGTERM (a CI cancel, `timeout`, a closed session) killed the export on the spot and left its work
    folder (.NAME.work-*, GBs for a 4B model) beside --out; now it unwinds like Ctrl-C does."""
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "terminus_edge", "export", str(tiny_hf_model("qwen3")),
                             "--out", str(old_bundle)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ))
    deadline = time.monotonic() + 120
    while not list(old_bundle.parent.glob(".out.work-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the export ended before its work folder appeared"
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM
    assert not list(old_bundle.parent.glob(".out.*"))
    assert json.loads((old_bundle / "manifest.json").read_text())["name"] == "the-old-one" and verify_bundle(old_bundle).ok


def test_a_full_disk_during_export_is_one_line(tmp_path, monkeypatch):
    """Before: an OSError traceback from deep inside onnx_ir / the builder ('No space left on device')."""
    import errno

    import terminus_edge.export as export_package

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".b.work-x" / "model.onnx.data"))

    monkeypatch.setattr(export_package, "export_model", full)
    result = CliRunner().invoke(main, ["export", "--random-init", "qwen3-4b", "--layers", "1",
                                       "--out", str(tmp_path / "b")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: export failed writing ") and "No space left" in lines[0]
    other = OSError(errno.EBADF, "Bad file descriptor")
    monkeypatch.setattr(export_package, "export_model", lambda *a, **k: (_ for _ in ()).throw(other))
    assert CliRunner().invoke(main, ["export", "--random-init", "qwen3-4b", "--out", str(tmp_path / "c")]).exception is other


@pytest.mark.parametrize("text,message", [
    ("{bad", "unreadable config"),
    ("[1, 2]", "is not a JSON object"),
    ('{"model_type": "qwen3"}', "has no positive integer hidden_size, intermediate_size, num_hidden_layers"),
    ('{"model_type": "qwen3", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 0, '
     '"num_attention_heads": 4, "vocab_size": 384}', "has no positive integer num_hidden_layers"),
])
def test_a_bad_random_init_config_is_one_line(tmp_path, text, message):
    """Before: invalid JSON was a JSONDecodeError traceback, and a config without sizes got transformers'
    defaults (an 8B-parameter Qwen3, 32 GB in fp32) and was OOM-killed."""
    config = tmp_path / "config.json"
    config.write_text(text)
    result = CliRunner().invoke(main, ["export", "--random-init", str(config), "--out", str(tmp_path / "b")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: --random-init") and message in lines[0], result.output


def test_random_weights_that_do_not_fit_in_memory_are_refused_before_torch_allocates(tmp_path, monkeypatch):
    from collections import namedtuple

    import psutil

    from terminus_edge.export.sources import PRESETS, random_init_bytes

    assert 15e9 < random_init_bytes(PRESETS["qwen3-4b"]) < 17e9  # 4.0 B parameters
    memory = namedtuple("memory", "total available")
    monkeypatch.setattr(psutil, "virtual_memory", lambda: memory(8 << 30, 6 << 30))
    args = ["export", "--random-init", "qwen3-4b", "--backend", "builder", "--out", str(tmp_path / "b")]
    result = CliRunner().invoke(main, args)  # the memory guard (a named backend is refused, not switched)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert "not enough memory: the builder int4 export" in result.output and "6.4 GB is available" in result.output
    forced = CliRunner().invoke(main, args + ["--force"])  # past the guard, the random-init check still holds
    assert forced.exit_code == 1 and isinstance(forced.exception, SystemExit), repr(forced.exception)
    assert "take 16.1 GB in fp32 and 6.4 GB of memory is available: use --layers N" in forced.output


def test_an_hf_config_without_its_sizes_is_one_line(tmp_path, tiny_hf_model):
    source = tmp_path / "hf"
    shutil.copytree(tiny_hf_model("qwen3"), source)
    config = json.loads((source / "config.json").read_text())
    del config["hidden_size"], config["vocab_size"]
    (source / "config.json").write_text(json.dumps(config))
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert "no positive integer hidden_size, vocab_size" in result.output
