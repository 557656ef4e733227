"""`terminus-edge kernels`: build and inspect this machine's kernel library (terminus_edge/kernels)."""

from __future__ import annotations

import sys

import click


@click.group()
def kernels() -> None:
    """The C++ kernel library (MatMulQ4) the CPU runtime uses where it is built."""


@kernels.command()
@click.option("--no-download", is_flag=True, help="Fail instead of downloading onnxruntime's headers (Debian's libonnxruntime-dev).")
@click.option("--verbose", is_flag=True, help="Print the compiler command.")
@click.option("--best-effort", is_flag=True, help="On failure print one line and exit 0 (the runtime falls back to MatMulNBits).")
def build(no_download: bool, verbose: bool, best_effort: bool) -> None:
    """Compile the library for this machine (once per source and CPU).

    The best variant the CPU has (avx512-vnni, avx2-vnni, avx2); TERMINUS_EDGE_KERNELS_ISA names a lower one."""
    from terminus_edge.kernels import KernelBuildError
    from terminus_edge.kernels import build as build_library

    try:
        path = build_library(verbose=verbose, download=not no_download)
    except KernelBuildError as error:
        if best_effort:
            click.echo(f"kernels: not built ({error}); the runtime uses onnxruntime's MatMulNBits", err=True)
            return
        raise click.ClickException(str(error)) from None
    click.echo(f"kernels: {path} ({variant(path)})")


@kernels.command()
def status() -> None:
    """Say whether the library is built here, and its code path."""
    from terminus_edge.kernels import library_path, why_unavailable

    path = library_path()
    if path is None:
        click.echo(f"kernels: not in use: {why_unavailable()}")
        sys.exit(1)
    click.echo(f"kernels: {path} ({variant(path)})")


def variant(path) -> str:
    """The instruction-set path the library was compiled with, asked from the library itself."""
    import ctypes

    try:
        function = ctypes.CDLL(str(path)).TerminusEdgeKernelsVariant
    except (OSError, AttributeError) as error:
        return f"cannot load: {error}"
    function.restype = ctypes.c_char_p
    return function().decode()
