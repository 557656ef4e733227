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
# The width rows wrap at when a cursor moves up or down over them. A captured log does not say the terminal's
# width; 80 columns is what programs assume without one (node, rich, Python's get_terminal_size) and a pty's usual
# size. Guessing too narrow leaves a stale status row at worst; guessing too wide loses lines: a spinner with a
# 150-character text at 80 columns moves up over its two rows, and with unbounded rows that is the log line above.
COLUMNS = 80


def long_line_cuts(line: str, tail: int, head: int | None = LINE_HEAD) -> tuple[int, int]:
    """Where a long line's kept head ends and its kept tail starts, moved off any secret that spans them: half a
    secret loses the shape (its key, its prefix, its `@host`) that lets the redaction step find it.
    `head` None: the head was cut before (a streamed line), only the tail is placed."""
    from terminus_edge.redact.cut import safe_cut, safe_start

    head = safe_cut(line, head) if head is not None else 0
    return head, max(safe_start(line, tail), head)


class Rows:
    """Rows of clean text and a cursor. `rows[0]` is row number `base` of the output; the cursor can reach back
    `reach` rows above the bottom row, never further (older rows are final and may be released)."""

    def __init__(self, reach: int, columns: int | None = COLUMNS) -> None:
        self.columns = columns or None  # None: rows never wrap
        self.rows: list[str] = []
        self.base = 0  # rows released before rows[0]
        self.reach = reach
        self.cur: int | None = None  # the cursor's row in `rows`; None: on a fresh row below them all
        self.floor = 0  # lowest row number the cursor may still reach; only grows
        self._line: list[str] = []  # the cursor's row, being edited
        self._dirty = False  # whether `_line` differs from its row in `rows`
        self._col = 0
        self._dropped = 0  # characters cut from the middle of the cursor's row
        self._head = LINE_HEAD  # where the cut is in the cursor's row (moved off a secret: long_line_cuts)
        # Text just filled a screen row's last column: the cursor is still on that column (a terminal's pending
        # wrap) though `_col` is past it, so the next text goes on the next screen row.
        self._pending = False
        self._padded = False  # whether some stored row keeps trailing blanks (see `commit`)
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
        raw = "".join(self._line)
        line = raw.rstrip()
        if self._dropped:
            line = f"{line[:self._head]} … [{self._dropped} characters omitted] … {line[self._head:].lstrip()}"
        elif self.columns and len(line) < len(raw):
            # A wrapped row whose last screen row was erased still takes that screen row: keep one blank on it
            # until the row is given out, so moves over the row count it as the terminal does.
            keep = (len(raw) - 1) // self.columns * self.columns + 1
            if len(line) < keep:
                line = line.ljust(keep)
                self._padded = True
        self.rows[self.cur] = line

    def release(self) -> list[str]:
        """Rows the cursor can no longer reach, taken out."""
        n = max(min(self.floor - self.base, len(self.rows) if self.cur is None else self.cur), 0)
        out = self.rows[:n]
        if self._padded:
            out = [row.rstrip() for row in out]
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

    # --- rows wrapped at `columns`: a row of text takes one or more screen rows ("parts") -------------------------

    def _parts(self, index: int) -> int:
        assert self.columns is not None
        line = self._line if index == self.cur else self.rows[index]
        return max(len(line) - 1, 0) // self.columns + 1

    def _part(self) -> int:
        """The screen row of the cursor's row (0 for the first) that the cursor is on."""
        return self._col // self.columns if self.columns else 0

    def _row_start(self) -> int:
        return self._part() * self.columns if self.columns else 0

    def _up(self, n: int) -> None:
        """Up `n` screen rows, counting the rows a long row wrapped onto; never above the floor."""
        if self.columns is None:
            self._move_to(self.cur - n)
            return
        assert self.cur is not None
        width, index, part = self.columns, self.cur, self._part()
        if not part and index >= n and all(len(self.rows[i]) <= width for i in range(index - n, index)):
            self._move_to(index - n)  # the common case: nothing on the way wraps
            return
        col = min(self._col - part * width, width - 1)
        low = max(self.floor - self.base, 0)
        while n > part and index > low:
            n -= part + 1
            index -= 1
            part = self._parts(index) - 1
        part = max(part - n, 0)
        self._move_to(index)
        self._col = part * width + col

    def _down(self, n: int, grow: bool) -> None:
        """Down `n` screen rows; below the last row only when `grow` (the rows under a known screen top)."""
        if self.columns is None:
            (self._goto if grow else self._move_to)(self.cur + n)
            return
        assert self.cur is not None
        width, index, part = self.columns, self.cur, self._part()
        if n == 1 and len(self._line) <= width and index < len(self.rows) - 1:
            self._move_to(index + 1)  # the common case: the cursor's row does not wrap
            return
        col = min(self._col - part * width, width - 1)
        while n:
            last = self._parts(index) - 1
            if part + n <= last:
                part += n
                break
            if index == len(self.rows) - 1:
                if not grow:
                    part = last
                    break
                self.commit()
                self.rows.append("")
            n -= last - part + 1
            index, part = index + 1, 0
        self._move_to(index)
        self._col = part * width + col

    def _next_part(self) -> bool:
        """A line feed on a wrapped row that goes on below the cursor: to the start of its next screen row."""
        if self.columns is None:
            return False
        start = (self._part() + 1) * self.columns
        if start >= len(self._line):
            return False
        self._col = start
        return True

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
        self._pending = self.columns is not None and self._col % self.columns == 0
        if len(line) > LONG_LINE:
            head, tail = long_line_cuts("".join(line), len(line) - LINE_TAIL, None if self._dropped else LINE_HEAD)
            if not self._dropped:
                self._head = head
            head = self._head
            tail = max(tail, head)
            del line[head:tail]
            self._dropped += tail - head
            self._col = max(self._col - (tail - head), 0)

    def _erase_in_line(self, mode: int) -> None:
        """Erase to the end (0), from the start (1) or all (2) of the screen row the cursor is on."""
        line, col = self._line, self._col
        self._dirty = True
        start = self._row_start()
        if start and (mode == 2 or (mode == 0 and col == start)):
            self._split_screen_row(start)
            return
        end = start + self.columns if self.columns else len(line)
        if end >= len(line):  # the row's last screen row: what follows can go
            if mode != 1:
                del line[col if mode == 0 else start :]
        elif mode != 1:
            begin = col if mode == 0 else start
            line[begin:end] = " " * (end - begin)
        if mode == 1:
            line[start : col + 1] = " " * max(min(col + 1, len(line)) - start, 0)

    def _split_screen_row(self, start: int) -> None:
        """A wrapped row's screen row below its first is erased whole: it is a blank row of its own from now on,
        between the row's head and what followed on its later screen rows (the cursor stays on it)."""
        assert self.cur is not None and self.columns is not None
        index, tail = self.cur, "".join(self._line[start + self.columns :])
        col = self._col - start
        del self._line[start:]
        self.commit()
        self.rows[index + 1 : index + 1] = ["", tail] if tail else [""]
        self._load(index + 1)
        self._col = col

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
