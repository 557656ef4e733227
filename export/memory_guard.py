"""Memory guard: before any heavy work, estimate an export's peak resident memory for the path it would take and
compare it with the memory the machine can give; switch to the streaming (--low-memory) writer, use the cheaper
bf16 validation reference, or refuse with one line, instead of being ended by the kernel's OOM killer.

The estimate is linear in the model's weights, stage by stage (source -> graph -> validation), with coefficients
measured with benchmarks/export_memory.py on random-weight Qwen3-4B-shaped models of 1 and 3 layers and on
SmolLM2-135M (benchmarks/RESULTS.md, "Export memory guard"). The embedding (and an untied lm_head) gets its own
coefficient: the builder quantizes the vocab-sized tables through several full-size copies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.model_size import ModelSize, model_size

FORCE_ENV = "TERMINUS_EDGE_EXPORT_FORCE"  # "1": export even when the estimate exceeds the available memory
FORCE_HINT = f"--force (or {FORCE_ENV}=1)"  # how `export` skips the check (build-default's --force means rebuild)
GB = 1e9
# The process before any weights: python + torch + transformers + onnxruntime imported (measured 463-464 MiB).
BASE_BYTES = 500_000_000
# Part of the available memory the estimate may use: the rest absorbs the estimate's error and other processes.
HEADROOM = 0.9

# Peak bytes of a stage per fp32 byte of weights, (vocab tables, the rest); measured (RESULTS.md, "Export memory
# guard"): builder int4 from 1- and 3-layer Qwen3-4B shapes (the tied table goes through ~6 full-size copies while
# the builder quantizes it), the other rows from the 1-layer shape (one coefficient for both parts).
SOURCE_COEF = {"hf": (0.0, 0.0), "random": (2.0, 1.0), "gguf": (1.6, 1.6)}  # torch model made, saved as safetensors
BUILD_COEF = {
    ("builder", "int4"): (6.6, 2.35),
    ("builder", "int8"): (4.75, 4.75),  # the fp32 graph, loaded whole by onnxruntime's MatMulNBits quantizer
    ("builder", "fp16"): (1.45, 1.45),
    ("builder", "fp32"): (2.0, 2.0),
    # optimum: torch.onnx export 3.65 (measured), then the quantizer on the whole graph 4.3 (int4 measured; int8
    # and fp16's conversion assumed alike)
    ("optimum", "int4"): (4.3, 4.3),
    ("optimum", "int8"): (4.3, 4.3),
    ("optimum", "fp16"): (4.3, 4.3),
    ("optimum", "fp32"): (3.65, 3.65),
}
# Validation: the torch fp32 reference (1.0) and the onnxruntime session of the bundle, which for float graphs
# holds the weights twice (loaded and prepacked). A bf16 reference saves less than half its share (measured 0.38).
VALIDATION_COEF = {"int4": 1.45, "int8": 1.6, "fp16": 2.55, "fp32": 3.75}
VALIDATION_EXTRA = {"optimum": 1.0}  # what the optimum export leaves allocated (measured with int4: 2.44 in all)
BF16_REFERENCE_SAVING = 0.35
GGUF_LOAD_EXTRA = 0.15  # a reference loaded from the GGUF (streaming writer): measured 1.47 in all on SmolLM2
# The streaming writer holds one tensor in fp32 plus its quantized chunks: the largest tensor sets its peak.
LOW_MEMORY_LARGEST_COEF = 1.05


@dataclass(frozen=True)
class Estimate:
    path: str  # e.g. "builder int4", "low-memory int4"
    stages: dict[str, int] = field(default_factory=dict)  # stage -> peak bytes of the process during it

    @property
    def peak(self) -> int:
        return max(self.stages.values())


def estimate(size: ModelSize, *, path: str, precision: str, validation: str | None) -> Estimate:
    """Peak bytes per stage of an export along `path` ("builder", "optimum" or "low-memory"); validation is the
    torch reference's dtype ("fp32", "bf16") or None when the bundle is not validated."""
    emb, rest = 4.0 * size.embedding, 4.0 * size.rest
    stages = {"start": BASE_BYTES}
    if path == "low-memory":
        stages["streaming int4 writer"] = int(BASE_BYTES + LOW_MEMORY_LARGEST_COEF * 4.0 * size.largest)
    else:
        a, b = SOURCE_COEF.get(size.source_kind, (0.0, 0.0))
        if a or b:
            stages[f"{size.source_kind} source to fp32 checkpoint"] = int(BASE_BYTES + a * emb + b * rest)
        a, b = BUILD_COEF[(path, precision)]
        stages[f"{path} {precision} graph"] = int(BASE_BYTES + a * emb + b * rest)
    if validation is not None:
        coef = (VALIDATION_COEF[precision] + VALIDATION_EXTRA.get(path, 0.0)
                - (BF16_REFERENCE_SAVING if validation == "bf16" else 0.0))
        if path == "low-memory" and size.source_kind == "gguf":
            coef += GGUF_LOAD_EXTRA  # the reference is dequantized from the GGUF at load: no fp32 checkpoint exists
        stages[f"validation with the {validation} torch reference"] = int(BASE_BYTES + coef * (emb + rest))
    return Estimate(f"{path} {precision}", stages)


def cgroup_available(root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Memory left under this process's cgroup limit (v2, then v1): limit - usage + reclaimable file cache;
    None when there is no limit. psutil reads /proc/meminfo, which a container's limit does not change."""
    for limit_file, usage_file, stat_file, key in (
            ("memory.max", "memory.current", "memory.stat", "inactive_file"),
            ("memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes", "memory/memory.stat", "total_inactive_file")):
        limit_file, usage_file, stat_file = (Path(root) / name for name in (limit_file, usage_file, stat_file))
        try:
            limit_text = Path(limit_file).read_text().strip()
            if limit_text == "max":
                return None
            limit, usage = int(limit_text), int(Path(usage_file).read_text())
            stat = dict(line.split() for line in Path(stat_file).read_text().splitlines() if len(line.split()) == 2)
        except (OSError, ValueError):
            continue
        return max(0, limit - usage + int(stat.get(key, 0)))
    return None


def available_memory() -> int:
    """Bytes this export can take without swapping or the OOM killer: the kernel's MemAvailable (free memory plus
    the page cache and slab it can reclaim), bounded by a cgroup limit when there is one. Swap is not counted."""
    import psutil

    available = psutil.virtual_memory().available
    cgroup = cgroup_available()
    return available if cgroup is None or cgroup > psutil.virtual_memory().total else min(available, cgroup)


@dataclass(frozen=True)
class Request:
    """What the user asked for, as export_model received it."""
    precision: str
    backend: str | None  # None: not chosen (the builder, or the streaming writer when memory is short)
    low_memory: bool
    validate: bool
    streamable: bool  # the streaming writer can make this bundle (int4, quantized lm_head, no GGUF blocks kept)


@dataclass(frozen=True)
class Decision:
    low_memory: bool
    validation: str | None  # torch reference dtype; None: not validated; "auto": the streaming writer's own rule
    estimate: Estimate
    available: int
    note: str | None = None  # one line for the user when the plan differs from the request
    skipped: str | None = None  # why validation was skipped, when it was asked for


def _gb(n: float) -> str:
    return f"{n / GB:.1f} GB"


def _candidates(size: ModelSize, request: Request):
    """(low_memory, reference) plans in order of preference; the first is what was asked for."""
    references = ["fp32", "bf16"] if request.precision != "fp32" else ["fp32"]  # fp32's 1e-3 check needs fp32
    paths = [request.low_memory]
    if not request.low_memory and request.backend is None and request.streamable and size.streamable:
        paths.append(True)
    for low_memory in paths:
        if not request.validate:
            yield low_memory, None
        elif low_memory and size.source_kind == "random":
            yield low_memory, None  # the streaming writer has no torch model of random weights
        else:
            yield from ((low_memory, reference) for reference in references)
            if low_memory:
                yield low_memory, None  # the streaming writer skips a validation that does not fit (and says so)


def _estimate(size: ModelSize, request: Request, low_memory: bool, reference: str | None) -> Estimate:
    if low_memory:
        return estimate(size, path="low-memory", precision="int4", validation=reference)
    return estimate(size, path=request.backend or "builder", precision=request.precision, validation=reference)


def decide(size: ModelSize, request: Request, available: int, *, force: bool = False) -> Decision:
    """The first plan that fits in `available` bytes: the export asked for, the same validated against a bf16
    torch reference, (backend not chosen) the streaming writer, streamed without validation (as --low-memory
    does when the reference cannot fit); or ExportError naming the need and the fixes. force: the plan asked."""
    budget = HEADROOM * available
    plans = list(_candidates(size, request))
    asked = _estimate(size, request, *plans[0])
    if force or asked.peak <= budget:
        low_memory, reference = plans[0]
        if force and low_memory and reference:
            reference = "auto"  # unchecked: the streaming writer's own rule (HF sources up to 2 GiB, fp32)
        return Decision(low_memory, reference, asked, available)
    need = (f"the {asked.path} export{' with fp32 validation' if plans[0][1] else ''} needs about {_gb(asked.peak)} "
            f"at its peak ({_worst(asked)}) and {_gb(available)} is available")
    for low_memory, reference in plans[1:]:
        plan = _estimate(size, request, low_memory, reference)
        if plan.peak > budget:
            continue
        change = [] if low_memory == request.low_memory else ["using the low-memory streaming writer"]
        if reference:
            change.append(f"validating against a {reference} torch reference")
        elif request.validate and size.source_kind == "hf":
            change.append("skipping validation (no torch reference fits)")
        skipped = None if reference else "no torch reference fits in the memory available"
        return Decision(low_memory, reference, plan, available,
                        f"{need}: {' and '.join(change)} instead (about {_gb(plan.peak)})", skipped)
    fixes = []
    if not request.low_memory and size.streamable:
        streamed = Request(request.precision, None, False, request.validate, True)
        if any(_estimate(size, streamed, True, r).peak <= budget for lm, r in _candidates(size, streamed) if lm):
            fixes.append("--low-memory" if request.streamable and request.precision == "int4" else "--precision int4 --low-memory")
    if request.validate and _estimate(size, request, request.low_memory, None).peak <= budget:
        fixes.append("--no-validate")
    fixes.append(f"{FORCE_HINT} to try anyway")
    raise ExportError(f"not enough memory: {need}; use {', or '.join(fixes)}")


def _worst(estimate_: Estimate) -> str:
    return max(estimate_.stages, key=estimate_.stages.get)


def plan_export(source, *, random_init=None, layers=None, precision: str, backend: str | None, low_memory: bool,
                validate: bool, streamable: bool, force: bool = False, available: int | None = None) -> Decision | None:
    """decide() for this source and the machine's memory now; None when the source's size cannot be read
    (prepare_source then reports what is wrong with it). force, or FORCE_ENV=1: the plan asked, unchecked."""
    size = model_size(source, random_init=random_init, layers=layers)
    if size is None:
        return None
    force = force or os.environ.get(FORCE_ENV, "") not in ("", "0")
    return decide(size, Request(precision, backend, low_memory, validate, streamable),
                  available_memory() if available is None else available, force=force)
