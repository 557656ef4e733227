"""`bench latency`: llama-bench-style pp<N>/tg<N> rows for an engine on each EP and thread count.

Each (engine config, test) runs in its own child process (`python -m terminus_edge.benchmarks.latency_child`,
job as JSON on stdin, events as JSON lines on stdout), so engines never share memory: the peak RSS of a
row is that child's own high-water mark (VmHWM of its address space) and its load time is a cold load.

Within a child: load once, then for each of warmup + repetitions: fresh KV cache, prefill the prompt
(time to first token), then n_gen single-token steps fed greedily (eos ignored, so every run makes the
same number of tokens), each step timed. pp<N> rows report N / prefill time; tg<N> rows N / decode time
after a one-token prompt, like llama-bench.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from terminus_edge.benchmarks.interrupted_rows import interrupted_note, partial_note
from terminus_edge.benchmarks.records import (
    ERROR, INTERRUPTED, NOT_AVAILABLE, OK, Record, label_for, summarize_samples, unavailable,
)
from terminus_edge.cancel import interrupt_signum
from terminus_edge.errors import TerminusError

ENGINE = "terminus-edge"
GPU_EPS = {"cuda", "tensorrt", "rocm"}
# How to get an execution provider onnxruntime does not list here.
EP_HINTS = {
    "cuda": ('NVIDIA GPU, driver >= 580 (onnxruntime-gpu 1.31 is built for CUDA 13 + cuDNN 9; their libraries on the '
             'library path, or pip install "onnxruntime-gpu[cuda,cudnn]"), then: pip uninstall -y onnxruntime && '
             'pip install -e ".[gpu]" in the clone'),
    "tensorrt": "onnxruntime-gpu with TensorRT 10 libraries on the library path (NVIDIA GPU)",
    "rocm": "an onnxruntime build with ROCm (AMD GPU), e.g. AMD's onnxruntime-rocm wheel",
    "dml": "Windows: pip uninstall -y onnxruntime && pip install onnxruntime-directml",
    "directml": "Windows: pip uninstall -y onnxruntime && pip install onnxruntime-directml",
    "coreml": "macOS: the standard onnxruntime wheel for macOS includes CoreML",
    "openvino": "Intel CPU/GPU/NPU: pip uninstall -y onnxruntime && pip install onnxruntime-openvino",
    "qnn": "Qualcomm NPU (Windows on ARM): pip install onnxruntime-qnn",
    "webgpu": "an onnxruntime build with the WebGPU EP",
}


@dataclass
class EngineSpec:
    """What a child process loads: an engine name and the file it reads, plus the EP and thread count."""

    engine: str  # terminus-edge | llama.cpp | optimum | transformers
    path: str  # bundle dir | .gguf | bundle dir (optimum) | HF dir or .gguf (transformers)
    ep: str = "cpu"
    threads: int | None = None
    model: str = ""
    precision: str = ""
    options: dict = field(default_factory=dict)


# What every row's prompt and decoding were (the machine block's "method"): the same on every run and engine.
METHOD = ("prompt: fixed token ids (latency.prompt_ids: id i = low + (1009*i + 17) mod span, low = min(100, vocab/4)), "
          "the same for every engine and run; decoding: greedy argmax, eos ignored, no sampling and so no seed; "
          "tg<N> rows decode N tokens after a 1-token prompt, tg<N>@d<D> rows after a D-token prompt (--depth)")


class BenchError(TerminusError):
    """A benchmark asked for nothing to measure, or for a setting that cannot run here."""


def parse_tests(prompts: list[int], gens: list[int], depths: list[int] = (0,)) -> list[tuple[int, int]]:
    """[(n_prompt, n_gen)]: pp rows (n_gen 0) for each prompt length, tg rows after a prompt of each depth (0 or 1:
    a one-token prompt; D: D tokens already in the KV cache, where attention's share grows).

    A length given twice is one row (two would be the same measurement under one label)."""
    tests = [(p, 0) for p in prompts if p > 0] + [(max(1, d), n) for d in depths for n in gens if n > 0]
    return list(dict.fromkeys(tests))


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def check_matrix(prompts: list[int], gens: list[int], threads: list[int | None],
                 depths: list[int] = (0,)) -> list[tuple[int, int]]:
    """The tests to run, or a BenchError before anything loads: nothing to measure, or a thread count that cannot run.

    More threads than CPUs is refused: onnxruntime's spinning workers then crawl (999 threads on 2 CPUs had not
    finished a pp8 row after 2 minutes)."""
    negative = [n for n in [*prompts, *gens, *depths] if n < 0]
    if negative:
        raise BenchError(f"token counts must be 0 or more, got {negative[0]}")
    tests = parse_tests(prompts, gens, depths)
    if not tests:
        raise BenchError("nothing to measure: every -p/--n-prompt and -n/--n-gen is 0")
    cpus = usable_cpus()
    for t in threads:
        if t is not None and not 1 <= t <= cpus:
            raise BenchError(f"--threads {t}: give 1 to {cpus} (the CPUs this process may use here), or 0 for the engine's choice")
    return tests


def prompt_ids(n: int, vocab_size: int) -> list[int]:
    """A fixed pseudo-random token sequence, the same for every engine that shares the vocabulary."""
    low = min(100, vocab_size // 4)
    span = max(1, min(vocab_size, 32000) - low)
    return [low + (1009 * i + 17) % span for i in range(n)]


def _gpu_sampler(pid: int, peak: list[float], stop: threading.Event) -> None:
    """Poll nvidia-smi for the child's GPU memory (MiB) until stopped; keep the maximum in peak[0]."""
    while not stop.wait(0.25):
        try:
            out = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
                                 capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.TimeoutExpired):
            return
        for line in out.splitlines():
            parts = [p.strip() for p in line.split(",")]
            if len(parts) == 2 and parts[0] == str(pid) and parts[1].isdigit():
                peak[0] = max(peak[0], float(parts[1]))


def run_child(spec: EngineSpec, n_prompt: int, n_gen: int, reps: int, warmup: int,
              on_event: Callable[[dict], None] | None = None, timeout_s: float | None = None,
              child: str = "terminus_edge.benchmarks.latency_child", job_extra: dict | None = None) -> Record:
    """Run `python -m child` on one job; `child` and `job_extra` let another loop (bench roofline's) reuse this."""
    record = Record(spec.engine, spec.model, spec.precision, spec.ep, spec.threads, label_for(n_prompt, n_gen), n_prompt, n_gen)
    job = {"spec": asdict(spec), "n_prompt": n_prompt, "n_gen": n_gen, "reps": reps, "warmup": warmup, **(job_extra or {})}
    # -P: the child imports the parent's installed package, never a terminus_edge/ source folder in the working
    # directory (a clone with a non-editable install: "No module named terminus_edge.benchmarks" on the H100 run)
    proc = subprocess.Popen([sys.executable, "-P", "-m", child], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stderr_tail: deque[str] = deque(maxlen=20)
    reader = threading.Thread(target=lambda: stderr_tail.extend(proc.stderr), daemon=True)
    reader.start()
    gpu_peak, stop = [0.0], threading.Event()
    if spec.ep in GPU_EPS:
        threading.Thread(target=_gpu_sampler, args=(proc.pid, gpu_peak, stop), daemon=True).start()
    killer = threading.Timer(timeout_s, proc.kill) if timeout_s else None
    if killer:
        killer.start()
    done = error = None
    try:
        proc.stdin.write(json.dumps(job))
        proc.stdin.close()
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # a library printing on stdout
            if event.get("event") == "done":
                done = event
            elif event.get("event") == "error":
                error = event["message"]
            if on_event:
                on_event(event)
    except BaseException:  # Ctrl-C (or anything) in the parent: the child must not run on alone
        proc.kill()
        proc.wait()
        stop.set()
        if killer:
            killer.cancel()
        raise
    proc.wait()
    stop.set()
    if killer:
        killer.cancel()
    reader.join(timeout=2)
    if done is None:
        record.status = ERROR
        record.note = error or (f"child exited with {proc.returncode}: " + " | ".join(l.strip() for l in list(stderr_tail)[-3:]))
        return record
    record.load_s, record.rss_peak_mb = done["load_s"], done["rss_peak_mb"]
    record.ep = done.get("ep") or record.ep
    record.model, record.precision = done.get("model") or record.model, done.get("precision") or record.precision
    if spec.ep in GPU_EPS and gpu_peak[0] > 0:
        record.gpu_mem_peak_mb = gpu_peak[0]
    return summarize_samples(record, done["samples"])


def available_eps() -> dict[str, str]:
    """Short EP name -> onnxruntime provider, for every compute provider this onnxruntime build lists."""
    import onnxruntime as ort

    from terminus_edge.runtime.session import EP_ALIASES

    listed = set(ort.get_available_providers())
    short = {}
    for alias, provider in EP_ALIASES.items():
        if provider in listed and provider not in short.values():
            short[alias] = provider
    return short


def expand_eps(requested: list[str]) -> list[str]:
    """`all` → cpu + every accelerator listed here; other names kept as given (lower case)."""
    out = []
    for ep in requested:
        names = list(available_eps()) if ep.lower() == "all" else [ep.lower()]
        out += [n for n in names if n not in out]
    return out


def _merge(rounds: list[Record]) -> Record:
    """One row from the same (spec, test) measured in several rounds: all samples, max RSS, mean load time."""
    good = [r for r in rounds if r.status == OK]
    if not good:
        return rounds[-1]
    merged = good[0]
    merged.load_s = sum(r.load_s for r in good) / len(good)
    merged.rss_peak_mb = max(r.rss_peak_mb for r in good)
    gpu = [r.gpu_mem_peak_mb for r in good if r.gpu_mem_peak_mb is not None]
    merged.gpu_mem_peak_mb = max(gpu) if gpu else None
    if len(good) < len(rounds):
        merged.note = f"{len(rounds) - len(good)} of {len(rounds)} rounds failed: {next(r.note for r in rounds if r.status != OK)}"
    return summarize_samples(merged, [s for r in good for s in r.samples])


def run_matrix(specs: list[EngineSpec], tests: list[tuple[int, int]], reps: int, warmup: int,
               progress: bool = True, interleave: bool = False) -> list[Record]:
    """Every spec × test, each in its own child; onnxruntime EPs this build lacks become 'not available here' rows.

    interleave: instead of one child doing all `reps`, make `reps` rounds over the whole matrix, one
    repetition (after `warmup`) per child per round, so a load change on a shared machine hits every engine
    alike rather than whichever ran at that moment."""
    eps_here = available_eps() if any(s.engine == ENGINE for s in specs) else {}
    runnable = [s for s in specs if s.engine != ENGINE or s.ep in eps_here]
    rounds, per_child = (reps, 1) if interleave else (1, reps)
    steps_per_job = 1 + warmup + per_child
    measured: dict[tuple, list[Record]] = {}
    interrupted = None
    try:
        _run_rounds(specs, runnable, tests, rounds, per_child, warmup, steps_per_job, progress, measured)
    except KeyboardInterrupt as interrupt:  # Ctrl-C, SIGTERM, SIGHUP: keep every row measured so far; the rest say not
        interrupted = interrupt
    records = []
    for i, spec in enumerate(specs):
        for n_prompt, n_gen in tests:
            if spec in runnable:
                done = measured.get((i, n_prompt, n_gen))
                if done:
                    record = _merge(done)
                    if interrupted and len(done) < rounds:
                        record.note = ((record.note + "; " if record.note else "")
                                       + partial_note(len(done), rounds, interrupt_signum(interrupted)))
                    records.append(record)
                else:
                    records.append(unavailable(spec.engine, spec.model, spec.precision, spec.ep, spec.threads,
                                               label_for(n_prompt, n_gen), n_prompt, n_gen, INTERRUPTED,
                                               interrupted_note(interrupt_signum(interrupted))))
                continue
            hint = EP_HINTS.get(spec.ep, "an onnxruntime build that lists this execution provider")
            records.append(unavailable(spec.engine, spec.model, spec.precision, spec.ep, spec.threads,
                                       label_for(n_prompt, n_gen), n_prompt, n_gen, NOT_AVAILABLE, f"to enable: {hint}"))
    return records


def _run_rounds(specs, runnable, tests, rounds, per_child, warmup, steps_per_job, progress, measured) -> None:
    """Run the children in order, filling measured[(spec index, n_prompt, n_gen)] as each one finishes."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), disable=not progress, transient=True) as bar:
        task = bar.add_task("bench", total=rounds * len(runnable) * len(tests) * steps_per_job)
        for round_no in range(rounds):
            for i, spec in enumerate(specs):
                if spec not in runnable:
                    continue
                for n_prompt, n_gen in tests:
                    label = label_for(n_prompt, n_gen)
                    where = f" round {round_no + 1}/{rounds}" if rounds > 1 else ""
                    bar.update(task, description=f"{spec.engine} {spec.precision} {spec.ep} t{spec.threads or '-'} {label}{where}")
                    before = bar.tasks[0].completed
                    record = run_child(spec, n_prompt, n_gen, per_child, warmup,
                                       on_event=lambda e: bar.advance(task) if e.get("event") in ("loaded", "rep") else None)
                    bar.update(task, completed=before + steps_per_job)
                    measured.setdefault((i, n_prompt, n_gen), []).append(record)


def bundle_specs(bundle: str, eps: list[str], threads: list[int | None]) -> list[EngineSpec]:
    from terminus_edge.runtime.bundle import load_bundle

    loaded = load_bundle(bundle)  # a clear BundleError before any child starts
    return [EngineSpec(ENGINE, str(loaded.path), ep, t, loaded.name, loaded.precision) for ep in expand_eps(eps) for t in threads]


def run_latency(bundle: str, eps: list[str], threads: list[int | None], prompts: list[int], gens: list[int],
                reps: int = 5, warmup: int = 1, progress: bool = True, interleave: bool = False) -> list[Record]:
    """The records of `bench latency` (no output formatting)."""
    tests = check_matrix(prompts, gens, threads)
    return run_matrix(bundle_specs(bundle, eps, threads), tests, reps, warmup, progress, interleave)
