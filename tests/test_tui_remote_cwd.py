"""Where the remote agent's commands run from the TUI: where the user's shell is (its prompt says so), not where
the TUI was started; the approval modal says which directory."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge, BridgeSink  # noqa: E402
from terminus_edge.integrations.toolkit import Toolkit  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from terminus_edge.tui.remote import run_remote_commands_in, tui_command_approver  # noqa: E402
from terminus_edge.tui.widgets.outbox import FileSink  # noqa: E402
from remote_fakes import ScriptedClient, sync  # noqa: E402
from test_tui_approval import next_modal, proposal, settle, shown, touch_request  # noqa: E402


@sync
async def test_the_agent_s_commands_run_where_the_shell_is_and_the_modal_says_where(tmp_path):
    launched, project = tmp_path / "launched", tmp_path / "project"
    launched.mkdir()
    project.mkdir()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        holder = []
        toolkit = Toolkit(cwd=launched, use_model=False, store=store, policy_mode="ask")
        toolkit.approve_command = tui_command_approver(lambda: holder[0], lambda: toolkit.cwd)
        client = ScriptedClient([touch_request("made-here"), {"content": "Done here."}])
        app = make_app(start_shell=False, no_model=True, store=store, sink=BridgeSink(Bridge(client, toolkit)))
        holder.append(app)
        async with app.run_test(size=(100, 30)) as pilot:
            app.query_one("#terminal").cwd = str(project)  # the shell's OSC 7: `cd project` since the TUI started
            app.add_command(FinishedCommand("make", b"ok\n", 0, 1.0, 2.0, cwd=str(launched)))
            await settle(pilot)
            app.cards.focus()
            await pilot.press("m")
            app.outbox.focus()
            await pilot.press("enter")
            modal = await next_modal(pilot)
            assert f"runs in     {os.path.realpath(project)}" in shown(modal)
            await pilot.press("y")
            await settle(pilot)
    assert (project / "made-here").exists() and not (launched / "made-here").exists()


def test_a_sink_without_a_toolkit_or_a_directory_that_is_gone_changes_nothing(tmp_path):
    sink = FileSink(tmp_path / "out.md")
    run_remote_commands_in(sink, str(tmp_path))  # no toolkit: nothing to do, nothing raised
    toolkit = Toolkit(cwd=tmp_path, use_model=False)
    bridged = BridgeSink(Bridge(ScriptedClient([]), toolkit))
    for gone in (None, "", str(tmp_path / "removed")):
        run_remote_commands_in(bridged, gone)
        assert toolkit.cwd == os.path.realpath(tmp_path)
    toolkit.close()


def test_the_modal_shows_no_directory_when_none_is_known(tmp_path):
    async def drive() -> str:
        app = make_app(start_shell=False, no_model=True, store=LogStore(tmp_path / "l.sqlite3"),
                       sink=FileSink(tmp_path / "o.md"))
        async with app.run_test(size=(80, 24)) as pilot:
            asked = threading.Thread(target=tui_command_approver(lambda: app), args=(proposal("touch x"),))
            asked.start()
            modal = await next_modal(pilot)
            text = shown(modal)
            await pilot.press("n", "enter")
            asked.join(5)
            return text

    text = asyncio.run(drive())
    assert "$ touch x" in text and "runs in" not in text
