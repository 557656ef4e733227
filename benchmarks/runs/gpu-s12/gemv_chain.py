"""Session 12: how fast is onnxruntime's CUDA int4 MatMulNBits at one token (M=1), apart from the launches?
A chain of 36 "MLP" pairs at the Qwen3-4B shape (2560 -> 9728 -> 2560), random weights, one session with CUDA
graphs on, so a replay is one launch; its time over the bytes of the weights is the kernel's bandwidth. Rows:
int4 block 32 / 128 (MatMulNBits) and fp16 MatMul (cuBLAS, 8 pairs: a protobuf holds 2 GB) on the same shapes.
usage: gemv_chain.py OUT.json [PAIRS]"""
import json
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

K, N = 2560, 9728


def chain(kind: str, pairs: int) -> tuple[bytes, int]:
    rng = np.random.default_rng(0)
    nodes, inits, x, nbytes = [], [], "x", 0
    for i in range(2 * pairs):
        k, n = (K, N) if i % 2 == 0 else (N, K)
        y = f"h{i}"
        if kind == "fp16":
            w = (rng.standard_normal((k, n), dtype=np.float32) * 0.02).astype(np.float16)
            inits.append(numpy_helper.from_array(w, f"w{i}"))
            nodes.append(helper.make_node("MatMul", [x, f"w{i}"], [y]))
            nbytes += w.nbytes
        else:
            block = int(kind.split("-")[1])
            q = rng.integers(0, 256, (n, k // block, block // 2), dtype=np.uint8)
            s = (rng.random((n, k // block), dtype=np.float32) * 0.002 + 0.001).astype(np.float16)
            inits += [numpy_helper.from_array(q, f"q{i}"), numpy_helper.from_array(s, f"s{i}")]
            nodes.append(helper.make_node("MatMulNBits", [x, f"q{i}", f"s{i}"], [y], domain="com.microsoft",
                                          K=k, N=n, bits=4, block_size=block, accuracy_level=4))
            nbytes += q.nbytes + s.nbytes
        x = y
    graph = helper.make_graph(nodes, "chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1, 1, K])],
                              [helper.make_tensor_value_info(x, TensorProto.FLOAT16, [1, 1, K])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 10
    return model.SerializeToString(), nbytes


def timed(model: bytes, graph: bool, reps: int = 50) -> float:
    provider = ("CUDAExecutionProvider", {"enable_cuda_graph": "1" if graph else "0"})
    session = ort.InferenceSession(model, providers=[provider])
    x = ort.OrtValue.ortvalue_from_numpy((np.random.default_rng(1).standard_normal((1, 1, K)) * 0.1).astype(np.float16), "cuda")
    y = ort.OrtValue.ortvalue_from_shape_and_type([1, 1, K], np.float16, "cuda")
    binding = session.io_binding()
    binding.bind_ortvalue_input("x", x)
    binding.bind_ortvalue_output(session.get_outputs()[0].name, y)
    for _ in range(5):
        session.run_with_iobinding(binding)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        session.run_with_iobinding(binding)  # synchronizes at the end of the run
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def main(out: str, pairs: int = 36) -> None:
    rows = []
    for kind in ("int4-32", "int4-128", "fp16"):
        used = min(pairs, 8) if kind == "fp16" else pairs  # one protobuf holds 2 GB at most: fp16 weights in 8 pairs
        model, nbytes = chain(kind, used)
        for graph in (False, True):
            try:
                s = timed(model, graph)
                rows.append({"kind": kind, "cuda_graph": graph, "pairs": used, "weight_MB": round(nbytes / 1e6, 1),
                             "ms": round(s * 1e3, 3), "GB_per_s": round(nbytes / s / 1e9, 1)})
            except Exception as error:  # report, keep going
                rows.append({"kind": kind, "cuda_graph": graph, "error": f"{type(error).__name__}: {error}"[:300]})
            print(json.dumps(rows[-1]), flush=True)
    json.dump(rows, open(out, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 36)
