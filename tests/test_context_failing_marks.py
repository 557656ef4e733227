"""The output lines a summary adds: a line that marks a failing test the facts do not name (`check_x ... FAIL`)
comes before the plain lines, so a few lines' budget never spends itself on PASS lines instead."""

from __future__ import annotations

from terminus_edge.summarize import summarize
from terminus_edge.summarize.context import context_lines

NAMES = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon".split()


def _run() -> str:
    lines = [f"check_{n} ... ok" for n in NAMES]
    lines.insert(8, "check_rounding ... FAIL (expected <29> but was <28>)")
    lines.insert(14, "check_negative ... FAIL (expected <-0.50> but was <0.50>)")
    return "\n".join(lines) + "\n20 passed, 2 failed\n"


def test_fail_lines_the_facts_leave_unnamed_are_shown_first():
    body = summarize("java -cp out TestRunner", _run().encode(), 1).body
    assert "check_rounding ... FAIL (expected <29> but was <28>)" in body
    assert "check_negative ... FAIL (expected <-0.50> but was <0.50>)" in body


def test_a_fail_line_the_summary_names_already_is_not_pushed_first():
    shown = context_lines(_run(), "FAILED check_rounding: expected <29> but was <28>", 30)
    assert "check_rounding" not in shown and "check_negative ... FAIL" in shown


def test_bare_marks_and_headings_are_not_pushed_first():
    text = "\n".join(f"line {n} of the build" for n in NAMES) + "\n FAILED\nThe following tests FAILED:\nall done\n"
    shown = context_lines(text, "exit code 1", 12)
    assert "FAILED" not in shown and "all done" in shown
