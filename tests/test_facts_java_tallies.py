"""Test runners started with plain `java` (JUnitCore, the JUnit console launcher, a hand-written runner):
their tally is counts of tests, not error lines."""

from __future__ import annotations

import re

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import java
from terminus_edge.summarize.facts.registry import extract_facts

JUNIT4_FAILED = """JUnit version 4.13.2
..E.E...
Time: 0.015
There were 2 failures:
1) testDivide(CalcTest)
java.lang.AssertionError: expected:<2> but was:<3>
\tat org.junit.Assert.fail(Assert.java:89)
\tat org.junit.Assert.assertEquals(Assert.java:146)
\tat CalcTest.testDivide(CalcTest.java:14)
2) testSub(CalcTest)
java.lang.AssertionError: expected:<1> but was:<-1>
\tat org.junit.Assert.fail(Assert.java:89)
\tat CalcTest.testSub(CalcTest.java:20)

FAILURES!!!
Tests run: 8,  Failures: 2

"""
CONSOLE = """Test run finished after 64 ms
[         2 containers found      ]
[         2 containers successful ]
[         8 tests found           ]
[         0 tests skipped         ]
[         8 tests started         ]
[         0 tests aborted         ]
[         6 tests successful      ]
[         2 tests failed          ]
"""
JUNITCORE = "java -cp out:lib/junit-4.13.2.jar org.junit.runner.JUnitCore CalcTest"


@pytest.mark.parametrize("tally", ["6 passed, 2 failed", "Tests: 6 passed; 2 failed", "6 tests passed, 2 tests failed.", "Passed: 6, Failed: 2"])
def test_a_hand_written_runners_tally_is_counts_not_errors(tally):
    out = f"Running CalcTest\nPASS testAdd\nFAIL testSub: expected 1 but was -1\n{tally}\n"
    facts = extract_facts("java -cp out TestRunner", out, 1)
    assert facts.counts["passed"] == 6 and facts.counts["failed"] == 2 and facts.count_unit == "tests"
    assert not any("passed" in e.lower() for e in facts.errors)
    assert "2 failed, 6 passed" in summarize("java -cp out TestRunner", out.encode(), 1).body


def test_junitcore_totals_and_failing_tests():
    facts = java.parse(JUNIT4_FAILED)
    assert facts.counts == {"total": 8, "failed": 2, "passed": 6} and facts.count_unit == "tests"
    assert [(f.name, f.location) for f in facts.failures] == [("CalcTest.testDivide", "CalcTest.java:14"), ("CalcTest.testSub", "CalcTest.java:20")]
    assert facts.failures[0].reason == "java.lang.AssertionError: expected:<2> but was:<3>"
    assert "8 tests: 2 failed, 6 passed" in summarize(JUNITCORE, JUNIT4_FAILED.encode(), 1).body


def test_junitcore_ok_line():
    facts = java.parse("JUnit version 4.13.2\n......\nTime: 0.01\n\nOK (6 tests)\n")
    assert facts.counts == {"total": 6, "passed": 6, "failed": 0} and facts.count_unit == "tests"


def test_junit_console_launcher_summary():
    facts = java.parse(CONSOLE)
    assert facts.counts == {"total": 8, "skipped": 0, "errors": 0, "passed": 6, "failed": 2}


@pytest.mark.parametrize("text", ["3 errors\n", "Main.java:3: error: ';' expected\n  int x\n       ^\n1 error\n", "hello 3 passed the gate today\n", "10 tests\n"])
def test_no_test_tally_where_none_is_printed(text):
    facts = java.parse(text)
    assert facts.count_unit is None and "passed" not in facts.counts


HAND_RUN = """PASS parseWhole
PASS parseCents
FAIL parseRounding: expected <29> but was <28>
PASS plus
PASS times
PASS formatPositive
FAIL formatNegative: expected <-0.50> but was <0.50>
PASS formatZero
6 passed, 2 failed
"""


def test_a_hand_written_runner_names_every_failing_test():
    facts = java.parse(HAND_RUN)
    assert [(f.name, f.reason) for f in facts.failures] == [
        ("parseRounding", "expected <29> but was <28>"), ("formatNegative", "expected <-0.50> but was <0.50>")]
    body = summarize("java -cp out TestRunner", HAND_RUN.encode(), 1).body
    assert "parseRounding: expected <29> but was <28>" in body and "formatNegative: expected <-0.50> but was <0.50>" in body


def test_many_failing_tests_are_counted_with_the_first_named():
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma"]
    out = "".join(f"FAIL {words[i % 6]}Check{i}: {words[i // 6 % 6]} was wrong in {words[i % 5]}\n" for i in range(60)) + "0 passed, 60 failed\n"
    facts = java.parse(out)
    assert facts.counts["failed"] == 60 and len(facts.failures) == 50 and facts.failures[0].name == "alphaCheck0"
    body = summarize("java -cp out TestRunner", out.encode(), 1).body
    assert "60 failed" in body and "alphaCheck0: alpha was wrong in alpha" in body
    more = re.search(r"\+(\d+) more failed tests not shown", body)  # the parser names 50: the tally's 60 is what is left
    assert more and len(set(re.findall(r"\b[a-z]+Check\d+", body))) + int(more[1]) == 60


@pytest.mark.parametrize("line, name, reason", [
    ("FAIL parseRounding: expected <29> but was <28>", "parseRounding", "expected <29> but was <28>"),
    ("[FAIL] test_sub - expected 1, got -1", "test_sub", "expected 1, got -1"),
    ("FAILED: Money.format", "Money.format", None),
    ("  ✗ rounds half up", "rounds half up", None),
])
def test_marked_failure_lines(line, name, reason):
    facts = java.parse(f"PASS a\n{line}\n1 passed, 1 failed\n")
    assert [(f.name, f.reason) for f in facts.failures] == [(name, reason)]
