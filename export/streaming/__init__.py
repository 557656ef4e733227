"""Low-memory int4 export: read one tensor at a time (memory-mapped safetensors / GGUF, or generated random
weights), quantize it to MatMulNBits blocks, append it to the external-data file and drop it. The graph is
the builder backend's (GroupQueryAttention + rotary, MatMulNBits, SimplifiedLayerNormalization, shared int4
embedding/output through GatherBlockQuantized), so the runtime loads it like any builder bundle."""

from terminus_edge.export.streaming.export import export_low_memory

__all__ = ["export_low_memory"]
