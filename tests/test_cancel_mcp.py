"""A cancelled MCP request stops its command: the SDK client cancels run_in_terminal / execution_subagent (its
notifications/cancelled), or closes the server's stdin, and the command's process group is gone within a
second or two, its log finished with the lines printed so far and marked cancelled."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time

import anyio
import pytest
from mcp import Client

from terminus_edge.logstore import LogStore
from test_cancel_capture import procs_with, unique_marker
from test_mcp_server import REPO, server_params

LOOP = "for i in $(seq 1 300); do echo tick $i; sleep 0.2; done"


def gone_within(marker: str, limit_s: float, t0: float | None = None) -> float | None:
    """Seconds from `t0` (default: now) until no process with `marker` in its command line is left; None if some
    outlive `limit_s`."""
    t0 = time.monotonic() if t0 is None else t0
    while time.monotonic() - t0 < limit_s:
        if not procs_with(marker):
            return time.monotonic() - t0
        time.sleep(0.02)
    return None


def finished_log(command_part: str, limit_s: float = 10.0):
    """The log of the command holding `command_part`, once its writer has finished it and stored its summary."""
    deadline = time.monotonic() + limit_s
    while True:
        with LogStore() as store:
            records = [r for r in store.list() if command_part in r.command]
            if records and records[0].status == "ok" and records[0].summary:
                return records[0], list(store.iter_lines(records[0].id))
        assert time.monotonic() < deadline, [(r.command, r.status, r.summary) for r in records]
        time.sleep(0.1)


def cancel_call_after(tmp_path, te_home, tool: str, arguments: dict, marker: str, after_s: float):
    """Call `tool`, cancel the request after `after_s` (the SDK sends notifications/cancelled), then time how
    long the marked processes live on. Returns (seconds from the cancel to the group gone, seen before the cancel,
    answer or None)."""
    async def main():
        async with Client(server_params(tmp_path, te_home), read_timeout_seconds=60) as client:
            answer, seen = None, []
            with anyio.move_on_after(after_s):
                answer = await client.call_tool(tool, arguments)
            cancelled_at = time.monotonic()
            seen = procs_with(marker)
            gone = await anyio.to_thread.run_sync(gone_within, marker, 10.0, cancelled_at)
            later = await client.call_tool("run_in_terminal", {"command": "echo still serving"})  # the server lives on
            return gone, seen, answer, later

    return asyncio.run(asyncio.wait_for(main(), timeout=120))


def test_cancelling_run_in_terminal_stops_its_process_group_and_finishes_its_log(tmp_path, te_home):
    marker = unique_marker()
    command = f"sleep 30.{marker} & {LOOP}"
    gone, seen, answer, later = cancel_call_after(tmp_path, te_home, "run_in_terminal",
                                                  {"command": command, "timeout": 60000}, marker, 1.5)
    assert answer is None and seen, "the command was running when the request was cancelled"
    assert gone is not None and gone < 1.0 + 2.0, gone  # < 1 s after the cancel, plus at most the SIGTERM grace
    print(f"cancel -> process group gone: {gone:.2f} s")
    assert "still serving" in "\n".join(b.text for b in later.content)
    record, lines = finished_log(command)
    assert record.command == command and record.exit_code == 143 and not record.timed_out
    assert lines[0] == "tick 1" and len(lines) <= 9, lines  # what it printed until the cancel (1.5 s), no more
    assert "cancelled by the client (notifications/cancelled) after 1." in record.summary
    assert "exit code 143" in record.summary
    assert json.loads(record.facts_json)["cancelled"] is True


def test_cancelling_the_subagent_stops_its_command_and_plans_no_further_one(tmp_path, te_home):
    marker = unique_marker()
    script = tmp_path / "slow.sh"
    script.write_text(f"sleep 30.{marker} &\n{LOOP}\n")
    gone, seen, answer, _ = cancel_call_after(tmp_path, te_home, "execution_subagent",
                                              {"query": "run bash slow.sh and tell me what it prints"}, marker, 2.5)
    assert answer is None and seen
    assert gone is not None and gone < 3.0, gone
    print(f"subagent cancel -> process group gone: {gone:.2f} s")
    record, lines = finished_log("slow.sh")
    assert "cancelled by the client (notifications/cancelled) after " in record.summary
    assert lines and lines[0] == "tick 1"
    with LogStore() as store:
        ran = [r.command for r in store.list() if r.command != "echo still serving"]
    assert ran == [record.command], ran  # nothing planned after the cancel


def end_server_during_a_call(tmp_path, te_home, end) -> tuple[float | None, float, int, str, str]:
    """No SDK client: raw JSON-RPC lines, a run_in_terminal call under way, then end(server) (its stdin closed, a
    signal). Returns (seconds until the command's group is gone, seconds until the server exited, its exit status,
    its stderr, the command)."""
    marker = unique_marker()
    command = f"sleep 30.{marker} & {LOOP}"
    params = server_params(tmp_path, te_home)
    server = subprocess.Popen([params.command, *params.args], env=params.env, cwd=str(REPO), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        def send(message: dict) -> None:
            server.stdin.write((json.dumps({"jsonrpc": "2.0", **message}) + "\n").encode())
            server.stdin.flush()

        send({"id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                                          "clientInfo": {"name": "t", "version": "0"}}})
        assert json.loads(server.stdout.readline())["id"] == 1
        send({"method": "notifications/initialized"})
        send({"id": 2, "method": "tools/call", "params": {"name": "run_in_terminal",
                                                          "arguments": {"command": command, "timeout": 60000}}})
        deadline = time.monotonic() + 20
        while not procs_with(marker):
            assert time.monotonic() < deadline, "the command never started"
            time.sleep(0.05)
        time.sleep(1.0)
        end(server)
        ended_at = time.monotonic()
        gone = gone_within(marker, 10.0, ended_at)
        server.wait(timeout=10)
        exited = time.monotonic() - ended_at
        stderr = server.stderr.read().decode()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    return gone, exited, server.returncode, stderr, command


def test_stdin_eof_cancels_running_commands_and_the_server_exits_by_itself(tmp_path, te_home):
    """The client went away: the server exits by itself (nobody sends it a signal)."""
    gone, exited, _, _, command = end_server_during_a_call(tmp_path, te_home, lambda server: server.stdin.close())
    assert gone is not None and gone < 3.0, gone
    assert exited < 4.0, exited  # not the command's 60 s: the in-flight call was cancelled, not waited for
    print(f"stdin EOF -> process group gone: {gone:.2f} s, server exited: {exited:.2f} s")
    record, lines = finished_log(command)
    assert record.command == command and record.exit_code == 143
    assert lines[0] == "tick 1" and len(lines) >= 3
    # the client went away: not its cancel notification (was: "cancelled by the client" for both)
    assert "cancelled by the client disconnecting (stdin closed) after " in record.summary
    assert json.loads(record.facts_json)["cancelled_by"] == "the client disconnecting (stdin closed)"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["term", "ctrl-c"])
def test_a_signal_to_the_server_cancels_its_calls_saying_so(tmp_path, te_home, signum):
    """Before: SIGTERM ended the server on the spot, its command's group left running and its log unfinished."""
    gone, exited, returncode, stderr, command = end_server_during_a_call(
        tmp_path, te_home, lambda server: server.send_signal(signum))
    by = "a signal (SIGTERM)" if signum == signal.SIGTERM else "the user (Ctrl-C)"
    assert returncode == 128 + signum, (returncode, stderr)
    assert gone is not None and gone < 3.0 and exited < 4.0, (gone, exited)
    assert f"terminus-edge: mcp cancelled by {by} after " in stderr and "Traceback" not in stderr, stderr
    record, lines = finished_log(command)
    assert record.exit_code == 143 and lines[0] == "tick 1" and record.cancelled
    assert f"cancelled by {by} after " in record.summary
