"""Per-op-type decode time (onnxruntime profiler) of a bundle's runtime graph at one KV depth, 1 thread.
usage: op_profile.py BUNDLE DEPTH [STEPS]"""
import json, sys, collections
import numpy as np, onnxruntime as ort
from terminus_edge.runtime.bundle import load_bundle
from terminus_edge.runtime.decoder import Decoder

bundle, depth = load_bundle(sys.argv[1]), int(sys.argv[2])
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.enable_profiling = True
session = ort.InferenceSession(str(bundle.model_path), so, providers=["CPUExecutionProvider"])
dec = Decoder(session, "shared")
rng = np.random.default_rng(0)
cache = dec.new_cache(depth + steps + 1)
dec.forward([int(t) for t in rng.integers(100, 20000, depth + 1)], cache)
start = len(cache.token_ids)
for t in rng.integers(100, 20000, steps):
    dec.forward([int(t)], cache)
events = json.load(open(session.end_profiling()))
runs = [e for e in events if e.get("name") == "model_run"]
first_decode = runs[1]["ts"]
per_op = collections.Counter()
for e in events:
    if e.get("cat") == "Node" and e["name"].endswith("_kernel_time") and e["ts"] >= first_decode:
        per_op[e["args"].get("op_name", "?")] += e["dur"]
total_run = sum(r["dur"] for r in runs[1:])
print(f"{sys.argv[1]} depth {depth}: model_run mean {total_run / steps / 1e3:.2f} ms")
for op, us in per_op.most_common(14):
    print(f"  {op:28s} {us / steps / 1e3:7.3f} ms/step")
