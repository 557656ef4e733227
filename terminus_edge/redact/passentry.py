"""A password-store entry shown without its command: `pass show`, `gopass show` print the password alone on the
entry's first line, then `field: value` lines (`login: …`, `url: …`). Nothing names that first line; what says it is
a password is the layout (masked as `secret`, as with its command: commands.py): an unindented lone token shaped like a credential right above a field line. A generated
identifier (hex digest, commit SHA, UUID) in that place stays: those have names of their own in the output around."""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.scan import Scan
from terminus_edge.redact.shapes import looks_like_credential

Span = tuple[str, int, int]

_ENTRY_HEAD = re.compile(r"(?m)^(?P<val>[^\s:=#\"'`<>\[({][^\s:=]{7,127})[ \t]*\r?\n(?=[A-Za-z][\w .-]{0,30}: \S)")
_KEY_LINE = re.compile(r"[A-Za-z0-9+/]{40,}={0,2}")  # a line of a key's base64 body: keybody.py judges those runs
_IDENTIFIER = re.compile(r"(?i)[0-9a-f]{8,}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|v?\d+(?:[.\d_+-]+\w*)?")


def pass_entry_head(line: str) -> bool:
    """A line that may be a store entry's first line (the line after it decides): a stream holds it for one more."""
    m = _ENTRY_HEAD.match(line.rstrip("\r\n") + "\nx: y")
    return m is not None and _password_shaped(m.group("val"))


# a generated one-case password (`pwgen`, `pass generate`'s shapes): 12+ letters and digits, digits in 2+ places
# between letters (`u4tuidw1hypmvh6e`, `HWXATA819P8RFZGN`; not `node01`, `WEB01-EU`, `build2024x`)
_ONE_CASE = re.compile(r"(?=[a-z0-9]{12,128}$|[A-Z0-9]{12,128}$)[A-Za-z]*\d+[A-Za-z]+\d+[A-Za-z0-9]*")


def _password_shaped(value: str) -> bool:
    """Generated or typed: both cases of letters and a digit or sign, or one case with digits strewn through
    (`web-prod-3`, `Deployment`, `WEB01` stay)."""
    mixed = re.search(r"[a-z]", value) and re.search(r"[A-Z]", value) and re.search(r"[^A-Za-z]", value)
    mixed = mixed or _ONE_CASE.fullmatch(value)
    return bool(mixed) and not _IDENTIFIER.fullmatch(value) and not _KEY_LINE.fullmatch(value) and "/" not in value and looks_like_credential(value, True)


def find_pass_entries(scan: Scan) -> Iterator[Span]:
    for m in _ENTRY_HEAD.finditer(scan.text):
        if _password_shaped(m.group("val")):
            yield "secret", m.start("val"), m.end("val")
