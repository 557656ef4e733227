"""The outbox sent to a remote main agent through the bridge: what is sent is the redacted outbox, the
agent's reply is shown, and no command the agent's subagent proposes runs here without a y in the TUI
(per command; tests/test_tui_approval.py covers every answer)."""

from __future__ import annotations

import asyncio
import json

import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge, BridgeSink  # noqa: E402
from terminus_edge.integrations.toolkit import Toolkit  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from terminus_edge.tui.remote import bridge_sink, tui_command_approver  # noqa: E402
from terminus_edge.tui.screens import CommandApprovalScreen, RawLogScreen  # noqa: E402
from remote_fakes import ScriptedClient, sync  # noqa: E402

SECRET = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_outbox_goes_to_the_agent_and_its_command_needs_a_yes(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    call = {"id": "c1", "function": {"name": "execution_subagent",
                                     "arguments": json.dumps({"query": "run `touch build.stamp`",
                                                              "description": "mark the build"})}}
    client = ScriptedClient([{"content": "", "tool_calls": [call]}, {"content": "Understood, not marking."}])
    holder = []
    toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="ask",
                      approve_command=tui_command_approver(lambda: holder[0]))
    app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(Bridge(client, toolkit)))
    holder.append(app)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(FinishedCommand("env", f"TOKEN={SECRET}\r\n".encode(), 0, 1.0, 2.0))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("M")  # the raw output, by the user's choice
        app.outbox.focus()
        await pilot.press("enter")
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, CommandApprovalScreen):
                break
            await asyncio.sleep(0.05)
        assert isinstance(app.screen, CommandApprovalScreen)
        assert app.screen.proposed.command == "touch build.stamp"
        assert app.screen.proposed.request == "run `touch build.stamp`"  # the request is shown with it
        while not app.screen.armed:  # keys in its first moments were meant for the shell
            await asyncio.sleep(0.05)
        await pilot.press("n", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RawLogScreen)
        assert app.screen.text == "Understood, not marking."
        user_text = client.sent[0][1]["content"]
        assert "Command: env" in user_text and SECRET not in user_text
        tool_answer = client.sent[1][-1]["content"]
        assert "`touch build.stamp` was not run (refused by the user)." in tool_answer
        assert not (tmp_path / "build.stamp").exists()
        assert app.outbox.items == []
    store.close()


def test_bridge_sink_asks_per_command_not_per_request():
    sink = bridge_sink("http://127.0.0.1:9/v1", "m", lambda: None, no_model=True)
    toolkit = sink.bridge.toolkit
    try:
        assert toolkit.policy_mode == "ask" and toolkit.approve is None and toolkit.approve_command is not None
    finally:
        sink.bridge.client.close()
