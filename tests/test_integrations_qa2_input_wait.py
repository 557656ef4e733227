"""A program that waits for keys with no terminal at all (as under an MCP client: no controlling terminal, stdin
/dev/null, output a pipe) is reported as waiting for input, early, not as timed out.

Before: vim took stderr (our output pipe) for its terminal and sat in pselect() on it; blocked_on_terminal looked
only for terminals, so the call ran to its timeout and the answer said "timed out"."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from terminus_edge.capture import run_command

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
# What vim does without a terminal on stdin: stderr becomes its input, and it waits there for a key.
KEYS_FROM_STDERR = (f"{PY} -c \"import os, select; os.dup2(2, 0); print('Press any key', flush=True); "
                    "select.select([0], [], [])\"")


def test_a_program_waiting_for_keys_on_its_output_pipe_is_waiting_for_input(tmp_path):
    started = time.monotonic()
    capture = run_command(KEYS_FROM_STDERR, cwd=str(tmp_path), timeout_s=30)
    assert time.monotonic() - started < 15  # stopped on the evidence, not at the timeout
    assert capture.waiting_for_input and not capture.timed_out and capture.exit_code == 124
    assert "waits for keys from a terminal it does not have" in capture.note


def test_polling_a_pipe_of_its_own_is_not_waiting_for_input(tmp_path):
    capture = run_command(f"{PY} -c \"import os, select; r, w = os.pipe(); select.select([r], [], [], 3.5)\"; "
                          "echo done", cwd=str(tmp_path), timeout_s=30)
    assert capture.exit_code == 0 and not capture.waiting_for_input and capture.raw == b"done\n"


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_vim_is_waiting_for_input(tmp_path):
    started = time.monotonic()
    capture = run_command("vim notes.txt", cwd=str(tmp_path), timeout_s=30)
    assert time.monotonic() - started < 15
    assert capture.waiting_for_input and not capture.timed_out, capture.note


def test_mcp_run_in_terminal_says_waiting_for_input(tmp_path, te_home):
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    params = StdioServerParameters(command=PY, env=env, cwd=str(REPO),
                                   args=["-m", "terminus_edge", "mcp", "--no-model", "--cwd", str(tmp_path)])

    async def main():
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("run_in_terminal", {"command": KEYS_FROM_STDERR, "timeout": 30000})

    answer = asyncio.run(asyncio.wait_for(main(), timeout=180)).content[0].text
    assert "waiting for input" in answer and "timed out" not in answer, answer
