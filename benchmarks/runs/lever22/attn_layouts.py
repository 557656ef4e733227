"""One layer's decode attention at T cached positions (Qwen3-4B shape, rotary included), three ways:
GroupQueryAttention on the shared [1, kv, cap, d] buffer (today), and two grouped graphs that read each KV head once
(FusedMatMul transB / Softmax / MatMul over [kv, 4 q heads] and write the new row in place with ScatterND):
  bnsh: the same [1, kv, cap, d] buffer read whole, an additive mask past the valid length;
  blocked: a [blocks, kv, B, d] buffer bound as its first ceil(T/B) blocks (a contiguous prefix), so only those are read.
usage: attn_layouts.py THREADS [ROUNDS] [--cold]"""
import sys, time, numpy as np, onnxruntime as ort
from onnx import helper, TensorProto as TP

H, KV, D, G, MAXPOS = 32, 8, 128, 4, 8192
COPIES = 1  # set by --cold: caches of this many layers in turn (beyond the L3 cache)
MS = "com.microsoft"
x = lambda n, s, t=TP.FLOAT: helper.make_tensor_value_info(n, t, s)
c64 = lambda name, vals: helper.make_tensor(name, TP.INT64, [len(vals)], vals)
OPS = [helper.make_opsetid("", 21), helper.make_opsetid(MS, 1)]


def gqa_graph():
    node = helper.make_node("GroupQueryAttention", ["q", "k", "v", "pk", "pv", "seqlens_k", "total", "cos", "sin"],
                            ["out", "prk", "prv"], domain=MS, num_heads=H, kv_num_heads=KV, do_rotary=1)
    g = helper.make_graph([node], "g", [x("q", [1, 1, H*D]), x("k", [1, 1, KV*D]), x("v", [1, 1, KV*D]),
        x("pk", [1, KV, "c", D]), x("pv", [1, KV, "c", D]), x("seqlens_k", [1], TP.INT32), x("total", [], TP.INT32),
        x("cos", [MAXPOS, D//2]), x("sin", [MAXPOS, D//2])], [x("out", [1, 1, H*D]), x("prk", [1, KV, "c", D]), x("prv", [1, KV, "c", D])])
    return helper.make_model(g, opset_imports=OPS).SerializeToString()


def grouped_graph(blocked: bool):
    n = helper.make_node
    cache = ["nb", KV, "b", D] if blocked else [1, KV, "c", D]
    nodes = [
        n("RotaryEmbedding", ["q", "pos", "cos", "sin"], ["qr"], domain=MS, num_heads=H),
        n("RotaryEmbedding", ["k", "pos", "cos", "sin"], ["kr"], domain=MS, num_heads=KV),
        n("Reshape", ["kr", "rows_shape"], ["krows"]), n("Reshape", ["v", "rows_shape"], ["vrows"]),
        n("ScatterND", ["pk", "idx", "krows"], ["prk"]), n("ScatterND", ["pv", "idx", "vrows"], ["prv"]),
        n("Reshape", ["qr", "q_shape"], ["q4"]),
        n("FusedMatMul", ["q4", "prk"], ["s"], domain=MS, transB=1, alpha=float(1 / np.sqrt(D))),
    ]
    if blocked:  # s [nb, kv, G, B] -> [kv, G, nb*B]
        nodes += [n("Transpose", ["s"], ["st"], perm=[1, 2, 0, 3]), n("Reshape", ["st", "flat"], ["sf"]),
                  n("Add", ["sf", "mask"], ["sm"]), n("Softmax", ["sm"], ["p"], axis=-1),
                  n("Reshape", ["p", "unflat_shape"], ["pu"]), n("Transpose", ["pu"], ["pt"], perm=[2, 0, 1, 3]),
                  n("MatMul", ["pt", "prv"], ["o4"]), n("ReduceSum", ["o4", "axis0"], ["o3"], keepdims=0),
                  n("Reshape", ["o3", "out_shape"], ["out"])]
        extra = [c64("flat", [KV, G, -1]), c64("axis0", [0])]
    else:
        nodes += [n("Add", ["s", "mask"], ["sm"]), n("Softmax", ["sm"], ["p"], axis=-1),
                  n("MatMul", ["p", "prv"], ["o4"]), n("Reshape", ["o4", "out_shape"], ["out"])]
        extra = []
    inits = [c64("rows_shape", [1, KV, D]), c64("q_shape", [KV, G, D] if blocked else [1, KV, G, D]),
             c64("out_shape", [1, 1, H * D]), *extra]
    g = helper.make_graph(nodes, "g", [x("q", [1, 1, H*D]), x("k", [1, 1, KV*D]), x("v", [1, 1, KV*D]),
        x("pos", [1, 1], TP.INT64), x("cos", [MAXPOS, D//2]), x("sin", [MAXPOS, D//2]), x("pk", cache), x("pv", cache),
        x("idx", [1, KV, 3], TP.INT64), x("mask", [1, "t"]), x("unflat_shape", [4], TP.INT64)],
        [x("out", [1, 1, H*D]), x("prk", cache), x("prv", cache)], initializer=inits)
    return helper.make_model(g, opset_imports=OPS).SerializeToString()


def session(model, threads):
    so = ort.SessionOptions(); so.intra_op_num_threads = threads
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def run(kind, threads, past, B=64, reps=100, seed=0):
    """Median µs of one decode step after `past` positions, and its output (same inputs for every kind)."""
    rng = np.random.default_rng(seed)
    total = past + 1
    hist_k = rng.standard_normal((KV, total, D)).astype(np.float32)
    hist_v = rng.standard_normal((KV, total, D)).astype(np.float32)
    q = rng.standard_normal((1, 1, H*D)).astype(np.float32)
    k_new, v_new = hist_k[:, past][None, None].reshape(1, 1, -1).copy(), hist_v[:, past].reshape(1, 1, -1).copy()
    ang = np.outer(np.arange(MAXPOS), 1.0 / 10000 ** (np.arange(0, D, 2) / D))
    cos, sin = np.cos(ang).astype(np.float32), np.sin(ang).astype(np.float32)
    rot_past = rotate(hist_k[:, :past], cos, sin)  # what earlier steps would have written
    if kind == "gqa":
        s = session(gqa_graph(), threads)
        cap = -(-total // 256) * 256
        pk, pv = np.zeros((1, KV, cap, D), np.float32), np.zeros((1, KV, cap, D), np.float32)
        pk[0, :, :past], pv[0, :, :past] = rot_past, hist_v[:, :past]
        feeds = dict(seqlens_k=np.array([past], np.int32), total=np.array(total, np.int32))
    else:
        s = session(grouped_graph(kind == "blocked"), threads)
        if kind == "blocked":
            nb = -(-total // B)
            buf_k, buf_v = np.zeros((nb, KV, B, D), np.float32), np.zeros((nb, KV, B, D), np.float32)
            flat_k = buf_k.transpose(1, 0, 2, 3).reshape(KV, nb * B, D); flat_k[:, :past] = rot_past
            buf_k[:] = flat_k.reshape(KV, nb, B, D).transpose(1, 0, 2, 3)
            flat_v = buf_v.transpose(1, 0, 2, 3).reshape(KV, nb * B, D); flat_v[:, :past] = hist_v[:, :past]
            buf_v[:] = flat_v.reshape(KV, nb, B, D).transpose(1, 0, 2, 3)
            pk, pv, width = buf_k, buf_v, nb * B
            idx = np.array([[[past // B, h, past % B] for h in range(KV)]], np.int64)
        else:
            cap = int(sys.argv[3]) if len(sys.argv) > 3 and kind == "bnsh" else total
            pk, pv = np.zeros((1, KV, cap, D), np.float32), np.zeros((1, KV, cap, D), np.float32)
            pk[0, :, :past], pv[0, :, :past] = rot_past, hist_v[:, :past]
            width = cap
            idx = np.array([[[0, h, past] for h in range(KV)]], np.int64)
        mask = np.where(np.arange(width) <= past, 0, -np.inf).astype(np.float32)[None]
        feeds = dict(pos=np.array([[past]], np.int64), idx=idx, mask=mask,
                     unflat_shape=np.array([KV, G, width // B if kind == "blocked" else 1, B], np.int64))
    us, out = time_cycled(s, dict(q=q, k=k_new, v=v_new, cos=cos, sin=sin, **feeds), pk, pv, reps)
    return us, out, (pk, pv)


def time_cycled(s, feeds, pk, pv, reps):
    """Median µs of a decode step over COPIES copies of the caches in turn (> 1: another layer's cache each call,
    cold as in a full model), and the output of a step on the first copy."""
    out = np.empty((1, 1, H*D), np.float32)
    bindings = []
    for copy in range(COPIES):
        ck, cv = (pk, pv) if copy == 0 else (pk.copy(), pv.copy())
        b = s.io_binding()
        for name, value in feeds.items():
            b.bind_cpu_input(name, value)
        vk, vv = ort.OrtValue.ortvalue_from_numpy(ck), ort.OrtValue.ortvalue_from_numpy(cv)
        b.bind_ortvalue_input("pk", vk); b.bind_ortvalue_input("pv", vv)
        b.bind_ortvalue_output("prk", vk); b.bind_ortvalue_output("prv", vv)
        b.bind_ortvalue_output("out", ort.OrtValue.ortvalue_from_numpy(out))
        bindings.append((b, ck, cv))
    ts = []
    for i in range(reps + COPIES):
        t = time.perf_counter(); s.run_with_iobinding(bindings[i % COPIES][0]); ts.append(time.perf_counter() - t)
    s.run_with_iobinding(bindings[0][0])
    return np.median(ts[COPIES:]) * 1e6, out.copy()

def rotate(k, cos, sin):
    """Non-interleaved rotary of k [KV, T, D] at positions 0..T-1."""
    half = D // 2
    c, s = cos[: k.shape[1]][None], sin[: k.shape[1]][None]
    a, b = k[..., :half], k[..., half:]
    return np.concatenate([a * c - b * s, b * c + a * s], -1)


if __name__ == "__main__":
    if "--cold" in sys.argv:
        sys.argv.remove("--cold"); COPIES = 12
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    for r in range(rounds):
        for past in (127, 511, 1023, 2047):
            g, og, _ = run("gqa", threads, past)
            m, om, _ = run("bnsh", threads, past)
            bl, ob, _ = run("blocked", threads, past)
            print(f"round {r} threads {threads} T {past + 1}: GQA {g:.0f} us, bnsh (cap=T) {m:.0f} us, blocked-64 {bl:.0f} us;"
                  f" max|diff| vs GQA {np.abs(om - og).max():.1e} / {np.abs(ob - og).max():.1e}", flush=True)
