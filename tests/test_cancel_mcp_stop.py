"""The MCP server stops cleanly on Ctrl-C, SIGTERM or SIGHUP: its calls cancelled (their logs kept), its log store
closed (SQLite's write-ahead log folded back: no -wal file left), exit 128 + the signal with the CLI's one line,
no os._exit. A call stuck where no cancel reaches it (its bundle being read) is waited for at most
cancel.STOP_WAIT_S, or until a second signal; its daemon thread then does not hold the exit."""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time

import anyio
import pytest

from signal_runs import BY, blocking_bundle, rpc, start_mcp, writer_end
from terminus_edge.integrations.mcp_stopping import Serving, run_cancellable
from terminus_edge.logstore import LogStore
from test_cancel_mcp import end_server_during_a_call


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["term", "hup"])
def test_a_signal_stops_the_server_with_its_store_closed_and_the_cancelled_log_kept(tmp_path, te_home, signum):
    gone, exited, returncode, stderr, command = end_server_during_a_call(
        tmp_path, te_home, lambda server: server.send_signal(signum))
    assert returncode == 128 + signum and "Traceback" not in stderr, (returncode, stderr)
    assert re.fullmatch(rf"terminus-edge: mcp cancelled by {re.escape(BY[signum])} after \d+\.\d s; the log it kept: "
                        r"terminus-edge logs show 1\n", stderr), stderr
    assert gone is not None and gone < 3.0 and exited < 4.0, (gone, exited)
    data = te_home / "data"
    assert sorted(os.listdir(data)) == ["logs.sqlite3"], os.listdir(data)  # closed: before, -wal and -shm stayed
    with LogStore() as store:
        (record,) = store.list()
        assert record.command == command and record.cancelled and record.exit_code == 143
        assert f"cancelled by {BY[signum]} after " in record.summary
        assert list(store.iter_lines(record.id))[0] == "tick 1"


def test_a_call_stuck_reading_its_bundle_is_waited_for_until_a_second_signal(tmp_path, te_home):
    """The bundle check reads a FIFO nobody writes: no cancel reaches that read. The server waits for the call (it
    might still finish its log), a second SIGTERM ends the wait, and the stuck thread does not hold the exit."""
    bundle, fifo = blocking_bundle(tmp_path, te_home)
    server = start_mcp(te_home, tmp_path, "--bundle", str(bundle))
    writer = None
    try:
        rpc(server, {"id": 1, "method": "tools/call",
                     "params": {"name": "run_in_terminal", "arguments": {"command": "echo never"}}})
        writer = writer_end(fifo)  # the call now waits in its read of the FIFO
        time.sleep(0.2)
        server.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        assert server.poll() is None, "the stuck call was not waited for"
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        stdout, stderr = server.stdout.read().decode(), server.stderr.read().decode()
    finally:
        if writer is not None:
            os.close(writer)
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 143 and "Traceback" not in stderr, (server.returncode, stderr)
    assert re.fullmatch(r"terminus-edge: mcp cancelled by a signal \(SIGTERM\) after \d+\.\d s, before it stored "
                        r"any log\n", stderr), stderr
    (answer,) = map(json.loads, stdout.splitlines())  # the SDK's last word on the call, written out before the exit
    assert answer["id"] == 1 and "error" in answer and "result" not in answer, answer


def test_once_the_server_stops_a_cancelled_call_is_waited_for_at_most_stop_wait_s():
    serving, release = Serving(stop_wait_s=0.3), threading.Event()

    async def main() -> float:
        async with anyio.create_task_group() as group:
            group.start_soon(run_cancellable, lambda cancel: release.wait(30) and "late", serving)
            await anyio.sleep(0.1)
            serving.end("a test")
            group.cancel_scope.cancel()
            started = time.monotonic()
        return time.monotonic() - started

    try:
        waited = anyio.run(main)
    finally:
        release.set()
    assert 0.15 < waited < 2.0 and serving.abandoned == 1, (waited, serving.abandoned)


def test_a_call_that_stops_on_its_cancel_is_waited_for_and_not_abandoned():
    serving, seen = Serving(stop_wait_s=10), []

    def work(cancel: threading.Event) -> str:
        cancel.wait(30)
        time.sleep(0.2)  # its log being finished
        seen.append(getattr(cancel, "reason", None))
        return "stopped"

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(run_cancellable, work, serving)
            await anyio.sleep(0.1)
            serving.end("a signal (SIGTERM)")
            group.cancel_scope.cancel()

    anyio.run(main)
    assert seen == ["a signal (SIGTERM)"] and serving.abandoned == 0


def test_a_call_left_running_returns_its_answer():
    async def main() -> str:
        return await run_cancellable(lambda cancel: "answer")

    assert anyio.run(main) == "answer"
