"""Alt with any key, as the terminal sent it (Esc, then the key), reaches the shell as Alt+key.

Textual's key parser keeps the Alt of an Esc-prefixed key only when the key's name is one character (letters,
digits): Esc+'.' (readline's yank-last-arg) or Esc+Enter came as '.' and Enter, so the shell got them without their
Esc, and vim lost the Esc of a quickly typed "Esc :" (Textualize/textual#6663, open for textual 8.2.8). Its table
also renames some Esc+key pairs after macOS keyboards: Esc+1 typed '¡', Esc+= '≠' (readline: digit argument, list
completions), Esc+b and Esc+f came as Ctrl+Left/Right, Esc+Backspace as Ctrl+W, Esc+Tab as Shift+Tab. `keep_alt()`
wraps the parser's key mapping so each of these says alt+<key>; a Textual that already does leaves the wrapper
nothing to do. A terminal that speaks the kitty keyboard protocol (kitty, foot, WezTerm, Ghostty: Textual asks for
it) reports Alt+. as `CSI 46;3u`, which Textual names alt+full_stop without its character, so nothing reached the
shell; the wrapper gives such an Alt+punctuation key its character back.
"""

from __future__ import annotations

from textual import events

ESC = "\x1b"
_WRAPPED = "_terminus_edge_keeps_alt"


def with_alt(event: events.Key, sequence: str, alt: bool) -> events.Key:
    """The event for Esc+`sequence`: Alt added where Textual dropped it (a one-character key it named by a word)."""
    if not alt or len(sequence) != 1 or "alt+" in event.key or event.key in ("escape", "<ignore>"):
        return event
    return events.Key(f"alt+{event.key}", event.character)


def with_character(event: events.Key, punctuation: dict[str, str]) -> events.Key:
    """An Alt+punctuation key reported without its character (the kitty protocol's CSI code;3u): with it. Only
    Alt alone: with Shift the character depends on the keyboard's layout, which the report does not give."""
    modifiers, _, name = event.key.rpartition("+")
    if event.character is not None or modifiers != "alt" or name not in punctuation:
        return event
    return events.Key(event.key, punctuation[name])


def punctuation_names() -> dict[str, str]:
    """Textual's name of each ASCII punctuation character (full_stop, minus, ...) -> the character; empty when
    Textual's naming function moved (such keys then stay as Textual reports them)."""
    import string

    try:
        from textual.keys import _character_to_key
    except ImportError:
        return {}
    return {_character_to_key(character): character for character in string.punctuation}


def renamed_pairs() -> frozenset[str]:
    """Esc+key pairs Textual's table turns into another key (not Esc Esc: that is two Escapes)."""
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    return frozenset(seq for seq in ANSI_SEQUENCES_KEYS if len(seq) == 2 and seq[0] == ESC and seq[1] != ESC)


def keep_alt() -> bool:
    """Wrap Textual's XTermParser once (every parser the driver makes after this); False when its internals moved."""
    try:
        from textual._xterm_parser import XTermParser

        renamed, punctuation = renamed_pairs(), punctuation_names()
    except ImportError:
        return False
    plain = getattr(XTermParser, "_sequence_to_key_events", None)
    if plain is None:
        return False
    if getattr(plain, _WRAPPED, False):
        return True

    def sequence_to_key_events(self, sequence: str, alt: bool = False):
        if sequence in renamed:
            sequence, alt = sequence[1], True
        for event in plain(self, sequence, alt):
            if isinstance(event, events.Key):
                event = with_character(with_alt(event, sequence, alt), punctuation)
            yield event

    setattr(sequence_to_key_events, _WRAPPED, True)
    XTermParser._sequence_to_key_events = sequence_to_key_events
    return True
