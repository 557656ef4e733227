"""Ctrl-C, SIGTERM or SIGHUP that reach a `terminus-edge` command before (or outside) a run that takes the signals
itself (the bundle loading, stdin being read, the gist after a command ended) end it as a cancel during the run
does: one stderr line naming who cancelled and the logs already kept, exit 130 (143, 129), the logs kept. Before:
click's "Aborted!" and exit 1 for Ctrl-C; SIGTERM ended the process on the spot, its log left unfinished."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time

import pytest
from click.testing import CliRunner

from terminus_edge.cancel import SignalInterrupt, interrupt_signum, signals_interrupt
from terminus_edge.cli import main
from terminus_edge.logstore import LogStore
from signal_runs import BY, blocking_bundle, start_cli, wait_until_input_read, writer_end

SIGNALS = pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])


def ctrl_c_here() -> None:
    """What Ctrl-C does to the process while it is in the middle of something: KeyboardInterrupt, raised here."""
    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # to this (the main) thread, not any
    time.sleep(5)
    raise AssertionError("Ctrl-C never arrived")


def test_ctrl_c_while_the_subagent_loads_its_bundle(tmp_path, te_home, monkeypatch):
    monkeypatch.setattr("terminus_edge.cli.run_cmd.pick_model", lambda bundle, no_model: ctrl_c_here())
    result = CliRunner().invoke(main, ["subagent", "--cwd", str(tmp_path), "run the tests"])
    assert result.exit_code == 130, (result.output, result.exception)
    assert result.stdout == "" and "Aborted" not in result.stderr
    assert re.fullmatch(r"terminus-edge: subagent cancelled by the user \(Ctrl-C\) after \d+\.\d s, "
                        r"before it stored any log\n", result.stderr), result.stderr
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back


def test_ctrl_c_while_the_subagent_loads_its_bundle_still_prints_its_json(tmp_path, te_home, monkeypatch):
    monkeypatch.setattr("terminus_edge.cli.run_cmd.pick_model", lambda bundle, no_model: ctrl_c_here())
    result = CliRunner().invoke(main, ["subagent", "--json", "--cwd", str(tmp_path), "run the tests"])
    assert result.exit_code == 130, (result.output, result.exception)
    answer = json.loads(result.stdout)
    assert answer["cancelled"] is True and answer["cancelled_by"] == "the user (Ctrl-C)"
    assert answer["exit_status"] == 130 and answer["log_ids"] == [] and answer["turns"] is None
    assert answer["planner"] == "auto" and answer["latency_ms"] >= 0
    assert result.stderr.startswith("terminus-edge: subagent cancelled by the user (Ctrl-C) after ")


def test_ctrl_c_during_the_gist_after_run_keeps_the_log_and_names_it(tmp_path, te_home, monkeypatch):
    monkeypatch.setattr("terminus_edge.cli.run_cmd.pick_model", lambda bundle, no_model: ctrl_c_here())
    result = CliRunner().invoke(main, ["run", "--", "echo kept"])
    assert result.exit_code == 130, (result.output, result.exception)
    assert re.fullmatch(r"terminus-edge: run cancelled by the user \(Ctrl-C\) after \d+\.\d s; the log it kept: "
                        r"terminus-edge logs show 1\n", result.stderr), result.stderr
    with LogStore() as store:
        (record,) = store.list()
        assert record.status == "ok" and record.exit_code == 0 and list(store.iter_lines(1)) == ["kept"]


def test_a_nested_command_is_named_in_full(te_home, monkeypatch):
    monkeypatch.setattr("terminus_edge.cli.bundle_cmd.resolve_bundle", lambda name: ctrl_c_here())
    result = CliRunner().invoke(main, ["bundle", "info"])
    assert result.exit_code == 130, (result.output, result.exception)
    assert result.stderr.startswith("terminus-edge: bundle info cancelled by the user (Ctrl-C) after "), result.stderr


@SIGNALS
def test_a_signal_while_the_bundle_is_read(tmp_path, te_home, signum):
    """The bundle check reads the cache of verified bundles, here a FIFO nobody writes: the subagent is stuck
    loading its bundle until the signal comes."""
    bundle, fifo = blocking_bundle(tmp_path, te_home)
    proc = start_cli(["subagent", "--bundle", str(bundle), "--cwd", str(tmp_path), "run the tests"], te_home,
                  stdin=subprocess.DEVNULL)
    try:
        writer = writer_end(fifo)
        time.sleep(0.2)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
        os.close(writer)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum, (proc.returncode, err)
    assert out == "" and "Traceback" not in err and "Aborted" not in err
    # the log store was not loaded yet, so the line says nothing of logs (none could have been stored)
    assert re.fullmatch(rf"terminus-edge: subagent cancelled by {re.escape(BY[signum])} after \d+\.\d s\n", err), err


@SIGNALS
def test_a_signal_while_summarize_reads_its_input_keeps_what_came_in(te_home, signum):
    proc = start_cli(["summarize", "--no-model", "--command", "make"], te_home, stdin=subprocess.PIPE)
    try:
        proc.stdin.write("compiling a.c\ncompiling b.c\n")
        proc.stdin.flush()
        wait_until_input_read(proc, te_home)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum, (proc.returncode, err)
    assert out == "" and "Aborted" not in err
    assert re.fullmatch(rf"terminus-edge: summarize cancelled by {re.escape(BY[signum])} after \d+\.\d s; the log it "
                        r"kept: terminus-edge logs show 1\n", err), err
    with LogStore() as store:
        (record,) = store.list()
        assert record.status == "ok" and record.cancelled
        assert list(store.iter_lines(record.id)) == ["compiling a.c", "compiling b.c"]


def test_signals_interrupt_raises_for_term_and_hup_and_puts_the_handlers_back():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SignalInterrupt) as raised, signals_interrupt():
        signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
        time.sleep(5)
    assert isinstance(raised.value, KeyboardInterrupt) and interrupt_signum(raised.value) == signal.SIGTERM
    assert str(raised.value) == "a signal (SIGTERM)"
    assert signal.getsignal(signal.SIGTERM) is before
    assert interrupt_signum(KeyboardInterrupt()) == signal.SIGINT


def test_signals_interrupt_leaves_an_ignored_signal_ignored(monkeypatch):
    """nohup's SIGHUP stays ignored: the command must outlive the terminal it was started from."""
    saved = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with signals_interrupt():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            signal.pthread_kill(threading.main_thread().ident, signal.SIGHUP)  # ignored: nothing raised
            time.sleep(0.1)
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, saved)


def test_the_line_names_the_logs_kept_and_folds_a_long_list():
    from terminus_edge.cli.interrupted import cancelled_line

    assert cancelled_line("run", "the user (Ctrl-C)", 1.25, [7]) == (
        "terminus-edge: run cancelled by the user (Ctrl-C) after 1.2 s; the log it kept: terminus-edge logs show 7")
    assert cancelled_line("mcp", "a signal (SIGTERM)", 60, [3, 4]) == (
        "terminus-edge: mcp cancelled by a signal (SIGTERM) after 60.0 s; the 2 logs it kept: 3, 4 "
        "(terminus-edge logs show 3)")
    assert cancelled_line("mcp", "a signal (SIGHUP)", 9, list(range(10, 40))).endswith(
        "; the 30 logs it kept: 10 … 39 (terminus-edge logs show 10)")
    assert cancelled_line("logs list", "the user (Ctrl-C)", 0.04, None) == (
        "terminus-edge: logs list cancelled by the user (Ctrl-C) after 0.0 s (the logs it kept, if any: "
        "terminus-edge logs list)")


def test_a_command_that_stores_no_logs_says_nothing_of_them(monkeypatch):
    from terminus_edge.cli.interrupted import cancelled_line

    assert cancelled_line("redact", "the user (Ctrl-C)", 2.0, [], stores_logs=False) == (
        "terminus-edge: redact cancelled by the user (Ctrl-C) after 2.0 s")


def test_ctrl_c_while_redact_reads_its_input(te_home):
    """A plain stdin-to-stdout command (no log store): the line, exit 130; before: "Aborted!", exit 1."""
    proc = start_cli(["redact"], te_home, stdin=subprocess.PIPE)
    try:
        proc.stdin.write("password=hunter2\n")
        proc.stdin.flush()
        masked = proc.stdout.readline()  # it is running the command: reading its input, line by line
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (proc.returncode, err)
    assert "hunter2" not in masked and out == ""
    assert re.fullmatch(r"terminus-edge: redact cancelled by the user \(Ctrl-C\) after \d+\.\d s\n", err), err


def test_ctrl_c_while_the_agent_sets_up(tmp_path, te_home, monkeypatch):
    """Before the bridge's send() takes the signals (the toolkit and its bundle being set up): exit 130, one line."""
    monkeypatch.setattr("terminus_edge.integrations.toolkit.Toolkit.__init__", lambda self, **kwargs: ctrl_c_here())
    result = CliRunner().invoke(main, ["agent", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m",
                                       "--approve", "auto", "--cwd", str(tmp_path), "fix the build"])
    assert result.exit_code == 130, (result.output, result.exception)
    assert result.stdout == "" and "Aborted" not in result.stderr
    assert result.stderr.startswith("terminus-edge: agent cancelled by the user (Ctrl-C) after "), result.stderr
    assert len(result.stderr.splitlines()) == 1
