"""The optimum backend: optimum-onnx export + folded tied transpose + MatMulNBits/GatherBlockQuantized."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("optimum.exporters.onnx")
ort = pytest.importorskip("onnxruntime")

from onnx_checks import empty_cache_logits, session_of  # noqa: E402


def _graph(bundle):
    import onnx

    return onnx.load(str(bundle / "model.onnx"), load_external_data=False).graph


def test_optimum_fp32_matches_torch(tiny_bundle):
    from terminus_edge.export.validate import FP32_ATOL

    bundle = tiny_bundle("qwen3", "fp32", "optimum")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["backend"] == "optimum"
    assert manifest["validation"]["status"] == "pass"
    assert manifest["validation"]["max_abs_logit_diff"] <= FP32_ATOL
    assert manifest["validation"]["kv_cache_max_abs_diff"] <= FP32_ATOL
    names = [i["name"] for i in manifest["graph"]["inputs"]]
    assert names[:3] == ["input_ids", "attention_mask", "position_ids"]


def test_optimum_int4_folds_tied_weight_and_quantizes_embedding(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4", "optimum")
    graph = _graph(bundle)
    ops = [n.op_type for n in graph.node]
    initializers = {i.name for i in graph.initializer}
    # No weight MatMul is left in fp32: every MatMul left multiplies two activations (attention scores).
    assert all(not set(n.input) & initializers for n in graph.node if n.op_type == "MatMul")
    assert "GatherBlockQuantized" in ops
    assert ops.count("MatMulNBits") == 2 * 7 + 1  # 7 projections per layer + lm_head
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["backend_options"]["folded_transposes"] == 1
    assert manifest["quantization"]["embedding"].startswith("int4")

    session = session_of(bundle)
    assert {i.name for i in session.get_inputs()} >= {"input_ids", "attention_mask", "position_ids"}
    logits = empty_cache_logits(session, [5, 6, 7])
    assert logits.shape == (3, 384) and np.isfinite(logits).all()


def test_fold_constant_transposes_keeps_values():
    import onnx
    from onnx import helper, numpy_helper

    from terminus_edge.export.optimum_backend import fold_constant_transposes

    weight = np.arange(6, dtype=np.float32).reshape(2, 3)
    graph = helper.make_graph(
        [helper.make_node("Transpose", ["w"], ["wt"], perm=[1, 0]), helper.make_node("MatMul", ["x", "wt"], ["y"])],
        "g", [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 3])],
        [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1, 2])], [numpy_helper.from_array(weight, "w")],
    )
    model = helper.make_model(graph)
    assert fold_constant_transposes(model) == 1
    assert [n.op_type for n in model.graph.node] == ["MatMul"]
    folded = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    np.testing.assert_array_equal(folded["wt"], weight.T)
