"""The outbox sent to a remote main agent through the bridge: what is sent is the redacted outbox, the
agent's reply is shown, and the agent cannot have anything run here without a y in the TUI."""

from __future__ import annotations

import asyncio
import functools
import json

import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge, BridgeSink  # noqa: E402
from terminus_edge.integrations.toolkit import Toolkit  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.app import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from terminus_edge.tui.remote import tui_approver  # noqa: E402
from terminus_edge.tui.screens import ConfirmScreen, RawLogScreen  # noqa: E402

SECRET = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


class ScriptedClient:
    """Stands in for the OpenAI-compatible endpoint: replies from a list, records what it was sent."""

    model = "remote-model"

    def __init__(self, replies: list[dict]) -> None:
        self.replies = replies
        self.sent: list[list[dict]] = []

    def complete(self, messages, tools):
        self.sent.append([dict(m) for m in messages])
        return self.replies.pop(0), {}

    def close(self) -> None:
        pass


def sync(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_outbox_goes_to_the_agent_and_asking_to_run_needs_a_yes(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    call = {"id": "c1", "function": {"name": "execution_subagent",
                                     "arguments": json.dumps({"query": "rm -rf build", "description": "clean"})}}
    client = ScriptedClient([{"content": "", "tool_calls": [call]}, {"content": "Understood, not cleaning."}])
    holder = []
    toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="ask",
                      approve=tui_approver(lambda: holder[0]))
    app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(Bridge(client, toolkit)))
    holder.append(app)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(FinishedCommand("env", f"TOKEN={SECRET}\r\n".encode(), 0, 1.0, 2.0))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("M")  # the raw output, by the user's choice
        app.outbox.focus()
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):
                break
            await asyncio.sleep(0.05)
        assert isinstance(app.screen, ConfirmScreen) and "rm -rf build" in app.screen.what
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RawLogScreen)
        assert app.screen.text == "Understood, not cleaning."
        user_text = client.sent[0][1]["content"]
        assert "Command: env" in user_text and SECRET not in user_text
        tool_answer = client.sent[1][-1]["content"]
        assert "denied by the user" in tool_answer
        assert app.outbox.items == []
    store.close()
