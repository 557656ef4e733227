"""The runtime's Decoder feeding a graph rewritten by grouped_attention.py (lever 22, not kept in the runtime): its KV
buffers are [blocks, kv_heads, block, head_dim], zero-filled (the graph weights the unwritten rows of the last block
0, and NaN x 0 would be NaN); each step binds the first ceil(total / block) blocks, a contiguous prefix of the array,
as past input and present output alike, so the graph reads only the blocks in use and ScatterND writes in place."""
from __future__ import annotations

import numpy as np
import onnxruntime as ort

from terminus_edge.runtime.decoder import Decoder, KVCache
from grouped_attention import BLOCK_KEY, LAYOUT_KEY


class BlockedDecoder(Decoder):
    def __init__(self, session: ort.InferenceSession):
        super().__init__(session, "shared", "cpu")
        metadata = session.get_modelmeta().custom_metadata_map
        if metadata.get(LAYOUT_KEY) != "blocked":
            raise ValueError("not a graph rewritten by grouped_attention.py")
        self.block = int(metadata[BLOCK_KEY])

    def new_cache(self, capacity: int | None = None) -> KVCache:
        blocks = -(-capacity // self.block)
        arrays = {s.past_name: np.zeros((blocks, s.kv_heads, self.block, s.head_dim), s.dtype) for s in self.kv}
        cache = KVCache("shared", {}, 0, blocks * self.block, arrays=arrays)
        cache.bound_blocks = 0
        return cache

    def grown(self, cache: KVCache, capacity: int) -> KVCache:
        bigger = self.new_cache(capacity)
        used = -(-cache.length // self.block)
        for name, array in cache.arrays.items():
            bigger.arrays[name][:used] = array[:used]
        bigger.length, bigger.token_ids = cache.length, list(cache.token_ids)
        return bigger

    def forward(self, token_ids, cache: KVCache, run_options=None) -> np.ndarray:
        blocks = -(-(cache.length + len(token_ids)) // self.block)
        if getattr(cache, "bound_blocks", 0) != blocks:
            cache.values = {name: ort.OrtValue.ortvalue_from_numpy(a[:blocks]) for name, a in cache.arrays.items()}
            cache.binding, cache.bound_blocks = None, blocks
        return super().forward(token_ids, cache, run_options)
