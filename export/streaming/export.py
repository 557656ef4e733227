"""export_low_memory: stream a model into an int4 builder-style bundle, one tensor in memory at a time."""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.progress import say, stage

VALIDATE_MAX_BYTES = 2 << 30  # torch validation loads the fp32 model: only where that fits comfortably


def build_graph(reader, config: dict, onnx_dir: Path, *, block_size: int, accuracy_level: int, target: str = "cpu") -> None:
    """Write onnx_dir/model.onnx + model.onnx.data from `reader`, layer by layer (one progress stage).

    target "cuda": float16 activations, scales, norms and KV cache (the builder's CUDA graphs are fp16 too)."""
    with stage("stream weights", f"{config['num_hidden_layers']} layers to int4 block {block_size} ({target})") as progress:
        _write_graph(reader, config, onnx_dir, block_size=block_size, accuracy_level=accuracy_level, target=target,
                     progress=progress)


def _write_graph(reader, config: dict, onnx_dir: Path, *, block_size: int, accuracy_level: int, target: str, progress) -> None:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    from terminus_edge.export.streaming import graph as parts
    from terminus_edge.export.streaming.data_file import ExternalDataFile

    heads = config["num_attention_heads"]
    shape = {"heads": heads, "kv_heads": config.get("num_key_value_heads", heads),
             "head_dim": config.get("head_dim") or config["hidden_size"] // heads}
    layers, hidden, vocab = config["num_hidden_layers"], config["hidden_size"], config["vocab_size"]
    tied = bool(config.get("tie_word_embeddings", False))
    onnx_dir.mkdir(parents=True, exist_ok=True)
    data = ExternalDataFile(onnx_dir / "model.onnx.data")
    float_type, float_proto = (np.float16, TensorProto.FLOAT16) if target == "cuda" else (np.float32, TensorProto.FLOAT)
    g = parts.Graph(data, block_size, accuracy_level, float(config.get("rms_norm_eps", 1e-6)), float_type)
    mask = parts.mask_subgraph(g)
    rotary = parts.rotary_caches(g, shape["head_dim"], float(config.get("rope_theta", 10000.0)), config["max_position_embeddings"])
    progress.update("embedding")
    residual = parts.embedding(g, reader.get("model.embed_tokens.weight"), tied)
    x = parts.norm(g, "/model/layers.0/input_layernorm/LayerNorm", residual, "model.layers.0.input_layernorm.weight",
                   reader.get("model.layers.0.input_layernorm.weight"), output="/model/layers.0/input_layernorm/output_0")
    for i in range(layers):
        progress.update(f"layer {i + 1}/{layers}")
        prefix = f"model.layers.{i}."
        names = ["q_proj", "k_proj", "v_proj", "o_proj"] + (["q_norm", "k_norm"] if reader.has(prefix + "self_attn.q_norm.weight") else [])
        attn = parts.attention(g, i, x, {n: reader.get(f"{prefix}self_attn.{n}.weight") for n in names}, shape, mask, rotary)
        x, residual = parts.skip_norm(g, f"/model/layers.{i}/post_attention_layernorm/SkipLayerNorm", residual, attn,
                                      prefix + "post_attention_layernorm.weight", reader.get(prefix + "post_attention_layernorm.weight"),
                                      f"/model/layers.{i}/post_attention_layernorm")
        out = parts.mlp(g, i, x, {n: reader.get(f"{prefix}mlp.{n}.weight") for n in ("gate_proj", "up_proj", "down_proj")})
        if i + 1 < layers:
            name = f"model.layers.{i + 1}.input_layernorm.weight"
            x, residual = parts.skip_norm(g, f"/model/layers.{i + 1}/input_layernorm/SkipLayerNorm", residual, out, name,
                                          reader.get(name), f"/model/layers.{i + 1}/input_layernorm")
    final = f"/model/layers.{layers}/final_norm_layernorm"
    x, _ = parts.skip_norm(g, f"{final}/SkipLayerNorm", residual, out, f"model.layers.{layers}.final_norm_layernorm.weight",
                           reader.get("model.norm.weight"), final, keep_sum=False)
    progress.update("lm_head")
    tied_names = (f"lm_head.MatMul.weight_Q4G{block_size}", "lm_head.MatMul.weight_scale") if tied else None
    parts.lm_head(g, x, None if tied else reader.get("lm_head.weight"), tied_names, vocab, hidden)
    data.close()

    kv = lambda kind, i, seq: helper.make_tensor_value_info(  # noqa: E731
        f"{kind}.{i}.{'key' if seq[1] == 'k' else 'value'}", float_proto,
        ["batch_size", shape["kv_heads"], seq[0], shape["head_dim"]])
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"])]
    inputs += [kv("past_key_values", i, ("past_sequence_length", s)) for s in "kv" for i in range(layers)]
    outputs = [helper.make_tensor_value_info("logits", float_proto, ["batch_size", "sequence_length", vocab])]
    outputs += [kv("present", i, ("total_sequence_length", s)) for s in "kv" for i in range(layers)]
    model = helper.make_model(helper.make_graph(g.nodes, "main_graph", inputs, outputs, g.initializers),
                              opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)],
                              ir_version=10, producer_name="terminus-edge streaming")
    onnx.save_model(model, str(onnx_dir / "model.onnx"))


def _validation(prepared, onnx_dir: Path, validate: bool, threads, reference: str | None = "auto",
                skipped: str | None = None) -> dict:
    """reference: the torch dtype the memory guard found room for (None: no room, `skipped` says why); "auto":
    no guard ran (fp32, for sources up to VALIDATE_MAX_BYTES)."""
    if not validate:
        say("warning: --no-validate: the bundle was NOT compared with the source model")
        return {"status": "skipped"}
    weights = sum(p.stat().st_size for p in Path(prepared.hf_dir).glob("*.safetensors"))
    if reference == "auto":  # no memory plan: HF sources that fit the old fixed budget only
        reference = "fp32" if prepared.kind == "hf" and weights <= VALIDATE_MAX_BYTES else None
        skipped = (f"the torch reference ({weights / 2**30:.1f} GiB of weights) would break the low-memory budget"
                   if prepared.kind == "hf" else "--force: no memory plan for a torch model of this GGUF")
    if prepared.kind == "random" or reference is None:
        reason = "no torch source for a streamed random-init model" if prepared.kind == "random" else skipped
        say(f"note: validation skipped: {reason}")
        return {"status": "skipped", "reason": reason + "; equivalence with the builder backend is tested on small models (tests/test_export_lowmem.py)"}
    from terminus_edge.export.validate import validate_export

    # a GGUF's torch model is transformers' dequantization of it, as the builder path validates against
    gguf_file = Path(prepared.path) if prepared.kind == "gguf" else None
    return validate_export(prepared.hf_dir, onnx_dir / "model.onnx", "int4", threads=threads, reference=reference,
                           gguf_file=gguf_file)


def export_low_memory(source, out_dir, *, random_init=None, layers=None, tokenizer=None, block_size=32, accuracy_level=4,
                      validate=True, threads=None, source_label=None, reference="auto", skipped=None, target="cpu") -> dict:
    """Export SOURCE (HF dir with safetensors, .gguf, or --random-init) to an int4 bundle; return its manifest.

    reference / skipped: the memory guard's validation plan (see _validation)."""
    from terminus_edge.export.api import (default_tokenizer_dir, architecture_fields, check_block_size, install_bundle,
                                          prepare_out_dir)
    from terminus_edge.export.streaming import sources

    out_dir = prepare_out_dir(out_dir, block_size)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}.work-", dir=out_dir.parent) as tmp:
        work = Path(tmp)
        if random_init is not None:
            if source is not None:
                raise ExportError("give either SOURCE or --random-init, not both")
            default_tok = default_tokenizer_dir() if tokenizer is None else None
            reader, prepared = sources.from_random(random_init, layers, work, tokenizer, default_tok)
        elif source is None:
            raise ExportError("nothing to export: give SOURCE (HF directory or .gguf file) or --random-init PRESET|CONFIG")
        elif Path(source).is_file() and Path(source).suffix == ".gguf":
            reader, prepared = sources.from_gguf(Path(source), work)
        else:
            reader, prepared = sources.from_hf_dir(Path(source), work, tokenizer)
        for note in prepared.notes:
            say(f"note: {note}")
        check_block_size(reader.config, block_size)
        onnx_dir = work / "onnx"
        build_graph(reader, reader.config, onnx_dir, block_size=block_size, accuracy_level=accuracy_level, target=target)
        del reader
        export_seconds = time.perf_counter() - started
        gc.collect()
        validation = _validation(prepared, onnx_dir, validate, threads, reference, skipped)
        tied = bool(prepared and architecture_fields(prepared.hf_dir)["tie_word_embeddings"])
        quantization = {"block_size": block_size, "accuracy_level": accuracy_level, "lm_head": "int4",
                        "embedding": "int4 (shared with lm_head)" if tied else ("fp16" if target == "cuda" else "fp32")}
        backend_fields = {"precision": "int4", "backend": "streaming", "target": target, "quantization": quantization,
                          "backend_options": ["low_memory=true", "int4_algo=rtn (onnxruntime quant_tensor, symmetric)",
                                              f"int4_block_size={block_size}", f"int4_accuracy_level={accuracy_level}"]}
        return install_bundle(out_dir, work, onnx_dir, prepared, backend_fields, validation=validation,
                              export_seconds=export_seconds, source_label=source_label)
