"""Round 11 (session 10): real crashes and build failures (segfaults, sanitizers, panics, deadlocks, faulthandler dumps,
ExceptionGroups, cmake / meson / configure; tests/data/real). test_facts_real_tools.py checks every case's summary; here
the parsers behind this round's fixes are checked directly, and the cases they fixed must keep their facts from the
parsed facts alone."""

from __future__ import annotations

import pytest
from real_captures import facts_of, facts_only_summary, missed_from_facts_alone

from terminus_edge.summarize.context import context_lines
from terminus_edge.summarize.facts import extract_facts

FACTS_ONLY = ["python-taskgroup-exception-group", "python-faulthandler-segfault", "go-run-stack-overflow",
              "rust-backtrace-full-index-panic", "cargo-build-script-panic", "node-unhandled-rejection-non-error",
              # captured after the round's fixes (the generalisation check)
              "python-exception-group-direct", "python-faulthandler-queue-timeout", "go-run-mutex-deadlock",
              "rust-named-thread-index-panic", "meson-test-assert-abort"]
# output lines, not parsed facts: meson's `Fail: 1` tally, the program's own `1 pricing thread(s) failed`
OUTPUT_LINE_FACTS = {"meson-test-assert-abort": {"counts"}, "rust-named-thread-index-panic": {"tally"}}


@pytest.mark.parametrize("name", FACTS_ONLY)
def test_parsed_facts_alone_keep_the_facts(name):
    missed, forbidden = missed_from_facts_alone(name)
    assert missed <= OUTPUT_LINE_FACTS.get(name, set()) and forbidden == [], facts_only_summary(name)


def test_exception_group_margins_and_sub_exceptions():
    raised = facts_of("python-taskgroup-exception-group")
    assert (raised.traceback.exc_type, raised.traceback.line) == ("ExceptionGroup", 12)
    assert [e.split(":")[0] for e in raised.errors] == ["ConnectionError", "ValueError"]
    direct = facts_of("python-exception-group-direct")
    assert direct.errors == ["KeyError: \"row 1: missing 'id'\"", "TypeError: row 2: id must be int, got str",
                             "KeyError: \"row 3: missing 'id'\""]


def test_faulthandler_dumps_name_each_threads_own_frame():
    hang = facts_of("python-faulthandler-deadlock-timeout")
    assert hang.errors[0].startswith("faulthandler timeout after 0:00:01")
    assert [e.rsplit(" at ", 1)[1] for e in hang.errors[1:]] == ["/home/dev/py/hang.py:7 in worker()",
                                                                "/home/dev/py/hang.py:12 in <module>()"]
    abort = facts_of("python-faulthandler-abort-thread")
    assert (abort.traceback.exc_type, abort.traceback.message, abort.traceback.function) == ("Fatal Python error", "Aborted", "shutdown")


def test_go_runtime_fatal_errors_with_the_first_own_frame():
    assert facts_of("go-run-deadlock-all-asleep").errors == [
        "fatal error: all goroutines are asleep - deadlock! at /home/dev/gocrash/deadlock/main.go:15"]
    assert facts_of("go-run-concurrent-map-writes").errors == ["fatal error: concurrent map writes at /home/dev/gocrash/cmap/main.go:16"]
    # a panic is told as before, not twice
    assert facts_of("go-run-index-out-of-range").errors == [
        "panic: runtime error: index out of range [5] with length 3 at /home/dev/gocrash/idx/main.go:11"]


def test_rust_panics_outside_cargo_and_indented_under_a_build_script():
    threads = facts_of("rust-thread-panic-join-unwrap").errors
    assert threads[0] == "thread 'indexer' panicked at src/main.rs:23:23: index queue must not be empty"
    assert threads[1].startswith("panicked at src/main.rs:25:22: called `Result::unwrap()`")
    assert not facts_of("rust-thread-panic-join-unwrap").failures  # no test ran: a thread is not a test
    assert facts_of("cargo-build-script-panic").errors[0].startswith("panicked at build.rs:4:45: proto directory must exist")


def test_a_test_threads_panic_is_still_a_test_failure():
    text = ("running 1 test\ntest tests::adds ... FAILED\n\nfailures:\n\n"
            "thread 'tests::adds' panicked at src/lib.rs:9:9:\nassertion failed: 1 == 2\n\n"
            "test result: FAILED. 0 passed; 1 failed; 0 ignored\n")
    facts = extract_facts("cargo test", text, 101)
    assert [(f.name, f.location) for f in facts.failures] == [("tests::adds", "src/lib.rs:9:9")]
    assert not any("panicked" in e for e in facts.errors)


def test_gdb_signal_in_a_thread_and_the_thread_count():
    gdb = facts_of("gdb-batch-thread-apply-all-bt")
    assert (gdb.traceback.exc_type, gdb.traceback.message, gdb.traceback.function) == ("SIGSEGV", "Segmentation fault in thread 4", "work")
    assert "backtraces of 4 threads" in gdb.highlights


def test_node_error_event_and_non_error_rejection():
    assert "unhandled 'error' event on a Socket" in facts_of("node-unhandled-error-event-econnrefused").highlights
    assert "unhandled 'error' event on a ChildProcess" in facts_of("node-spawn-enoent-error-event").highlights
    rejection = facts_of("node-unhandled-rejection-non-error").traceback
    assert rejection.message == 'a promise was rejected with the reason "#<Object>" and no .catch()'


def test_logging_error_names_the_call_site():
    errors = facts_of("python-logging-error").errors
    assert errors == ["logging error at /home/dev/py/logerr.py:5: message 'record %s failed' could not be formatted"]


def test_meson_error_log_prefers_the_failing_line_over_its_labels():
    failure = facts_of("meson-test-assert-abort").failures[0]
    assert failure.reason == "FAIL killed by signal 6 SIGABRT; t_decode: ../t_decode.c:3: main: Assertion `frames == 3' failed."
    assert facts_of("meson-test-failures").failures[0].reason == "FAIL exit status 1; 7/2 expected 3.5 got 3"


def test_a_line_longer_than_the_budget_does_not_stop_the_shorter_ones():
    text = "served 12 requests\n" + "future: " + "x " * 200 + "\nTraceback (most recent call last):\n" \
        '  File "/app/a.py", line 4, in f\n    raise KeyError(1)\nKeyError: 1\n'
    picked = context_lines(text, "exit code 0", 30)
    assert "served 12 requests" in picked and "future:" not in picked
