"""Second QA pass of the TUI as a daily user (session 11): what a command still running leaves when the TUI closes
under it, what the help promises about what leaves the machine, and what a card says while a slow model works."""

from __future__ import annotations

import pytest

from remote_fakes import sync
from test_tui_qa_shell import drive

from terminus_edge.logstore import LogStore
from terminus_edge.policy import Decision
from terminus_edge.subagent.approval import ProposedCommand
from terminus_edge.tui.keys import HELP_NOTE
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.widgets.outbox import FileSink


def done(command: str, output: bytes, code: int = 0) -> FinishedCommand:
    return FinishedCommand(command, output, code, 1000.0, 1000.5, cwd="/tmp")


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_quitting_under_a_running_command_keeps_its_output_so_far_in_the_log_store(shell, tmp_path):
    """Ctrl+Q during a long build said the shell was hung up and the logs stay, but the build's output so far was
    in no log: it is stored (no exit code, marked cancelled) and the farewell names its log."""
    got = drive(shell, tmp_path, [["type", "echo one\r"], ["cards", 1],
                                  ["type", "printf 'compil%s 1 of 9\\n' ing; sleep 30\r"], ["screen", "compiling 1 of 9"],
                                  ["press", ["ctrl+q"]], ["ended", None]])
    with LogStore(tmp_path / "logs.sqlite3") as store:
        newest = store.list()[0]
        assert newest.command == "printf 'compil%s 1 of 9\\n' ing; sleep 30"
        assert newest.exit_code is None and newest.cancelled
        assert store.read_raw(newest.id) == b"compiling 1 of 9\n"
    assert got["said"] == [f"terminus-edge: `printf 'compil%s 1 of 9\\n' ing; sleep 30` was still running; the shell "
                           f"and its commands were hung up (SIGHUP); its output so far is log #{newest.id} "
                           f"(terminus-edge logs show {newest.id}) (the commands' logs stay: terminus-edge logs list)"]


# -- what the help promises about what leaves the machine ------------------------------------------------------------


async def help_note_of(app) -> str:
    from terminus_edge.tui.screens import HelpScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        return app.screen.note


@sync
async def test_with_a_remote_agent_the_help_says_its_commands_answers_leave_without_the_outbox(tmp_path):
    """The help said 'Nothing leaves this machine until you queue it … and send it' with --endpoint too, where the
    summaries of the commands the agent ran here (each approved) went back to it without passing the outbox."""
    remote = make_app(start_shell=False, no_model=True, store=None, endpoint="http://127.0.0.1:9/v1", model_name="m")
    try:
        note = await help_note_of(remote)
    finally:
        remote.sink.bridge.client.close()
    assert "Nothing you run leaves" in note and "without passing the outbox" in note
    assert "approve" in note and "secrets masked" in note
    local = make_app(start_shell=False, no_model=True, store=None, sink=FileSink(tmp_path / "out.md"))
    assert await help_note_of(local) == HELP_NOTE  # a file sink: nothing at all leaves


def test_the_approval_dialog_says_where_the_command_s_summary_goes():
    from rich.console import Console

    from terminus_edge.tui.screens.approval import proposal_view

    proposed = ProposedCommand(command="cat notes.txt", explanation="show the notes", goal="g", kind="run",
                               timeout_s=30, policy=Decision("allow", "auto"), number=1, request="r")
    console = Console(width=140, record=True, force_terminal=False)
    console.print(proposal_view(proposed))
    assert "its summary goes to the agent with the request's answer, secrets masked" in console.export_text()


# -- a slow model: what the cards say meanwhile ----------------------------------------------------------------------


def card_text(app, key: int) -> str:
    from rich.console import Console

    console = Console(width=80, record=True, force_terminal=False)
    console.print(app.cards._cards[key]._renderable())
    return console.export_text()


@sync
async def test_with_a_slow_model_the_cards_behind_the_summary_under_way_say_they_wait(tmp_path):
    """Summaries are made one at a time: with a slow model every card said 'summarizing…' (five cards, one being
    made); the others now say they wait for the model, and after a while each says for how long."""
    import asyncio
    import threading
    import time

    from terminus_edge.summarize import summarize
    from terminus_edge.tui.widgets.cards import SummaryCard

    release = threading.Event()

    def slow(*args, **kwargs):
        release.wait(20)
        return summarize(*args, **kwargs)

    app = make_app(start_shell=False, no_model=True, store=None, sink=FileSink(tmp_path / "out.md"), summarizer=slow)
    async with app.run_test(size=(120, 40)) as pilot:
        cards = {app.add_command(done("make", b"built\n")): "built", app.add_command(done("make test", b"3 passed\n")): "3 passed"}
        busy = []
        for _ in range(500):  # a loaded box: generous
            await asyncio.sleep(0.02)
            busy = [key for key in cards if "summarizing…" in card_text(app, key)]
            if busy:
                break
        try:
            # Whichever worker thread stored its log first takes the model (on a loaded box not always the first card).
            assert len(busy) == 1, [card_text(app, key) for key in cards]
            waiting = next(key for key in cards if key != busy[0])
            assert "waiting for the model…" in card_text(app, waiting)
            app.cards._cards[waiting]._pending_since = time.monotonic() - (SummaryCard.SHOW_WAIT_S + 20.2)
            assert "waiting for the model… 22 s" in card_text(app, waiting)
        finally:
            release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert cards[waiting] in card_text(app, waiting) and "waiting" not in card_text(app, waiting)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_ctrl_s_does_not_freeze_the_shell(shell, tmp_path):
    """Ctrl+S stopped the shell's output (the pty's ixon) and Ctrl+Q, which resumes it in any other terminal, quits
    the TUI: the shell looked hung and the way out closed the TUI (its outbox lost). The shell runs without ixon."""
    got = drive(shell, tmp_path, [["type", "stty -a | grep -o -- '-\\?ixon'\r"], ["cards", 1], ["type", "\x13"],
                                  ["sleep", 0.5], ["type", "\x03"], ["sleep", 0.5],
                                  ["type", "printf 'aft%s\\n' er-ctrl-s\r"], ["screen", "after-ctrl-s"], ["cards", 2]])
    assert got["cards"][0][3] == "-ixon\n"
    assert got["cards"][-1][0] == "printf 'aft%s\\n' er-ctrl-s"


def test_shift_page_up_types_nothing_into_the_command_line(tmp_path):
    """Shift+PgUp (a terminal's scrollback, which this pane has not) reached bash as ESC [5;2~ and left `2~` in the
    command line: the next command ran as `2~echo two`. It types nothing (since session 12 it opens the scrollback)."""
    got = drive("bash", tmp_path, [["type", "echo one\r"], ["cards", 1], ["press", ["shift+pageup", "shift+pagedown"]],
                                   ["sleep", 0.3], ["type", "echo two\r"], ["cards", 2]])
    assert [command for command, _, _, _ in got["cards"]] == ["echo one", "echo two"]
