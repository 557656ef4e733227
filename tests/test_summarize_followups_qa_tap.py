"""TAP output (node --test, prove -v, any TAP producer): the summary's "Output lines" keep the failing test's
`not ok N - name` line and the failure tally (`# fail 1`); tallies of zero (`# cancelled 0`, `# todo 0`) come last.

Before, `npm test` running node --test showed `# cancelled 0 / # skipped 0 / # todo 0` and left out `not ok 2 - …`
and `# fail 1`: lines were taken alternately from the two ends, and the end of a TAP stream is its tallies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.context import context_lines
from terminus_edge.summarize.facts.nodetest import parse

REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path))


def real_summary(case: str, exit_code: int = 1):
    d = REAL / case
    return summarize((d / "command.txt").read_text().strip(), (d / "output.txt").read_bytes(), exit_code)


def output_lines(body: str) -> list[str]:
    assert "Output lines:\n" in body, body
    return body.split("Output lines:\n", 1)[1].splitlines()


def test_npm_test_running_node_test_keeps_the_failing_line_and_the_fail_tally():
    summary = real_summary("npm-test-node-test-one-fail")
    lines = output_lines(summary.body)
    assert "not ok 2 - formats with a thousands separator" in lines and "# fail 1" in lines
    assert not {"# cancelled 0", "# skipped 0", "# todo 0", "# suites 0"} & set(lines)
    assert summary.body.startswith("exit code 1; 3 tests: 1 failed, 2 passed; FAILED formats with a thousands separator")


def test_nested_node_test_suites_keep_each_failing_subtest_line():
    summary = real_summary("node-test-suites-skip-todo")
    lines = output_lines(summary.body)
    assert "    not ok 3 - drops punctuation" in lines and "    not ok 2 - adds an ellipsis" in lines and "# fail 2" in lines
    assert "# cancelled 0" not in lines
    assert "counts the ellipsis in the limit" not in summary.body.split("Output lines:")[0]  # a TODO is no failure
    assert "2 failed, 3 passed, 1 skipped, 1 todo" in summary.body


def test_prove_verbose_keeps_the_not_ok_line_and_reads_got_and_expected():
    summary = real_summary("prove-verbose-todo-and-failure")
    assert "not ok 2 - rounds half up to the cent" in output_lines(summary.body)
    failure = summary.facts.failures[0]
    assert (failure.name, failure.reason, failure.location) == ("rounds half up to the cent", "got '899', expected '900'", "t/02-discount.t:5")
    assert not any("negative discount" in f.name for f in summary.facts.failures)
    assert "FAILED t/02-discount.t: 1 of 4 tests failed (2)" in summary.body


def test_test_more_diagnostics_after_a_listed_not_ok_line_fill_in_its_reason_and_place():
    text = ("1..2\nok 1 - adds\nnot ok 2 - divides\n#   Failed test 'divides'\n#   at t/calc.t line 9.\n"
            "#          got: '3'\n#     expected: '3.5'\n# Looks like you failed 1 test of 2.\n")
    failures = parse(text).failures
    assert [(f.name, f.reason, f.location) for f in failures] == [("divides", "got '3', expected '3.5'", "t/calc.t:9")]


def plain_lines(n: int) -> list[str]:
    return [f"ok {i} - case number {i} renders its widget" for i in range(1, n + 1)]


def test_any_tap_producer_ranks_not_ok_and_failure_tallies_before_plain_lines_and_zero_tallies_last():
    lines = ["TAP version 13", *plain_lines(10), "not ok 11 - parses the header row",
             "not ok 12 - future feature # TODO not written", *plain_lines(10),
             "1..22", "# tests 22", "# pass 20", "# fail 1", "# skipped 0", "# todo 1", "# cancelled 0"]
    picked = context_lines("\n".join(lines), "exit code 1; 22 tests: 1 failed", 30).splitlines()
    assert "not ok 11 - parses the header row" in picked and "# fail 1" in picked
    assert "not ok 12 - future feature # TODO not written" not in picked
    assert "# skipped 0" not in picked and "# cancelled 0" not in picked
    everything = context_lines("\n".join(lines), "exit code 1", 2000).splitlines()
    assert "# skipped 0" in everything and "# cancelled 0" in everything  # last, not gone, when there is room


def test_a_tally_of_failures_outranks_plain_lines_for_other_runners_too():
    lines = [*[f"compiling module_{i}.c" for i in range(40)], "Ok:                 3", "Fail:               2",
             "Skipped:            0", "Timeout:            0", *[f"log line {i} of the run" for i in range(40)]]
    picked = context_lines("\n".join(lines), "exit code 1", 24).splitlines()
    assert "Fail:               2" in picked
    assert "Skipped:            0" not in picked and "Timeout:            0" not in picked
