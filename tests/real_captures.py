"""The real tool captures in tests/data/real, shared by the tests that score and parse them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.summarize.compose import head_phrase, pack_facts
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.normalize import normalize

REAL = Path(__file__).parent / "data" / "real"
CASES = sorted(p.name for p in REAL.iterdir() if (p / "meta.json").is_file())


@lru_cache(maxsize=1)
def _corpus() -> dict[str, fb.Case]:
    return {case.id: case for case in fb.load_corpus(REAL)}


def load(name: str) -> fb.Case:
    return _corpus()[name]


def summary_of(name: str) -> str:
    """The deterministic summary (no model) of one capture, as the fidelity benchmark makes it."""
    return fb.summarizer_for(model=None)(load(name))


def facts_of(name: str):
    case = load(name)
    return extract_facts(case.command, normalize(case.output).text, case.meta["exit_code"])


def facts_only_summary(name: str) -> str:
    """The summary's status, counts and parsed facts within the usual budget: no output line, no verbatim output."""
    facts = facts_of(name)
    return f"Command: {load(name).command}\nSummary: " + pack_facts(head_phrase(facts), facts, 200)


def missed_from_facts_alone(name: str) -> tuple[set[str], list[str]]:
    """The facts a summary of the parsed facts alone misses, and the false claims it makes."""
    result = fb.score(load(name), facts_only_summary(name), 0.0)
    return set(result.missed), result.forbidden
