"""What a terminal would show for a stream of text lines: escapes dropped, carriage-return progress at its
final state, status areas redrawn with cursor moves (gradle, docker, npm, cargo) at their final frame,
backspaces applied, control bytes gone.

`LineCleaner` takes decoded text in pieces of any size and gives back blocks of complete clean lines,
holding at most one (bounded) unfinished line and the last few lines a redraw may still replace, so a
100 MB output or a 10 MB line without a newline costs bounded memory.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.json_lines import JsonLineBreaker, break_json_lines, is_json_line
from terminus_edge.summarize.rows import long_line_cuts
from terminus_edge.summarize.screen import ANSI_RE, COLUMNS, CONTROL_RE, LINE_HEAD, LINE_TAIL, LONG_LINE, RowScreen

# Redraws on one row: erase the whole line (ESC[2K) or go back to column 1 (ESC[G, ESC[1G) and write over it,
# as "\r" does (the last non-empty state is kept).
OVERWRITE_RE = re.compile(r"\x1b\[(?:2K|[01]?G)")
# What only a drawn screen renders right: the cursor moving up/down/left/right, to a column, to a row, saved and
# restored, rows and characters inserted or deleted, the screen cleared or reset, a scroll region, the alternate
# screen (gradle's and docker's status areas, npm/cargo progress, top, apt, less/vim). A line holding one is drawn
# by `RowScreen`.
# (One pass over the digits for every final byte: colours, the most common escape, fail once, as fast as before.)
REDRAW_RE = re.compile(r"\x1b(?:\[(?:[\d;]*[A-FHJLMPX@dfr]|0*1K|0*(?:[2-9]|1\d)\d*G|[su]|\?(?:1049|1047|47)h)|[78Mc])")
# A line that ends erased from column 1 (npm's and ora's spinners: frame, ESC[1G, ESC[0K, ..., then the line feed)
# shows a blank row, not the last frame: after OVERWRITE_RE the erase is "\r" + ESC[K at the line's end. It becomes
# "\r\x7f", a last state that is not blank for `_collapse_cr` and is removed with the other control bytes.
ERASED_END_RE = re.compile(r"\r(?:\x1b\[[0-9;]*m)*\x1b\[0?K(?:\x1b\[[0-9;?]*[a-zA-Z])*(?=\r*(?:\n|$))")
# Rows a cursor-up can still reach: rows are released once this many newer rows follow them.
HELD_LINES = 64
# An escape cut at the end of a piece is kept for the next piece, unless this long (then it was no escape).
ESCAPE_TAIL = 4_096


def _collapse_cr(line: str) -> str:
    """`a\\rb\\rc` was drawn over itself on a terminal; keep the last non-empty state."""
    if "\r" not in line:
        return line
    parts = [p for p in line.split("\r") if p.strip()]
    return parts[-1] if parts else ""


def _apply_backspaces(line: str) -> str:
    if "\b" not in line:
        return line
    out: list[str] = []
    for ch in line:
        if ch == "\b":
            if out:
                out.pop()
        else:
            out.append(ch)
    return "".join(out)


def clean_lines(text: str) -> str:
    """Clean complete lines (no trailing newline): escapes, CR progress, backspaces, controls, trailing blanks."""
    text = break_json_lines(text, LONG_LINE)  # a one-line JSON report keeps its middle
    text = ANSI_RE.sub("", text).replace("\r\n", "\n").replace("\x00", "\n")
    lines = text.split("\n")
    if "\r" in text or "\b" in text:
        lines = [_apply_backspaces(_collapse_cr(line)) for line in lines]
    if CONTROL_RE.search(text):
        lines = [CONTROL_RE.sub("", line) for line in lines]
    return "\n".join(line.rstrip() if len(line) <= LONG_LINE else shorten_line(line.rstrip()) for line in lines)


def _clean_rows(text: str) -> list[str]:
    if "\x1b[" in text:
        text = ERASED_END_RE.sub("\r\x7f", OVERWRITE_RE.sub("\r", text))
    return clean_lines(text).split("\n")


def shorten_line(line: str, dropped: int = 0) -> str:
    head, tail = long_line_cuts(line, len(line) - LINE_TAIL)
    dropped += tail - head
    return f"{line[:head]} … [{dropped} characters omitted] … {line[tail:]}"


class LineCleaner:
    """Feed decoded text in any pieces; get back clean blocks of complete lines (joined by newlines).

    Joining every block with "\\n" gives the same text as cleaning the whole output at once, except that
    over-long lines and long carriage-return storms are shortened while they stream in (a long line that starts as a
    JSON document is broken at its commas instead, as clean_lines breaks it: json_lines.py). Plain lines take a fast
    path; a line that moves the cursor (REDRAW_RE) and the lines after it, while the cursor is above the bottom
    row, are drawn on a `RowScreen`. The last HELD_LINES rows are held back until more follow, so a cursor-up
    redraw can still reach them.
    """

    def __init__(self, columns: int | None = COLUMNS) -> None:
        """`columns`: the terminal's width, when known (rows a redraw moves over wrap at it); None: no wrapping."""
        self._carry = ""  # the unfinished line (fast path), or an escape that may be cut (drawing)
        self._long_head: str | None = None  # the start of an over-long line, kept while its middle is dropped
        self._dropped = 0
        self._json: JsonLineBreaker | None = None  # breaks the unfinished line when it is a long one-line JSON document
        self.added_line_feeds = 0  # by breaking such documents: the output as printed had this many fewer lines
        self._screen = RowScreen(HELD_LINES, columns)

    @property
    def full_screen(self) -> str:
        """How a full-screen program used the terminal (screen.FULL_SCREEN_KINDS), "" when none did; final after
        `finish()`."""
        return self._screen.full_screen()

    def feed(self, text: str) -> str | None:
        if self._json is not None:
            text = self._break_json(text)
        self._consume(self._carry + text if self._carry else text, final=False)
        return self._release(final=False)

    def finish(self) -> str | None:
        carry, self._carry, self._json = self._carry, "", None
        self._consume(carry, final=True)
        if self._carry or self._long_head is not None:
            self._screen.rows.extend(self._take_line(self._carry))
            self._carry = ""
        return self._release(final=True)

    def _consume(self, text: str, final: bool) -> None:
        screen, pos = self._screen, 0
        self._carry = ""
        # Drawing stops before the last escape when it may be cut (no line feed after it): the next piece completes it.
        esc = -1 if final else text.rfind("\x1b")
        stop = esc if esc >= 0 and len(text) - esc < ESCAPE_TAIL and "\n" not in text[esc:] else len(text)
        while pos < len(text):
            if screen.drawing:
                pos = screen.draw(text, pos, stop)
                if screen.drawing:
                    self._carry = text[stop:]
                    return
                screen.advance_floor()
                continue
            found = REDRAW_RE.search(text, pos)
            if found is None:
                self._fast(text, pos)
                return
            start = max(text.rfind("\n", pos, found.start()) + 1, pos)
            if start > pos:
                self._screen.rows.extend(self._take_line(text[pos : start - 1]))
                screen.advance_floor()
            screen.begin(self._long_prefix())
            pos = start

    def _fast(self, text: str, pos: int) -> None:
        cut = text.rfind("\n", pos)
        if cut >= 0:
            # A trailing "\r" may be half of "\r\n"; it stays with the unfinished line.
            self._screen.rows.extend(self._take_line(text[pos:cut]))
            self._screen.advance_floor()
            pos = cut + 1
        self._carry = text[pos:]
        if len(self._carry) > LONG_LINE:
            if self._json is None and self._long_head is None and is_json_line(self._carry[: LONG_LINE + 1]):
                self._json, carry, self._carry = JsonLineBreaker(), self._carry, ""
                self._fast(self._feed_json(carry), 0)  # as clean_lines breaks the whole line (break_json_lines)
            else:
                self._compact()

    def _break_json(self, text: str) -> str:
        """The next piece of a one-line JSON document being broken, up to the line feed that ends it."""
        end = text.find("\n")
        if end < 0:
            return self._feed_json(text)
        broken, self._json = self._feed_json(text[:end]), None
        return broken + text[end:]

    def _feed_json(self, text: str) -> str:
        before = self._json.breaks
        broken = self._json.feed(text)
        self.added_line_feeds += self._json.breaks - before
        return broken

    def _take_line(self, text: str) -> list[str]:
        if self._long_head is not None:
            first, sep, rest = text.partition("\n")
            tail = clean_lines(first)
            line = f"{self._long_prefix()}{tail.lstrip()}".rstrip()
            return [line, *(_clean_rows(rest) if sep else [])]
        return _clean_rows(text)

    def _long_prefix(self) -> str:
        """The kept start of an over-long line and the count of what was dropped ("" when no line was cut)."""
        if self._long_head is None:
            return ""
        prefix = f"{clean_lines(self._long_head)} … [{self._dropped} characters omitted] … "
        self._long_head, self._dropped = None, 0
        return prefix

    def _release(self, final: bool) -> str | None:
        screen = self._screen
        if final:
            screen.close()
            rows, screen.rows = screen.rows, []
        else:
            rows = screen.release()
        return "\n".join(rows) if rows else None

    def _compact(self) -> None:
        """Bound the unfinished line: drop redrawn progress states, then the middle of a very long line."""
        carry = self._carry
        if "\x1b[" in carry:
            carry = OVERWRITE_RE.sub("\r", carry)
        cr = carry.rfind("\r")
        if cr > 0:
            states = [p for p in ANSI_RE.sub("", carry[:cr]).split("\r") if p.strip()]
            carry = (states[-1] if states else "") + carry[cr:]
        if len(carry) > LONG_LINE:
            head, tail = long_line_cuts(carry, len(carry) - LINE_TAIL, None if self._long_head is not None else LINE_HEAD)
            if self._long_head is None:
                self._long_head = carry[:head]
            self._dropped += tail - head
            carry = carry[tail:]
        self._carry = carry
