"""Round 9 (session 9): real captures of Deno, Bun, Zig, busted, rebar3, GDC, GnuCOBOL, GHC, hadolint, zizmor, typos,
taplo, cpplint, cmake-lint, doc8, rstcheck, import-linter, lizard, chktex, pymarkdown, publint, QUnit, concurrently,
npm-run-all and more (tests/data/real). test_facts_real_tools.py checks every case's summary; here the parsers are checked
directly, and the test runners' and linters' cases must keep their facts from the parsed facts alone, not only because a
short output is shown whole."""

from __future__ import annotations

import pytest
from real_captures import facts_of, facts_only_summary, missed_from_facts_alone, summary_of

from terminus_edge.summarize.facts import extract_facts

# Facts that are lines of the program's own output (what it printed before failing), which the summary shows as
# output lines, not parsed facts.
OUTPUT_LINE_FACTS = {"deno-run-uncaught-rangeerror": {"printed"}, "tsx-run-thrown-error": {"printed"},
                     "runghc-map-key-not-found": {"printed"}, "concurrently-three-names": {"printed"},
                     "runghc-head-empty-list": {"printed"}, "npm-run-all-sequential-stops": {"a"}}
FACTS_ONLY = [
    "deno-test-assert-failures", "deno-check-type-errors", "deno-lint-findings", "deno-run-permission-denied",
    "deno-run-uncaught-rangeerror", "bun-test-failures", "bun-test-pass-skip", "busted-failures-and-error",
    "rebar3-eunit-failures", "rebar3-compile-errors", "rebar3-xref-undefined", "zig-test-failures",
    "zig-build-exe-multiple-errors", "zig-run-index-out-of-bounds", "gdc-compile-errors", "cobc-compile-errors",
    "ghc-type-errors", "ghc-no-instance-type-errors", "runghc-map-key-not-found", "hadolint-dockerfile",
    "zizmor-workflow-findings", "typos-misspellings", "rstcheck-errors", "doc8-violations", "doc8-traceback-toml",
    "cpplint-style", "lint-imports-broken-layers", "lizard-complexity-warning", "chktex-warnings", "pymarkdown-scan",
    "publint-package", "qunit-failures", "markdownlint-cli2-docs", "concurrently-one-fails", "tsx-run-thrown-error",
    # captured after the round's fixes (the generalisation check)
    "deno-test-throw-and-leak", "bun-test-two-files-load-error", "busted-spec-syntax-error", "zig-test-leak-and-skip",
    "ghc-wall-warnings-only", "hadolint-node-image", "typos-directory", "cpplint-two-files", "rebar3-eunit-pass",
    "lint-imports-forbidden-contract", "qunit-pass-todo", "concurrently-three-names",
    # a second held-out batch
    "gdc-wall-warnings", "zig-build-exe-cross-file-type-error", "typos-format-brief", "bun-test-bail", "deno-check-one-error",
    "lizard-clean", "npm-run-all-sequential-stops", "runghc-head-empty-list",
]


@pytest.mark.parametrize("name", FACTS_ONLY)
def test_parsed_facts_alone_keep_the_facts(name):
    missed, forbidden = missed_from_facts_alone(name)
    assert missed <= OUTPUT_LINE_FACTS.get(name, set()) and forbidden == [], facts_only_summary(name)


def test_deno_check_places_come_from_the_at_line_and_uncaught_errors_from_file_urls():
    diags = facts_of("deno-check-type-errors").diagnostics
    assert [(d.code, d.line, d.col) for d in diags] == [("TS2551", 3, 20), ("TS2322", 5, 7), ("TS2322", 6, 33)]
    assert diags[0].file == "/home/dev/denoapp/types.ts"
    tb = facts_of("deno-run-permission-denied").traceback
    assert (tb.exc_type, tb.file, tb.line) == ("NotCapable", "/home/dev/denoapp/readcfg.ts", 1)  # not deno's ext: frame


def test_snippet_style_findings_outside_cargo():
    lint = facts_of("deno-lint-findings")
    assert [d.code for d in lint.diagnostics] == ["no-explicit-any", "no-var", "no-unused-vars", "no-debugger"]
    assert lint.counts == {"errors": 4} and lint.highlights[-1] == "Found 4 problems"
    zizmor = facts_of("zizmor-workflow-findings")
    assert zizmor.counts == {"errors": 4, "warnings": 2}
    taplo = [d.message for d in facts_of("taplo-check-invalid-toml").diagnostics]
    assert taplo[4:] == ['invalid TOML: expected ","', "invalid TOML: expected value", "invalid TOML: unexpected EOF"]
    assert zizmor.diagnostics[0].message.endswith(": does not set persist-credentials: false")  # not the quoted `- uses:` line
    typos = facts_of("typos-directory")
    assert [(d.file, d.line, d.col) for d in typos.diagnostics][:2] == [("src/net.py", 1, 11), ("src/net.py", 2, 8)]


def test_rule_code_rows_in_each_layout():
    hadolint = facts_of("hadolint-dockerfile")
    assert hadolint.counts == {"errors": 1, "warnings": 5}
    assert [(d.line, d.code, d.severity) for d in hadolint.diagnostics][:2] == [(1, "DL3007", "warning"), (2, "DL3015", "info")]
    pymarkdown = facts_of("pymarkdown-scan")
    assert pymarkdown.counts == {"errors": 8} and {d.code for d in pymarkdown.diagnostics} == {"MD022", "MD032", "MD004", "MD018"}
    assert [(d.code, d.severity) for d in facts_of("cmake-lint-findings").diagnostics] == [("C0301", "convention")]
    assert facts_of("cpplint-style").counts == {"errors": 8}
    assert [d.code for d in facts_of("chktex-warnings").diagnostics] == ["26", "2", "18", "11", "12", "26"]


def test_pylint_rows_stay_pylints():
    """pymarkdown's `file:1:1: MD022: msg` looks like pylint's `file:1:0: C0114: msg`: the shared layout is read only
    when no tool's own parser read the rows."""
    assert facts_of("pylint-conventions-only").counts == {}


def test_test_runners_name_their_failures():
    bun = facts_of("bun-test-failures")
    assert bun.counts == {"total": 8, "passed": 3, "skipped": 1, "todo": 1, "failed": 3}
    assert bun.failures[0].reason == "expect(received).toBe(expected) (expected 0, received -5)"
    assert facts_of("bun-test-two-files-load-error").errors[0].startswith("unhandled error between tests: Cannot find module")
    busted = facts_of("busted-failures-and-error")
    assert busted.counts == {"passed": 1, "failed": 2, "errors": 1, "skipped": 1}
    assert [(f.location, f.kind) for f in busted.failures][2] == ("spec/stack_spec.lua:18", "error")
    zig = facts_of("zig-test-failures")
    assert [(f.name, f.location) for f in zig.failures] == [
        ("add negative", "/home/dev/zigapp/math.zig:16"), ("strings equal", "/home/dev/zigapp/math.zig:22")]
    eunit = facts_of("rebar3-eunit-failures")
    assert [f.name for f in eunit.failures] == ["calc_tests:avg_test/0", "calc_tests:divide_zero_test/0", "calc_tests:neg_test/0"]
    assert eunit.failures[0].reason.endswith("(expected 2.0, got 3.0)")
    assert facts_of("qunit-failures").counts["skipped"] == 1
    assert facts_of("busted-pass").counts == {"total": 2, "failed": 0, "passed": 2}


def test_ghc_messages_join_their_bullets_and_runtime_errors_drop_printed_quotes():
    diag, = facts_of("ghc-type-errors").diagnostics
    assert (diag.line, diag.col) == (9, 23) and diag.message == "Variable not in scope: nam :: [Char]; Perhaps you meant ‘name’ (line 9)"
    assert facts_of("runghc-map-key-not-found").errors == ["Crash.hs: Map.!: given key is not an element in the map"]
    assert facts_of("ghc-wall-warnings-only").counts == {"warnings": 4}


def test_python_console_script_launcher_is_not_the_users_frame():
    tb = facts_of("doc8-traceback-toml").traceback
    assert (tb.exc_type, tb.function) == ("tomllib.TOMLDecodeError", "parse_value")


def test_script_runners_import_linter_lizard_publint():
    assert facts_of("concurrently-one-fails").errors == ["npm run build:b exited with code 2"]
    assert facts_of("npm-run-all-parallel-failure").errors == ["build:b exited with code 2"]
    imports = facts_of("lint-imports-forbidden-contract")
    assert imports.counts == {"errors": 1} and imports.errors[0] == "contract broken: Core must not use the web layer"
    lizard = facts_of("lizard-complexity-warning")
    assert lizard.counts == {"warnings": 1} and lizard.diagnostics[0].message.startswith("route has cyclomatic complexity 16")
    assert facts_of("publint-package").counts == {"errors": 5, "suggestions": 2}


def test_rebar3_status_lines():
    assert facts_of("rebar3-compile-errors").errors == ["Compiling src/shapes.erl failed"]
    xref = facts_of("rebar3-xref-undefined")
    assert xref.counts == {"warnings": 7} and not any(h.endswith("warnings in all") for h in xref.highlights)


def test_a_source_line_quoted_above_a_caret_is_no_output_line():
    summary = summary_of("tsx-run-thrown-error")
    assert "cfg read" in summary and "function must(" not in summary


def test_a_multi_file_tap_harness_is_not_counted_from_one_plan():
    tap = "1..2\nok 1 - a\nnot ok 2 - b\n"
    assert extract_facts("some-tap-printer", tap, 1).counts == {"total": 2, "failed": 1, "passed": 1}
    two_plans = "1..1\nok 1 - a\n1..1\nnot ok 1 - b\n"
    assert "total" not in extract_facts("some-tap-printer", two_plans, 1).counts


def test_zig_reference_trail_names_the_caller_and_lizard_says_nothing_was_over():
    assert facts_of("zig-build-exe-cross-file-type-error").highlights == ["referenced by main at two/main.zig:4:42"]
    assert facts_of("lizard-clean").highlights[0].startswith("No thresholds exceeded (")
