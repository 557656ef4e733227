"""Does onnxruntime's CPU ScatterND copy its input when the output is bound to the same buffer? Time of one row's
write into [1, 8, T, 128] buffers of 12 layers in turn (a copy would grow with T), and the row landing in place."""
import time, numpy as np, onnxruntime as ort
from onnx import helper, TensorProto as TP

x = lambda n, s, t=TP.FLOAT: helper.make_tensor_value_info(n, t, s)
g = helper.make_graph([helper.make_node("ScatterND", ["p", "i", "u"], ["o"])], "g",
    [x("p", ["a", 8, "b", 128]), x("i", [1, 8, 3], TP.INT64), x("u", [1, 8, 128])], [x("o", ["a", 8, "b", 128])])
s = ort.InferenceSession(helper.make_model(g, opset_imports=[helper.make_opsetid("", 21)]).SerializeToString(),
                         providers=["CPUExecutionProvider"])
for T in (64, 1024, 4096):
    buffers, bindings = [np.zeros((1, 8, T, 128), np.float32) for _ in range(12)], []
    for buf in buffers:
        b, v = s.io_binding(), ort.OrtValue.ortvalue_from_numpy(buf)
        b.bind_ortvalue_input("p", v); b.bind_ortvalue_output("o", v)
        b.bind_cpu_input("i", np.array([[[0, h, 5] for h in range(8)]], np.int64))
        b.bind_cpu_input("u", np.ones((1, 8, 128), np.float32))
        bindings.append(b)
    ts = []
    for i in range(120):
        t = time.perf_counter(); s.run_with_iobinding(bindings[i % 12]); ts.append(time.perf_counter() - t)
    print(f"T {T}: {np.median(ts[12:]) * 1e6:.0f} us a write; row 5 written in place: {bool(buffers[0][0, :, 5].all())}, "
          f"nothing else: {buffers[0].sum() == 8 * 128}")
