"""The prompt's forward pass in chunks of at most PREFILL_CHUNK tokens.

onnxruntime's prompt attention allocates its scores as [heads, new tokens, cache length] floats, so one pass over a
2,048-token prompt at the Qwen3-4B shape holds 32 × 2048 × 2081 × 4 B ≈ 545 MB for a moment (and four times that at
4,096). In chunks the buffer is bounded by the chunk, at about the same speed (benchmarks/RESULTS.md, lever 23).
"""

from __future__ import annotations

import numpy as np
import onnxruntime as ort

from terminus_edge.runtime.decoder import Decoder, KVCache

PREFILL_CHUNK = 256  # on the CPU
GPU_PREFILL_CHUNK = 2048  # a GPU is faster on big batches and has the memory (chunk sizes not measured there yet)


def default_chunk(device: str) -> int:
    return PREFILL_CHUNK if device == "cpu" else GPU_PREFILL_CHUNK


def forward_prompt(decoder: Decoder, ids: list[int], cache: KVCache, run_options: ort.RunOptions | None = None,
                   chunk: int | None = None) -> np.ndarray:
    """Run `ids` after the cached positions, `chunk` tokens a pass (default: the device's); the last position's logits.

    A pass that raises (e.g. aborted through `run_options.terminate`) leaves the cache holding the chunks before it:
    its length and token ids stay consistent, so a later prompt can still reuse what was computed.
    """
    chunk = default_chunk(decoder.device) if chunk is None else chunk
    if chunk <= 0:
        raise ValueError(f"prefill chunk must be positive, not {chunk}")
    logits = None
    for start in range(0, len(ids), chunk):
        if run_options is not None and run_options.terminate:
            raise RuntimeError("prompt pass aborted between chunks")
        logits = decoder.forward(ids[start : start + chunk], cache, run_options)
    if logits is None:
        raise ValueError("empty prompt: nothing to run")
    return logits
