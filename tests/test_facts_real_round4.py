"""Parser-level checks on the fourth round of real captures in tests/data/real (session 4): tool families the
summarizer had never seen (perl/prove, ruby minitest and rake, bandit, stylelint, yamllint, markdownlint, ...).
The summary-level scoring of every case is in test_facts_real_tools.py; these pin the facts, and synthetic variants
show the rules follow each tool's layout rather than one capture."""

from __future__ import annotations

from real_captures import facts_of

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.generic import error_lines


# --- TAP / prove ---------------------------------------------------------------------------------------------------

def test_prove_names_failed_tests_files_and_the_die():
    facts = facts_of("prove-failures")
    assert facts.counts == {"total": 12, "failed": 3}
    names = [f.name for f in facts.failures]
    assert names[:3] == ["div keeps fraction", "div by zero dies", "div by one is identity"]
    assert facts.failures[0].location == "t/02-div.t:8"
    div, mean = facts.failures[3:]
    assert (div.name, div.reason) == ("t/02-div.t", "3 of 4 tests failed (2-4)")
    assert mean.name == "t/03-mean.t" and mean.kind == "error" and "exited 255" in mean.reason
    assert "Illegal division by zero at lib/Calc.pm line 16" in facts.errors
    assert "Result: FAIL" in facts.highlights


def test_tap_todo_is_not_a_failure_but_a_plain_not_ok_is():
    tap = "TAP version 13\n1..3\nok 1 - a\nnot ok 2 - rounds half up # TODO not done\nnot ok 3 - b\n# tests 3\n# fail 1\n"
    facts = extract_facts("node --test", tap, 1)
    assert [f.name for f in facts.failures] == ["b"]
    passing = facts_of("prove-verbose-pass")
    assert passing.failures == [] and passing.counts == {"total": 7, "failed": 0}


# --- minitest ------------------------------------------------------------------------------------------------------

def test_minitest_blocks_name_each_test_with_reason_and_place():
    facts = facts_of("ruby-minitest-failures")
    assert facts.counts == {"total": 8, "failed": 2, "errors": 2, "passed": 3, "skipped": 1}
    got = {f.name: (f.kind, f.location) for f in facts.failures}
    assert got == {
        "TestInventory#test_price_of_missing": ("error", "test/test_inventory.rb:41"),
        "TestInventory#test_remove_below_zero_raises": ("failed", "test/test_inventory.rb:21"),
        "TestInventory#test_low_stock": ("failed", "test/test_inventory.rb:29"),
        "TestInventory#test_remove_unknown_sku": ("error", "test/test_inventory.rb:25"),  # the test's frame, not lib's
    }


def test_minitest_under_rake_is_found_by_its_tally():
    facts = facts_of("rake-test-failures")
    assert "minitest" in facts.tools and len(facts.failures) == 4
    skipped_only = "  1) Skipped:\nT#test_x [t.rb:3]:\nlater\n\n3 runs, 2 assertions, 0 failures, 0 errors, 1 skips\n"
    facts = extract_facts("ruby t.rb", skipped_only, 0)
    assert facts.failures == [] and facts.counts["passed"] == 2


# --- bandit --------------------------------------------------------------------------------------------------------

def test_bandit_issues_keep_codes_places_and_severity_riskiest_first():
    facts = facts_of("bandit-findings")
    assert [(d.code, d.severity, d.line) for d in facts.diagnostics][:2] == [("B324", "high", 18), ("B602", "high", 26)]
    assert {d.code for d in facts.diagnostics} == {"B403", "B404", "B324", "B301", "B602", "B105"}
    assert "6 issues by severity: 2 high, 1 medium, 3 low" in facts.highlights
    assert not any(d.severity == "error" for d in facts.diagnostics)  # risk levels, not a claim of errors


def test_zero_tallies_are_not_error_lines():
    lines, total = error_lines("Undefined: 0\nFailed: 0\nerrors=0\nInvalid: 2 entries\nfatal: 0.5 s\n")
    assert lines == ["Invalid: 2 entries", "fatal: 0.5 s"] and total == 2


# --- stylish-layout linters ------------------------------------------------------------------------------------------

def test_stylelint_marks_are_severities():
    facts = facts_of("stylelint-errors")
    assert facts.counts == {"errors": 5, "warnings": 0}
    assert ("src/app.css", 7, 3, "property-no-unknown") in {(d.file, d.line, d.col, d.code) for d in facts.diagnostics}
    assert "2 errors potentially fixable with --fix" in facts.highlights
    warn = extract_facts("npx stylelint a.css", "a.css\n  1:1  ⚠  Unexpected empty block  block-no-empty\n", 0)
    assert [(d.severity, d.code) for d in warn.diagnostics] == [("warning", "block-no-empty")]


def test_yamllint_rules_in_parentheses_and_per_file_headers():
    facts = facts_of("yamllint-errors")
    assert facts.counts == {"errors": 5, "warnings": 4}
    dup = next(d for d in facts.diagnostics if d.code == "key-duplicates")
    assert (dup.file, dup.line, dup.col) == ("ci.yml", 14, 11)
    assert {d.file for d in facts.diagnostics} == {"ci.yml", "values.yaml"}


def test_markdownlint_rule_rows_with_and_without_column():
    facts = facts_of("markdownlint-errors")
    assert facts.counts == {"errors": 14} and len(facts.diagnostics) == 13  # one row is printed twice
    first, long_line = facts.diagnostics[0], facts.diagnostics[-1]
    assert (first.line, first.col, first.code) == (1, None, "MD022")
    assert (long_line.line, long_line.col, long_line.code) == (12, 81, "MD013")
    other = extract_facts("markdownlint-cli2 docs", "docs/a.md:3 warning MD041/first-line-heading First line heading\n", 1)
    assert [(d.severity, d.code) for d in other.diagnostics] == [("warning", "MD041")]
