"""The card list follows the newest card: its whole summary is in view once made, unless the user moved up."""

from __future__ import annotations

import threading

import pytest

from remote_fakes import sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.widgets.cards import split_note
from terminus_edge.tui.widgets.outbox import FileSink


@pytest.fixture
def store(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        yield store


def failing(n: int) -> FinishedCommand:
    output = f"ls: cannot access '/nope{n}': No such file or directory\r\n".encode()
    return FinishedCommand(f"ls /nope{n}", output, 2, 1000.0, 1000.1)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def held_summaries():
    """A summarizer that waits to be let go: the summary lands after the list scrolled to the new card, as a real
    model's does (a deterministic one was often done before the scroll, which then went to the grown card's end)."""
    from terminus_edge.summarize import summarize

    gate = threading.Semaphore(0)

    def summarizer(*args, **kwargs):
        assert gate.acquire(timeout=30)
        return summarize(*args, **kwargs)

    return summarizer, gate


@sync
async def test_the_newest_card_s_summary_is_in_view_once_made(store, tmp_path):
    """The card came in three lines high (summarizing…) and the list scrolled to it; its summary made it taller and
    its end stayed below the list's bottom (at 80x24, `sleep 100` + Ctrl+C: the signal's name and ^C not shown)."""
    summarizer, gate = held_summaries()
    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"),
                   summarizer=summarizer)
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(6):
            app.add_command(failing(n))
            await pilot.pause(0.05)
            gate.release()
            await settle(pilot)
            cards = app.cards
            for _ in range(40):  # the list scrolls once the taller card is laid out
                if cards.scroll_y == cards.max_scroll_y:
                    break
                await pilot.pause(0.05)
            assert cards.scroll_y == cards.max_scroll_y, (n, cards.scroll_y, cards.max_scroll_y)
        assert app.cards.max_scroll_y > 0  # the list did overflow
        app.cards.focus()
        await pilot.press("up", "up", "up")  # the user reads an older card: the newest one's new summary stays put
        await pilot.pause()
        reading = app.cards.scroll_y
        assert reading < app.cards.max_scroll_y
        app._resummarize(app.cards.states()[-1])
        gate.release()
        await settle(pilot)
        assert app.cards.scroll_y == reading


LEFT_OUT = "the local model's sentence was left out: it could not be checked against the output"


@pytest.mark.parametrize("after", ["", " (only the start and end of the output were kept: 12 characters in the middle "
                                       "are not in the log, so the counts above cover the kept part)",
                                   "\n(bytes as the terminal got them: the terminal may have added a \\r before each "
                                   "newline)"])
def test_the_model_s_note_is_said_once_even_before_the_tui_s_own_notes(after):
    """A cut output's card said it twice: '(the local model's sentence was left out…)' in the body, then the same
    note below, as the TUI's note came after the model's."""
    body = f"exit code 1; 29 errors (x.c:1: error: expected ';') ({LEFT_OUT}){after}"
    text, note = split_note(body, LEFT_OUT)
    assert note == LEFT_OUT and LEFT_OUT not in text
    assert text == f"exit code 1; 29 errors (x.c:1: error: expected ';'){after}"


def test_a_note_is_kept_where_the_body_does_not_say_it():
    body = "exit code 0 (the output)"
    assert split_note(body, "2 of the local model's sentences left out: they could not be checked against the output") \
        == (body, "2 of the local model's sentences left out: they could not be checked against the output")
    assert split_note(body, None) == (body, None)
    assert split_note("done (model unavailable: timeout; deterministic summary)",
                      "model unavailable: timeout; deterministic summary") == (
        "done", "model unavailable: timeout; deterministic summary")
