"""A private JSON Web Key's secret members (RFC 7518 §6.2.2, §6.4): RSA's `d`, `p`, `q`, `dp`, `dq`, `qi`, EC/OKP's `d`,
a symmetric key's `k` — as `JSON.stringify(key.export({format: 'jwk'}))`, `jose`, a JWKS file or node's util.inspect
print them. The public members (`kty`, `n`, `e`, `x`, `y`, `crv`, `kid`) stay. No other JSON names a member with these
one- and two-letter names and a base64url value of a key's length (22+ characters: 128 bits or more)."""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.scan import Scan

_MEMBER = re.compile(r"""(?<![\w$])(?P<q>["']?)(?:d|p|q|dp|dq|qi|k)(?P=q)[ \t]*:[ \t]*(?P<v>["'])"""
                     r"""(?P<val>[A-Za-z0-9_-]{22,})(?P=v)""")


def find_jwk_private_members(scan: Scan) -> Iterator[tuple[str, int, int]]:
    text = scan.text
    if not scan.runs():
        return
    for m in _MEMBER.finditer(text):
        yield "private-key", m.start("val"), m.end("val")
