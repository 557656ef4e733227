"""Parser-level checks on the fifth round of real captures in tests/data/real (session 5): go panics and the race
detector, cargo doc tests and should_panic, unittest subTests, hypothesis' falsifying examples, compileall over
several files, linters' JSON reports, unified diffs, git bisect, recursive make. The summary-level scoring of every
case is in test_facts_real_tools.py; synthetic variants show the rules follow each tool's layout, not one capture."""

from __future__ import annotations

import json

import pytest

from linear_time import assert_linear
from real_captures import REAL, facts_of, summary_of

from terminus_edge.summarize.facts import extract_facts


# --- cargo test: each failing test's own section ---------------------------------------------------------------------

def test_cargo_should_panic_that_did_not_panic_is_named_with_its_place():
    facts = facts_of("cargo-test-doctest-should-panic")
    reasons = {f.name: (f.reason, f.location) for f in facts.failures}
    assert reasons["tests::nth_past_end_panics"] == ("did not panic as expected", "src/lib.rs:41:8")
    assert reasons["tests::empty_average_is_zero"] == ("attempt to divide by zero", "src/lib.rs:18:5")
    assert facts.counts == {"failed": 2, "passed": 1, "skipped": 1}


def test_cargo_doc_test_failure_carries_its_panic_and_is_not_a_binary_panic():
    facts = facts_of("cargo-test-doc-failure")
    assert [f.name for f in facts.failures] == ["src/lib.rs - total (line 5)"]
    assert facts.failures[0].reason.startswith("assertion `left == right` failed; left: 6; right: 7")
    assert not any(e.startswith("panicked at") for e in facts.errors)  # told with the doc test, not as `cargo run`'s panic


def test_cargo_run_panic_in_main_is_still_an_error():
    facts = facts_of("cargo-run-index-panic")
    assert any("index out of bounds" in e and "src/lib.rs:22:5" in e for e in facts.errors)


# --- unittest subTest -----------------------------------------------------------------------------------------------

def test_unittest_subtest_failures_keep_their_parameters():
    names = [f.name for f in facts_of("unittest-subtest-failures").failures]
    assert names == ["tests.test_units.PriceTests.test_rates (net=3, rate=0.1)", "tests.test_units.PriceTests.test_split (parts=3)"]
    text = ("FAIL: test_x (m.C.test_x) [odd input] (i=1)\n---\nTraceback (most recent call last):\n"
            '  File "a.py", line 3, in test_x\nAssertionError: 1\n\n---\nRan 1 test in 0.1s\n\nFAILED (failures=1)\n')
    assert [f.name for f in extract_facts("python -m unittest", text, 1).failures] == ["m.C.test_x [odd input] (i=1)"]


# --- hypothesis -----------------------------------------------------------------------------------------------------

def test_hypothesis_failing_example_joins_the_reason():
    failure = facts_of("pytest-hypothesis-falsifying").failures[0]
    assert failure.reason == "assert 0 == 1 (falsifying example: total=1, parts=2)"


def test_hypothesis_older_falsifying_example_section():
    text = ("___ test_x ___\n\n>   assert n < 3\nE   assert 3 < 3\n\nt.py:6: AssertionError\n---------- Hypothesis ----------\n"
            "Falsifying example: test_x(\n    n=3,\n)\n=== short test summary info ===\nFAILED t.py::test_x - assert 3 < 3\n"
            "=== 1 failed in 0.2s ===\n")
    assert extract_facts("pytest", text, 1).failures[0].reason == "assert 3 < 3 (falsifying example: n=3)"


# --- python: every file's SyntaxError, not only the first --------------------------------------------------------------

def test_compileall_reports_each_file_that_failed():
    facts = facts_of("python-compileall-syntax-errors")
    assert (facts.traceback.file, facts.traceback.line) == ("legacy/b.py", 1)
    assert facts.errors == ["SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? at legacy/c.py:1"]


# --- go: the race detector ------------------------------------------------------------------------------------------

def test_go_data_race_names_both_accesses_outside_the_toolchain():
    facts = facts_of("go-test-race-detected")
    assert "DATA RACE: read at /home/dev/goconc/counter.go:9 vs previous write at /home/dev/goconc/counter.go:9" in facts.errors
    assert [f.name for f in facts.failures] == ["TestRun"]


def test_go_two_races_are_counted():
    race = ("==================\nWARNING: DATA RACE\nWrite at 0x00c000 by goroutine 7:\n  main.set()\n      /src/{f}.go:{n} +0x44\n\n"
            "Previous read at 0x00c000 by main goroutine:\n  main.main()\n      /src/main.go:30 +0x88\n==================\n")
    text = race.format(f="a", n=5) + race.format(f="b", n=9) + "Found 2 data race(s)\nexit status 66\n"
    facts = extract_facts("go run -race .", text, 66)
    assert facts.errors[:2] == ["DATA RACE: write at /src/a.go:5 vs previous read at /src/main.go:30",
                                "DATA RACE: write at /src/b.go:9 vs previous read at /src/main.go:30"]
    assert "2 data races reported" in facts.highlights


def test_go_panics_name_the_user_frame():
    facts = facts_of("go-run-nil-map-panic")
    assert "panic: assignment to entry in nil map at /home/dev/gopanic/stock/stock.go:15" in facts.errors


# --- linters' JSON reports ------------------------------------------------------------------------------------------

def test_eslint_json_report_becomes_findings():
    facts = facts_of("eslint-json-format")
    assert facts.counts == {"errors": 9, "warnings": 1}
    first = facts.diagnostics[0]
    assert (first.file, first.line, first.col, first.code) == ("/home/dev/jsapp/src/cart.js", 10, 19, "eqeqeq")
    assert sum(d.code == "no-undef" for d in facts.diagnostics) == 3


def test_eslint_json_summary_lists_findings_not_a_cut_line():
    summary = summary_of("eslint-json-format")
    assert "more characters]" not in summary and "format.js:2:7 no-unused-vars" in summary


def test_flat_json_reports_of_ruff_pylint_shellcheck_and_stylelint():
    ruff = [{"cell": None, "code": "F401", "filename": "/p/a.py", "location": {"column": 8, "row": 1}, "message": "`os` imported but unused"}]
    pylint = [{"type": "convention", "module": "a", "obj": "", "line": 3, "column": 0, "path": "a.py", "symbol": "missing-docstring",
               "message": "Missing module docstring", "message-id": "C0114"},
              {"type": "error", "module": "a", "obj": "f", "line": 9, "column": 4, "path": "a.py", "symbol": "no-member",
               "message": "Module 'os' has no 'nope' member", "message-id": "E1101"}]
    shellcheck = [{"file": "run.sh", "line": 4, "endLine": 4, "column": 6, "endColumn": 8, "level": "warning", "code": 2086,
                   "message": "Double quote to prevent globbing and word splitting."}]
    stylelint = [{"source": "/p/a.css", "errored": True, "warnings": [
        {"line": 2, "column": 3, "rule": "color-no-invalid-hex", "severity": "error", "text": 'Unexpected invalid hex color "#ggg" (color-no-invalid-hex)'}]}]
    facts = extract_facts("ruff check --output-format json", json.dumps(ruff), 1)
    assert [(d.file, d.line, d.col, d.code, d.severity) for d in facts.diagnostics] == [("/p/a.py", 1, 8, "F401", "error")]
    facts = extract_facts("pylint --output-format=json a.py", json.dumps(pylint, indent=4), 22)
    assert [(d.severity, d.code, d.line) for d in facts.diagnostics] == [("convention", "missing-docstring", 3), ("error", "no-member", 9)]
    facts = extract_facts("shellcheck -f json run.sh", json.dumps(shellcheck), 1)
    assert [(d.severity, d.code, d.col) for d in facts.diagnostics] == [("warning", "SC2086", 6)]
    facts = extract_facts("npx stylelint -f json a.css", json.dumps(stylelint), 2)
    assert [(d.message, d.code) for d in facts.diagnostics] == [('Unexpected invalid hex color "#ggg"', "color-no-invalid-hex")]


def test_json_that_is_not_a_findings_report_gives_no_findings():
    api = json.dumps([{"code": "EUR", "rate": 1.0}, {"code": "USD", "rate": 1.08}])
    facts = extract_facts("curl -s https://api.example.com/rates", api, 0)
    assert facts.diagnostics == [] and not facts.counts


# --- cmake: a message on the lines below its header, warnings --------------------------------------------------------

def test_cmake_missing_source_names_the_file_and_keeps_the_warning():
    facts = facts_of("cmake-missing-source-file")
    assert facts.errors[0] == "CMake Error at CMakeLists.txt:4 (add_executable): Cannot find source file: src/render.c"
    [warning] = facts.diagnostics
    assert (warning.severity, warning.file, warning.line) == ("warning", "CMakeLists.txt", 8)
    assert "TILE_SIZE not set" in warning.message


# --- recursive make -------------------------------------------------------------------------------------------------

def test_recursive_make_says_which_directories_were_built_before_the_failure():
    assert "make directories: lib done, app failed" in facts_of("make-recursive-werror").highlights
    text = ("make[1]: Entering directory '/w/a'\nok\nmake[1]: Leaving directory '/w/a'\n"
            "make[1]: Entering directory '/w/b'\nok\nmake[1]: Leaving directory '/w/b'\n")
    assert not any(h.startswith("make directories") for h in extract_facts("make", text, 0).highlights)  # nothing failed


# --- git bisect -----------------------------------------------------------------------------------------------------

def test_git_bisect_names_the_first_bad_commit_with_its_subject_and_files():
    facts = facts_of("git-bisect-run-first-bad")
    assert facts.highlights[0] == "first bad commit 263e866e7a: calc: speed up mul (changed calc.py | 2 +-)"
    assert not any("commit listed" in h for h in facts.highlights)


# --- diffs ----------------------------------------------------------------------------------------------------------

def test_unified_diff_is_said_as_what_differs():
    assert "the inputs differ in nginx.conf: 1 hunk, 2 lines added, 3 removed" in facts_of("diff-unified-config").highlights
    assert "the inputs differ in fmt_me.go: 1 hunk, 6 lines added, 5 removed" in facts_of("gofmt-list-diff").highlights


def test_plain_and_brief_diff_formats():
    plain = "2c2\n< port = 80\n---\n> port = 443\n4a5\n> tls = on\n"
    assert extract_facts("diff a.conf b.conf", plain, 1).highlights == ["the inputs differ: 2 hunks, 2 lines added, 1 removed"]
    brief = "Files old/a.txt and new/a.txt differ\nOnly in new: b.txt\n"
    facts = extract_facts("diff -rq old new", brief, 1)
    assert facts.highlights == ["1 file differs: new/a.txt", "1 file only on one side: new/b.txt"]


def test_diff_program_is_chosen_by_its_position_not_a_path_word():
    from terminus_edge.summarize.facts import unidiff
    assert unidiff.COMMAND_RE.search("diff -u a b") and unidiff.COMMAND_RE.search("cd x && /usr/bin/diff a b")
    assert not unidiff.COMMAND_RE.search("cat reports/diff.txt") and not unidiff.COMMAND_RE.search("git diff")


# --- context: what the program printed last before it crashed ----------------------------------------------------

def test_summary_keeps_the_last_line_printed_before_the_traceback():
    summary = summary_of("python-multiprocessing-remote-error")
    assert "B-22,40" in summary and 'File "/home/dev/pyinv/batch.py", line 20' in summary


# --- doctest --------------------------------------------------------------------------------------------------------

def test_doctest_failures_say_expected_and_got_not_the_expected_exception_as_an_error():
    facts = facts_of("python-m-doctest-failures")
    assert facts.counts == {"failed": 2, "passed": 3}
    price, restock = facts.failures
    assert (price.name, price.location) == ("inventory.price_with_tax", "/home/dev/pyinv/inventory.py:28")
    assert price.reason == "price_with_tax(0.1, 0.1): expected 0.11, got 0.11000000000000001"
    assert restock.reason == "restock({\"b\": 1}, \"b\", -3): expected ValueError: negative restock, got {'b': -2}"
    assert not facts.errors and facts.traceback is None


def test_doctest_example_that_raised_and_the_quiet_tally():
    text = ('**********************************************************************\n'
            'File "calc.py", line 4, in calc.div\nFailed example:\n    div(1, 0)\nException raised:\n'
            '    Traceback (most recent call last):\n      File "<doctest calc.div[0]>", line 1, in <module>\n'
            '    ZeroDivisionError: division by zero\n'
            '**********************************************************************\n'
            '1 items had failures:\n   1 of   1 in calc.div\n***Test Failed*** 1 failures.\n')
    facts = extract_facts("python3 -m doctest calc.py", text, 1)
    assert [(f.name, f.reason, f.location) for f in facts.failures] == [
        ("calc.div", "div(1, 0) raised ZeroDivisionError: division by zero", "calc.py:4")]
    assert facts.counts == {"failed": 1}


# --- go: a test that ran past -timeout ------------------------------------------------------------------------------

def test_go_test_timeout_names_the_test_still_running_and_its_line():
    facts = facts_of("go-test-timeout-panic")
    assert facts.errors == ["panic: test timed out after 3s in TestSlowSync at /home/dev/gopanic/stock/stock_test.go:30"]


def test_recursive_plain_diff_names_the_changed_file_once():
    from terminus_edge.summarize.facts import unidiff
    facts = extract_facts("diff -r old new", (REAL / "diff-recursive-dirs" / "output.txt").read_text(errors="replace"), 1)
    assert facts.highlights[:2] == ["the inputs differ in new/conf/app.ini: 2 hunks, 2 lines added, 1 removed", "1 file differs: new/logo.png"]
    unified = "diff -ru old/a.ini new/a.ini\n--- old/a.ini\t2026\n+++ new/a.ini\t2026\n@@ -1 +1 @@\n-a\n+b\n"
    assert unidiff.parse(unified).highlights == ["the inputs differ in new/a.ini: 1 hunk, 1 line added, 1 removed"]


def test_shellcheck_json1_is_read_and_codes_keep_their_sc_prefix():
    facts = facts_of("shellcheck-json1-format")
    assert [(d.line, d.col, d.severity, d.code) for d in facts.diagnostics[:2]] == [(4, 10, "error", "SC2045"), (4, 15, "info", "SC2086")]
    assert facts.counts == {"errors": 1, "warnings": 1} and len(facts.diagnostics) == 8
    assert [d.code for d in facts_of("shellcheck-json-format").diagnostics] == [d.code for d in facts.diagnostics]


def test_doctest_exception_raised_in_a_real_run():
    div, mean = facts_of("python-doctest-exception-raised").failures
    assert div.reason == "div(1, 0) raised ZeroDivisionError: division by zero" and div.location == "/home/dev/dt/calc.py:6"
    assert mean.reason == "mean([1, 2, 3]): expected 2, got 2.0"


def test_unittest_subtest_with_a_message():
    assert [f.name for f in facts_of("unittest-subtest-message").failures] == ["tests.test_sub2.Parse.test_ports [port parsing] (raw='443')"]


# --- machine-readable streams read as the plain run ------------------------------------------------------------------

def test_go_test_json_events_read_as_the_plain_run():
    facts = facts_of("go-test-json-events")
    assert facts.counts == {"failed": 1, "passed": 1}
    [failure] = facts.failures
    assert failure.name == "TestTopTooMany" and failure.location == "/home/dev/gopanic/stock/stock.go:23"
    assert failure.reason == "panic: runtime error: slice bounds out of range [:3] with capacity 1"


def test_cargo_json_messages_become_the_rendered_diagnostics():
    facts = facts_of("cargo-check-message-format-json")
    assert [(d.code, d.file, d.line) for d in facts.diagnostics if d.severity == "error"] == [
        ("E0502", "src/main.rs", 13), ("E0382", "src/main.rs", 17)]
    assert any(d.severity == "warning" and d.line == 19 for d in facts.diagnostics)


# --- profiles -------------------------------------------------------------------------------------------------------

def test_cprofile_table_gives_totals_and_the_top_own_rows():
    highlights = facts_of("python-cprofile-sorted").highlights
    assert highlights[0] == "profile: 43141 function calls in 0.081 seconds"
    assert highlights[1].startswith("top rows by cumulative time (cumtime): slow.py:1(<module>) 0.081s, slow.py:4(parse_all) 0.057s")
    assert "{built-in" not in highlights[1] and "<frozen" not in highlights[1]


def test_pstats_sorted_by_internal_time():
    text = ("         12 function calls in 0.500 seconds\n\n   Ordered by: internal time\n\n"
            "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n"
            "        1    0.400    0.400    0.500    0.500 app.py:10(slow)\n"
            "        2    0.100    0.050    0.100    0.050 {built-in method time.sleep}\n"
            "        1    0.000    0.000    0.500    0.500 app.py:1(<module>)\n\n")
    facts = extract_facts("python -c 'import pstats; pstats.Stats(\"out\").sort_stats(\"tottime\").print_stats()'", text, 0)
    assert facts.highlights[1] == "top rows by internal time (tottime): app.py:10(slow) 0.400s, app.py:1(<module>) 0.000s"


# --- one JSON document ----------------------------------------------------------------------------------------------

def test_a_long_json_answer_is_described_by_its_shape():
    facts = facts_of("curl-json-api-single-line")
    assert "JSON object with 3 keys: count=140, page=1; items: 140 objects (id, sku, name, price, stock)" in facts.highlights
    assert "140 objects" in summary_of("curl-json-api-single-line")


def test_json_document_shapes_and_what_is_left_alone():
    from terminus_edge.summarize.facts import jsondoc
    pods = {"apiVersion": "v1", "kind": "List", "items": [{"metadata": {"name": f"web-{i}"}, "status": {"phase": "Running"}} for i in range(30)],
            "metadata": {"resourceVersion": ""}}
    assert jsondoc.parse(json.dumps(pods, indent=2)).highlights == [
        'JSON object with 4 keys: apiVersion="v1", kind="List"; items: 30 objects (metadata, status); metadata: object (resourceVersion)']
    assert jsondoc.parse(json.dumps(list(range(200)))).highlights == ["JSON array: 200 items (int)"]
    assert jsondoc.parse('{"ok": true}').highlights == []  # short: shown whole
    assert jsondoc.parse('{"a": 1,' + " " * 500).highlights == []  # not one JSON document
    assert extract_facts("npx eslint -f json src", (REAL / "eslint-json-format" / "output.txt").read_text(), 1).highlights == [
        "JSON report: 10 findings in 3 of 3 files"]  # a linter's report: findings, not its shape


# --- strace ---------------------------------------------------------------------------------------------------------

def test_strace_summary_table_gives_totals_top_time_and_failures():
    highlights = facts_of("strace-c-summary").highlights
    assert "syscalls: 1259 calls, 140 failed, 0.002646 s in all" in highlights
    assert any(h.startswith("most time: newfstatat 32.99% (467 calls, 51 failed)") for h in highlights)
    assert "most failures: ioctl 62 of 62, newfstatat 51 of 467, openat 23 of 119" in highlights


def test_strace_failed_calls_are_counted_with_an_example_path():
    assert "1 failed openat (ENOENT), e.g. missing.cfg" in facts_of("strace-failed-opens").highlights
    trace = "\n".join([f'[pid  {p}] openat(AT_FDCWD, "/etc/app{p}.cfg", O_RDONLY) = -1 ENOENT (No such file or directory)' for p in (11, 12)]
                      + ['connect(3, {sa_family=AF_INET, sin_port=htons(5432)}, 16) = -1 ECONNREFUSED (Connection refused)',
                         'read(3, "x", 1) = 1'])
    assert extract_facts("strace -f ./app", trace, 1).highlights[:2] == [
        "2 failed openat (ENOENT), e.g. /etc/app11.cfg", "1 failed connect (ECONNREFUSED)"]


# --- adversarial input through the round-5 rules ----------------------------------------------------------------------

STORMS = {
    "blank lines": lambda n: "\n" * n + "   \n" * n,  # `^\s+` from every blank line once ran across all of them
    "deep json": lambda n: "[" * n + "]" * n,
    "subtest =": lambda n: "FAIL: t (a) (" + "=" * n + "\n",
    "sections": lambda n: "---- a stdout ----\n" * n,
    "doctest": lambda n: 'File "x", line 1, in y\nFailed example:\n' + "    x\n" * n,
    "strace": lambda n: "x(" + "a" * 4 * n + ") = -1 ENOENT (",
}


@pytest.mark.parametrize("name", sorted(STORMS))
def test_round5_rules_stay_linear_on_storms(name):
    from terminus_edge.summarize.facts import cargo, doctest, jsondoc, jsonreport, pyprofile, strace, unidiff, unittest

    texts = {n: STORMS[name](n) for n in (8_000, 32_000)}
    for family in (cargo, doctest, jsondoc, jsonreport, pyprofile, strace, unidiff, unittest):
        assert_linear(lambda n: family.parse(texts[n]), 8_000, f"{family.NAME} on {name}")
