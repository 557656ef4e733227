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
