"""What a terminal would show for a stream of text lines: escapes dropped, carriage-return progress at its
final state, erase-line / column-1 / cursor-up redraws drawn over, backspaces applied, control bytes gone.

`LineCleaner` takes decoded text in pieces of any size and gives back blocks of complete clean lines,
holding at most one (bounded) unfinished line and the last few lines a redraw may still replace, so a
100 MB output or a 10 MB line without a newline costs bounded memory.
"""

from __future__ import annotations

import bisect
import re

# CSI sequences, OSC sequences (ended by BEL or ST), DCS/SOS/PM/APC strings, and two-byte escapes.
# None of them may span a line break: a stray ESC must not swallow the lines after it.
ANSI_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?|\x1b[@-Z\\-_()#%*+][0-9A-Za-z]?"
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Redraws: erase the whole line (ESC[2K) or go back to column 1 (ESC[G, ESC[1G) and write over it, as "\r" does;
# cursor up N rows (ESC[NA, ESC[NF) rewrites the lines above (jest's RUNS status, multi-line progress bars).
OVERWRITE_RE = re.compile(r"\x1b\[(?:2K|[01]?G)")
UP_RE = re.compile(r"\x1b\[(\d*)[AF]")
# Lines a cursor-up can still take back: blocks are released once this many newer lines follow them.
HELD_LINES = 64
# A line longer than this keeps its start and its end; the middle is counted, not kept.
LONG_LINE = 16_384
LINE_HEAD, LINE_TAIL = 4_000, 2_000


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
    text = ANSI_RE.sub("", text).replace("\r\n", "\n").replace("\x00", "\n")
    lines = text.split("\n")
    if "\r" in text or "\b" in text:
        lines = [_apply_backspaces(_collapse_cr(line)) for line in lines]
    if CONTROL_RE.search(text):
        lines = [CONTROL_RE.sub("", line) for line in lines]
    return "\n".join(line.rstrip() if len(line) <= LONG_LINE else shorten_line(line.rstrip()) for line in lines)


def _ups(parts: list[str]) -> int:
    """Rows moved up in a line split by UP_RE; 0 unless all it wrote before its last move was blank (erasing,
    as progress redraws do): text written first stays where it was, and is never lost to an odd cursor move."""
    if any(CONTROL_RE.sub("", ANSI_RE.sub("", part)).strip() for part in parts[0:-1:2]):
        return 0
    return sum(max(int(n or 1), 1) for n in parts[1::2])


def clean_rows(text: str) -> tuple[list[str], list[int] | None]:
    """Complete lines cleaned, and for each how many rows above it the terminal cursor went before it was
    written (None when no line moves up): those rows were drawn over and are dropped by `LineCleaner`."""
    moves = None
    if "\x1b[" in text:
        text = OVERWRITE_RE.sub("\r", text)
        if UP_RE.search(text):
            lines = text.replace("\r\n", "\n").replace("\x00", "\n").split("\n")
            moves = [0] * len(lines)
            for i, line in enumerate(lines):
                if "\x1b[" in line:
                    parts = UP_RE.split(line)
                    moves[i] = _ups(parts)
                    lines[i] = parts[-1] if moves[i] else line
            text = "\n".join(lines)
    return clean_lines(text).split("\n"), moves


def shorten_line(line: str, dropped: int = 0) -> str:
    dropped += len(line) - LINE_HEAD - LINE_TAIL
    return f"{line[:LINE_HEAD]} … [{dropped} characters omitted] … {line[-LINE_TAIL:]}"


class LineCleaner:
    """Feed decoded text in any pieces; get back clean blocks of complete lines (joined by newlines).

    Joining every block with "\\n" gives the same text as cleaning the whole output at once, except that
    over-long lines and long carriage-return storms are shortened while they stream in. The last
    HELD_LINES lines are held back until more follow, so a cursor-up redraw can still replace them.
    """

    def __init__(self) -> None:
        self._carry = ""
        self._long_head: str | None = None  # the start of an over-long line, kept while its middle is dropped
        self._dropped = 0
        self._pending_up = 0  # cursor-up moves already cut out of the unfinished line
        self._held: list[str] = []
        self._held_at: list[int] = []  # each held line's number among all lines added (a line is final HELD_LINES later)
        self._added = 0

    def feed(self, text: str) -> str | None:
        cut = text.rfind("\n")
        if cut < 0:
            self._carry += text
            if len(self._carry) > LONG_LINE:
                self._compact()
            return None
        # A trailing "\r" may be half of "\r\n"; keep it with the unfinished line.
        self._hold(*self._take_line(self._carry + text[:cut]))
        self._carry = text[cut + 1 :]
        if len(self._carry) > LONG_LINE:
            self._compact()
        return self._release(final=False)

    def finish(self) -> str | None:
        if self._carry or self._long_head is not None or self._pending_up:
            self._hold(*self._take_line(self._carry))
            self._carry = ""
        return self._release(final=True)

    def _take_line(self, text: str) -> tuple[list[str], list[int] | None]:
        if self._long_head is not None:
            first, sep, rest = text.partition("\n")
            head, tail = clean_lines(self._long_head), clean_lines(first)
            line = f"{head} … [{self._dropped} characters omitted] … {tail.lstrip()}".rstrip()
            lines, moves = clean_rows(rest) if sep else ([], None)
            first_up, self._pending_up = self._pending_up, 0
            self._long_head, self._dropped = None, 0
            return [line, *lines], [first_up, *(moves or [0] * len(lines))]
        lines, moves = clean_rows(text)
        if self._pending_up:
            moves = moves or [0] * len(lines)
            moves[0] += self._pending_up
            self._pending_up = 0
        return lines, moves

    def _hold(self, lines: list[str], moves: list[int] | None) -> None:
        held, at = self._held, self._held_at
        if moves is None:
            held.extend(lines)
            at.extend(range(self._added, self._added + len(lines)))
            self._added += len(lines)
            return
        for line, up in zip(lines, moves):
            floor = self._added - HELD_LINES
            while up and at and at[-1] >= floor:
                held.pop(), at.pop()
                up -= 1
            held.append(line)
            at.append(self._added)
            self._added += 1

    def _release(self, final: bool) -> str | None:
        n = len(self._held) if final else bisect.bisect_left(self._held_at, self._added - HELD_LINES)
        if not n:
            return None
        block = "\n".join(self._held[:n])
        del self._held[:n], self._held_at[:n]
        return block

    def _compact(self) -> None:
        """Bound the unfinished line: drop redrawn progress states, then the middle of a very long line."""
        carry = self._carry
        if "\x1b[" in carry:
            carry = OVERWRITE_RE.sub("\r", carry)
            last = None
            for last in UP_RE.finditer(carry):
                pass
            up = _ups(UP_RE.split(carry[: last.end()])) if last and self._long_head is None else 0
            if up:
                self._pending_up += up
                carry = carry[last.end() :]
        cr = carry.rfind("\r")
        if cr > 0:
            states = [p for p in ANSI_RE.sub("", carry[:cr]).split("\r") if p.strip()]
            carry = (states[-1] if states else "") + carry[cr:]
        if len(carry) > LONG_LINE:
            if self._long_head is None:
                self._long_head, carry = carry[:LINE_HEAD], carry[LINE_HEAD:]
            self._dropped += len(carry) - LINE_TAIL
            carry = carry[-LINE_TAIL:]
        self._carry = carry
