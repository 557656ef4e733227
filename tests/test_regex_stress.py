"""Adversarial output in linear time: the worst cases of the regex sweep (benchmarks/regex_stress.py and its
regex_* modules) through the entry points, the patterns reached only through 16 KB-capped lines timed directly, and a
set of storms through every command family. Each case runs under a SIGALRM deadline, so a quadratic pattern fails here
in seconds, not hours."""

from __future__ import annotations

import pytest

from terminus_edge.benchmarks.regex_entry_points import COMMANDS, WORST_CASES, entry_points, run_worst_case
from terminus_edge.benchmarks.regex_samples import STORMS
from terminus_edge.benchmarks.regex_timing import timed
from terminus_edge.redact.formats import _PEM_BODY_LINE
from terminus_edge.summarize import guard
from terminus_edge.summarize.context import DIRS_RE, LINE_PARTS_RE
from terminus_edge.summarize.facts.cc import NINJA_FAILED_RE
from terminus_edge.summarize.facts.registry import PLACE_RE

# Linear work on these texts takes 2-400 ms on a busy 2-core machine; before their fixes each took 7 s to minutes.
BOUND_S = 2.5


@pytest.mark.parametrize("entry,command,storm,size", WORST_CASES, ids=[case[2].name for case in WORST_CASES])
def test_worst_cases_run_in_linear_time_through_the_entry_points(entry, command, storm, size):
    assert run_worst_case(entry, command, storm, size, limit_s=BOUND_S) < BOUND_S


N = 128_000
DIRECT = {  # pattern use as in the code, on one long line (summarize caps lines at 16 KB; extract_facts does not)
    "context DIRS_RE: a run of @": lambda: DIRS_RE.sub("", "@" * N + "!"),
    "context LINE_PARTS_RE: blanks before the end": lambda: LINE_PARTS_RE.match("error: x" + " " * N + "!"),
    "cc NINJA_FAILED_RE: blanks after FAILED": lambda: NINJA_FAILED_RE.findall("FAILED: " + " " * N + "!\n"),
    "redact _PEM_BODY_LINE: a line of blanks": lambda: _PEM_BODY_LINE.match(" " * N + "!"),
    "guard PATH_RE: a-a-a-": lambda: guard.PATH_RE.findall("a-" * (N // 2) + "!"),
    "guard TEST_ID_RE: a/a/a/": lambda: guard.TEST_ID_RE.search("a/" * (N // 2) + "!"),
    "registry PLACE_RE: one long word": lambda: PLACE_RE.findall("a" * N + "!"),
}


@pytest.mark.parametrize("name", sorted(DIRECT))
def test_patterns_behind_capped_lines_are_linear(name):
    assert timed(DIRECT[name], BOUND_S) < BOUND_S


@pytest.mark.parametrize("storm", STORMS[4:], ids=[s.name for s in STORMS[4:]])  # the first 4: test_summarize_bad_input
def test_storms_through_every_family_and_the_redactor(storm):
    text = storm.build(32_000)
    calls = entry_points()
    for command in COMMANDS:
        assert timed(lambda: calls["extract_facts"](command, text), BOUND_S) < BOUND_S, command
    for entry in ("redact", "learn_secrets", "redact_lines", "input_wait"):
        assert timed(lambda: calls[entry]("cat out.txt", text), BOUND_S) < BOUND_S, entry
