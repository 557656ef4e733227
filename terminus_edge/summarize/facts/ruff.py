"""ruff / flake8 / pylint / pycodestyle: rule-coded findings, totals and fixable counts."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import by_level, clip
from terminus_edge.summarize.facts.types import Facts

NAME = "ruff"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(ruff(?! format)|flake8|pylint|pycodestyle|pyflakes|bandit|deptry)\b")
OUTPUT_RE = re.compile(r"^Found \d+ errors?\.|^All checks passed!|^\S+:\d+:\d+: [A-Z]{1,4}\d{2,4} |^\[\*\] \d+ fixable|Your code has been rated", re.M)

FOUND_RE = re.compile(r"^Found (\d+) (?P<word>errors?|dependency issues?)(?: \((\d+) fixed, (\d+) remaining\))?\.", re.M)
# `[*] 9 fixable with `--fix` (3 unsafe fixes available with `--fix --unsafe-fixes`).` (older: "with the `--fix` option")
FIXABLE_RE = re.compile(r"^\[\*\] \d+ fixable with (?:the )?`?--[\w-]+.*$", re.M)
HIDDEN_FIXES_RE = re.compile(r"^No fixes available \((\d+) hidden fix(?:es)? can be enabled with the `?(--[\w-]+)`? option\)", re.M)
PYLINT_RE = re.compile(r"^(?P<file>\S+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[CRWEFI]\d{4}): (?P<msg>.*?)(?: \((?P<sym>[\w-]+)\))?$", re.M)
RATED_RE = re.compile(r"Your code has been rated at (-?[\d.]+/10)")
# `ruff check --statistics`: "4<TAB>F401<TAB>[*] unused-import"; `flake8 --statistics`: "4     F401 'os' imported but unused"
STATISTICS_RE = re.compile(r"^(\d+)\s+([A-Z]{1,4}\d{2,4})\s+(?:\[[* ]\] )?(.+)$", re.M)
PYLINT_CATEGORIES = {"F": "fatal", "E": "error", "W": "warning", "R": "refactor", "C": "convention", "I": "info"}


def _pylint(text: str, facts: Facts) -> list[diagnostics.Diagnostic]:
    """pylint's own categories: only E/F are errors and W warnings; conventions and refactors are counted apart."""
    found, per_category = [], {}
    for m in PYLINT_RE.finditer(text):
        category = PYLINT_CATEGORIES[m["code"][0]]
        per_category[category] = per_category.get(category, 0) + 1
        severity = "error" if m["code"][0] in "EF" else category  # convention / refactor / info are not warnings
        found.append(diagnostics.Diagnostic(severity, m["msg"], m["file"], int(m["line"]), int(m["col"]), m["code"]))
    if found:
        facts.highlights.append(by_category(per_category))
    return found


def by_category(per_category: dict[str, int]) -> str:
    """pylint's messages by its own categories, in its order, and their sum when there are several."""
    return by_level("pylint messages by category", per_category, tuple(PYLINT_CATEGORIES.values()))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = diagnostics.code_style(text)
    pylint = _pylint(text, facts)
    facts.diagnostics = diags + pylint
    found = FOUND_RE.search(text)
    if found:
        facts.counts["errors"] = int(found.group(4) or found.group(1))
        if "issue" in found["word"]:  # deptry's word: its findings are not errors of the code
            facts.count_words["errors"] = "dependency issues"
    elif pylint:
        facts.counts = {k: v for k, v in (
            ("errors", sum(d.severity == "error" for d in pylint)),
            ("warnings", sum(d.code[0] == "W" for d in pylint)),
        ) if v}
    elif diags:
        facts.counts = diagnostics.count(diags)
    stats = STATISTICS_RE.findall(text)
    if stats and not diags:  # flake8 --statistics repeats lines already read; ruff --statistics prints only these
        facts.highlights.append("by rule: " + ", ".join(f"{code} ×{n} ({name.strip()})" for n, code, name in stats))
        if not found:
            facts.counts["errors"] = sum(int(n) for n, _, _ in stats)
    fixable = FIXABLE_RE.search(text)
    if fixable:  # the tool's own line: a summary that quotes it needs no second copy of it
        facts.highlights.append(clip(fixable.group(0), 160))
    hidden = HIDDEN_FIXES_RE.search(text)
    if hidden:
        facts.highlights.append(f"no fixes available without {hidden.group(2)} ({hidden.group(1)} hidden)")
    if re.search(r"^All checks passed!", text, re.M):
        facts.highlights.append("All checks passed!")
        facts.counts = {"errors": 0}
    rated = RATED_RE.search(text)
    if rated:
        facts.highlights.append(f"pylint score {rated.group(1)}")
    return facts
