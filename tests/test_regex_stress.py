"""Adversarial output in linear time: the worst cases of the regex sweep (benchmarks/regex_stress.py and its
regex_* modules) through the entry points, the patterns reached only through 16 KB-capped lines timed directly, and a
set of storms through every command family. Each case is timed at n and 4n and its growth bounded, each run under a
CPU-time limit (tests/linear_time.py), so a quadratic pattern fails here in seconds, not hours."""

from __future__ import annotations

import pytest

from linear_time import assert_linear

from terminus_edge.benchmarks.regex_entry_points import COMMANDS, WORST_CASES, entry_points
from terminus_edge.benchmarks.regex_samples import STORMS
from terminus_edge.redact.formats import _PEM_BODY_LINE
from terminus_edge.summarize import guard
from terminus_edge.summarize.context import DIRS_RE, LINE_PARTS_RE
from terminus_edge.summarize.facts.cc import NINJA_FAILED_RE
from terminus_edge.summarize.facts.registry import PLACE_RE

# Each case is timed at n and 4n characters in CPU seconds (tests/linear_time.py): before their fixes these took 7 s to
# minutes at 4n; linear work takes ~4 times as long at 4n as at n.


@pytest.mark.parametrize("entry,command,storm,size", WORST_CASES, ids=[case[2].name for case in WORST_CASES])
def test_worst_cases_run_in_linear_time_through_the_entry_points(entry, command, storm, size):
    fn, texts = entry_points()[entry], {n: storm.build(n) for n in (size // 4, size)}
    assert_linear(lambda n: fn(command, texts[n]), size // 4, f"{entry} on {storm.name}", repeats=2)


N = 128_000
DIRECT = {  # pattern use as in the code, on one long line of about n characters (summarize caps lines at 16 KB;
    # extract_facts does not)
    "context DIRS_RE: a run of @": lambda n: DIRS_RE.sub("", "@" * n + "!"),
    "context LINE_PARTS_RE: blanks before the end": lambda n: LINE_PARTS_RE.match("error: x" + " " * n + "!"),
    "cc NINJA_FAILED_RE: blanks after FAILED": lambda n: NINJA_FAILED_RE.findall("FAILED: " + " " * n + "!\n"),
    "redact _PEM_BODY_LINE: a line of blanks": lambda n: _PEM_BODY_LINE.match(" " * n + "!"),
    "guard PATH_RE: a-a-a-": lambda n: guard.PATH_RE.findall("a-" * (n // 2) + "!"),
    "guard TEST_ID_RE: a/a/a/": lambda n: guard.TEST_ID_RE.search("a/" * (n // 2) + "!"),
    "registry PLACE_RE: one long word": lambda n: PLACE_RE.findall("a" * n + "!"),
}


@pytest.mark.parametrize("name", sorted(DIRECT))
def test_patterns_behind_capped_lines_are_linear(name):
    assert_linear(DIRECT[name], N // 4, name)


@pytest.mark.parametrize("storm", STORMS[4:], ids=[s.name for s in STORMS[4:]])  # the first 4: test_summarize_bad_input
def test_storms_through_every_family_and_the_redactor(storm):
    texts = {n: storm.build(n) for n in (8_000, 32_000)}
    calls = entry_points()
    for command in COMMANDS:
        assert_linear(lambda n: calls["extract_facts"](command, texts[n]), 8_000, command, repeats=1)
    for entry in ("redact", "learn_secrets", "redact_lines", "input_wait"):
        assert_linear(lambda n: calls[entry]("cat out.txt", texts[n]), 8_000, entry, repeats=1)
