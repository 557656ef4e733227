"""Prefill's matmul kernels at one Qwen3-4B layer's shapes: how far MatMulNBits is from onnxruntime's own int8 GEMM.

Prefill is compute-bound and MatMulNBits is 94 % of it (benchmarks/RESULTS.md, issue 7). This runs the seven
projections of one layer (qkv as separate q/k/v, o, gate, up, down) as one-node graphs, M prompt rows at once:

- `int4 b128`, `int4 b32`, `int8 b128`: MatMulNBits at accuracy_level 4 (the bundles' kernel: int8 activations
  quantized per row and K-block), symmetric;
- `int4 b128 L1` etc.: the same at another accuracy_level (1 fp32, 2 fp16, 3 bf16 compute);
- `int8 gemm`: DynamicQuantizeMatMul with int8 weights and one scale per output column (MLAS's u8s8 QGEMM, the
  fastest int8 kernel onnxruntime has on x86), which quantizes the activations with ONE scale for the whole [M, K].

Each variant's error is measured against float64 on activations with a few outlier channels (`--outlier`, the
"massive activation" channels real LLMs have; 1 = none): per-tensor activation scales are what a faster int8
prefill through QGEMM would cost in accuracy. Repetitions are interleaved across variants.

    python -m terminus_edge.benchmarks.prefill_kernels --threads 1 --m 128 --reps 5
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from terminus_edge.benchmarks.matmulnbits_zero_points import pack_nibbles

QWEN3_4B_LAYER = ((2560, 4096), (2560, 1024), (2560, 1024), (4096, 2560), (2560, 9728), (2560, 9728), (9728, 2560))
VARIANTS = ("int4 b128", "int4 b32", "int8 b128", "int8 gemm")


def _model(nodes, inits, k: int, n: int):
    from onnx import TensorProto, helper

    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("A", TensorProto.FLOAT, ["M", k])],
                          [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["M", n])], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)],
                             ir_version=10)


def nbits_graph(w: np.ndarray, bits: int, block: int, accuracy_level: int = 4):
    """Symmetric MatMulNBits of w [N, K] (implicit zero point 2**(bits-1))."""
    from onnx import helper, numpy_helper

    n, k = w.shape
    half = 2 ** (bits - 1)
    blocks = w.reshape(n, k // block, block)
    scale = np.maximum(np.abs(blocks).max(-1), 1e-12) / (half - 1)
    q = np.clip(np.rint(blocks / scale[..., None]) + half, 0, 2 * half - 1).astype(np.uint8)
    packed = (pack_nibbles(q) if bits == 4 else q).reshape(n, k // block, block * bits // 8)
    node = helper.make_node("MatMulNBits", ["A", "B", "S"], ["Y"], domain="com.microsoft", K=k, N=n, bits=bits,
                            block_size=block, accuracy_level=accuracy_level)
    inits = [numpy_helper.from_array(packed, "B"), numpy_helper.from_array(scale.reshape(-1).astype(np.float32), "S")]
    return _model([node], inits, k, n)


def int8_gemm_graph(w: np.ndarray):
    """DynamicQuantizeMatMul with int8 weights [K, N] and per-column scales."""
    from onnx import helper, numpy_helper

    n, k = w.shape
    scale = np.maximum(np.abs(w).max(1), 1e-12) / 127
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    node = helper.make_node("DynamicQuantizeMatMul", ["A", "B", "S"], ["Y"], domain="com.microsoft")
    inits = [numpy_helper.from_array(np.ascontiguousarray(q.T), "B"),
             numpy_helper.from_array(scale.astype(np.float32), "S")]
    return _model([node], inits, k, n)


def parse_variant(variant: str) -> tuple[int, int, int]:
    """`int4 b128` → (bits 4, block 128, accuracy_level 4); a trailing `L1`/`L2`/`L3` picks another level."""
    words = variant.split()
    if len(words) not in (2, 3) or words[0] not in ("int4", "int8") or not words[1].startswith("b") \
            or not words[1][1:].isdigit() or (len(words) == 3 and words[2] not in ("L1", "L2", "L3", "L4")):
        raise ValueError(f"unknown kernel variant {variant!r}: use 'int8 gemm' or 'int4|int8 bBLOCK [L1-L4]'")
    return int(words[0][3:]), int(words[1][1:]), int(words[2][1:]) if len(words) == 3 else 4


def build(variant: str, w: np.ndarray):
    if variant == "int8 gemm":
        return int8_gemm_graph(w)
    return nbits_graph(w, *parse_variant(variant))


def activations(m: int, k: int, outlier: float, rng) -> np.ndarray:
    a = rng.standard_normal((m, k)).astype(np.float32)
    if outlier != 1:
        channels = rng.choice(k, size=max(1, k // 512), replace=False)
        a[:, channels] *= outlier
    return a


def session(model, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # 28 sessions each own a thread pool; spinning workers of the one that just ran would steal the next one's cores
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def run(threads: int, reps: int, m: int, outlier: float = 1.0, shapes=QWEN3_4B_LAYER,
        variants=VARIANTS) -> list[dict]:
    """One row per variant: the layer's median time, GOPS (2*M*K*N over all shapes), its time relative to
    `int4 b128`, and the worst relative error over the shapes (against float64 with the float weights: the
    weight quantization and the activation quantization together)."""
    rng = np.random.default_rng(0)
    sessions: dict[str, list] = {v: [] for v in variants}
    inputs, errors = [], {v: 0.0 for v in variants}
    for k, n in shapes:
        w = (rng.standard_normal((n, k)) * 0.02).astype(np.float32)
        a = activations(m, k, outlier, rng)
        inputs.append(a)
        reference = a.astype(np.float64) @ w.T.astype(np.float64)
        for v in variants:
            sess = session(build(v, w), threads)
            y = sess.run(None, {"A": a})[0]
            errors[v] = max(errors[v], float(np.abs(y - reference).max() / np.abs(reference).max()))
            sessions[v].append(sess)
    times: dict[str, list[float]] = {v: [] for v in variants}
    for rep in range(reps + 1):
        for v in variants:
            start = time.perf_counter()
            for sess, a in zip(sessions[v], inputs):
                sess.run(None, {"A": a})
            if rep:  # the first round is warm-up
                times[v].append(time.perf_counter() - start)
    ops = 2.0 * m * sum(k * n for k, n in shapes)
    base = times[variants[0]]
    return [{"variant": v, "M": m, "threads": threads, "outlier": outlier,
             "layer_ms": statistics.median(times[v]) * 1e3,
             "gops": ops / statistics.median(times[v]) / 1e9,
             "time_vs_first": statistics.median(t / b for t, b in zip(times[v], base)),
             "max_rel_err": errors[v]} for v in variants]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--m", type=int, default=128, help="prompt rows per call")
    parser.add_argument("--outlier", type=float, default=30.0,
                        help="scale of K/512 outlier activation channels (1 = plain normal activations)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated kernels, the first is the baseline: 'int8 gemm' or "
                             "'int4|int8 bBLOCK [L1|L2|L3]' (MatMulNBits accuracy_level, 4 by default)")
    args = parser.parse_args()
    variants = tuple(v.strip() for v in args.variants.split(","))
    for v in variants:
        if v != "int8 gemm":
            try:
                parse_variant(v)
            except ValueError as e:
                parser.error(str(e))
    rows = run(args.threads, args.reps, args.m, args.outlier, variants=variants)
    print(f"One Qwen3-4B layer's projections, M={args.m}, {args.threads} thread(s), outlier channels x{args.outlier:g}")
    print(f"| kernel | layer ms | GOPS | time vs {variants[0]} | max rel err vs float |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['variant']} | {r['layer_ms']:.1f} | {r['gops']:.0f} | {r['time_vs_first']:.2f} | "
              f"{r['max_rel_err']:.2e} |")


if __name__ == "__main__":
    main()
