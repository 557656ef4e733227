"""A shell without the integration (dash, fish) reports no commands: the empty card list said 'Each command you run
in the shell gets a card here' for the whole session, after the warning that said otherwise had gone."""

from __future__ import annotations

from remote_fakes import sync

from terminus_edge.tui.launch import make_app
from terminus_edge.tui.widgets.outbox import FileSink


@sync
async def test_the_empty_card_list_says_this_shell_gives_no_cards(tmp_path):
    app = make_app(start_shell=False, no_model=True, store=None, sink=FileSink(tmp_path / "out.md"))
    app.shell_label = "dash (no command marks)"
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        empty = str(app.query_one("#cards-empty").render())
    assert "No cards with this shell" in empty and "gets a card" not in empty


@sync
async def test_with_the_integration_it_says_each_command_gets_a_card(tmp_path):
    app = make_app(start_shell=False, no_model=True, store=None, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "Each command you run in the shell gets a card here." in str(app.query_one("#cards-empty").render())
