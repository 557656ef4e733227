"""Compile the kernel library into the user cache, once per source/compiler/CPU/variant combination.

The variant is the best instruction set this CPU has (VARIANTS, best first): AVX-512 VNNI is compiled with
`-march=native` (built on and for this machine, like the prepacked-weights cache); the AVX2 ones with their own
flags, so that TERMINUS_EDGE_KERNELS_ISA can force a lower variant on a bigger CPU (tests and benchmarks build all
three here). A CPU without AVX2 gets no library: onnxruntime's MatMulNBits is faster than the portable C++ path.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from terminus_edge.kernels.headers import HeadersError, find_headers

SOURCES = sorted((Path(__file__).parent / "src").glob("*.[ch]pp"))  # the key hashes every one
MAIN_SOURCE = Path(__file__).parent / "src" / "matmul_q4.cpp"
COMMON_FLAGS = ("-O3", "-std=c++17", "-shared", "-fPIC", "-fvisibility=hidden")
AVX2 = ("-mavx2", "-mfma", "-mf16c")
# name: (the /proc/cpuinfo flags it needs, its compiler flags); best first. The code each compiles is picked by
# the preprocessor (src/q4_compute.hpp) and reported by the library (TerminusEdgeKernelsVariant).
VARIANTS = {
    "avx512-vnni": (("avx512f", "avx512bw", "avx512_vnni"), ("-march=native",)),
    "avx2-vnni": (("avx2", "fma", "f16c", "avx_vnni"), (*AVX2, "-mavxvnni")),
    "avx2": (("avx2", "fma", "f16c"), AVX2),
}
ISA_VARIABLE = "TERMINUS_EDGE_KERNELS_ISA"
LIBRARY = "libterminus_edge_kernels.so"


class KernelBuildError(RuntimeError):
    """The library could not be built; the message is one line that says why."""


def compiler() -> str | None:
    return os.environ.get("CXX") or shutil.which("g++") or shutil.which("c++") or shutil.which("clang++")


def library_target(root: Path, cxx: str, variant: str, variant_flags: tuple[str, ...]) -> Path:
    return root / build_key(cxx, variant, (*COMMON_FLAGS, *variant_flags)) / LIBRARY


def build_key(cxx: str, variant: str, flags: tuple[str, ...]) -> str:
    from terminus_edge.runtime.prepacked_cache import cpu_signature

    digest = hashlib.sha256()
    for source in SOURCES:
        digest.update(source.name.encode() + source.read_bytes())
    digest.update(" ".join((cxx, variant, *flags, cpu_signature())).encode())
    return f"{variant}-{digest.hexdigest()[:20]}"


def cpu_flag_set() -> set[str]:
    from terminus_edge.runtime.prepacked_cache import cpu_flags

    return set(cpu_flags() or [])


def supported_variants() -> list[str]:
    """The variants this CPU can run, best first ([] without AVX2, or where /proc/cpuinfo says nothing)."""
    have = cpu_flag_set()
    return [name for name, (needs, _) in VARIANTS.items() if have.issuperset(needs)]


def chosen_variants() -> list[str]:
    """The variants to build or look for, best first: the one TERMINUS_EDGE_KERNELS_ISA names, else all this CPU
    runs (a compiler too old for the best one builds the next). KernelBuildError (one line) if there are none."""
    supported = supported_variants()
    forced = os.environ.get(ISA_VARIABLE, "").strip().lower()
    if forced:
        if forced not in VARIANTS:
            raise KernelBuildError(f"{ISA_VARIABLE}={forced} is not a variant: use one of {', '.join(VARIANTS)}")
        if forced not in supported:
            missing = sorted(set(VARIANTS[forced][0]).difference(cpu_flag_set()))
            raise KernelBuildError(f"{ISA_VARIABLE}={forced}: this CPU lacks {', '.join(missing)}")
        return [forced]
    if not supported:
        raise KernelBuildError("this CPU has neither AVX-512 VNNI nor AVX2 with FMA and F16C: the runtime keeps "
                               "onnxruntime's MatMulNBits, faster here than the library's portable path")
    return supported


def existing_library(root: Path) -> Path | None:
    """The library already built under `root` for these sources, this compiler and this CPU (best variant first);
    KernelBuildError where this CPU gets none."""
    cxx = compiler()
    if not cxx:
        return None
    for variant in chosen_variants():
        target = library_target(root, cxx, variant, VARIANTS[variant][1])
        if target.is_file():
            return target
    return None


def compile_library(root: Path, verbose: bool = False, download: bool = True, flags: tuple[str, ...] | None = None) -> Path:
    """The built library's path under `root` (building it first if this key has none): the best variant this CPU
    runs and the compiler builds. `flags` (tests: the portable path) replaces the variant's compiler flags."""
    if flags is not None:
        return _compile(root, "custom", flags, verbose, download)
    variants = chosen_variants()
    for variant in variants:
        try:
            target = _compile(root, variant, VARIANTS[variant][1], verbose, download)
        except KernelBuildError:
            if variant == variants[-1]:
                raise
            continue
        _remove_stale(root, variant, keep=target.parent)
        return target
    raise AssertionError("unreachable: chosen_variants() is never empty")


def _compile(root: Path, variant: str, variant_flags: tuple[str, ...], verbose: bool, download: bool) -> Path:
    cxx = compiler()
    if not cxx:
        raise KernelBuildError("no C++ compiler found (install g++ or set CXX)")
    target = library_target(root, cxx, variant, variant_flags)
    if target.is_file():
        return target
    try:
        include = find_headers(root, download=download)
    except HeadersError as error:
        raise KernelBuildError(str(error)) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{LIBRARY}.tmp{os.getpid()}")
    command = [cxx, *COMMON_FLAGS, *variant_flags, "-I", str(include), str(MAIN_SOURCE), "-o", str(partial)]
    if verbose:
        print(" ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        lines = [line for line in done.stderr.splitlines() if "error" in line] or done.stderr.splitlines() or ["?"]
        raise KernelBuildError(f"compiling the kernel library ({variant}) failed: {lines[0].strip()}")
    partial.replace(target)
    return target


def _remove_stale(root: Path, variant: str, keep: Path) -> None:
    """Libraries of older sources or another CPU for the same variant (and from before variants had folders of
    their own) in the same cache: each is ~60 KB, but they pile up. Other variants' (forced ones) stay."""
    for folder in root.iterdir():
        named = folder.name.rsplit("-", 1)[0]  # build_key's "<variant>-<hash>"
        if folder != keep and (named == variant or named not in VARIANTS) and (folder / LIBRARY).is_file():
            shutil.rmtree(folder, ignore_errors=True)
