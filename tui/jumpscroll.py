"""Jump scroll: the emulator skips output that would scroll off the screen before it could be seen.

bittty keeps no scrollback, so a flood of plain lines only costs time: in `find /` most of the TUI's
time went to writing and scrolling rows that the next chunk pushes out of view. Like xterm's jump
scroll, `feed()` hands the emulator only what decides the final screen. The capture (osc133) still
sees every character; only the screen work is skipped.

Exactness. A run of plain text (printable characters, tab, CR, LF, SGR and erase-in-line; no other
control or escape) that is followed, inside the same run, by at least 2*rows+2 line feeds cannot
leave a trace on the screen when the scroll region is the whole screen: those line feeds bring the
cursor to the bottom and then scroll every row out, and they are preceded by CR LF, so the kept part
starts at column 0 either way. What the skipped text leaves behind besides rows is replayed instead:
its SGR sequences (the pen) and its lines from the last one that prints (the character REP repeats).
The same holds for whole rows in the middle of one very long wrapped line (`_feed_long_lines`).
"""

from __future__ import annotations

import functools
import re

# printable text (and tab/CR/LF), SGR, EL; nothing that moves the cursor up, changes margins, modes or charsets
_PLAIN_RUN = re.compile(r"(?:[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+|\x1b\[[0-9;:]*[mK])+")
_SGR = re.compile(r"\x1b\[([0-9;:]*)m")
_ESCAPES = re.compile(r"\x1b\[[0-9;:]*[mK]")


# bittty state the skip reads (none of it is bittty's documented API): a bittty without one of them gets
# every character fed as it came, slower on a flood but exact
_STATE = ("parser.mode", "parser.buffer", "blitter.scroll_top", "blitter.scroll_bottom", "blitter.left_margin",
          "blitter.right_margin", "printer.auto_print", "modes.auto_wrap", "modes.insert_mode", "cursor.x", "width",
          "height")


def supported(board) -> bool:
    """Whether `board` has the emulator state the skip must check before it may skip anything."""
    for path in _STATE:
        obj = board
        for name in path.split("."):
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
    return True


def feed(board, text: str) -> int:
    """Feed decoded pty text to `board`'s parser, skipping rows that would scroll away unseen.

    The screen, cursor and pen end up as if all of `text` had been fed. Returns the number of
    characters the emulator did not have to process.
    """
    parser = board.parser
    need = 2 * board.height + 2
    pos = skipped = 0
    for run in _PLAIN_RUN.finditer(text):
        start, end = run.span()
        if end - start < need or text.count("\n", start, end) < need:
            continue
        cut = _cut(text, start, end, need)
        if cut is None:
            continue
        skipped += _feed_long_lines(board, text[pos:start])
        pos = start
        if parser.mode is not None or parser.buffer:  # a sequence split across reads: let its line finish it
            pos = text.find("\n", start, cut) + 1
            skipped += _feed_long_lines(board, text[start:pos])
        if pos > cut - 2 or not _simple_state(board):
            continue
        last_print = _last_printing_line(text, pos, cut)
        if last_print is None:
            continue
        parser.feed(_pen(_SGR.findall(text, pos, last_print)) + text[last_print:cut])
        skipped += last_print - pos
        pos = cut
    return skipped + _feed_long_lines(board, text[pos:])


def _feed_long_lines(board, text: str) -> int:
    """Feed `text`, skipping whole screen rows in the middle of very long lines of ASCII (minified files,
    base64): with auto-wrap, every `width` characters from a pending wrap at the right margin leave the
    cursor in that same state one row further down, so rows that the rest of the line scrolls away
    again need not be written.
    """
    parser, width = board.parser, board.width
    keep = (2 * board.height + 2) * width  # at least that many rows of wrapping after the skip
    pos = skipped = 0
    for line in _long_ascii(keep + 3 * width).finditer(text):
        start, end = line.span()
        parser.feed(text[pos:start])
        pos = start
        if parser.mode is not None or parser.buffer:  # the line began with the end of a sequence (ESC [ 0 m)
            pos = min(start + 64, end)
            parser.feed(text[start:pos])
        if not (_simple_state(board) and board.modes.auto_wrap) or board.modes.insert_mode:
            continue
        fill = max(0, width - board.cursor.x)  # fill the row: the cursor then waits at the margin to wrap
        rows = (end - pos - fill - keep) // width - 1
        if rows <= 0:
            continue
        parser.feed(text[pos:pos + fill])
        pos += fill
        if board.cursor.x == width:
            skipped += rows * width
            pos += rows * width
    parser.feed(text[pos:])
    return skipped


@functools.lru_cache(maxsize=8)
def _long_ascii(min_len: int) -> re.Pattern:
    return re.compile(r"(?<![\x20-\x7e])[\x20-\x7e]{%d,}" % min_len)  # from a run's start only: linear


def _cut(text: str, start: int, end: int, need: int) -> int | None:
    """Where the kept part of text[start:end] begins: just after a CR LF, with `need` line feeds after it."""
    q = end
    for _ in range(need):
        q = text.rfind("\n", start, q)
        if q == -1:
            return None
    crlf = text.rfind("\r\n", start, q)
    return crlf + 2 if crlf != -1 else None


def _pen(sgr_params: list[str]) -> str:
    """The SGR sequences that leave the pen as all of them do: those from the last full reset on."""
    start = 0
    for i in range(len(sgr_params) - 1, -1, -1):
        first = sgr_params[i].split(";", 1)[0]
        if ":" not in first and not first.strip("0"):  # ESC[m, ESC[0m, ESC[0;31m: everything before is void
            start = i
            break
    return "".join(f"\x1b[{params}m" for params in sgr_params[start:])


def _last_printing_line(text: str, start: int, end: int, look_back: int = 64) -> int | None:
    """Start of the last line in text[start:end] that prints a character (it sets what REP repeats)."""
    line_end = end
    for _ in range(look_back):
        line_start = text.rfind("\n", start, line_end - 1) + 1 or start
        if _ESCAPES.sub("", text[line_start:line_end]).strip("\r\n\t"):
            return line_start
        if line_start == start:
            return None
        line_end = line_start
    return None


def _simple_state(board) -> bool:
    """No half-read sequence, whole-screen margins, no auto-print: the condition the skip is exact under."""
    parser, screen = board.parser, board.blitter
    return (parser.mode is None and not parser.buffer and screen.scroll_top == 0
            and screen.scroll_bottom == board.height - 1 and screen.left_margin == 0
            and screen.right_margin == board.width - 1 and not board.printer.auto_print)
