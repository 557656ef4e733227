"""Streaming (--low-memory) int4 export: the same graph and the same int4 blocks as the builder backend, so
the same logits and the same greedy tokens; lazy readers; clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.errors import ExportError

pytest.importorskip("onnxruntime_genai")
ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")

from onnx_checks import empty_cache_logits, graph_weights_and_io, greedy_tokens, session_of  # noqa: E402

PROMPTS = ([5, 17, 42, 99, 3, 250, 7, 7, 120], [1, 2, 3, 4, 5, 6], [300, 12, 77])
# Both bundles hold bit-identical int4 blocks and norms; only cos/sin tables differ (numpy vs torch float32
# rounding, <= 6e-8). Measured logit differences are ~1e-6 on the tiny models; 1e-3 is far below the ~0.1
# gap between a model's top two logits that would flip a greedy token, and far above rounding noise.
LOGIT_ATOL = 1e-3


@pytest.fixture(scope="module")
def lowmem_bundle(tmp_path_factory, tiny_hf_model):
    from terminus_edge.export import export_model

    made = {}

    def make(arch):
        if arch not in made:
            out = tmp_path_factory.mktemp("lowmem") / f"tiny-{arch}-lowmem"
            export_model(tiny_hf_model(arch), out, precision="int4", low_memory=True, validate=False)
            made[arch] = out
        return made[arch]

    return make


@pytest.mark.parametrize("arch", ["qwen3", "llama"])
def test_lowmem_bundle_is_the_builder_bundle(arch, tiny_bundle, lowmem_bundle):
    builder, streamed = tiny_bundle(arch, "int4"), lowmem_bundle(arch)
    b_model, b_weights, b_io = graph_weights_and_io(builder)
    s_model, s_weights, s_io = graph_weights_and_io(streamed)
    assert s_io == b_io
    assert sorted(n.op_type for n in s_model.graph.node) == sorted(n.op_type for n in b_model.graph.node)
    assert set(s_weights) == set(b_weights)
    for name, value in b_weights.items():
        if value.dtype == np.uint8 or name.endswith(("_scale", ".weight")):
            np.testing.assert_array_equal(s_weights[name], value, err_msg=name)  # int4 blocks, scales, norms
        else:
            np.testing.assert_allclose(s_weights[name], value, atol=1e-6, err_msg=name)  # cos/sin tables
    for ids in PROMPTS:
        np.testing.assert_allclose(empty_cache_logits(session_of(streamed), ids), empty_cache_logits(session_of(builder), ids),
                                   atol=LOGIT_ATOL, rtol=0)


def test_lowmem_greedy_matches_builder_token_for_token(tiny_bundle, lowmem_bundle):
    outputs = [greedy_tokens(bundle, PROMPTS, 32) for bundle in (tiny_bundle("qwen3", "int4"), lowmem_bundle("qwen3"))]
    assert all(len(tokens) == 32 for tokens in outputs[1])
    assert outputs[1] == outputs[0]


def test_lowmem_manifest_and_cli_errors(lowmem_bundle, tmp_path):
    from terminus_edge.runtime.manifest import verify_bundle

    manifest = json.loads((lowmem_bundle("qwen3") / "manifest.json").read_text())
    assert manifest["backend"] == "streaming" and manifest["precision"] == "int4"
    assert manifest["quantization"]["embedding"] == "int4 (shared with lm_head)"
    assert {i["name"] for i in manifest["graph"]["inputs"]} >= {"input_ids", "attention_mask", "past_key_values.0.key"}
    assert verify_bundle(lowmem_bundle("qwen3")).ok
    result = CliRunner().invoke(main, ["export", "--random-init", "qwen3-4b", "--precision", "fp16", "--low-memory",
                                       "--out", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "--low-memory supports --precision int4" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_random_init_streams_through_cli(tmp_path, tiny_hf_model):
    """--random-init CONFIG --low-memory: weights generated per tensor; the bundle loads and generates."""
    out = tmp_path / "random"
    result = CliRunner().invoke(main, ["export", "--random-init", str(tiny_hf_model("qwen3") / "config.json"), "--layers", "3",
                                       "--low-memory", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["architecture"]["num_layers"] == 3 and manifest["source"]["kind"] == "random"
    assert manifest["validation"]["status"] == "skipped" and "builder backend" in manifest["validation"]["reason"]
    assert [len(tokens) for tokens in greedy_tokens(out, [[5, 6, 7]], 4)] == [4]


def test_random_reader_is_per_tensor_deterministic():
    from terminus_edge.export.streaming.readers import RandomReader

    config = {"hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 100}
    a, b = RandomReader(config), RandomReader(config)
    np.testing.assert_array_equal(a.get("model.layers.1.mlp.up_proj.weight"), b.get("model.layers.1.mlp.up_proj.weight"))
    assert a.get("model.layers.1.self_attn.k_proj.weight").shape == (32, 64)
    assert not np.array_equal(a.get("model.layers.0.mlp.up_proj.weight"), a.get("model.layers.1.mlp.up_proj.weight"))
    np.testing.assert_array_equal(a.get("model.norm.weight"), np.ones(64, dtype=np.float32))
    with pytest.raises(ExportError):
        a.get("model.layers.0.self_attn.bogus.weight")


def test_int4_blocks_round_trip_within_half_a_step():
    from terminus_edge.export.streaming.quant import ROWS_PER_CHUNK, dequantize_int4, quantize_int4_chunks

    weight = np.random.default_rng(1).standard_normal((ROWS_PER_CHUNK + 7, 64), dtype=np.float32)
    chunks = list(quantize_int4_chunks(weight, 32))
    assert [c[0].shape for c in chunks] == [(ROWS_PER_CHUNK, 2, 16), (7, 2, 16)]
    packed, scales = np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks])
    error = np.abs(dequantize_int4(packed, scales) - weight).reshape(len(weight), 2, 32)
    assert (error <= scales[:, :, None] * 0.5 + 1e-6).all()
    with pytest.raises(ExportError):
        next(quantize_int4_chunks(weight[:, :48], 32))
