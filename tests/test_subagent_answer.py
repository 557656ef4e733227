"""The final answer read off the records: verdict lines, quoted source, searches, per-suite tallies."""

from __future__ import annotations

from terminus_edge.subagent.answer import assemble_answer, verdict
from terminus_edge.subagent.records import CommandRecord
from terminus_edge.subagent.suites import suite_tallies

CARGO = """\
   Compiling roman v0.2.0 (/x)
     Running unittests src/lib.rs (target/debug/deps/roman-78c3)

running 6 tests
test result: ok. 6 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/roundtrip.rs (target/debug/deps/roundtrip-3df1)

running 2 tests
test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests roman

running 1 test
test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.08s
"""


def rec(**kw) -> CommandRecord:
    base = {"command": "make", "kind": "build", "origin": "rules", "exit_code": 0}
    base.update(kw)
    return CommandRecord(**base)


def test_cargo_suites():
    assert suite_tallies(CARGO) == ["src/lib.rs (unit tests): 6 passed, 0 failed", "tests/roundtrip.rs: 1 passed, 1 failed, 1 ignored",
                                    "doc-tests (roman): 1 passed, 0 failed"]


def test_other_runners_and_single_suites():
    go = "ok  \texample.com/a\t0.01s\nFAIL\texample.com/b\t0.20s\n"
    assert suite_tallies(go) == ["example.com/a: passed", "example.com/b: FAILED"]
    maven = ("Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s - in com.x.ATest\n"
             "Tests run: 2, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.1 s - in com.x.BTest\n")
    assert suite_tallies(maven) == ["com.x.ATest: 2 passed, 1 failed, 0 errors", "com.x.BTest: 1 passed, 0 failed, 0 errors"]
    assert suite_tallies("test result: ok. 3 passed; 0 failed") == []
    assert suite_tallies("Ran 3 tests in 0.1s\n\nOK\n") == []


def test_verdicts_state_the_outcome_and_the_exit_code():
    assert verdict(rec(exit_code=2)) == "The build failed: `make` exited with code 2."
    assert verdict(rec()) == "Build succeeded: `make` exited with code 0."
    failed = rec(command="pytest", kind="test", exit_code=1, facts={"counts": {"failed": 1, "errors": 1, "passed": 4}, "count_unit": "tests"})
    assert verdict(failed) == "Tests failed: `pytest` exited with code 1 (1 failed, 1 error, 4 passed tests)."
    passed = rec(command="cargo test", kind="test", output=CARGO.replace("1 passed; 1 failed", "2 passed; 0 failed"),
                 facts={"counts": {"failed": 0, "passed": 9}, "count_unit": "tests"})
    text = verdict(passed)
    assert text.startswith("Tests passed, no failures: `cargo test` exited with code 0 (0 failed, 9 passed tests).")
    assert "tests/roundtrip.rs: 2 passed" in text
    crash = rec(command="python3 -m app", kind="run", exit_code=1,
                facts={"traceback": {"exc_type": "KeyError", "message": "'x'", "file": "app/m.py", "line": 3}})
    assert verdict(crash) == "`python3 -m app` crashed with KeyError: 'x' in app/m.py:3 (exit code 1)."


def test_a_run_of_zero_tests_is_not_called_a_pass():
    for code in (0, 5):  # unittest before 3.12 exits 0 on "Ran 0 tests"; pytest exits 5 when it collects nothing
        empty = rec(command="python3 -m unittest -v", kind="test", exit_code=code,
                    facts={"counts": {"total": 0, "failed": 0, "errors": 0, "passed": 0}, "count_unit": "tests"})
        assert verdict(empty) == f"No tests ran: `python3 -m unittest -v` found no tests to run (exit code {code})."


def test_a_zero_exit_with_failures_counted_is_not_called_a_pass():
    odd = rec(command="runner", kind="test", exit_code=0, facts={"counts": {"failed": 2, "passed": 1}})
    assert verdict(odd).startswith("Tests failed")


def test_hang_verdict_names_the_stuck_test_and_what_finished():
    output = "test_a (t.T.test_a) ... ok\ntest_b (t.T.test_b) ... FAIL\ntest_c (t.T.test_c) ... "
    text = verdict(rec(command="timeout 60 python3 -m unittest -v", kind="test", exit_code=124, timed_out=True,
                       timeout_s=60, output=output))
    assert "did not finish within 60 s and was stopped by the timeout (exit code 124)" in text
    assert "still inside test_c (started, no result reported)" in text and "test_a ok, test_b FAIL" in text


def test_answer_quotes_source_and_search_and_keeps_summary_blocks():
    main = rec(exit_code=2, summary_text="Command: make\nSummary: exit code 2; undefined reference to `foo_bar'\nLog: 7", log_id=7)
    search = rec(command="grep -rnw -e foo_bar -e foo_bra --include='*.c' .", kind="search", log_id=8,
                 output="./a.c:3:  foo_bar();\n./b.c:9:int foo_bra(void) {\n")
    source = rec(command="awk ... a.c", kind="source", log_id=9, output="a.c:3:   foo_bar();\n" + "a.c:4: x\n" * 40)
    refused = rec(command="rm -rf /", kind="other", refused="refused: the command deletes files", exit_code=None)
    answer = assemble_answer("does it build?", [main, search, source, refused])
    assert answer.startswith("The build failed: `make` exited with code 2.\n`rm -rf /` was not run")
    assert "Command: make\nSummary: exit code 2; undefined reference to `foo_bar'\nLog: 7" in answer
    assert "Names similar to foo_bar found in the project: foo_bra (./b.c:9)." in answer
    assert "a.c:3:   foo_bar();" in answer and "more lines in the log" in answer and "Log: 9" in answer
    assert "Command: rm -rf /\nSummary: not run" in answer


def test_no_records():
    assert "No command was run" in assemble_answer("x", [])
