"""GGUF blocks carried into the builder's int4 graph (export/gguf_blocks.py): Q4_0 and Q8_0 blocks exactly, Q4_1
blocks refitted to 4-bit integer zero points; the shared embedding/lm_head table keeps one copy with its zero
points; the bundle validates, decodes and records what was carried."""

from __future__ import annotations

import json

import numpy as np
import pytest

gguf = pytest.importorskip("gguf")
pytest.importorskip("onnxruntime_genai")
onnx = pytest.importorskip("onnx")

from onnx_checks import greedy_tokens  # noqa: E402

from terminus_edge.errors import ExportError  # noqa: E402
from terminus_edge.export.gguf_blocks import (  # noqa: E402
    GGUF_BLOCK_TYPES, dequantize_blocks, fit_zero_points, tensor_blocks)

T = gguf.GGMLQuantizationType


def _gguf_tensors(tmp_path, types) -> dict:
    """One random [48, 96] matrix per type, written to a GGUF and read back as GGUFReader tensors."""
    rng = np.random.default_rng(1)
    writer = gguf.GGUFWriter(str(tmp_path / "blocks.gguf"), "llama")
    for kind in types:
        data = (rng.standard_normal((48, 96)) * 0.05 + rng.standard_normal((48, 1)) * 0.02).astype(np.float32)
        writer.add_tensor(kind.name, gguf.quants.quantize(data, kind), raw_dtype=kind)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return {t.name: t for t in gguf.GGUFReader(str(tmp_path / "blocks.gguf")).tensors}


def _source(tensor) -> np.ndarray:
    return gguf.quants.dequantize(tensor.data, tensor.tensor_type).reshape(48, 96).astype(np.float32)


def test_q4_0_and_q8_0_blocks_are_the_gguf_values_exactly(tmp_path):
    tensors = _gguf_tensors(tmp_path, (T.Q4_0, T.Q8_0))
    for name, bits in (("Q4_0", 4), ("Q8_0", 8)):
        blocks = tensor_blocks(tensors[name])
        assert blocks.bits == bits and blocks.exact and blocks.zero_points is None
        np.testing.assert_array_equal(dequantize_blocks(blocks), _source(tensors[name]))


def test_q4_1_blocks_fit_closer_than_rounding_the_zero_point(tmp_path):
    tensor = _gguf_tensors(tmp_path, (T.Q4_1,))["Q4_1"]
    blocks = tensor_blocks(tensor)
    source = _source(tensor)
    assert blocks.bits == 4 and not blocks.exact and blocks.zero_points.max() <= 15
    err = ((dequantize_blocks(blocks) - source) ** 2).reshape(-1, 32).sum(1)
    raw = np.asarray(tensor.data).reshape(-1, 20)
    d, m = raw[:, 0:2].copy().view(np.float16)[:, 0].astype(np.float32), raw[:, 2:4].copy().view(np.float16)[:, 0].astype(np.float32)
    rounded = np.clip(np.rint(-m / d), 0, 15)  # scale d, zero point round(-m/d): a constant shift per block
    naive = ((source.reshape(-1, 32) - (np.clip(np.rint(source.reshape(-1, 32) / d[:, None] + rounded[:, None]), 0, 15)
                                         - rounded[:, None]) * d[:, None]) ** 2).sum(1)
    assert np.all(err <= naive * (1 + 1e-5) + 1e-12)
    assert err.sum() < 0.9 * naive.sum()
    # a block whose -m/d is an integer is carried exactly
    w = np.arange(32, dtype=np.float32)[None] % 16 * 0.5 - 3.0
    q, scale, zero = fit_zero_points(w, np.array([0.5], np.float32), np.array([-3.0], np.float32))
    np.testing.assert_allclose((q.astype(np.float32) - zero[:, None]) * scale[:, None], w, atol=1e-6)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, tiny_hf_model):
    """exported(arch, qtype, blocks) -> (bundle dir, gguf path); accuracy_level 1 (fp32 activations)."""
    from terminus_edge.benchmarks.same_weights import write_gguf
    from terminus_edge.export import export_model

    made = {}

    def make(arch: str, qtype: str, blocks: bool = True):
        key = (arch, qtype, blocks)
        if key not in made:
            root = tmp_path_factory.mktemp(f"gguf-{arch}-{qtype}")
            hf = tiny_hf_model(arch)
            path = write_gguf(hf, root / f"tiny.{qtype}.gguf", qtype)
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("TERMINUS_EDGE_HOME", str(root / "home"))
                export_model(path, root / "bundle", precision="int4", accuracy_level=1,
                             gguf_blocks=GGUF_BLOCK_TYPES if blocks else ())
            made[key] = root / "bundle", path
        return made[key]

    return make


def _matmul_nodes(bundle):
    from onnx import numpy_helper

    model = onnx.load(str(bundle / "model.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    return model, weights


def _one_node(model, node, weights, a: np.ndarray) -> np.ndarray:
    """Run one MatMulNBits of the bundle alone on `a`."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(weights[name], name) for name in node.input[1:] if name]
    alone = helper.make_node("MatMulNBits", ["A", *node.input[1:]], ["Y"], domain="com.microsoft")
    alone.attribute.extend(node.attribute)
    graph = helper.make_graph([alone], "one", [helper.make_tensor_value_info("A", TensorProto.FLOAT, a.shape)],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)], inits)
    one = helper.make_model(graph, opset_imports=list(model.opset_import), ir_version=model.ir_version)
    return ort.InferenceSession(one.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"A": a})[0]


def test_q4_0_gguf_graph_reproduces_the_dequantized_gguf(exported):
    """Q4_0 blocks go in unchanged: at accuracy_level 1 every layer's matmul and the whole model's logits match
    the dequantized GGUF (torch) as closely as an fp32 export does."""
    bundle, path = exported("llama", "Q4_0")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["quantization"]["matmuls"] == {"exact": 2 * 5 + 1, "fitted": 0, "requantized": 0}
    assert manifest["quantization"]["int4_source"] == "gguf blocks: Q4_0 exact (4-bit, implicit zero point 8)"
    assert "fit_relative_rms_error" not in manifest["quantization"]
    assert manifest["validation"]["max_abs_logit_diff"] < 1e-3
    assert manifest["validation"]["next_token_agreement"] == 1.0
    model, weights = _matmul_nodes(bundle)
    reader = {t.name: t for t in gguf.GGUFReader(str(path)).tensors}
    node = next(n for n in model.graph.node if n.name == "/model/layers.1/mlp/down_proj/MatMul_Q4")
    w = gguf.quants.dequantize(reader["blk.1.ffn_down.weight"].data, T.Q4_0).astype(np.float32)
    a = np.random.default_rng(0).standard_normal((3, w.shape[1])).astype(np.float32)
    np.testing.assert_allclose(_one_node(model, node, weights, a), a @ w.T, atol=1e-5, rtol=1e-5)


def test_q4_1_tied_gguf_shares_one_table_with_zero_points(exported):
    bundle, _ = exported("llama-tied", "Q4_1")
    manifest = json.loads((bundle / "manifest.json").read_text())
    quant = manifest["quantization"]
    assert quant["matmuls"] == {"exact": 0, "fitted": 2 * 5 + 1, "requantized": 0}
    assert quant["zero_points"] == "uint8 4-bit per block" and "Q4_1" in quant["lm_head"]
    assert "Q4_1 refitted" in quant["int4_source"] and 0 < quant["fit_relative_rms_error"] < 0.1
    assert "gguf_blocks=Q4_0,Q4_1,Q8_0" in manifest["backend_options"]
    for graph_file in ("model.onnx", manifest["runtime_model"]["file"]):
        model = onnx.load(str(bundle / graph_file), load_external_data=False)
        gather = next(n for n in model.graph.node if n.op_type == "GatherBlockQuantized")
        heads = [n for n in model.graph.node if n.op_type == "MatMulNBits" and n.name.startswith("/lm_head/")]
        assert len(gather.input) == 4 and all(len(h.input) == 4 for h in heads)
        zero_points = {t.name: t for t in model.graph.initializer}[gather.input[3]]
        assert {h.input[3] for h in heads} == {gather.input[3]} and zero_points.dims[-1] == 64 // 32 // 2
    # the graph's zero points are what the fit chose: a matmul alone equals its blocks' values
    model, weights = _matmul_nodes(bundle)
    node = next(n for n in model.graph.node if n.name == "/lm_head/MatMul_Q4")
    q = weights[node.input[1]]
    zero = np.stack([weights[node.input[3]] & 15, weights[node.input[3]] >> 4], -1).reshape(len(q), -1)
    values = np.stack([q & 15, q >> 4], -1).reshape(*q.shape[:2], 32).astype(np.float32)
    w = ((values - zero[..., None]) * weights[node.input[2]].reshape(len(q), -1, 1)).reshape(len(q), -1)
    a = np.random.default_rng(0).standard_normal((2, w.shape[1])).astype(np.float32)
    np.testing.assert_allclose(_one_node(model, node, weights, a), a @ w.T, atol=1e-4, rtol=1e-5)
    assert greedy_tokens(bundle, ([5, 17, 42, 99],), 6)[0]


def test_q4_1_blocks_drift_less_than_requantizing(exported):
    carried, _ = exported("llama", "Q4_1")
    requantized, _ = exported("llama", "Q4_1", blocks=False)
    drift = [json.loads((b / "manifest.json").read_text())["validation"]["max_abs_logit_diff"] for b in (carried, requantized)]
    assert drift[0] < drift[1]


def test_gguf_blocks_need_a_gguf_source(tiny_hf_model, tmp_path):
    from terminus_edge.export import export_model

    with pytest.raises(ExportError, match="from a .gguf source only"):
        export_model(tiny_hf_model("llama"), tmp_path / "b", gguf_blocks=GGUF_BLOCK_TYPES)


def test_q8_0_as_int4_fits_closer_than_symmetric_requantization(tmp_path):
    from terminus_edge.export.streaming.quant import dequantize_int4, quantize_int4_chunks

    tensor = _gguf_tensors(tmp_path, (T.Q8_0,))["Q8_0"]
    source = _source(tensor)
    blocks = tensor_blocks(tensor, q8_0_bits=4)
    assert blocks.bits == 4 and not blocks.exact and blocks.zero_points is not None
    fitted = np.sqrt(((dequantize_blocks(blocks) - source) ** 2).sum() / (source ** 2).sum())
    packed, scales = next(quantize_int4_chunks(source, 32))
    symmetric = np.sqrt(((dequantize_int4(packed, scales) - source) ** 2).sum() / (source ** 2).sum())
    assert fitted < 0.85 * symmetric
    assert np.isclose(fitted, np.sqrt(blocks.squared_error / blocks.squared_norm), rtol=1e-3)
