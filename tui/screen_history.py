"""What the shell pane printed, in order: prompts, the command lines as echoed, every command's output, the screen's
own history a terminal's scrollback would keep. The pane feeds it every chunk from the pty before jump scroll skips
any (jumpscroll.py draws a fraction of a flood; this keeps all of it, up to MAX_CHARS, the oldest dropped first).

Shown cleaned as a log is (summarize.normalize): escapes, `\\r` redraws and readline's edits resolved, a full-screen
program's alternate screen (vim, less, top) left out, so the view reads as the shell's primary screen did."""

from __future__ import annotations

import re
from collections import deque

MAX_CHARS = 512 * 1024  # about 2,000 lines of a wide build log; cleaning it takes ~0.1 s on a worker thread
# Where a command's output starts and ends (osc133.py): each stretch is cleaned on its own, so one binary output (`cat`
# of an executable) is one line saying so, not the whole history judged binary.
_OUTPUT_MARK = re.compile("\x1b\\]133;[CD][^\x07\x1b]*(?:\x07|\x1b\\\\)")
EARLIER = "… [earlier output: F3, then Enter on a command's card, or terminus-edge logs show ID] …"


class ScreenHistory:
    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self.max_chars = max_chars
        self._chunks: deque[str] = deque()
        self._size = 0
        self.cut = False  # some of the start was dropped

    def add(self, text: str) -> None:
        if not text:
            return
        self._chunks.append(text)
        self._size += len(text)
        while self._size - len(self._chunks[0]) >= self.max_chars:
            self._size -= len(self._chunks.popleft())
            self.cut = True

    def raw(self) -> str:
        text = "".join(self._chunks)
        if len(text) > self.max_chars:
            text, self.cut = text[-self.max_chars:], True
        return text


def history_lines(raw: str, cut: bool, max_lines: int) -> list[str]:
    """The cleaned lines, the newest `max_lines` (a line at the top says when earlier ones are not shown). The last
    line is the prompt (or the running command's line) as it stands now."""
    from terminus_edge.summarize.normalize import normalize

    if cut:  # a partial first line would read as a line of its own
        raw = raw[raw.find("\n") + 1:]
    lines: list[str] = []
    for stretch in _OUTPUT_MARK.split(raw):
        cleaned = normalize(stretch.encode("utf-8", "surrogateescape"))
        if cleaned.binary:
            lines.append(f"(binary output, {cleaned.n_bytes:,} bytes: F3, then Enter on its card)")
        elif cleaned.text.strip():
            lines += cleaned.text.rstrip("\n").split("\n")
    if len(lines) > max_lines:
        lines, cut = lines[-max_lines:], True
    return ([EARLIER] if cut else []) + lines
