"""`bench roofline`: how close decode gets to this machine's memory bandwidth.

Decoding one token reads every weight the graph multiplies with (a table only ever indexed by position,
an embedding table behind a Gather or the rotary cos/sin caches, costs one row) plus the whole KV cache so far. So the ceiling is
    tokens/s <= bandwidth / (weight bytes touched per token + KV bytes per token).

Bandwidth and decode are measured in pairs, at the same moment, in one child process (latency.py's run_child
machinery running roofline_child.py): load the bundle once, then for each round a short numpy bandwidth probe
with decode's thread count, one decode repetition (tg N after `context` prompt tokens), and the probe again.
On a shared VM the bandwidth a probe sees swings by 2× from minute to minute; a probe taken minutes apart
from decode (as this command did until session 5) made the share swing 44–93 %.

The probe: `read` = integer OR-reduce over one large array (bytes read / s), `copy` = np.copyto between two
(bytes read + bytes written / s); each over a few reps together (total bytes / total wall time, as decode's
rate is: a best-of rep finds the moments no neighbour runs, which decode's seconds-long repetition never
gets, so under load it made the share a measure of CPU contention); numpy drops the GIL, so N threads each
take a slice. A round's bandwidth is the mean of its before and after probes; its ceiling uses max(read, copy)
(weight streaming only reads, but on this VM copy, counted that way, beats numpy's reduce, so the reduce alone
would understate what memory delivers and flatter the share); the share against read alone is reported too.
Measured on this 2-vCPU VM (session 5): the reduce drops the GIL (a Python loop on another thread runs as fast
during it as during a copy); with both cores free 2 threads read ~57 and copy ~70 GB/s against ~32 / ~41 at one
thread (1.8×), so it scales while nothing else runs. Other kernels (uint8/uint32 OR, max, float32 dot) read DRAM
no faster; 512 MB arrays gave a narrower spread over interleaved probes than 128 or 256 MB.
Per round: ceiling_i = bandwidth_i / bytes per token, share_i = decode_i / ceiling_i; the result is the median
share over rounds with its spread, and every round in the JSON output.

Pairing cancels a change in memory traffic, not CPU contention: a neighbour that takes a core hurts decode's
barrier-synchronised threads far more than the probe (measured at load 4–6: 2-thread share 34 %, 1-thread 77 %).
So each round also records how long decode's threads sat runnable but waiting for a CPU (schedstat), and the
share over rounds where that stayed under CONTENDED is reported apart: that is the figure to quote.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from terminus_edge.benchmarks.records import OK, percentile

CHILD = "terminus_edge.benchmarks.roofline_child"
CEILING_BASIS = "max(read, copy)"
# A round whose decode threads waited for a CPU longer than this share of their time measured the neighbours.
CONTENDED = 0.10
# (op, input index) pairs that read one row of a table per token: embeddings and their block scales, and
# the rotary cos/sin caches of onnxruntime's contrib ops (a 128 MB pair at Qwen3's 40k positions).
ROW_INPUTS = {
    ("Gather", 0), ("GatherBlockQuantized", 0), ("GatherBlockQuantized", 2), ("GatherBlockQuantized", 3),
    ("RotaryEmbedding", 2), ("RotaryEmbedding", 3), ("GroupQueryAttention", 7), ("GroupQueryAttention", 8),
}


@dataclass
class Bandwidth:
    # Rates over all reps together (total bytes / total wall time), as decode's tokens/s is over all its steps:
    # on a shared box both then pay for the CPU time other processes take; a best rep would not.
    read_gbs: float  # integer OR-reduce over a large array: bytes read / s
    copy_gbs: float  # copy: (bytes read + bytes written) / s
    threads: int
    array_mb: int
    read_best_gbs: float = 0.0  # the fastest single rep, for comparison
    copy_best_gbs: float = 0.0


class BandwidthProbe:
    """Arrays and worker threads made once, so a process can probe again and again (between decode
    repetitions) without paying for page faults each time."""

    def __init__(self, threads: int = 1, array_mb: int = 256):
        import numpy as np

        self._np, self.threads, self.array_mb = np, threads, array_mb
        n = array_mb * 2**20 // 8
        self._src = np.ones(n, dtype=np.int64)
        self._dst = np.empty_like(self._src)
        self._bounds = [(i * n // threads, (i + 1) * n // threads) for i in range(threads)]
        self._pool = ThreadPoolExecutor(max_workers=threads)
        self._timed(self._read, 1)  # fault the pages in before anything is timed
        self._timed(self._copy, 1)

    def _read(self, bounds: tuple[int, int]) -> None:
        # An integer OR-reduce has no floating-point dependency chain (a float sum is compute-bound here).
        self._np.bitwise_or.reduce(self._src[bounds[0]:bounds[1]])

    def _copy(self, bounds: tuple[int, int]) -> None:
        self._np.copyto(self._dst[bounds[0]:bounds[1]], self._src[bounds[0]:bounds[1]])

    def _timed(self, fn, reps: int) -> tuple[float, float]:
        """(mean, best) seconds per rep."""
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            list(self._pool.map(fn, self._bounds))
            times.append(time.perf_counter() - start)
        return sum(times) / reps, min(times)

    def measure(self, reps: int = 3) -> Bandwidth:
        size = self._src.nbytes
        (read_s, read_best), (copy_s, copy_best) = self._timed(self._read, reps), self._timed(self._copy, reps)
        return Bandwidth(size / read_s / 1e9, 2 * size / copy_s / 1e9, self.threads, self.array_mb,
                         size / read_best / 1e9, 2 * size / copy_best / 1e9)

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> BandwidthProbe:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def measure_bandwidth(threads: int = 1, array_mb: int = 256, reps: int = 5) -> Bandwidth:
    """numpy bandwidth over `reps` reps with `threads` workers, each on its own slice (numpy drops the GIL)."""
    with BandwidthProbe(threads, array_mb) as probe:
        return probe.measure(reps)


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


def _kernel_bytes(node, sizes: dict[str, int], onnx) -> tuple[int, set[str]] | None:
    """Bytes a 4-bit MatMulNBits reads a token from terminus_edge/kernels' packed copy (16-row groups, 4-bit weights,
    a float16 scale and, if the graph has them, a zero point per block, in 64-byte lines), and the initializers it
    replaces."""
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    if node.op_type != "MatMulNBits" or attrs.get("bits") != 4:
        return None
    n, k, block = int(attrs["N"]), int(attrs["K"]), int(attrs["block_size"])
    groups, kblocks = -(-n // 16), k // 32
    # q4_pack.hpp: per group and chunk of two scale blocks, the chunk's 256-byte blocks and one 64-byte scale line
    # (plus one 64-byte zero-point line when the graph has zero points)
    chunks = -(-kblocks // (block // 16))
    line = 128 if len(node.input) > 3 and bool(node.input[3]) else 64
    return groups * (kblocks * 256 + chunks * line), {name for name in node.input[1:4] if name}


def bytes_per_token(model_path: str | Path, kernels: bool = False) -> dict:
    """Weight bytes a decode step reads, from the graph's initializers (needs the `onnx` package).

    An initializer used only where a token reads one row of it (ROW_INPUTS) counts one row. kernels: the 4-bit
    matmuls ran on terminus_edge/kernels, which reads its own packed copy (_kernel_bytes) instead of MatMulNBits'."""
    import onnx

    model = onnx.load(str(model_path), load_external_data=False)
    graph = model.graph
    sizes = {tensor.name: _initializer_bytes(tensor, onnx) for tensor in graph.initializer}
    uses: dict[str, set[str]] = {}
    packed = 0
    for node in graph.node:
        on_kernels = _kernel_bytes(node, sizes, onnx) if kernels else None
        if on_kernels:
            packed += on_kernels[0]
        for i, name in enumerate(node.input):
            kind = "row" if (node.op_type, i) in ROW_INPUTS else "kernel" if on_kernels and name in on_kernels[1] else "other"
            uses.setdefault(name, set()).add(kind)
    total, touched = 0, packed
    for tensor in graph.initializer:
        size = sizes[tensor.name]
        total += size
        used = uses.get(tensor.name, set()) - {"kernel"}
        if used == {"row"}:
            rows = tensor.dims[0] if tensor.dims else 1
            touched += size // max(rows, 1)
        elif used or "kernel" not in uses.get(tensor.name, set()):
            touched += size
    kv_bytes_per_position = 0
    for value in graph.input:
        if value.name.startswith("past_key_values."):
            dims = value.type.tensor_type.shape.dim
            heads, head_dim = dims[1].dim_value, dims[3].dim_value
            item = onnx.helper.tensor_dtype_to_np_dtype(value.type.tensor_type.elem_type).itemsize
            kv_bytes_per_position += heads * head_dim * item
    return {"weights_total_bytes": total, "weights_touched_bytes": touched, "kv_bytes_per_position": kv_bytes_per_position}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def spread(values: list[float]) -> dict:
    """min, quartiles (numpy's linear interpolation) and max of a list of numbers."""
    return {"min": min(values), "q1": percentile(values, 25), "median": percentile(values, 50),
            "q3": percentile(values, 75), "max": max(values)}


def pair_rounds(samples: list[dict], bytes_per_token: float, threads: int = 1) -> list[dict]:
    """One row per round from the child's samples (a decode repetition plus its before/after probes):
    the round's bandwidth (mean of its probes), its ceiling, decode rate and share."""
    rows = []
    for number, sample in enumerate(samples, 1):
        probes = [sample[key] for key in ("bandwidth_before", "bandwidth_after") if sample.get(key)]
        read, copy = _mean([p["read_gbs"] for p in probes]), _mean([p["copy_gbs"] for p in probes])
        used = max(read, copy)
        ceiling = used * 1e9 / bytes_per_token
        rate = sample["tokens_per_s"]
        steps = sample.get("token_ms") or []
        edges = [max(p["read_gbs"], p["copy_gbs"]) for p in probes]
        wait = sample.get("runqueue_wait_s")
        rows.append({
            "round": number, "probes": probes, "read_gbs": read, "copy_gbs": copy, "ceiling_gbs": used,
            # share of decode's thread-time spent waiting for a CPU that a neighbour held
            "cpu_wait": wait / (sample["decode_wall_s"] * threads) if wait is not None and sample.get("decode_wall_s") else None,
            # how much the probe moved across this round's decode (after - before, relative): a busy neighbour shows here
            "probe_drift": (edges[-1] - edges[0]) / used if len(edges) > 1 else None,
            "ceiling_tokens_per_s": ceiling, "tokens_per_s": rate, "decode_gbs": rate * bytes_per_token / 1e9,
            "p50_step_tokens_per_s": 1000 / statistics.median(steps) if steps else None,
            "share": rate / ceiling, "share_of_read": rate / (read * 1e9 / bytes_per_token),
        })
    return rows


def summarize_rounds(rows: list[dict]) -> dict:
    """Medians over rounds (a median of per-round shares, not a ratio of medians) and the uncontended rounds' share."""
    if not rows:
        return dict.fromkeys(("read_gbs", "copy_gbs", "ceiling_gbs", "ceiling_tokens_per_s", "tokens_per_s", "share",
                              "share_spread", "share_of_read", "cpu_wait", "uncontended_share"), None) | {"uncontended_rounds": 0}
    median = (lambda key, chosen=rows: percentile([r[key] for r in chosen], 50))
    waits = [r["cpu_wait"] for r in rows if r.get("cpu_wait") is not None]
    quiet = [r for r in rows if r.get("cpu_wait") is not None and r["cpu_wait"] < CONTENDED]
    return {key: median(key) for key in ("read_gbs", "copy_gbs", "ceiling_gbs", "ceiling_tokens_per_s", "tokens_per_s",
                                         "share", "share_of_read")} | {
        "share_spread": spread([r["share"] for r in rows]), "cpu_wait": percentile(waits, 50),
        "uncontended_rounds": len(quiet), "uncontended_share": median("share", quiet) if quiet else None}


def roofline(bundle: str, threads: int = 2, n_gen: int = 64, context: int = 1, reps: int = 5, warmup: int = 1,
             array_mb: int = 512, probe_reps: int = 5, probe_after: bool = True) -> dict:
    """`reps` rounds of (probe, one decode repetition of tg n_gen after `context` prompt tokens, probe) in one child."""
    from terminus_edge.benchmarks.latency import ENGINE, EngineSpec, run_child
    from terminus_edge.runtime.bundle import load_bundle

    from terminus_edge import kernels as kernel_library

    loaded = load_bundle(bundle)
    probe = {"threads": threads, "array_mb": array_mb, "reps": probe_reps, "after": probe_after}
    spec = EngineSpec(ENGINE, str(loaded.path), "cpu", threads, loaded.name, loaded.precision)
    record = run_child(spec, context, n_gen, reps, warmup, child=CHILD, job_extra={"probe": probe})
    # The child says in its model label whether the kernel library ran the matmuls: count the bytes that read.
    on_kernels = record.model.endswith("kernels)") and kernel_library.library_path() is not None
    sizes = bytes_per_token(loaded.model_path, kernels=True) if on_kernels else bytes_per_token(loaded.model_path)
    kv = sizes["kv_bytes_per_position"] * (context + n_gen / 2)  # average KV length over the generated tokens
    per_token = sizes["weights_touched_bytes"] + kv
    rows = pair_rounds(record.samples, per_token, threads) if record.status == OK else []
    summary = summarize_rounds(rows)
    return {
        "bundle": loaded.name, "precision": loaded.precision, "matmul": "kernels" if on_kernels else "MatMulNBits",
        "threads": threads, "context": context, "n_gen": n_gen,
        "bandwidth": {**probe, "read": "numpy bitwise_or.reduce over int64 (bytes read / s)",
                      "copy": "numpy copyto ((bytes read + bytes written) / s)", "ceiling_basis": CEILING_BASIS,
                      "read_gbs_median": summary["read_gbs"], "copy_gbs_median": summary["copy_gbs"],
                      "used_gbs_median": summary["ceiling_gbs"]},
        **sizes, "kv_bytes_per_token": kv, "bytes_per_token": per_token,
        "ceiling_tokens_per_s": summary["ceiling_tokens_per_s"], "measured_tokens_per_s": summary["tokens_per_s"],
        "measured_std": record.tokens_per_s_std, "share_of_ceiling": summary["share"], "share_spread": summary["share_spread"],
        "share_of_read": summary["share_of_read"], "cpu_wait_median": summary["cpu_wait"], "contended_above": CONTENDED,
        "uncontended_rounds": summary["uncontended_rounds"], "uncontended_share": summary["uncontended_share"],
        "rounds": rows, "record": record.as_dict(),
    }


def _range(s: dict, fmt: str) -> str:
    return f"{s['median']:{fmt}} (min {s['min']:{fmt}}, IQR {s['q1']:{fmt}}–{s['q3']:{fmt}}, max {s['max']:{fmt}})"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def format_roofline(result: dict) -> str:
    mb = 1e6
    bw, rows = result["bandwidth"], result["rounds"]
    lines = ["| measure | value |", "|---|---:|",
             f"| weights in the graph | {result['weights_total_bytes'] / mb:.1f} MB |",
             f"| weights read per token (embedding gather = 1 row; int4 matmuls on {result.get('matmul', 'MatMulNBits')}) | "
             f"{result['weights_touched_bytes'] / mb:.1f} MB |",
             f"| KV cache read per token (context {result['context']} + {result['n_gen']}/2) | {result['kv_bytes_per_token'] / mb:.2f} MB |"]
    if not rows:
        lines.append(f"| measured decode | {result['record']['status']}: {result['record']['note']} |")
        return "\n".join(lines)
    n, thr, quiet = len(rows), result["threads"], result["uncontended_rounds"]
    limit = f"{result['contended_above']:.0%}"
    lines += [
        f"| memory bandwidth, {thr} thread(s), paired with decode: read / copy (median of {n} rounds) | "
        f"{bw['read_gbs_median']:.1f} / {bw['copy_gbs_median']:.1f} GB/s |",
        f"| decode ceiling = {CEILING_BASIS} GB/s ÷ {result['bytes_per_token'] / mb:.1f} MB (median of rounds) | "
        f"{result['ceiling_tokens_per_s']:.1f} tok/s ({bw['used_gbs_median']:.1f} GB/s) |",
        f"| measured decode ({thr} threads, tg{result['n_gen']}, median of rounds) | {result['measured_tokens_per_s']:.1f} tok/s |",
        f"| **share of ceiling** (median of per-round shares) | {_range(spread([r['share'] * 100 for r in rows]), '.0f')} % |",
        f"| share against read alone (median) | {_percent(result['share_of_read'])} |",
        f"| decode's threads waiting for a CPU (median of rounds) | {_percent(result['cpu_wait_median'])} of their time |",
        f"| share over uncontended rounds (CPU wait < {limit}) | "
        + (f"{_percent(result['uncontended_share'])} ({quiet} of {n} rounds) |" if quiet else
           "no such round: the share above also measures this machine's load; rerun when it is quiet |"),
        "", "| round | read GB/s before / after | copy GB/s before / after | ceiling tok/s | decode tok/s | CPU wait | share |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        pair = (lambda key: " / ".join(f"{p[key]:.1f}" for p in r["probes"]))
        lines.append(f"| {r['round']} | {pair('read_gbs')} | {pair('copy_gbs')} | {r['ceiling_tokens_per_s']:.1f} | "
                     f"{r['tokens_per_s']:.1f} | {_percent(r['cpu_wait'])} | {r['share']:.0%} |")
    return "\n".join(lines)
