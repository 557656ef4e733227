"""The side panel in a narrow window: F3/F4 open it for a visit, and the keyboard's way back to the shell (Esc, F3
again, a click) closes it, or it kept the shell at a few columns; F5's choice stays."""

from __future__ import annotations

import pytest

from remote_fakes import sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.app import TerminusApp
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.widgets.outbox import FileSink


@pytest.fixture
def store(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        yield store


def app_with_a_terminal(store, tmp_path) -> TerminusApp:
    """No shell (a pty started in this process would fix bittty's environment for later tests), but a pane the
    keyboard can go back to."""
    return make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))


async def started(pilot) -> None:
    pilot.app.query_one("#terminal").can_focus = True
    pilot.app.action_focus_terminal()
    pilot.app.add_command(FinishedCommand("make", b"ok\n", 0, 1000.0, 1000.5))


async def where(pilot) -> tuple[bool, str | None]:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    focused = pilot.app.screen.focused
    return pilot.app.query_one("#side").display, focused.id if focused else None


@sync
async def test_esc_closes_the_panel_that_f3_or_f4_opened_in_a_narrow_window(store, tmp_path):
    app = app_with_a_terminal(store, tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await started(pilot)
        assert await where(pilot) == (False, "terminal")
        await pilot.press("f3")
        assert await where(pilot) == (True, "cards")
        assert app.query_one("#keys").render().plain.startswith("m queue to send  Esc shell")  # in 58 columns
        await pilot.press("escape")
        assert await where(pilot) == (False, "terminal")
        await pilot.press("f3", "f3")  # F3 again: back to the shell
        assert await where(pilot) == (False, "terminal")
        await pilot.press("f3", "m", "escape", "f4")
        assert await where(pilot) == (True, "outbox")
        await pilot.press("escape")
        assert await where(pilot) == (False, "terminal")
        await pilot.press("f4")
        await pilot.click("#terminal")  # the mouse takes the keyboard back to the shell
        assert await where(pilot) == (False, "terminal")
        assert app.query_one("#keys").render().plain.startswith("F3 cards")  # the shell's keys


@sync
async def test_a_panel_shown_with_f5_stays_when_the_keyboard_goes_back(store, tmp_path):
    app = app_with_a_terminal(store, tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await started(pilot)
        await pilot.press("f5", "f3")
        assert "Esc" not in app.query_one("#keys").render().plain  # not a visit: Esc only moves the keyboard
        await pilot.press("escape")
        assert await where(pilot) == (True, "terminal")
        await pilot.press("f5")
        assert await where(pilot) == (False, "terminal")


@sync
async def test_in_a_wide_window_esc_leaves_the_panel_where_it_is(store, tmp_path):
    app = app_with_a_terminal(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("f3", "escape")
        assert await where(pilot) == (True, "terminal")
        await pilot.resize_terminal(60, 20)  # narrowed during a visit-free spell: hidden, and back when wide
        assert await where(pilot) == (False, "terminal")
        await pilot.press("f3")
        await pilot.resize_terminal(120, 40)
        await pilot.press("escape")
        assert await where(pilot) == (True, "terminal")
