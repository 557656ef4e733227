"""Rows of clean text and a cursor that edits them: the store under `RowScreen` (screen.py). Rows are plain text
of unbounded width; the cursor reaches back a bounded number of rows, so older rows can be released as final.
"""

from __future__ import annotations

import re

# A line longer than this keeps its start and its end; the middle is counted, not kept.
LONG_LINE = 16_384
LINE_HEAD, LINE_TAIL = 4_000, 2_000
SGR_RE = re.compile(r"\x1b\[[0-9;:]*m")
# A screen whose top row is known stops being tracked once this many rows follow its top (it has scrolled away).
SCREEN_ROWS = 128


class Rows:
    """Rows of clean text and a cursor. `rows[0]` is row number `base` of the output; the cursor can reach back
    `reach` rows above the bottom row, never further (older rows are final and may be released)."""

    def __init__(self, reach: int) -> None:
        self.rows: list[str] = []
        self.base = 0  # rows released before rows[0]
        self.reach = reach
        self.cur: int | None = None  # the cursor's row in `rows`; None: on a fresh row below them all
        self.floor = 0  # lowest row number the cursor may still reach; only grows
        self._line: list[str] = []  # the cursor's row, being edited
        self._dirty = False  # whether `_line` differs from its row in `rows`
        self._col = 0
        self._dropped = 0  # characters cut from the middle of the cursor's row
        self.origin: int | None = None  # row number of the screen's top row, once known
        self._region: tuple[int, int] | None = None  # scroll region (top, bottom screen rows) below a known top

    @property
    def drawing(self) -> bool:
        return self.cur is not None

    def bottom(self) -> int:
        """Row number of the bottom row (the fresh row below `rows` when not drawing)."""
        return self.base + len(self.rows) - (1 if self.drawing else 0)

    def advance_floor(self) -> None:
        bottom = self.bottom()
        if self.origin is not None and bottom - self.origin > SCREEN_ROWS:
            self.origin = self._region = None
        low = bottom - self.reach
        self.floor = max(self.floor, low if self.origin is None else min(low, self.origin))

    def commit(self) -> None:
        """Store the cursor's row back into `rows`."""
        if self.cur is None or not self._dirty:
            return
        self._dirty = False
        line = "".join(self._line).rstrip()
        if self._dropped:
            line = f"{line[:LINE_HEAD]} … [{self._dropped} characters omitted] … {line[LINE_HEAD:].lstrip()}"
        self.rows[self.cur] = line

    def release(self) -> list[str]:
        """Rows the cursor can no longer reach, taken out."""
        n = max(min(self.floor - self.base, len(self.rows) if self.cur is None else self.cur), 0)
        out = self.rows[:n]
        if n:
            del self.rows[:n]
            self.base += n
            if self.cur is not None:
                self.cur -= n
        return out

    def _load(self, index: int) -> None:
        self.commit()
        self.cur = index
        self._line = list(self.rows[index])
        self._dropped, self._dirty = 0, False

    def _move_to(self, index: int) -> None:
        low, high = max(self.floor - self.base, 0), len(self.rows) - 1
        index = min(max(index, low), high)
        if index != self.cur:
            self._load(index)

    def _goto(self, index: int) -> None:
        """Move to row `index`, adding blank rows when the screen below was never written."""
        if index >= len(self.rows):
            self.commit()
            self.rows.extend([""] * (index - len(self.rows) + 1))
        self._move_to(index)

    def _write(self, text: str) -> None:
        if "\x1b" in text:
            text = SGR_RE.sub("", text)
            if not text:
                return
        line, col = self._line, self._col
        self._dirty = True
        if col > len(line):
            line.extend(" " * (col - len(line)))
        line[col : col + len(text)] = text
        self._col = col + len(text)
        if len(line) > LONG_LINE:
            cut = len(line) - LINE_HEAD - LINE_TAIL
            del line[LINE_HEAD : LINE_HEAD + cut]
            self._dropped += cut
            self._col = max(self._col - cut, 0)

    def _erase_in_line(self, mode: int) -> None:
        line, col = self._line, self._col
        self._dirty = True
        if mode == 0:
            del line[col:]
        elif mode == 1:
            line[: col + 1] = " " * min(col + 1, len(line))
        elif mode == 2:
            line.clear()

    def _edit_chars(self, n: int, final: str) -> None:
        line, col = self._line, self._col
        if col >= len(line):
            return
        self._dirty = True
        if final == "@":
            line[col:col] = " " * n
        elif final == "P":
            del line[col : col + n]
        else:
            line[col : col + n] = " " * min(n, len(line) - col)

    def _insert_or_delete_rows(self, n: int, insert: bool) -> None:
        assert self.cur is not None
        self.commit()
        index = self.cur
        if insert:
            self.rows[index:index] = [""] * n
        else:
            del self.rows[index : index + n]
            if index >= len(self.rows):
                self.rows.append("")
        self.cur = None
        self._load(index)
        self._col = 0
