"""Parser-level checks on the sixth round of real captures in tests/data/real (session 6): a name that holds an
error word is no error line, unified hunks counted by their headers, linters' JSON reports from the real tools
(ruff, pylint json/json2, stylelint). The summary-level scoring of every case is in test_facts_real_tools.py;
synthetic variants show the rules follow each tool's layout, not one capture."""

from __future__ import annotations

from real_captures import facts_of, summary_of

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts import generic, unidiff


# --- the generic fallback: names and settings are not error lines ----------------------------------------------------

def test_pytest_plugin_list_and_timeout_settings_are_not_errors():
    facts = facts_of("pytest-timeout-thread-kill")
    assert not any("plugins:" in e or e.startswith("timeout") for e in facts.errors)
    errors, _ = generic.error_lines(
        "plugins: timeout-2.4.0, rerunfailures-14.0\nSuccessfully installed pytest-timeout-2.4.0\n"
        "PASS src/error-handling.test.js\ntimeout: 30s\ntimeout_method = signal\n")
    assert errors == []


def test_hyphen_rule_keeps_real_errors():
    errors, _ = generic.error_lines("curl: (28) Connection timed out after 5001 ms\nFAIL src/error-handling.test.js\n"
                                    "timeout: the monitored command dumped core\nbuild-tool: error: bad flag\nERROR-1045 while connecting\n")
    assert errors == ["curl: (28) Connection timed out after 5001 ms", "FAIL src/error-handling.test.js",
                      "timeout: the monitored command dumped core", "build-tool: error: bad flag", "ERROR-1045 while connecting"]


def test_pytest_timeout_thread_dump_names_the_test_that_ran_out_of_time():
    facts = facts_of("pytest-timeout-thread-kill")
    assert [(f.name, f.location) for f in facts.failures] == [
        ("test_slow_remote_rates", "/home/dev/invoicer/tests/test_totals.py:15")]
    assert facts.failures[0].reason.startswith("timed out (limit 2.0s)")
    assert facts.stopped_early
    assert "4 tests collected" in summary_of("pytest-timeout-thread-kill")


# --- unified diffs: a hunk's header says how many lines it has ---------------------------------------------------------

def test_removed_dash_lines_inside_a_hunk_are_removals_not_headers():
    assert "2 hunks, 1 line added, 7 removed" in facts_of("git-diff-sql-comment-removals").highlights[0]
    assert "1 hunk, 1 line added, 5 removed" in facts_of("diff-u-sql-dashes").highlights[0]


def test_added_plus_lines_and_no_newline_marker():
    text = ("--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n keep\n-old\n+++ b/looks-like-a-header\n+new\n\\ No newline at end of file\n"
            "--- a/y\n+++ b/y\n@@ -4 +4 @@\n-a\n+b\n")
    highlight = unidiff.parse(text).highlights[0]
    assert highlight == "the inputs differ in x, y: 2 hunks, 3 lines added, 2 removed"


# --- linters' JSON reports, as the real tools print them -----------------------------------------------------------------

def test_pylint_json2_reads_messages_and_statistics():
    facts = facts_of("pylint-json2")
    assert facts.counts == {"errors": 1, "warnings": 6} and len(facts.diagnostics) == 20
    assert "messages by category: error 1, warning 6, refactor 2, convention 11" in facts.highlights
    assert "score 3.51/10" in facts.highlights
    assert facts_of("pylint-json").counts == {"errors": 1, "warnings": 6}


def test_ruff_json_undefined_name_is_shown_before_style_findings():
    facts = facts_of("ruff-check-json")
    assert facts.counts == {"errors": 12} and len(facts.diagnostics) == 12
    summary = summary_of("ruff-check-json")
    assert summary.index("F821") < summary.index("SIM118:")


def test_bandit_json_findings_riskiest_first_with_rule_ids_not_source():
    facts = facts_of("bandit-json")
    assert [(d.code, d.severity, d.line) for d in facts.diagnostics] == [("B602", "high", 6), ("B506", "medium", 11), ("B404", "low", 1)]
    assert "3 issues by severity: 1 high, 1 medium, 1 low" in facts.highlights
    assert not any('"errors"' in e or "UNDEFINED" in e for e in facts.errors)  # bandit's zero tallies are no errors


def test_markdownlint_json_rule_names_and_detail():
    facts = facts_of("markdownlint-json")
    assert facts.counts == {"errors": 8}
    first = facts.diagnostics[0]
    assert (first.file, first.line, first.code) == ("README.md", 1, "MD022")
    assert first.message == "Headings should be surrounded by blank lines [Expected: 1; Actual: 0; Below]"


def test_mypy_json_lines_are_each_a_finding():
    facts = facts_of("mypy-output-json")
    assert facts.counts == {"errors": 10}
    assert any(d.code == "name-defined" and d.file == "invoicer/totals.py" and d.line == 38 for d in facts.diagnostics)
    text = ('{"file": "a.py", "line": 3, "column": 1, "message": "Bad", "hint": null, "code": "misc", "severity": "error"}\n'
            '{"file": "b.py", "line": 9, "column": 2, "message": "Meh", "hint": null, "code": "note-x", "severity": "note"}\n')
    assert [(d.file, d.line) for d in extract_facts("mypy -O json .", text, 1).diagnostics] == [("a.py", 3), ("b.py", 9)]


def test_stylelint_unix_and_compact_and_yamllint_parsable_rows():
    unix = facts_of("stylelint-unix")
    assert unix.counts == {"errors": 10, "warnings": 0} and len(unix.diagnostics) == 10
    assert (unix.diagnostics[0].code, unix.diagnostics[0].message) == ("CssSyntaxError", "Unclosed block")
    compact = facts_of("stylelint-compact")
    assert len(compact.diagnostics) == 9 and compact.diagnostics[1].code == "property-no-unknown"
    yaml = facts_of("yamllint-parsable")
    assert yaml.counts == {"errors": 4, "warnings": 2}
    eslint_compact = "src/a.js: line 3, col 7, Error - 'x' is assigned a value but never used. (no-unused-vars)\n\n1 problem\n"
    diag = extract_facts("eslint -f compact src", eslint_compact, 1).diagnostics
    assert [(d.severity, d.line, d.code) for d in diag] == [("error", 3, "no-unused-vars")]


def test_no_invented_zero_when_something_else_failed():
    assert "0 failed" not in summary_of("vitest-suite-import-failure")  # a suite failed to load; its tests never ran
    assert "0 errors" not in summary_of("make-k-several-failures")  # the recipes failed; shellcheck's tally is not all
    assert "0 errors, 3 warnings" in summary_of("shellcheck-gcc-format")  # warnings alone made it exit 1


def test_make_names_a_recipe_program_that_does_not_exist():
    assert "command pandoc" in facts_of("make-k-several-failures").missing


def test_pytest_last_failed_header_is_kept():
    assert "run-last-failure: rerun previous 4 failures" in facts_of("pytest-last-failed").highlights


def test_pytest_short_reason_cut_at_the_terminal_width_is_read_whole_from_its_section():
    failure = facts_of("pytest-xdist-worker-crash").failures[0]
    assert failure.reason == "worker 'gw0' crashed while running 'tests/test_crash.py::test_native_extension_crash'"
    text = "___ test_b ___\n\nE   boom\n\nt.py:2: Failed\n=== short test summary info ===\nFAILED t.py::test_b - Value is much too...\n=== 1 failed in 0.1s ===\n"
    assert extract_facts("pytest", text, 1).failures[0].reason == "boom"  # an E line is still the reason first


# --- semgrep: text report and --json ---------------------------------------------------------------------------------

def test_semgrep_text_findings_with_severity_marks_and_repeated_rule():
    facts = facts_of("semgrep-text-repeated-rule")
    assert [(d.code, d.severity, d.line) for d in facts.diagnostics] == [
        ("subprocess-shell-true", "error", 6), ("yaml-unsafe-load", "warning", 11),
        ("subprocess-shell-true", "error", 15), ("subprocess-shell-true", "error", 16)]
    assert facts.diagnostics[1].message == "yaml.load without a Loader can build arbitrary objects; use yaml.safe_load"
    assert "Ran 3 rules on 1 file: 4 findings." in facts.highlights
    assert [(d.file, d.line) for d in facts_of("semgrep-text-error-flag").diagnostics][-1] == ("invoicer/totals.py", 25)


def test_semgrep_json_results_read_from_extra_and_start():
    facts = facts_of("semgrep-json")
    assert [(d.code, d.severity, d.file, d.line, d.col) for d in facts.diagnostics] == [
        ("subprocess-shell-true", "error", "invoicer/export.py", 6, 5),
        ("yaml-unsafe-load", "warning", "invoicer/export.py", 11, 16),
        ("bare-except", "info", "invoicer/totals.py", 25, 5)]


# --- CI annotation and interchange formats ---------------------------------------------------------------------------

def _places(name):
    return [(d.file.rsplit("/", 1)[-1], d.line, d.code) for d in facts_of(name).diagnostics]


def test_ruff_in_every_ci_format_gives_the_same_ten_findings():
    expected = sorted(_places("ruff-check-pylint"))
    assert len(expected) == 10 and ("totals.py", 38, "F821") in expected
    for name in ("ruff-check-github", "ruff-check-azure", "ruff-check-gitlab", "ruff-check-junit"):
        assert sorted(_places(name)) == expected, name
        assert facts_of(name).counts == {"errors": 10}, name
    github = facts_of("ruff-check-github").diagnostics[0]
    assert github.message == "Use `key in dict` instead of `key in dict.keys()`"  # no repeated place, code or %0A help


def test_sarif_results_with_file_uri_and_region():
    facts = facts_of("ruff-check-sarif")
    assert [(d.file, d.line, d.col, d.code) for d in facts.diagnostics] == [
        ("/home/dev/invoicer/invoicer/totals.py", 20, 5, "F841"), ("/home/dev/invoicer/invoicer/totals.py", 28, 5, "E722"),
        ("/home/dev/invoicer/invoicer/totals.py", 38, 44, "F821")]
    note = ('{"version": "2.1.0", "runs": [{"results": [{"ruleId": "X1", "level": "note", "message": {"text": "hm"}, '
            '"locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/a%20b.c"}, "region": {"startLine": 4}}}]}]}]}')
    (d,) = extract_facts("scan --sarif", note, 0).diagnostics
    assert (d.severity, d.file, d.line, d.message) == ("info", "src/a%20b.c", 4, "hm")


def test_pylint_parseable_levels_come_from_its_ids():
    facts = facts_of("pylint-parseable")
    assert facts.counts == {"errors": 1, "warnings": 6}
    assert ("totals.py", 38, "undefined-variable") in _places("pylint-parseable")
    assert facts_of("flake8-format-pylint").counts == {"errors": 7}


def test_junit_report_of_tests_is_read_as_a_test_run():
    facts = facts_of("cat-junit-report")
    assert facts.counts == {"failed": 3, "passed": 5}
    assert [f.name for f in facts.failures] == [
        "tests.test_tax.test_rate_for[it-0.22]", "tests.test_totals.test_invoice_total", "tests.test_totals.test_rounding"]
    assert facts.failures[0].reason == "AssertionError: assert 0.0 == 0.22"
    passing = '<testsuite name="s" tests="2" failures="0" errors="0" skipped="1"><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>'
    assert extract_facts("cat r.xml", passing, 0).counts == {"failed": 0, "passed": 1, "skipped": 1}


def test_pytest_run_that_deselected_everything_says_no_tests_ran():
    assert "no tests ran" in facts_of("pytest-k-no-match-exit-5").highlights
    assert "no tests ran" in summary_of("pytest-k-no-match-exit-5")  # kept beside the verbatim output, which never says it
    assert "no tests ran" not in facts_of("pytest-xdist-failures").highlights


def test_gfortran_place_first_diagnostics():
    facts = facts_of("gfortran-errors")
    assert [(d.file, d.line, d.col, d.severity) for d in facts.diagnostics] == [("heat.f90", 8, 19, "error"), ("heat.f90", 10, 10, "error")]
    assert facts.diagnostics[1].message == "Function ‘total’ at (1) has no IMPLICIT type"
    warning = "m.f90:3:5:\n\n    3 |   x = 1\n      |     1\nWarning: Unused variable ‘y’ declared at (1) [-Wunused-variable]\n"
    assert [(d.severity, d.line) for d in extract_facts("gfortran -Wall -c m.f90", warning, 0).diagnostics] == [("warning", 3)]
