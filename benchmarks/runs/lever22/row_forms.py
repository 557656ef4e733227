"""Cold-cache cost of the two grouped products with the cache as MLAS's row operand A (no packing of the cache):
scores  K [kv, T, d] · qᵀ [kv, d, 4]  and  output Vᵀ [kv, d, T] · pᵀ [kv, T, 4],  caches of 24 layers in turn
(> the 32 MiB L3). usage: row_forms.py [THREADS]"""
import sys, time, numpy as np, onnxruntime as ort
from onnx import helper, TensorProto as TP

KV, G, D, COPIES = 8, 4, 128, 24
x = lambda n, s: helper.make_tensor_value_info(n, TP.FLOAT, s)


def session(a_shape, b_shape, threads):
    g = helper.make_graph([helper.make_node("MatMul", ["a", "b"], ["y"])], "g", [x("a", a_shape), x("b", b_shape)], [x("y", None)])
    so = ort.SessionOptions(); so.intra_op_num_threads = threads
    return ort.InferenceSession(helper.make_model(g, opset_imports=[helper.make_opsetid("", 21)]).SerializeToString(), so,
                                providers=["CPUExecutionProvider"])


def bench(form, T, threads, reps=144):
    rng = np.random.default_rng(0)
    if form == "K·qᵀ":
        s, big, small = session([KV, "t", D], [KV, D, G], threads), (KV, T, D), (KV, D, G)
    else:
        s, big, small = session([KV, D, "t"], [KV, "t", G], threads), (KV, D, T), (KV, T, G)
    feeds = [{"a": rng.standard_normal(big).astype(np.float32), "b": rng.standard_normal(small).astype(np.float32)} for _ in range(COPIES)]
    ts = []
    for i in range(reps):
        t = time.perf_counter(); s.run(None, feeds[i % COPIES]); ts.append(time.perf_counter() - t)
    us = np.median(ts[COPIES:]) * 1e6
    return us, KV * T * D * 4 / us / 1e3


if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for T in (512, 1024, 2048):
        cells = [f"{f} {us:.0f} us ({gbs:.1f} GB/s)" for f in ("K·qᵀ", "Vᵀ·pᵀ") for us, gbs in [bench(f, T, threads)]]
        print(f"T {T}, threads {threads}: " + ", ".join(cells), flush=True)
