"""Round 12 (session 11): the same tools in the formats and flags agents use (JSON reporters, short / quiet / parseable
formats, `git log --graph`; tests/data/real). test_facts_real_tools.py checks every case's summary; here the parsers
behind this round's fixes are checked directly, and the cases they fixed must keep their facts from the parsed facts
alone."""

from __future__ import annotations

import pytest
from real_captures import facts_of, facts_only_summary, load, missed_from_facts_alone, summary_of

from terminus_edge.summarize.context import context_lines
from terminus_edge.summarize.facts import jsontests

FACTS_ONLY = ["jest-json", "vitest-run-json", "mocha-reporter-json", "cargo-build-message-format-short",
              # captured after the round's fixes (the generalisation check)
              "vitest-run-json-all-pass", "mocha-reporter-json-hook-failure", "cargo-test-message-format-short"]


@pytest.mark.parametrize("name", FACTS_ONLY)
def test_parsed_facts_alone_keep_the_facts(name):
    missed, forbidden = missed_from_facts_alone(name)
    assert missed == set() and forbidden == [], facts_only_summary(name)


def test_jest_and_vitest_json_reports_read_as_test_runs():
    jest = facts_of("jest-json")
    assert jest.counts == {"total": 6, "failed": 2, "passed": 4} and jest.count_unit == "tests"
    assert [(f.name, f.location) for f in jest.failures] == [
        ("cart › unknown coupon keeps total", "/home/dev/jsapp/src/cart.js:16"),
        ("util › pad", "/home/dev/jsapp/test/cart.test.js:24")]
    assert jest.failures[1].reason == 'Error: expect(received).toBe(expected) // Object.is equality; Expected: "007"; Received: "07"'
    vitest = facts_of("vitest-run-json")
    assert vitest.counts == {"total": 5, "failed": 2, "passed": 3}
    assert vitest.failures[0].reason == "Error: division by zero"
    assert not any(h.startswith("JSON object") for h in jest.highlights + vitest.highlights)  # no shape: the run is said
    assert facts_of("vitest-run-json-all-pass").counts == {"total": 3, "failed": 0, "passed": 2, "skipped": 1}


def test_a_suite_that_failed_to_load_is_no_zero_failed_run():
    report = ('{"numFailedTestSuites":1,"numFailedTests":0,"numPassedTests":1,"numPendingTests":0,"numTotalTests":1,'
              '"testResults":[{"assertionResults":[],"message":"  ● Test suite failed to run\\n\\n    Cannot find module'
              ' \'./x\' from \'a.test.js\'\\n","name":"/p/a.test.js","status":"failed"}]}')
    facts = jsontests.parse(report)
    assert facts.counts == {"total": 1, "passed": 1}
    assert [(f.name, f.reason) for f in facts.failures] == [
        ("/p/a.test.js (test suite failed to run)", "Cannot find module './x' from 'a.test.js'")]


def test_jest_json_beside_its_own_text_report_is_read_once():
    facts = facts_of("jest-json-suite-fails-to-load")  # `--json` on stdout, the text report on stderr, both captured
    assert "json-tests" not in facts.tools or not facts.counts.get("failed")
    assert [f.name for f in facts.failures] == ["test/broken.test.js (test suite failed to run)"]


def test_mocha_json_failures_and_hooks():
    facts = facts_of("mocha-reporter-json")
    assert facts.counts == {"total": 4, "failed": 2, "passed": 1, "skipped": 1}
    assert [(f.name, f.location) for f in facts.failures] == [("strings upper", "test/str.spec.js:4"),
                                                              ("strings repeat", "test/str.spec.js:5")]
    hook = facts_of("mocha-reporter-json-hook-failure").failures
    assert [(f.name, f.reason) for f in hook] == [('db "before all" hook for "reads"', "Error: connection refused: 127.0.0.1:5432")]


def test_tap_skips_outside_the_tally_are_counted_but_not_tapes():
    assert facts_of("mocha-reporter-tap").counts == {"total": 3, "failed": 2, "passed": 1, "skipped": 1}
    assert facts_of("mocha-reporter-tap-hook-failure").counts == {"total": 3, "failed": 1, "passed": 2, "skipped": 1}
    assert "skipped" not in facts_of("tape-pass-skip").counts  # tape's `# pass 2` already holds its skipped test


def test_rustc_short_format_diagnostics():
    facts = facts_of("cargo-build-message-format-short")
    assert [(d.severity, d.code, d.location()) for d in facts.diagnostics] == [
        ("error", "E0308", "src/main.rs:8:5"), ("error", "E0308", "src/main.rs:13:18")]
    assert facts.counts == {"errors": 2}


def test_pylint_parseable_categories_only_for_pylint():
    assert "pylint messages by category: error 1, warning 3, convention 12 (16 in all)" in facts_of(
        "pylint-parseable-two-modules").highlights
    assert "pylint messages by category: convention 4" in facts_of("pylint-parseable-one-module").highlights
    assert not any("pylint" in h for h in facts_of("cmake-lint-findings").highlights)  # a `C0301` row, not pylint's


def test_tsc_says_how_many_files_hold_the_errors():
    assert "errors in 2 files" in facts_of("tsc-noemit-pretty-tty").highlights
    assert not any(h.startswith("errors in") for h in facts_of("tsc-pretty-one-file-tty").highlights)  # "in the same file"


def test_git_graph_commit_lines_are_output_lines_not_gutters():
    summary = summary_of("git-log-graph-stash-branches")
    assert "| * 31efcd9 main: add m" in summary and "| * f3aafe1 WIP on topic" in summary
    assert "|/" not in summary  # the graph's joins alone say nothing


def test_json_structure_lines_are_not_shown_but_diff_context_is():
    text = '{\n  "stats": {\n    "tests": 4,\n    "failures": 2\n  },\n  "failures": [\n  ]\n}\n'
    assert [line.strip() for line in context_lines(text, "", 200).splitlines()] == ['"tests": 4,', '"failures": 2']
    diff = "@@ -1,3 +1,3 @@\n server {\n-  listen 80;\n+  listen 8080;\n }\n"
    assert " }" in context_lines(diff, "", 200).splitlines()


def test_every_round_12_case_is_in_the_real_set():
    assert load("go-test-json").meta["exit_code"] == 1 and load("pytest-qq-pass").meta["exit_code"] == 0
