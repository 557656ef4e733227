"""The alternate screen (`ESC[?1049h` … `ESC[?1049l`, also modes 1047 and 47) that full-screen programs (less, vim,
htop, man, watch) draw on. What they draw there is gone from the terminal when they leave it, so it is not output;
only when the stream ends with the program still on the alternate screen (killed at a timeout, waiting for a key)
is its last frame what the terminal shows, and that frame is rendered on a fixed grid by bittty, the emulator
under textual-tty. Only the text since the screen was last cleared is kept, and at most `KEEP` characters of it.
`entered` and `ended_on` say it was used, so a summary can say that a screen was shown rather than "no output".
"""

from __future__ import annotations

import re

# Entering or leaving the alternate screen: private modes 1049 (save cursor + switch + clear), 1047 and 47.
ALT_MODE_RE = re.compile(r"\x1b\[\?(?:1049|1047|47)([hl])")
ALT_EXIT_RE = re.compile(r"\x1b\[\?(?:1049|1047|47)l")
# A full clear of the alternate screen: what was drawn before it can no longer show.
CLEAR_RE = re.compile(r"\x1b\[2J|\x1bc")
# Where the program put the cursor and its scroll region tell the grid's size.
CURSOR_AT_RE = re.compile(r"\x1b\[(\d+)(?:;(\d+))?[Hf]|\x1b\[\d*;(\d+)r")
LONE_LF_RE = re.compile(r"(?<!\r)\n")
# OSC strings (ended by BEL or ST) and DCS/SOS/PM/APC strings draw nothing. Ours never span a line break, so a
# stray `ESC ]` does not swallow the lines after it, as it would in a terminal's (and bittty's) parser.
CONTROL_STRING_RE = re.compile(r"\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?")
KEEP = 64_000
WIDTH, HEIGHT = 80, 24
MAX_WIDTH, MAX_HEIGHT = 512, 256


class AltScreen:
    """Collects what a program draws on the alternate screen; `frame()` renders its last frame."""

    def __init__(self, width: int | None = None) -> None:
        self.width = width or WIDTH  # the terminal's, when known; a program's own cursor moves may show it wider
        self.active = False
        self.entered = 0  # times a program switched to it
        self.ended_on = False  # the stream ended with a program on it: its last frame is output
        self._text: list[str] = []
        self._size = 0

    def enter(self) -> None:
        self.active = True
        self.entered += 1
        self._text, self._size = [], 0

    def leave(self) -> None:
        self.active = False
        self._text, self._size = [], 0

    def feed(self, text: str) -> None:
        clear = None
        for clear in CLEAR_RE.finditer(text):
            pass
        if clear is not None:
            self._text, self._size = [], 0
            text = text[clear.start() :]
        self._text.append(text)
        self._size += len(text)
        if self._size > 2 * KEEP:
            joined = "".join(self._text)[-KEEP:]
            self._text, self._size = [joined], len(joined)

    def frame(self) -> list[str]:
        """The rows the alternate screen shows now, trailing blank rows left out."""
        text = "".join(self._text)[-KEEP:]
        if not text.strip():
            return []
        from bittty import Board  # lazily: only a stream that ends on the alternate screen needs a grid

        width, height = _grid_size(text, self.width)
        board = Board(width=width, height=height)
        # A pty's line discipline turns "\n" into "\r\n" (onlcr); a capture from a pipe has the bare "\n".
        board.parser.feed(LONE_LF_RE.sub("\r\n", CONTROL_STRING_RE.sub("", text)))
        shown = board.capture_text()
        return shown.split("\n") if shown else []


def _grid_size(text: str, width: int) -> tuple[int, int]:
    height = HEIGHT
    for m in CURSOR_AT_RE.finditer(text):
        row, col, bottom = m.group(1), m.group(2), m.group(3)
        if row:
            height = max(height, int(row))
        if col:
            width = max(width, int(col))
        if bottom:
            height = max(height, int(bottom))
    return min(width, MAX_WIDTH), min(height, MAX_HEIGHT)
