"""Lever 22b probe: decode attention whose two products stream the cache as MLAS's row operand (A), the layout that
read at ~22 GB/s cold in scores_forms.py: keys [blocks, kv, B, d] times qᵀ [kv, d, 4]; values stored transposed per
block [blocks, kv, d, B] times pᵀ. New rows written in place by ScatterND. Against GroupQueryAttention, caches of
12 layers in turn (cold, as in a full model), 1 decode step. usage: streamed_attn.py THREADS [BLOCK ...]"""
import sys, time, numpy as np, onnxruntime as ort
from onnx import helper, TensorProto as TP
sys.path.insert(0, __file__.rsplit("/", 1)[0])
import attn_layouts as L

H, KV, D, G, MAXPOS, MS = L.H, L.KV, L.D, L.G, L.MAXPOS, L.MS
x, c64 = L.x, L.c64


def graph():
    n = helper.make_node
    nodes = [
        n("RotaryEmbedding", ["q", "pos", "cos", "sin"], ["qr"], domain=MS, num_heads=H),
        n("RotaryEmbedding", ["k", "pos", "cos", "sin"], ["kr"], domain=MS, num_heads=KV),
        n("Reshape", ["kr", "rows_shape"], ["krows"]), n("Reshape", ["v", "flat_v"], ["vflat"]),
        n("ScatterND", ["pk", "idx", "krows"], ["prk"]), n("ScatterND", ["pv", "vidx", "vflat"], ["prv"]),
        n("Mul", ["qr", "scale"], ["qs"]), n("Reshape", ["qs", "q_shape"], ["q3"]), n("Transpose", ["q3"], ["qt"], perm=[0, 2, 1]),
        n("MatMul", ["prk", "qt"], ["s"]),  # [nb, kv, B, G]
        n("Transpose", ["s"], ["st"], perm=[1, 3, 0, 2]), n("Reshape", ["st", "flat"], ["sf"]),
        n("Add", ["sf", "mask"], ["sm"]), n("Softmax", ["sm"], ["p"], axis=-1),
        n("Reshape", ["p", "unflat"], ["pu"]), n("Transpose", ["pu"], ["pt"], perm=[2, 0, 3, 1]),  # [nb, kv, B, G]
        n("MatMul", ["prv", "pt"], ["o4"]), n("ReduceSum", ["o4", "axis0"], ["o3"], keepdims=0),  # [kv, D, G]
        n("Transpose", ["o3"], ["ot"], perm=[0, 2, 1]), n("Reshape", ["ot", "out_shape"], ["out"])]
    inits = [c64("rows_shape", [1, KV, D]), c64("flat_v", [-1]), c64("q_shape", [KV, G, D]), c64("flat", [KV, G, -1]),
             c64("axis0", [0]), c64("out_shape", [1, 1, H * D]), helper.make_tensor("scale", TP.FLOAT, [], [1 / np.sqrt(D)])]
    kshape, vshape = ["nb", KV, "b", D], ["nb", KV, D, "b"]
    g = helper.make_graph(nodes, "g", [x("q", [1, 1, H*D]), x("k", [1, 1, KV*D]), x("v", [1, 1, KV*D]),
        x("pos", [1, 1], TP.INT64), x("cos", [MAXPOS, D//2]), x("sin", [MAXPOS, D//2]), x("pk", kshape), x("pv", vshape),
        x("idx", [1, KV, 3], TP.INT64), x("vidx", [KV * D, 4], TP.INT64), x("mask", [1, "t"]), x("unflat", [4], TP.INT64)],
        [x("out", [1, 1, H*D]), x("prk", kshape), x("prv", vshape)], initializer=inits)
    return helper.make_model(g, opset_imports=L.OPS).SerializeToString()


def run(threads, past, B, reps=100):
    rng = np.random.default_rng(0)
    total = past + 1
    hist_k = rng.standard_normal((KV, total, D)).astype(np.float32)
    hist_v = rng.standard_normal((KV, total, D)).astype(np.float32)
    q = rng.standard_normal((1, 1, H*D)).astype(np.float32)
    k_new, v_new = hist_k[:, past].reshape(1, 1, -1).copy(), hist_v[:, past].reshape(1, 1, -1).copy()
    ang = np.outer(np.arange(MAXPOS), 1.0 / 10000 ** (np.arange(0, D, 2) / D))
    cos, sin = np.cos(ang).astype(np.float32), np.sin(ang).astype(np.float32)
    nb = -(-total // B)
    flat_k = np.zeros((KV, nb * B, D), np.float32); flat_k[:, :past] = L.rotate(hist_k[:, :past], cos, sin)
    flat_v = np.zeros((KV, nb * B, D), np.float32); flat_v[:, :past] = hist_v[:, :past]
    pk = np.ascontiguousarray(flat_k.reshape(KV, nb, B, D).transpose(1, 0, 2, 3))
    pv = np.ascontiguousarray(flat_v.reshape(KV, nb, B, D).transpose(1, 0, 3, 2))
    idx = np.array([[[past // B, h, past % B] for h in range(KV)]], np.int64)
    vidx = np.array([[past // B, h, d, past % B] for h in range(KV) for d in range(D)], np.int64)
    mask = np.where(np.arange(nb * B) <= past, 0, -np.inf).astype(np.float32)[None]
    s = L.session(graph(), threads)
    feeds = dict(q=q, k=k_new, v=v_new, cos=cos, sin=sin, pos=np.array([[past]], np.int64), idx=idx, vidx=vidx,
                 mask=mask, unflat=np.array([KV, G, nb, B], np.int64))
    return L.time_cycled(s, feeds, pk, pv, reps)

if __name__ == "__main__":
    L.COPIES = 12
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    blocks = [int(b) for b in sys.argv[2:]] or [64, 128, 256]
    for past in (511, 1023, 2047):
        g, og, _ = L.run("gqa", threads, past)
        row = [f"GQA {g:.0f} us"]
        for B in blocks:
            t, o = run(threads, past, B)
            row.append(f"streamed-{B} {t:.0f} us (max|diff| {np.abs(o - og).max():.1e})")
        print(f"threads {threads} T {past + 1}: " + ", ".join(row), flush=True)
