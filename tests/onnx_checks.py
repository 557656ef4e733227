"""Checks on exported bundles shared by the export tests (test_export*.py), independent of export/validate.py
and of the runtime's decoder: plain onnxruntime / onnx calls."""

from __future__ import annotations

import numpy as np


def session_of(bundle):
    import onnxruntime as ort

    return ort.InferenceSession(str(bundle / "model.onnx"), providers=["CPUExecutionProvider"])


def empty_cache_logits(session, ids) -> np.ndarray:
    """Logits of every position of `ids` ([len(ids), vocab], float32) from one pass with an empty KV cache;
    input names, cache shapes and dtypes are read from the session (builder and optimum graphs alike)."""
    feeds = {}
    for node in session.get_inputs():
        if node.name == "input_ids":
            feeds[node.name] = np.array([ids], dtype=np.int64)
        elif node.name == "attention_mask":
            feeds[node.name] = np.ones((1, len(ids)), dtype=np.int64)
        elif node.name == "position_ids":
            feeds[node.name] = np.arange(len(ids), dtype=np.int64)[None]
        else:
            dtype = np.float16 if "float16" in node.type else np.float32
            feeds[node.name] = np.zeros((1, node.shape[1], 0, node.shape[3]), dtype=dtype)
    return session.run(["logits"], feeds)[0][0].astype(np.float32)


def graph_weights_and_io(bundle):
    """(onnx model, {initializer name: array}, (inputs, outputs) as (name, type) pairs) of a bundle's graph."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(bundle / "model.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    io = ([(v.name, str(v.type)) for v in model.graph.input], [(v.name, str(v.type)) for v in model.graph.output])
    return model, weights, io


def greedy_tokens(bundle, prompts, max_new_tokens: int, threads: int = 1) -> list[list[int]]:
    """Greedy token ids the runtime generates for each prompt (always max_new_tokens of them: eos ignored)."""
    from terminus_edge.runtime.chat_model import OnnxChatModel

    model = OnnxChatModel.load(bundle, ep="cpu", threads=threads)
    return [greedy_ids(model, ids, max_new_tokens) for ids in prompts]


def greedy_ids(model, ids, max_new_tokens: int) -> list[int]:
    """Greedy token ids a loaded OnnxChatModel generates after `ids` (eos ignored)."""
    from terminus_edge.runtime.generate import GenerationParams

    return model.generate_ids(ids, GenerationParams(max_new_tokens=max_new_tokens, ignore_eos=True)).token_ids


def first_logits(model, ids) -> np.ndarray:
    """A loaded OnnxChatModel's last-position logits after `ids`, from an empty KV cache."""
    decoder = model.generator.decoder
    cache = decoder.new_cache(len(ids) + 8) if decoder.kv_layout == "shared" else decoder.new_cache()
    return decoder.forward(ids, cache)
