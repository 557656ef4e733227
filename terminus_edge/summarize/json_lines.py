"""One JSON document printed on one long line (`rspec --format json`, `jest --json`, `eslint -f json`) broken into
lines after each comma between values, as a pretty printer would put them (without the indentation).

An over-long line is otherwise kept only at its head and tail (terminal.py), which drops every failure in the middle
of such a report; broken at its commas, each key and value is a short line of its own, the document still parses as
JSON, and a string value is never split (a secret in it stays whole for the redactor). `JsonLineBreaker` reads the line
in pieces of any size in linear time, remembering only whether it is inside a string.
"""

from __future__ import annotations

import re

# The rest of a string up to its closing quote or the piece's end (escapes skipped). Possessive: a piece without the
# closing quote is scanned once.
STRING_BODY_RE = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+', re.S)
# What a JSON line's head may hold once its strings are taken out: punctuation, numbers and literals. A log line
# that opens with `[INFO]` or `[2026-11-26 10:00]` has words outside quotes and is left alone.
STRING_RE = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.S)  # a string cut at the head's end too
PUNCTUATION_RE = re.compile(r'[\s{}\[\],:]+')
VALUE_RE = re.compile(r'-?+(?:0|[1-9]\d*+)(?:\.\d++)?+(?:[eE][+-]?+\d++)?+|true|false|null|""')
OPENING_RE = re.compile(r'\A\s*(?:\{\s*"|\[\s*[\[{"\d\-tfn\]])')
NOT_PLAIN = ("\x1b", "\r", "\b", "\x00")  # escapes, redraws and NULs: the line is drawn, not printed as it is


def is_json_line(head: str) -> bool:
    """Whether `head`, the start of a line, reads as the start of a JSON object or array (its last, maybe cut,
    token aside)."""
    if not OPENING_RE.match(head) or any(mark in head for mark in NOT_PLAIN):
        return False
    bare = STRING_RE.sub('""', head)
    last = max(bare.rfind(mark) for mark in "{}[],:")
    return all(VALUE_RE.fullmatch(word) for word in PUNCTUATION_RE.split(bare[: last + 1]) if word)


class JsonLineBreaker:
    """Feed one JSON line in pieces (no line feeds); each piece comes back with a line feed after every comma that
    separates values."""

    def __init__(self) -> None:
        self.in_string = False
        self.escaped = False  # the last piece ended on a backslash inside a string
        self.breaks = 0  # line feeds added so far

    def feed(self, text: str) -> str:
        out: list[str] = []
        pos, end = 0, len(text)
        while pos < end:
            if self.in_string:
                start = pos
                if self.escaped:
                    pos, self.escaped = pos + 1, False
                    if pos >= end:
                        out.append(text[start:])
                        break
                pos = STRING_BODY_RE.match(text, pos).end()
                if pos >= end:
                    out.append(text[start:])
                elif text[pos] == "\\":  # a backslash at the piece's end: what it escapes comes next
                    out.append(text[start:])
                    self.escaped, pos = True, end
                else:
                    out.append(text[start : pos + 1])
                    self.in_string, pos = False, pos + 1
                continue
            quote = text.find('"', pos)
            stop = end if quote < 0 else quote + 1
            outside = text[pos:stop]
            self.breaks += outside.count(",")
            out.append(outside.replace(",", ",\n"))
            self.in_string, pos = quote >= 0, stop
        return "".join(out)


def break_json_lines(text: str, longer_than: int) -> str:
    """`text` with each line longer than `longer_than` that starts as a JSON document broken at its commas."""
    if len(text) <= longer_than:
        return text
    lines = text.split("\n")
    if max(map(len, lines)) <= longer_than:
        return text
    return "\n".join(
        JsonLineBreaker().feed(line) if len(line) > longer_than and is_json_line(line[: longer_than + 1]) else line
        for line in lines
    )
