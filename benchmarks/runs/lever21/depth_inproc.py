"""One bundle session, decode p50 after prompts of several depths, alternating (the bench child's engine and loop)."""
import sys, numpy as np
from terminus_edge.benchmarks.latency import EngineSpec
from terminus_edge.benchmarks.latency_child import engine_for, measure
e = engine_for(EngineSpec("terminus-edge", sys.argv[1], threads=2)); e.load()
for rnd in range(2):
    for d in [int(x) for x in sys.argv[2].split(",")]:
        s = measure(e, d, 32, 1, 0, lambda ev: None)[0]
        print(f"round {rnd} depth {d}: decode p50 {np.median(s['token_ms']):.1f} ms, prefill {s['ttft_ms']:.0f} ms", flush=True)
