"""Ctrl-C (or SIGTERM) to `terminus-edge subagent` cancels the whole run as an MCP client's cancel does: the
command's process group ends, a model call stops within a decode step, no further step starts, the log is kept
and marked cancelled; one line says what was cancelled and where the log is; the exit status is 130 (143)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import psutil
import pytest
from click.testing import CliRunner

from terminus_edge.cancel import Cancel, StillStopping, run_interruptible
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel
from signal_runs import signal_while_running, sleeps

SLEEP = "31.9"  # a duration no other test uses: a leftover `sleep 31.9` is ours
LONG = f"echo started; sleep {SLEEP}; echo never"


def leftover_sleeps() -> list[psutil.Process]:
    return sleeps(SLEEP)


@pytest.mark.parametrize(("signum", "by"), [(signal.SIGINT, "the user (Ctrl-C)"),
                                           (signal.SIGTERM, "a signal (SIGTERM)")], ids=["ctrl-c", "term"])
def test_a_signal_cancels_the_whole_run(tmp_path, te_home, signum, by):
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONUNBUFFERED="1")
    returncode, out, err, took = signal_while_running(
        ["subagent", "--no-model", "--cwd", str(tmp_path), f"run `{LONG}`"], env, SLEEP, signum)
    print(f"\n{signal.Signals(signum).name} to exit: {took:.2f} s")
    assert returncode == 128 + signum, (returncode, err)
    assert out == "" and took < 3, (out, took)
    (line,) = err.splitlines()
    assert line.startswith(f"terminus-edge: subagent cancelled by {by} after "), line
    assert line.endswith(f": `{LONG}` was stopped (exit 143); its log: terminus-edge logs show 1"), line
    assert leftover_sleeps() == []
    with LogStore() as store:
        (record,) = store.list()
        assert record.id == 1 and record.cancelled and record.status == "ok" and record.exit_code == 143
        assert list(store.iter_lines(record.id)) == ["started"]
        assert f"cancelled by {by} after " in record.summary
        assert json.loads(record.facts_json)["cancelled_by"] == by


def test_ctrl_c_during_a_planning_turn_stops_the_model_within_a_step(tmp_path, monkeypatch):
    fired = []

    def ctrl_c() -> None:
        fired.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    def reply(messages) -> str:  # the planning turn has begun: Ctrl-C while it writes
        threading.Timer(0.3, ctrl_c).start()
        return " ".join(["thinking"] * 500)

    model = FakeModel(reply, name="scripted-qwen3", token_delay_s=0.02)
    monkeypatch.setattr("terminus_edge.cli.run_cmd.pick_model", lambda bundle, no_model: (model, None))
    from terminus_edge.cli.subagent_cmd import subagent

    result = CliRunner().invoke(subagent, ["--cwd", str(tmp_path), "--planner", "model", "run the tests"])
    took = time.monotonic() - fired[0]
    assert result.exit_code == 130, (result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr.strip().startswith("terminus-edge: subagent cancelled by the user (Ctrl-C) after 0.")
    assert result.stderr.strip().endswith(", before any command ran"), result.stderr
    assert model.stop_reasons == ["cancelled"] and took < 0.5, took
    with LogStore() as store:
        assert store.list() == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_work_that_does_not_stop_is_waited_for_only_so_long():
    cancel = Cancel()
    threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGTERM)).start()
    t0 = time.monotonic()
    with pytest.raises(StillStopping, match="still stopping 0.3 s after the cancel"):
        run_interruptible(lambda: time.sleep(3), cancel, stop_wait_s=0.3)
    assert time.monotonic() - t0 < 1.0 and cancel.signum == signal.SIGTERM


def test_off_the_main_thread_the_work_just_runs():
    values = []
    worker = threading.Thread(target=lambda: values.append(run_interruptible(lambda: 7, Cancel())))
    worker.start()
    worker.join(5)
    assert values == [7]


def test_the_line_names_the_stopped_command_and_the_logs_before_it():
    from terminus_edge.cli.subagent_cmd import cancelled_line
    from terminus_edge.subagent.loop import SubagentResult
    from terminus_edge.subagent.records import CommandRecord

    ran = CommandRecord("ls", "inspect", "rules", exit_code=0, log_id=4)
    refused = CommandRecord("rm -rf build", "delete", "rules", refused="policy")
    stopped = CommandRecord("pytest -x\n  -q", "test", "rules", exit_code=143, log_id=5, facts={"cancelled": True})
    result = SubagentResult("", ["ls", "rm -rf build", "pytest -x"], [0, None, 143], 3, 2345.0, [4, 5],
                            records=[ran, refused, stopped])
    assert cancelled_line(result, "a signal (SIGHUP)") == (
        "terminus-edge: subagent cancelled by a signal (SIGHUP) after 2.3 s: `pytest -x -q` was stopped (exit 143); "
        "its log: terminus-edge logs show 5; logs of the 1 command run before: 4")
    between = SubagentResult("", ["ls"], [0], 1, 100.0, [4], records=[ran])
    assert cancelled_line(between, "the user (Ctrl-C)") == (
        "terminus-edge: subagent cancelled by the user (Ctrl-C) after 0.1 s, between its steps; "
        "logs of the 1 command run before: 4")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_json_says_cancelled_by_whom_with_the_turns_so_far(tmp_path, te_home, signum):
    """--json on a cancel: the object a finished run prints, saying cancelled, by whom and the exit status (was:
    nothing on stdout, so a calling program had nothing to parse)."""
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONUNBUFFERED="1")
    returncode, out, err, _ = signal_while_running(
        ["subagent", "--json", "--no-model", "--cwd", str(tmp_path), f"run `{LONG}`"], env, SLEEP, signum)
    assert returncode == 128 + signum, (returncode, err)
    answer = json.loads(out)
    assert answer["cancelled"] is True and answer["cancelled_by"] == ("the user (Ctrl-C)" if signum == signal.SIGINT
                                                                      else "a signal (SIGTERM)")
    assert answer["exit_status"] == 128 + signum and answer["note"] is None
    assert answer["commands"] == [LONG] and answer["exit_codes"] == [143] and answer["log_ids"] == [1]
    assert answer["turns"] >= 1 and answer["planner"] == "rules" and answer["latency_ms"] > 0
    assert err.startswith("terminus-edge: subagent cancelled by ") and len(err.splitlines()) == 1
    assert leftover_sleeps() == []


def test_json_of_a_finished_run_says_not_cancelled(tmp_path, te_home):
    from terminus_edge.cli import main

    result = CliRunner().invoke(main, ["subagent", "--json", "--no-model", "--cwd", str(tmp_path), "run `echo hi`"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["cancelled"] is False and answer["cancelled_by"] is None and answer["exit_status"] == 0
    assert answer["commands"] == ["echo hi"] and answer["exit_codes"] == [0] and answer["note"] is None
