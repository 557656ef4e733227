"""What a pane hands Textual to draw: only characters whose width the real terminal agrees on.

bittty keeps each code point it prints in a cell of its own, control characters included: a stray `ESC \\` (binary
output is full of them) leaves the ESC in a cell, and C1 controls, bidi and other format characters, unassigned code
points and line separators land there too. Rich counts them as 0 columns; the real terminal acts on them (`ESC \\` ate
the backslash) or draws them a column wide (tmux: U+202E), so the rest of the row, the side panel beside the shell,
was drawn a column off, with stale cells at the pane's edge, until the next full redraw. Each is drawn as U+FFFD, one
column, the one bittty counted for it. A card's summary and the raw-log and scrollback views are drawn the same way
(what is stored and what leaves are unchanged).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rich.segment import Segment
from textual.strip import Strip

REPLACEMENT = "\ufffd"
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ/ZWJ: inside emoji and Indic clusters, zero columns everywhere
_SUSPECT = re.compile(r"[^ -~]+")  # runs outside printable ASCII, looked at a character at a time


@lru_cache(maxsize=4096)
def _drawn(char: str) -> str:
    if char in _JOINERS or unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    return REPLACEMENT


def safe_text(text: str, keep: str = "") -> str:
    """`text` with each control, format, unassigned or separator character not in `keep` replaced by U+FFFD."""
    if text.isprintable():  # false for exactly those categories, private use and non-ASCII spaces: the fast path
        return text
    return _SUSPECT.sub(lambda run: "".join(char if char in keep else _drawn(char) for char in run.group()), text)


def safe_strip(strip: Strip, width: int) -> Strip:
    """`strip` with safe_text() applied to each segment, cut or padded back to `width` cells."""
    segments = list(strip)
    if all(segment.text.isprintable() for segment in segments):
        return strip
    cleaned = [Segment(safe_text(text), style, control) for text, style, control in segments]
    return Strip(cleaned).adjust_cell_length(width)
