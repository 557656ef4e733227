"""Fidelity benchmark: summarize every case of a corpus, score fact recall, forbidden claims, token
reduction and latency (the same figures as shared/corpus/tools/fidelity_score.py).

Corpus layout: DIR/<case>/{command.txt, output.txt, meta.json}; meta.json has exit_code, facts[].any_of,
forbidden[].any_of.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.benchmarks.records import percentile
from terminus_edge.errors import TerminusError
from terminus_edge.summarize.tokens import count_tokens

FLAGS = re.IGNORECASE | re.DOTALL


class CorpusError(TerminusError):
    """The corpus directory is missing or malformed."""


@dataclass
class Case:
    id: str
    command: str
    output: bytes
    meta: dict


@dataclass
class CaseResult:
    id: str
    summary: str
    tokens_summary: int
    tokens_raw: int
    latency_ms: float
    recall: float
    missed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)


def load_corpus(directory: str | Path) -> list[Case]:
    root = Path(directory)
    if not root.is_dir():
        raise CorpusError(f"corpus directory not found: {root}")
    cases = []
    for case_dir in sorted(p for p in root.iterdir() if (p / "meta.json").is_file()):
        try:
            meta = json.loads((case_dir / "meta.json").read_text(encoding="utf-8"))
            command = (case_dir / "command.txt").read_text(encoding="utf-8").strip()
            output = (case_dir / "output.txt").read_bytes()
        except (OSError, json.JSONDecodeError) as error:
            raise CorpusError(f"bad corpus case {case_dir.name}: {error}") from error
        cases.append(Case(str(meta.get("id", case_dir.name)), command, output, meta))
    if not cases:
        raise CorpusError(f"no cases (folders with meta.json) in {root}")
    return cases


def matches_any(patterns: list[str], text: str) -> bool:
    """Whether any of a fact's `any_of` regexes matches (case-insensitive, dot matches newline); a bad regex never matches."""
    for pattern in patterns:
        try:
            if re.search(pattern, text, FLAGS):
                return True
        except re.error:
            continue
    return False


def score(case: Case, summary: str, latency_ms: float) -> CaseResult:
    facts = case.meta.get("facts", [])
    missed = [f["id"] for f in facts if not matches_any(f.get("any_of", []), summary)]
    forbidden = [f["id"] for f in case.meta.get("forbidden", []) if matches_any(f.get("any_of", []), summary)]
    recall = (len(facts) - len(missed)) / len(facts) if facts else 1.0
    raw = case.output.decode("utf-8", errors="replace")
    return CaseResult(case.id, summary, count_tokens(summary), count_tokens(raw), latency_ms, recall, missed, forbidden)


Summarizer = Callable[[Case], str]


def summarizer_for(model=None, budget_tokens: int = 200, deadline_s: float = 20.0, cancel=None) -> Summarizer:
    """cancel (a threading.Event): once set, the model stops within one decode step (run_benchmark drops that case)."""
    from terminus_edge.model import with_cancel
    from terminus_edge.summarize import summarize

    model = with_cancel(model, cancel)

    def run(case: Case) -> str:
        exit_code = case.meta.get("exit_code")
        return summarize(case.command, case.output, exit_code, model=model, budget_tokens=budget_tokens, deadline_s=deadline_s).text

    return run


def baseline_summarizer(name: str) -> Summarizer:
    from terminus_edge.benchmarks.baselines import BASELINES

    if name not in BASELINES:
        raise CorpusError(f"unknown baseline {name!r}; choose from {', '.join(BASELINES)}")
    fn = BASELINES[name]
    return lambda case: fn(case.output.decode("utf-8", errors="replace"))


def run_benchmark(cases: list[Case], summarizer: Summarizer, *, on_result: Callable[[CaseResult], None] | None = None,
                  cancel=None) -> list[CaseResult]:
    """Each case scored in turn, handed to on_result as it is (a file keeps what was scored if the run is cut short).
    Once `cancel` is set no case starts, and the one it cut (its gist stopped, a fallback summary) is not scored."""
    results = []
    for case in cases:
        if cancel is not None and cancel.is_set():
            break
        started = time.perf_counter()
        summary = summarizer(case)
        if cancel is not None and cancel.is_set():
            break
        results.append(score(case, summary, (time.perf_counter() - started) * 1000))
        if on_result is not None:
            on_result(results[-1])
    return results


def totals(results: list[CaseResult]) -> dict:
    latencies = [r.latency_ms for r in results]
    raw = sum(r.tokens_raw for r in results)
    summ = sum(r.tokens_summary for r in results)
    return {
        "cases": len(results),
        "mean_recall": statistics.fmean(r.recall for r in results) if results else 0.0,
        "min_recall": min((r.recall for r in results), default=0.0),
        "forbidden_hits": sum(len(r.forbidden) for r in results),
        "tokens_raw": raw,
        "tokens_summary": summ,
        "reduction": 1 - summ / raw if raw else 0.0,
        "latency_p50_ms": percentile(latencies, 50) or 0.0,
        "latency_p95_ms": percentile(latencies, 95) or 0.0,
    }


def jsonl_line(r: CaseResult) -> str:
    return json.dumps({"id": r.id, "summary": r.summary, "tokens_summary": r.tokens_summary, "latency_ms": round(r.latency_ms, 2)}) + "\n"


def write_jsonl(results: list[CaseResult], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(jsonl_line(r) for r in results)


def format_report(results: list[CaseResult]) -> str:
    width = max([len(r.id) for r in results] + [4])
    lines = [f"{'case':<{width}}  recall  forb  tok_raw  tok_sum  reduct  latency_ms  missed"]
    for r in results:
        reduction = 1 - r.tokens_summary / r.tokens_raw if r.tokens_raw else 0.0
        lines.append(
            f"{r.id:<{width}}  {r.recall:6.2f}  {len(r.forbidden):>4}  {r.tokens_raw:>7}  {r.tokens_summary:>7}  "
            f"{reduction:6.1%}  {r.latency_ms:>10.1f}  {','.join(r.missed + ['!' + f for f in r.forbidden])}"
        )
    t = totals(results)
    lines.append(
        f"TOTAL cases={t['cases']} mean_recall={t['mean_recall']:.3f} min_recall={t['min_recall']:.2f} "
        f"forbidden_hits={t['forbidden_hits']} tokens_raw={t['tokens_raw']} tokens_summary={t['tokens_summary']} "
        f"reduction={t['reduction']:.1%} latency_p50={t['latency_p50_ms']:.1f}ms p95={t['latency_p95_ms']:.1f}ms"
    )
    return "\n".join(lines)
