"""Put a GGUF's blocks (export/gguf_blocks.py) into a builder int4 model.onnx in place of its re-quantized weights.

Each MatMulNBits weight named `<prefix>.MatMul.weight_Q4G32` by the builder is matched to its Hugging Face weights
(fused qkv = q, k, v rows), replaced by the GGUF's blocks (bits, scales, uint8 zero points as input 3), and a
GatherBlockQuantized reading the same table (the tied embedding, through the builder's Reshape) follows it: same
bits, same zero-point initializer, so embedding and lm_head stay one table.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from terminus_edge.errors import ExportError
from terminus_edge.export.gguf_blocks import (AS_INT4, BLOCK, GGUF_BLOCK_TYPES, Blocks, concat_rows, hf_weight_blocks,
                                              pack_nibbles, source_weights)

_HOW = {"Q4_0": "Q4_0 exact (4-bit, implicit zero point 8)", "Q8_0": "Q8_0 exact (8-bit, implicit zero point 128)",
        "Q4_1": "Q4_1 refitted per block to a 4-bit integer zero point (not lossless)",
        "Q8_0" + AS_INT4: "Q8_0 refitted per block to 4 bits with an integer zero point (not lossless)"}
_WEIGHT_NAME = re.compile(r"(.+)\.MatMul\.weight_Q4G32")


def _constant_node(graph, values: list[int]) -> str:
    """An INT64 Constant node (not an initializer: saving with external data would move an initializer out of
    the graph, and runtime_memory.share_tied_embedding reads the gather's Reshape dims from the graph)."""
    from onnx import helper

    name = f"/model/constants/INT64/{values}"
    if not any(name in node.output for node in graph.node):
        array = np.array(values, dtype=np.int64)
        tensor = helper.make_tensor(name, 7, array.shape, array.tobytes(), raw=True)
        graph.node.insert(0, helper.make_node("Constant", [], [name], name=name.replace("constants", "constant_nodes"), value=tensor))
    return name


def _set_attribute(node, name: str, value) -> None:
    from onnx import helper

    kept = [a for a in node.attribute if a.name != name]
    del node.attribute[:]
    node.attribute.extend([*kept, helper.make_attribute(name, value)])


def _install(graph, node, prefix: str, blocks: Blocks) -> None:
    """Point MatMulNBits `node` (and a gather of the same table) at `blocks`' initializers."""
    from onnx import numpy_helper

    inits = {t.name: t for t in graph.initializer}
    old_b, old_s = node.input[1], node.input[2]
    b_name = f"{prefix}.MatMul.weight_Q{blocks.bits}G{BLOCK}"
    zeros = None
    if blocks.zero_points is not None:
        zeros = pack_nibbles(blocks.zero_points) if blocks.bits == 4 else blocks.zero_points
    new = [numpy_helper.from_array(blocks.packed, b_name),
           numpy_helper.from_array(blocks.scales.reshape(tuple(inits[old_s].dims)), old_s)]
    if zeros is not None:
        new.append(numpy_helper.from_array(np.ascontiguousarray(zeros), f"{prefix}.MatMul.weight_zp"))
    for tensor in (inits[old_b], inits[old_s]):
        graph.initializer.remove(tensor)
    graph.initializer.extend(new)
    for consumer in [n for n in graph.node if old_b in n.input]:
        consumer.input[list(consumer.input).index(old_b)] = b_name
        gather = consumer
        if consumer.op_type == "Reshape":  # the builder's shared embedding: Reshape(table) -> GatherBlockQuantized
            rows = blocks.packed.shape[0]
            consumer.input[1] = _constant_node(graph, [rows, blocks.packed[0].size])
            stale_info = [v for v in graph.value_info if v.name == consumer.output[0]]  # the old [rows, K/2] shape
            for info in stale_info:
                graph.value_info.remove(info)
            gather = next((n for n in graph.node if consumer.output[0] in n.input and n.op_type == "GatherBlockQuantized"), None)
        if gather is None or gather.op_type not in ("GatherBlockQuantized", "MatMulNBits"):
            continue
        _set_attribute(gather, "bits", blocks.bits)
        if zeros is not None:
            del gather.input[3:]
            gather.input.append(new[2].name)
    used = {name for n in graph.node for name in n.input}
    stale = [n for n in graph.node if n.op_type == "Constant" and n.output[0] not in used]
    for unused in stale:
        graph.node.remove(unused)


def carry_gguf_blocks(model_path: Path, gguf_path: Path, config: dict, made: dict,
                      types: tuple[str, ...] = GGUF_BLOCK_TYPES) -> dict:
    """Replace the builder's re-quantized MatMulNBits weights of `model_path` by the GGUF's blocks where their type
    is in `types`; save in place; return `made` (the builder's options/quantization) with what was carried."""
    import onnx
    from gguf import GGUFReader

    from terminus_edge.export.quantize import save_with_external_data
    from terminus_edge.export.streaming.readers import gguf_name

    model = onnx.load(str(model_path), load_external_data=True)
    tensors = {t.name: t for t in GGUFReader(str(gguf_path)).tensors}
    tied = bool(config.get("tie_word_embeddings", False))
    counts = {"exact": 0, "fitted": 0, "requantized": 0}
    carried = {}
    for node in [n for n in model.graph.node if n.op_type == "MatMulNBits"]:
        match = _WEIGHT_NAME.fullmatch(node.input[1])
        names = source_weights(match.group(1), tied) if match else None
        parts = [hf_weight_blocks(tensors, config, name, types) for name in names] if names else [None]
        blocks = concat_rows(parts) if all(p is not None for p in parts) else None
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if blocks is None or blocks.packed.shape[0] != attrs["N"] or blocks.packed.shape[1] * BLOCK != attrs["K"]:
            counts["requantized"] += 1
            continue
        _install(model.graph, node, match.group(1), blocks)
        counts["exact" if blocks.exact else "fitted"] += 1
        carried[match.group(1)] = blocks
    if not carried:
        raise ExportError(f"{gguf_path.name}: no weight of type {'/'.join(types)} to carry into the graph")
    save_with_external_data(model, Path(model_path))
    source_types = sorted({t.tensor_type.name for t in tensors.values() if len(t.shape) == 2})
    used = sorted({_carried_as(tensors[gguf_name(n)].tensor_type.name, types)
                   for prefix in carried for n in source_weights(prefix, tied)})
    head = carried.get("lm_head")
    head_text = (f"int{head.bits} (gguf {tensors[hf_gguf_name('lm_head', tied)].tensor_type.name} blocks, "
                 f"{'exact' if head.exact else 'fitted zero points'})") if head else None
    if head is None and "lm_head" in made["quantization"]:
        kind = tensors.get(hf_gguf_name("lm_head", tied))
        head_text = made["quantization"]["lm_head"] + (f" (re-quantized by the builder from gguf {kind.tensor_type.name})" if kind else "")
    quantization = {
        **made["quantization"],
        "int4_source": "gguf blocks: " + "; ".join(_HOW[t] for t in used),
        "gguf_tensor_types": source_types,
        "matmuls": counts,
        "lm_head": head_text,
        "embedding": f"{head_text}, shared with lm_head" if tied and "shared" in str(made["quantization"]["embedding"])
        else made["quantization"]["embedding"],
        "zero_points": "uint8 4-bit per block" if any(b.zero_points is not None for b in carried.values()) else None,
    }
    fitted = [b for b in carried.values() if not b.exact]
    if fitted:  # relative RMS distance of the fitted weights from the GGUF's own values
        quantization["fit_relative_rms_error"] = round(
            float(np.sqrt(sum(b.squared_error for b in fitted) / max(sum(b.squared_norm for b in fitted), 1e-30))), 4)
    return {"options": [*made["options"], f"gguf_blocks={','.join(types)}"], "quantization": quantization}


def _carried_as(kind: str, types: tuple[str, ...]) -> str:
    return kind if kind in types else kind + AS_INT4


def hf_gguf_name(prefix: str, tied: bool) -> str:
    from terminus_edge.export.streaming.readers import gguf_name

    return gguf_name(source_weights(prefix, tied)[0])
