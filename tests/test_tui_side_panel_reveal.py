"""Cards that come while the side panel is hidden (a narrow window, F5) could not scroll the list: F3 opened it on
the oldest cards, with the highlighted one (the newest, what m queues) out of sight."""

from __future__ import annotations

import pytest

from remote_fakes import sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.widgets.outbox import FileSink


def in_view(cards) -> bool:
    child = cards.highlighted_child
    top, bottom = cards.scroll_offset.y, cards.scroll_offset.y + cards.scrollable_content_region.height
    return child is not None and top <= child.virtual_region.y and child.virtual_region.bottom <= bottom


async def hidden_then_cards(pilot, *keys: str) -> None:
    app = pilot.app
    app.query_one("#terminal").can_focus = True
    app.action_focus_terminal()
    await pilot.press(*keys)
    for n in range(6):
        app.add_command(FinishedCommand(f"make step{n}", "".join(f"line {i}\n" for i in range(4)).encode(), 0, 1.0, 2.0))
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size, hide, show", [((60, 20), (), "f3"), ((100, 20), ("f5",), "f5")])
@sync
async def test_the_panel_opens_on_the_highlighted_card(tmp_path, size, hide, show):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
        async with app.run_test(size=size) as pilot:
            await hidden_then_cards(pilot, *hide)
            assert not app.query_one("#side").display
            await pilot.press(show)
            await pilot.pause()
            await pilot.pause()
            assert app.query_one("#side").display
            assert app.cards.current().command == "make step5"
            assert in_view(app.cards)
