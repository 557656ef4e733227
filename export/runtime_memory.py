"""Edits of the runtime graph that lower onnxruntime's memory use without changing a weight byte or a logit.

Both work by *aliasing*: a new initializer that names a region of the same external data file another
initializer already names (same location, its own offset, length and dims). onnxruntime memory-maps external
data, so an alias costs nothing on disk and nothing in memory until its pages are read.

- `share_tied_embedding`: a tied int4 embedding is read by GatherBlockQuantized through a Reshape of the
  lm_head's [vocab, blocks, block/2] table. onnxruntime constant-folds that Reshape into a private copy of the
  whole table (194 MB at the Qwen3-4B shape), kept for the session's life beside the lm_head's packed copy.
  An alias with the reshaped dims replaces the Reshape: the gather then reads the mapped file, one row per
  token, and only the rows it reads become resident.
- `split_lm_head`: onnxruntime repacks each int4 weight from the mapped file into heap memory; while it packs
  one, that weight is resident twice. The biggest weight (the lm_head, 151936 x 2560) set the load's peak.
  Splitting it along the vocabulary into MatMulNBits parts over aliased row ranges, joined by a Concat, bounds
  that transient by the part size; the Concat copies one row of logits a step.
"""

from __future__ import annotations

import math

MAX_PART_BYTES = 64 * 2**20


def _external(tensor) -> dict | None:
    from onnx import TensorProto

    info = {entry.key: entry.value for entry in tensor.external_data}
    if tensor.data_location != TensorProto.EXTERNAL or "location" not in info or "length" not in info:
        return None
    return info


def _alias(tensor, name: str, dims: list[int], offset: int, length: int):
    from onnx import TensorProto

    alias = TensorProto(name=name, data_type=tensor.data_type, dims=dims, data_location=TensorProto.EXTERNAL)
    location = _external(tensor)["location"]
    for key, value in (("location", location), ("offset", str(offset)), ("length", str(length))):
        entry = alias.external_data.add()
        entry.key, entry.value = key, value
    return alias


def _constant_values(graph, name: str) -> list[int] | None:
    from onnx import numpy_helper

    for node in graph.node:
        if node.op_type == "Constant" and node.output[0] == name:
            value = next((a.t for a in node.attribute if a.name == "value"), None)
            return None if value is None else [int(v) for v in numpy_helper.to_array(value).reshape(-1)]
    for tensor in graph.initializer:
        if tensor.name == name and _external(tensor) is None:
            return [int(v) for v in numpy_helper.to_array(tensor).reshape(-1)]
    return None


def _consumers(graph, name: str) -> list:
    return [node for node in graph.node if name in node.input]


def _read_names(graph) -> set[str]:
    """Every name a node of `graph` or of its subgraphs (If/Loop bodies) reads, and the graph's outputs."""
    from onnx import AttributeProto

    names = {o.name for o in graph.output}
    for node in graph.node:
        names.update(node.input)
        for attribute in node.attribute:
            if attribute.type == AttributeProto.GRAPH:
                names |= _read_names(attribute.g)
            elif attribute.type == AttributeProto.GRAPHS:
                for subgraph in attribute.graphs:
                    names |= _read_names(subgraph)
    return names


def _drop_unused(graph) -> None:
    """Remove Constant nodes and initializers that nothing reads any more."""
    used = _read_names(graph)
    nodes = [n for n in graph.node if n.op_type != "Constant" or n.output[0] in used]
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)


def share_tied_embedding(model) -> bool:
    """Replace each Reshape of an external initializer feeding a gather by an alias; True if any was replaced."""
    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    producers = {out: node for node in graph.node for out in node.output}
    changed = False
    for gather in [n for n in graph.node if n.op_type in ("GatherBlockQuantized", "Gather")]:
        reshape = producers.get(gather.input[0])
        if reshape is None or reshape.op_type != "Reshape" or len(_consumers(graph, reshape.output[0])) != 1:
            continue
        source = initializers.get(reshape.input[0])
        dims = _constant_values(graph, reshape.input[1])
        if source is None or _external(source) is None or not dims or any(d <= 0 for d in dims):
            continue
        if math.prod(dims) != math.prod(source.dims):
            continue
        info = _external(source)
        alias = _alias(source, f"{source.name}/gather_view", dims, int(info.get("offset", 0)), int(info["length"]))
        graph.initializer.append(alias)
        gather.input[0] = alias.name
        graph.node.remove(reshape)
        changed = True
    if changed:
        _drop_unused(graph)
    return changed


def split_lm_head(model, head, max_part_bytes: int = MAX_PART_BYTES) -> int:
    """Split MatMulNBits `head` along N into parts of at most `max_part_bytes` of weights; return the number
    of parts (1: left whole)."""
    from onnx import helper

    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    attrs = {a.name: helper.get_attribute_value(a) for a in head.attribute}
    if head.op_type != "MatMulNBits" or len(head.input) > 4 or "N" not in attrs:
        return 1
    rows = int(attrs["N"])
    weights = [initializers.get(name) if name else None for name in head.input[1:]]
    if weights[0] is None or any(name and w is None for name, w in zip(head.input[1:], weights)):
        return 1
    infos = [_external(w) if w is not None else None for w in weights]
    if any(w is not None and (info is None or int(info["length"]) % rows) for w, info in zip(weights, infos)):
        return 1
    parts = math.ceil(int(infos[0]["length"]) / max_part_bytes)
    if parts < 2:
        return 1
    step = math.ceil(rows / parts)
    outputs, nodes = [], []
    for index, start in enumerate(range(0, rows, step)):
        count = min(step, rows - start)
        inputs = [head.input[0]]
        for weight, info in zip(weights, infos):
            if weight is None:
                inputs.append("")
                continue
            row_bytes = int(info["length"]) // rows
            dims = [count, *weight.dims[1:]] if weight.dims[0] == rows else [count * (math.prod(weight.dims) // rows)]
            alias = _alias(weight, f"{weight.name}/rows_{start}_{start + count}", dims,
                           int(info.get("offset", 0)) + start * row_bytes, count * row_bytes)
            graph.initializer.append(alias)
            inputs.append(alias.name)
        output = f"{head.output[0]}/part_{index}"
        part = helper.make_node("MatMulNBits", inputs, [output], name=f"{head.name}/part_{index}", domain=head.domain)
        part.attribute.extend(a for a in head.attribute if a.name != "N")
        part.attribute.append(helper.make_attribute("N", count))
        nodes.append(part)
        outputs.append(output)
    concat = helper.make_node("Concat", outputs, [head.output[0]], name=f"{head.name}/concat_parts", axis=-1)
    position = list(graph.node).index(head)
    graph.node.remove(head)
    for offset, node in enumerate([*nodes, concat]):
        graph.node.insert(position + offset, node)
    _drop_unused(graph)
    return len(nodes)
