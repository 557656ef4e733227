"""The approval modal comes up while the user may be typing in the shell (the remote agent took its time): keys
pressed in its first moments were meant for the shell and answer nothing ('y' of `yarn test` ran the command)."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.screens import CommandApprovalScreen  # noqa: E402
from terminus_edge.tui.widgets.outbox import FileSink  # noqa: E402
from remote_fakes import sync  # noqa: E402
from test_tui_approval import armed, proposal  # noqa: E402


@sync
async def test_keys_typed_for_the_shell_as_the_modal_comes_up_answer_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(CommandApprovalScreen, "ARM_S", 2.0)  # room for a busy machine to press the keys in time
    with LogStore(tmp_path / "logs.sqlite3") as store:
        app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
        async with app.run_test(size=(80, 24)) as pilot:
            answers = []
            screen = CommandApprovalScreen(proposal("touch x"))
            app.push_screen(screen, answers.append)
            await pilot.pause()
            started = time.monotonic()
            await pilot.press(*"yarn test", "enter", "escape")
            await pilot.click("#approve")
            assert time.monotonic() - started < CommandApprovalScreen.ARM_S  # all of it came in its first moments
            await pilot.pause()
            assert app.screen is screen and answers == [] and not screen.query_one("#reason-box").display
            await armed(screen)
            await pilot.press("y")
            await pilot.pause()
    assert [answer.action for answer in answers] == ["approve"]
