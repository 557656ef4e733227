"""Bundles of one model at several int4 block sizes against llama.cpp on the same weights, in one interleaved run.

`bench compare` labels every bundle's rows alike; here each terminus-edge row carries its bundle's block size
(read from the manifest), and the 1-minute load average is sampled during the run (the shared dev box's load
swings timings 2-3x, so every table records it). Same child processes and timing loop as `bench compare`.

    python -m terminus_edge.benchmarks.same_weights_blocks --gguf G.gguf --bundle B32 --bundle B64 --bundle B128 \\
        -p 128 -n 32 -r 3 --threads 2
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from terminus_edge.benchmarks.latency import ENGINE, EngineSpec, parse_tests, run_matrix
from terminus_edge.benchmarks.peers import gguf_file_type
from terminus_edge.benchmarks.records import Record


def bundle_specs(bundles: list[str], threads: list[int]) -> list[EngineSpec]:
    """One terminus-edge spec per bundle and thread count, precision labelled `int4 b<block size>`."""
    from terminus_edge.runtime.bundle import load_bundle

    specs = []
    for bundle in bundles:
        loaded = load_bundle(bundle)
        block = (loaded.manifest.get("quantization") or {}).get("block_size")
        label = f"{loaded.precision} b{block}" if block else loaded.precision
        specs += [EngineSpec(ENGINE, str(loaded.path), "cpu", t, Path(bundle).name, label) for t in threads]
    return specs


class LoadSampler:
    """Samples os.getloadavg()[0] every `every_s` seconds in a daemon thread: (first, min, max, last)."""

    def __init__(self, every_s: float = 5.0):
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every_s,), daemon=True)

    def _run(self, every_s: float) -> None:
        while not self._stop.wait(every_s):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        s = self.samples
        return f"load average (1 min) {s[0]:.2f} → {s[-1]:.2f} (min {min(s):.2f}, max {max(s):.2f}, {len(s)} samples)"


def run_blocks(gguf: str | None, bundles: list[str], threads: list[int], prompts: list[int], gens: list[int],
               reps: int, warmup: int = 1, progress: bool = True) -> tuple[list[Record], str]:
    """Interleaved rounds over every bundle (and llama.cpp on `gguf` when given); (records, load summary)."""
    specs = bundle_specs(bundles, threads)
    if gguf:
        specs += [EngineSpec("llama.cpp", gguf, "cpu", t, Path(gguf).stem, gguf_file_type(gguf)) for t in threads]
    with LoadSampler() as load:
        records = run_matrix(specs, parse_tests(prompts, gens), reps, warmup, progress, interleave=True)
    records.sort(key=lambda r: (r.threads or 0, r.test[:2] != "pp", r.engine != ENGINE))
    return records, load.summary()


if __name__ == "__main__":
    import argparse
    import json

    from terminus_edge.benchmarks.machine import machine_info
    from terminus_edge.benchmarks.records import to_markdown

    ints = lambda s: [int(x) for x in s.split(",") if x]  # noqa: E731
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gguf", help="llama.cpp weights (same model)")
    parser.add_argument("--bundle", action="append", required=True, help="bundle dir (repeat; the first is the 'vs te' reference)")
    parser.add_argument("--threads", default="2")
    parser.add_argument("-p", "--n-prompt", default="128")
    parser.add_argument("-n", "--n-gen", default="32")
    parser.add_argument("-r", "--repetitions", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--json", help="also write the records here")
    args = parser.parse_args()
    records, load = run_blocks(args.gguf, args.bundle, ints(args.threads), ints(args.n_prompt), ints(args.n_gen),
                               args.repetitions, args.warmup)
    print(to_markdown(records, machine_info(), with_ratio=True))
    print(f"\n{load}")
    if args.json:
        Path(args.json).write_text(json.dumps({"load": load, "records": [r.as_dict() for r in records]}, indent=1))
