"""`user:password` lines listed under a key whose name says password, as cloud-init's user-data has them:

    chpasswd:                    chpasswd:
      expire: false                list:
      list: |                        - root:X
        root:X                       - ubuntu:Y
        ubuntu:Y

In YAML, `name:value` with no space after the colon is one plain string, not a mapping (`expire: false` is one):
under a password-named key (`chpasswd`, `passwords`, `htpasswd`), such a string pairs a user with a password.
The user stays; a placeholder (`<pw>`, `$PW`, an upper-case word such as cloud-init's `RANDOM`) or a number is
no value.
Only the lines indented under the key are looked at, at most MAX_LINES of them.
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.names import is_placeholder, secret_kind
from terminus_edge.redact.scan import Scan

Span = tuple[str, int, int]

MAX_LINES = 64
_WORDS = ("pass", "pwd", "pw")
_HEADER = re.compile(r"(?m)^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[A-Za-z_][\w.-]{0,63}):[ \t]*\r?$")
_PAIR = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<q>['\"]?)[\w.@-]{1,64}:(?P<pw>[^\s'\":#][^\s'\"]*)(?P=q)[ \t]*\r?")


def pair_line(line: str) -> bool:
    """A line that is one `name:value` string (maybe a sequence item): it needs the keys above it."""
    return _PAIR.fullmatch(line.rstrip("\n")) is not None


def _no_value(value: str) -> bool:
    """A placeholder, a variable, an upper-case word (`RANDOM`), a number (a setting: `password_rules:` / `- upper:1`)."""
    return (is_placeholder(value) or value.startswith("$") and "$" not in value[1:]
            or value.isalpha() and value.isupper() or value.isdigit())


def find_password_lists(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_HEADER, _WORDS):
        kind = secret_kind(m.group("key"))
        if kind is None or kind[0] != "password":
            continue
        indent, pos = len(m.group("indent")), m.end() + 1
        for _ in range(MAX_LINES):
            if pos >= len(text):
                break
            nl = text.find("\n", pos)
            nl = len(text) if nl == -1 else nl
            line = text[pos:nl]
            if line.strip():
                if len(line) - len(line.lstrip(" \t")) <= indent:
                    break
                pair = _PAIR.fullmatch(line)
                if pair and not _no_value(pair.group("pw")):
                    yield "password", pos + pair.start("pw"), pos + pair.end("pw")
            pos = nl + 1
