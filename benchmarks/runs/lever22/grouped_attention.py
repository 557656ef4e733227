"""Grouped attention over a blocked KV cache (issue 7, lever 22, measured and NOT kept: benchmarks/RESULTS.md): a
pass over a CPU bundle's runtime graph, fed by blocked_decoder.py. `python grouped_attention.py BUNDLE` rewrites the
bundle's runtime graph and manifest as new files (a `cp -al` copy of a bundle keeps its original intact).

onnxruntime's CPU GroupQueryAttention does one product per *query* head, so each KV head's cache is read by every
query head sharing it (4 times at Qwen3-4B's 32/8 heads). This pass replaces each GroupQueryAttention node with
RotaryEmbedding + ScatterND (the new rows written in place) + grouped FusedMatMul / Softmax / MatMul, which read
each KV head once.

The KV buffers change layout to [blocks, kv_heads, KV_BLOCK, head_dim]: the runtime binds the first
ceil(total / KV_BLOCK) blocks, a contiguous prefix of one pre-allocated array (onnxruntime has no strided views),
so attention reads only the blocks in use; an additive mask hides the positions past the valid length (the
runtime zero-fills the buffers: stale NaNs times a zero weight would still be NaN). One token (decode) multiplies
block by block and sums the blocks' partial outputs; a prompt (an If branch) lays the blocks out per head first
(a copy that is small beside a prompt's products), so its partial outputs never take blocks x tokens memory.
The graph records the layout in its metadata (`kv_layout_metadata`); blocked_decoder.py reads it from there.
"""

from __future__ import annotations

import numpy as np

KV_BLOCK = 64
LAYOUT_KEY, BLOCK_KEY = "terminus_edge.kv_layout", "terminus_edge.kv_block"  # graph metadata of a blocked cache
_BASE = "/grouped_attention"
_UNSUPPORTED = {"local_window_size": -1, "softcap": 0.0, "smooth_softmax": 0, "qk_output": 0}


class _Nodes:
    """Adds nodes and int64 constants with unique names to a list (a graph's or an If branch's)."""

    def __init__(self, graph, nodes: list, prefix: str):
        self.graph, self.nodes, self.prefix, self.count = graph, nodes, prefix, 0

    def __call__(self, op: str, inputs: list[str], outputs: int | list[str] = 1, **attrs) -> str | list[str]:
        from onnx import helper

        self.count += 1
        name = f"{self.prefix}/{op}_{self.count}"
        names = outputs if isinstance(outputs, list) else [f"{name}/output_{i}" for i in range(outputs)]
        domain = "com.microsoft" if op in ("RotaryEmbedding", "FusedMatMul") else ""
        self.nodes.append(helper.make_node(op, inputs, names, name=name, domain=domain, **attrs))
        return names[0] if len(names) == 1 else names

    def const(self, values, dtype=np.int64) -> str:
        from onnx import numpy_helper

        name = f"{self.prefix}/const_{self.count}_{len(self.graph.initializer)}"
        self.count += 1
        self.graph.initializer.append(numpy_helper.from_array(np.asarray(values, dtype=dtype), name))
        return name


def kv_layout_metadata(model) -> dict[str, str]:
    return {p.key: p.value for p in model.metadata_props if p.key in (LAYOUT_KEY, BLOCK_KEY)}


def _attrs(node) -> dict:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _supported(model, nodes) -> bool:
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if not nodes or opset < 15 or kv_layout_metadata(model):
        return False
    inputs = {i.name: i for i in model.graph.input}
    for node in nodes:
        attrs = _attrs(node)
        if any(attrs.get(key, default) != default for key, default in _UNSUPPORTED.items()):
            return False
        if any(name for name in node.input[9:]) or node.input[3] not in inputs or len(node.input) < 9:
            return False
        if inputs[node.input[3]].type.tensor_type.elem_type != 1:  # float32 caches only (the CPU bundles)
            return False
    return True


def _shared(add: _Nodes, first_past: str, heads_per_kv: int, kv_heads: int, block: int) -> dict[str, str]:
    """Per step, once: positions of the new tokens, the additive mask, the scatter indices, is-one-token."""
    n1 = add("Shape", ["input_ids"], start=1, end=2)
    total1 = add("Shape", ["attention_mask"], start=1, end=2)
    past1 = add("Sub", [total1, n1])
    positions = add("Range", [add("Squeeze", [past1]), add("Squeeze", [total1]), add.const(1)])
    width1 = add("Mul", [add("Shape", [first_past], start=0, end=1), add.const([block])])
    key_positions = add("Range", [add.const(0), add("Squeeze", [width1]), add.const(1)])
    future = add("Greater", [add("Unsqueeze", [key_positions, add.const([0])]), add("Unsqueeze", [positions, add.const([1])])])
    mask = add("Where", [future, add.const(-np.inf, np.float32), add.const(0.0, np.float32)])  # [n, width]
    idx_shape = add("Concat", [n1, add.const([kv_heads, 1])], axis=0)
    column = lambda x: add("Expand", [add("Reshape", [x, add.const([-1, 1, 1])]), idx_shape])
    heads = add("Expand", [add.const(np.arange(kv_heads).reshape(1, -1, 1)), idx_shape])
    index = add("Concat", [column(add("Div", [positions, add.const(block)])), heads,
                           column(add("Mod", [positions, add.const(block)]))], axis=-1)  # [n, kv, 3]: block, head, slot
    return {"positions": add("Unsqueeze", [positions, add.const([0])]), "index": index,
            "mask": add("Tile", [mask, add.const([heads_per_kv, 1])]),  # rows of the scores are (group, token)
            "one_token": add("Equal", [n1, add.const([1])])}


def _branch(graph, name: str, build) -> object:
    from onnx import TensorProto, helper

    nodes: list = []
    out = build(_Nodes(graph, nodes, f"{_BASE}/{name}"))
    return helper.make_graph(nodes, name, [], [helper.make_tensor_value_info(out, TensorProto.FLOAT, None)])


def _rewrite(graph, node, add: _Nodes, shared: dict, block: int, head_dim: int) -> None:
    """Replace one GroupQueryAttention node (its outputs keep their names)."""
    attrs = _attrs(node)
    heads, kv_heads = attrs["num_heads"], attrs["kv_num_heads"]
    group, scale = heads // kv_heads, float(attrs.get("scale", 0.0) or 1 / np.sqrt(head_dim))
    q, k, v, past_k, past_v = node.input[:5]
    cos, sin = node.input[7:9]
    out, present_k, present_v = node.output[:3]
    if not k:  # packed qkv
        q, k, v = add("Split", [q, add.const([heads * head_dim, kv_heads * head_dim, kv_heads * head_dim])], 3, axis=-1)
    if attrs.get("do_rotary", 0):
        rotary = dict(interleaved=int(attrs.get("rotary_interleaved", 0)))
        q = add("RotaryEmbedding", [q, shared["positions"], cos, sin], num_heads=heads, **rotary)
        k = add("RotaryEmbedding", [k, shared["positions"], cos, sin], num_heads=kv_heads, **rotary)
    rows = add.const([-1, kv_heads, head_dim])
    add("ScatterND", [past_k, shared["index"], add("Reshape", [k, rows])], [present_k])
    add("ScatterND", [past_v, shared["index"], add("Reshape", [v, rows])], [present_v])
    by_head = add("Transpose", [add("Reshape", [q, add.const([-1, kv_heads, group, head_dim])])], perm=[1, 2, 0, 3])
    qg = add("Reshape", [by_head, add.const([kv_heads, -1, head_dim])])  # [kv, group * n, head_dim]

    def attend(b: _Nodes, keys: str, values: str, blocked: bool) -> str:
        scores = b("FusedMatMul", [qg, keys], transB=1, alpha=scale)
        if blocked:  # [blocks, kv, rows, block] -> [kv, rows, blocks * block]
            scores = b("Reshape", [b("Transpose", [scores], perm=[1, 2, 0, 3]), b.const([0, 0, -1])])
        probs = b("Softmax", [b("Add", [scores, shared["mask"]])], axis=-1)
        if not blocked:
            return b("MatMul", [probs, values])
        by_block = b("Transpose", [b("Reshape", [probs, b.const([0, 0, -1, block])])], perm=[2, 0, 1, 3])
        return b("ReduceSum", [b("MatMul", [by_block, values]), b.const([0])], keepdims=0)

    def per_head(b: _Nodes, cache: str) -> str:  # [blocks, kv, block, d] -> [kv, blocks * block, d]
        return b("Reshape", [b("Transpose", [cache], perm=[1, 0, 2, 3]), b.const([kv_heads, -1, head_dim])])

    decode = _branch(graph, f"{node.name}/decode", lambda b: attend(b, present_k, present_v, True))
    prompt = _branch(graph, f"{node.name}/prompt", lambda b: attend(b, per_head(b, present_k), per_head(b, present_v), False))
    grouped = add("If", [shared["one_token"]], then_branch=decode, else_branch=prompt)
    tokens_first = add("Transpose", [add("Reshape", [grouped, add.const([kv_heads, group, -1, head_dim])])], perm=[2, 0, 1, 3])
    add("Reshape", [tokens_first, add.const([1, -1, heads * head_dim])], [out])


def _prune(graph) -> None:
    """Drop nodes whose outputs nothing reads (GroupQueryAttention's seqlens/total subgraph)."""
    while True:
        used = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
        used |= {name for node in graph.node for a in node.attribute if a.g.name for n in a.g.node for name in n.input}
        dead = [node for node in graph.node if not any(out in used for out in node.output)]
        if not dead:
            return
        for node in dead:
            graph.node.remove(node)


def rewrite_grouped_attention(model, block: int = KV_BLOCK) -> int:
    """Rewrite every GroupQueryAttention node of `model` (in place); the number rewritten, 0 where the graph is not
    one this pass knows (then it is left unchanged)."""
    from onnx import helper

    graph = model.graph
    gqa = [node for node in graph.node if node.op_type == "GroupQueryAttention"]
    if not _supported(model, gqa):
        return 0
    inputs = {i.name: i for i in graph.input}
    dims = inputs[gqa[0].input[3]].type.tensor_type.shape.dim
    kv_heads, head_dim = dims[1].dim_value, dims[3].dim_value
    heads_per_kv = _attrs(gqa[0])["num_heads"] // kv_heads
    if any((_attrs(n)["num_heads"], _attrs(n)["kv_num_heads"]) != (heads_per_kv * kv_heads, kv_heads) for n in gqa):
        return 0
    head_nodes: list = []
    shared = _shared(_Nodes(graph, head_nodes, f"{_BASE}/shared"), gqa[0].input[3], heads_per_kv, kv_heads, block)
    caches = {name for node in gqa for name in (*node.input[3:5], *node.output[1:3])}
    rebuilt: list = list(head_nodes)
    for node in graph.node:
        if node.op_type != "GroupQueryAttention":
            rebuilt.append(node)
            continue
        _rewrite(graph, node, _Nodes(graph, rebuilt, node.name + "/grouped"), shared, block, head_dim)
    del graph.node[:]
    graph.node.extend(rebuilt)
    _prune(graph)
    for value in [*graph.input, *graph.output]:
        if value.name in caches:
            shape = value.type.tensor_type.shape
            del shape.dim[:]
            for dim in ("kv_blocks", kv_heads, block, head_dim):
                entry = shape.dim.add()
                if isinstance(dim, str):
                    entry.dim_param = dim
                else:
                    entry.dim_value = dim
    kept = [v for v in graph.value_info if v.name not in caches]
    del graph.value_info[:]
    graph.value_info.extend(kept)
    helper.set_model_props(model, {**{p.key: p.value for p in model.metadata_props}, LAYOUT_KEY: "blocked", BLOCK_KEY: str(block)})
    return len(gqa)


def add_grouped_attention(bundle_dir, block: int = KV_BLOCK) -> dict:
    """Rewrite a CPU bundle's runtime graph (runtime_model) with grouped attention and record it in the manifest;
    return the manifest (unchanged where there is no runtime graph or the pass does not apply)."""
    import json
    from pathlib import Path

    import onnx

    from terminus_edge.runtime.manifest import MANIFEST_NAME, write_manifest

    bundle_dir = Path(bundle_dir)
    manifest = json.loads((bundle_dir / MANIFEST_NAME).read_text())
    runtime = manifest.get("runtime_model")
    if manifest.get("target", "cpu") != "cpu" or not isinstance(runtime, dict) or "file" not in runtime:
        return manifest
    path = bundle_dir / runtime["file"]
    model = onnx.load(str(path), load_external_data=False)
    rewritten = rewrite_grouped_attention(model, block)
    if not rewritten:
        return manifest
    path.unlink()  # new files, not writes through them: the bundle may be a `cp -al` copy sharing inodes
    onnx.save(model, str(path))
    (bundle_dir / MANIFEST_NAME).unlink()
    fields = {k: v for k, v in manifest.items() if k not in ("format_version", "files")}
    fields["runtime_model"] = {**runtime, "attention": "grouped", "kv_layout": "blocked", "kv_block": block,
                               "attention_nodes_rewritten": rewritten}
    return write_manifest(bundle_dir, fields)


if __name__ == "__main__":
    import sys

    print(add_grouped_attention(sys.argv[1])["runtime_model"])
