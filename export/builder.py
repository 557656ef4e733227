"""The default backend: onnxruntime-genai's model builder (GroupQueryAttention, MatMulNBits, shared int4
embedding/output), run in-process. int8 is the builder's fp32 graph quantized with MatMulNBits 8-bit."""

from __future__ import annotations

import json
from pathlib import Path

from terminus_edge.export.progress import quiet_stdout, stage
from terminus_edge.export.quantize import quantize_weights

BUILDER_PRECISION = {"fp32": "fp32", "fp16": "fp16", "int4": "int4", "int8": "fp32"}


def builder_options(precision: str, *, block_size: int, accuracy_level: int, quantize_lm_head: bool, tied: bool) -> list[str]:
    """KEY=VALUE pairs for the builder's --extra_options (also what the manifest records)."""
    options = ["hf_token=false", "hf_remote=false"]
    if precision == "int4":
        # rtn + shared_embeddings: one int4 copy of the tied embedding/output (default algo keeps a big fp32 one)
        options += ["int4_algo_config=rtn", f"int4_block_size={block_size}", f"int4_accuracy_level={accuracy_level}"]
        if not quantize_lm_head:
            options.append("int4_nodes_to_exclude=/lm_head/MatMul")
    # int8 quantizes the fp32 graph afterwards; a shared Gather table would leave lm_head without a const MatMul.
    # Builder 0.14.1 with an excluded int4 lm_head and shared embeddings refers to a quantized weight it never
    # makes ("Node input 'lm_head.MatMul.weight_Q4G32' is not a graph input"), so that case keeps two fp32 copies.
    share = tied and precision != "int8" and (precision != "int4" or quantize_lm_head)
    options.append(f"shared_embeddings={'true' if share else 'false'}")
    return options


def _drop_value_info(model_path: Path) -> None:
    """The fp16 CPU graph (repeat_kv attention) carries intermediate shape annotations with wrong symbolic
    dims; onnxruntime then fails on the first decode step ("Shape mismatch attempting to re-use buffer").
    Dropping them (weights untouched) lets onnxruntime infer shapes itself."""
    import onnx

    model = onnx.load(str(model_path), load_external_data=False)
    del model.graph.value_info[:]
    onnx.save(model, str(model_path))


def run_builder(hf_dir: Path, out_dir: Path, precision: str, *, cache_dir: Path, block_size: int = 32,
                accuracy_level: int = 4, quantize_lm_head: bool = True, target: str = "cpu") -> dict:
    """Export `hf_dir` to `out_dir/model.onnx` (+ model.onnx.data); return what the manifest records.

    target: the builder's execution provider ("cuda": fp16 activations and KV cache, GroupQueryAttention)."""
    from onnxruntime_genai.models import builder  # noqa: F401 - puts the builders package on sys.path
    from onnxruntime_genai.models.builder import create_model, parse_extra_options

    config = json.loads((Path(hf_dir) / "config.json").read_text())
    tied = bool(config.get("tie_word_embeddings", False))
    options = builder_options(precision, block_size=block_size, accuracy_level=accuracy_level,
                              quantize_lm_head=quantize_lm_head, tied=tied)
    out_dir = Path(out_dir)
    raw_dir = out_dir / "builder-raw" if precision == "int8" else out_dir
    # Its output (captured to the export log by the CLI) includes, for int4 with shared_embeddings, two onnx_ir
    # warnings "Input 'lm_head.MatMul.weight_Q4G32' / 'lm_head.MatMul.weight_scale' ... cannot be found in any scope.
    # The model is invalid but we will still create a new input". Harmless: the builder's fp32 graph has the
    # embedding's GatherBlockQuantized read the int4 lm_head tensors that MatMulNBitsQuantizer is about to create,
    # and the quantizer's RTN pass converts that not-yet-quantized graph to onnx_ir only to measure its size
    # (neural_compressor ONNXModel.check_is_large_model). The saved graph defines both tensors as initializers and
    # has no extra input: tests/test_export_output.py checks every node input of a tied int4 graph resolves.
    with stage("build graph", f"onnxruntime-genai builder, {BUILDER_PRECISION[precision]}, {target}"), quiet_stdout():
        extra = parse_extra_options(options, target)
        create_model(None, str(hf_dir), str(raw_dir), BUILDER_PRECISION[precision], target, str(cache_dir), **extra)
    quant = {"block_size": None, "accuracy_level": None, "lm_head": precision, "embedding": precision}
    if precision == "fp16":
        _drop_value_info(out_dir / "model.onnx")
    if precision == "int4":
        quant = {"block_size": block_size, "accuracy_level": accuracy_level,
                 "lm_head": "int4" if quantize_lm_head else "fp32",
                 "embedding": "int4 (shared with lm_head)" if tied and quantize_lm_head  # else a float Gather
                 else "fp16" if target == "cuda" else "fp32"}
    elif precision == "int8":
        with stage("quantize", "MatMulNBits 8-bit"), quiet_stdout():
            excluded = [] if quantize_lm_head else ["/lm_head/MatMul"]
            quantize_weights(raw_dir / "model.onnx", out_dir / "model.onnx", bits=8, block_size=block_size,
                             accuracy_level=accuracy_level, quantize_gather=False, nodes_to_exclude=excluded)
        quant = {"block_size": block_size, "accuracy_level": accuracy_level,
                 "lm_head": "int8" if quantize_lm_head else "fp32", "embedding": "fp32"}
    return {"options": options, "quantization": quant}
