"""Summary budget held-out set (session 13, tests/data/budget_heldout): outputs with many distinct failures. A summary
that cannot name every failure states the exact count and how many it leaves unnamed: the distinct names it shows
plus the "N more" it states equal the tool's count, never silently fewer."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from terminus_edge.benchmarks import fidelity as fb

SET = Path(__file__).parent / "data" / "budget_heldout"
CASES = sorted(p.name for p in SET.iterdir() if (p / "meta.json").is_file())
KNOWN_MISSES: dict[str, list[str]] = {}
MORE_RE = re.compile(r"\b(\d+) more\b")


@lru_cache(maxsize=None)
def summary_of(name: str) -> str:
    case = {c.id: c for c in fb.load_corpus(SET)}[name]
    return fb.summarizer_for(model=None)(case)


def test_the_set_is_well_formed():
    assert len(CASES) >= 20
    for name in CASES:
        meta = json.loads((SET / name / "meta.json").read_text())
        assert meta["id"] == name and meta["bytes"] == len((SET / name / "output.txt").read_bytes())
        assert any(f["id"] == "exit_code" for f in meta["facts"]) and meta["forbidden"], name


@pytest.mark.parametrize("name", CASES)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    case = {c.id: c for c in fb.load_corpus(SET)}[name]
    result = fb.score(case, summary_of(name), 0.0)
    assert result.missed == KNOWN_MISSES.get(name, []), f"{name}: missed {result.missed}\n{summary_of(name)}"
    assert result.forbidden == [], f"{name}: false claims {result.forbidden}\n{summary_of(name)}"


@pytest.mark.parametrize("name", CASES)
def test_named_failures_plus_stated_more_equal_the_count(name):
    meta = json.loads((SET / name / "meta.json").read_text())
    summary = summary_of(name)
    for group in meta["named_or_counted"]:
        named = set(re.findall(group["name_re"], summary))
        more = [int(n) for n in MORE_RE.findall(summary)]
        assert len(named) == group["total"] or len(named) + sum(more) == group["total"], (
            f"{name}: {len(named)} named, 'more' says {more}, of {group['total']}\n{summary}")
