"""Alt+key typed in the shell pane: terminals send Esc then the key; Textual kept the Alt for letters only, so
Alt+. (yank-last-arg), Alt+Backspace, Alt+1 and a quick "Esc :" in vim lost their Esc."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from terminus_edge.tui.altkeys import keep_alt
from terminus_edge.tui.widgets.terminal import ShellTerminal


class Wire:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def write(self, data) -> None:
        self.sent.append(data if isinstance(data, str) else data.decode())


def keys_of(data: str) -> list[tuple[str, str | None]]:
    parser = XTermParser()
    tokens = list(parser.feed(data)) + list(parser.feed(""))
    return [(t.key, t.character) for t in tokens if isinstance(t, events.Key)]


def test_the_parser_keeps_alt_for_punctuation_and_named_keys():
    assert keep_alt()
    assert keys_of("\x1b.") == [("alt+full_stop", ".")]
    assert keys_of("\x1b/") == [("alt+slash", "/")]
    assert keys_of("\x1b\r") == [("alt+enter", "\r")]
    # pairs Textual's table renamed after macOS keys: Alt+1 typed '¡', Alt+b came as Ctrl+Left
    assert keys_of("\x1b1") == [("alt+1", "1")]
    assert keys_of("\x1b=") == [("alt+equals_sign", "=")]
    assert keys_of("\x1bb") == [("alt+b", "b")]
    assert keys_of("\x1b\x7f") == [("alt+backspace", "\x7f")]
    assert keys_of("\x1b\t") == [("alt+tab", "\t")]
    assert keys_of("\x1b\x1b") == [("escape", "\x1b"), ("escape", "\x1b")]
    assert keys_of("\x1b:wq\r") == [("alt+colon", ":"), ("w", "w"), ("q", "q"), ("enter", "\r")]
    # unchanged: letters, a lone Esc, keys typed without Esc, Esc sequences
    assert keys_of("\x1bd") == [("alt+d", "d")]
    assert keys_of("\x1b") == [("escape", "\x1b")]
    assert keys_of(".\r\x7f") == [("full_stop", "."), ("enter", "\r"), ("backspace", "\x7f")]
    assert keys_of("\x1b[A") == [("up", None)]
    assert keep_alt()  # wrapped once, however often the TUI is made


def test_the_shell_gets_esc_then_the_key():
    keep_alt()
    terminal = ShellTerminal(["true"])
    wire = Wire()
    terminal.board.host.attach(wire)
    typed = "\x1b.", "\x1b:", "\x1b\r", "\x1b1", "\x1bb", "\x1b\x7f", ".", "\r", "\x7f"
    for key, character in [key for data in typed for key in keys_of(data)]:
        event = events.Key(key, character)
        terminal.on_key(event)
        assert event._no_default_action  # Textual calls no other handler of the class chain
    assert "".join(wire.sent) == "".join(typed)


def test_kitty_protocol_alt_punctuation_reaches_the_shell_as_esc_then_the_key():
    """kitty, foot, WezTerm and Ghostty answer Textual's request for the kitty keyboard protocol: Alt+. comes as
    CSI 46;3u, which Textual names alt+full_stop with no character, and the shell got nothing at all."""
    keep_alt()
    assert keys_of("\x1b[46;3u") == [("alt+full_stop", ".")]
    assert keys_of("\x1b[95;3u") == [("alt+underscore", "_")]
    assert keys_of("\x1b[45;3u") == [("alt+minus", "-")]
    # unchanged: Shift too (the character depends on the layout), Ctrl too, named keys, letters
    assert keys_of("\x1b[46;4u") == [("alt+shift+full_stop", None)]
    assert keys_of("\x1b[46;7u") == [("alt+ctrl+full_stop", None)]
    assert keys_of("\x1b[13;3u") == [("alt+enter", None)]
    assert keys_of("\x1b[97;3u") == [("alt+a", None)]
    terminal = ShellTerminal(["true"])
    wire = Wire()
    terminal.board.host.attach(wire)
    for data in ("\x1b[46;3u", "\x1b[47;3u", "\x1b[95;3u", "\x1b[97;3u"):
        for key, character in keys_of(data):
            terminal.on_key(events.Key(key, character))
    assert "".join(wire.sent) == "\x1b.\x1b/\x1b_\x1ba"
