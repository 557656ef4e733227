"""QA of the shell pane as a daily user meets it: the TUI says why it closed and which queued items were not
sent; jump scroll and byte-exact capture lean on bittty internals, so a bittty without them must still show
and capture everything (slower or lossy, never broken); full-screen programs and no-echo prompts."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from bittty import Board

from terminus_edge.logstore import LogStore
from terminus_edge.tui import jumpscroll
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.widgets.outbox import FileSink
from terminus_edge.tui.widgets.terminal import ShellTerminal, keep_undecodable_bytes


def screen_rows(board) -> list[str]:
    page = board.blitter.current_buffer
    return [page.get_line_text(y).rstrip() for y in range(board.height)]


# -- bittty internals ---------------------------------------------------------------------------------


def test_jump_scroll_is_on_with_this_bittty_and_off_when_its_state_is_missing():
    assert jumpscroll.supported(Board(width=20, height=5))
    board = Board(width=20, height=5)
    changed = SimpleNamespace(**{name: getattr(board, name) for name in ("parser", "blitter", "modes", "cursor",
                                                                           "width", "height")})
    assert not jumpscroll.supported(changed)  # e.g. a bittty that renamed its printer device


def test_without_jump_scroll_a_flood_is_drawn_whole(monkeypatch):
    monkeypatch.setattr(jumpscroll, "supported", lambda board: False)
    skipping = pytest.fail  # the skip must not run at all
    monkeypatch.setattr(jumpscroll, "feed", lambda board, text: skipping("jump scroll ran"))
    terminal = ShellTerminal(["true"])
    flood = "".join(f"\x1b[3{n % 8}mline {n}\x1b[0m\r\n" for n in range(3000)) + "$ "
    for start in range(0, len(flood), 4096):  # in pty-sized reads
        terminal.feed(flood[start:start + 4096])
    terminal._feed_screen()
    reference = Board(width=terminal.board.width, height=terminal.board.height)
    reference.parser.feed(flood)
    assert screen_rows(terminal.board) == screen_rows(reference)
    assert screen_rows(terminal.board)[-2:] == ["line 2999", "$"]


def test_byte_exact_capture_degrades_to_replacement_characters_without_bittty_s_decoder():
    assert keep_undecodable_bytes(None) is False  # no pty yet: asked again on the next chunk
    assert keep_undecodable_bytes(SimpleNamespace()) is True  # a pty without `_dec`: given up, nothing raised
    assert keep_undecodable_bytes(SimpleNamespace(_dec=object())) is True
    import codecs

    pty = SimpleNamespace(_dec=codecs.getincrementaldecoder("utf-8")(errors="replace"))
    assert keep_undecodable_bytes(pty) and pty._dec.decode(b"caf\xe9!") == "caf\udce9!"


class Wire:
    """What the emulator sends toward the child (the pty's side of bittty's host port)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def write(self, data: str) -> int:
        self.sent.append(data)
        return len(data)


def test_queries_inside_binary_noise_get_no_answer_and_real_queries_do():
    terminal = ShellTerminal(["true"])
    wire = Wire()
    terminal.board.host.attach(wire)
    noise = "\udcff\udcfe\x1b[c garbage \x1b[6n\x05\x1bZ \udc80\r\n"  # what `cat /dev/urandom` decodes to
    terminal.feed(noise)
    terminal._feed_screen()
    assert wire.sent == []
    terminal.feed("\x1b[6n")  # a program asking on purpose (valid UTF-8): answered
    terminal._feed_screen()
    assert wire.sent == ["\x1b[2;1R"]  # the cursor is at the start of row 2, after the noise
    terminal.board.input("x")  # the user's keys still reach the child
    assert wire.sent[-1] == "x"


def test_alt_with_a_key_reaches_the_shell_as_esc_and_the_key_after_a_reset_too():
    """Alt+d (readline's kill-word) typed a plain 'd': bittty's default drops the Alt. (Alt with keys Textual names
    by a word, Alt+. and the like: test_tui_altkeys.py.)"""
    from textual import events

    terminal = ShellTerminal(["true"])
    wire = Wire()
    terminal.board.host.attach(wire)
    terminal.on_key(events.Key("alt+d", "d"))
    terminal.on_key(events.Key("d", "d"))
    terminal.feed("\x1bc")  # `reset`: the terminal's defaults again
    terminal.feed("\x1b]133;A\x07$ \x1b]133;B\x07")  # the next prompt
    terminal.on_key(events.Key("alt+f", "f"))
    assert wire.sent == ["\x1bd", "d", "\x1bf"]


def test_a_binary_cat_does_not_type_into_the_next_command_line(tmp_path):
    """`cat` of a binary file: bittty answered every query in it, the shell read ~300 answers as typed text
    and the next Enter ran `62;1;6;...cecho alive` (the user's command was lost)."""
    noise = r"printf 'a\377\033[c\033[>c\033[6n\005\033Zb\n'"
    got = drive("bash", tmp_path, [["type", noise + "\r"], ["cards", 1], ["type", "echo alive\r"], ["cards", 2]])
    (_, code, _, raw), (command, _, _, alive) = got["cards"]
    assert code == 0 and raw.startswith("a\ufffd")
    assert command == "echo alive" and alive == "alive\n"


# -- leaving the TUI ----------------------------------------------------------------------------------


def test_quitting_with_a_queued_item_says_it_was_not_sent(tmp_path):
    async def drive() -> list:
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
            said = []
            plain_exit = app.exit
            app.exit = lambda *args, **kw: (said.append(kw.get("message")), plain_exit(*args, **kw))
            async with app.run_test(size=(100, 30)) as pilot:
                app.add_command(FinishedCommand("make", b"ok\r\n", 0, 1000.0, 1000.5))
                await app.workers.wait_for_complete()
                await pilot.press("f3", "m", "ctrl+q")
                await pilot.pause()
            return said

    assert asyncio.run(drive()) == ["terminus-edge: 1 queued outbox item(s) were not sent "
                                    "(the commands' logs stay: terminus-edge logs list)"]


_DRIVE = """
import asyncio, json, sys, time
from textual import events
from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.widgets.outbox import FileSink

shell, tmp, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])


def rows(terminal):
    page = terminal.board.blitter.current_buffer
    return [page.get_line_text(y).rstrip() for y in range(terminal.board.height)]


async def drive():
    with LogStore(tmp + "/logs.sqlite3") as store:
        app = make_app(shell=shell, no_model=True, store=store, sink=FileSink(tmp + "/out.md"))
        said, seen = [], {}
        plain_exit = app.exit
        app.exit = lambda *args, **kw: (said.append(kw.get("message")), plain_exit(*args, **kw))
        async with app.run_test(size=(100, 30)) as pilot:
            terminal = app.query_one("#terminal")
            async def until(test, what):
                deadline = time.monotonic() + 30
                while not test():
                    assert time.monotonic() < deadline, f"waited for {what}; screen: {rows(terminal)}"
                    await asyncio.sleep(0.05)
            await until(lambda: terminal._prompt_at is not None, "the first prompt")
            for kind, arg in steps:
                if kind == "type":
                    terminal.board.input(arg)
                elif kind == "paste":
                    terminal.post_message(events.Paste(arg))
                elif kind == "screen":
                    await until(lambda: any(arg in row for row in rows(terminal)), repr(arg))
                elif kind == "cards":
                    await until(lambda: len(app.cards.states()) >= arg and not any(s.pending for s in app.cards.states()),
                                f"{arg} cards")
                elif kind == "alt":
                    seen.setdefault("alt", []).append(terminal.board.blitter.in_alt_screen)
                elif kind == "sleep":
                    await asyncio.sleep(arg)
                elif kind == "press":
                    await pilot.press(*arg)
                elif kind == "queue":
                    app.cards.focus()
                    await pilot.press("m")
                    terminal.focus()
                elif kind == "ended":
                    await until(lambda: not app.is_running, "the TUI to end")
                elif kind == "resize":
                    await pilot.resize_terminal(*arg)
                elif kind == "rows":
                    seen.setdefault("rows", []).append(rows(terminal))
                elif kind == "view":  # the text of the view on top (raw log, scrollback), once it is up
                    await until(lambda: hasattr(app.screen, "text"), "a view")
                    seen.setdefault("view", []).append(app.screen.text)
                elif kind == "on top":
                    seen.setdefault("on top", []).append(type(app.screen).__name__)
            cards = [(s.command, s.exit_code, s.model_note, store.read_raw(s.log_id).decode("utf-8", "replace"))
                     for s in app.cards.states()]
            texts = [s.text for s in app.cards.states()]
    return {"said": said, "cards": cards, "texts": texts, **seen}

print(json.dumps(asyncio.run(drive())))
"""


def drive(shell: str, tmp_path, steps: list) -> dict:
    """Run the TUI with a real `shell` in a child process (bittty keeps the os.environ it was imported with)."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "ZDOTDIR": str(home)}
    proc = subprocess.run([sys.executable, "-c", _DRIVE, shell, str(tmp_path), json.dumps(steps)], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_shell_exiting_ends_the_tui_and_says_so(shell, tmp_path):
    got = drive(shell, tmp_path, [["type", "echo one\r"], ["cards", 1], ["queue", None], ["type", "exit 3\r"],
                                  ["ended", None]])
    assert got["said"] == ["terminus-edge: the shell exited (exit code 3); 1 queued outbox item(s) were not sent "
                           "(the commands' logs stay: terminus-edge logs list)"]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_pasted_multi_line_input_is_one_card_with_every_line_and_all_output(shell, tmp_path):
    """bash ran the pasted lines one by one, each after its own C mark: the card named only the last line and
    the first line's output was in no card (zsh reports the whole input at once)."""
    got = drive(shell, tmp_path, [["paste", "echo pasted-a\necho pasted-b"], ["screen", "echo pasted-b"],
                                  ["type", "\r"], ["cards", 1], ["type", "echo next\r"], ["cards", 2]])
    (command, code, _, raw), (after, _, _, _) = got["cards"]
    assert (command, code, raw) == ("echo pasted-a\necho pasted-b", 0, "pasted-a\npasted-b\n")
    assert after == "echo next"


def test_ctrl_c_on_the_cards_or_the_outbox_stops_the_running_command(tmp_path):
    """With the keyboard on the cards, Ctrl+C only showed Textual's 'press Ctrl+Q to quit': `sleep 30` ran on."""
    got = drive("bash", tmp_path, [["type", "echo one\r"], ["cards", 1], ["queue", None],
                                   ["type", "sleep 30\r"], ["sleep", 0.3], ["press", ["f3", "ctrl+c"]], ["cards", 2],
                                   ["type", "sleep 31\r"], ["sleep", 0.3], ["press", ["f4", "ctrl+c"]], ["cards", 3]])
    assert [(command, code) for command, code, _, _ in got["cards"]] == [("echo one", 0), ("sleep 30", 130),
                                                                         ("sleep 31", 130)]


def test_a_no_echo_password_prompt_keeps_the_password_out_of_screen_and_log(tmp_path):
    got = drive("bash", tmp_path, [["type", "read -s -p 'Password: ' pw; echo; echo \"got ${#pw}\"\r"],
                                   ["screen", "Password:"], ["type", "hunter2-secret\r"], ["cards", 1]])
    ((command, code, _, raw),) = got["cards"]
    assert code == 0 and raw == "Password: \ngot 14\n"


EDITORS = {  # program names, how to start it on notes.txt, keys that type "hello", save and quit
    "vi": (("vim", "vi", "vim.tiny"), "{} -u NONE -N notes.txt", "ihello\x1b:wq\r"),
    "nano": (("nano",), "{} --ignorercfiles notes.txt", "hello\x0f\r\x18"),
}


@pytest.mark.parametrize("editor", sorted(EDITORS))
def test_an_editor_goes_to_the_alternate_screen_and_back_and_its_card_skips_the_model(editor, tmp_path):
    names, start, keys = EDITORS[editor]
    program = next((shutil.which(name) for name in names if shutil.which(name)), None)
    if program is None:
        pytest.skip(f"{editor} is not installed (apt-get install -y {names[-1]})")
    got = drive("bash", tmp_path, [["type", start.format(program) + "\r"], ["screen", "notes.txt"], ["alt", None],
                                   ["type", keys], ["cards", 1], ["alt", None],
                                   ["type", "cat notes.txt\r"], ["cards", 2]])
    assert got["alt"] == [True, False]
    (_, code, note, _), (_, _, _, cat_raw) = got["cards"]
    assert code == 0 and "full-screen" in note and cat_raw == "hello\n"


def test_a_pager_quit_early_is_noted_on_the_card_and_a_short_one_is_not(tmp_path):
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    got = drive("bash", tmp_path, [["type", "seq 200 | less -X\r"], ["screen", "20"], ["sleep", 0.3], ["type", "q"],
                                   ["cards", 1], ["type", "seq 3 | less -FX\r"], ["cards", 2]])
    assert [code for _, code, _, _ in got["cards"]] == [0, 0]
    assert "\x1b[?1h" in got["cards"][0][3]  # the raw log keeps what less drew, escapes and all
    assert got["texts"][0].count("quit before the end") == 1 and "pager" not in got["texts"][1]
