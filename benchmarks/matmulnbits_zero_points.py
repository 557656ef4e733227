"""Speed and exactness of onnxruntime's CPU MatMulNBits with and without zero points, on one-node graphs.

Variants: `sym` (no zero_points: implicit 8), `u8zp` (uint8 packed 4-bit zero points), `fzp` (float zero
points, the scales' type: w = (q - zp) * scale, which can carry a GGUF Q4_1 block's w = d*q + m exactly with
scale=d, zp=-m/d), each at accuracy_level 4 (int8 activations) and 1 (fp32). Repetitions are interleaved
across variants so load swings on a shared box hit every variant alike.

    python -m terminus_edge.benchmarks.matmulnbits_zero_points --threads 2 --reps 7
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

LM_HEAD = (576, 49152)
SHAPES = ((576, 1536), (2560, 9728), LM_HEAD)  # (K, N): SmolLM2's MLP, Qwen3-4B's MLP, SmolLM2's lm_head
BLOCK = 32


def q41_blocks(n: int, k: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random Q4_1-like blocks: q uint8 [N, K] in 0..15, d and m float32 [N, K/BLOCK] (fp16-representable)."""
    q = rng.integers(0, 16, size=(n, k), dtype=np.uint8)
    d = (np.abs(rng.standard_normal((n, k // BLOCK))) * 0.01 + 1e-3).astype(np.float16).astype(np.float32)
    m = (-7.5 * d * (1 + 0.3 * rng.standard_normal(d.shape))).astype(np.float16).astype(np.float32)
    return q, d, m


def pack_nibbles(values: np.ndarray) -> np.ndarray:
    """[..., 2j] low nibble, [..., 2j+1] high nibble (MatMulNBits' B and packed zero points)."""
    if values.shape[-1] % 2:
        values = np.concatenate([values, np.zeros((*values.shape[:-1], 1), values.dtype)], axis=-1)
    return (values[..., ::2] | (values[..., 1::2] << 4)).astype(np.uint8)


def graph(k: int, n: int, variant: str, level: int, q, scales, zp=None, bits: int = 4):
    from onnx import TensorProto, helper, numpy_helper

    packed = (pack_nibbles(q) if bits == 4 else q).reshape(n, k // BLOCK, BLOCK * bits // 8)
    inits = [numpy_helper.from_array(packed, "B"), numpy_helper.from_array(scales.astype(np.float32), "S")]
    inputs = ["A", "B", "S"]
    if zp is not None:
        inits.append(numpy_helper.from_array(zp, "Z"))
        inputs.append("Z")
    node = helper.make_node("MatMulNBits", inputs, ["Y"], domain="com.microsoft", K=k, N=n, bits=bits,
                            block_size=BLOCK, accuracy_level=level)
    g = helper.make_graph([node], f"{variant}_{level}", [helper.make_tensor_value_info("A", TensorProto.FLOAT, ["M", k])],
                          [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["M", n])], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)], ir_version=10)


def offset_graph(k: int, n: int, q, d, m):
    """Exact Q4_1 without float zero points: symmetric MatMulNBits(q, d) (= d*(q-8)) plus the per-block offsets
    (m + 8d) times the activations' block sums, an fp32 MatMul of [M, K/BLOCK] x [K/BLOCK, N]."""
    from onnx import helper, numpy_helper

    model = graph(k, n, "exact", 4, q, d)
    g = model.graph
    g.node[0].output[0] = "Y0"
    offsets = (m + 8 * d).T.astype(np.float32)  # [K/BLOCK, N]
    g.initializer.extend([numpy_helper.from_array(offsets, "OFF"),
                          numpy_helper.from_array(np.array([0, k // BLOCK, BLOCK], np.int64), "SHP"),
                          numpy_helper.from_array(np.array([-1], np.int64), "AX")])
    g.node.extend([helper.make_node("Reshape", ["A", "SHP"], ["A3"]),
                   helper.make_node("ReduceSum", ["A3", "AX"], ["BS"], keepdims=0),
                   helper.make_node("MatMul", ["BS", "OFF"], ["Y1"]),
                   helper.make_node("Add", ["Y0", "Y1"], ["Y"])])
    return model


def variants(k: int, n: int, rng) -> tuple[dict, np.ndarray]:
    """Graphs per (variant, level) and the exact dequantized weight [N, K] of the Q4_1 blocks."""
    q, d, m = q41_blocks(n, k, rng)
    exact = (q.reshape(n, -1, BLOCK) * d[..., None] + m[..., None]).reshape(n, k)
    z_int = np.clip(np.rint(-m / d), 0, 15).astype(np.uint8)
    made = {}
    for level in (4, 1):
        made[("sym", level)] = graph(k, n, "sym", level, q, d)
        made[("u8zp", level)] = graph(k, n, "u8zp", level, q, d, pack_nibbles(z_int))
        made[("fzp", level)] = graph(k, n, "fzp", level, q, d, (-m / d).astype(np.float32))
    made[("sym+offsets", 4)] = offset_graph(k, n, q, d, m)
    if (k, n) == LM_HEAD:  # a Q8_0 table (SmolLM2's tied embedding/lm_head) kept exactly: 8-bit, implicit zp 128
        q8 = rng.integers(0, 256, size=(n, k), dtype=np.uint8)
        made[("int8 sym", 4)] = graph(k, n, "int8", 4, q8, d, bits=8)
    return made, exact


def session(model, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def run(threads: int, reps: int, ms: tuple[int, ...], shapes=SHAPES) -> list[dict]:
    rng = np.random.default_rng(0)
    rows = []
    for k, n in shapes:
        made, exact = variants(k, n, rng)
        sessions = {key: session(model, threads) for key, model in made.items()}
        for m in ms:
            a = rng.standard_normal((m, k)).astype(np.float32)
            reference = a.astype(np.float64) @ exact.T.astype(np.float64)
            inner = max(1, int(2e8 // (m * k * n)))  # ~0.1-1 s per timed batch
            times = {key: [] for key in sessions}
            errors = {}
            for key, sess in sessions.items():
                y = sess.run(None, {"A": a})[0]
                errors[key] = float(np.abs(y - reference).max() / np.abs(reference).max()) if key[0] != "int8 sym" else float("nan")
            for _ in range(reps):
                for key, sess in sessions.items():
                    start = time.perf_counter()
                    for _ in range(inner):
                        sess.run(None, {"A": a})
                    times[key].append((time.perf_counter() - start) / inner * 1e3)
            base = times[("sym", 4)]
            for key in sessions:
                rows.append({"K": k, "N": n, "M": m, "variant": key[0], "accuracy_level": key[1],
                             "median_ms": statistics.median(times[key]), "min_ms": min(times[key]),
                             "vs_sym4": statistics.median(t / b for t, b in zip(times[key], base)),
                             "rel_err_vs_q41": errors[key]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--m", default="1,128")
    parser.add_argument("--shapes", default=",".join(f"{k}x{n}" for k, n in SHAPES), help="KxN,KxN,...")
    args = parser.parse_args()
    shapes = tuple(tuple(int(v) for v in shape.split("x")) for shape in args.shapes.split(","))
    rows = run(args.threads, args.reps, tuple(int(v) for v in args.m.split(",")), shapes)
    print("| K | N | M | variant | level | median ms | min ms | time vs sym L4 (median of per-round ratios) | max rel err vs d*q+m |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['K']} | {r['N']} | {r['M']} | {r['variant']} | {r['accuracy_level']} | {r['median_ms']:.3f} | "
              f"{r['min_ms']:.3f} | {r['vs_sym4']:.3f} | {r['rel_err_vs_q41']:.2e} |")


if __name__ == "__main__":
    main()
