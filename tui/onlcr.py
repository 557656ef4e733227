"""What the pty did to a command's output on its way to the terminal, and undoing it where that is certain.

A pty post-processes what programs write (termios OPOST); its default, ONLCR, turns each "\\n" into "\\r\\n". The
TUI reads the terminal's side, so a command's output held one byte more per newline than the command wrote: `cat`
of a 10,240-byte binary file with 40 newlines in it was "binary output, 10280 bytes". The translation is undone
where it is certain: at every read of the command's output the pty translated newlines and nothing else, and every
"\\n" came with its "\\r". Otherwise (raw mode for part of the command, tabs expanded, no Unix pty) the output stays
as the terminal got it, and the caller says so.
"""

from __future__ import annotations

import termios
from collections.abc import Iterable

from terminus_edge.tui.pipeline import CUT_MARK

AS_WRITTEN = "as written"  # no output processing (raw mode: vim, ssh): the terminal got the bytes as written
NEWLINES = "newlines"  # each "\n" became "\r\n", and nothing else changed
OTHER = "other"  # other processing (tabs expanded, CR mapped, upper case), or not known (no pty)

_CHANGES_MORE = termios.OCRNL | termios.ONOCR | termios.ONLRET | termios.OFILL | getattr(termios, "OLCUC", 0)


def pty_translation(pty) -> str:
    """What the pty's line discipline does to output now (one tcgetattr: the master reports the child's side)."""
    fd = getattr(pty, "master_fd", None)
    if not isinstance(fd, int):
        return OTHER
    try:
        oflag = termios.tcgetattr(fd)[1]
    except (termios.error, OSError, ValueError):  # closed meanwhile
        return OTHER
    if not oflag & termios.OPOST:
        return AS_WRITTEN
    if oflag & _CHANGES_MORE or (oflag & termios.TABDLY) == termios.TAB3:
        return OTHER
    return NEWLINES if oflag & termios.ONLCR else AS_WRITTEN


def as_written(raw: bytes, translations: Iterable[str]) -> tuple[bytes, bool]:
    """`raw` (a command's output as the terminal got it; `translations` the pty's modes seen while it ran) as the
    command wrote it, and True; or `raw` unchanged and False where that is not certain."""
    seen = set(translations)
    if seen == {AS_WRITTEN}:
        return raw, True
    if seen != {NEWLINES}:
        return raw, False
    cut = CUT_MARK.search(raw)  # the TUI's own line where a huge output's middle was left out: not the command's
    pieces = [raw[:cut.start()], raw[cut.end():]] if cut else [raw]
    if any(piece.count(b"\n") != piece.count(b"\r\n") for piece in pieces):  # a bare "\n": not all translated
        return raw, False
    written = [piece.replace(b"\r\n", b"\n") for piece in pieces]
    return (written[0] + cut.group(0) + written[1] if cut else written[0]), True
