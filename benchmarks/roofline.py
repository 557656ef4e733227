"""`bench roofline`: how close decode gets to this machine's memory bandwidth.

Decoding one token reads every weight the graph multiplies with (a table only ever indexed by position,
an embedding table behind a Gather or the rotary cos/sin caches, costs one row) plus the whole KV cache so far. So the ceiling is
    tokens/s <= bandwidth / (weight bytes touched per token + KV bytes per token),
with the bandwidth measured here with numpy (large-array integer reduce and copy, several reps, best of
them; one thread and N threads in parallel; the ceiling uses the highest of these rates), and the decode rate measured by the same child-process loop as
`bench latency`.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

# (op, input index) pairs that read one row of a table per token: embeddings and their block scales, and
# the rotary cos/sin caches of onnxruntime's contrib ops (a 128 MB pair at Qwen3's 40k positions).
ROW_INPUTS = {
    ("Gather", 0), ("GatherBlockQuantized", 0), ("GatherBlockQuantized", 2), ("GatherBlockQuantized", 3),
    ("RotaryEmbedding", 2), ("RotaryEmbedding", 3), ("GroupQueryAttention", 7), ("GroupQueryAttention", 8),
}


@dataclass
class Bandwidth:
    read_gbs: float  # integer OR-reduce over a large array (bytes read / s), best over reps
    copy_gbs: float  # copy: (bytes read + bytes written) / s, best over reps
    threads: int
    array_mb: int


def measure_bandwidth(threads: int = 1, array_mb: int = 256, reps: int = 5) -> Bandwidth:
    """Best-of-reps numpy bandwidth with `threads` workers, each on its own slice (numpy drops the GIL)."""
    import numpy as np

    n = array_mb * 2**20 // 8
    src = np.ones(n, dtype=np.int64)
    dst = np.empty_like(src)
    chunks = np.array_split(np.arange(n), threads)
    bounds = [(c[0], c[-1] + 1) for c in chunks if len(c)]
    pool = ThreadPoolExecutor(max_workers=threads)

    def timed(fn) -> float:
        best = float("inf")
        for _ in range(reps):
            start = time.perf_counter()
            list(pool.map(fn, bounds))
            best = min(best, time.perf_counter() - start)
        return best

    try:
        # An integer OR-reduce has no floating-point dependency chain (a float sum is compute-bound here).
        timed(lambda b: np.bitwise_or.reduce(src[b[0]:b[1]]))  # fault the pages in before timing
        read_s = timed(lambda b: np.bitwise_or.reduce(src[b[0]:b[1]]))
        copy_s = timed(lambda b: np.copyto(dst[b[0]:b[1]], src[b[0]:b[1]]))
    finally:
        pool.shutdown()
    size = n * 8
    return Bandwidth(size / read_s / 1e9, 2 * size / copy_s / 1e9, threads, array_mb)


def _initializer_bytes(tensor, onnx) -> int:
    for entry in tensor.external_data:
        if entry.key == "length":
            return int(entry.value)
    if tensor.raw_data:
        return len(tensor.raw_data)
    count = 1
    for d in tensor.dims:
        count *= d
    return count * onnx.helper.tensor_dtype_to_np_dtype(tensor.data_type).itemsize


def bytes_per_token(model_path: str | Path) -> dict:
    """Weight bytes a decode step reads, from the graph's initializers (needs the `onnx` package).

    An initializer used only where a token reads one row of it (ROW_INPUTS) counts one row."""
    import onnx

    model = onnx.load(str(model_path), load_external_data=False)
    graph = model.graph
    uses: dict[str, set[str]] = {}
    for node in graph.node:
        for i, name in enumerate(node.input):
            uses.setdefault(name, set()).add("row" if (node.op_type, i) in ROW_INPUTS else "other")
    total = touched = 0
    for tensor in graph.initializer:
        size = _initializer_bytes(tensor, onnx)
        total += size
        if uses.get(tensor.name) == {"row"}:
            rows = tensor.dims[0] if tensor.dims else 1
            touched += size // max(rows, 1)
        else:
            touched += size
    kv_bytes_per_position = 0
    for value in graph.input:
        if value.name.startswith("past_key_values."):
            dims = value.type.tensor_type.shape.dim
            heads, head_dim = dims[1].dim_value, dims[3].dim_value
            item = onnx.helper.tensor_dtype_to_np_dtype(value.type.tensor_type.elem_type).itemsize
            kv_bytes_per_position += heads * head_dim * item
    return {"weights_total_bytes": total, "weights_touched_bytes": touched, "kv_bytes_per_position": kv_bytes_per_position}


def roofline(bundle: str, threads: int = 2, n_gen: int = 64, context: int = 1, reps: int = 3, warmup: int = 1,
             array_mb: int = 256) -> dict:
    from terminus_edge.benchmarks.latency import ENGINE, EngineSpec, run_child
    from terminus_edge.runtime.bundle import load_bundle

    loaded = load_bundle(bundle)
    sizes = bytes_per_token(loaded.model_path)
    one = measure_bandwidth(1, array_mb)
    many = measure_bandwidth(threads, array_mb) if threads > 1 else one
    bandwidth = max(one.read_gbs, many.read_gbs, one.copy_gbs, many.copy_gbs)
    # average KV length over the generated tokens
    kv = sizes["kv_bytes_per_position"] * (context + n_gen / 2)
    per_token = sizes["weights_touched_bytes"] + kv
    ceiling = bandwidth * 1e9 / per_token
    record = run_child(EngineSpec(ENGINE, str(loaded.path), "cpu", threads, loaded.name, loaded.precision), context, n_gen, reps, warmup)
    measured = record.tokens_per_s_mean
    return {
        "bundle": loaded.name, "precision": loaded.precision, "threads": threads, "context": context, "n_gen": n_gen,
        "bandwidth": {"1_thread": asdict(one), f"{threads}_threads": asdict(many), "used_read_gbs": bandwidth},
        **sizes, "kv_bytes_per_token": kv, "bytes_per_token": per_token,
        "ceiling_tokens_per_s": ceiling, "measured_tokens_per_s": measured, "measured_std": record.tokens_per_s_std,
        "share_of_ceiling": (measured / ceiling) if measured else None, "record": record.as_dict(),
    }


def format_roofline(result: dict) -> str:
    mb = 1e6
    bw = result["bandwidth"]
    lines = ["| measure | value |", "|---|---:|"]
    for key, b in bw.items():
        if isinstance(b, dict):
            lines.append(f"| memory bandwidth, {b['threads']} thread(s): read / copy | {b['read_gbs']:.1f} / {b['copy_gbs']:.1f} GB/s |")
    lines += [
        f"| weights in the graph | {result['weights_total_bytes'] / mb:.1f} MB |",
        f"| weights read per token (embedding gather = 1 row) | {result['weights_touched_bytes'] / mb:.1f} MB |",
        f"| KV cache read per token (context {result['context']} + {result['n_gen']}/2) | {result['kv_bytes_per_token'] / mb:.2f} MB |",
        f"| decode ceiling = {bw['used_read_gbs']:.1f} GB/s ÷ {result['bytes_per_token'] / mb:.1f} MB | {result['ceiling_tokens_per_s']:.1f} tok/s |",
    ]
    if result["measured_tokens_per_s"]:
        lines += [f"| measured decode ({result['threads']} threads, tg{result['n_gen']}) | "
                  f"{result['measured_tokens_per_s']:.1f} ± {result['measured_std'] or 0:.1f} tok/s |",
                  f"| share of ceiling | {result['share_of_ceiling']:.0%} |"]
    else:
        lines.append(f"| measured decode | {result['record']['status']}: {result['record']['note']} |")
    return "\n".join(lines)
