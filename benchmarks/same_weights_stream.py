"""Write a GGUF straight from a lazy tensor reader (export/streaming/readers.py), one tensor in memory at a time,
so a full-size random-init model (36-layer Qwen3-4B shape) gets a llama.cpp twin of the very weights
`terminus-edge export --random-init PRESET --low-memory` streams into its bundle, without the 8-16 GB HF
directory write_gguf would need.

Same tensor names, metadata, Q/K handling and quantization as same_weights.write_gguf: GGUFWriter gets every
tensor's info first (shape and byte size are known without the data), then the header, and then each tensor is
generated, quantized and written in the same order.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from terminus_edge.benchmarks.same_weights import GGUFWriteError, new_writer, permute_for_llama_cpp

_LAYER_TENSORS = ("input_layernorm", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                  "self_attn.q_norm", "self_attn.k_norm", "post_attention_layernorm", "mlp.gate_proj", "mlp.up_proj",
                  "mlp.down_proj")
_CHUNK_ROWS = 8192  # quantize big matrices (the 151936-row embedding) a slab at a time: bounded temporaries


def hf_tensor_names(config: dict, reader) -> list[str]:
    """The Hugging Face tensor names a model of `config` has, in file order (embedding, layers, norm, head)."""
    names = ["model.embed_tokens.weight"]
    for i in range(config["num_hidden_layers"]):
        for part in _LAYER_TENSORS:
            if part.endswith(("q_norm", "k_norm")) and config["model_type"] != "qwen3":
                continue
            names.append(f"model.layers.{i}.{part}.weight")
    names.append("model.norm.weight")
    if reader.has("lm_head.weight"):
        names.append("lm_head.weight")
    return names


def _quantize(data, quant):
    import numpy as np
    from gguf.quants import quantize

    if data.shape[0] <= _CHUNK_ROWS:
        return quantize(data, quant)
    return np.concatenate([quantize(data[i:i + _CHUNK_ROWS], quant) for i in range(0, data.shape[0], _CHUNK_ROWS)])


def write_gguf_from_reader(reader, meta_dir: str | Path, out_path: str | Path, qtype: str = "Q4_0",
                           name: str | None = None, progress=None) -> Path:
    """Write `reader`'s tensors (shapes from reader.shape(name)) as a GGUF; config.json + tokenizer.json come from
    meta_dir. `progress(i, total, name)` is called before each tensor is written."""
    import gguf
    import numpy as np

    meta_dir, out_path = Path(meta_dir), Path(out_path)
    writer, config, quant, arch = new_writer(meta_dir, out_path, qtype, name)
    heads = config["num_attention_heads"]
    kv_heads = config.get("num_key_value_heads", heads)
    mapping = gguf.get_tensor_name_map(arch, config["num_hidden_layers"])
    plan = []
    for hf_name in hf_tensor_names(config, reader):
        base = hf_name.removesuffix(".weight")
        gguf_base = mapping.get_name(base)
        if gguf_base is None:
            raise GGUFWriteError(f"no GGUF name for tensor {hf_name}")
        shape = tuple(reader.shape(hf_name))
        quantized = len(shape) == 2 and quant != gguf.GGMLQuantizationType.F32
        if quantized:
            byte_shape = gguf.quants.quant_shape_to_byte_shape(shape, quant)
            writer.add_tensor_info(f"{gguf_base}.weight", byte_shape, np.dtype(np.uint8), int(np.prod(byte_shape)), raw_dtype=quant)
        else:
            writer.add_tensor_info(f"{gguf_base}.weight", shape, np.dtype(np.float32), int(np.prod(shape)) * 4)
        plan.append((hf_name, base, quantized))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for i, (hf_name, base, quantized) in enumerate(plan):
        if progress is not None:
            progress(i, len(plan), hf_name)
        data = np.ascontiguousarray(reader.get(hf_name), dtype=np.float32)
        if config["model_type"] == "llama" and base.endswith(("q_proj", "k_proj")):
            data = permute_for_llama_cpp(data, heads if base.endswith("q_proj") else kv_heads)
        writer.write_tensor_data(_quantize(data, quant) if quantized else data)
        del data
    writer.close()
    return out_path


def write_random_init_gguf(preset: str, out_path: str | Path, *, layers: int | None = None, tokenizer=None,
                           qtype: str = "Q4_0", progress=None) -> Path:
    """The GGUF twin of `terminus-edge export --random-init PRESET [--layers N] [--tokenizer T] --low-memory`: the
    same config and the same per-name seeded weights (RandomReader). Pass the bundle as `tokenizer` so both sides
    also tokenize alike (the bundle's tokenizer.json already carries the placeholder ids)."""
    from terminus_edge.export.api import default_tokenizer_dir
    from terminus_edge.export.streaming import sources

    with tempfile.TemporaryDirectory(prefix="gguf-meta-") as tmp:
        default_tok = default_tokenizer_dir() if tokenizer is None else None
        reader, prepared = sources.from_random(preset, layers, Path(tmp), tokenizer, default_tok)
        label = Path(preset).stem if Path(preset).suffix else preset
        name = f"{label}-random-{reader.config['num_hidden_layers']}L"
        return write_gguf_from_reader(reader, prepared.hf_dir, out_path, qtype, name=name, progress=progress)


if __name__ == "__main__":
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", help="random-init preset (qwen3-4b) or config.json path")
    parser.add_argument("out", help="GGUF file to write")
    parser.add_argument("--layers", type=int)
    parser.add_argument("--tokenizer", help="bundle/HF dir or tokenizer.json (use the bundle's)")
    parser.add_argument("--qtype", default="Q4_0")
    args = parser.parse_args()
    started = time.perf_counter()
    path = write_random_init_gguf(args.preset, args.out, layers=args.layers, tokenizer=args.tokenizer, qtype=args.qtype,
                                  progress=lambda i, n, t: print(f"[{time.perf_counter() - started:6.1f}s] {i + 1}/{n} {t}",
                                                                 file=sys.stderr, flush=True))
    print(path)
