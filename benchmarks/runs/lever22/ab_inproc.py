"""Decode p50 ms a token at KV depths, old bundle (GroupQueryAttention) vs new (grouped, blocked cache), both loaded
in one process and stepped alternately token by token (paired samples: the shared box's load hits both alike). Also the largest
|Δlogit| between the two at every step (same prompt, same tokens fed).
NEW_BUNDLE: a copy of OLD_BUNDLE rewritten by grouped_attention.py.
usage: ab_inproc.py OLD_BUNDLE NEW_BUNDLE THREADS DEPTHS(comma) [ROUNDS] [TOKENS]"""
import os, sys, time
import numpy as np
from terminus_edge.runtime.chat_model import OnnxChatModel
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from blocked_decoder import BlockedDecoder

old, new, threads, depths = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(d) for d in sys.argv[4].split(",")]
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 3
tokens = int(sys.argv[6]) if len(sys.argv) > 6 else 32
models = {"gqa": OnnxChatModel.load(old, ep="cpu", threads=threads), "grouped": OnnxChatModel.load(new, ep="cpu", threads=threads)}
models["grouped"].generator.decoder = BlockedDecoder(models["grouped"].generator.decoder.session)
rng = np.random.default_rng(0)
print(f"threads {threads}, load {os.getloadavg()[0]:.2f}", flush=True)
times = {(k, d): [] for k in models for d in depths}
diffs = {d: 0.0 for d in depths}
for r in range(rounds):
    for d in depths:
        prompt = [int(t) for t in rng.integers(100, 20000, d + 1)]
        feed = [int(t) for t in rng.integers(100, 20000, tokens)]
        decoders = {kind: m.generator.decoder for kind, m in models.items()}
        caches = {kind: dec.new_cache(d + 1 + tokens) for kind, dec in decoders.items()}
        last = {kind: dec.forward(prompt, caches[kind]) for kind, dec in decoders.items()}
        diffs[d] = max(diffs[d], float(np.abs(last["gqa"] - last["grouped"]).max()))
        for i, t in enumerate(feed):  # the two graphs step by step, alternating which goes first: paired samples
            for kind in (("gqa", "grouped") if i % 2 == 0 else ("grouped", "gqa")):
                start = time.perf_counter()
                last[kind] = decoders[kind].forward([t], caches[kind])
                times[(kind, d)].append(time.perf_counter() - start)
            diffs[d] = max(diffs[d], float(np.abs(last["gqa"] - last["grouped"]).max()))
    print(f"round {r} done, load {os.getloadavg()[0]:.2f}", flush=True)
for d in depths:
    g, n = np.array(times[("gqa", d)]), np.array(times[("grouped", d)])
    print(f"depth {d}: GQA p50 {np.median(g) * 1e3:.2f} ms, grouped p50 {np.median(n) * 1e3:.2f} ms, "
          f"median of paired ratios grouped/GQA {np.median(n / g):.3f}, max|Δlogit| {diffs[d]:.3g}")
