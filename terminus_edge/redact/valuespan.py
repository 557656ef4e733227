"""Where the value after a key starts and ends (context.py finds the keys): a quoted string's inside, one bare token,
or the rest of the line; an assignment in front of a command (`PGPASSWORD=x psql …`) ends at its blank, and a value
that Ruby's pp / PHP's var_dump / Perl's Data::Dumper wraps onto the next line is found there.
"""

from __future__ import annotations

import re

# (A literal `\r\n`, or `\n` before a header or a quote, ends the value: headers in a bytes repr, `send: b'…\r\nx-api-key:
# …\r\nanthropic-version: …'` from http.client's debug output.)
_BARE = re.compile(r"(?:[^\s,;&\\]|\\(?!r\\n|n(?:[\w-]+:|\\|[\"']|$))|[,;&](?![ \t]*[\"']?[A-Za-z_][\w.-]*[\"']?[ \t]*[=:]))+")


_STRING_PREFIX = re.compile(r"(?:[fFrRbBuU]|[fFrRbB][rRbBfF])(?=[\"'])")


_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


def _strip_tail(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation that belongs to the surrounding syntax, not to the value."""
    value = text[start:end].rstrip(",;. \t\r\n")
    for _ in range(8):
        c = value[-1:]
        if c in _CLOSERS and value.count(_CLOSERS[c]) < value.count(c):
            value = value[:-1].rstrip(",;. \t\r")
        elif c and c in "\"'`" and value.count(c) % 2 == 1:
            value = value[:-1].rstrip(",;. \t\r")
        else:
            break
    return start + len(value)


# After `NAME=value`, a command with a flag or a pipe/redirection: the assignment is a command's environment
# (`PGPASSWORD=x psql -h db`), so the value ends at its blank instead of running to the end of the line.
_COMMAND_AFTER = re.compile(r"[ \t]+(?=\S+(?:[ \t]+\S+){0,3}[ \t]+(?:--?[A-Za-z]|[|<>]|&&|;)|\S+[ \t]*(?:[|<>]|&&)(?!\S))")


def _command_env(text: str, m: re.Match, name: str, pos: int, line_end: int) -> bool:
    """`NAME=value cmd -x …`: an assignment in front of a command (its value ends at the blank, as the shell reads it)."""
    token = _BARE.match(text, pos, line_end)
    return m.group() == name + "=" and token is not None and _COMMAND_AFTER.match(text, token.end(), line_end) is not None


def _value(text: str, pos: int, line_end: int, rest_of_line: bool) -> tuple[int, int] | None:
    """The span of the value that starts at pos: a quoted string's inside, or a bare token."""
    if pos >= line_end:
        return None
    prefix = _STRING_PREFIX.match(text, pos, line_end)  # f"…", b'…': a string literal all the same
    pos = prefix.end() if prefix else pos
    quote = text[pos:pos + 2] if text.startswith(("\\\"", "\\'"), pos) else text[pos]
    if quote in ("\"", "'", "`", "\\\"", "\\'"):
        start = pos + len(quote)
        close = text.find(quote, start, line_end)
        return (start, close) if close != -1 else (start, _strip_tail(text, start, line_end))
    if text[pos] in "{[(":
        return None  # a structure, not a scalar (its own keys are scanned separately)
    if text[pos] == "<" and text.find(">", pos, line_end) != -1:
        return pos, text.find(">", pos, line_end) + 1  # `<set to the key 'password' …>`, `<hidden>`
    if rest_of_line:
        return pos, _strip_tail(text, pos, line_end)
    m = _BARE.match(text, pos, line_end)
    return (pos, _strip_tail(text, pos, m.end())) if m else None


def value_span(text: str, pos: int, line_end: int) -> tuple[int, int] | None:
    """The span of a scalar value starting at pos (quoted string's inside, or one bare token)."""
    return _value(text, pos, line_end, rest_of_line=False)


# Where Ruby's pp, PHP's var_dump and Perl's Data::Dumper put a value that does not fit after its key: on the next line,
# indented, quoted (var_dump first says `string(12)`).
_WRAPPED = re.compile(r"[ \t]+(?:string\(\d{1,9}\)[ \t]*)?(?=[\"'])")


def _wrapped_value(text: str, m: re.Match, pos: int, line_end: int) -> int | None:
    """Where the value of a `key=>` that ends its line starts on the next line, or None."""
    if m.group("sep") != "=>" or text[pos:line_end].strip() or line_end >= len(text):
        return None
    nxt = _WRAPPED.match(text, line_end + 1, min(len(text), line_end + 256))
    return nxt.end() if nxt else None
