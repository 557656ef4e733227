"""An air-gapped user's own checkpoints, as save_pretrained and GGUF writers leave them: a sharded model with
a shard missing, a Qwen3 GGUF whose head_dim is not hidden/heads. Each exports or is one clear line."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

pytest.importorskip("onnxruntime_genai")
pytest.importorskip("torch")

from terminus_edge.cli import main  # noqa: E402


def _one_error_line(result) -> str:
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip() and not line.startswith("[export]")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def _sharded(tmp_path, tiny_hf_model) -> tuple:
    """The tiny qwen3 as two shards and their index, as save_pretrained(max_shard_size=...) writes them."""
    from safetensors.numpy import load_file, save_file

    source = tmp_path / "hf"
    shutil.copytree(tiny_hf_model("qwen3"), source)
    tensors = load_file(source / "model.safetensors")
    (source / "model.safetensors").unlink()
    names = sorted(tensors)
    shards = {"model-00001-of-00002.safetensors": names[: len(names) // 2],
              "model-00002-of-00002.safetensors": names[len(names) // 2:]}
    for shard, keys in shards.items():
        save_file({k: tensors[k] for k in keys}, source / shard, metadata={"format": "pt"})
    index = {"metadata": {}, "weight_map": {k: shard for shard, keys in shards.items() for k in keys}}
    (source / "model.safetensors.index.json").write_text(json.dumps(index))
    return source, list(shards)


def test_a_missing_shard_is_one_line_before_any_work(tmp_path, tiny_hf_model):
    """Before: the builder started, then transformers' FileNotFoundError traceback."""
    source, shards = _sharded(tmp_path, tiny_hf_model)
    (source / shards[1]).unlink()
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    line = _one_error_line(result)
    assert shards[1] in line and "model.safetensors.index.json" in line, line
    assert "build graph" not in result.output  # refused before the builder ran


def test_an_unreadable_shard_index_is_one_line(tmp_path, tiny_hf_model):
    source, _ = _sharded(tmp_path, tiny_hf_model)
    (source / "model.safetensors.index.json").write_text('{"weight_map": ')
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert "model.safetensors.index.json" in _one_error_line(result)


def _gguf(hf_dir, path, monkeypatch=None, *, key_length=True):
    import gguf

    from terminus_edge.benchmarks.same_weights import write_gguf

    if not key_length:  # a writer that leaves the head size to llama.cpp's default (hidden / heads)
        monkeypatch.setattr(gguf.GGUFWriter, "add_key_length", lambda self, n: None)
    return write_gguf(hf_dir, path, "F16")


@pytest.mark.parametrize("mode", [("--precision", "fp32"), ("--low-memory",)])
def test_a_qwen3_gguf_keeps_its_head_size(tiny_hf_model, tmp_path, mode):
    """Before: transformers gave every Qwen3 GGUF Qwen3Config's default head_dim 128 (a size-mismatch traceback
    here), and --low-memory built hidden/heads = 16 into a graph that could not load (found only by validation)."""
    source = _gguf(tiny_hf_model("qwen3"), tmp_path / "tiny.F16.gguf")  # head_dim 32, hidden / heads 16
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), *mode])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["architecture"]["head_dim"] == 32
    validation = manifest["validation"]
    if mode[-1] == "fp32":  # the dequantized F16 weights, exactly
        assert validation["status"] == "pass" and validation["max_abs_logit_diff"] < 1e-3, validation
    else:
        assert validation["status"] == "drift reported" and validation["next_token_agreement"] > 0.5, validation


def test_a_gguf_whose_query_rows_disagree_with_its_head_size_is_one_line(tiny_hf_model, tmp_path, monkeypatch):
    source = _gguf(tiny_hf_model("qwen3"), tmp_path / "tiny.F16.gguf", monkeypatch, key_length=False)
    monkeypatch.undo()
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--low-memory"])
    line = _one_error_line(result)
    assert "blk.0.attn_q.weight is 64x128" in line and "qwen3.attention.key_length absent" in line, line


def _embedding_in_graph(bundle) -> str:
    """How the graph stores the token embedding: the op reading input_ids and the dtype of its table."""
    import onnx

    model = onnx.load(str(bundle / "model.onnx"), load_external_data=False)
    tables = {init.name: init for init in model.graph.initializer}
    node = next(n for n in model.graph.node if "input_ids" in n.input and n.op_type.startswith("Gather"))
    if node.op_type == "GatherBlockQuantized":
        return f"int{dict((a.name, a.i) for a in node.attribute).get('bits', 4)}"
    return {onnx.TensorProto.FLOAT: "fp32", onnx.TensorProto.FLOAT16: "fp16"}[tables[node.input[0]].data_type]


@pytest.mark.parametrize("arch,precision", [("llama", "int4"), ("qwen3", "int4"), ("llama", "int8")])
def test_the_manifest_names_the_embedding_the_graph_holds(tiny_bundle, arch, precision):
    """Before: an untied builder int4 bundle said "embedding": "int4" over a float32 Gather table."""
    bundle = tiny_bundle(arch, precision)
    claimed = json.loads((bundle / "manifest.json").read_text())["quantization"]["embedding"]
    assert claimed.split(" ")[0] == _embedding_in_graph(bundle), claimed


def test_a_full_disk_names_the_file_being_written_not_the_source(tmp_path, monkeypatch):
    """shutil.copy2 into a full disk raises OSError(ENOSPC, ..., src, None, dst): the line said "export failed writing
    <the model's own tokenizer.json>", as if the export wrote into the user's source folder."""
    import errno

    import terminus_edge.export as export_package

    source, destination = tmp_path / "model" / "tokenizer.json", tmp_path / ".b.work-x" / "bundle" / "tokenizer.json"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(source), None, str(destination))

    monkeypatch.setattr(export_package, "export_model", full)
    result = CliRunner().invoke(main, ["export", "--random-init", "qwen3-4b", "--layers", "1", "--out", str(tmp_path / "b")])
    line = _one_error_line(result)
    assert f"writing {destination}" in line and str(source) not in line, line


@pytest.mark.parametrize("cut", [100, 2000])  # into the last tensor's data; into the metadata
def test_a_truncated_gguf_says_it_may_be_truncated(tiny_hf_model, tmp_path, cut):
    """Before: only numpy's words ("cannot reshape array of size 1432 into shape (32,68)")."""
    source = _gguf(tiny_hf_model("llama"), tmp_path / "tiny.F16.gguf")
    data = source.read_bytes()
    source.write_bytes(data[:-cut] if cut < 1000 else data[:cut])
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), "--no-validate"])
    assert "truncated, or not a GGUF file?" in _one_error_line(result)


def test_a_qwen2_gguf_with_low_memory_names_the_streaming_writers_limit(tiny_hf_model, tmp_path):
    """Before: "unsupported architecture 'qwen2' ... (supported: qwen3, llama)", though the builder exports it."""
    import gguf
    from safetensors.numpy import load_file

    from terminus_edge.benchmarks.same_weights import new_writer

    hf_dir = tiny_hf_model("qwen2")
    writer, config, _, arch = new_writer(hf_dir, tmp_path / "tiny.gguf", "F32")
    names = gguf.get_tensor_name_map(arch, config["num_hidden_layers"])
    for key, value in load_file(hf_dir / "model.safetensors").items():  # qwen2's q/k/v biases included
        writer.add_tensor(names.get_name(key, try_suffixes=(".weight", ".bias")), value)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    result = CliRunner().invoke(main, ["export", str(tmp_path / "tiny.gguf"), "--out", str(tmp_path / "b"), "--low-memory"])
    assert "--low-memory supports qwen3, llama" in _one_error_line(result)


def test_a_pickled_checkpoint_says_how_to_make_safetensors(tiny_hf_model, tmp_path):
    """save_pretrained(safe_serialization=False) leaves pytorch_model.bin: the line said only that safetensors are missing."""
    source = tmp_path / "hf"
    shutil.copytree(tiny_hf_model("qwen3"), source)
    (source / "model.safetensors").rename(source / "pytorch_model.bin")
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b")])
    assert "pytorch_model.bin is a pickle" in _one_error_line(result)


@pytest.mark.parametrize("mode", [("--low-memory",), ("--target", "cuda"), ("--target", "cuda", "--backend", "builder")])
def test_a_low_memory_or_cuda_bundle_names_its_untied_embedding(tiny_hf_model, tmp_path, mode):
    """Before: --target cuda (float16 activations; the streaming writer, or the builder if named) said "fp32" over a
    float16 Gather table."""
    result = CliRunner().invoke(main, ["export", str(tiny_hf_model("llama")), "--out", str(tmp_path / "b"),
                                       "--no-validate", *mode])
    assert result.exit_code == 0, result.output
    claimed = json.loads((tmp_path / "b" / "manifest.json").read_text())["quantization"]["embedding"]
    assert claimed == _embedding_in_graph(tmp_path / "b")
