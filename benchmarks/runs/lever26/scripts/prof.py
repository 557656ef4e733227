"""decode timing / per-op profile of a bundle with a given kernel library.
usage: prof.py BUNDLE LIB|off THREADS STEPS [profile]"""
import json, sys, time, collections, statistics
import numpy as np
sys.path.insert(0, "/work/main")
import terminus_edge.kernels as K
from terminus_edge.runtime import session as S
from terminus_edge.runtime.bundle import load_bundle
from terminus_edge.runtime.decoder import Decoder
bundle, lib, threads, steps = load_bundle(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
profile = len(sys.argv) > 5
from pathlib import Path
K.library_path = (lambda: Path(lib)) if lib != "off" else (lambda: None)
orig = S.session_options
def opts(cfg):
    o = orig(cfg); o.enable_profiling = profile; return o
S.session_options = opts
t0 = time.perf_counter()
session, _ = S.create_session(bundle.model_path, S.SessionConfig(ep="cpu", threads=threads, kernels=lib != "off"))
load = time.perf_counter() - t0
dec = Decoder(session, "shared")
rng = np.random.default_rng(0)
depth = 64
cache = dec.new_cache(depth + steps + 8)
dec.forward([int(t) for t in rng.integers(100, 20000, depth)], cache)
dec.forward([5], cache)
times = []
for t in rng.integers(100, 20000, steps):
    s = time.perf_counter(); dec.forward([int(t)], cache); times.append(time.perf_counter() - s)
print(f"{lib.split('/')[-2] if lib!='off' else 'off'} thr={threads} load {load:.1f}s decode median {statistics.median(times)*1e3:.1f} ms mean {statistics.mean(times)*1e3:.1f} ms", flush=True)
if profile:
    events = json.load(open(session.end_profiling()))
    runs = [e for e in events if e.get("name") == "model_run"]
    first = runs[2]["ts"]
    per_op = collections.Counter()
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time") and e["ts"] >= first:
            per_op[e["args"].get("op_name", "?")] += e["dur"]
    tot = sum(r["dur"] for r in runs[2:])
    print(f"  model_run mean {tot/steps/1e3:.2f} ms; sum of nodes {sum(per_op.values())/steps/1e3:.2f} ms")
    for op, us in per_op.most_common(12):
        print(f"  {op:28s} {us/steps/1e3:7.3f} ms/step")
