"""The optimum backend: optimum-onnx `text-generation-with-past` export, then onnxruntime's MatMulNBits quantizer.

Tied embeddings come out as `MatMul(h, Transpose(embed_tokens.weight))`, which the quantizer skips ("MatMul
doesn't have const weight"), so the transpose is folded into a constant first; the embedding Gather is
quantized too (GatherBlockQuantized), or the int4 bundle keeps a large fp32 table.
"""

from __future__ import annotations

from pathlib import Path

from terminus_edge.export.progress import quiet_stdout, stage
from terminus_edge.export.quantize import quantize_weights, save_with_external_data

# optimum's post-processing (tied-weight dedup) serializes the whole proto: it fails past 2 GB
# ("Failed to serialize proto"); above this the export skips it and the tied weight gets a second copy.
POST_PROCESS_LIMIT_BYTES = 1_800_000_000


def fold_constant_transposes(model) -> int:
    """Replace Transpose(initializer) nodes by a transposed initializer; return how many were folded."""
    import numpy as np
    from onnx import numpy_helper

    initializers = {init.name: init for init in model.graph.initializer}
    folded = []
    for node in model.graph.node:
        if node.op_type == "Transpose" and node.input[0] in initializers:
            array = numpy_helper.to_array(initializers[node.input[0]])
            perm = next((list(a.ints) for a in node.attribute if a.name == "perm"), None)
            model.graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(np.transpose(array, perm)), node.output[0]))
            folded.append(node)
    for node in folded:
        model.graph.node.remove(node)
    return len(folded)


def _lm_head_node(model) -> str:
    """Name of the MatMul that produces the logits (followed, at most, by a Cast)."""
    producers = {out: node for node in model.graph.node for out in node.output}
    node = producers.get("logits")
    while node is not None and node.op_type != "MatMul":
        node = producers.get(node.input[0])
    return node.name if node is not None else ""


def _weights_bytes(hf_dir: Path) -> int:
    return sum(p.stat().st_size for p in Path(hf_dir).glob("*.safetensors"))


def run_optimum(hf_dir: Path, out_dir: Path, precision: str, *, work: Path, block_size: int = 32,
                accuracy_level: int = 4, quantize_lm_head: bool = True) -> dict:
    """Export `hf_dir` to `out_dir/model.onnx` (+ model.onnx.data); return what the manifest records."""
    import onnx
    from optimum.exporters.onnx import main_export

    raw = Path(work) / "raw"
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    no_post_process = _weights_bytes(hf_dir) > POST_PROCESS_LIMIT_BYTES
    options = {"task": "text-generation-with-past", "no_post_process": no_post_process}
    with stage("build graph", "optimum-onnx, text-generation-with-past"), quiet_stdout():
        main_export(str(hf_dir), raw, task="text-generation-with-past", do_validation=False, local_files_only=True,
                    library_name="transformers", no_post_process=no_post_process)
    model = onnx.load(str(raw / "model.onnx"), load_external_data=True)
    lm_head = _lm_head_node(model)
    folded = 0
    if precision in ("int4", "int8"):  # float bundles keep the one shared table (folding would copy it)
        with stage("fold lm_head", "the tied output weight into a constant"):
            folded = fold_constant_transposes(model)
    options["folded_transposes"] = folded
    quant = {"block_size": None, "accuracy_level": None, "lm_head": precision, "embedding": precision}
    if precision == "fp16":
        from onnxruntime.transformers.float16 import convert_float_to_float16

        with stage("convert to fp16", "weights (inputs/outputs stay fp32)"), quiet_stdout():
            model = convert_float_to_float16(model, keep_io_types=True, disable_shape_infer=True)
        options["fp16"] = "onnxruntime.transformers.float16, keep_io_types"
    if precision in ("fp32", "fp16"):
        save_with_external_data(model, out_dir / "model.onnx")
        return {"options": options, "quantization": quant}
    bits = 4 if precision == "int4" else 8
    folded_path = Path(work) / "folded" / "model.onnx"
    folded_path.parent.mkdir(parents=True, exist_ok=True)
    save_with_external_data(model, folded_path)
    del model
    excluded = [] if quantize_lm_head else [lm_head]
    with stage("quantize", f"MatMulNBits {bits}-bit, block {block_size}, accuracy_level {accuracy_level}"), quiet_stdout():
        quantize_weights(folded_path, out_dir / "model.onnx", bits=bits, block_size=block_size,
                         accuracy_level=accuracy_level, quantize_gather=bits == 4, nodes_to_exclude=excluded)
    quant = {"block_size": block_size, "accuracy_level": accuracy_level,
             "lm_head": precision if quantize_lm_head else "fp32",
             "embedding": "int4 (separate copy from lm_head)" if bits == 4 else "fp32"}
    return {"options": options, "quantization": quant}
