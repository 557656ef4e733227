"""Write an HF model directory's weights as a GGUF (Q4_0 by default) with the `gguf` library, so llama.cpp
and terminus-edge read identical numbers in `bench compare` (used for random-weight Qwen3-4B-shaped models,
which have no published GGUF).

Every 2-D matrix (embedding and output included, like llama-quantize --pure) is quantized to the chosen
type; norms stay F32. Qwen2/Qwen3 use NEOX rope in llama.cpp, so Q/K are written unpermuted; llama (and
SmolLM2) use interleaved rope and get the same Q/K permutation convert_hf_to_gguf.py applies.
"""

from __future__ import annotations

import json
from pathlib import Path

from terminus_edge.errors import TerminusError

ARCHS = {"qwen3": "QWEN3", "qwen2": "QWEN2", "llama": "LLAMA"}


class GGUFWriteError(TerminusError):
    """The model directory cannot be written as a GGUF."""


def permute_for_llama_cpp(weight, heads: int):
    """convert_hf_to_gguf.py LlamaModel.permute: HF's rotate-half layout -> llama.cpp's interleaved one."""
    return weight.reshape(heads, 2, weight.shape[0] // heads // 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def _tokenizer(writer, hf_dir: Path, vocab_size: int, config: dict) -> None:
    import gguf

    data = json.loads((hf_dir / "tokenizer.json").read_text(encoding="utf-8"))
    vocab: dict[str, int] = dict(data["model"]["vocab"])
    special = set()
    for added in data.get("added_tokens", []):
        vocab[added["content"]] = added["id"]
        if added.get("special"):
            special.add(added["id"])
    by_id = {i: t for t, i in vocab.items()}
    tokens, types = [], []
    for i in range(vocab_size):
        text = by_id.get(i, f"<unk_{i}>")
        tokens.append(text)
        types.append(gguf.TokenType.CONTROL if i in special else gguf.TokenType.NORMAL)
    merges = [m if isinstance(m, str) else " ".join(m) for m in data["model"].get("merges", [])]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    for key, add in (("bos_token_id", writer.add_bos_token_id), ("eos_token_id", writer.add_eos_token_id)):
        if isinstance(config.get(key), int):
            add(config[key])


def new_writer(hf_dir: Path, out_path: Path, qtype: str, name: str | None = None):
    """A GGUFWriter holding the header metadata and tokenizer of the model in hf_dir (config.json +
    tokenizer.json; the weights are not read). Returns (writer, config, quantization type, gguf arch)."""
    import gguf

    config = json.loads((hf_dir / "config.json").read_text())
    model_type = config.get("model_type")
    if model_type not in ARCHS:
        raise GGUFWriteError(f"cannot write {model_type!r} as GGUF (supported: {', '.join(ARCHS)})")
    quant = gguf.GGMLQuantizationType[qtype]
    arch = gguf.MODEL_ARCH[ARCHS[model_type]]
    layers, heads = config["num_hidden_layers"], config["num_attention_heads"]
    kv_heads = config.get("num_key_value_heads", heads)
    head_dim = config.get("head_dim") or config["hidden_size"] // heads
    writer = gguf.GGUFWriter(str(out_path), gguf.MODEL_ARCH_NAMES[arch])
    writer.add_name(name or hf_dir.name)
    writer.add_block_count(layers)
    writer.add_context_length(min(int(config.get("max_position_embeddings") or 4096), 32768))
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(heads)
    writer.add_head_count_kv(kv_heads)
    writer.add_key_length(head_dim)
    writer.add_value_length(head_dim)
    writer.add_rope_dimension_count(head_dim)
    writer.add_rope_freq_base(float(config.get("rope_theta") or 10000.0))
    writer.add_layer_norm_rms_eps(float(config.get("rms_norm_eps") or 1e-6))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32 if qtype == "F32" else getattr(gguf.LlamaFileType, f"MOSTLY_{qtype}"))
    _tokenizer(writer, hf_dir, config["vocab_size"], config)
    return writer, config, quant, arch


def write_gguf(hf_dir: str | Path, out_path: str | Path, qtype: str = "Q4_0") -> Path:
    import gguf
    import numpy as np
    from safetensors import safe_open

    hf_dir, out_path = Path(hf_dir), Path(out_path)
    writer, config, quant, arch = new_writer(hf_dir, out_path, qtype)
    model_type, layers, heads = config["model_type"], config["num_hidden_layers"], config["num_attention_heads"]
    kv_heads = config.get("num_key_value_heads", heads)
    names = gguf.get_tensor_name_map(arch, layers)
    for file in sorted(hf_dir.glob("*.safetensors")):
        with safe_open(str(file), framework="np") as handle:
            for key in handle.keys():
                base = key.removesuffix(".weight")
                name = names.get_name(base)
                if name is None:
                    raise GGUFWriteError(f"no GGUF name for tensor {key}")
                data = handle.get_tensor(key).astype(np.float32)
                if model_type == "llama" and base.endswith("q_proj"):
                    data = permute_for_llama_cpp(data, heads)
                elif model_type == "llama" and base.endswith("k_proj"):
                    data = permute_for_llama_cpp(data, kv_heads)
                if data.ndim == 2 and quant != gguf.GGMLQuantizationType.F32:
                    writer.add_tensor(f"{name}.weight", gguf.quants.quantize(data, quant), raw_dtype=quant)
                else:
                    writer.add_tensor(f"{name}.weight", data)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out_path


if __name__ == "__main__":
    import sys

    print(write_gguf(sys.argv[1], sys.argv[2], *(sys.argv[3:4] or [])))
