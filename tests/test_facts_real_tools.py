"""Real output of tools captured on a machine that had them (mypy, ruff, flake8, pylint, black, isort, tsc,
eslint, prettier, jest, vitest, mocha, go, maven, clippy, rustfmt): tests/data/real/<case>/ in the shared
corpus format. Each case's hand-written facts must all reach the deterministic summary, and none of its
forbidden claims may; a few parser-level checks pin down what the summaries are built from."""

from __future__ import annotations

import json
import re

import pytest
from real_captures import CASES, REAL, facts_of, load

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.summarize.facts import extract_facts



def test_there_are_real_cases_for_each_family():
    tools = {json.loads((REAL / c / "meta.json").read_text())["tool"] for c in CASES}
    assert {"mypy", "ruff", "flake8", "pylint", "tsc", "eslint", "jest", "vitest", "mocha", "go", "maven", "clippy"} <= tools


@pytest.mark.parametrize("name", CASES)
def test_case_is_well_formed(name):
    d = REAL / name
    meta = json.loads((d / "meta.json").read_text())
    raw = (d / "output.txt").read_bytes()
    assert meta["id"] == name and meta["bytes"] == len(raw) < 20_000
    text = raw.decode("utf-8", errors="replace")
    for fact in meta["facts"]:
        assert re.search(fact["evidence"], text, re.M), f"{fact['id']}: evidence not in output.txt"
    assert any(f["id"] == "exit_code" for f in meta["facts"]) and meta["forbidden"]


# Held-out facts (round 7, written before the summarizer saw the output) that no summary reaches yet: a 20-finding
# checkstyle report names 10 of its 14 rules, and standard prints no total ("25 problems") beside its 24 errors and
# 1 warning. Pinned so a regression or a fix shows here.
# Round 10: bats's closing `BW01: … exited with code 127` warning, under its TAP stream, is not among the output lines
# the budget reaches (the three failures, with their places and failed commands, are).
KNOWN_MISSES = {"checkstyle-sun-checks": ["method"], "standard-lint": ["count"], "bats-failures": ["bw01"]}


@pytest.mark.parametrize("name", CASES)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    case = load(name)
    summary = fb.summarizer_for(model=None)(case)
    result = fb.score(case, summary, 0.0)
    assert result.missed == KNOWN_MISSES.get(name, []), f"{name}: missed {result.missed}\n{summary}"
    assert result.forbidden == [], f"{name}: false claims {result.forbidden}\n{summary}"


def test_whole_real_set_scores_full_recall_and_no_forbidden_hits():
    results = fb.run_benchmark(fb.load_corpus(REAL), fb.summarizer_for(model=None))
    totals = fb.totals(results)
    known = sum(len(ids) / len(load(name).meta["facts"]) for name, ids in KNOWN_MISSES.items())
    assert totals["mean_recall"] == pytest.approx(1.0 - known / len(results)) and totals["forbidden_hits"] == 0


def test_mypy_pretty_messages_are_joined_back_with_their_codes():
    diags = facts_of("mypy-pretty").diagnostics
    assert [(d.line, d.col, d.code) for d in diags] == [
        (16, 16, "misc"), (19, 1, "return"), (26, 12, "union-attr"), (40, 27, "operator"), (2, 1, "import-not-found")]
    assert diags[0].message == 'Generator has incompatible item type "float"; expected "bool"'
    assert diags[2].message.endswith('has no attribute "upper"')


def test_mypy_found_line_with_any_parenthetical():
    facts = facts_of("mypy-syntax")
    assert facts.counts == {"errors": 2}
    assert "Found 2 errors in 1 file (errors prevented further checking)" in facts.highlights


def test_ruff_full_format_fixable_and_statistics():
    facts = facts_of("ruff-check-full")
    assert facts.counts == {"errors": 13} and len(facts.diagnostics) == 13
    assert any(h.startswith("[*] 9 fixable with `--fix`") for h in facts.highlights)
    stats = facts_of("ruff-statistics")
    assert stats.counts == {"errors": 10}
    assert any("F401 ×4 (unused-import)" in h and "B006 ×1" in h for h in stats.highlights)


def test_pylint_counts_only_errors_and_warnings_as_such():
    facts = facts_of("pylint-messages")
    assert facts.counts == {"errors": 2, "warnings": 12}
    assert "pylint messages by category: error 2, warning 12, refactor 1, convention 12 (27 in all)" in facts.highlights
    assert "pylint score 0.28/10" in facts.highlights


def test_tsc_project_error_without_a_location_is_counted():
    facts = facts_of("tsc-config-errors")
    assert facts.counts == {"errors": 2}
    assert {d.code for d in facts.diagnostics} == {"TS5023", "TS18003"}


def test_tsc_pretty_on_a_terminal_reads_like_the_plain_layout():
    plain, pretty = ([(d.file, d.line, d.col, d.code) for d in facts_of(name).diagnostics] for name in ("tsc-errors", "tsc-pretty-tty"))
    assert plain == pretty and len(plain) == 7 and facts_of("tsc-pretty-tty").counts == {"errors": 7}


def test_vitest_failures_are_whole_ids_once_each_with_reason_and_place():
    for name in ("vitest-failures", "vitest-failures-nocolor"):
        facts = facts_of(name)
        assert facts.counts == {"failed": 2, "passed": 3, "skipped": 1, "total": 6}
        by_name = {f.name: f for f in facts.failures}
        assert list(by_name) == [
            "src/boom.test.ts", "src/parse.test.ts > parse > rejects empty input", "src/parse.test.ts > slug > strips punctuation"]
        assert by_name["src/parse.test.ts > parse > rejects empty input"].location == "src/parse.test.ts:5"
        assert "to throw an error" in by_name["src/parse.test.ts > parse > rejects empty input"].reason
        assert "./does-not-exist" in by_name["src/boom.test.ts"].reason


def test_jest_suite_that_failed_to_run_is_named_by_its_file():
    names = [f.name for f in facts_of("jest-failures").failures]
    assert names == ["Cart › applies discount", "Cart › counts quantities", "src/broken.test.js (test suite failed to run)"]


def test_mocha_nested_titles_reason_and_location():
    failures = {f.name: f for f in facts_of("mocha-failing").failures}
    trim = failures["strings trim trims tabs"]
    assert trim.reason == "AssertionError [ERR_ASSERTION]: 'x' == 'x '" and trim.location == "test/str.test.js:6"
    assert failures["strings splits csv"].location == "test/str.test.js:4"


@pytest.mark.parametrize("name", ["go-test-failures", "go-test-verbose"])
def test_go_subtests_and_panic(name):
    facts = facts_of(name)
    assert facts.counts["failed"] == 2  # top-level tests; subtests are reported apart
    failures = {f.name: f for f in facts.failures}
    assert failures["TestDiscount"].reason == "subtests failed: ten, half"
    assert failures["TestDiscount/ten"].reason == "Discount(100, 10) = 0, want 90"
    assert failures["TestDivZero"].reason == "panic: runtime error: integer divide by zero"
    assert failures["TestDivZero"].location.endswith("calc/calc.go:5")
    assert any(h.startswith("subtests: 2 failed") for h in facts.highlights)


def test_go_test_build_failure_names_the_package():
    facts = facts_of("go-test-build-failed")
    assert any("example.com/svc/store [build failed]" in h for h in facts.highlights)


def test_surefire_3_reports_each_failure_once_with_kind_and_place():
    facts = facts_of("maven-surefire-failures")
    assert facts.counts == {"total": 4, "failed": 1, "errors": 1, "skipped": 1, "passed": 1}
    assert [(f.name, f.kind, f.location) for f in facts.failures] == [
        ("com.acme.LedgerTest.formatsCents", "failed", "LedgerTest.java:9"),
        ("com.acme.LedgerTest.averageOfEmpty", "error", "LedgerTest.java:10"),
    ]
    assert facts.traceback is None  # the test's own stack trace is not "the first exception" of the run
    assert facts.errors == ["Failed to execute goal maven-surefire-plugin:3.2.5:test on project ledger: There are test failures."]


def test_maven_compile_errors_once_with_symbol_detail():
    facts = facts_of("maven-compile-errors")
    assert facts.counts == {"errors": 3}
    assert [d.message for d in facts.diagnostics] == [
        "incompatible types: possible lossy conversion from long to int",
        "cannot find symbol (symbol: variable Strings)",
        "cannot find symbol (symbol: method balnce())",
    ]


def test_maven_offline_names_the_artifact():
    facts = facts_of("maven-offline-plugin-unresolved")
    assert facts.missing == ["artifact org.codehaus.plexus:plexus-utils:jar:1.1 (offline mode: never downloaded)"]


def test_clippy_lint_names_are_the_codes():
    for name in ("cargo-clippy-warnings", "cargo-clippy-deny-warnings"):
        codes = [d.code for d in facts_of(name).diagnostics]
        assert codes == ["clippy::needless_return", "clippy::ptr_arg", "clippy::map_clone", "clippy::len_zero",
                         "clippy::print_literal", "clippy::unnecessary_literal_unwrap"]


@pytest.mark.parametrize("name, expected", [
    ("black-check-parse-error", "would reformat 1 file: /home/dev/pyproj/inventory/ugly.py"),
    ("ruff-format-check-syntax-error", "would reformat 1 file: inventory/ugly.py"),
    ("isort-check", "imports incorrectly sorted in 2 files: /home/dev/pyproj/inventory/report.py, /home/dev/pyproj/inventory/models.py"),
    ("prettier-check-tty", "code style issues in 2 files: src/app.js, eslint.config.js"),
    ("cargo-fmt-check", "would reformat 1 file: /home/dev/rsproj/src/util.rs"),
])
def test_format_checks_name_the_files(name, expected):
    assert expected in facts_of(name).errors


def test_format_check_parse_errors_are_diagnostics():
    black = facts_of("black-check-parse-error").diagnostics
    assert [(d.file, d.line, d.col) for d in black] == [("/home/dev/pyproj/inventory/bad_syntax.py", 1, 6)]
    prettier = facts_of("prettier-check-tty").diagnostics
    assert [(d.file, d.line, d.col, d.message) for d in prettier] == [("src/broken.js", 2, 8, "SyntaxError: Unexpected token")]


@pytest.mark.parametrize("name, expected, counts", [
    ("esbuild-errors", [("src/bad.js", 3, 2, None), ("src/main.js", 2, 20, None)], {"errors": 2}),
    ("webpack-module-not-found", [("./src/main.js", 2, 0, None)], {"errors": 1}),
    ("vite-build-unresolved-import", [("src/main.js", 2, 21, "UNRESOLVED_IMPORT")], {"errors": 1}),
])
def test_bundler_errors_with_their_places(name, expected, counts):
    facts = facts_of(name)
    assert [(d.file, d.line, d.col, d.code) for d in facts.diagnostics] == expected
    assert facts.counts == counts


def test_msbuild_layout_dedupes_the_repeated_list_and_reads_the_totals():
    facts = facts_of("xbuild-errors")
    assert [(d.file, d.line, d.col, d.code) for d in facts.diagnostics] == [("Program.cs", 19, 28, "CS0029"), ("Program.cs", 20, 31, "CS0103")]
    assert facts.counts == {"errors": 2, "warnings": 0} and "Build FAILED" in facts.highlights
    corlib = facts_of("xbuild-missing-corlib")
    assert corlib.counts["errors"] == 31 and {d.code for d in corlib.diagnostics} == {"CS0518"} and len(corlib.diagnostics) == 31
    assert facts_of("mcs-errors").counts == {"errors": 2, "warnings": 0}


@pytest.mark.parametrize("name, expected", [
    ("pytest-cov-failure", "coverage total 60% (10 statements, 4 missed)"),
    ("jest-coverage-pass", "coverage (all files): statements 71.42%, branches 100%, functions 66.66%, lines 66.66%"),
    ("go-test-cover", "coverage: example.com/shop/calc 33.3%, example.com/shop/util 60.0%"),
])
def test_coverage_totals(name, expected):
    assert expected in facts_of(name).highlights


def test_mypy_whole_file_error_without_a_line():
    (d,) = facts_of("mypy-file-not-found").diagnostics
    assert (d.file, d.line, d.message) == ("nonexist.py", None, "Cannot read file: No such file or directory")


def test_node_crash_names_the_error_and_the_users_frame():
    tb = facts_of("node-uncaught-typeerror").traceback
    assert (tb.exc_type, tb.file, tb.line, tb.function) == ("TypeError", "/home/dev/nodeproj/server.js", 3, "start")
    rejected = facts_of("node-async-throw").traceback
    assert (rejected.exc_type, rejected.message, rejected.line, rejected.function) == ("RangeError", "port out of range: 70000", 1, "main")


@pytest.mark.parametrize("name", ["node-cannot-find-module", "node-esm-package-not-found"])
def test_node_missing_module(name):
    facts = facts_of(name)
    assert facts.missing == ["module express"] and facts.traceback.file is None  # only node's own frames


def test_a_test_runners_failure_is_not_repeated_as_a_crash():
    text = ("  ● api › throws\n\n    TypeError: Cannot read properties of undefined (reading 'port')\n\n"
            "      at Object.port (src/api.test.js:13:16)\n      at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n\n"
            "Tests:       1 failed, 1 total\n")
    facts = extract_facts("npx jest", text, 1)
    assert [f.name for f in facts.failures] == ["api › throws"] and facts.traceback is None


def test_cmake_error_inside_a_module_points_at_the_projects_line():
    facts = facts_of("cmake-configure-missing-package")
    assert facts.missing == ["package Protobuf"]
    assert facts.errors[0].startswith("CMake Error at CMakeLists.txt:5 (find_package): Could NOT find Protobuf")


def test_make_errors_keep_makes_own_name():
    errors = facts_of("cmake-build-missing-header").errors
    assert errors[0] == "gmake[2]: *** [CMakeFiles/app.dir/build.make:76: CMakeFiles/app.dir/src/main.c.o] Error 1"


def test_pyright_rule_on_a_continuation_line():
    codes = [d.code for d in facts_of("pyright-errors").diagnostics]
    assert codes == ["reportReturnType", "reportReturnType", "reportOptionalMemberAccess", "reportOperatorIssue",
                     "reportMissingImports", "reportAssignmentType", "reportArgumentType"]


@pytest.mark.parametrize("name", ["shellcheck-tty-format", "shellcheck-gcc-format"])
def test_shellcheck_both_layouts_read_alike(name):
    facts = facts_of(name)
    assert [(d.line, d.col, d.code, d.severity) for d in facts.diagnostics] == [
        (3, 12, "SC2035", "info"), (5, 6, "SC2086", "info"), (7, 6, "SC2086", "info"), (10, 1, "SC2164", "warning"),
        (11, 8, "SC2115", "warning"), (11, 8, "SC2086", "info"), (12, 1, "SC2162", "info"), (12, 6, "SC2034", "warning")]
    assert facts.counts == {"warnings": 3} and facts.errors == ["8 shellcheck findings: 3 warning, 5 info"]


def test_npm_wrapped_error_is_one_message_without_the_usage_text():
    errors = facts_of("npm-ci-no-lockfile").errors
    assert errors[0] == "npm error code EUSAGE"
    assert errors[1].startswith("The `npm ci` command can only install with an existing package-lock.json or npm-shrinkwrap.json")
    assert errors[1].endswith("then try again.") and len(errors) == 2  # not "Clean install a project", "Usage:", options
    assert "Did you mean this? npm link # Symlink a package folder" in facts_of("npm-run-missing-script").errors


@pytest.mark.parametrize("name", ["oxlint-report", "oxlint-report-tty"])
def test_oxlint_both_charsets(name):
    facts = facts_of(name)
    assert sorted((d.file, d.line, d.col, d.severity, d.code) for d in facts.diagnostics) == [
        ("src/app.js", 3, 7, "warning", "eslint(no-unused-vars)"), ("src/broken.js", 2, 8, "error", None)]
    assert facts.counts == {"errors": 1, "warnings": 1}


def test_biome_rules_and_totals():
    facts = facts_of("biome-lint")
    assert [(d.line, d.col, d.severity, d.code) for d in facts.diagnostics] == [
        (3, 7, "warning", "lint/correctness/noUnusedVariables"), (4, 11, "warning", "lint/correctness/noUnusedFunctionParameters"),
        (6, 12, "error", "lint/suspicious/noDoubleEquals"), (4, 10, "error", "parse")]
    assert facts.counts == {"errors": 2, "warnings": 2}


def test_java_root_cause_of_a_caused_by_chain():
    facts = facts_of("java-caused-by-chain")
    assert facts.traceback.exc_type == "java.lang.RuntimeException" and facts.traceback.line == 15
    assert facts.errors == ['root cause: java.lang.NumberFormatException: For input string: "80a" at App.java:6 in App.parsePort()']


def test_jest_console_blocks_are_not_failures():
    assert [f.name for f in facts_of("jest-console-blocks").failures] == ["module 4 › case 2"]


def test_go_failure_line_is_preferred_over_a_log_line():
    failure = next(f for f in facts_of("go-test-verbose-subtest-logs").failures if f.name == "TestMany/item-17")
    assert (failure.reason, failure.location) == ('item 17: got status "stale", want "fresh"', "svc_test.go:14")
