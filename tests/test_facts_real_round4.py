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
    assert facts.counts == {"total": 12, "failed": 3, "errors": 1}  # t/03-mean.t died with no failed test
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


# --- phpunit / ExUnit / behave / ctest ---------------------------------------------------------------------------------

def test_phpunit_sections_give_each_failure_its_reason_and_first_frame():
    facts = facts_of("phpunit-failures")
    assert facts.counts == {"total": 8, "failed": 2, "errors": 1, "passed": 3, "skipped": 1}
    assert "1 incomplete" in facts.highlights
    got = [(f.name, f.kind, f.location) for f in facts.failures]
    assert got == [
        ("CartTest::testQtyOfUnknown", "error", "/home/dev/phpcart/src/Cart.php:40"),
        ("CartTest::testCountsDistinctSkus", "failed", "/home/dev/phpcart/tests/CartTest.php:28"),
        ("CartTest::testLinesAsArray", "failed", "/home/dev/phpcart/tests/CartTest.php:49"),
    ]
    assert facts.failures[1].reason == "Failed asserting that 2 is identical to 3."
    assert facts_of("phpunit-testdox-pass").counts == {"total": 3, "failed": 0, "passed": 3}


def test_exunit_numbered_failures_and_tally():
    facts = facts_of("mix-test-failures")
    assert facts.counts == {"total": 5, "failed": 2, "passed": 2, "skipped": 1}
    assert [(f.name, f.location) for f in facts.failures] == [
        ("test vat default rate (InvoiceTest)", "test/invoice_test.exs:9"),
        ("test net90 terms (InvoiceTest)", "test/invoice_test.exs:13")]
    assert facts.failures[1].reason.startswith("** (FunctionClauseError) no function clause matching")
    doctests = extract_facts("mix test", "3 doctests, 10 tests, 0 failures, 2 excluded\n", 0)
    assert doctests.counts == {"total": 13, "failed": 0, "passed": 11, "skipped": 2}


def test_behave_lists_failing_and_errored_scenarios():
    facts = facts_of("behave-failures")
    assert [(f.name, f.kind, f.location) for f in facts.failures] == [
        ("EU parcel", "failed", "features/rates.feature:9"), ("Unknown zone", "error", "features/rates.feature:14"),
        ("Free shipping over 50", "error", "features/rates.feature:19")]
    assert facts.counts == {"failed": 1, "errors": 2, "passed": 1}
    assert "6 steps passed, 1 failed, 1 error, 1 skipped, 2 undefined" in facts.highlights


def test_ctest_failed_list_with_the_reason_from_around_each_row():
    facts = facts_of("ctest-failures")
    assert facts.counts == {"total": 6, "failed": 4, "passed": 2}
    reasons = {f.name: (f.kind, f.reason) for f in facts.failures}
    assert reasons == {
        "math_div": ("failed", "Failed: 7/2 expected 3.5 got 3"), "math_slow": ("error", "Timeout"),
        "math_crash": ("error", "Exception: SegFault"), "math_missing": ("error", "Not Run: Unable to find executable: no_such_binary")}
    assert "passed: math_add, math_mod" in facts_of("ctest-pass").highlights


# --- pre-commit / rubocop / sphinx / tox / valgrind --------------------------------------------------------------------

def test_pre_commit_hooks_each_with_result_and_reason():
    facts = facts_of("pre-commit-hooks-failed")
    assert [(f.name, f.reason) for f in facts.failures] == [
        ("forbid print statements", "exit code 1; a.py:2: print(x)"),
        ("trim trailing whitespace", "files were modified by this hook"),
        ("python compiles", "exit code 1; def g(: / SyntaxError: invalid syntax")]
    assert "1 passed, 3 failed hooks" in facts.highlights and "passed: yaml parses" in facts.highlights
    row = "mypy" + "." * 51 + "(no files to check)Skipped"  # padded to 79 columns, as pre-commit prints it
    skipped = extract_facts("pre-commit run", row + "\n", 0)
    assert skipped.failures == [] and "1 skipped hooks" in skipped.highlights
    installer = extract_facts("./install.sh", "Checking disk.....Passed\nChecking network.....Failed\n", 1)
    assert "pre-commit" not in installer.tools  # short dotted rows are not pre-commit's


def test_rubocop_letters_are_severities_and_source_excerpts_are_not_error_lines():
    facts = facts_of("rubocop-offenses")
    assert facts.counts == {"warnings": 4}
    levels = {d.severity for d in facts.diagnostics}
    assert levels == {"warning", "convention"} and len(facts.diagnostics) == 12
    assert "3 files inspected, 12 offenses detected, 8 offenses autocorrectable" in facts.highlights
    assert not any("qty must be positive" in e for e in facts.errors)  # the quoted source line above the carets


def test_sphinx_warnings_with_and_without_place_and_the_w_flag():
    facts = facts_of("sphinx-build-warnings")
    got = [(d.file and d.file.rsplit("/", 1)[-1], d.line, d.code) for d in facts.diagnostics]
    # autodoc's warning: its category comes after the traceback it quotes (session 14)
    assert got == [("index.rst", 4, "toc.not_readable"), (None, None, "autodoc.import_object"), ("rates.rst", 2, None),
                   ("orphan.rst", None, "toc.not_included"), ("index.rst", 10, "ref.doc")]
    assert facts.counts == {}  # -W: not "0 errors, 5 warnings"; the closing line says they were treated as errors
    ok = extract_facts("sphinx-build docs out", "a.rst:3: WARNING: duplicate label x\nbuild succeeded, 1 warning.\n", 0)
    assert ok.counts == {"warnings": 1} and "build succeeded, 1 warning" in ok.highlights


def test_tox_env_results_each_said():
    facts = facts_of("tox-envs-failed")
    assert "tox envs: py311 FAIL code 1, lint FAIL code 1, docs OK" in facts.highlights
    assert "tox lint: FAIL code 1 (`python -m pyflakes shipping` exited 1)" in facts.steps
    assert "evaluation failed :(" in facts.highlights
    missing = facts_of("tox-missing-interpreter")
    assert "tox py38: FAIL code 1 (could not find python interpreter matching any of the specs py38)" in missing.steps
    nox = facts_of("nox-sessions-failed")
    assert "nox sessions: tests failed, typecheck failed, fmt success" in nox.highlights


def test_valgrind_errors_with_first_frame_block_note_and_program_output():
    facts = facts_of("valgrind-memcheck-errors")
    assert facts.counts == {"errors": 4}
    assert [(d.file, d.line) for d in facts.diagnostics] == [("leak.c", 26), ("leak.c", 16), ("leak.c", 30), ("leak.c", 8)]
    assert facts.diagnostics[2].message.endswith("inside a block of size 7 free'd at leak.c:29")
    assert "definitely lost: 16 bytes in 1 blocks" in facts.highlights
    assert "program printed: sum=6 / first=p" in facts.highlights
    clean = facts_of("valgrind-clean")
    assert clean.diagnostics == [] and clean.counts == {"errors": 0}


def test_generic_warnings_say_how_many_there_are():
    facts = extract_facts("poetry check", "".join(f"Warning: field {i} is deprecated\n" for i in range(5)), 0)
    assert facts.highlights[-1] == "5 warnings in all" and len(facts.highlights) == 4


def test_prove_bail_out_stops_the_run_and_a_dead_file_is_an_error():
    facts = facts_of("prove-bail-out")
    assert "bailed out: config.yml missing, cannot continue" in facts.errors and facts.stopped_early
    assert facts.counts == {"total": 1, "failed": 0, "errors": 1}
    tap = extract_facts("tap", "TAP version 13\n1..2\nok 1 - a\nBail out! database is down\n", 1)
    assert "bailed out: database is down" in tap.errors


def test_held_out_captures_of_the_new_families_parse_without_changes():
    """Captured after the parsers were written (other options, passing runs): what they must find."""
    provider = facts_of("phpunit-data-provider-failure")
    assert [f.name for f in provider.failures] == ['TaxTest::testGross with data set "broken" (50.0, 0.2, 61.0)']
    assert "1 risky" in provider.highlights  # risky is not failed
    rerun = facts_of("ctest-parallel-rerun-failed")
    assert rerun.counts == {"total": 4, "failed": 4, "passed": 0} and len(rerun.failures) == 4
    syntax = facts_of("rubocop-syntax-error")
    assert syntax.counts == {"errors": 2, "warnings": 4} and syntax.diagnostics[0].code == "Lint/Syntax"
    assert facts_of("tox-env-pass").errors == [] and "congratulations :)" in facts_of("tox-env-pass").highlights
    assert facts_of("pre-commit-all-passed").failures == []
    assert facts_of("mix-test-pass").counts == {"total": 5, "failed": 0, "passed": 4, "skipped": 1}
    assert facts_of("sphinx-build-succeeded-verbose").counts == {"warnings": 1}


# --- erlang / rspec / phpcs / ansible / sqlfluff -------------------------------------------------------------------------

def test_erlc_lines_without_a_level_are_errors():
    facts = facts_of("erlc-errors")
    assert facts.counts == {"errors": 1, "warnings": 2}
    assert (facts.diagnostics[0].line, facts.diagnostics[0].message) == (12, "variable 'Rate' is unbound")
    assert "exception error: bad argument" in facts_of("escript-badarg").errors


def test_rspec_failed_examples_with_reasons_and_pending_left_out():
    facts = facts_of("rspec-failures")
    assert facts.counts == {"total": 7, "failed": 3, "passed": 3, "skipped": 1}
    assert [(f.name, f.location) for f in facts.failures] == [
        ("Inventory#total_value multiplies qty by price", "spec/inventory_spec.rb:20"),
        ("Inventory#low_stock lists skus under the limit", "spec/inventory_spec.rb:26"),
        ("Inventory#remove raises for unknown skus", "spec/inventory_spec.rb:36")]
    assert facts.failures[0].reason == "expected: 12.0 / got: 12.5"
    load = facts_of("rspec-load-error")
    assert load.errors == ["An error occurred while loading ./spec2/pricing_spec.rb: LoadError: cannot load such file -- "
                           "/home/dev/rubyinv/lib/missing_pricing"]


def test_phpcs_table_rows_join_their_wrapped_messages():
    facts = facts_of("phpcs-psr12")
    assert facts.counts == {"errors": 15, "warnings": 1}
    warning = next(d for d in facts.diagnostics if d.severity == "warning")
    assert (warning.line, warning.message) == (4, "Line exceeds 120 characters; contains 143 characters")
    assert "phpcbf can fix 15 of them automatically" in facts.highlights


def test_ansible_failed_task_with_reason_origin_and_recap():
    facts = facts_of("ansible-playbook-undefined-var")
    [failure] = facts.failures
    assert failure.name == "TASK [write config] on localhost" and failure.location == "/home/dev/ansi/site.yml:16:18"
    assert failure.reason.endswith("'app_port' is undefined")
    assert "git" not in facts.tools  # `fatal: [localhost]: FAILED!` is not git's `fatal:`
    module = facts_of("ansible-playbook-module-failure").failures[0]
    assert "pyenv: python3.13: command not found" in module.reason and "rc=127" in module.reason
    ok = facts_of("ansible-playbook-ok")
    assert ok.failures == [] and "changed (1 task): write config" in ok.highlights


def test_sqlfluff_rows_and_wrapped_messages_without_rule_names():
    facts = facts_of("sqlfluff-lint")
    assert facts.counts == {"errors": 11}
    first = facts.diagnostics[0]
    assert (first.file, first.line, first.col, first.code) == ("orders.sql", 1, 1, "LT09")
    assert first.message == "Select targets should be on a new line unless there is only one select target."


def test_erlang_source_excerpts_are_not_output_lines_worth_showing():
    from terminus_edge.summarize.context import context_lines
    text = "a.erl:3:5: variable 'X' is unbound\n%    3|     X + 1.\n%     |     ^\nsome other line\n"
    assert context_lines(text, "a.erl:3:5: variable 'X' is unbound", 100) == "some other line"


# --- test-unit / robot / gdb -------------------------------------------------------------------------------------------

def test_test_unit_blocks_and_tally():
    facts = facts_of("ruby-test-unit-failures")
    assert facts.counts == {"total": 6, "failed": 2, "errors": 0, "passed": 3, "skipped": 1}
    low = facts.failures[1]
    assert (low.name, low.reason, low.location) == (
        "InventoryUnitTest#test_low_stock_limit", '<["A1"]> expected but was <[]>', "test/tc_inventory_unit.rb:15")
    error = extract_facts("ruby t.rb", "Error: test_x(T): ZeroDivisionError: divided by 0\nt.rb:4:in `/'\n"
                          "1 tests, 0 assertions, 0 failures, 1 errors, 0 pendings, 0 omissions, 0 notifications\n", 1)
    assert [(f.name, f.kind, f.reason, f.location) for f in error.failures] == [
        ("T#test_x", "error", "ZeroDivisionError: divided by 0", "t.rb:4")]


def test_robot_test_rows_not_suite_rows_and_the_top_tally():
    facts = facts_of("robot-failures")
    assert facts.counts == {"total": 5, "failed": 3, "passed": 2}
    assert [(f.name, f.reason) for f in facts.failures] == [
        ("EU Rate", "12.42 != 12.0"),
        ("Zero Weight Fails", "Expected error 'weight must be positive' but got 'ValueError: weight must be positive'."),
        ("Unknown Keyword", "No keyword with name 'Compute Tax' found.")]
    imported = facts_of("robot-library-import-failed")
    assert any("Importing library 'shipping.rates' failed" in e for e in imported.errors)


def test_gdb_signal_is_the_runs_error_at_the_programs_own_frame():
    facts = facts_of("gdb-batch-backtrace")
    tb = facts.traceback
    assert (tb.exc_type, tb.message, tb.file, tb.line, tb.function) == ("SIGSEGV", "Segmentation fault", "crash.c", 7, "label_len")
    clean = extract_facts("gdb -batch -ex run ./ok", "ok\n[Inferior 1 (process 42) exited with code 03]\n", 0)
    assert clean.traceback is None and "the program exited with code 3" in clean.highlights


def test_ctest_parallel_rows_do_not_borrow_other_tests_output():
    reasons = {f.name: f.reason for f in facts_of("ctest-parallel-rerun-failed").failures}
    assert reasons["math_div"] == "Failed" and reasons["math_crash"] == "Exception: SegFault"


# --- meson test / automake make check ----------------------------------------------------------------------------------

def test_meson_test_rows_error_logs_and_tally():
    facts = facts_of("meson-test-failures")
    assert facts.counts == {"failed": 2, "passed": 2, "errors": 1, "xfailed": 1, "total": 6}
    assert [(f.name, f.kind, f.reason) for f in facts.failures] == [
        ("math_div", "failed", "FAIL exit status 1; 7/2 expected 3.5 got 3"),
        ("math_crash", "failed", "FAIL killed by signal 11 SIGSEGV"),
        ("math_slow", "error", "TIMEOUT killed by signal 15 SIGTERM")]


def test_automake_rows_are_read_only_under_its_summary():
    facts = facts_of("automake-make-check")
    assert facts.counts == {"total": 5, "failed": 1, "errors": 1, "passed": 1, "skipped": 1, "xfailed": 1}
    assert [(f.name, f.kind) for f in facts.failures] == [("t_div.sh", "failed"), ("t_err.sh", "error")]
    plain = extract_facts("make check", "ERROR: could not connect\n", 2)
    assert "automake" not in plain.tools or plain.failures == []


def test_a_multi_line_exception_message_is_kept_whole():
    facts = facts_of("python-build-invalid-version")
    assert facts.traceback.message == ("invalid pyproject.toml config: `project.version`. "
                                       "configuration error: `project.version` must be pep440")
    log = ('Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    run()\nKeyError: \'id\'\n'
           "2026-11-25 10:00:01 INFO next request\n")
    assert extract_facts("python app.py", log, 1).traceback.message == "'id'"
    served = log.replace("2026-11-25 10:00:01 INFO next request", '127.0.0.1 - - [25/Nov/2026 12:43:39] "GET / HTTP/1.1" 500 -')
    assert extract_facts("cat server.log", served, 0).traceback.message == "'id'"
    made = log.replace("KeyError: 'id'", "ValueError: bad config.").replace("2026-11-25 10:00:01 INFO next request", "make: *** [Makefile:3: check] Error 1")
    assert extract_facts("make check", made, 2).traceback.message == "bad config."


def test_testthat_blocks_and_the_tally_split_into_failures_and_errors():
    facts = facts_of("r-testthat-failures")
    assert facts.counts == {"failed": 2, "errors": 1, "passed": 2, "skipped": 1}
    assert [(f.name, f.kind, f.location) for f in facts.failures] == [
        ("weighted mean rejects unequal lengths", "failed", "test-stats.R:8"),
        ("summarise_sales totals by region", "failed", "test-stats.R:15"),
        ("summarise_sales needs amount", "error", "test-stats.R:19")]


def test_ansible_loop_items_grouped_per_task_and_host_and_ignored_failures_not_failures():
    facts = facts_of("ansible-playbook-loop-unreachable")
    assert [f.name for f in facts.failures] == ["TASK [check ports] on db1 (items 8080, 9090, 443)",
                                                "TASK [check ports] on localhost (item 9090)"]
    assert facts.failures[0].reason.startswith("UNREACHABLE: Task failed: Failed to connect to the host via ssh")
    ignored = facts_of("ansible-playbook-ignored-failure")
    assert ignored.failures == [] and ignored.errors == []
    assert ignored.highlights[0].startswith("ignored failure: TASK [optional cleanup] on localhost")
    assert facts_of("ansible-playbook-syntax-error").errors[0].startswith("couldn't resolve module/action 'nme'")


def test_gdb_abort_skips_the_c_librarys_frames_and_keeps_the_assertion():
    facts = facts_of("gdb-batch-abort")
    tb = facts.traceback
    assert (tb.exc_type, tb.file, tb.line, tb.function) == ("SIGABRT", "abort.c", 6, "parse_qty")
    assert facts.errors == ["abort: abort.c:6: parse_qty: Assertion `q > 0 && \"quantity must be positive\"' failed."]
    assert "#6 parse_qty at abort.c:6; #7 main at abort.c:10" in facts.highlights[-1]


def test_held_out_passing_runs_of_rspec_meson_and_testthat():
    assert facts_of("rspec-pass-pending").counts == {"total": 3, "failed": 0, "passed": 2, "skipped": 1}
    assert facts_of("rspec-pass-pending").failures == []
    assert facts_of("meson-test-pass").counts == {"failed": 0, "passed": 2, "xfailed": 1, "total": 3}
    assert facts_of("r-testthat-pass").counts == {"failed": 0, "errors": 0, "passed": 4, "skipped": 1}


def test_phpcs_summary_report_totals_and_files():
    facts = facts_of("phpcs-summary-report")
    assert facts.counts == {"errors": 17, "warnings": 2}
    assert facts.highlights[0].startswith("by file: /home/dev/phpcart/src/helpers.php 14 errors 1 warning,")
    assert "phpcbf can fix 17 of them automatically" in facts.highlights


def test_bandit_clean_run_says_so_and_zero_tallies_are_not_errors():
    facts = facts_of("bandit-clean-verbose")
    assert "No issues identified" in facts.highlights and facts.diagnostics == [] and facts.errors == []


def test_helgrind_race_is_one_error_with_its_conflicting_access():
    facts = facts_of("valgrind-helgrind-race")
    assert facts.counts == {"errors": 2} and len(facts.diagnostics) == 2
    race = facts.diagnostics[0]
    assert (race.file, race.line) == ("race.c", 6)
    assert "This conflicts with a previous write of size 8 by thread #2" in race.message
    assert not any("Thread #3 was created" in d.message for d in facts.diagnostics)


def test_valgrind_warning_lines_are_warnings_not_errors():
    text = ("==7== Memcheck, a memory error detector\n==7== Warning: set address range perms: large range [0x1, 0x2)\n"
            "==7== \n==7== ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)\n")
    facts = extract_facts("valgrind ./big", text, 0)
    assert [d.severity for d in facts.diagnostics] == ["warning"] and facts.counts == {"errors": 0}


def test_cppcheck_lesser_levels_and_luacheck_rows():
    cpp = facts_of("cppcheck-errors")
    assert [(d.severity, d.code) for d in cpp.diagnostics] == [
        ("style", "unusedStructMember"), ("error", "uninitvar"), ("style", "unassignedVariable")]
    assert cpp.counts == {"errors": 1}  # style findings are neither errors nor warnings
    lua = facts_of("luacheck-warnings")
    assert lua.counts == {"errors": 0, "warnings": 5} and len(lua.diagnostics) == 5
    assert (lua.diagnostics[2].line, lua.diagnostics[2].message) == (9, "accessing undefined variable 'totl'")
    coded = extract_facts("luacheck --codes a.lua", "    a.lua:3:1: (E011) expected 'end' near <eof>\n\nTotal: 0 warnings / 1 error in 1 file\n", 1)
    assert [(d.severity, d.code) for d in coded.diagnostics] == [("error", "E011")]
