"""Int4 block quantization of one weight matrix in MatMulNBits' layout, with onnxruntime's own RTN kernel
(onnxruntime.quantization.neural_compressor.weight_only.quant_tensor, the one the builder's
int4_algo_config=rtn runs), so the blocks are bit-identical to the builder backend's.

Layout (onnxruntime contrib op MatMulNBits, bits=4, no zero points): B is uint8 [N, K/block, block/2], two
4-bit values per byte, low nibble first, stored value = round(w/scale) + 8; scales float32 [N, K/block]."""

from __future__ import annotations

from typing import Iterator

import numpy as np

from terminus_edge.errors import ExportError

ROWS_PER_CHUNK = 4096  # output rows quantized at once: bounds the float64 temporaries to ~100 MB at K=2560


def quantize_int4_chunks(weight: np.ndarray, block_size: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (packed uint8 [rows, K/block, block/2], scales float32 [rows, K/block]) for consecutive row
    chunks of `weight` [N out, K in] (the Hugging Face nn.Linear layout = MatMul weight transposed)."""
    from onnxruntime.quantization.neural_compressor.weight_only import quant_tensor

    rows, k = weight.shape
    if k % block_size:
        raise ExportError(f"input size {k} is not a multiple of the block size {block_size}")
    blocks = k // block_size
    for start in range(0, rows, ROWS_PER_CHUNK):
        chunk = weight[start:start + ROWS_PER_CHUNK]
        # "sym" with dtype "uint": scale = 2*max|w|/15, zero point 8, values clipped to 0..15 (builder rtn).
        q, scale, _ = quant_tensor(chunk, 4, block_size, "sym", "uint")
        q = q.astype(np.uint8)
        packed = (q[:, ::2] | (q[:, 1::2] << 4)).reshape(len(chunk), blocks, block_size // 2)
        yield packed, scale.astype(np.float32).reshape(len(chunk), blocks)


def dequantize_int4(packed: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Inverse of the layout above, [N, K] float32 (for tests and checks)."""
    low = (packed & 0x0F).astype(np.float32)
    high = (packed >> 4).astype(np.float32)
    values = np.stack([low, high], axis=-1).reshape(packed.shape[0], packed.shape[1], -1)
    return ((values - 8.0) * scales[:, :, None]).reshape(packed.shape[0], -1)
