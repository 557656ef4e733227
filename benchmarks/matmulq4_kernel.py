"""Microbenchmark: terminus-edge's int4 kernel library against onnxruntime's MatMulNBits at the Qwen3-4B shapes.

One-node graphs, same random weights for every variant, reps interleaved (variant A, B, C, A, B, C, ...) so a
noisy box slows all of them alike. Per variant and shape: median ms, GB/s of the weight bytes the kernel reads
(its in-memory format, below), GOPS (2*M*N*K / time). At M=1 a graph holds as many copies of the weight as
make ~192 MB (one node each, run one after the other, time divided by the copies), so the weights stream from
DRAM as a 36-layer model's do rather than from this CPU's large L3; prefill (M>1) is compute-bound, one copy.

    python -m benchmarks.matmulq4_kernel [--m 1 128] [--threads 1 2] [--reps 15] [--shapes q k o gate down]

Variants and the weight bytes each reads per run:
  q4       the library's op, block 32, float16 scales: 4 bits + 16 bits / 32 = 4.5 bits a weight
  nbits32  com.microsoft.MatMulNBits block 32, accuracy_level 4: MLAS keeps 4 bits + fp32 scale + fp32 block sum
           per 32 = 6 bits a weight (benchmarks/RESULTS.md, "Lever 6")
  nbits128 the same at block 128: 4 bits + 2 * 32 bits / 128 = 4.5 bits a weight
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

# (name, K, N): one Qwen3-4B decoder layer's projections and the lm_head.
SHAPES = {
    "q": (2560, 4096),
    "k": (2560, 1024),
    "o": (4096, 2560),
    "gate": (2560, 9728),
    "down": (9728, 2560),
    "lm_head": (2560, 151936),
}
BITS_PER_WEIGHT = {"q4": 4.5, "nbits32": 6.0, "nbits128": 4.5}


def _op_type(domain: str, library: str) -> str:
    """The library's op name in `domain` (it registers one op; which name is read from a probe session)."""
    for name in ("MatMulNBits", "MatMulQ4"):
        try:
            _session(_graph(name, domain, 64, 1, 32, *_weights(64, 1, 32, np.float16)), 1, library)
            return name
        except Exception:  # noqa: BLE001 - the probe only asks which name loads
            continue
    raise SystemExit(f"the kernel library {library} registers neither MatMulNBits nor MatMulQ4 in {domain}")


def _weights(K: int, N: int, block: int, scale_type):
    rng = np.random.default_rng(K * 7919 + N + block)
    blocks = K // block
    packed = rng.integers(0, 256, size=(N, blocks, block // 2), dtype=np.uint8)
    scales = (rng.random((N * blocks,), dtype=np.float32) * 0.02 + 0.001).astype(scale_type)
    return packed, scales


def _graph(op: str, domain: str, K: int, N: int, block: int, packed, scales, copies: int = 1) -> bytes:
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes, outputs = [], [], []
    for i in range(copies):  # distinct bytes per copy, so no graph pass can merge the copies
        inits += [numpy_helper.from_array(packed ^ np.uint8(i % 256), f"B{i}"),
                  numpy_helper.from_array(scales * scales.dtype.type(1 + i / 1024), f"S{i}")]
        nodes.append(helper.make_node(op, ["A", f"B{i}", f"S{i}"], [f"Y{i}"], domain=domain, K=K, N=N, bits=4,
                                      block_size=block, accuracy_level=4))
        outputs.append(helper.make_tensor_value_info(f"Y{i}", TensorProto.FLOAT, ["M", N]))
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("A", TensorProto.FLOAT, ["M", K])],
                              outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid(domain, 1)])
    model.ir_version = 10
    return model.SerializeToString()


def _session(data: bytes, threads: int, library: str | None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    if library:
        options.register_custom_ops_library(library)
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def copies_for(K: int, N: int, M: int) -> int:
    return max(1, round(192e6 / (N * K * 4.5 / 8))) if M == 1 else 1


def _sessions(K: int, N: int, copies: int, threads: int, library: str, domain: str, op: str) -> dict:
    made = {}
    packed, scales16 = _weights(K, N, 32, np.float16)
    made["q4"] = _session(_graph(op, domain, K, N, 32, packed, scales16, copies), threads, library)
    made["nbits32"] = _session(_graph("MatMulNBits", "com.microsoft", K, N, 32, packed,
                                      scales16.astype(np.float32), copies), threads, None)
    packed128, scales128 = _weights(K, N, 128, np.float32)
    made["nbits128"] = _session(_graph("MatMulNBits", "com.microsoft", K, N, 128, packed128, scales128, copies),
                                threads, None)
    return made


def _check(made: dict, K: int) -> float:
    """q4 against nbits32 (same weights, both accuracy level 4): relative max difference."""
    a = np.random.default_rng(1).standard_normal((1, K)).astype(np.float32)
    ours, theirs = made["q4"].run(["Y0"], {"A": a})[0], made["nbits32"].run(["Y0"], {"A": a})[0]
    return float(np.abs(ours - theirs).max() / max(np.abs(theirs).max(), 1e-30))


def measure(K: int, N: int, M: int, threads: int, reps: int, library: str, domain: str, op: str) -> dict:
    copies = copies_for(K, N, M)
    made = _sessions(K, N, copies, threads, library, domain, op)
    difference = _check(made, K)
    a = np.random.default_rng(2).standard_normal((M, K)).astype(np.float32)
    times: dict[str, list[float]] = {name: [] for name in made}
    for name, sess in made.items():  # warm-up: first runs allocate
        sess.run(None, {"A": a})
    for _ in range(reps):
        for name, sess in made.items():
            start = time.perf_counter()
            sess.run(None, {"A": a})
            times[name].append(time.perf_counter() - start)
    rows = {}
    for name, samples in times.items():
        seconds = statistics.median(samples) / copies
        weight_bytes = N * K * BITS_PER_WEIGHT[name] / 8
        rows[name] = {"ms": seconds * 1e3, "gbs": weight_bytes / seconds / 1e9, "gops": 2 * M * N * K / seconds / 1e9}
    rows["q4"]["rel_diff_vs_nbits32"] = difference
    rows["copies"] = copies
    return rows


def _rss_mib() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    return tuple(int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM"))


def _memory_child(variant: str, folder: str, library: str, domain: str, op: str) -> None:
    """In a fresh process: the session of `variant` on the lm_head-sized weight saved with external data."""
    import onnx

    K, N = SHAPES["lm_head"]
    block = 128 if variant == "nbits128" else 32
    packed, scales = _weights(K, N, block, np.float16 if variant == "q4" else np.float32)
    name, domain_used = (op, domain) if variant == "q4" else ("MatMulNBits", "com.microsoft")
    model = onnx.load_from_string(_graph(name, domain_used, K, N, block, packed, scales))
    path = f"{folder}/{variant}.onnx"
    onnx.save_model(model, path, save_as_external_data=True, location=f"{variant}.onnx.data", size_threshold=0)
    del model, packed, scales
    before = _rss_mib()[0]
    sess = _session(path, 1, library if variant == "q4" else None)
    sess.run(None, {"A": np.ones((1, K), np.float32)})
    rss, peak = _rss_mib()
    print(f"{variant:9} weights {N * K * BITS_PER_WEIGHT[variant] / 8 / 2**20:6.0f} MiB in memory format; "
          f"session + one run: RSS +{rss - before:6.0f} MiB, process peak {peak:6.0f} MiB", flush=True)


def memory(library: str, domain: str, op: str) -> None:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for variant in BITS_PER_WEIGHT:
            subprocess.run([sys.executable, "-m", "benchmarks.matmulq4_kernel", "--memory-child", variant, folder],
                           check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--m", type=int, nargs="+", default=[1, 128])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--memory", action="store_true", help="RSS of each variant's session at the lm_head shape")
    parser.add_argument("--memory-child", nargs=2, metavar=("VARIANT", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from terminus_edge.kernels import DOMAIN, KernelBuildError, build

    try:
        library = str(build())
    except KernelBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    op = _op_type(DOMAIN, library)
    if args.memory_child:
        _memory_child(*args.memory_child, library, DOMAIN, op)
        return 0
    if args.memory:
        memory(library, DOMAIN, op)
        return 0
    print(f"library {library} ({DOMAIN}::{op})")
    print(f"{'shape':8} {'K':>5} {'N':>6} {'M':>4} {'thr':>3}  " +
          "  ".join(f"{name:>25}" for name in BITS_PER_WEIGHT) + "   q4/nbits32  q4/nbits128  rel.diff")
    for name in args.shapes:
        K, N = SHAPES[name]
        for M in args.m:
            if name == "lm_head" and M > 1:
                continue  # prefill computes logits for the last position only
            for threads in args.threads:
                rows = measure(K, N, M, threads, args.reps, library, DOMAIN, op)
                cells = "  ".join(f"{r['ms']:7.3f}ms {r['gbs']:5.1f}GB/s {r['gops']:5.1f}GOPS"
                                  for r in (rows[v] for v in BITS_PER_WEIGHT))
                name_cell = f"{name}x{rows['copies']}" if rows["copies"] > 1 else name
                speed32 = rows["nbits32"]["ms"] / rows["q4"]["ms"]
                speed128 = rows["nbits128"]["ms"] / rows["q4"]["ms"]
                print(f"{name_cell:8} {K:5} {N:6} {M:4} {threads:3}  {cells}   {speed32:9.2f}x {speed128:11.2f}x"
                      f"  {rows['q4']['rel_diff_vs_nbits32']:.1e}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
