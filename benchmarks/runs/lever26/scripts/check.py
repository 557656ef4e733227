import sys, numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto
import onnxruntime as ort
libs = sys.argv[1:]
def graph(domain, K, N, bs, zp):
    rng = np.random.default_rng(K + N + bs + zp)
    sb = -(-K // bs)
    B = rng.integers(0, 256, size=(N, sb, bs // 2), dtype=np.uint8)
    S = (rng.random(N * sb, dtype=np.float32) * 0.02 + 0.001)
    inits = [numpy_helper.from_array(B, "B"), numpy_helper.from_array(S, "S")]
    ins = ["A", "B", "S"]
    if zp:
        Z = rng.integers(0, 256, size=(N * ((sb + 1) // 2),), dtype=np.uint8)
        inits.append(numpy_helper.from_array(Z, "Z")); ins.append("Z")
    node = helper.make_node("MatMulNBits", ins, ["Y"], domain=domain, K=K, N=N, bits=4, block_size=bs, accuracy_level=4)
    g = helper.make_graph([node], "g", [helper.make_tensor_value_info("A", TensorProto.FLOAT, ["M", K])],
                          [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["M", N])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid(domain, 1)]); m.ir_version = 10
    return m.SerializeToString()
def sess(data, lib, threads):
    o = ort.SessionOptions(); o.intra_op_num_threads = threads; o.log_severity_level = 3
    if lib: o.register_custom_ops_library(lib)
    return ort.InferenceSession(data, o, providers=["CPUExecutionProvider"])
worst = 0
for K in (64, 576, 2560):
    for N in (1, 17, 49, 80, 1000):
        for bs in (32, 64, 128, 256):
            for zp in (0, 1):
                ref = sess(graph("com.microsoft", K, N, bs, zp), None, 1)
                for M in (1, 3, 9):
                    a = np.random.default_rng(M).standard_normal((M, K)).astype(np.float32)
                    y0 = ref.run(None, {"A": a})[0]
                    for lib in libs:
                        for t in (1, 2):
                            y = sess(graph("terminus.edge", K, N, bs, zp), lib, t).run(None, {"A": a})[0]
                            err = np.abs(y - y0).max() / max(np.abs(y0).max(), 1e-9)
                            worst = max(worst, err)
                            if err > 2e-2: print("BAD", lib, K, N, bs, zp, M, t, err)
print("worst rel err", worst)
