"""Round 10 (session 10): real captures of bats, Flow, cfn-lint, proselint, splint, ansible-lint, raku and 80 more tools
and situations (tests/data/real). test_facts_real_tools.py checks every case's summary; here the parsers behind this
round's fixes are checked directly, and the cases they fixed must keep their facts from the parsed facts alone."""

from __future__ import annotations

import pytest
from real_captures import facts_of, missed_from_facts_alone, facts_only_summary

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.generic import warnings

FACTS_ONLY = ["cfn-lint-template-errors", "flow-check-errors", "proselint-check", "splint-warnings", "raku-test-one-failure",
              "ansible-lint-playbook",
              # captured after the round's fixes (the generalisation check)
              "flow-check-error-and-lint-warnings", "proselint-notes", "cfn-lint-warning-only", "xmllint-valid-dtd-errors",
              "msgfmt-c-format-mismatch", "prove-raku-two-files", "bats-setup-failure"]
OUTPUT_LINE_FACTS = {"splint-warnings": {"count"}}  # splint's closing `Finished checking --- 4 code warnings` is an output line


@pytest.mark.parametrize("name", FACTS_ONLY)
def test_parsed_facts_alone_keep_the_facts(name):
    missed, forbidden = missed_from_facts_alone(name)
    assert missed <= OUTPUT_LINE_FACTS.get(name, set()) and forbidden == [], facts_only_summary(name)


def test_tap_comment_lines_give_a_failure_its_place_and_failed_command():
    bats = facts_of("bats-failures").failures
    assert [(f.name, f.location) for f in bats] == [
        ("add negative numbers", "test/lib.bats:8"), ("greet says hello", "test/lib.bats:13"), ("missing command", "test/lib.bats:25")]
    assert bats[0].reason == '`[ "$output" = "-6" ]\' failed'
    raku = facts_of("raku-test-one-failure").failures
    assert [(f.name, f.location, f.reason) for f in raku] == [("integer division", "t.raku:6", "got '3', expected '4'")]


def test_gnu_rows_without_a_level_beside_warnings_are_errors():
    """msgfmt (GNU error_at_line) prints its errors with no level beside `warning:` rows of the same file."""
    text = ("po/fr.po:2: warning: header field 'Language' missing in header\n"
            "po/fr.po:8: format specifications in 'msgid' and 'msgstr' for argument 1 are not the same\n"
            "other.txt:3: Something else\nmsgfmt: found 1 fatal error\n")
    diags = extract_facts("msgfmt -c po/fr.po", text, 1).diagnostics
    assert [(d.line, d.severity) for d in diags if d.file == "po/fr.po"] == [(2, "warning"), (8, "error")]
    assert not any(d.file == "other.txt" for d in diags)  # a file no leveled row names


def test_a_code_line_with_its_place_on_the_next_line():
    cfn = facts_of("cfn-lint-template-errors")
    assert [(d.code, d.severity, d.line, d.col) for d in cfn.diagnostics][:4] == [
        ("W2001", "warning", 3, 3), ("E1019", "error", 9, 7), ("E3030", "error", 11, 9), ("E3006", "error", 13, 5)]
    assert cfn.counts == {"errors": 5, "warnings": 1}


def test_banner_diagnostics_take_the_paragraph_under_them():
    flow = facts_of("flow-check-errors")
    assert [(d.file, d.line, d.col, d.code) for d in flow.diagnostics] == [
        ("index.js", 5, 11, "incompatible-type"), ("index.js", 6, 19, "incompatible-type"),
        ("index.js", 7, 53, "prop-missing"), ("index.js", 7, 51, "incompatible-type")]
    assert flow.counts == {"errors": 4}  # `Found 4 errors`
    # Flow shows 50 banners of 61; its closing tally, not the banners shown, gives the counts
    assert facts_of("flow-check-error-and-lint-warnings").counts == {"errors": 1, "warnings": 60}
    assert flow.diagnostics[1].message == "Cannot assign `total(...)` to `n` because `number` [1] is incompatible with `string` [2]."


def test_located_rows_without_a_level_are_findings_not_errors():
    splint = facts_of("splint-warnings")
    assert [(d.line, d.col, d.severity) for d in splint.diagnostics] == [(6, 12, "finding"), (12, 26, "finding"), (13, 14, "finding"), (4, 7, "finding")]
    assert splint.counts == {}  # the output says neither error nor warning of them: nothing is counted
    prose = facts_of("proselint-check")
    assert [d.code for d in prose.diagnostics][:3] == ["uncomparables", "weasel_words.very", "cliches.misc.garner"]
    assert [d.code for d in facts_of("ansible-lint-playbook").diagnostics][:2] == ["name[play]", "command-instead-of-module"]
    xml = facts_of("xmllint-noout-errors")
    assert {d.severity for d in xml.diagnostics} == {"error"}  # `parser error :` names its level


def test_located_rows_stay_out_of_test_runs_grep_and_single_lines():
    pytest_run = "tests/test_a.py:4: AssertionError\n\nFAILED tests/test_a.py::test_a - assert 1 == 2\n" \
                 "tests/test_b.py:9: AssertionError\n1 failed in 0.01s\n"
    assert all(d.severity != "finding" for d in extract_facts("pytest", pytest_run, 1).diagnostics)
    grep = "src/a.py:12:import os\nsrc/b.py:3:    return os.getcwd()\n"
    assert extract_facts("grep -rn os src", grep, 0).diagnostics == []
    assert extract_facts("./tool", "undef.fs:3: Undefined word\n", 1).diagnostics == []


def test_a_wrapped_word_warning_is_no_warning_line():
    assert warnings("  (Use -exportlocal to inhibit\n  warning)\n") == []
    assert warnings("warning: unused variable x\n") == ["warning: unused variable x"]
