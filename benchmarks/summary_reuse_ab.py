"""Summary latency with and without the runtime's KV reuse, as a shell user meets it: every corpus case once
per round (consecutive summaries of different outputs), two model instances alternating case by case,
one with `generator.reuse_last = False`. Also prints prompt / reused-prefix / new tokens per call.

    python -m terminus_edge.benchmarks.summary_reuse_ab BUNDLE ROUNDS
"""
import statistics
import sys
import time
from pathlib import Path

from terminus_edge.benchmarks.fidelity import load_corpus
from terminus_edge.model import load_model
from terminus_edge.summarize import summarize
bundle, rounds = sys.argv[1], int(sys.argv[2])
corpus = sys.argv[3] if len(sys.argv) > 3 else str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev")
cases = load_corpus(corpus)
t = time.perf_counter(); a = load_model(bundle); print("load_s", round(time.perf_counter() - t, 2))
b = load_model(bundle)
inner = lambda m: getattr(m, "model", m)
print(type(a), type(inner(a)))
inner(b).generator.reuse_last = False
rows = {"reuse": [], "noreuse": []}
stats = []
for r in range(rounds):
    for case in cases:
        for label, m in (("reuse", a), ("noreuse", b)):
            t0 = time.perf_counter()
            s = summarize(case.command, case.output, case.meta.get("exit_code"), model=m, deadline_s=20.0)
            ms = (time.perf_counter() - t0) * 1000
            if r or rounds == 1:
                rows[label].append(ms)
            st = getattr(inner(m), "last_stats", None)
            if label == "reuse" and st is not None:
                stats.append((st.prompt_tokens, st.reused_prefix_tokens, st.new_tokens, s.model_used))
for label, ms in rows.items():
    ms.sort()
    print(label, "n", len(ms), "p50 %.0f p95 %.0f mean %.0f" % (statistics.median(ms), ms[int(0.95 * (len(ms) - 1))], statistics.fmean(ms)))
print("prompt/reused/new/model_used:", stats[:40])
