"""What a terminal's byte stream is made of, as the summarizer reads it: escape sequences (ANSI_RE), stray control
bytes (CONTROL_RE), and the tokens a redrawn stream is drawn from (TOKEN_RE, screen.RowScreen)."""

from __future__ import annotations

import re

from terminus_edge.summarize.altscreen import CONTROL_STRING_RE

# CSI sequences, OSC sequences (ended by BEL or ST), DCS/SOS/PM/APC strings, and escapes of two bytes (ESC D, a
# stray ST `ESC \`) or three (a character set: ESC ( B; ESC # 8): only after an intermediate does the escape take the
# next character (`ab ESC \ cd` read `abd`). None of them may span a line break: a stray ESC must not swallow the lines
# after it.
ANSI_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|" + CONTROL_STRING_RE.pattern + r"|\x1b[()#%*+][0-9A-Za-z]?|\x1b[@-Z\\-_]"
    r"|\x1b[78=>c]"
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# One token of a redrawn stream: a CSI sequence (params, final byte), save/restore cursor (ESC 7 / ESC 8),
# reverse line feed (ESC M, one row up) or a full reset (ESC c),
# any other escape (dropped), a line feed (NUL separates lines too), CR, backspace, a run of printable text,
# or any other control byte (dropped). Colours (SGR) inside a run of text are taken with it and dropped there.
TOKEN_RE = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<csi>[@-ln-~])|(?P<text>(?:[^\x00-\x08\x0a-\x1f\x7f]|\x1b\[[0-9;:]*m)+)"
    r"|\x1b(?P<dec>[78Mc])|(?P<esc>" + ANSI_RE.pattern + r")"
    r"|(?P<lf>[\n\x00])|(?P<cr>\r)|(?P<bs>\x08)|(?P<ctl>[\x00-\x1f\x7f])"
)
