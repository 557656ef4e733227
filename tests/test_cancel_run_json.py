"""`run --json` and `summarize --json` ended by Ctrl-C, SIGTERM or SIGHUP at the CLI's root (the gist's bundle being
loaded, stdin being read) still print their object, the same fields as a finished run's, saying cancelled, by whom,
the exit status (130 / 143 / 129) and what was known by then. Before: nothing on stdout, so a calling program had
nothing to parse."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from terminus_edge.logstore import LogStore
from signal_runs import BY, blocking_bundle, start_cli, wait_until_input_read, writer_end

SIGNALS = pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "term", "hup"])
FINISHED = {"id", "command", "exit_code", "duration_s", "summary", "facts", "tokens_raw", "tokens_summary"}
FIELDS = FINISHED | {"cancelled", "cancelled_by", "exit_status", "note"}


def _stop(proc: subprocess.Popen, signum: int) -> tuple[str, str]:
    try:
        proc.send_signal(signum)
        return proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


@SIGNALS
def test_summarize_json_cancelled_while_it_reads_its_input(te_home, signum):
    proc = start_cli(["summarize", "--json", "--no-model", "--command", "make", "--exit-code", "2"], te_home,
                  stdin=subprocess.PIPE)
    proc.stdin.write("compiling a.c\n")
    proc.stdin.flush()
    wait_until_input_read(proc, te_home)
    out, err = _stop(proc, signum)
    assert proc.returncode == 128 + signum, (proc.returncode, err)
    answer = json.loads(out)
    assert set(answer) == FIELDS
    assert answer["cancelled"] is True and answer["cancelled_by"] == BY[signum]
    assert answer["exit_status"] == 128 + signum and answer["id"] == 1 and answer["command"] == "make"
    assert answer["exit_code"] == 2  # as given: the command's own, not the cancel's
    assert answer["summary"] is None and answer["facts"] is None and answer["tokens_raw"] is None
    assert answer["note"] == "cancelled while the input was read; what came in: terminus-edge logs show 1"
    assert err.startswith(f"terminus-edge: summarize cancelled by {BY[signum]} after ") and len(err.splitlines()) == 1


@SIGNALS
def test_run_json_cancelled_during_the_gist_gives_the_exit_code_and_the_log(tmp_path, te_home, signum):
    bundle, fifo = blocking_bundle(tmp_path, te_home)
    proc = start_cli(["run", "--json", "--bundle", str(bundle), "--", "echo kept; exit 3"], te_home,
                  stdin=subprocess.DEVNULL)
    writer = writer_end(fifo)  # the command ran; the gist's bundle is being loaded
    try:
        time.sleep(0.2)
        out, err = _stop(proc, signum)
    finally:
        os.close(writer)
    assert proc.returncode == 128 + signum, (proc.returncode, err)
    answer = json.loads(out)
    assert set(answer) == FIELDS
    assert answer["cancelled"] is True and answer["cancelled_by"] == BY[signum]
    assert answer["exit_status"] == 128 + signum and answer["exit_code"] == 3 and answer["id"] == 1
    assert answer["command"] == "echo kept; exit 3" and answer["duration_s"] >= 0
    assert answer["summary"] is None and answer["facts"] is None and answer["tokens_summary"] is None
    assert answer["note"] == "cancelled before the summary was made; the raw log: terminus-edge logs show 1"
    assert err.startswith(f"terminus-edge: run cancelled by {BY[signum]} after ") and len(err.splitlines()) == 1
    with LogStore() as store:
        assert list(store.iter_lines(1)) == ["kept"]


def test_a_finished_run_json_keeps_its_fields(te_home):
    proc = start_cli(["run", "--json", "--no-model", "--", "echo out; exit 4"], te_home, stdin=subprocess.DEVNULL)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 4, err
    answer = json.loads(out)
    assert set(answer) == FINISHED and answer["exit_code"] == 4 and "exit code 4" in answer["summary"].lower()


def test_a_cancel_after_the_summary_was_made_still_gives_it():
    from terminus_edge.cli.run_json import Progress, cancelled_object
    from terminus_edge.summarize import summarize

    progress = Progress("make", 2, 7, 1.5, summarize("make", b"error: boom\n", 2, log_id="7"), ended=True)
    answer = cancelled_object(progress, "a signal (SIGHUP)", 129, "run")
    assert answer["summary"] == progress.summary.text and answer["facts"]["exit_code"] == 2
    assert answer["exit_status"] == 129 and answer["cancelled_by"] == "a signal (SIGHUP)"
    assert answer["note"] == "cancelled after the summary was made; the raw log: terminus-edge logs show 7"
    unstored = cancelled_object(Progress("make"), "the user (Ctrl-C)", 130, "run")
    assert unstored["note"] == "cancelled before the command ran" and unstored["exit_code"] is None
