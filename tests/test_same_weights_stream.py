"""The streaming GGUF writer (one tensor at a time from the random-init reader) writes exactly what write_gguf
writes for an HF directory holding the same weights: same tensors (names, types, shapes, bytes) and metadata."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

gguf = pytest.importorskip("gguf")

from terminus_edge.benchmarks.same_weights import write_gguf  # noqa: E402
from terminus_edge.benchmarks.same_weights_stream import hf_tensor_names, write_gguf_from_reader, write_random_init_gguf  # noqa: E402
from terminus_edge.export.streaming import sources  # noqa: E402


def _tensors(path):
    reader = gguf.GGUFReader(str(path))
    return {t.name: (t.tensor_type, tuple(int(d) for d in t.shape), np.asarray(t.data).tobytes()) for t in reader.tensors}


def _fields(path):
    reader = gguf.GGUFReader(str(path))
    return {k: [np.asarray(p).tobytes() for p in f.parts] for k, f in reader.fields.items() if k != "general.name"}


@pytest.mark.parametrize("arch", ["qwen3", "llama"])  # llama: permuted Q/K and an untied output layer
def test_streamed_gguf_equals_write_gguf_on_the_same_weights(arch, tiny_hf_model, tmp_path):
    from safetensors.numpy import save_file

    tiny = tiny_hf_model(arch)  # 2 layers; only its config.json and tokenizer are used
    reader, prepared = sources.from_random(str(tiny / "config.json"), None, tmp_path / "work", tiny, None)
    hf_dir = prepared.hf_dir
    names = hf_tensor_names(reader.config, reader)
    assert reader.config["num_hidden_layers"] == 2 and len(names) == (24 if arch == "qwen3" else 21)
    save_file({n: reader.get(n) for n in names}, str(hf_dir / "model.safetensors"))

    reference = write_gguf(hf_dir, tmp_path / "ref.gguf")
    streamed = write_gguf_from_reader(reader, hf_dir, tmp_path / "streamed.gguf")
    ref_tensors, got_tensors = _tensors(reference), _tensors(streamed)
    assert set(got_tensors) == set(ref_tensors)
    assert got_tensors == ref_tensors
    assert got_tensors["blk.1.ffn_down.weight"][0] == gguf.GGMLQuantizationType.Q4_0
    assert _fields(streamed) == _fields(reference)
    assert ("output.weight" in got_tensors) == (arch == "llama")

    # The one-call helper (config/tokenizer prepared like `export --random-init`) gives the same weights.
    shutil.rmtree(tmp_path / "work")
    helper = write_random_init_gguf(str(tiny / "config.json"), tmp_path / "helper.gguf", tokenizer=tiny)
    assert _tensors(helper) == ref_tensors
    assert gguf.GGUFReader(str(helper)).fields["general.name"].contents() == "config-random-2L"


def test_big_matrices_are_quantized_in_slabs_identically(monkeypatch):
    from gguf.quants import quantize

    from terminus_edge.benchmarks import same_weights_stream

    monkeypatch.setattr(same_weights_stream, "_CHUNK_ROWS", 16)
    data = np.random.default_rng(0).standard_normal((40, 64), dtype=np.float32)
    whole = quantize(data, gguf.GGMLQuantizationType.Q4_0)
    assert np.array_equal(same_weights_stream._quantize(data, gguf.GGMLQuantizationType.Q4_0), whole)
