"""Parser-level checks on the seventh round of real captures in tests/data/real (session 7, held out: their facts were
written before the summarizer saw them). The gaps they showed, each fixed as a rule of the tool's layout: TAP from
tape (no ` - `, padded tallies) and node-tap (nested subtests, `# { total, pass, fail }`), uvu's tally, GNU
diagnostics from any tool (doxygen, yasm, valac's `line.col-line.col`), standard's rows, checkstyle, psql scripts,
gcc's JSON diagnostics, flawfinder, cspell, pytest-benchmark tables, go fuzz failures, cargo's per-target warning
tallies, a paused git rebase, SBCL's unhandled conditions. The summary-level scoring is in test_facts_real_tools.py;
synthetic variants show each rule follows the layout, not one capture."""

from __future__ import annotations

from real_captures import facts_of, summary_of

from terminus_edge.summarize.facts import cargo, checkstyle, diagnostics, golang, gnu, jsonreport, jsrunners, nodetest, psql


# --- TAP producers and JS runners -------------------------------------------------------------------------------------

def test_tape_counts_its_padded_tally_and_reads_a_not_ok_without_a_dash():
    facts = facts_of("tape-failures")
    assert facts.counts == {"total": 4, "failed": 1, "passed": 3}
    assert [(f.name, f.reason) for f in facts.failures] == [("TEN clamps at zero", "(actual -5, expected 0)")]
    assert "0 failed" not in summary_of("tape-failures")  # the old reading: `# fail  1` unread, so "4 tests: 0 failed"


def test_node_tap_lists_the_failing_assertions_not_the_subtests_that_hold_them():
    facts = facts_of("node-tap-failures")
    assert facts.counts == {"total": 3, "failed": 2, "passed": 1}
    assert [f.name for f in facts.failures] == ["clamps at zero", "rounds down"]
    nested = ("TAP version 14\n# Subtest: outer\n    not ok 1 - inner check\n      ---\n      ...\n    1..1\n"
              "not ok 1 - outer # time=3ms\n1..1\n# { total: 1, pass: 0, fail: 1 }\n")
    parsed = nodetest.parse(nested)
    assert [f.name for f in parsed.failures] == ["inner check"] and parsed.counts == {"total": 1, "failed": 1, "passed": 0}


def test_uvu_tally_and_failures():
    facts = facts_of("uvu-failures")
    assert facts.counts == {"total": 3, "failed": 2, "passed": 1}
    assert [f.name for f in facts.failures] == ["TEN clamps", "HALF"]
    text = '   FAIL  "adds"\n    Expected values to be strictly equal:  (is)\n\n  Total:     4\n  Passed:    3\n  Skipped:   0\n'
    assert nodetest.parse(text).counts == {"total": 4, "failed": 1, "passed": 3}


def test_standard_rows_put_an_undefined_name_first():
    facts = facts_of("standard-lint")
    assert facts.counts == {"errors": 24, "warnings": 1}
    summary = summary_of("standard-lint")
    assert summary.index("no-undef") < summary.index("semi:")


# --- GNU-layout diagnostics from any tool ------------------------------------------------------------------------------

def test_gnu_diagnostics_from_tools_no_family_knows():
    assert facts_of("doxygen-undocumented-warnings").counts == {"warnings": 2}
    yasm = facts_of("yasm-errors")
    assert [(d.file, d.line) for d in yasm.diagnostics] == [("boot.asm", 5), ("boot.asm", 7)]  # not its `(Each … once.)` remark
    assert gnu.parse("src/x.proto:3:9: error: unknown type Foo\n").counts == {"errors": 1}


def test_line_dot_column_ranges_are_places():
    found = diagnostics.gnu("greet.vala:2.12-2.15: error: Assignment: Cannot convert from `int' to `string?'\n")
    assert [(d.file, d.line, d.col, d.severity) for d in found] == [("greet.vala", 2, 12, "error")]
    assert [(d.line, d.col) for d in facts_of("valac-errors").diagnostics] == [(2, 12), (5, 18)]


def test_gnu_family_leaves_a_tools_own_diagnostics_alone():
    facts = facts_of("scons-compile-error")
    assert "gnu-diagnostics" not in facts.tools and facts.counts == {"errors": 1}


def test_checkstyle_rows_and_its_own_total():
    facts = facts_of("checkstyle-sun-checks")
    assert facts.counts == {"errors": 20} and len(facts.diagnostics) == 20
    assert facts.diagnostics[5].code == "MagicNumber" and facts.diagnostics[5].col == 28
    warn = checkstyle.parse("[WARN] /x/A.java:3: Line is longer than 100 characters. [LineLength]\nAudit done.\n")
    assert warn.counts == {"warnings": 1} and warn.diagnostics[0].col is None


def test_psql_script_errors_with_their_detail_and_row_counts():
    facts = facts_of("psql-script-errors")
    assert [(d.file, d.line) for d in facts.diagnostics] == [("report.sql", n) for n in (4, 5, 6, 7, 8)]
    assert "(detail: Key (customer_id)=(99) is not present" in facts.diagnostics[2].message
    assert facts.highlights == ["query results: 2 rows"]
    assert psql.parse("ERROR:  relation \"x\" does not exist\nLINE 1: select * from x;\n").counts == {"errors": 1}


def test_gcc_json_diagnostics_are_findings_with_their_flags():
    facts = facts_of("gcc-diagnostics-json")
    assert facts.counts == {"warnings": 4}
    assert [d.code for d in facts.diagnostics][:2] == ["-Wparentheses", "-Wunused-variable"]
    text = '[{"kind": "error", "locations": [{"caret": {"file": "a.c", "line": 3, "column": 5}}], "message": "x undeclared", "children": []}]'
    assert [(d.severity, d.file, d.line, d.col) for d in jsonreport.parse(text).diagnostics] == [("error", "a.c", 3, 5)]


def test_flawfinder_hits_riskiest_first():
    facts = facts_of("flawfinder-hits")
    assert [(d.code, d.severity) for d in facts.diagnostics][:2] == [("gets", "high"), ("strcpy", "high")]
    assert facts.highlights == ["6 hits (level 5: 1, level 4: 3, level 2: 2)"]


def test_cspell_tally():
    assert facts_of("cspell-misspellings").counts == {"errors": 3}
    assert "3 issues (unknown words) in 1 file" in summary_of("cspell-misspellings")


# --- tests, benchmarks and runtimes ------------------------------------------------------------------------------------

def test_pytest_benchmark_means_reach_the_summary():
    assert "benchmark, mean time in ns: test_describe 203.0098 (1.0), test_total 6,162.5045 (30.36)" in summary_of("pytest-benchmark-table")


def test_go_fuzz_failure_is_one_failure_at_the_users_frame_with_its_input():
    facts = facts_of("go-test-fuzz-failure")
    assert facts.counts == {"failed": 1}
    assert [(f.name, f.location) for f in facts.failures] == [("FuzzSplitPair", "/home/dev/gofz/parse.go:8")]
    assert any(h.startswith("Failing input written to testdata/fuzz/FuzzSplitPair/") for h in facts.highlights)
    rerun = "--- PASS: TestA (0.00s)\n--- PASS: TestA (0.00s)\nok  \tx\t0.1s\n"  # -count=2 runs a test twice: two passes
    assert golang.parse(rerun).counts["passed"] == 2


def test_cargo_tallies_per_target_without_duplicates_and_says_ignored():
    doc = facts_of("cargo-doc-broken-links")
    assert doc.counts == {"warnings": 4} and "ledger (lib): 1 warning; ledger (lib doc): 3 warnings" in doc.highlights
    assert not any("generated" in d.message for d in doc.diagnostics)  # a tally is no diagnostic, nor at the next one's place
    tests = facts_of("cargo-test-rust-backtrace")
    assert "1 compiler warning" in tests.highlights  # `(lib test) generated 1 warning (1 duplicate)` is the same one
    assert "1 ignored" in summary_of("cargo-test-no-fail-fast")
    assert cargo.parse("warning: `a` (lib) generated 2 warnings\nwarning: `a` (bin \"a\") generated 3 warnings (2 duplicates)\n").counts == {"warnings": 3}


def test_paused_rebase_and_sbcl_condition():
    assert "the rebase stopped: fix the problem, then run git rebase --continue" in summary_of("git-rebase-exec-failed")
    assert facts_of("sbcl-type-error").errors == ['unhandled TYPE-ERROR: The value "x" is not of type NUMBER in (+ 2 "x")']
    assert not any(":ERROR" in e for e in facts_of("sbcl-type-error").errors)  # a backtrace frame's keyword argument


def test_ava_and_jasmine_reports():
    ava = facts_of("ava-failures")
    assert ava.counts == {"failed": 3, "skipped": 1, "todo": 1}
    assert [(f.name, f.location) for f in ava.failures][:2] == [("TEN never goes negative", "test/ava.test.js:5"),
                                                                ("tax rounds to cents", "test/ava.test.js:6")]
    jasmine = facts_of("jasmine-failures")
    assert jasmine.counts == {"total": 5, "failed": 2, "skipped": 1}
    assert jasmine.failures[1].location == "/home/dev/cartjs/spec/cart.spec.js:4:63"  # past jasmine's `at <Jasmine>`
    assert "5 tests: 2 failures, 1 pending" in summary_of("jasmine-failures")  # jasmine's own words for its counts
    one = jsrunners.parse("1 spec, 1 failure\nFailures:\n1) a b\n  Message:\n    Expected 1 to be 2.\n")
    assert one.counts == {"total": 1, "failed": 1} and one.failures[0].reason == "Expected 1 to be 2."


def test_sanitizer_report_names_the_caller_of_an_intercepted_call():
    summary = summary_of("asan-stack-buffer-overflow")
    assert "stack-buffer-overflow at /home/dev/cbuf/stack.c:5 in copy_label() (via __interceptor_memcpy())" in summary
    assert "libsanitizer" not in summary.split("Output")[0]


def test_a_count_the_status_already_says_is_not_repeated():
    assert "the output reports 5 errors; report.sql:4" in summary_of("psql-script-errors")


# --- held out after the fixes above (captured and their facts written before the summarizer read them) --------------

def test_passing_runs_of_the_new_runners():
    assert facts_of("ava-pass-known-failure").counts == {"passed": 2}
    assert facts_of("jasmine-pass").counts == {"total": 2, "failed": 0}
    assert facts_of("tape-pass-skip").counts == {"total": 2, "passed": 2}  # tape prints no `# fail` line for none
    assert facts_of("node-tap-pass-todo").counts == {"total": 3, "passed": 2, "todo": 1}
    assert facts_of("cargo-test-ignored-only").counts == {"failed": 0, "passed": 1, "skipped": 2}
    assert "2 ignored" in summary_of("cargo-test-ignored-only")


def test_warning_levels_and_json_errors():
    assert facts_of("checkstyle-warnings-only").counts == {"warnings": 3}
    assert facts_of("psql-notices-and-warning").counts == {"warnings": 1}
    assert facts_of("gcc-diagnostics-json-errors").counts == {"errors": 2, "warnings": 1}
    assert facts_of("valac-warnings-only").counts == {"warnings": 1}
    assert facts_of("doxygen-warn-as-error").counts == {"errors": 1}
