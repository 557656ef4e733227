"""export/runtime_memory.py: the runtime graph reads the tied embedding from the mapped file and packs the
lm_head in parts, with the same logits and tokens, and no extra byte on disk."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from onnx_checks import first_logits, greedy_ids

from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.manifest import verify_bundle

onnx = pytest.importorskip("onnx")
from terminus_edge.export.graph_passes import LAST_LOGITS_FILE, add_last_logits_graph, write_last_logits_graph  # noqa: E402
from terminus_edge.export.runtime_memory import share_tied_embedding, split_lm_head  # noqa: E402

PROMPT = [{"role": "user", "content": "make: *** [Makefile:12: all] Error 2 — 3 warnings, 1 error"}]


def _graph(bundle):
    return onnx.load(str(bundle / LAST_LOGITS_FILE), load_external_data=False).graph


def _without_memory_passes(bundle, tmp_path):
    """The same bundle with a runtime graph made by the last-position slice alone (the reference)."""
    from terminus_edge.export import graph_passes

    reference = tmp_path / "reference"
    shutil.copytree(bundle, reference)
    model = onnx.load(str(reference / "model.onnx"), load_external_data=False)
    assert graph_passes.slice_last_position(model)
    onnx.save(model, str(reference / LAST_LOGITS_FILE))
    return reference


@pytest.fixture
def tied_bundle(tmp_path, tiny_hf_model):
    from terminus_edge.export import export_model

    def make(low_memory: bool):
        out = tmp_path / ("streaming" if low_memory else "builder")
        export_model(tiny_hf_model("qwen3"), out, precision="int4", low_memory=low_memory, validate=False)
        return out

    return make


@pytest.mark.parametrize("low_memory", [False, True], ids=["builder", "streaming"])
def test_tied_embedding_view_and_split_head_keep_logits(tied_bundle, tmp_path, low_memory):
    bundle = tied_bundle(low_memory)
    reference = _without_memory_passes(bundle, tmp_path)
    data_size = (bundle / "model.onnx.data").stat().st_size
    manifest = add_last_logits_graph(bundle, lm_head_part_bytes=1024)
    runtime = manifest["runtime_model"]
    assert runtime["embedding_view_of_lm_head"] is True and runtime["lm_head_parts"] >= 2
    assert verify_bundle(bundle).ok
    assert (bundle / "model.onnx.data").stat().st_size == data_size  # aliases only: nothing written

    graph = _graph(bundle)
    assert not [n for n in graph.node if n.op_type == "Reshape" and n.name.startswith("/model/embed_tokens")]
    parts = [n for n in graph.node if n.op_type == "MatMulNBits" and "/part_" in n.name]
    assert len(parts) == runtime["lm_head_parts"]
    vocab = manifest["architecture"]["vocab_size"]
    assert sum(next(a.i for a in n.attribute if a.name == "N") for n in parts) == vocab
    assert any(n.op_type == "Concat" and n.output[0] == "logits" for n in graph.node)

    new, old = (OnnxChatModel.load(b, ep="cpu", threads=1) for b in (bundle, reference))
    ids = new.encode_chat(PROMPT)
    np.testing.assert_array_equal(first_logits(new, ids), first_logits(old, ids))
    assert greedy_ids(new, ids, 12) == greedy_ids(old, ids, 12)


def test_small_lm_head_stays_one_node(tiny_bundle, tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(tiny_bundle("qwen3", "int4", "builder"), bundle)
    runtime = add_last_logits_graph(bundle)["runtime_model"]
    assert runtime["lm_head_parts"] == 1 and runtime["embedding_view_of_lm_head"] is True
    assert len([n for n in _graph(bundle).node if n.op_type == "MatMulNBits" and n.name.startswith("/lm_head")]) == 1


def test_untied_float_embedding_is_left_alone(tiny_bundle, tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(tiny_bundle("llama", "int4", "builder"), bundle)
    runtime = add_last_logits_graph(bundle)["runtime_model"]
    assert runtime["embedding_view_of_lm_head"] is False


def test_passes_skip_weights_kept_inside_the_graph():
    """Aliases need external data: an embedded table is left as it is."""
    from onnx import TensorProto, helper

    table = helper.make_tensor("table", TensorProto.UINT8, [4, 2, 2], bytes(16), raw=True)
    shape = helper.make_tensor("shape", TensorProto.INT64, [2], [4, 4])
    nodes = [helper.make_node("Reshape", ["table", "shape"], ["flat"], name="r"),
             helper.make_node("Gather", ["flat", "ids"], ["out"], name="g")]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("ids", TensorProto.INT64, [1])],
                              [helper.make_tensor_value_info("out", TensorProto.UINT8, [1, 4])], [table, shape])
    model = helper.make_model(graph)
    assert share_tied_embedding(model) is False
    assert [n.op_type for n in model.graph.node] == ["Reshape", "Gather"]
    head = helper.make_node("MatMulNBits", ["x", "table", "shape"], ["logits"], name="h", domain="com.microsoft", N=4, K=4)
    assert split_lm_head(model, head, max_part_bytes=1) == 1


def test_written_graph_reports_what_it_did(tiny_bundle, tmp_path):
    bundle = tiny_bundle("qwen3", "int4", "builder")
    done = write_last_logits_graph(bundle / "model.onnx", tmp_path / "last.onnx", lm_head_part_bytes=1024)
    assert done["logits"] == "last_position" and done["lm_head_parts"] >= 2
    assert json.loads((bundle / "manifest.json").read_text())["runtime_model"]["file"] == LAST_LOGITS_FILE


def test_saved_weights_file_gets_the_graph_files_mode(tmp_path):
    """onnx creates the external data file 0600; a bundle's files are all readable alike."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    from terminus_edge.export.quantize import save_with_external_data

    weight = numpy_helper.from_array(np.ones((8, 8), np.float32), "w")
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])], [weight])
    save_with_external_data(helper.make_model(graph), tmp_path / "model.onnx")
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes["model.onnx.data"] == modes["model.onnx"]
