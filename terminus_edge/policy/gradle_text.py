"""Groovy and Kotlin build scripts cut into statements, for policy.gradle: no evaluation, only their shape.

    statements(text) -> [Statement(head, blocks)]   top-level statements; a closure's body split the same way
    literals(text) -> [str]                         the string literals, `${x}` / `$x` made `$GRADLE_x`
    arguments(text) -> [str]                        a call's arguments: literals as they are, anything else $GRADLE_VALUE

Comments are dropped, strings kept whole (quotes, triple quotes, `${…}` templates), brackets balanced; a line ending
in an operator or comma, or a next line starting with `.`, continues the statement. ValueError when the brackets or
strings do not balance: such a script is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN, _CLOSE = "({[", ")}]"
_BLANKS = re.compile(r"\s*")


@dataclass(frozen=True)
class Statement:
    head: str  # the statement without its closure bodies: `tasks.register("fmt")`, `task resetDb(type: Exec)`
    blocks: tuple[str, ...]  # the bodies of its top-level `{ … }` closures, in order
    text: str  # the whole statement


def _string_end(text: str, at: int) -> int:
    """The index just past the string literal starting at `at`."""
    quote = text[at:at + 3] if text[at:at + 3] in ('"""', "'''") else text[at]
    at += len(quote)
    while at < len(text):
        if text[at] == "\\" and len(quote) == 1:
            at += 2
            continue
        if text.startswith(quote, at):
            return at + len(quote)
        if text.startswith("${", at) and quote[0] == '"':
            depth, at = 1, at + 2
            while at < len(text) and depth:
                if text[at] in "\"'":
                    at = _string_end(text, at)
                    continue
                depth += (text[at] == "{") - (text[at] == "}")
                at += 1
            continue
        if text[at] == "\n" and len(quote) == 1:
            raise ValueError("a string literal runs past its line")
        at += 1
    raise ValueError("a string literal is not closed")


def _scan(text: str):
    """(index, character, bracket depth before it) for each character outside strings and comments; strings yield
    their first character only (with the literal's end as the next index)."""
    depth, at = 0, 0
    while at < len(text):
        char = text[at]
        if char in "\"'":
            end = _string_end(text, at)
            yield at, "s", depth, end
            at = end
            continue
        if text.startswith("//", at):
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
            continue
        if text.startswith("/*", at):
            end = text.find("*/", at + 2)
            if end < 0:
                raise ValueError("a comment is not closed")
            at = end + 2
            continue
        if char in _CLOSE:
            depth -= 1
            if depth < 0:
                raise ValueError("a bracket closes that was not opened")
        yield at, char, depth, at + 1
        if char in _OPEN:
            depth += 1
        at += 1
    if depth:
        raise ValueError("a bracket is not closed")


def strip_comments(text: str) -> str:
    out = []
    for at, _, _, end in _scan(text):
        out.append(text[at:end])
    return "".join(out)


def statements(text: str) -> list[Statement]:
    text = strip_comments(text)
    out, start = [], 0
    for at, char, depth, _ in _scan(text):
        if depth == 0 and char in "\n;":
            last = at - 1
            while last >= start and text[last] in " \t\r":
                last -= 1
            after = _BLANKS.match(text, at + 1).end()
            if char == "\n" and (last >= start and text[last] in ",=+-*/&|.(:" or
                                 text.startswith((".", "?.", "->"), after)):
                continue
            out.append(text[start:at])
            start = at + 1
    out.append(text[start:])
    return [_statement(s.strip()) for s in out if s.strip()]


def _statement(text: str) -> Statement:
    head, blocks, opened = [], [], None
    last = 0
    for at, char, depth, _ in _scan(text):
        if char == "{" and depth == 0:
            head.append(text[last:at])
            opened = at + 1
        elif char == "}" and depth == 0 and opened is not None:
            blocks.append(text[opened:at])
            last, opened = at + 1, None
    head.append(text[last:])
    return Statement(" ".join(h.strip() for h in head if h.strip()), tuple(blocks), text)


_LITERAL = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'|"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', re.S)


def _template(body: str, single: bool) -> str:
    if single:
        return body
    body = re.sub(r"\$\{\s*([\w.]{1,100})\s*\}", lambda m: "$GRADLE_" + m.group(1).replace(".", "_"), body)
    return re.sub(r"\$\{[^}]*\}", "$GRADLE_VALUE", body).replace('\\"', '"')


def literals(text: str) -> list[str]:
    return [_template(next(g for g in m.groups() if g is not None), m.group(2) is not None or m.group(4) is not None)
            for m in _LITERAL.finditer(text)]


def arguments(text: str) -> list[str]:
    """`'a', "b $x"`, `("a", "b")`, `listOf("a")`, `['a', 'b']`, `= ["a"]`: each item a literal, else $GRADLE_VALUE;
    `"git status".split()` split at spaces."""
    text = re.sub(r"^\s*(?:\+?=)?\s*", "", text.strip())
    text = re.sub(r"^(?:listOf|arrayOf|mutableListOf|files|file|setOf)?\s*[(\[]([\s\S]*)[)\]]$", r"\1", text.strip())
    split = re.fullmatch(r"""\s*(["'])([^"'\n]*)\1\s*\.\s*(?:split|tokenize)\s*\(\s*(?:["'] ["'])?\s*\)\s*""", text)
    if split:
        return split.group(2).split()
    items, start, out = [], 0, []
    for at, char, depth, _ in _scan(text):
        if char == "," and depth == 0:
            items.append(text[start:at])
            start = at + 1
    items.append(text[start:])
    for item in (i.strip() for i in items if i.strip()):
        found = _LITERAL.fullmatch(item)
        out.append(literals(item)[0] if found else "$GRADLE_VALUE")
    return out
