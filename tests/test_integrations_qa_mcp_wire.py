"""`terminus-edge mcp` as a Copilot-style client drives it (session 11 QA): `timeout: 0` (Copilot's run_in_terminal
says "Use 0 for no timeout"), a boolean where a number belongs, and a request whose JSON holds a lone surrogate."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

from test_integrations_qa_mcp import REPO, drive, text

from terminus_edge.integrations.mcp_stopping import lone_surrogates_replaced
from terminus_edge.integrations.toolkit import MAX_TIMEOUT_MS


def test_timeout_zero_is_the_longest_wait_and_a_boolean_is_no_number(tmp_path, te_home):
    """Was: timeout 0 refused ("greater than or equal to 1"), while `timeout: true` ran with 1 ms and `id: true`
    read log 1 (pydantic reads a boolean as an integer)."""
    async def body(session):
        return [await session.call_tool("run_in_terminal", {"command": "sleep 0.3; echo slept", "timeout": 0}),
                await session.call_tool("run_in_terminal", {"command": "sleep 0.3; echo slept", "timeout": True}),
                await session.call_tool("read_log", {"id": True}),
                await session.call_tool("run_in_terminal", {"command": "echo hi", "timeout": -1}),
                {tool.name: tool.input_schema for tool in (await session.list_tools()).tools}]

    zero, boolean, log_true, negative, schemas = drive(tmp_path, te_home, body)
    assert not zero.is_error and "slept" in text(zero) and "exit code 0" in text(zero), text(zero)
    assert boolean.is_error and "timeout:" in text(boolean) and "(got boolean)" in text(boolean), text(boolean)
    assert log_true.is_error and "id:" in text(log_true) and "(got boolean)" in text(log_true), text(log_true)
    assert negative.is_error and "timeout:" in text(negative), text(negative)
    timeout = schemas["run_in_terminal"]["properties"]["timeout"]
    assert timeout["minimum"] == 0 and timeout["maximum"] == MAX_TIMEOUT_MS and "0" in timeout["description"]


def test_timeout_zero_in_the_toolkit_waits_the_longest(tmp_path, te_home, monkeypatch):
    from terminus_edge.integrations import runner
    from terminus_edge.integrations.toolkit import Toolkit

    seen = []
    monkeypatch.setattr(runner, "run_and_summarize", lambda *a, timeout_s, **k: seen.append(timeout_s) or ("s", 1, 0))
    Toolkit(cwd=tmp_path, use_model=False).run_in_terminal("echo hi", timeout_ms=0)
    assert seen == [MAX_TIMEOUT_MS / 1000]


def test_a_request_with_a_lone_surrogate_is_answered(tmp_path, te_home):
    """Was: the SDK's JSON parser refuses a lone surrogate escape (JavaScript's JSON.stringify writes one for half an
    emoji), the request was dropped and the client waited for ever. Now it runs with U+FFFD in its place."""
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    server = subprocess.Popen([sys.executable, "-m", "terminus_edge", "mcp", "--no-model", "--cwd", str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def ask(message: dict | str) -> dict | None:
        line = message if isinstance(message, str) else json.dumps(message)
        server.stdin.write(line.encode() + b"\n")
        server.stdin.flush()
        if '"id"' not in line:
            return None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if select.select([server.stdout], [], [], 1)[0]:
                return json.loads(server.stdout.readline())
        return None

    try:
        ask({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "qa", "version": "1"}}})
        ask({"jsonrpc": "2.0", "method": "notifications/initialized"})
        call = ('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"run_in_terminal",'
                '"arguments":{"command":"echo half \\ud83d an emoji \\ud83d\\ude00"}}}')
        answer = ask(call)
    finally:
        server.stdin.close()
        server.wait(30)
    assert answer is not None, "no answer: the client would wait for ever"
    assert answer["id"] == 1 and not answer["result"]["isError"], answer
    assert "half \ufffd an emoji \U0001f600" in answer["result"]["content"][0]["text"]


def test_lone_surrogate_escapes_are_replaced_and_everything_else_kept():
    cases = {
        r'"\ud800"': r'"\ufffd"',
        r'"\uDC00 x"': r'"\ufffd x"',
        r'"\ud83d\ude00"': r'"\ud83d\ude00"',  # a pair is a character
        r'"\ude00\ud83d"': r'"\ufffd\ufffd"',  # the wrong order is two halves
        r'"\\ud800"': r'"\\ud800"',  # an escaped backslash, then text
        r'"\\\ud800"': r'"\\\ufffd"',
        r'"a\"\ud800\n"': r'"a\"\ufffd\n"',
        r'"\u00e9 \u2028"': r'"\u00e9 \u2028"',
        '"plain"': '"plain"',
    }
    for line, expected in cases.items():
        assert lone_surrogates_replaced(line) == expected, line
        json.loads(expected)


def test_is_background_true_is_refused_like_mode_async(tmp_path, te_home):
    """Copilot's run_in_terminal keeps `isBackground` as the legacy spelling of mode "async". Was: ignored, so a dev
    server asked for in the background ran in the foreground and was killed at its timeout, read as a failure."""
    async def body(session):
        return [await session.call_tool("run_in_terminal", {"command": "echo served", "isBackground": True}),
                await session.call_tool("run_in_terminal", {"command": "echo fine", "isBackground": False})]

    background, foreground = drive(tmp_path, te_home, body)
    assert background.is_error and "isBackground" in text(background) and "'sync'" in text(background)
    assert "\n" not in text(background)
    assert not foreground.is_error and "fine" in text(foreground)
