"""terminus-edge's own onnxruntime kernels: a C++ custom-op library built on this machine.

`MatMulNBits` in domain terminus.edge ("MatMulQ4" in the docs) is a drop-in for com.microsoft.MatMulNBits with bits=4: same inputs,
attributes and results within int8-activation rounding. At session creation it packs the weights into 16-row
groups laid out for AVX-512 VNNI with one float16 scale per block, 4.5 bits a weight at block 32 where
MatMulNBits' packing keeps more (benchmarks/RESULTS.md, "Lever 24"). CPUs with AVX2 (and FMA, F16C) but no
AVX-512 VNNI run the same packing on 256-bit code, with AVX-VNNI where they have it ("Lever 25").

    library_path()      the built library, or None (never raises; why_unavailable() says why)
    build()             build it now (KernelBuildError with one line on failure)
TERMINUS_EDGE_KERNELS=0 turns the library off everywhere; TERMINUS_EDGE_KERNELS_ISA=avx2-vnni|avx2 picks a lower
variant than this CPU's best (build.VARIANTS).
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from terminus_edge.kernels.build import ISA_VARIABLE, KernelBuildError, compile_library

DOMAIN = "terminus.edge"  # the op keeps the name MatMulNBits; only its domain differs
__all__ = ["DOMAIN", "KernelBuildError", "build", "library_path", "why_unavailable", "disabled"]


def disabled() -> bool:
    return os.environ.get("TERMINUS_EDGE_KERNELS", "").strip().lower() in ("0", "off", "no", "false")


def cache_root() -> Path:
    from terminus_edge.paths import cache_dir

    return cache_dir() / "kernels"


def build(verbose: bool = False, download: bool = True) -> Path:
    """Build (or find) the library for this machine; raise KernelBuildError saying why not."""
    try:
        path = compile_library(cache_root(), verbose=verbose, download=download)
    except OSError as error:
        raise KernelBuildError(f"cannot build the kernel library: {error}") from None
    _built.cache_clear()
    return path


@functools.lru_cache(maxsize=8)
def _built(root: Path, isa: str = "") -> tuple[Path | None, str | None]:
    """Looked up once per cache folder and forced variant (TERMINUS_EDGE_HOME may change, as in tests)."""
    from terminus_edge.kernels.build import existing_library

    try:
        found = existing_library(root)
    except (OSError, KernelBuildError) as error:
        return None, str(error)
    return (found, None) if found else (None, "not built yet: run `terminus-edge kernels build`")


def library_path() -> Path | None:
    """The library built for this machine, or None (disabled, or not built): never builds, never raises."""
    if disabled():
        return None
    return _built(cache_root(), os.environ.get(ISA_VARIABLE, ""))[0]


def why_unavailable() -> str | None:
    if disabled():
        return "turned off by TERMINUS_EDGE_KERNELS=0"
    return _built(cache_root(), os.environ.get(ISA_VARIABLE, ""))[1]
