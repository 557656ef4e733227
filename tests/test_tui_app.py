"""The TUI driven headless (Textual's pilot): cards from finished commands, actions, outbox, missing model."""

from __future__ import annotations

import asyncio

import pytest

from remote_fakes import sync

from terminus_edge.errors import BundleError
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel
from terminus_edge.tui.keys import ACTIONS
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.screens import EditScreen, RawLogScreen
from terminus_edge.tui.widgets.outbox import FileSink

SECRET = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


def done(command: str, output: str, code: int, seconds: float = 0.4) -> FinishedCommand:
    return FinishedCommand(command, output.encode(), code, 1000.0, 1000.0 + seconds, cwd="/tmp")


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def store(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        yield store


def app_for(store, tmp_path, **kw):
    kw.setdefault("no_model", True)
    return make_app(start_shell=False, store=store, sink=FileSink(tmp_path / "out.md"), **kw)


@sync
async def test_cards_show_exit_codes_summaries_and_are_stored(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("echo hello", "hello\r\n", 0))
        app.add_command(done("ls /nonexistent", "ls: cannot access '/nonexistent': No such file or directory\r\n", 2))
        await settle(pilot)
        ok, bad = app.cards.states()
        assert (ok.exit_code, bad.exit_code) == (0, 2)
        assert not ok.pending and not bad.pending and ok.error is None
        assert ok.text.startswith("Command: echo hello") and "Summary:" in bad.text
        assert "nonexistent" in bad.body and "2" in bad.body  # the failure and its exit code are on the card
        assert store.get(bad.log_id).exit_code == 2 and store.read_raw(bad.log_id).startswith(b"ls: cannot")
        assert store.get(ok.log_id).summary == ok.text
        assert app.status.info.tokens_saved == sum(max(0, s.tokens_raw - s.tokens_summary) for s in (ok, bad))


@sync
async def test_model_summary_is_used_and_resummarize_calls_it_again(store, tmp_path):
    model = FakeModel(lambda messages: "Printed hello.")
    app = app_for(store, tmp_path, model=model, no_model=False)
    async with app.run_test(size=(100, 30)) as pilot:
        output = "".join(f"hello number {i}\r\n" for i in range(40))  # a few lines would skip the model
        app.add_command(done("for i in $(seq 40); do echo hello number $i; done", output, 0))
        await settle(pilot)
        calls = len(model.calls)
        assert calls >= 1 and app.status.info.model == "fake"
        app.cards.focus()
        await pilot.press("s")
        await settle(pilot)
        assert len(model.calls) > calls and not app.cards.current().pending


@sync
async def test_mark_queues_redacted_text_and_write_empties_outbox(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("env | grep TOKEN", f"GITHUB_TOKEN={SECRET}\r\n", 0))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("M")  # the raw output, chosen by the user: still redacted
        await pilot.pause()
        (item,) = app.outbox.items
        assert item.raw and SECRET not in item.text and "REDACTED" in item.text
        assert app.cards.current().queued and app.status.info.queued == 1
        app.outbox.focus()
        await pilot.press("o")
        await settle(pilot)
        written = (tmp_path / "out.md").read_text()
        assert item.text.strip() in written and SECRET not in written
        assert app.outbox.items == [] and not app.cards.current().queued


@sync
async def test_mark_twice_takes_the_card_back_and_edit_changes_what_is_sent(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("make", "all good\r\n", 0))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("m", "m")
        assert app.outbox.items == []
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        editor = app.screen.query_one("TextArea")
        editor.text = "Command: make\nSummary: built, nothing to report."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.cards.current().edited and app.cards.current().body == "built, nothing to report."
        await pilot.press("m")
        assert app.outbox.items[0].text == "Command: make\nSummary: built, nothing to report."


@sync
async def test_raw_log_screen_shows_clean_output(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("ls --color", "\x1b[01;34mdir\x1b[0m\r\nfile\r\n", 0))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RawLogScreen)
        assert app.screen.query_one("TextArea").text == "dir\nfile"
        await pilot.press("escape")
        assert not isinstance(app.screen, RawLogScreen)


@sync
async def test_missing_bundle_shows_build_command_and_cards_still_work(store, tmp_path):
    def missing():
        raise BundleError("no bundle at /nowhere (manifest.json missing)")

    app = app_for(store, tmp_path, no_model=False)
    app.model_loader = missing
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen is app.screen_stack[0]  # one line, no dialog (tests/test_tui_qa_first_run.py)
        assert "deterministic" in app.status.info.model
        assert any("terminus-edge bundle build-default" in n.message for n in app._notifications)
        app.add_command(done("false", "", 1))
        await settle(pilot)
        (card,) = app.cards.states()
        assert card.error is None and card.text.startswith("Command: false")


@sync
async def test_palette_offers_every_action_and_help_lists_keys(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {title for _, title, _ in ACTIONS} <= titles
        for action, _, _ in ACTIONS:
            assert callable(getattr(app, f"action_{action}"))
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


@sync
async def test_real_shell_in_the_pane_gives_cards(store, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("HISTCONTROL=ignoreboth\n")  # Debian's default: history cannot name " cmd"
    monkeypatch.setenv("HOME", str(home))
    app = make_app(shell="bash", no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            if app.query_one("#terminal")._prompt_at is not None:  # the shell drew its first prompt (mark B)
                break
            await asyncio.sleep(0.05)
        await pilot.press(*"echo hello", "enter")
        await pilot.press(*"ls /nonexistent", "enter")
        await pilot.press(*" echo spaced", "enter")  # not in history: the card reads the command off the screen
        for _ in range(200):
            await settle(pilot)
            states = app.cards.states()
            if len(states) == 3 and not any(s.pending for s in states):
                break
            await asyncio.sleep(0.05)
        assert [(s.command, s.exit_code) for s in app.cards.states()] == [
            ("echo hello", 0), ("ls /nonexistent", 2), ("echo spaced", 0)]
        assert "hello" in _screen_text(app)
        assert store.read_raw(app.cards.states()[2].log_id) == b"spaced\n"


def _screen_text(app) -> str:
    terminal = app.query_one("#terminal")
    page = terminal.board.blitter.current_buffer
    return "\n".join(page.get_line_text(y) for y in range(terminal.board.height))


@sync
async def test_full_screen_program_is_not_sent_to_the_model(store, tmp_path):
    model = FakeModel(lambda messages: "Printed hello.")
    app = app_for(store, tmp_path, model=model, no_model=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("less notes.txt", "\x1b[?1049h\x1b[Hline one\r\n:\x1b[?1049l", 0))
        await settle(pilot)
        (card,) = app.cards.states()
        assert model.calls == [] and "full-screen" in card.model_note and card.error is None


@sync
async def test_shell_exit_ends_the_app(store, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(shell="bash", no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if app.query_one("#terminal")._prompt_at is not None:
                break
            await asyncio.sleep(0.05)
        await pilot.press("ctrl+d")  # Ctrl+D reaches the shell, which exits
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
        assert not app.is_running
    assert app.return_code == 0


def test_outbox_file_is_private_like_the_log_store(tmp_path):
    """QA: outbox.md came out 0644 (the umask's) inside the 0700 data folder; it holds what may leave."""
    from terminus_edge.tui.widgets.outbox import OutboxItem, default_outbox_path

    item = OutboxItem(1, "make", "Command: make\nSummary: ok")
    path = default_outbox_path()
    FileSink(path).deliver([item])
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    older = tmp_path / "older" / "outbox.md"  # one written by an earlier version is tightened on the next write
    older.parent.mkdir()
    older.write_text("old\n")
    older.chmod(0o644)
    FileSink(older).deliver([item])
    assert older.stat().st_mode & 0o777 == 0o600 and older.read_text().startswith("old\n")


@sync
async def test_outbox_copy_says_osc52_not_a_clipboard_it_cannot_confirm(store, tmp_path):
    app = app_for(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(done("make", "ok\r\n", 0))
        await settle(pilot)
        app.cards.focus()
        await pilot.press("m")
        app.outbox.focus()
        messages = []
        app.notify = lambda message, **kw: messages.append(message)
        await pilot.press("y")
        await pilot.pause()
    assert messages == ["1 item(s) sent to the terminal's clipboard (OSC 52); not every terminal accepts it."]
    assert not any("copied to the clipboard" in help_text for _, _, help_text in ACTIONS)
