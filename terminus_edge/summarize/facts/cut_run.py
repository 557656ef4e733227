"""A test run cut short (a timeout, a kill, Ctrl-C): the results it printed before the cut and the test that was running.

Runners that print one line per test (pytest -v, unittest -v, go test -v, cargo test) name a test when it starts and
give its result on the same line or a later one. Cut mid-test, the last started test has no result: that is the one
that hung. Counts read from these lines, or from a summary the runner printed on its way out, are lower bounds.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Facts

# Exit codes of a run ended from outside: 130 SIGINT (Ctrl-C), 137 SIGKILL, 143 SIGTERM (128 + signal).
CUT_EXIT_CODES = {130, 137, 143}
INTERRUPT_RE = re.compile(r"^!{3,} KeyboardInterrupt !{3,}$", re.M)
INTERRUPTED_AT_RE = re.compile(r"^(\S+:\d+): KeyboardInterrupt$", re.M)  # pytest's line under that banner

# `tests/t.py::test_x PASSED   [ 40%]`; started and cut: `tests/t.py::test_x ` alone on the last line
PYTEST_RESULT_RE = re.compile(r"^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b", re.M)
PYTEST_STARTED_RE = re.compile(r"^(\S+\.py::\S+)[ \t]*$", re.M)
# `test_x (mod.Class.test_x) ... ok`; started and cut: `test_x (mod.Class.test_x) ... ` with nothing after
UNITTEST_RESULT_RE = re.compile(r"^(\w+) \([\w.]+\)(?: \S.*)? \.\.\. (ok|FAIL|ERROR|skipped|expected failure|unexpected success)\b", re.M)
UNITTEST_STARTED_RE = re.compile(r"^(\w+ \([\w.]+\))(?: \S.*)? \.\.\.[ \t]*$", re.M)
# go test -v: `=== RUN   TestX` then `--- PASS: TestX (0.00s)`
GO_STARTED_RE = re.compile(r"^=== RUN\s+(\S+)$", re.M)
GO_RESULT_RE = re.compile(r"^\s*--- (PASS|FAIL|SKIP): (\S+)", re.M)
# cargo test: `test m::x ... ok`; started and cut: `test m::x ... ` / `test m::x has been running for over 60 seconds`
CARGO_RESULT_RE = re.compile(r"^test (\S+) \.\.\. (ok|FAILED|ignored)\b", re.M)
CARGO_STARTED_RE = re.compile(r"^test (\S+)(?: \.\.\.[ \t]*| has been running for over \d+ seconds)$", re.M)
# pytest's default and -q progress: `tests/t.py .F.   [ 50%]`, `.F..` ; a line cut mid-file has no `[ n%]`
PROGRESS_RE = re.compile(r"^(?:(\S+\.py) )?([.FsExX]+)[ \t]*(?:\[\s*\d+%\])?[ \t]*$", re.M)
OUTCOME = {"PASSED": "passed", "ok": "passed", "PASS": "passed", "FAILED": "failed", "FAIL": "failed",
           "ERROR": "errors", "SKIPPED": "skipped", "skipped": "skipped", "SKIP": "skipped", "ignored": "skipped"}
DOT_OUTCOME = {".": "passed", "F": "failed", "E": "errors", "s": "skipped"}
TEST_KEYS = ("passed", "failed", "errors", "skipped")
CUT_PREFIX = "run cut before it finished"


def was_cut(facts: Facts, text: str) -> bool:
    return facts.timed_out or facts.exit_code in CUT_EXIT_CODES or bool(INTERRUPT_RE.search(text[-20000:]))


def _per_test(text: str) -> tuple[dict[str, int], str | None]:
    """Counts from one-line-per-test results, and the test started last that has no result."""
    counts: dict[str, int] = {}
    running = None
    for result_re, started_re, name_group, outcome_group in (
        (PYTEST_RESULT_RE, PYTEST_STARTED_RE, 1, 2), (UNITTEST_RESULT_RE, UNITTEST_STARTED_RE, 1, 2),
        (GO_RESULT_RE, GO_STARTED_RE, 2, 1), (CARGO_RESULT_RE, CARGO_STARTED_RE, 1, 2),
    ):
        results = list(result_re.finditer(text))
        finished = {m.group(name_group) for m in results}
        for m in results:
            key = OUTCOME.get(m.group(outcome_group))
            if key and not m.group(name_group).endswith("/"):
                counts[key] = counts.get(key, 0) + 1
        unfinished = [m for m in started_re.finditer(text) if m.group(1) not in finished]
        if unfinished and running is None:
            running = unfinished[-1].group(1)
    return counts, running


def _progress(text: str) -> tuple[dict[str, int], str | None]:
    """Counts from pytest's progress dots; the file of a last line with no `[ n%]` (cut inside it)."""
    counts: dict[str, int] = {}
    last = None
    for m in PROGRESS_RE.finditer(text):
        for ch in m.group(2):
            if ch in DOT_OUTCOME:
                counts[DOT_OUTCOME[ch]] = counts.get(DOT_OUTCOME[ch], 0) + 1
        last = m
    tail = text.rstrip("\n").rsplit("\n", 1)[-1]
    cut_in = last.group(1) if last is not None and last.group(0) == tail and "%" not in tail else None
    return counts, cut_in


def apply(facts: Facts, text: str) -> None:
    """Say what a cut test run had done: its results so far as lower bounds, and the test (or file) it was in."""
    if not was_cut(facts, text):
        return
    counts, running = _per_test(text)
    where = f"{running} was running (no result)" if running else None
    if not counts and "pytest" in facts.tools:
        counts, cut_in = _progress(text)
        where = f"the last file started was {cut_in}" if cut_in else None
    interrupted_at = INTERRUPTED_AT_RE.search(text[-20000:])
    if where is None and interrupted_at:
        where = f"interrupted at {interrupted_at.group(1)}"
    if not counts and not where:
        return
    if not any(facts.counts.get(key) for key in TEST_KEYS):
        for key in TEST_KEYS:
            if counts.get(key):
                facts.counts[key] = counts[key]
        facts.count_unit = facts.count_unit or "tests"
    floor = [key for key in (*TEST_KEYS, "total") if key in facts.counts and key not in facts.counts_at_least]
    facts.counts_at_least.extend(floor)  # the run ended before its tests did: what was counted is what ran so far
    what = CUT_PREFIX + (f": {where}" if where else "")
    facts.errors.insert(0, what + "; counts are results before the cut")
