"""Peak memory of an export, per stage: runs `terminus-edge export ARGS` as a child, samples its resident set
(psutil, every --interval s) and attributes each sample to the stage whose end line ("[export] <stage>  12.3s  ...",
export/progress.py STAGE_LINE) covers its time. The exact whole-run peak is the child's ru_maxrss (what `/usr/bin/time -v` reports);
the per-stage peaks are sampled, so a spike shorter than the interval can be missed.

    python -m terminus_edge.benchmarks.export_memory --json out.json -- --random-init qwen3-4b --layers 2 --out DIR

The JSON also holds the memory guard's estimate for the same request (export/memory_guard.py), so the
estimate's error is measured by the same run.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import click

from terminus_edge.export.progress import STAGE_LINE


def _sample(process, state: dict, interval: float) -> None:
    import psutil

    try:
        parent = psutil.Process(process.pid)
    except psutil.Error:
        return
    while process.poll() is None:
        try:
            rss = parent.memory_info().rss + sum(c.memory_info().rss for c in parent.children(recursive=True))
        except psutil.Error:
            rss = 0
        state["samples"].append((time.perf_counter(), rss))
        state["peak"] = max(state["peak"], rss)
        time.sleep(interval)


def measure(export_args: list[str], interval: float = 0.1) -> dict:
    """Run one export; return its wall time, exit code, exact peak RSS and sampled per-stage peaks (bytes)."""
    command = [sys.executable, "-P", "-m", "terminus_edge", "export", *export_args]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    state = {"samples": [], "stages": {}, "peak": 0}
    sampler = threading.Thread(target=_sample, args=(process, state, interval), daemon=True)
    sampler.start()
    tail = []
    for line in process.stderr:
        sys.stderr.write(line)
        tail = (tail + [line.rstrip()])[-5:]
        match = STAGE_LINE.match(line.rstrip())
        if match:  # the stage ran from `seconds` ago until now
            now = time.perf_counter()
            start = now - float(match.group(2)) - interval
            peaks = [rss for t, rss in list(state["samples"]) if start <= t <= now]
            if peaks:
                state["stages"][match.group(1)] = max(state["stages"].get(match.group(1), 0), max(peaks))
    code = process.wait()
    sampler.join()
    return {"command": command, "exit_code": code, "wall_s": round(time.perf_counter() - started, 1),
            "peak_rss_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
            "sampled_peak_bytes": state["peak"], "stage_peaks_bytes": state["stages"], "stderr_tail": tail}


@click.command()
@click.option("--json", "json_path", type=click.Path(path_type=Path), required=True, help="Where to write the result.")
@click.option("--interval", type=float, default=0.1, show_default=True, help="Sampling period in seconds.")
@click.argument("export_args", nargs=-1, type=click.UNPROCESSED)
def main(json_path, interval, export_args):
    """Measure `terminus-edge export EXPORT_ARGS` (put them after --)."""
    result = measure(list(export_args), interval)
    json_path.write_text(json.dumps(result, indent=2))
    mb = 1 / 2**20
    click.echo(f"exit {result['exit_code']}, wall {result['wall_s']} s, peak RSS {result['peak_rss_bytes'] * mb:.0f} MiB")
    for stage, peak in result["stage_peaks_bytes"].items():
        click.echo(f"  {peak * mb:8.0f} MiB  {stage}")


if __name__ == "__main__":
    main()
