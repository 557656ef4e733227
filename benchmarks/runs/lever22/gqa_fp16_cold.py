"""Lever 21 measured GroupQueryAttention with an fp16 cache slower than fp32 on one hot buffer (in L3). In a full model
the cache is cold: caches of 24 layers in turn here. usage: gqa_fp16_cold.py [THREADS]"""
import sys, time, numpy as np, onnxruntime as ort
sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/lever21")
import gqa_one
from onnx import TensorProto as TP

KV, D, H, CAP, COPIES = gqa_one.KV, gqa_one.D, gqa_one.H, 2304, 24


def bench(dt, threads, past, reps=144):
    so = ort.SessionOptions(); so.intra_op_num_threads = threads
    s = ort.InferenceSession(gqa_one.graph(TP.FLOAT16 if dt == np.float16 else TP.FLOAT), so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    ang = np.outer(np.arange(gqa_one.CAP), 1.0 / 10000 ** (np.arange(0, D, 2) / D))
    common = dict(q=rng.standard_normal((1, 1, H*D)).astype(dt), k=rng.standard_normal((1, 1, KV*D)).astype(dt),
                  v=rng.standard_normal((1, 1, KV*D)).astype(dt), seqlens_k=np.array([past], np.int32),
                  total=np.array(past + 1, np.int32), cos=np.cos(ang).astype(dt), sin=np.sin(ang).astype(dt))
    bindings, keep = [], []
    for _ in range(COPIES):
        b = s.io_binding()
        for name, value in common.items():
            b.bind_cpu_input(name, value)
        for p, o in (("pk", "prk"), ("pv", "prv")):
            arr = rng.standard_normal((1, KV, CAP, D)).astype(dt); keep.append(arr)
            v = ort.OrtValue.ortvalue_from_numpy(arr); b.bind_ortvalue_input(p, v); b.bind_ortvalue_output(o, v)
        b.bind_output("out"); bindings.append(b)
    ts = []
    for i in range(reps):
        t = time.perf_counter(); s.run_with_iobinding(bindings[i % COPIES]); ts.append(time.perf_counter() - t)
    return np.median(ts[COPIES:]) * 1e6


if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for past in (511, 1023, 2047):
        f32, f16 = bench(np.float32, threads, past), bench(np.float16, threads, past)
        print(f"threads {threads} T {past + 1}: fp32 {f32:.0f} us, fp16 {f16:.0f} us, fp16/fp32 {f16 / f32:.2f}", flush=True)
