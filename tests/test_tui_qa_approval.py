"""QA of what leaves the machine from the TUI: only queued items leave, redacted; an edit or a new summary of a
queued card is what leaves (before: the outbox kept the text from the moment it was queued); a removed item
or a card never queued does not leave; the raw log stays local and can be read; a huge raw log opens at once."""

from __future__ import annotations

import time

import pytest

from remote_fakes import sync

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.screens import EditScreen, RawLogScreen, clip_for_view
from terminus_edge.tui.screens.dialogs import VIEW_LINE_CHARS, VIEW_LINES
from terminus_edge.tui.widgets.outbox import FileSink

SECRET = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"


def done(command: str, output: bytes, code: int = 0) -> FinishedCommand:
    return FinishedCommand(command, output, code, 1000.0, 1000.5, cwd="/tmp")


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def store(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        yield store


def app_for(store, tmp_path):
    return make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))


async def edit_to(pilot, text: str | None) -> None:
    """`e` on the highlighted card, then save `text` (Ctrl+S) or cancel (None: Esc)."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, EditScreen)
    if text is None:
        pilot.app.screen.query_one("TextArea").text = "Command: make\nSummary: thrown away"
        await pilot.press("escape")
    else:
        pilot.app.screen.query_one("TextArea").text = text
        await pilot.press("ctrl+s")
    await pilot.pause()


@sync
async def test_an_edit_after_queueing_is_what_leaves_redacted(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("make deploy", b"deployed to prod-7 as admin\r\n"))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("m")
        original = app.outbox.items[0].text
        assert "prod-7" in original
        # the user takes the host name out, and pastes a token by mistake: the edit leaves, the token does not
        await edit_to(pilot, f"Command: make deploy\nSummary: deployed. token {SECRET}")
        (item,) = app.outbox.items
        assert "prod-7" not in item.text and "deployed" in item.text
        assert SECRET not in item.text and "REDACTED" in item.text
        assert app.cards.current().queued and app.cards.current().edited
        await edit_to(pilot, None)  # Esc keeps the saved edit
        assert app.outbox.items == [item]
        app.outbox.focus()
        await pilot.press("o")
        await settle(pilot)
    sent = (tmp_path / "out.md").read_text()
    assert "deployed. token" in sent and "prod-7" not in sent and SECRET not in sent


@sync
async def test_a_new_summary_of_a_queued_card_replaces_its_outbox_item(store, tmp_path):
    summaries = iter(["first", "second"])

    def summarizer(command, raw, exit_code, **kwargs):
        from terminus_edge.summarize import summarize

        summary = summarize(command, raw, exit_code, **kwargs)
        body = f"{next(summaries)} summary"
        return type(summary)(**{**summary.__dict__, "body": body, "text": f"Command: {command}\nSummary: {body}"})

    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"),
                   summarizer=summarizer)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("make", b"ok\r\n"))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("m")
        assert app.outbox.items[0].text.endswith("first summary")
        await pilot.press("s")
        await settle(pilot)
        assert [item.text.splitlines()[-1] for item in app.outbox.items] == ["Summary: second summary"]
        assert app.cards.current().queued


@sync
async def test_a_queued_raw_output_stays_as_queued_when_the_summary_is_edited(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("cat notes", b"line one\r\n"))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("M")
        raw_item = app.outbox.items[0]
        await edit_to(pilot, "Command: cat notes\nSummary: something else")
        assert app.outbox.items == [raw_item] and raw_item.raw and "line one" in raw_item.text


@sync
async def test_removed_and_unqueued_cards_never_leave(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for n, command in enumerate(("echo kept", "echo removed", "echo never-queued")):
            app.add_command(done(command, f"output-{n}\r\n".encode()))
        await settle(pilot)
        await pilot.press("f3", "k", "m", "k", "m")  # queue #2, then #1
        assert sorted(item.key for item in app.outbox.items) == [1, 2]
        await pilot.press("f4")
        while app.outbox.current().key != 2:
            await pilot.press("down")
        await pilot.press("d")  # the user denies #2
        await pilot.pause()
        assert [item.key for item in app.outbox.items] == [1] and not app.cards.state(2).queued
        await pilot.press("o")
        await settle(pilot)
        assert app.outbox.items == []
    sent = (tmp_path / "out.md").read_text()
    assert "echo kept" in sent and "output-0" in sent
    assert "removed" not in sent and "output-1" not in sent
    assert "never-queued" not in sent and "output-2" not in sent


@sync
async def test_the_raw_log_stays_local_and_is_readable_while_only_redacted_text_is_queued(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("env | grep TOKEN", f"\x1b[1mGITHUB_TOKEN\x1b[0m={SECRET}\r\n".encode()))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("m", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RawLogScreen)
        assert app.screen.query_one("TextArea").text == f"GITHUB_TOKEN={SECRET}"  # the user's own screen: whole
        assert SECRET in store.read_raw(app.cards.current().log_id).decode()
        assert all(SECRET not in item.text for item in app.outbox.items)
        await pilot.press("escape")
        assert not isinstance(app.screen, RawLogScreen)
    assert not (tmp_path / "out.md").exists()  # nothing was sent or written


@sync
async def test_a_huge_raw_log_opens_at_once_and_says_where_the_rest_is(store, tmp_path):
    """180,000 lines made a TextArea that took 5-8 s of the UI thread (the whole TUI froze)."""
    lines = 180_000
    raw = b"".join(b"/usr/share/doc/package-%d/changelog.Debian.gz\r\n" % i for i in range(lines))
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("find /usr", raw))
        await settle(pilot)
        app.cards.focus()
        started = time.monotonic()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RawLogScreen)
        elapsed = time.monotonic() - started
        text = app.screen.query_one("TextArea").text
        log_id = app.cards.current().log_id
    shown = text.splitlines()
    assert len(shown) == VIEW_LINES + 1 and shown[0].endswith("package-0/changelog.Debian.gz")
    assert shown[-1].endswith(f"package-{lines - 1}/changelog.Debian.gz")
    assert f"{lines - VIEW_LINES:,} lines not shown here; all of them: terminus-edge logs show {log_id}" in text
    assert elapsed < 4.0, elapsed  # ~0.8 s on the loaded 2-core dev box; 14 s before


def test_clip_for_view_keeps_short_text_whole_and_cuts_long_lines():
    assert clip_for_view("a\nb", 3) == "a\nb"
    long = "x" * (VIEW_LINE_CHARS + 10)
    clipped = clip_for_view(f"head\n{long}", 3).splitlines()
    assert clipped[1] == "x" * VIEW_LINE_CHARS + " … [10 more characters]"
    assert clipped[-1] == "[long lines are cut here; whole: terminus-edge logs show 3]"
    assert "logs show" not in clip_for_view("\n".join(["y"] * (VIEW_LINES + 5)), None)  # no store: nowhere to point


def test_a_finished_commands_repr_leaves_its_output_out():
    """Textual's @work builds each worker's description from repr(arguments): an 8 MB output made an 11 MB
    string on the UI thread (17 ms quiet, 50-140 ms on a loaded box) for every big command."""
    finished = FinishedCommand("seq 1 1100000", b"1\r\n" * 4_000_000, 0, 1000.0, 1001.0)
    assert len(repr(finished)) < 200 and "seq 1 1100000" in repr(finished)


# less -X as git runs it (LESS=FRX), bytes as the TUI captured them
PAGE = b"".join(b"\x1b[33mcommit %040x\x1b[m\r\n    commit %d\x1b[m\r\n" % (n, n) for n in range(40, 28, -1))
QUIT_AT_PROMPT = b"\x1b[?1h\x1b=\r" + PAGE + b":\x1b[K\r\x1b[K\x1b[?1l\x1b>"
QUIT_AT_END = b"\x1b[?1h\x1b=\r" + PAGE + b"\x1b[7m(END)\x1b[27m\x1b[K\r\x1b[K\x1b[?1l\x1b>"
FITTED = b"\x1b[?1h\x1b=\r" + PAGE + b"\r\x1b[K\x1b[?1l\x1b>"  # -F: all on one screen, no prompt


def test_pager_left_at_a_prompt_is_told_apart_from_a_whole_output():
    from terminus_edge.tui.pipeline import pager_left_early

    assert pager_left_early(QUIT_AT_PROMPT)
    long_prompt = QUIT_AT_PROMPT.replace(b":\x1b[K", b"\x1b[7mlines 1-24/80 30%\x1b[27m\x1b[K")  # less -M
    assert pager_left_early(long_prompt)
    assert not pager_left_early(QUIT_AT_END) and not pager_left_early(FITTED)
    assert not pager_left_early(PAGE + b"\r\n") and not pager_left_early(b":\x1b[K\r\x1b[K\x1b[?1l\x1b>")


@sync
async def test_a_pager_quit_before_its_end_says_so_in_what_leaves(store, tmp_path):
    """`git log` through less, quit after a page: the card said '12 commits listed; … oldest <the last one
    shown>' as if that were the history."""
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        for output in (QUIT_AT_PROMPT, QUIT_AT_END, FITTED):
            app.add_command(done("git log", output))
        await settle(pilot)
        partial, whole, fitted = app.cards.states()
        app.cards.focus()
        await pilot.press("k", "k", "m")
        (item,) = app.outbox.items
    note = "(shown through the pager less and quit before the end: the log holds only the pages shown"
    assert note in partial.body and note in partial.text and note in item.text
    assert "pager" not in whole.text and "pager" not in fitted.text


@sync
async def test_old_cards_leave_the_list_past_its_cap_but_queued_ones_and_every_log_stay(store, tmp_path, monkeypatch):
    """Each card is a widget the ListView lays out on every move: 300 cards made ↑/↓ ~0.17 s a key and the
    list grew ~0.12 MB a card for the whole session."""
    from terminus_edge.tui.widgets import cards

    monkeypatch.setattr(cards, "MAX_CARDS", 3)
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.add_command(done("echo 1", b"1\r\n"))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("m")  # queued: it stays
        for n in range(2, 7):
            app.add_command(done(f"echo {n}", f"{n}\r\n".encode()))
            await settle(pilot)
        assert [s.command for s in app.cards.states()] == ["echo 1", "echo 5", "echo 6"]
        assert len(app.cards.children) == 3 and app.cards.current().command == "echo 6"
        await pilot.press("k")
        assert app.cards.current().command == "echo 5"
        await pilot.press("k", "e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)  # editing #1; a new card must not take it away
        app.add_command(done("echo 7", b"7\r\n"))
        await settle(pilot)
        app.screen.query_one("TextArea").text = "Command: echo 1\nSummary: edited"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.outbox.items[0].text == "Command: echo 1\nSummary: edited"
        assert [s.command for s in app.cards.states()] == ["echo 1", "echo 6", "echo 7"]
    assert [record.command for record in store.list()][::-1] == [f"echo {n}" for n in range(1, 8)]


@sync
async def test_a_narrow_window_gives_the_shell_the_whole_width_and_a_wide_one_gives_the_panel_back(store, tmp_path):
    """At 40 columns the side panel (28 at least) left the shell 12 columns (`stty size`: 11 12)."""
    app = app_for(store, tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        side, terminal = app.query_one("#side"), app.query_one("#terminal")
        assert not side.display and terminal.size.width == 40
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert side.display and terminal.size.width < 100
        await pilot.press("f5")  # the user hides it: a narrow spell does not bring it back
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not side.display and terminal.size.width == 100


def test_the_outbox_shows_a_long_item_as_its_first_lines_and_what_else_goes():
    from terminus_edge.tui.widgets.outbox import PREVIEW_LINES, preview

    assert preview("a\nb") == ("a\nb",)
    text = "\n".join(f"line {n}" for n in range(1000))
    shown, (note, _) = preview(text)
    assert shown.splitlines() == [f"line {n}" for n in range(PREVIEW_LINES)]
    assert note == f"\n… and {1000 - PREVIEW_LINES:,} more lines ({len(text):,} characters in all) are sent with it"


@sync
async def test_queueing_a_huge_raw_output_redacts_it_off_the_ui_thread_and_shows_a_preview(store, tmp_path):
    """M on an 8.9 MB output ran its cleaning and redaction on the UI thread (~8 s) and the outbox then drew all
    180,000 lines (~40 s): the TUI froze for about a minute."""
    from terminus_edge.tui.widgets.outbox import OutboxItemView

    lines = b"".join(b"/usr/share/doc/package-%d/changelog.Debian.gz\r\n" % i for i in range(20_000))
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("find /usr", lines + f"GITHUB_TOKEN={SECRET}\r\n".encode()))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("M")
        await settle(pilot)
        (item,) = app.outbox.items
        assert item.raw and SECRET not in item.text and "package-19999/changelog" in item.text
        (view,) = app.query(OutboxItemView)
        assert "more lines" in str(view.render()) and "package-19999" not in str(view.render())
        await pilot.press("M")  # and back out
        assert app.outbox.items == [] and not app.cards.current().queued
