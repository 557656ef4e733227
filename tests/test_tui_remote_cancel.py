"""Quitting the TUI while its outbox is with the remote agent (tui/remote.py's cancel_with_worker): the delivery
is cancelled as the bridge's cancel does it: the running command's process group is gone (no orphan), its log is
kept and marked cancelled by the TUI closing, a local model turn stops within a decode step, and nothing more
goes to the agent."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from pathlib import Path

import psutil
import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge, BridgeSink  # noqa: E402
from terminus_edge.integrations.toolkit import Toolkit  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.model import FakeModel  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from remote_fakes import ScriptedClient, sync  # noqa: E402

SLEEP = "32.3"  # a duration no other test uses: a leftover `sleep 32.3` is ours
LONG = f"echo started; sleep {SLEEP}; echo never"


def sleepers() -> list[psutil.Process]:
    return [proc for proc in psutil.process_iter(["cmdline"]) if (proc.info["cmdline"] or [])[:2] == ["sleep", SLEEP]]


def group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (zombies waiting for init to reap them do not count)."""
    for entry in Path("/proc").iterdir():
        try:
            state, _ppid, pgrp = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(pgrp) == pgid and state not in ("Z", "X"):
            return True
    return False


def run_request(command: str) -> dict:
    args = {"query": f"run `{command}`", "description": "long one"}
    return {"content": "", "tool_calls": [{"id": "c1", "function": {"name": "execution_subagent",
                                                                     "arguments": json.dumps(args)}}]}


async def send_the_outbox(pilot) -> None:
    app = pilot.app
    app.add_command(FinishedCommand("make", b"make: *** [all] Error 2\r\n", 2, 1.0, 2.0))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    app.cards.focus()
    await pilot.press("m")
    app.outbox.focus()
    await pilot.press("enter")


async def until(predicate, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


@sync
async def test_quit_during_a_remote_tool_call_leaves_no_orphan_process(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    client = ScriptedClient([run_request(LONG), {"content": "never asked"}])
    toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="auto")
    app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(Bridge(client, toolkit)))
    async with app.run_test(size=(100, 30)) as pilot:
        await send_the_outbox(pilot)
        assert await until(sleepers), "the agent's command never started"
        (sleeper,) = sleepers()
        pgid = os.getpgid(sleeper.pid)
        await asyncio.sleep(0.3)
        quit_at = time.monotonic()
        await pilot.press("ctrl+q")
    assert await until(lambda: not group_alive(pgid), 10)
    gone_s = time.monotonic() - quit_at
    assert await until(lambda: store.list(cancelled=True) != [], 10)  # the delivery's thread stored it
    print(f"\nquit to the command's group gone: {gone_s:.2f} s")
    assert gone_s < 2.5, gone_s
    assert sleepers() == []
    (record,) = store.list(cancelled=True)
    assert [r.command for r in store.list()] == [LONG, "make"]  # the card's own log, and the agent's command
    assert record.exit_code == 143 and list(store.iter_lines(record.id)) == ["started"]
    assert "cancelled by the TUI closing after " in record.summary
    assert json.loads(record.facts_json)["cancelled_by"] == "the TUI closing"
    assert len(client.sent) == 1 and client.replies == [{"content": "never asked"}]  # nothing more went out
    store.close()


@sync
async def test_quit_during_a_local_model_turn_stops_the_model_within_a_step(tmp_path):
    planning = threading.Event()

    def reply(messages) -> str:
        planning.set()
        return " ".join(["thinking"] * 500)

    model = FakeModel(reply, name="scripted-qwen3", token_delay_s=0.02)
    store = LogStore(tmp_path / "logs.sqlite3")
    client = ScriptedClient([run_request("echo hi"), {"content": "never asked"}])
    toolkit = Toolkit(cwd=tmp_path, use_model=True, model=model, store=store, policy_mode="auto")
    app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(Bridge(client, toolkit)))
    async with app.run_test(size=(100, 30)) as pilot:
        await send_the_outbox(pilot)
        assert await until(planning.is_set), "the local model was never asked"
        await asyncio.sleep(0.2)
        quit_at = time.monotonic()
        await pilot.press("ctrl+q")
    assert await until(lambda: model.stop_reasons != [], 10)
    stopped_s = time.monotonic() - quit_at
    print(f"\nquit to the model stopped: {stopped_s:.2f} s")
    assert model.stop_reasons == ["cancelled"] and stopped_s < 1.0, (model.stop_reasons, stopped_s)
    assert [r.command for r in store.list()] == ["make"] and len(client.sent) == 1  # no command ran, nothing sent
    store.close()


class BlockingClient(ScriptedClient):
    """An endpoint that is still thinking when the TUI closes."""

    def __init__(self) -> None:
        super().__init__([])
        self.released = threading.Event()

    def complete(self, messages, tools):
        self.sent.append([dict(m) for m in messages])
        self.released.wait(20)
        return {"content": "too late"}, {}


@sync
async def test_quit_while_the_agent_answers_abandons_the_request(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    client = BlockingClient()
    bridge = Bridge(client, Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="auto"))
    app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(bridge))
    async with app.run_test(size=(100, 30)) as pilot:
        await send_the_outbox(pilot)
        assert await until(lambda: client.sent != [])
        assert bridge._current is not None
        quit_at = time.monotonic()
        await pilot.press("ctrl+q")
    assert await until(lambda: bridge._current is None, 5)  # the send() has returned (BridgeCancelled)
    print(f"\nquit to the delivery ended: {time.monotonic() - quit_at:.2f} s")
    assert time.monotonic() - quit_at < 1.0 and bridge.messages == []
    client.released.set()
    store.close()


@sync
async def test_sigterm_closes_the_tui_and_its_delivery_says_so(tmp_path):
    import signal

    store = LogStore(tmp_path / "logs.sqlite3")
    client = ScriptedClient([run_request(LONG), {"content": "never asked"}])
    toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="auto")
    app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(Bridge(client, toolkit)))
    before = signal.getsignal(signal.SIGTERM)
    async with app.run_test(size=(100, 30)) as pilot:
        await send_the_outbox(pilot)
        assert await until(sleepers), "the agent's command never started"
        pgid = os.getpgid(sleepers()[0].pid)
        os.kill(os.getpid(), signal.SIGTERM)
        assert await until(lambda: not app.is_running, 5)
    assert app.return_code == 143 and app.close_reason == "a signal (SIGTERM)"
    assert await until(lambda: not group_alive(pgid), 10)
    assert await until(lambda: store.list(cancelled=True) != [], 10)
    (record,) = store.list(cancelled=True)
    assert "cancelled by a signal (SIGTERM) after " in record.summary
    assert len(client.sent) == 1 and sleepers() == []
    assert signal.getsignal(signal.SIGTERM) == before  # the TUI's handler went with it
    store.close()
