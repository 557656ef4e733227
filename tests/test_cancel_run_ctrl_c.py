"""Ctrl-C at a terminal during `terminus-edge run -- CMD`: the terminal signals the CLI's whole process group, the
CLI passes the signal on to the command (in its own session) and summarizes what came out. The store row must say
the run was cancelled (`logs list --cancelled` lists it), as a cancelled `summarize` and a client's cancel do.
Before: the row looked like any run that ended with 130 on its own."""

from __future__ import annotations

import os
import signal

from terminus_edge.logstore import LogStore
from terminus_edge.paths import data_dir
from signal_runs import signal_while_running, sleeps, start_cli

DURATION = "30.93"  # no other test sleeps this long: sleeps() finds only this test's command


def test_ctrl_c_during_run_marks_its_log_cancelled(te_home):
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home))
    status, out, err, _ = signal_while_running(["run", "--no-model", "--", f"echo started; sleep {DURATION}"], env,
                                               DURATION, signal.SIGINT, to_group=True)  # what a terminal does on Ctrl-C
    assert status == 130, (status, out, err)
    assert "SIGINT" in out and "Log: 1" in out  # the summary says what ended it, and names the log
    assert not sleeps(DURATION)  # the command was stopped, not left behind
    with LogStore(data_dir() / "logs.sqlite3") as store:
        record = store.get(1)
        assert record.cancelled and record.exit_code == 130 and record.status == "ok"
        assert store.read_raw(1) == b"started\n"
        assert [r.id for r in store.list(cancelled=True)] == [1]


def test_run_that_ends_on_its_own_is_not_marked_cancelled(te_home):
    proc = start_cli(["run", "--no-model", "--", "echo done; exit 130"], te_home)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    with LogStore(data_dir() / "logs.sqlite3") as store:
        assert not store.get(1).cancelled and store.list(cancelled=True) == []
