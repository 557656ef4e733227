"""Lazy tensor readers: each `get(name)` returns one float32 array under its Hugging Face name; nothing else
stays in memory. SafetensorsReader memory-maps the shards, GGUFTensorReader memory-maps the GGUF and
dequantizes one tensor on request, RandomReader generates the tensor from a seed derived from its name."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np

from terminus_edge.errors import ExportError


class SafetensorsReader:
    def __init__(self, hf_dir: Path):
        from safetensors import safe_open

        self.config = json.loads((Path(hf_dir) / "config.json").read_text())
        self._where: dict[str, Path] = {}
        self._numpy: dict[Path, bool] = {}
        for shard in sorted(Path(hf_dir).glob("*.safetensors")):
            self._numpy[shard] = self._numpy_ok(shard)
            with safe_open(str(shard), framework="numpy" if self._numpy[shard] else "pt") as handle:
                for key in handle.keys():
                    self._where[key] = shard

    @staticmethod
    def _numpy_ok(shard: Path) -> bool:
        # numpy has no bfloat16: bf16 shards are read through torch (export extra), one tensor at a time.
        with shard.open("rb") as handle:
            header = json.loads(handle.read(int.from_bytes(handle.read(8), "little")))
        return all(v.get("dtype") != "BF16" for k, v in header.items() if k != "__metadata__")

    def has(self, name: str) -> bool:
        return name in self._where

    def get(self, name: str) -> np.ndarray:
        from safetensors import safe_open

        if name not in self._where:
            raise ExportError(f"tensor {name} is missing from the safetensors files")
        shard = self._where[name]
        numpy_ok = self._numpy[shard]
        with safe_open(str(shard), framework="numpy" if numpy_ok else "pt") as handle:
            tensor = handle.get_tensor(name)
        if not numpy_ok:
            tensor = tensor.float().numpy()
        return np.ascontiguousarray(tensor, dtype=np.float32)


# Hugging Face name pattern -> GGUF name (llama.cpp naming, shared by llama/qwen2/qwen3).
_GGUF_NAMES = {
    "model.embed_tokens.weight": "token_embd.weight",
    "model.norm.weight": "output_norm.weight",
    "lm_head.weight": "output.weight",
    "input_layernorm.weight": "attn_norm.weight",
    "post_attention_layernorm.weight": "ffn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight",
    "self_attn.k_proj.weight": "attn_k.weight",
    "self_attn.v_proj.weight": "attn_v.weight",
    "self_attn.o_proj.weight": "attn_output.weight",
    "self_attn.q_norm.weight": "attn_q_norm.weight",
    "self_attn.k_norm.weight": "attn_k_norm.weight",
    "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight",
    "mlp.down_proj.weight": "ffn_down.weight",
}


def gguf_name(hf_name: str) -> str:
    if hf_name in _GGUF_NAMES:
        return _GGUF_NAMES[hf_name]
    match = re.fullmatch(r"model\.layers\.(\d+)\.(.+)", hf_name)
    if not match or match.group(2) not in _GGUF_NAMES:
        raise ExportError(f"no GGUF name for tensor {hf_name}")
    return f"blk.{match.group(1)}.{_GGUF_NAMES[match.group(2)]}"


class GGUFTensorReader:
    """GGUFReader memory-maps the file; gguf.quants.dequantize turns one tensor's blocks (Q4_0, Q4_1, Q8_0,
    F16, ...) into float32. llama.cpp stores llama q/k rows permuted for its rotary layout: undone here."""

    def __init__(self, path: Path, config: dict):
        from gguf import GGUFReader

        self.config = config
        self._reader = GGUFReader(str(path))
        self._tensors = {t.name: t for t in self._reader.tensors}

    def has(self, name: str) -> bool:
        return gguf_name(name) in self._tensors

    def get(self, name: str) -> np.ndarray:
        from gguf.quants import dequantize

        key = gguf_name(name)
        if key not in self._tensors:
            raise ExportError(f"tensor {key} ({name}) is missing from the GGUF file")
        tensor = self._tensors[key]
        shape = tuple(int(d) for d in reversed(tensor.shape))  # GGUF lists dims fastest-first
        values = dequantize(tensor.data, tensor.tensor_type).astype(np.float32, copy=False).reshape(shape)
        if self.config.get("model_type") == "llama" and key.endswith(("attn_q.weight", "attn_k.weight")):
            heads = self.config["num_attention_heads"] if "attn_q" in key else self.config["num_key_value_heads"]
            values = values.reshape(heads, shape[0] // heads // 2, 2, *shape[1:]).swapaxes(1, 2).reshape(shape)
        return np.ascontiguousarray(values)


class RandomReader:
    """Random weights of a config's shapes, generated on request: N(0, initializer_range) for matrices, ones
    for norm weights (what transformers' init gives); the seed comes from the tensor name, so a tensor is the
    same whichever order it is asked for."""

    def __init__(self, config: dict, seed: int = 0):
        self.config = config
        self.seed = seed

    def has(self, name: str) -> bool:
        return name != "lm_head.weight" or not self.config.get("tie_word_embeddings", False)

    def shape(self, name: str) -> tuple[int, ...]:
        c = self.config
        hidden, heads, kv = c["hidden_size"], c["num_attention_heads"], c.get("num_key_value_heads", c["num_attention_heads"])
        head_dim = c.get("head_dim") or hidden // heads
        part = name.split(".", 3)[-1] if name.startswith("model.layers.") else name
        shapes = {
            "model.embed_tokens.weight": (c["vocab_size"], hidden), "lm_head.weight": (c["vocab_size"], hidden),
            "model.norm.weight": (hidden,), "input_layernorm.weight": (hidden,), "post_attention_layernorm.weight": (hidden,),
            "self_attn.q_proj.weight": (heads * head_dim, hidden), "self_attn.k_proj.weight": (kv * head_dim, hidden),
            "self_attn.v_proj.weight": (kv * head_dim, hidden), "self_attn.o_proj.weight": (hidden, heads * head_dim),
            "self_attn.q_norm.weight": (head_dim,), "self_attn.k_norm.weight": (head_dim,),
            "mlp.gate_proj.weight": (c["intermediate_size"], hidden), "mlp.up_proj.weight": (c["intermediate_size"], hidden),
            "mlp.down_proj.weight": (hidden, c["intermediate_size"]),
        }
        if part not in shapes:
            raise ExportError(f"random-init has no tensor {name}")
        return shapes[part]

    def get(self, name: str) -> np.ndarray:
        shape = self.shape(name)
        if len(shape) == 1:
            return np.ones(shape, dtype=np.float32)
        digest = hashlib.sha256(f"{self.seed}:{name}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
        values = rng.standard_normal(shape, dtype=np.float32)
        values *= np.float32(self.config.get("initializer_range", 0.02))
        return values
