"""One held-out fidelity set (real captures under tests/data/<set>/<case>/ with output.txt and meta.json): its cases,
their facts, and the checks every set's test file makes. Each set keeps its own size floor and known misses."""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.normalize import normalize

DATA = Path(__file__).parent / "data"


class FidelitySet:
    def __init__(self, *names: str, known_misses: dict[str, list[str]] | None = None):
        self.folders = [DATA / name for name in names]
        self.known_misses = known_misses or {}
        self.cases = sorted(p.name for s in self.folders for p in s.iterdir() if (p / "meta.json").is_file())

    @cached_property
    def _corpus(self) -> dict[str, fb.Case]:
        return {case.id: case for s in self.folders for case in fb.load_corpus(s)}

    def case(self, name: str) -> fb.Case:
        return self._corpus[name]

    def text_of(self, name: str) -> str:
        return normalize(self.case(name).output).text

    def facts_of(self, name: str):
        case = self.case(name)
        return extract_facts(case.command, normalize(case.output).text, case.meta["exit_code"])

    def check_well_formed(self, at_least: int, max_bytes: int = 20_000) -> None:
        """Enough cases; each one's meta matches its output, every fact's evidence is in it, an exit code fact and
        at least one forbidden claim."""
        assert len(self.cases) >= at_least
        for name in self.cases:
            where = next(s for s in self.folders if (s / name).is_dir())
            meta = json.loads((where / name / "meta.json").read_text())
            raw = (where / name / "output.txt").read_bytes()
            text = raw.decode("utf-8", errors="replace")
            assert meta["id"] == name and meta["bytes"] == len(raw) < max_bytes
            assert all(re.search(f["evidence"], text, re.M) for f in meta["facts"]), name
            assert any(f["id"] == "exit_code" for f in meta["facts"]) and meta["forbidden"], name

    def check_summary(self, name: str) -> None:
        """The deterministic summary keeps every fact (the known misses excepted) and makes no false claim."""
        case = self.case(name)
        summary = fb.summarizer_for(model=None)(case)
        result = fb.score(case, summary, 0.0)
        assert result.missed == self.known_misses.get(name, []), f"{name}: missed {result.missed}\n{summary}"
        assert result.forbidden == [], f"{name}: false claims {result.forbidden}\n{summary}"
