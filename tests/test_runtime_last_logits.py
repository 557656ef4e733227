"""The last-position runtime graph (export/graph_passes.py): same logits and tokens as the full graph."""

from __future__ import annotations

import importlib.util
import json
import shutil

import numpy as np
import pytest
from onnx_checks import first_logits, greedy_ids

from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.manifest import verify_bundle

pytest.importorskip("onnx")
from terminus_edge.export.graph_passes import LAST_LOGITS_FILE, add_last_logits_graph  # noqa: E402

PROMPT = [{"role": "user", "content": "tests passed: 12, failed: 3 — error in café.py line 7"}]
SPECS = [
    pytest.param(("qwen3", "int4", "builder"), id="qwen3-int4-builder"),
    pytest.param(("llama", "int4", "builder"), id="llama-int4-builder"),
    pytest.param(("qwen3", "fp16", "builder"), id="qwen3-fp16-builder"),
    pytest.param(("llama", "fp32", "optimum"), id="llama-fp32-optimum"),
]


@pytest.fixture
def bundle_pair(tiny_bundle, tmp_path):
    def make(spec):
        if spec[2] == "optimum" and importlib.util.find_spec("terminus_edge.export.optimum_backend") is None:
            pytest.skip("the optimum export backend is not in this checkout")
        exported = tiny_bundle(*spec)
        # export_model adds the runtime graph itself; the pass is run again on a copy to check it directly.
        assert json.loads((exported / "manifest.json").read_text())["runtime_model"]["file"] == LAST_LOGITS_FILE
        copy = tmp_path / "bundle"
        shutil.copytree(exported, copy)
        manifest = add_last_logits_graph(copy)
        return copy, manifest

    return make


@pytest.mark.parametrize("spec", SPECS)
def test_last_position_graph_matches_full_graph(bundle_pair, spec):
    bundle, manifest = bundle_pair(spec)
    assert {k: manifest["runtime_model"][k] for k in ("file", "logits")} == {"file": LAST_LOGITS_FILE, "logits": "last_position"}
    assert verify_bundle(bundle).ok  # the new file is hashed in the manifest
    last = OnnxChatModel.load(bundle, ep="cpu", threads=1)
    full = OnnxChatModel.load(bundle, ep="cpu", threads=1, full_logits=True)
    assert last.bundle.model_path.name == LAST_LOGITS_FILE and full.bundle.model_path.name == "model.onnx"
    assert last.generator.decoder.last_position_logits and not full.generator.decoder.last_position_logits
    vocab = manifest["architecture"]["vocab_size"]
    assert [o.shape for o in last.generator.decoder.session.get_outputs() if o.name == "logits"][0][1:] == [1, vocab]

    ids = last.encode_chat(PROMPT)
    got, expected = first_logits(last, ids), first_logits(full, ids)
    assert got.shape == expected.shape == (vocab,)
    np.testing.assert_allclose(got, expected, atol=2e-3 * max(1.0, np.abs(expected).max()), rtol=0)
    assert greedy_ids(last, ids, 10) == greedy_ids(full, ids, 10)


def test_graph_without_lm_head_is_left_alone(tiny_bundle, tmp_path):
    import onnx

    copy = tmp_path / "bundle"
    shutil.copytree(tiny_bundle("qwen3", "int4", "builder"), copy)
    model = onnx.load(str(copy / "model.onnx"), load_external_data=False)
    for node in model.graph.node:  # rename the output so no node produces `logits`
        node.output[:] = [f"{o}_x" if o == "logits" else o for o in node.output]
    onnx.save(model, str(copy / "model.onnx"))
    (copy / LAST_LOGITS_FILE).unlink()  # export_model already made one
    before = json.loads((copy / "manifest.json").read_text())
    assert add_last_logits_graph(copy) == before
    assert not (copy / LAST_LOGITS_FILE).exists()
