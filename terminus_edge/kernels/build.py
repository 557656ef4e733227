"""Compile the kernel library into the user cache, once per source/compiler/CPU combination.

`-march=native` is deliberate: the library is built on and for this machine (like the prepacked-weights cache),
so the compiler picks the AVX-512 VNNI path where the CPU has it and the portable scalar path where it does not.
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
FLAGS = ("-O3", "-march=native", "-std=c++17", "-shared", "-fPIC", "-fvisibility=hidden")
LIBRARY = "libterminus_edge_kernels.so"


class KernelBuildError(RuntimeError):
    """The library could not be built; the message is one line that says why."""


def compiler() -> str | None:
    return os.environ.get("CXX") or shutil.which("g++") or shutil.which("c++") or shutil.which("clang++")


def build_key(cxx: str, flags: tuple[str, ...] = FLAGS) -> str:
    from terminus_edge.runtime.prepacked_cache import cpu_signature

    digest = hashlib.sha256()
    for source in SOURCES:
        digest.update(source.name.encode() + source.read_bytes())
    digest.update(" ".join((cxx, *flags, cpu_signature())).encode())
    return digest.hexdigest()[:20]


VNNI_FLAGS = ("avx512f", "avx512bw", "avx512_vnni")


def cpu_has_vnni() -> bool:
    from terminus_edge.runtime.prepacked_cache import cpu_flags

    flags = cpu_flags() or []
    return all(flag in flags for flag in VNNI_FLAGS)


def existing_library(root: Path) -> Path | None:
    """The library already built under `root` for these sources, this compiler and this CPU, if any."""
    cxx = compiler()
    target = root / build_key(cxx) / LIBRARY if cxx else None
    return target if target is not None and target.is_file() else None


def compile_library(root: Path, verbose: bool = False, download: bool = True, flags: tuple[str, ...] = FLAGS) -> Path:
    """The built library's path under `root` (building it first if this key has none).

    Only the AVX-512 VNNI path beats MatMulNBits; without it (or with `flags` other than FLAGS, as tests build the
    portable path) the library is built only when asked for explicitly with other flags."""
    if flags == FLAGS and not cpu_has_vnni():
        raise KernelBuildError("this CPU has no AVX-512 VNNI (avx512f, avx512bw, avx512_vnni): the runtime keeps "
                               "onnxruntime's MatMulNBits, faster here than the library's portable path")
    cxx = compiler()
    if not cxx:
        raise KernelBuildError("no C++ compiler found (install g++ or set CXX)")
    target = root / build_key(cxx, flags) / LIBRARY
    if target.is_file():
        return target
    try:
        include = find_headers(root, download=download)
    except HeadersError as error:
        raise KernelBuildError(str(error)) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{LIBRARY}.tmp{os.getpid()}")
    command = [cxx, *flags, "-I", str(include), str(MAIN_SOURCE), "-o", str(partial)]
    if verbose:
        print(" ".join(command))
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        lines = [line for line in done.stderr.splitlines() if "error" in line] or done.stderr.splitlines() or ["?"]
        raise KernelBuildError(f"compiling the kernel library failed: {lines[0].strip()}")
    partial.replace(target)
    if flags == FLAGS:
        _remove_stale(root, keep=target.parent)
    return target


def _remove_stale(root: Path, keep: Path) -> None:
    """Libraries of older sources or another CPU in the same cache: each is ~60 KB, but they pile up."""
    for folder in root.iterdir():
        if folder != keep and folder.name != "include" and (folder / LIBRARY).is_file():
            shutil.rmtree(folder, ignore_errors=True)
