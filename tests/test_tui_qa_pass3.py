"""Third QA pass of the TUI (session 12): the remote agent's own commands get cards (what ran in the user's name, and
what went back to the agent), and the defects found driving the app with Pilot."""

from __future__ import annotations

import asyncio
import json

import pytest

from remote_fakes import ScriptedClient, sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.screens import CommandApprovalScreen, RawLogScreen

pytest.importorskip("terminus_edge.integrations.bridge")


def request(query: str) -> dict:
    call = {"id": "c1", "function": {"name": "execution_subagent", "arguments": json.dumps({"query": query})}}
    return {"content": "", "tool_calls": [call]}


def card_text(app, key: int) -> str:
    from rich.console import Console

    console = Console(width=120, record=True, force_terminal=False)
    console.print(app.cards._cards[key]._renderable())
    return console.export_text()


async def until(pilot, test, what: str, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if test():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"waited for {what}; screen {pilot.app.screen}, said {[n.message for n in pilot.app._notifications]}")


async def answer(pilot, key: str) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, CommandApprovalScreen), "the approval dialog")
    await until(pilot, lambda: app.screen.armed, "the dialog to take keys")
    await pilot.press(key)
    if key in "ns":
        await pilot.press("enter")  # no reason


def remote_app(tmp_path, store, replies: list[dict]):
    """The TUI as `--endpoint` builds it (bridge_sink's wiring), its endpoint replaced by a scripted agent."""
    proj = tmp_path / "proj"
    proj.mkdir()
    app = make_app(start_shell=False, no_model=True, store=store, endpoint="http://127.0.0.1:9/v1", model_name="m")
    app.sink.bridge.client.close()
    app.sink.bridge.client = ScriptedClient(replies)
    app.sink.bridge.toolkit.cwd = str(proj)
    return app, proj


@sync
async def test_the_agent_s_commands_get_cards_with_what_went_back(tmp_path):
    """The agent's commands ran here (each approved) and their answer went back, but no card showed them: the user
    could not see afterwards what had run in their name, nor what the agent was told."""
    with LogStore(tmp_path / "logs.sqlite3") as store:
        app, proj = remote_app(tmp_path, store, [
            request("run `printf 'agent-was-here\\n'` and then run `touch made.stamp`"), {"content": "Thanks."}])
        async with app.run_test(size=(120, 36)) as pilot:
            app.add_command(FinishedCommand("echo mine", b"mine\r\n", 0, 1.0, 2.0))
            await app.workers.wait_for_complete()
            app.cards.focus()
            await pilot.press("m")
            app.outbox.focus()
            await pilot.press("enter")
            await answer(pilot, "y")
            await answer(pilot, "n")
            await until(pilot, lambda: isinstance(app.screen, RawLogScreen), "the agent's reply")
            await pilot.press("escape")
            states = app.cards.states()
            assert [s.command for s in states] == ["echo mine", "printf 'agent-was-here\\n'", "touch made.stamp"]
            mine, ran, refused = states
            assert mine.agent_sent is None
            assert ran.exit_code == 0 and ran.log_id is not None and not ran.pending and not ran.refused
            assert "agent-was-here" in store.read_raw(ran.log_id).decode()
            assert ran.text.startswith("Command: printf") and ran.body
            sent_back = app.sink.bridge.messages[-2]["content"]  # the tool answer, as it left
            assert ran.agent_sent == refused.agent_sent == sent_back
            assert refused.refused == "refused by the user" and refused.exit_code is None
            assert not (proj / "made.stamp").exists()
            rendered = card_text(app, ran.key)
            assert "agent printf" in rendered and "ran for the agent" in rendered
            rendered = card_text(app, refused.key)
            assert "not run" in rendered and "refused by the user" in rendered
            # Enter on the agent's card: what the agent was sent, then the output that stayed here
            app.cards.focus()
            app.cards.index = 1
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, RawLogScreen), "the card's log")
            assert app.screen.text.index(sent_back.strip()) < app.screen.text.index("agent-was-here")
            assert "it stays on this machine" in app.screen.text
            await pilot.press("escape")
            app.cards.index = 2  # nothing ran: no output to summarize or queue
            await pilot.press("m")
            await pilot.pause()
            assert app.outbox.items == []
