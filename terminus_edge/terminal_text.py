"""Text someone else chose (a remote agent's reply, a command it wants approved) made inert before it is printed
on the user's terminal: a control character shows as what it is instead of acting. `touch x #\\e[2K\\recho hi` would
otherwise be shown for approval as `echo hi`, and a reply could set the clipboard (OSC 52) or clear the screen.
Line breaks and tabs stay; C0 controls and DEL in caret notation as `cat -v` writes them (ESC ^[, CR ^M); C1
controls, bidirectional overrides and isolates, zero-width characters and lone surrogates as \\x9b / \\u202e."""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                     "\ud800-\udfff]")


def _mark(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20 or code == 0x7F:
        return "^" + chr(code ^ 0x40)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    return _UNSAFE.sub(_mark, text)
