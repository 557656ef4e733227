"""read_log's grep under a deadline: an agent's regex that backtracks for ever must cost one tool error, not the
MCP server (Python's re holds the GIL while it matches: every other call and the server's exit waited on it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from terminus_edge.errors import ToolInputError
from terminus_edge.integrations.bounded_grep import bounded_log_answer
from terminus_edge.integrations.read_log import log_answer
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore
from terminus_edge.logstore_db import LogStoreError


@pytest.fixture
def log_id():
    with LogStore() as store:
        raw = b"start\n" + b"a" * 40 + b"\nerror: boom at line 3\ntoken=ghp_aB3dE5gH7jK9mN1pQ3sT5vX7yZ9bC1dE3fG5\n"
        return store.add("make", raw, exit_code=2)


def test_a_backtracking_grep_is_a_tool_error_within_its_deadline_while_other_threads_run(tmp_path, log_id):
    script = textwrap.dedent(f"""
        import threading, time
        from terminus_edge.errors import ToolInputError
        from terminus_edge.integrations import bounded_grep
        from terminus_edge.integrations.toolkit import Toolkit
        bounded_grep.GREP_DEADLINE_S = 2.0
        ticks = []
        threading.Thread(target=lambda: [ticks.append(time.sleep(0.05)) for _ in range(1000)], daemon=True).start()
        kit = Toolkit(cwd={str(tmp_path)!r}, use_model=False)
        try:
            kit.read_log({log_id}, grep="(a+)+b")
        except ToolInputError as error:
            print("ERROR", error)
        print("TICKS", len(ticks))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90)
    assert "ERROR grep /(a+)+b/ did not finish within 2 s" in done.stdout, done.stderr
    ticks = int(done.stdout.split("TICKS ")[1])
    assert ticks >= 5, done.stdout  # the other thread ran meanwhile (2 s of 50 ms naps: about 40)


def test_a_grep_answers_as_before(tmp_path, log_id):
    kit = Toolkit(cwd=tmp_path, use_model=False)
    with LogStore() as store:
        expected = log_answer(store, log_id, None, "error|token")
    answer = kit.read_log(log_id, grep="error|token").text
    assert answer == expected and "error: boom" in answer and "ghp_" not in answer  # redacted as before
    with pytest.raises(ToolInputError, match="not a valid regular expression"):
        kit.read_log(log_id, grep="(")
    with pytest.raises(ToolInputError, match="starts at 50"):
        kit.read_log(log_id, lines="50:60", grep="a")
    with LogStore() as store, pytest.raises(LogStoreError, match="no log with id 999"):
        bounded_log_answer(store, 999, None, "a")
