"""The rows a terminal shows while a program redraws a status area in place (gradle's `<===> 87% EXECUTING`
lines, docker buildx/compose, npm/pnpm and cargo progress, top's frames): cursor up/down/left/right, erase in line /
below, insert/delete lines and characters, save/restore cursor, carriage return and line feed, applied to plain-text
rows of unbounded width. After a full clear (`ESC[2J`, `ESC c`) the screen's top row is known, so absolute moves
(`ESC[row;colH`) and a scroll region (`ESC[top;bottom r`) land where they did on the terminal; the rows before the
clear stay output (a plain log shows them). What a program draws on the alternate screen is not output
(altscreen.py).

Only lines that move the cursor that way are drawn here (`terminal.LineCleaner` decides); everything else
takes its fast path. A full terminal emulator needs a fixed width and height (unknown for a captured log; lines
scrolled off its top are gone) and feeds every character through Python: measured on 1 MB of coloured test output
(2026-11-25), pyte 0.8.2 took 1.1-2.6 s and bittty 0.1.4 0.17-0.26 s, against ~14-25 ms for the whole clean-up
here. So the grid emulator (bittty, already installed under textual-tty) renders only the alternate screen's last
frame, when a stream ends on it.
"""

from __future__ import annotations

from terminus_edge.summarize.altscreen import ALT_EXIT_RE, ALT_MODE_RE, AltScreen
from terminus_edge.summarize.escapes import ANSI_RE, CONTROL_RE, TOKEN_RE
from terminus_edge.summarize.rows import COLUMNS, LINE_HEAD, LINE_TAIL, LONG_LINE, Rows

__all__ = ["ALTERNATE", "ALTERNATE_LAST", "ANSI_RE", "COLUMNS", "CONTROL_RE", "FULL_SCREEN_KINDS", "LINE_HEAD", "LINE_TAIL",
           "LONG_LINE", "REDRAWN", "RowScreen"]

# After an absolute move (ESC[row;colH, ESC[rowd) the row is unknown until the next line feed: relative moves
# and erases are ignored meanwhile, so text already written is never erased by a guess. A restore of the cursor
# saved before (apt/dpkg's "Progress: [ 40%]" drawn on the bottom row: ESC 7, ESC[24;0f, text, ESC 8) takes back
# what was written since the absolute move.
ABSOLUTE = frozenset("Hfd")
# How a full-screen program used the terminal: it drew on the alternate screen and left it (nothing of it is output),
# the stream ended with it still there (its last frame is output), or it redrew one screen from its top row in place
# on the normal screen (only the last frame is output).
ALTERNATE, ALTERNATE_LAST, REDRAWN = "alternate screen", "alternate screen, last frame", "redrawn in place"
FULL_SCREEN_KINDS = (ALTERNATE, ALTERNATE_LAST, REDRAWN)
NEEDS_POSITION = frozenset("ABEFJKLMP@X")


class RowScreen(Rows):
    """`Rows` driven by a terminal's byte stream: text, line feeds, cursor moves and edits, clears, scroll regions,
    the alternate screen."""

    def __init__(self, reach: int, columns: int | None = COLUMNS) -> None:
        super().__init__(reach, columns)
        self._lost = False
        self._before_lost: tuple[int, str, int] | None = None  # row number, text and column at the absolute move
        self._saved: tuple[int, int] | None = None
        self._at: tuple[int, int] = (1, 1)  # screen row and column of the last absolute move
        self.alt = AltScreen(columns)
        self.redraws = 0  # screens drawn again over the last from home, with no clear between (top's frames)
        self._homed = False  # the cursor went home over a drawn screen: a redraw once text follows before a clear

    def begin(self, prefix: str = "") -> None:
        """Start drawing on the fresh row below the others."""
        self.rows.append(prefix)
        self._load(len(self.rows) - 1)
        self._col = len(prefix)
        self._lost = False
        self.advance_floor()

    def draw(self, text: str, pos: int, end: int) -> int:
        """Apply text[pos:end]; stop after a line feed that leaves the cursor on a fresh bottom row (drawing
        ends) and return where it stopped."""
        while pos < end:
            if self.alt.active:
                pos = self._skip_alternate(text, pos, end)
                continue
            for m in TOKEN_RE.finditer(text, pos, end):
                kind = m.lastgroup
                if kind == "text":
                    if self._homed:
                        self.redraws, self._homed = self.redraws + 1, False
                    self._write(m.group())
                    continue
                if self._pending:  # any control acts from the last column, where the cursor still is
                    self._col, self._pending = self._col - 1, False
                if kind == "csi" or kind == "params":
                    final = m.group("csi")
                    if final in "hl" and ALT_MODE_RE.fullmatch(m.group()):
                        if final == "h":
                            self.commit()
                            self.alt.enter()
                            pos = m.end()
                            break
                    else:
                        self._csi(m.group("params"), final)
                elif kind == "lf":
                    if self._line_feed():
                        return m.end()
                elif kind == "cr":
                    self._col = self._row_start()
                elif kind == "bs":
                    self._col = max(self._col - 1, self._row_start())
                elif kind == "dec":
                    dec = m.group("dec")
                    if dec == "M":
                        self._csi("", "A")
                    elif dec == "c":
                        self._clear(reset=True)
                    else:
                        self._save() if dec == "7" else self._restore()
            else:
                return end
        return end

    def _skip_alternate(self, text: str, pos: int, end: int) -> int:
        """What is drawn on the alternate screen goes to `alt`; the normal screen's rows wait unchanged."""
        leave = ALT_EXIT_RE.search(text, pos, end)
        self.alt.feed(text[pos : end if leave is None else leave.start()])
        if leave is None:
            return end
        self.alt.leave()
        return leave.end()

    def close(self) -> None:
        """The stream ended: store the cursor's row and, when a program still holds the alternate screen, add
        the frame it shows there."""
        self.commit()
        if self._padded:
            self.rows = [row.rstrip() for row in self.rows]
        if self.alt.active:
            frame = self.alt.frame()
            self.alt.leave()
            self.alt.ended_on = True
            if self.cur is not None and self.cur == len(self.rows) - 1 and not self.rows[-1].strip():
                self.rows.pop()
                self.cur = None
            self.rows.extend(frame)

    def full_screen(self) -> str:
        """How a full-screen program used the terminal (FULL_SCREEN_KINDS), or "" when none did."""
        if self.alt.entered:
            return ALTERNATE_LAST if self.alt.ended_on else ALTERNATE
        return REDRAWN if self.redraws else ""

    def _line_feed(self) -> bool:
        self._lost, self._before_lost = False, None
        assert self.cur is not None
        if self._next_part():
            return False
        self._col = 0
        if self._region is not None and self.origin is not None:
            # Under a scroll region every line feed is drawn here: the one on its bottom row scrolls it.
            if self._screen_row() == self._region[1]:
                self._scroll_region(*self._region)
                return False
            if self.cur == len(self.rows) - 1:
                self.commit()
                self.rows.append("")
        if self.cur < len(self.rows) - 1:
            self._load(self.cur + 1)
            return False
        self.commit()
        self.cur = None
        self.advance_floor()
        return True

    def _scroll_region(self, top: int, bottom: int) -> None:
        """A line feed on the region's bottom row: the region's rows move up one, a blank row opens at its bottom,
        and the row pushed out of the region joins the rows above the screen (it was shown; it stays output).
        Rows below the region stay where they are."""
        assert self.cur is not None and self.origin is not None
        self.commit()
        screen_top = self.origin - self.base
        if top > 1:
            self.rows.insert(screen_top, self.rows.pop(screen_top + top - 1))
        self.origin += 1
        self.rows.insert(self.cur + 1, "")
        self._load(self.cur + 1)
        self.advance_floor()

    def _csi(self, params: str, final: str) -> None:
        if final in ABSOLUTE or final == "r":
            self._absolute(params, final)
            return
        if final == "J" and params in ("2", "3"):
            if params == "2":
                self._clear(reset=False)
            return
        if self._lost and final in NEEDS_POSITION:
            return
        if params and not params.isdigit():
            params = params.split(";", 1)[0]
            if params and not params.isdigit():
                return  # a private sequence such as ESC[?25l
        n = int(params) if params else 0
        assert self.cur is not None
        if final in "AF":
            self._up(max(n, 1))
        elif final in "BE":
            # Below a known screen top the rows under the last one written are blank screen rows; otherwise the
            # cursor is taken to be on the terminal's bottom row already.
            self._down(max(n, 1), grow=self.origin is not None)
        elif final in "CDG":
            start = self._row_start()
            col = self._col + max(n, 1) if final == "C" else start + max(n, 1) - 1 if final == "G" else start
            col = max(self._col - max(n, 1), start) if final == "D" else col
            self._col = min(col, start + self.columns - 1) if self.columns else col
        elif final == "K":
            self._erase_in_line(n)
        elif final == "J" and n == 0:
            del self._line[self._col :]
            del self.rows[self.cur + 1 :]
            self._dirty = True
        elif final in "LM":
            self._insert_or_delete_rows(max(n, 1), final == "L")
        elif final in "@PX":
            self._edit_chars(max(n, 1), final)
        elif final == "s":
            self._save()
        elif final == "u":
            self._restore()
        if final in "EF":
            self._col = self._row_start()

    def _absolute(self, params: str, final: str) -> None:
        """ESC[row;colH / ESC[rowd / a scroll region (which homes the cursor): exact below a known screen top,
        otherwise the row is lost until the next line feed or restore."""
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        if final == "r":
            if self.origin is None:
                return
            top, bottom = (nums + [0, 0])[:2]
            self._region = (max(top, 1), bottom) if bottom > max(top, 1) else None
            row, col = 1, 1
        else:
            row = max(nums[0], 1) if nums else 1
            col = (max(nums[1], 1) if len(nums) > 1 else 1) if final != "d" else self._col + 1
        self._at = (row, col)
        if (row, col) == (1, 1) and final != "r" and self.origin is not None and self.cur is not None \
                and self.cur > self.origin - self.base:
            self._homed = True
        if self.origin is not None and self.origin + row - 1 >= self.floor:
            self._lost, self._before_lost = False, None
            self._goto_screen(row, col)
        elif not self._lost:
            assert self.cur is not None
            self._lost, self._before_lost = True, (self.base + self.cur, "".join(self._line), self._col)

    def _goto_screen(self, row: int, col: int) -> None:
        """To row `row`, column `col` of the screen below its known top, wrapped rows counted."""
        assert self.origin is not None
        index, left = self.origin - self.base, row - 1
        if self.columns is not None:
            while index < len(self.rows) and left >= self._parts(index):
                left -= self._parts(index)
                index += 1
            if index < len(self.rows):
                self._goto(index)
                self._col = min(left * self.columns + col - 1, (left + 1) * self.columns - 1)
                return
        self._goto(index + left)
        self._col = col - 1 if self.columns is None else min(col, self.columns) - 1

    def _screen_row(self) -> int:
        """The cursor's row on the screen below its known top (1 for the top row)."""
        assert self.origin is not None and self.cur is not None
        start = self.origin - self.base
        if self.columns is None:
            return self.cur - start + 1
        return sum(self._parts(i) for i in range(start, self.cur)) + self._part() + 1

    def _clear(self, reset: bool) -> None:
        """The visible screen is erased (ESC[2J) or the terminal reset (ESC c): what it showed stays output, the
        screen starts again on a fresh row, and its top row is known from now on."""
        assert self.cur is not None
        self._homed = False  # `clear` between outputs: what it cleared stays output, no screen was drawn over
        self.commit()
        if self.cur != len(self.rows) - 1 or self.rows[-1].strip():
            self.rows.append("")
        self.origin = self.base + len(self.rows) - 1
        self.floor = max(self.floor, self.origin)
        # After an absolute move the cursor's screen row is known; otherwise it is taken as the top row.
        row, col = (1, 1) if reset else self._at if self._lost else (1, self._col + 1)
        self._lost, self._before_lost = False, None
        if reset:
            self._saved = self._region = None
        self._load(len(self.rows) - 1)
        self._goto(len(self.rows) - 1 + row - 1)
        self._col = col - 1

    def _save(self) -> None:
        assert self.cur is not None
        self._saved = (self.base + self.cur, self._col)

    def _restore(self) -> None:
        if self._saved is None:
            return
        if self._before_lost is not None and self._before_lost[0] == self.base + self.cur:
            self._line, self._col = list(self._before_lost[1]), self._before_lost[2]
            self._dirty = True
        self._lost, self._before_lost = False, None
        row, col = self._saved
        self._move_to(row - self.base)
        self._col = col
