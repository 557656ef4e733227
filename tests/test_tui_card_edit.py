"""An edited summary on its card: only the text after 'Summary:' was shown, so an edit of the command line (a path,
a host taken out) did not show, the Log line appeared, and a model note the user had deleted stayed below."""

from __future__ import annotations

from dataclasses import replace

from remote_fakes import sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.screens import EditScreen
from terminus_edge.tui.widgets.cards import edited_body
from terminus_edge.tui.widgets.outbox import FileSink

BEFORE = "Command: scp build.tgz deploy@10.0.0.7:/srv\nSummary: exit code 1. Output:\nPermission denied\nLog: 12"


def test_the_framing_left_as_it_was_is_not_shown_again():
    assert edited_body(BEFORE, BEFORE.replace("Permission", "Access")) == "exit code 1. Output:\nAccess denied"


def test_an_edited_command_line_or_log_line_shows():
    after = BEFORE.replace("deploy@10.0.0.7", "HOST")
    assert edited_body(BEFORE, after).splitlines()[0] == "Command: scp build.tgz HOST:/srv"
    assert edited_body(BEFORE, after.replace("Log: 12", "")).endswith("Permission denied")
    assert edited_body(BEFORE, "just this") == "just this"


@sync
async def test_the_card_shows_the_edit_and_no_note_it_no_longer_says(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
        async with app.run_test(size=(100, 30)) as pilot:
            app.add_command(FinishedCommand("cat /srv/app.ini", b"host = intranet.example\n", 0, 1.0, 2.0))
            await app.workers.wait_for_complete()
            await pilot.pause()
            state = app.cards.current()
            app.cards.update_card(replace(state, model_note="the model said nothing"))
            app.cards.focus()
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, EditScreen)
            edited = app.screen.query_one("TextArea").text.replace("/srv/app.ini", "CONFIG").replace(
                "intranet.example", "HOST")
            app.screen.query_one("TextArea").text = edited
            await pilot.press("ctrl+s")
            await pilot.pause()
            card = app.cards.current()
            assert card.edited and card.model_note is None
            assert card.body.splitlines()[0] == "Command: cat CONFIG" and "HOST" in card.body
            assert f"Log: {card.log_id}" not in card.body
