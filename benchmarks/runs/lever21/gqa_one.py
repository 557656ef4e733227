"""One-node GroupQueryAttention on CPU: does T=float16 run, and how fast vs float32, at cache lengths."""
import sys, time, numpy as np, onnxruntime as ort
from onnx import helper, TensorProto as TP

H, KV, D, CAP = 32, 8, 128, 4096
def graph(ttype, extra_attrs=None):
    x = lambda n, s, t=ttype: helper.make_tensor_value_info(n, t, s)
    node = helper.make_node("GroupQueryAttention", ["q", "k", "v", "pk", "pv", "seqlens_k", "total", "cos", "sin"],
                            ["out", "prk", "prv"], domain="com.microsoft", num_heads=H, kv_num_heads=KV,
                            do_rotary=1, **(extra_attrs or {}))
    g = helper.make_graph([node], "g", [x("q", [1, 1, H*D]), x("k", [1, 1, KV*D]), x("v", [1, 1, KV*D]),
        x("pk", [1, KV, "c", D]), x("pv", [1, KV, "c", D]), x("seqlens_k", [1], TP.INT32), x("total", [], TP.INT32),
        x("cos", [CAP, D//2]), x("sin", [CAP, D//2])], [x("out", [1, 1, H*D]), x("prk", [1, KV, "c", D]), x("prv", [1, KV, "c", D])])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]).SerializeToString()

def bench(dt, threads, past, reps=200, attrs=None):
    tt = TP.FLOAT16 if dt == np.float16 else TP.FLOAT
    so = ort.SessionOptions(); so.intra_op_num_threads = threads
    s = ort.InferenceSession(graph(tt, attrs), so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    pk = ort.OrtValue.ortvalue_from_numpy(rng.standard_normal((1, KV, CAP, D)).astype(dt))
    pv = ort.OrtValue.ortvalue_from_numpy(rng.standard_normal((1, KV, CAP, D)).astype(dt))
    b = s.io_binding()
    b.bind_cpu_input("q", rng.standard_normal((1, 1, H*D)).astype(dt)); b.bind_cpu_input("k", rng.standard_normal((1, 1, KV*D)).astype(dt))
    b.bind_cpu_input("v", rng.standard_normal((1, 1, KV*D)).astype(dt))
    b.bind_ortvalue_input("pk", pk); b.bind_ortvalue_input("pv", pv); b.bind_ortvalue_output("prk", pk); b.bind_ortvalue_output("prv", pv)
    b.bind_cpu_input("seqlens_k", np.array([past], np.int32)); b.bind_cpu_input("total", np.array(past + 1, np.int32))
    ang = np.outer(np.arange(CAP), 1.0 / 10000 ** (np.arange(0, D, 2) / D))
    b.bind_cpu_input("cos", np.cos(ang).astype(dt)); b.bind_cpu_input("sin", np.sin(ang).astype(dt))
    b.bind_output("out")
    ts = []
    for i in range(reps + 20):
        t = time.perf_counter(); s.run_with_iobinding(b); ts.append(time.perf_counter() - t)
    out = np.array(b.get_outputs()[0].numpy(), copy=True); return np.median(ts[20:]) * 1e6, out

if __name__ == "__main__":
    for threads in (2, 1):
        for past in (128, 512, 1024, 2048):
            r32, o32 = bench(np.float32, threads, past)
            try:
                r16, o16 = bench(np.float16, threads, past)
                err = float(np.abs(o16.astype(np.float32) - o32).max())
            except Exception as e:
                r16, err = float("nan"), str(e)[:200]
            print(f"threads {threads} past {past}: fp32 {r32:.0f} us, fp16 {r16:.0f} us, max|diff| {err}", flush=True)
