"""A runner no parser knows (a project's own check script) marks failing tests with FAIL: the fallback names each
one, or the first of many with their total, however many PASS lines surround them."""

from __future__ import annotations

import re

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import generic

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega".split()


def _run(failing: list[str], passing: int = 200) -> str:
    lines = [f"PASS check_{WORDS[i % 24]}_{WORDS[i // 24 % 24]}" for i in range(passing)]
    for n, line in enumerate(failing):
        lines.insert(90 + 7 * n, line)
    return "\n".join(lines) + f"\n{passing} passed, {len(failing)} failed\n"


def test_every_fail_line_of_an_unknown_runner_is_named():
    out = _run(["FAIL parse_rounding: expected <29> but was <28>", "FAIL format_negative: expected <-0.50> but was <0.50>"])
    body = summarize("python3 run_checks.py", out.encode(), 1).body
    assert "parse_rounding: expected <29> but was <28>" in body and "format_negative: expected <-0.50> but was <0.50>" in body


def test_many_fail_lines_are_counted_with_the_first_named():
    out = _run([f"FAIL {WORDS[n]}_check: {WORDS[n]} is off by {WORDS[-n - 1]}" for n in range(20)])
    body = summarize("./check.sh", out.encode(), 1).body
    assert "alpha_check: alpha is off by omega" in body and "200 passed, 20 failed" in body
    assert re.search(r"\b2\d error-like lines in all|\+\d+ more (errors|failed tests)\b", body)


def test_fail_is_a_mark_only_in_capitals():
    assert generic.error_lines("FAIL: test_d (m.T.test_d)\n")[0] == ["FAIL: test_d (m.T.test_d)"]
    assert generic.error_lines("fail2ban started\nthe build may fail later\n")[0] == []
