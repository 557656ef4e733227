"""Decode attention at T cached positions: GroupQueryAttention (one node, shared buffer) vs grouped FusedMatMul /
Softmax / MatMul, which reads each KV head once for its 4 query heads (no cache append: an upper bound on the gain)."""
import sys, time, numpy as np, onnxruntime as ort
from onnx import helper, TensorProto as TP
import gqa_one

H, KV, D = 32, 8, 128
G = H // KV
def mm_graph():
    x = lambda n, s: helper.make_tensor_value_info(n, TP.FLOAT, s)
    nodes = [helper.make_node("FusedMatMul", ["q", "k"], ["s"], domain="com.microsoft", transB=1, alpha=1 / np.sqrt(D)),
             helper.make_node("Softmax", ["s"], ["p"], axis=-1),
             helper.make_node("MatMul", ["p", "v"], ["out"])]
    g = helper.make_graph(nodes, "g", [x("q", [1, KV, G, D]), x("k", [1, KV, "t", D]), x("v", [1, KV, "t", D])], [x("out", [1, KV, G, D])])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]).SerializeToString()

def bench_mm(threads, T, reps=200):
    so = ort.SessionOptions(); so.intra_op_num_threads = threads
    s = ort.InferenceSession(mm_graph(), so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    b = s.io_binding()
    b.bind_cpu_input("q", rng.standard_normal((1, KV, G, D)).astype(np.float32))
    b.bind_ortvalue_input("k", ort.OrtValue.ortvalue_from_numpy(rng.standard_normal((1, KV, T, D)).astype(np.float32)))
    b.bind_ortvalue_input("v", ort.OrtValue.ortvalue_from_numpy(rng.standard_normal((1, KV, T, D)).astype(np.float32)))
    b.bind_output("out")
    ts = []
    for i in range(reps + 20):
        t = time.perf_counter(); s.run_with_iobinding(b); ts.append(time.perf_counter() - t)
    return np.median(ts[20:]) * 1e6

if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    for rnd in range(2):
        for T in (128, 512, 1024, 2048):
            g = gqa_one.bench(np.float32, threads, T - 1, reps=100)[0]
            m = bench_mm(threads, T, reps=100)
            print(f"round {rnd} threads {threads} T {T}: GQA {g:.0f} us, grouped matmuls {m:.0f} us", flush=True)
