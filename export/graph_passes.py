"""Post-processing of an exported bundle's graph for the runtime.

`add_last_logits_graph(bundle_dir)` writes `model.last.onnx` beside `model.onnx`: the same graph (it
reads the same external weight file) with a Slice that keeps only the last position's hidden state
before the lm_head, so `logits` is [batch, 1, vocab]. Generation needs only that row; the full
[batch, seq, vocab] product costs a prompt-length lm_head MatMul (151936 x 2560 at the Qwen3-4B
shape) and a large output buffer. model.onnx keeps every position: export validation (teacher forcing),
the tests and the peer engines read it. The manifest's `runtime_model` entry tells the runtime.
The runtime graph also gets export/runtime_memory.py's edits (no private copy of a tied embedding, the
lm_head packed in parts), which change no logit.
"""

from __future__ import annotations

import json
from pathlib import Path

from terminus_edge.runtime.manifest import MANIFEST_NAME, write_manifest

LAST_LOGITS_FILE = "model.last.onnx"
LM_HEAD_OPS = {"MatMul", "MatMulNBits", "Gemm"}
# Ops that may sit between the lm_head and the logits output (fp16 graphs cast back to float).
PASS_THROUGH_OPS = {"Cast"}
_INT64_MAX = 2**63 - 1


def _lm_head(graph):
    producers = {out: node for node in graph.node for out in node.output}
    node = producers.get("logits")
    while node is not None and node.op_type in PASS_THROUGH_OPS:
        node = producers.get(node.input[0])
    return node if node is not None and node.op_type in LM_HEAD_OPS else None


def slice_last_position(model) -> bool:
    """Edit the ModelProto in place so `logits` covers the last position only; False if no lm_head found."""
    from onnx import TensorProto, helper

    graph = model.graph
    head = _lm_head(graph)
    outputs = [o for o in graph.output if o.name == "logits"]
    if head is None or not outputs:
        return False
    hidden = head.input[0]
    last = f"{hidden}/last_position"
    consts = {f"{last}/{key}": value for key, value in (("starts", -1), ("ends", _INT64_MAX), ("axes", 1))}
    for name, value in consts.items():
        graph.initializer.append(helper.make_tensor(name, TensorProto.INT64, [1], [value]))
    slice_node = helper.make_node("Slice", [hidden, *consts], [last], name=f"{head.name}/last_position_slice")
    head.input[0] = last
    position = list(graph.node).index(head)
    graph.node.insert(position, slice_node)
    dims = outputs[0].type.tensor_type.shape.dim
    if len(dims) == 3:
        dims[1].Clear()
        dims[1].dim_value = 1
    # Intermediate shape annotations on the lm_head path would now be wrong: drop them.
    stale = {out for node in graph.node for out in node.output if node is head or node.op_type in PASS_THROUGH_OPS}
    kept = [v for v in graph.value_info if v.name not in stale]
    del graph.value_info[:]
    graph.value_info.extend(kept)
    return True


def write_last_logits_graph(model_path: Path, out_path: Path, lm_head_part_bytes: int | None = None) -> dict | None:
    """Write the last-position graph of `model_path` to `out_path` (same external data references), with the
    memory edits of export/runtime_memory.py; return what was done, None if the graph has no lm_head."""
    import onnx

    from terminus_edge.export.runtime_memory import MAX_PART_BYTES, share_tied_embedding, split_lm_head

    model = onnx.load(str(model_path), load_external_data=False)
    if not slice_last_position(model):
        return None
    shared = share_tied_embedding(model)
    head = _lm_head(model.graph)
    parts = split_lm_head(model, head, lm_head_part_bytes or MAX_PART_BYTES) if head is not None else 1
    onnx.save(model, str(out_path))
    return {"logits": "last_position", "embedding_view_of_lm_head": shared, "lm_head_parts": parts}


def add_last_logits_graph(bundle_dir: str | Path, lm_head_part_bytes: int | None = None) -> dict:
    """Add model.last.onnx to a bundle and record it in the manifest; return the manifest (unchanged if the
    graph has no recognisable lm_head)."""
    bundle_dir = Path(bundle_dir)
    manifest = json.loads((bundle_dir / MANIFEST_NAME).read_text())
    source = bundle_dir / manifest.get("model_file", "model.onnx")
    written = write_last_logits_graph(source, bundle_dir / LAST_LOGITS_FILE, lm_head_part_bytes)
    if written is None:
        return manifest
    fields = {k: v for k, v in manifest.items() if k not in ("format_version", "files")}
    fields["logits"] = "all_positions"  # of model_file
    fields["runtime_model"] = {"file": LAST_LOGITS_FILE, **written}
    return write_manifest(bundle_dir, fields)
