"""Carry a GGUF's own quantized blocks into the builder's int4 graph instead of re-quantizing its dequantized values.

Every block format here has 32 weights, MatMulNBits' block size 32:
- Q4_0 (w = d*(q-8)) is symmetric MatMulNBits exactly: nibbles repacked, scale d, no zero points.
- Q8_0 (w = d*q, q int8) is 8-bit symmetric MatMulNBits exactly: stored q+128, scale d (implicit zero point 128).
- Q4_1 (w = d*q + m) needs a zero point -m/d, rarely an integer. onnxruntime's CPU MatMulNBits takes float zero
  points, but then skips its packed kernels and dequantizes the whole weight on every call (60-100x slower at
  one token, benchmarks/matmulnbits_zero_points.py), so each block gets the best fitting (scale, 4-bit integer
  zero point) instead: a small search over scales near d and zero points near -m/d, each refitted by least
  squares. Not lossless, but closer to the source than re-quantizing the dequantized values.
Other tensor types (and fused weights mixing 4- and 8-bit sources) keep the builder's re-quantized weights.

The blocks go into a builder graph with export/gguf_graph.py's `carry_gguf_blocks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


BLOCK = 32
Q4_1_SCALE_STEPS = tuple(np.linspace(0.85, 1.15, 13))  # scale candidates, times d (measured: finer buys < 1 %)
Q4_1_ZERO_STEPS = (-1, 0, 1)  # zero point candidates around round(-m/scale)


@dataclass
class Blocks:
    """One weight [N out, K in] in MatMulNBits' layout."""

    bits: int
    packed: np.ndarray  # uint8 [N, K/32, 32*bits/8]; 4 bits: element 2j in the low nibble of byte j
    scales: np.ndarray  # float32 [N, K/32]
    zero_points: np.ndarray | None  # uint8 [N, K/32] unpacked; None = implicit 2**(bits-1)
    exact: bool  # dequantizes to exactly the GGUF's values
    squared_error: float = 0.0  # sum over weights of (carried - GGUF value)^2
    squared_norm: float = 0.0  # sum over weights of (GGUF value)^2


def pack_nibbles(values: np.ndarray) -> np.ndarray:
    """[..., 2j] into the low nibble, [..., 2j+1] into the high nibble (an odd last value pairs with 0)."""
    values = values.astype(np.uint8)
    if values.shape[-1] % 2:
        values = np.concatenate([values, np.zeros((*values.shape[:-1], 1), np.uint8)], axis=-1)
    return values[..., ::2] | (values[..., 1::2] << 4)


def _fp16(raw: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(raw).view(np.float16)[..., 0].astype(np.float32)


def _nibbles(qs: np.ndarray) -> np.ndarray:
    """GGUF 4-bit block order: element j in the low nibble of byte j, element j+16 in its high nibble."""
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


def fit_zero_points(w: np.ndarray, d: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per block of w [blocks, 32] (= d*q + m): the (q 0..15, scale, zero point 0..15) with the least squared error
    among the candidates; the first candidate (scale d, zero point round(-m/d), q unchanged where that fits) bounds
    the error by the zero point's rounding."""
    d = np.where(d > 0, d, np.maximum(np.abs(m), 1e-30) / 8)  # a constant block (d = 0): any scale fits
    best_err = np.full(len(w), np.inf, np.float32)
    best_q = np.zeros(w.shape, np.uint8)
    best_s, best_z = d.copy(), np.zeros(len(w), np.float32)
    for step in Q4_1_SCALE_STEPS:
        scale = d * np.float32(step)
        center = np.rint(-m / scale)
        for dz in Q4_1_ZERO_STEPS:
            z = np.clip(center + dz, 0, 15)
            q = np.clip(np.rint(w / scale[:, None] + z[:, None]), 0, 15)
            qz = q - z[:, None]
            den = (qz * qz).sum(1)
            refit = np.where(den > 0, (w * qz).sum(1) / np.maximum(den, 1e-30), scale)
            err = ((w - refit[:, None] * qz) ** 2).sum(1)
            better = err < best_err
            best_err = np.where(better, err, best_err)
            best_q[better], best_s[better], best_z[better] = q[better], refit[better], z[better]
    return best_q, best_s.astype(np.float32), best_z.astype(np.uint8)


def _fitted(n: int, blocks: int, w: np.ndarray, d: np.ndarray, m: np.ndarray) -> Blocks:
    q, scale, zero = fit_zero_points(w, d, m)
    error = float((((q.astype(np.float32) - zero[:, None]) * scale[:, None] - w) ** 2).sum())
    return Blocks(4, pack_nibbles(q).reshape(n, blocks, BLOCK // 2), scale.reshape(n, blocks),
                  zero.reshape(n, blocks), False, error, float((w * w).sum()))


def tensor_blocks(tensor, q8_0_bits: int = 8) -> Blocks | None:
    """A GGUFReader tensor [N, K] as MatMulNBits blocks; None for types without a block path here.
    q8_0_bits=4: a Q8_0 tensor's values refitted to 4-bit blocks with zero points (starting from min/max)."""
    from gguf import GGMLQuantizationType as T

    kind = tensor.tensor_type
    if kind not in (T.Q4_0, T.Q4_1, T.Q8_0):
        return None
    n, k = int(tensor.shape[1]), int(tensor.shape[0])  # GGUF lists dims fastest-first
    raw = np.asarray(tensor.data, dtype=np.uint8).reshape(n, k // BLOCK, -1)
    if kind == T.Q8_0 and q8_0_bits == 4:
        w = (raw[..., 2:].view(np.int8).astype(np.float32) * _fp16(raw[..., 0:2])[..., None]).reshape(-1, BLOCK)
        low, high = w.min(1), w.max(1)
        return _fitted(n, k // BLOCK, w, (high - low) / 15, low)
    if kind == T.Q8_0:
        q = raw[..., 2:].view(np.int8).astype(np.int16) + 128
        return Blocks(8, q.astype(np.uint8), _fp16(raw[..., 0:2]), None, True)
    if kind == T.Q4_0:
        return Blocks(4, pack_nibbles(_nibbles(raw[..., 2:])), _fp16(raw[..., 0:2]), None, True)
    d, m = _fp16(raw[..., 0:2]).reshape(-1), _fp16(raw[..., 2:4]).reshape(-1)
    w = _nibbles(raw[..., 4:]).reshape(-1, BLOCK).astype(np.float32) * d[:, None] + m[:, None]
    return _fitted(n, k // BLOCK, w, d, m)


def dequantize_blocks(blocks: Blocks) -> np.ndarray:
    """[N, K] float32 of what MatMulNBits computes with (tests and checks)."""
    if blocks.bits == 8:
        q = blocks.packed.astype(np.float32)
    else:
        q = np.stack([blocks.packed & 0x0F, blocks.packed >> 4], axis=-1).reshape(*blocks.packed.shape[:2], BLOCK)
    zero = np.float32(2 ** (blocks.bits - 1)) if blocks.zero_points is None else blocks.zero_points[..., None]
    return ((q.astype(np.float32) - zero) * blocks.scales[..., None]).reshape(len(q), -1)


def _rows(blocks: Blocks, order: np.ndarray) -> Blocks:
    zero = None if blocks.zero_points is None else blocks.zero_points[order]
    return Blocks(blocks.bits, blocks.packed[order], blocks.scales[order], zero, blocks.exact,
                  blocks.squared_error, blocks.squared_norm)


def concat_rows(parts: list[Blocks]) -> Blocks | None:
    """Stack weights along N (the builder's fused qkv); None when their bit widths differ."""
    if len({p.bits for p in parts}) != 1:
        return None
    zeros = None
    if any(p.zero_points is not None for p in parts):
        zeros = np.concatenate([p.zero_points if p.zero_points is not None
                                else np.full(p.scales.shape, 2 ** (p.bits - 1), np.uint8) for p in parts])
    return Blocks(parts[0].bits, np.concatenate([p.packed for p in parts]), np.concatenate([p.scales for p in parts]),
                  zeros, all(p.exact for p in parts), sum(p.squared_error for p in parts),
                  sum(p.squared_norm for p in parts))


# builder initializer prefix (before ".MatMul.weight_Q4G32") -> Hugging Face weights fused into it, in row order
_LAYER_WEIGHTS = {
    "attn.qkv_proj": ("self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight"),
    "attn.q_proj": ("self_attn.q_proj.weight",), "attn.k_proj": ("self_attn.k_proj.weight",),
    "attn.v_proj": ("self_attn.v_proj.weight",), "attn.o_proj": ("self_attn.o_proj.weight",),
    "mlp.gate_proj": ("mlp.gate_proj.weight",), "mlp.up_proj": ("mlp.up_proj.weight",),
    "mlp.down_proj": ("mlp.down_proj.weight",),
}


def source_weights(prefix: str, tied: bool) -> tuple[str, ...] | None:
    """The Hugging Face weight names behind a builder MatMulNBits weight prefix."""
    if prefix == "lm_head":
        return ("model.embed_tokens.weight",) if tied else ("lm_head.weight",)
    match = re.fullmatch(r"model\.layers\.(\d+)\.(.+)", prefix)
    if not match or match.group(2) not in _LAYER_WEIGHTS:
        return None
    return tuple(f"model.layers.{match.group(1)}.{name}" for name in _LAYER_WEIGHTS[match.group(2)])


GGUF_BLOCK_TYPES = ("Q4_0", "Q4_1", "Q8_0")
AS_INT4 = "_as_int4"  # "Q8_0_as_int4": Q8_0 refitted to 4-bit blocks with zero points instead of kept at 8 bits
INT4_BLOCK_TYPES = ("Q4_0", "Q4_1", "Q8_0" + AS_INT4)  # every carried weight 4-bit
# The GGUF's 4-bit blocks only (other types keep the builder's re-quantized int4): the default bundle's choice,
# as fast as the re-quantized graph. Q8_0 at 8 bits fits the source best but decodes 4-11 % slower (SmolLM2's
# lm_head doubles); Q8_0_as_int4 measured no better than the builder's symmetric int4 (benchmarks/RESULTS.md).
FOUR_BIT_BLOCK_TYPES = ("Q4_0", "Q4_1")


def _llama_row_order(rows: int, heads: int) -> np.ndarray:
    """llama.cpp stores llama q/k rows permuted for its rotary layout; this order undoes it (as the streaming
    reader does for dequantized values)."""
    return np.arange(rows).reshape(heads, rows // heads // 2, 2).swapaxes(1, 2).reshape(rows)


def hf_weight_blocks(tensors: dict, config: dict, hf_name: str, types: tuple[str, ...]) -> Blocks | None:
    from terminus_edge.export.streaming.readers import gguf_name

    key = gguf_name(hf_name)
    tensor = tensors.get(key)
    if tensor is None or not {tensor.tensor_type.name, tensor.tensor_type.name + AS_INT4} & set(types):
        return None
    blocks = tensor_blocks(tensor, 8 if tensor.tensor_type.name in types else 4)
    if blocks is not None and config.get("model_type") == "llama" and key.endswith(("attn_q.weight", "attn_k.weight")):
        heads = config["num_attention_heads"] if "attn_q" in key else config.get("num_key_value_heads", config["num_attention_heads"])
        blocks = _rows(blocks, _llama_row_order(len(blocks.scales), heads))
    return blocks
