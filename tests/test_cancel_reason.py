"""Who cancelled: a Cancel (a threading.Event with a reason) makes every note a cancel leaves name it — the
capture's note, the stored summary, its facts and read_log's header — and a plain Event still reads as the
MCP client's cancel."""

from __future__ import annotations

import json
import signal
import threading

import pytest

from terminus_edge.cancel import (APP_CLOSED, CLIENT, USER_INTERRUPT, Cancel, by_signal, cancel_with, cancelled_by,
                                  exit_status)
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore
from terminus_edge.subagent.loop import execution_subagent


def test_a_cancel_is_an_event_that_keeps_its_first_reason():
    cancel = Cancel()
    assert isinstance(cancel, threading.Event) and not cancel.is_set() and cancelled_by(cancel) == CLIENT
    assert not cancel.wait(0.01)
    cancel.set(APP_CLOSED)
    cancel.set(signum=signal.SIGINT)  # a later Ctrl-C does not rename it
    assert cancel.is_set() and cancel.wait(0) and cancelled_by(cancel) == APP_CLOSED and cancel.signum is None
    assert exit_status(cancel) == 130


@pytest.mark.parametrize(("signum", "by", "status"), [
    (signal.SIGINT, USER_INTERRUPT, 130), (signal.SIGTERM, "a signal (SIGTERM)", 143),
    (signal.SIGHUP, "a signal (SIGHUP)", 129)])
def test_a_signal_names_itself_and_gives_its_exit_status(signum, by, status):
    cancel = Cancel()
    cancel_with(cancel, signum=signum)
    assert by_signal(signum) == by and cancelled_by(cancel) == by and exit_status(cancel) == status


def test_a_plain_event_reads_as_the_client():
    event = threading.Event()
    cancel_with(event, USER_INTERRUPT, signum=signal.SIGINT)  # a plain Event cannot say why: it is just set
    assert event.is_set() and cancelled_by(event) == CLIENT and cancelled_by(None) == CLIENT
    assert exit_status(event) == 130 and exit_status(None, default=1) == 1


def test_the_notes_of_a_users_cancel_say_it_was_the_user(tmp_path):
    cancel = Cancel()
    threading.Timer(0.6, lambda: cancel.set(signum=signal.SIGINT)).start()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store)
        answer = toolkit.run_in_terminal("echo first; sleep 20; echo never", timeout_ms=60000, cancel=cancel)
        assert "Summary: cancelled by the user (Ctrl-C) after 0." in answer.text, answer.text
        assert "the client" not in answer.text
        (record,) = store.list(cancelled=True)
        assert json.loads(record.facts_json)["cancelled_by"] == USER_INTERRUPT
        header = toolkit.read_log(record.id).text.splitlines()[0]
    assert header.endswith("cancelled by the user (Ctrl-C) (exit 143), 1 lines"), header


def test_the_subagent_loop_names_who_cancelled(tmp_path):
    cancel = Cancel()
    threading.Timer(0.6, lambda: cancel.set(APP_CLOSED)).start()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("run `echo first; sleep 20`", cwd=tmp_path, store=store, cancel=cancel)
        (record,) = store.list()
        assert record.cancelled and "cancelled by the TUI closing after 0." in record.summary
        assert json.loads(record.facts_json)["cancelled_by"] == APP_CLOSED
    assert "cancelled by the TUI closing" in result.records[0].summary_text
