"""The lines that open a multi-line context a stream holds until it closes (stream.py): a PEM/PGP private key's BEGIN
line (until its END), a Kubernetes `data:` block or a YAML `key: |` block (until a line indented no deeper), a JSON
`"data": {` object, PuTTY's `Private-Lines: N`, `openssl -text`'s private components, a terraform `"sensitive": true`
object, a drawn panel `╭…╮` (a rich traceback: a value on a source line before the locals that name it, until its
`╰`), a JSON `"value": "…",` with members after it (terraform state writes `"sensitive": true` after the value), a Ruby pp `:secret_key_base=>` whose value comes on the next line, `- name: DB_PASSWORD` before its `value:`.
"""

from __future__ import annotations

import re
from typing import Callable

from terminus_edge.redact.keyfrag import body_line
from terminus_edge.redact.layouts import CIPHER_KEY
from terminus_edge.redact.names import secret_kind
from terminus_edge.redact.passentry import pass_entry_head
from terminus_edge.redact.reflow import table_row_continues, table_row_folded, trace_row_continues, wrap_row_continues

_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")


_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")


_YAML_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?:(?:data|stringData):|[\"']?[\w.-]+[\"']?:[ \t]*[|>][-+]?)[ \t\r]*$")


_JSON_DATA = re.compile(r"\"(?:data|stringData)\"[ \t]*:[ \t]*\{[ \t\r]*$")


_PUTTY = re.compile(r"^Private-Lines:[ \t]*(\d{1,3})")


_VALUE_FIRST = re.compile(r"^[ \t]*\"value\"[ \t]*:[ \t]*\"(?:[^\"\\\n]|\\.){0,4096}\",[ \t\r]*$")


_OPENSSL = re.compile(r"^(?:privateExponent|prime1|prime2|exponent1|exponent2|coefficient|priv|private-key):[ \t\r]*$")


_NAME_FIELD = re.compile(r"(?i)^[ \t]*(?:-[ \t]*)?[\"']?(?:parameter|output|option|setting|attribute)?(?:name|key)[\"']?[ \t]*:[ \t]*[\"']?(?P<n>[\w./-]{1,128})[\"']?,?[ \t\r]*$")


_PANEL = re.compile("^(?P<indent>[ \t]*)\u256d\u2500")  # ╭─ a drawn panel's top


_SENSITIVE = re.compile(r"\"sensitive\"[ \t]*:[ \t]*true")


_WRAPPED_KEY = re.compile(r"(?<![\w.-])(?P<key>[A-Za-z_][\w.-]{0,63})[\"']?\]?[ \t]*=>[ \t\r]*$")


def line_indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def block_closer(line: str, above: str = "") -> tuple[Callable[[str], bool], int] | None:
    """When `line` opens a multi-line context: (is-closing-line test, lines to keep after it). above: the line before."""
    begin = _BEGIN.search(line)
    if begin:
        return (None if _END.search(line, begin.end()) else (lambda l: bool(_END.search(l)), 0))
    m = _YAML_OPEN.match(line)
    if m:
        indent = len(m.group("indent"))
        return (lambda l: bool(l.strip()) and line_indent(l) <= indent), 0
    if _JSON_DATA.search(line):
        return (lambda l: "}" in l), 1  # the next line may say "kind": "Secret"
    putty = _PUTTY.match(line)
    if putty:
        remaining = [int(putty.group(1))]

        def counted(_: str) -> bool:
            remaining[0] -= 1
            return remaining[0] <= 0
        return counted, 0
    if _OPENSSL.match(line):
        return (lambda l: not l[:1].isspace()), 0
    if _SENSITIVE.search(line):
        return (lambda l: "\"value\"" in l or "}" in l), 0
    if _VALUE_FIRST.match(line):  # (to the end of its object: `"sensitive": true` may still come)
        return (lambda l: "}" in l or "{" in l), 0
    wrapped = _WRAPPED_KEY.search(line)
    if wrapped and secret_kind(wrapped.group("key")) is not None:  # `:secret_key_base=>` then its value (pp)
        return (lambda _: True), 0
    if trace_row_continues(line):  # curl --trace-ascii's rows of one body (reflow.py)
        return (lambda l: not trace_row_continues(l)), 0
    if table_row_continues(line):  # a drawn table's rows, with the rows that fold its cells (reflow.py)
        return (lambda l: not table_row_folded(l)), 0
    panel = _PANEL.match(line)
    if panel:
        indent = len(panel.group("indent"))
        return (lambda l: l[indent:indent + 1] == "\u2570" and line_indent(l) == indent), 0
    if CIPHER_KEY.match(line):  # its IV on the next line says it is a cipher's key (layouts.find_tool_layouts)
        return (lambda _: True), 0
    if wrap_row_continues(line, above=above):  # a line a terminal or `fold` wrapped at its width, and the rows it goes on in (first: a
        # held wrap always holds the line after it, which a password store entry's first line needs too)
        width = len(line.rstrip("\r\n"))
        return (lambda l: not wrap_row_continues(l, width) or l[:1].isspace()), 0
    # a password store entry's first line: the next line says whether it is one (a line that may begin a key's body
    # is held as a run's line instead, and the run's last line is judged with the line after it)
    if pass_entry_head(line) and not body_line(line):
        return (lambda _: True), 0
    named = _NAME_FIELD.match(line)
    if named and secret_kind(named.group("n")) is not None:  # `- name: DB_PASSWORD` then `value: …`
        seen = [0]

        def value_or_far(l: str) -> bool:
            seen[0] += 1
            return "value" in l.lower() or seen[0] >= 4
        return value_or_far, 0
    return None
