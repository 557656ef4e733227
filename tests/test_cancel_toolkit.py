"""Toolkit.run_in_terminal(cancel=...): the answer and the stored log say the client cancelled it."""

from __future__ import annotations

import re
import threading

from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore


def test_a_cancelled_command_is_summarized_and_read_back_as_cancelled(tmp_path):
    cancel = threading.Event()
    threading.Timer(0.8, cancel.set).start()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store)
        answer = toolkit.run_in_terminal("echo first; echo oops >&2; sleep 20; echo never", timeout_ms=60000,
                                         cancel=cancel)
        assert answer.text.startswith("Command: echo first")
        assert re.search(r"Summary: cancelled by the client after 0\.[5-9] s; .*exit code 143", answer.text), answer.text
        log = toolkit.read_log(answer.log_ids[0]).text
    assert log.splitlines()[0].endswith("cancelled by the client (exit 143), 2 lines")
    assert log.splitlines()[1:] == ["1: first", "2: oops"]


def test_a_command_that_ends_before_the_cancel_reads_as_usual(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store)
        answer = toolkit.run_in_terminal("echo done", cancel=threading.Event())
        log = toolkit.read_log(answer.log_ids[0]).text
    assert "cancelled" not in answer.text and "exit 0" in log.splitlines()[0]
