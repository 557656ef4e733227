"""The child process of `bench latency` (`python -m terminus_edge.benchmarks.latency_child`): reads one job as JSON on
stdin, loads the engine, times warmup + repetitions of prefill and greedy steps (latency.py's docstring says how), and
writes events as JSON lines on stdout ("loaded", "rep", then "done" with the samples and peak RSS, or "error")."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from terminus_edge.benchmarks.latency import ENGINE, EngineSpec, prompt_ids


class TerminusEngine:
    """terminus-edge's own runtime: OnnxChatModel's Decoder (the path summaries use), greedy argmax."""

    def __init__(self, spec: EngineSpec):
        self.spec = spec

    def load(self) -> None:
        import numpy as np

        from terminus_edge.runtime.chat_model import OnnxChatModel
        from terminus_edge.runtime.prefill import forward_prompt

        self._np, self._forward_prompt = np, forward_prompt
        model = OnnxChatModel.load(self.spec.path, ep=self.spec.ep, threads=self.spec.threads,
                                   kernels=self.spec.options.get("kernels", True))
        model.huge_pages.wait()  # the weights' move to huge pages is part of the load the caller times
        self.decoder = model.generator.decoder
        self.ep = model.ep
        arch = model.bundle.manifest.get("architecture") or {}
        self.vocab_size = self.decoder.vocab_size or int(arch.get("vocab_size") or model.bundle.tokenizer.get_vocab_size())
        self.model_name, self.precision = model.name, model.precision
        # Said in the model column where it is not the default: kernels ran, or `--kernels off/both` asked them off.
        self.matmul = "kernels" if model.kernel_nodes else ("MatMulNBits" if self.spec.options.get("kernels") is False else "")
        from terminus_edge.runtime.device_steps import device_steps_for

        self.device_steps = device_steps_for(model)  # None unless TERMINUS_EDGE_GPU_STEPS asks for them on a GPU

    def reset(self, capacity: int) -> None:
        self.cache = (self.device_steps or self.decoder).new_cache(capacity)

    def prefill(self, ids: list[int]) -> int:
        return int(self._np.argmax(self._forward_prompt(self.decoder, ids, self.cache)))

    def step(self, token: int) -> int:
        if self.device_steps is not None:
            return self.device_steps.step(token, self.cache)
        return int(self._np.argmax(self.decoder.forward([token], self.cache)))


def engine_for(spec: EngineSpec):
    if spec.engine == ENGINE:
        return TerminusEngine(spec)
    from terminus_edge.benchmarks import peers

    return peers.make_engine(spec)


def peak_rss_mb() -> float:
    """This process's RSS high-water mark. VmHWM belongs to the current address space, so unlike
    ru_maxrss it does not inherit the parent's peak across fork+exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def measure(engine, n_prompt: int, n_gen: int, reps: int, warmup: int, emit: Callable[[dict], None]) -> list[dict]:
    ids = prompt_ids(n_prompt, engine.vocab_size)
    samples = []
    for rep in range(warmup + reps):
        engine.reset(n_prompt + n_gen + 1)
        start = time.perf_counter()
        token = engine.prefill(ids)
        ttft = time.perf_counter() - start
        steps = []
        for _ in range(n_gen):
            t0 = time.perf_counter()
            token = engine.step(token)
            steps.append(time.perf_counter() - t0)
        if rep >= warmup:
            rate = n_prompt / ttft if n_gen == 0 else n_gen / sum(steps)
            samples.append({"tokens_per_s": rate, "ttft_ms": ttft * 1000, "token_ms": [s * 1000 for s in steps]})
        emit({"event": "rep", "warmup": rep < warmup})
    return samples


def spec_for(job: dict) -> EngineSpec:
    """The job's engine spec; llama.cpp's context (fixed at load, 2048 by default) made to hold the job's prompt and
    generation, or a deep tg row (--depth 2048) fails its decode."""
    spec = EngineSpec(**job["spec"])
    needed = job.get("n_prompt", 0) + job.get("n_gen", 0) + 1
    if spec.engine == "llama.cpp" and needed > int(spec.options.get("n_ctx", 2048)):
        spec.options = {**spec.options, "n_ctx": needed}
    return spec


def with_matmul(label: str, engine) -> str:
    """The model column with what ran the int4 matmuls ("… (terminus-edge graph, kernels)"), for our engine."""
    matmul = getattr(engine, "matmul", "")
    if not matmul:
        return label
    return f"{label[:-1]}, {matmul})" if label.endswith(")") else f"{label} ({matmul})"


def child_main(measure_job: Callable[[object, dict, Callable[[dict], None]], list[dict]] | None = None) -> int:
    """measure_job(engine, job, emit) -> samples replaces `measure` (bench roofline pairs it with bandwidth probes)."""
    job = json.loads(sys.stdin.read())
    spec = spec_for(job)

    def emit(event: dict) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    try:
        engine = engine_for(spec)
        start = time.perf_counter()
        engine.load()
        load_s = time.perf_counter() - start
        emit({"event": "loaded", "load_s": load_s})
        samples = (measure_job(engine, job, emit) if measure_job
                   else measure(engine, job["n_prompt"], job["n_gen"], job["reps"], job["warmup"], emit))
    except Exception as error:  # reported as an error row by the parent
        emit({"event": "error", "message": f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"})
        return 1
    # A measure_job that allocates memory of its own (bench roofline's probe arrays) reports the engine's peak
    # from before that allocation on its samples.
    rss_peak = samples[0].get("engine_rss_peak_mb") if samples else None
    emit({"event": "done", "load_s": load_s, "samples": samples, "rss_peak_mb": rss_peak or peak_rss_mb(),
          "ep": getattr(engine, "ep", spec.ep), "model": with_matmul(spec.model or getattr(engine, "model_name", ""), engine),
          "precision": spec.precision or getattr(engine, "precision", "")})
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
