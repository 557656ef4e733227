"""`bench summarize`: what a shell-wrapper user waits for — end-to-end summary latency per corpus case.

Each case goes through terminus_edge.summarize.summarize (facts, bounded model gist, guard, redaction)
with the default model (terminus_edge.model.load_model()), `reps` round-robin passes over the corpus after
`warmup` untimed passes (never the same case twice in a row); per case
and over all calls: p50/p95 wall time, and how often the model's gist was used (vs the deterministic
fallback, e.g. past the deadline).
"""

from __future__ import annotations

import itertools
import statistics
import time
from dataclasses import asdict, dataclass, field

from terminus_edge.benchmarks.records import percentile


@dataclass
class CaseLatency:
    id: str
    raw_bytes: int
    tokens_raw: int
    ms: list[float] = field(default_factory=list)
    model_used: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float | None:
        return percentile(self.ms, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.ms, 95)


def run_summary_latency(corpus: str, bundle: str | None = None, reps: int = 3, warmup: int = 1,
                        budget_tokens: int = 200, deadline_s: float = 20.0, on_case=None, cancel=None) -> dict:
    """cancel (a threading.Event): once set, the model stops within a decode step, the call it cut is not timed and
    no other starts; the result then holds the calls made ("interrupted": true)."""
    from terminus_edge.benchmarks.fidelity import load_corpus
    from terminus_edge.model import load_model, with_cancel
    from terminus_edge.summarize import summarize

    cases = load_corpus(corpus)
    start = time.perf_counter()
    model = with_cancel(load_model(bundle), cancel)
    load_s = time.perf_counter() - start
    results = [CaseLatency(case.id, len(case.output), 0) for case in cases]
    # Round-robin over the cases, as a shell wrapper sees them: the same case twice in a row would let the
    # runtime reuse its whole prompt's KV cache and flatter the figure. Warmup passes are not timed.
    def stopped() -> bool:
        return cancel is not None and cancel.is_set()

    for rep, (case, row) in itertools.product(range(warmup + reps), list(zip(cases, results))):
        if stopped():
            break
        t0 = time.perf_counter()
        summary = summarize(case.command, case.output, case.meta.get("exit_code"), model=model,
                            budget_tokens=budget_tokens, deadline_s=deadline_s)
        elapsed = (time.perf_counter() - t0) * 1000
        if rep < warmup or stopped():
            continue
        row.ms.append(elapsed)
        row.tokens_raw = summary.tokens_raw
        row.model_used += int(summary.model_used)
        if summary.model_note and summary.model_note not in row.notes:
            row.notes.append(summary.model_note)
        if on_case and rep == warmup + reps - 1:
            on_case(row)
    everything = [ms for r in results for ms in r.ms]
    return {
        "model": getattr(model, "name", "?"), "load_s": load_s, "reps": reps, "warmup": warmup, "cases": len(results),
        "p50_ms": percentile(everything, 50), "p95_ms": percentile(everything, 95),
        "mean_ms": statistics.fmean(everything) if everything else None,
        "case_p50_median_ms": statistics.median([r.p50 for r in results if r.ms]) if everything else None,
        "model_used": sum(r.model_used for r in results), "calls": len(everything), "interrupted": stopped(),
        "per_case": [{**asdict(r), "p50_ms": r.p50, "p95_ms": r.p95} for r in results],
    }


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"  # a case a cut run never timed


def format_summary_latency(result: dict) -> str:
    lines = ["| case | raw bytes | raw tokens | p50 ms | p95 ms | model gist used |", "|---|---:|---:|---:|---:|---:|"]
    for c in result["per_case"]:
        lines.append(f"| {c['id']} | {c['raw_bytes']} | {c['tokens_raw']} | {_ms(c['p50_ms'])} | {_ms(c['p95_ms'])} | "
                     f"{c['model_used']}/{len(c['ms'])} |")
    lines.append(f"| **all {result['cases']} cases** | | | **{_ms(result['p50_ms'])}** | **{_ms(result['p95_ms'])}** | "
                 f"{result['model_used']}/{result['calls']} |")
    lines.append("")
    lines.append(f"model {result['model']} loaded in {result['load_s']:.2f} s; {result['reps']} timed call(s) per case after "
                 f"{result['warmup']} warmup; p50/p95 over all calls.")
    notes = sorted({n for c in result["per_case"] for n in c["notes"]})
    if notes:
        lines.append("model notes seen: " + "; ".join(notes))
    return "\n".join(lines)
