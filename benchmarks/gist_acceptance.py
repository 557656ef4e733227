"""How often the model's gist survives the fact guard, and why it does not when it does not.

`python -m terminus_edge.benchmarks.gist_acceptance --corpus DIR [--sample N --seed S | --same-cases-as F | --replies-from F]
[--bundle B] --out F.jsonl`
runs summarize() exactly as `bench fidelity` does (same budget and deadline) and records, per case, the model's raw
reply, the sentence(s) the guard kept, each removed sentence with the guard's reason (guard.GuardResult.reasons),
recall and forbidden hits (fidelity.score) and latency. A case is "accepted" when the summary carries a model sentence.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.benchmarks.records import percentile


@dataclass
class GistRecord:
    id: str
    outcome: str  # accepted | rejected | unusable | model error | not asked
    reply: str = ""
    gist: str = ""
    removed: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    note: str = ""
    recall: float = 1.0
    forbidden: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    summary: str = ""


class RecordingModel:
    """Forwards chat() to the model and keeps its raw reply."""

    def __init__(self, model):
        self.model, self.replies = model, []

    def chat(self, messages, max_new_tokens=256, stop=None, deadline_s=None):
        reply = self.model.chat(messages, max_new_tokens=max_new_tokens, stop=stop, deadline_s=deadline_s)
        self.replies.append(reply)
        return reply

    def __getattr__(self, name):  # count_text_tokens and the like; chat_result is the class's own, so not forwarded
        return getattr(self.model, name)


@contextmanager
def recording_guard(seen: list):
    """The pipeline's guard, with each of its results kept in `seen`."""
    from terminus_edge.summarize import pipeline

    original = pipeline.guard

    def recorded(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(result)
        return result

    pipeline.guard = recorded
    try:
        yield
    finally:
        pipeline.guard = original


def run_case(case: fb.Case, model: RecordingModel) -> GistRecord:
    from terminus_edge.summarize import summarize

    model.replies.clear()
    guarded: list = []
    started = time.perf_counter()
    with recording_guard(guarded):
        s = summarize(case.command, case.output, case.meta.get("exit_code"), model=model, budget_tokens=200, deadline_s=20.0)
    latency = (time.perf_counter() - started) * 1000
    scored = fb.score(case, s.text, latency)
    record = GistRecord(case.id, "not asked", recall=scored.recall, forbidden=scored.forbidden, latency_ms=latency,
                        summary=s.text, note=s.model_note or "")
    if not model.replies:
        return record
    record.reply = model.replies[0]
    if guarded:
        g = guarded[0]
        record.gist, record.removed, record.reasons = g.text, g.removed, g.reasons
        record.outcome = "accepted" if s.model_used else "rejected"
    else:
        from terminus_edge.summarize.pipeline import INCOMPLETE_NOTE

        record.outcome = "unusable" if s.model_note == INCOMPLETE_NOTE or "no usable" in (s.model_note or "") else "model error"
    return record


def reason_kind(reason: str) -> str:
    return reason.split(":", 1)[0]


def report(records: list[GistRecord]) -> dict:
    asked = [r for r in records if r.outcome != "not asked"]
    outcomes = Counter(r.outcome for r in records)
    kinds = Counter(reason_kind(reason) for r in asked for reason in r.reasons)
    latencies = [r.latency_ms for r in records]
    return {
        "cases": len(records), "asked": len(asked), "outcomes": dict(outcomes),
        "accepted_share_of_asked": round(outcomes["accepted"] / len(asked), 3) if asked else None,
        "rejection_reasons": dict(kinds.most_common()),
        "recall": round(statistics.mean(r.recall for r in records), 4),
        "forbidden": sum(len(r.forbidden) for r in records),
        "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "p50_asked_ms": round(percentile([r.latency_ms for r in asked], 50), 1) if asked else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--bundle", default=None)
    parser.add_argument("--sample", type=int, default=0, help="score N cases drawn with --seed (0: all)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--same-cases-as", default=None, help="a previous --out file: score exactly its cases")
    parser.add_argument("--replies-from", default=None,
                        help="a previous --out file: its cases, each answered with the reply recorded there (no model; "
                             "the guard's judgement of the same replies, before and after a change)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    cases = fb.load_corpus(args.corpus)
    previous_run = args.same_cases_as or args.replies_from
    if previous_run:
        with open(previous_run, encoding="utf-8") as previous:
            replies = {row["id"]: row["reply"] for row in (json.loads(line) for line in previous if line.strip())}
        cases = [case for case in cases if case.id in replies]
    elif args.sample and args.sample < len(cases):
        cases = sorted(random.Random(args.seed).sample(cases, args.sample), key=lambda c: c.id)
    if args.replies_from:
        from terminus_edge.model import FakeModel

        records = [run_case(case, RecordingModel(FakeModel([replies[case.id]]))) for case in cases]
    else:
        from terminus_edge.model import load_model
        from terminus_edge.paths import default_bundle_dir

        model = RecordingModel(load_model(args.bundle or str(default_bundle_dir())))
        records = [run_case(case, model) for case in cases]
    with open(args.out, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(asdict(r)) + "\n")
    print(json.dumps(report(records), indent=1))


if __name__ == "__main__":
    main()
