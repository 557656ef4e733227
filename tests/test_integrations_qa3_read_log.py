"""read_log (MCP and the bridge's tool) as `logs show` reads a log: colours dropped, control bytes escaped instead of
sent raw to the agent (and its terminal), a binary log said as such rather than sent as a wall of bytes, and a long
line cut with the count of what was left out (it was cut at 2,000 characters without a word)."""
from __future__ import annotations

import os

from terminus_edge.integrations.read_log import MAX_LINE_CHARS, log_answer
from terminus_edge.logstore import LogStore


def answer(raw: bytes, **ask) -> str:
    with LogStore() as store:
        log_id = store.add("cmd", raw, exit_code=1)
        return log_answer(store, log_id, **ask)


def test_escapes_and_control_bytes_do_not_reach_the_agent_raw():
    text = answer(b"\x1b[31merror: red\x1b[0m\n\x1b]52;c;aGk=\x07do\rne\na\x00b\x08c\n")
    assert "1: error: red\n" in text
    assert "2: ^[]52;c;aGk=^Gdo^Mne\n" in text and "3: a^@b^Hc" in text
    assert not any(ch in text for ch in "\x1b\x07\x00\x08\r")


def test_a_binary_log_is_said_not_sent():
    raw = os.urandom(1) + b"\x00\x01\x02" + os.urandom(4000)
    text = answer(raw)
    assert f"binary output, {len(raw)} bytes: not shown as text" in text
    assert len(text) < 400
    ranged = answer(raw, lines="1")  # asked for: its bytes escaped, none raw
    assert "\x00" not in ranged and "^@" in ranged


def test_a_long_line_says_how_much_is_left_out():
    text = answer(b"x" * 70_000 + b"\nerror: tail\n")
    assert f"1: {'x' * MAX_LINE_CHARS} … [{70_000 - MAX_LINE_CHARS} more characters not shown]\n" in text
    assert "2: error: tail" in text
    assert "more characters" not in answer(b"y" * MAX_LINE_CHARS + b"\n")


def test_the_command_in_the_header_is_escaped_too():
    with LogStore() as store:
        log_id = store.add("echo \x1b[2Kok", b"ok\n", exit_code=0)
        assert "`echo ^[[2Kok`" in log_answer(store, log_id)
