import sys, time, numpy as np, onnx, onnxruntime as ort
from onnx import helper, TensorProto, numpy_helper
K, N = int(sys.argv[1]), int(sys.argv[2]); bs = int(sys.argv[3]); M = int(sys.argv[4]); acc = int(sys.argv[5])
rng = np.random.default_rng(0)
nb = K // bs
B = rng.integers(0, 256, size=(N, nb, bs // 2), dtype=np.uint8)
S = (rng.random(N * nb, dtype=np.float32) * 0.02).astype(np.float32)
node = helper.make_node("MatMulNBits", ["A", "B", "S"], ["Y"], domain="com.microsoft", K=K, N=N, bits=4, block_size=bs, accuracy_level=acc)
g = helper.make_graph([node], "g", [helper.make_tensor_value_info("A", TensorProto.FLOAT, [None, K])],
    [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, N])],
    initializer=[numpy_helper.from_array(B, "B"), numpy_helper.from_array(S, "S")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
a = rng.standard_normal((M, K), dtype=np.float32)
out = {}
for lut in ("0", "1"):
    so = ort.SessionOptions(); so.intra_op_num_threads = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    so.add_session_config_entry("mlas.use_lut_gemm", lut)
    try:
        s = ort.InferenceSession(m.SerializeToString(), so, providers=["CPUExecutionProvider"])
        y = s.run(None, {"A": a})[0]
        for _ in range(5): s.run(None, {"A": a})
        ts = []
        for _ in range(30):
            t = time.perf_counter(); s.run(None, {"A": a}); ts.append(time.perf_counter() - t)
        out[lut] = y
        print(f"lut={lut} K={K} N={N} bs={bs} M={M} acc={acc}: median {np.median(ts)*1e3:.3f} ms  min {min(ts)*1e3:.3f}")
    except Exception as e:
        print(f"lut={lut}: {type(e).__name__}: {str(e)[:200]}")
if "0" in out and "1" in out:
    d = np.abs(out["0"] - out["1"]).max(); print("max|diff|", d, "scale", np.abs(out["0"]).max())
