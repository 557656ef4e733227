"""Ctrl+Q while the shell runs a command: it ended, as in a closed terminal window, without a word and without a card."""

from __future__ import annotations

from types import SimpleNamespace

from remote_fakes import sync

from terminus_edge.tui.launch import make_app
from terminus_edge.tui.widgets.outbox import FileSink


@sync
async def test_quitting_while_a_command_runs_says_it_was_hung_up(tmp_path):
    app = make_app(start_shell=False, no_model=True, store=None, sink=FileSink(tmp_path / "out.md"))
    said = []
    plain_exit = app.exit
    app.exit = lambda *args, **kw: (said.append(kw.get("message")), plain_exit(*args, **kw))
    async with app.run_test(size=(100, 24)) as pilot:
        app.on_shell_terminal_command_started(SimpleNamespace(command="make deploy"))
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert said == ["terminus-edge: `make deploy` was still running; the shell and its commands were hung up (SIGHUP)"]


@sync
async def test_quitting_over_a_full_screen_program_needs_a_second_press(tmp_path):
    """vim with unsaved edits is hung up by a quit: the first Ctrl+Q only warns, the second quits."""
    app = make_app(start_shell=False, no_model=True, store=None, sink=FileSink(tmp_path / "out.md"))
    said = []
    plain_exit = app.exit
    app.exit = lambda *args, **kw: (said.append(kw.get("message")), plain_exit(*args, **kw))
    async with app.run_test(size=(100, 24)) as pilot:
        app.on_shell_terminal_command_started(SimpleNamespace(command="vim notes.txt"))
        app.query_one("#terminal").in_full_screen = True
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert said == [] and app.is_running
        assert any("`vim notes.txt` is running full-screen" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert said == ["terminus-edge: `vim notes.txt` was still running; the shell and its commands were hung up (SIGHUP)"]
