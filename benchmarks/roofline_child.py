"""The child process of `bench roofline` (`python -m terminus_edge.benchmarks.roofline_child`): latency_child's
process (job on stdin, JSON-line events on stdout, the same engine loading) with a paired loop instead of
`measure`: after warmup, each round is a bandwidth probe with decode's thread count, one decode repetition,
and (job["probe"]["after"]) the probe again. Each sample carries its probes as bandwidth_before/bandwidth_after."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from terminus_edge.benchmarks.latency_child import child_main, measure, peak_rss_mb
from terminus_edge.benchmarks.roofline import BandwidthProbe

# onnxruntime's intra-op threads spin for a moment after a run; let them park before the after-probe.
SETTLE_S = 0.05


def runqueue_wait_s() -> float | None:
    """Seconds this process's threads have spent runnable but waiting for a CPU (schedstat's 2nd field; None off
    Linux): how much of decode's time a neighbour took."""
    total = 0
    try:
        for stat in Path("/proc/self/task").glob("*/schedstat"):
            try:
                total += int(stat.read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue  # a thread that ended meanwhile
    except OSError:
        return None
    return total / 1e9 if Path("/proc/self/schedstat").exists() else None


def measure_paired(engine, job: dict, emit: Callable[[dict], None]) -> list[dict]:
    probe_job = job["probe"]
    n_prompt, n_gen = job["n_prompt"], job["n_gen"]
    # Warm-up runs before the probe's arrays exist, so the peak RSS reported is the engine's alone.
    measure(engine, n_prompt, n_gen, 0, max(1, job["warmup"]), emit)
    engine_peak = peak_rss_mb()
    with BandwidthProbe(probe_job["threads"], probe_job["array_mb"]) as probe:
        samples = []
        for _ in range(job["reps"]):
            before = probe.measure(probe_job["reps"])
            wait, start = runqueue_wait_s(), time.perf_counter()
            sample = measure(engine, n_prompt, n_gen, 1, 0, emit)[0]
            wall, wait_after = time.perf_counter() - start, runqueue_wait_s()
            sample["bandwidth_before"] = asdict(before)
            sample["engine_rss_peak_mb"] = engine_peak
            sample["decode_wall_s"] = wall
            sample["runqueue_wait_s"] = wait_after - wait if wait is not None and wait_after is not None else None
            if probe_job.get("after", True):
                time.sleep(SETTLE_S)
                sample["bandwidth_after"] = asdict(probe.measure(probe_job["reps"]))
            samples.append(sample)
    return samples


if __name__ == "__main__":
    sys.exit(child_main(measure_paired))
