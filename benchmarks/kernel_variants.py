"""Microbenchmark: the kernel library's instruction-set variants (avx512-vnni, avx2-vnni, avx2) against each other
and onnxruntime's MatMulNBits, on this machine, same weights, reps interleaved (benchmarks/matmulq4_kernel.py's
graphs and its DRAM-sized copies at M=1). Each variant this CPU runs is built as TERMINUS_EDGE_KERNELS_ISA forces it.

    python -m benchmarks.kernel_variants [--shapes smol-qkvo smol-up smol-down q gate down] [--m 1 128] [--reps 9]

Per shape and M: median ms of each variant (min-max over the reps in brackets) and each one's speed over nbits32
(MatMulNBits, block 32, accuracy_level 4). `--zero-points` gives every weight 4-bit zero points, as the default
SmolLM2 bundle has.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from benchmarks.matmulq4_kernel import SHAPES, _graph, _session, _weights, copies_for

SMOL = {"smol-qkvo": (576, 576), "smol-up": (576, 1536), "smol-down": (1536, 576)}  # SmolLM2-135M's projections
ALL_SHAPES = {**SMOL, **SHAPES}


def libraries() -> dict[str, str]:
    """variant -> library, for each variant this CPU runs (built once each into the user cache)."""
    from terminus_edge.kernels import build
    from terminus_edge.kernels.build import ISA_VARIABLE, supported_variants

    built, before = {}, os.environ.get(ISA_VARIABLE)
    try:
        for variant in supported_variants():
            os.environ[ISA_VARIABLE] = variant
            built[variant] = str(build())
    finally:
        os.environ.pop(ISA_VARIABLE, None)
        if before is not None:
            os.environ[ISA_VARIABLE] = before
    return built


def _with_zero_points(data: bytes, K: int, N: int) -> bytes:
    """The same graph with a zero point per block (random 4-bit values) on every node."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load_from_string(data)
    blocks = K // 32
    zp = np.random.default_rng(3).integers(0, 256, size=(N * ((blocks + 1) // 2),), dtype=np.uint8)
    for i, node in enumerate(model.graph.node):
        model.graph.initializer.append(numpy_helper.from_array(zp ^ np.uint8(i % 256), f"Z{i}"))
        node.input.append(f"Z{i}")
    return model.SerializeToString()


def measure(K: int, N: int, M: int, reps: int, libs: dict[str, str], zero_points: bool) -> dict[str, list[float]]:
    copies = copies_for(K, N, M)
    packed, scales = _weights(K, N, 32, np.float16)
    sessions = {}
    for name, library in [*libs.items(), ("nbits32", None)]:
        op, domain = ("MatMulNBits", "terminus.edge") if library else ("MatMulNBits", "com.microsoft")
        data = _graph(op, domain, K, N, 32, packed, scales if library else scales.astype(np.float32), copies)
        sessions[name] = _session(_with_zero_points(data, K, N) if zero_points else data, 1, library)
    a = np.random.default_rng(2).standard_normal((M, K)).astype(np.float32)
    for sess in sessions.values():
        sess.run(None, {"A": a})
    times: dict[str, list[float]] = {name: [] for name in sessions}
    for _ in range(reps):
        for name, sess in sessions.items():
            start = time.perf_counter()
            sess.run(None, {"A": a})
            times[name].append((time.perf_counter() - start) / copies * 1e3)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["smol-qkvo", "smol-up", "smol-down", "q", "gate", "down"],
                        choices=list(ALL_SHAPES))
    parser.add_argument("--m", type=int, nargs="+", default=[1, 128])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--zero-points", action="store_true")
    args = parser.parse_args(argv)
    libs = libraries()
    names = [*libs, "nbits32"]
    print("1 thread, ms per matmul: median [min-max]; x = nbits32 / variant" + (", zero points" if args.zero_points else ""))
    print(f"{'shape':10} {'K':>5} {'N':>6} {'M':>4}  " + "  ".join(f"{n:>27}" for n in names))
    for shape in args.shapes:
        K, N = ALL_SHAPES[shape]
        for M in args.m:
            times = measure(K, N, M, args.reps, libs, args.zero_points)
            base = statistics.median(times["nbits32"])
            cells = []
            for name in names:
                median = statistics.median(times[name])
                cells.append(f"{median:8.3f} [{min(times[name]):7.3f}-{max(times[name]):7.3f}] {base / median:4.2f}x")
            print(f"{shape:10} {K:5} {N:6} {M:4}  " + "  ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
