"""GGUF files from elsewhere: each tensor type the installed gguf package can dequantize exports and validates,
through the builder and the streaming writer alike; a type it cannot read is one line before any work.

gguf-py quantizes F16/BF16/Q8_0/Q4_0/Q4_1/Q5_0/Q5_1 itself; K-quant and IQ files are written with random blocks
of the right layout (gguf-py can read them but not make them): only the loading path is under test there."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main

pytest.importorskip("onnxruntime_genai")
gguf = pytest.importorskip("gguf")

# fp16 scale fields per block layout (byte ranges) of the types written with random blocks: small scales keep
# the random weights finite and the logits moderate.
FP16_FIELDS = {"Q2_K": [(-4, -2), (-2, None)], "Q6_K": [(-2, None)], "IQ4_XS": [(0, 2)], "IQ4_NL": [(0, 2)]}


@pytest.fixture(scope="module")
def hf_256(tmp_path_factory):
    """A tiny llama whose sizes are multiples of 256 (the K-quant super-block)."""
    from conftest import make_tiny_hf_model

    return make_tiny_hf_model("llama", tmp_path_factory.mktemp("hf256"), hidden=256, intermediate=512)


def _random_blocks(data, qtype):
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    rng = np.random.default_rng(0)
    blocks = rng.integers(0, 256, (data.shape[0], data.shape[1] // block, size), dtype=np.uint8)
    for start, end in FP16_FIELDS[qtype.name]:
        blocks[..., start:end] = np.frombuffer(np.float16(2e-3).tobytes(), np.uint8)
    return blocks.reshape(data.shape[0], -1)


def write_gguf_of(hf_dir, path, qtype: str, monkeypatch):
    from terminus_edge.benchmarks.same_weights import write_gguf

    if qtype in FP16_FIELDS:
        real = gguf.quants.quantize
        monkeypatch.setattr(gguf.quants, "quantize",
                            lambda data, t: _random_blocks(data, t) if t.name in FP16_FIELDS else real(data, t))
    path = write_gguf(hf_dir, path, qtype)
    assert qtype in {t.tensor_type.name for t in gguf.GGUFReader(str(path)).tensors}
    return path


def _export(source, out, *args):
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text()), result.output


FAST = [("Q6_K", ()), ("IQ4_XS", ("--low-memory",))]
SLOW = [(t, mode) for t in ("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q6_K", "IQ4_NL", "IQ4_XS")
        for mode in ((), ("--low-memory",)) if (t, mode) not in FAST]


def _exports_and_validates(hf_256, tmp_path, monkeypatch, qtype, mode):
    source = write_gguf_of(hf_256, tmp_path / f"tiny.{qtype}.gguf", qtype, monkeypatch)
    manifest, output = _export(source, tmp_path / "b", *mode)
    validation = manifest["validation"]
    assert manifest["backend"] == ("streaming" if mode else "builder")
    assert validation["status"] == "drift reported" and validation["reference"] == "torch fp32", validation
    assert np.isfinite(validation["max_abs_logit_diff"]) and validation["next_token_agreement"] > 0.2
    assert validation["kv_cache_max_abs_diff"] < 0.1  # the cache path matches the one-pass logits
    assert f"agreement {validation['next_token_agreement']:.1%}" in output


@pytest.mark.parametrize("qtype,mode", FAST)
def test_gguf_types_export_and_validate(hf_256, tmp_path, monkeypatch, qtype, mode):
    _exports_and_validates(hf_256, tmp_path, monkeypatch, qtype, mode)


@pytest.mark.slow
@pytest.mark.parametrize("qtype,mode", SLOW)
def test_every_readable_gguf_type_exports_and_validates(hf_256, tmp_path, monkeypatch, qtype, mode):
    _exports_and_validates(hf_256, tmp_path, monkeypatch, qtype, mode)


def test_streamed_gguf_is_validated_like_the_builder_export(hf_256, tmp_path, monkeypatch):
    """Before: --low-memory from a GGUF said 'NOT validated (no torch source ...)'; now its torch reference is
    transformers' dequantization of the file, as for the builder, and the two re-quantized bundles agree."""
    source = write_gguf_of(hf_256, tmp_path / "tiny.Q8_0.gguf", "Q8_0", monkeypatch)
    streamed, _ = _export(source, tmp_path / "s", "--low-memory")
    built, _ = _export(source, tmp_path / "b", "--gguf-blocks", "off")
    for key in ("max_abs_logit_diff", "next_token_agreement"):
        assert streamed["validation"][key] == pytest.approx(built["validation"][key], abs=1e-3), key


@pytest.mark.parametrize("qtype", ["Q1_0", "F64"])
@pytest.mark.parametrize("mode", [(), ("--low-memory",)])
def test_an_unreadable_tensor_type_is_one_line_before_any_work(hf_256, tmp_path, monkeypatch, qtype, mode):
    """Before: gguf's 'NotImplementedError: Dequantization for Q1_0 is not yet implemented' traceback, from
    inside transformers' loader (builder) or the streaming reader."""
    target = gguf.GGMLQuantizationType[qtype]
    source = tmp_path / f"odd.{qtype}.gguf"
    writer = gguf.GGUFWriter(str(source), "llama")
    for key, value in {"llama.block_count": 1, "llama.embedding_length": 64, "llama.feed_forward_length": 128,
                       "llama.attention.head_count": 4}.items():
        writer.add_uint32(key, value)
    writer.add_token_list(["a", "b"])
    block, size = gguf.GGML_QUANT_SIZES[target]
    writer.add_tensor("token_embd.weight", np.zeros((2, 64), np.float32))
    writer.add_tensor("blk.0.attn_q.weight", np.zeros((64, 64 // block * size), np.uint8), raw_dtype=target)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b"), *mode])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and f"unsupported GGUF tensor type in {source}: {qtype} (blk.0.attn_q.weight)" in errors[0]
    assert not any(line.endswith("...") for line in result.output.splitlines())  # no stage started
