"""Secrets marked by a syntax of their own rather than `key=value`: auth schemes (`Bearer X`, `Basic X`),
command-line flags (`--password X`, `-u user:password`), cookies (headers and cookie jars), XML elements
(`<password>…</password>`) and .netrc lines. Each yields (kind, start, end) spans of the secret value only."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Iterator

from terminus_edge.redact.context import _judge
from terminus_edge.redact.names import is_placeholder, secret_kind
from terminus_edge.redact.scan import Scan, line_bounds
from terminus_edge.redact.shapes import looks_like_credential
from terminus_edge.redact.valuespan import _value

Span = tuple[str, int, int]

_SETTING = re.compile(r"[A-Za-z_][\w.-]*=[^=]")
_BEARER = re.compile(r"(?<![A-Za-z])(?i:bearer)[ \t]+(?P<val>[A-Za-z0-9._~+/=-]{8,})")
_BASIC = re.compile(r"(?<![A-Za-z])(?i:basic)[ \t]+(?P<val>[A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])")


def find_auth_schemes(scan: Scan) -> Iterator[Span]:
    """`Bearer <token>` and `Basic <base64 of user:password>` wherever they appear."""
    for m in scan.finditer(_BEARER, ("bearer",)):
        if _SETTING.match(m.group("val")):
            continue  # `token_type=bearer expires_in=3600`: the next field, not a token (base64 has `=` only at its end)
        if looks_like_credential(m.group("val"), literal=True):
            yield "bearer-credential", m.start("val"), m.end("val")
    for m in scan.finditer(_BASIC, ("basic",)):
        val = m.group("val")
        try:
            decoded = base64.b64decode(val + "=" * (-len(val) % 4)).decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if ":" in decoded and decoded.isprintable():
            yield "basic-credential", m.start("val"), m.end("val")


_WGET_SETTING = re.compile(r"(?m)^Setting --(?P<key>[\w-]{1,60}) \([\w-]{1,60}\) to (?P<val>\S[^\n]*?)\r?$")  # wget -d
_FLAG = re.compile(r"-(?<![\w-]-)-?(?P<key>[A-Za-z][\w.-]{0,60})(?:=|[ \t]+)(?=[^\s-])")  # -Ddb.password=…


def find_cli_flags(scan: Scan) -> Iterator[Span]:
    """`--password X`, `--api-key=X`, `-u user:password` / `--user user:password` (curl)."""
    text = scan.text
    claimed = 0
    for m in _FLAG.finditer(text):
        key = m.group("key")
        if m.start() < claimed:
            continue
        _, line_end = line_bounds(text, m.start())
        span = _value(text, m.end(), line_end, rest_of_line=False)
        if key in ("u", "user") and span:
            colon = text.find(":", span[0], span[1])
            if colon != -1 and not is_placeholder(text[colon + 1:span[1]]):
                claimed = span[1]
                yield "password", colon + 1, span[1]
            continue
        kind = secret_kind(key)
        if kind:
            found = _judge(text, span, kind[0], kind[1], key, literal=True)  # a shell argument is a literal
            if found:
                claimed = found[2]
                yield found
    for m in scan.finditer(_WGET_SETTING, ("setting --",)):
        kind = secret_kind(m.group("key"))
        if kind:
            found = _judge(text, (m.start("val"), m.end("val")), kind[0], kind[1], m.group("key"), literal=True)
            if found:
                yield found


_COOKIE = re.compile(r"(?i)(?<![\w-])(?:set-cookie2?|cookie2?|--cookie)[\"']?(?:[ \t]*[:=][ \t]*|[ \t]+)")
_COOKIE_PAIR = re.compile(r"[ \t]*(?P<name>[^=;\s\"']{1,128})=(?P<val>[^;\s\"']*)")
_COOKIE_JAR = re.compile(r"(?m)^(?:#HttpOnly_)?[^\s#][^\t\n]*\t(?:TRUE|FALSE)\t[^\t\n]*\t(?:TRUE|FALSE)\t\d+\t"
                         r"[^\t\n]+\t(?P<val>[^\t\n]+?)\r?$")


def find_cookies(scan: Scan) -> Iterator[Span]:
    """Values in Cookie / Set-Cookie headers and Netscape cookie-jar lines (names stay)."""
    text = scan.text
    claimed = 0
    for m in scan.finditer(_COOKIE, ("cookie",)):
        if m.start() < claimed:
            continue
        first_only = "set" in m.group().lower()
        _, line_end = line_bounds(text, m.start())
        pos = m.end()
        if text[pos:pos + 1] in ("\"", "'"):
            pos += 1
        while pos < line_end:
            pair = _COOKIE_PAIR.match(text, pos, line_end)
            if pair is None:
                break
            val = pair.group("val")
            if len(val) >= 6 and not is_placeholder(val) and not val.startswith("[REDACTED"):
                yield "cookie", pair.start("val"), pair.end("val")
            if first_only or text[pair.end():pair.end() + 1] != ";":
                break
            pos = claimed = pair.end() + 1
    for m in scan.finditer(_COOKIE_JAR, ("\ttrue\t", "\tfalse\t")):
        val = m.group("val")  # (judged as in a header: `theme dark` is no secret)
        if len(val) >= 6 and not is_placeholder(val) and not val.startswith("[REDACTED"):
            yield "cookie", m.start("val"), m.end("val")


_XML = re.compile(r"<(?P<tag>[\w:.-]{1,60})>(?P<val>[^<\n]{1,2000})</(?P=tag)>")
_NETRC = re.compile(r"\b(?:machine|login|default)[ \t]+\S+[ \t]+(?:\S+[ \t]+){0,4}?"
                    r"(?:password|passwd)[ \t]+(?P<val>\S+)"
                    r"|(?m:^[ \t]*(?:password|passwd)[ \t]+(?P<alone>(?![=:][ \t\r]*$)\S+)[ \t\r]*$)")  # (`password =`: empty)


def find_markup(scan: Scan) -> Iterator[Span]:
    """`<password>…</password>` (Maven settings.xml, XML configs) and .netrc `password X`."""
    text = scan.text
    for m in _XML.finditer(text):
        kind = secret_kind(m.group("tag").rsplit(":", 1)[-1])
        if kind:
            found = _judge(text, (m.start("val"), m.end("val")), kind[0], kind[1], m.group("tag"), literal=True)
            if found:
                yield found
    for m in scan.finditer(_NETRC, ("passw",)):
        group = "val" if m.group("val") else "alone"
        found = _judge(text, (m.start(group), m.end(group)), "password", True)
        if found:
            yield found
