"""Secrets hidden one base64 layer down: `echo <base64 of a token> | base64 -d` under `set -x`, a docker or git
`Authorization` header saved base64-encoded, a `.dockerconfigjson` blob, a kubeconfig's `client-key-data`.

A base64 run is decoded when it decodes to text (most real base64 in logs is binary: certificates, digests, image
data); the text is then looked at by the other detectors, and the run is secret when they find a secret in it.
Base64 of ordinary text (a NOTICE file, a fixture) decodes to text with no secret and stays.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Callable, Iterable, Iterator

from terminus_edge.redact.scan import Scan, worth_a_look

Span = tuple[str, int, int]

_B64 = re.compile(r"(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{20,8192}={0,2}|[A-Za-z0-9_-]{20,8192}={0,2})(?![A-Za-z0-9+/_=-])")
_MIN_TEXT = 12  # decoded characters: shorter text cannot hold a secret with its context
_PRINTABLE = frozenset(range(32, 127)) | {9, 10, 13}


def _decode(run: str) -> str | None:
    """The text a base64 run encodes, or None (binary, or not base64 at all)."""
    body = run.rstrip("=")
    if len(body) % 4 == 1:
        return None
    try:
        raw = (base64.urlsafe_b64decode if ("-" in body or "_" in body) else base64.b64decode)(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) < _MIN_TEXT or any(b not in _PRINTABLE for b in raw[:64]) or sum(b in _PRINTABLE for b in raw) < len(raw):
        return None
    return raw.decode("ascii")


def find_encoded_secrets(scan: Scan, detectors: Iterable[Callable[[Scan], Iterable[Span]]]) -> Iterator[Span]:
    """Base64 runs whose decoded text holds a secret that `detectors` find (one layer: the detectors given do not
    include this one; a secret two layers down, as in `.dockerconfigjson`, is found through the inner text's own
    base64 `auth` field by the basic-auth rule)."""
    text = scan.text
    detectors = list(detectors)
    for start, end in scan.runs():
        run = text[start:end]
        # base64 of text mixes cases; hex digests, lower-case paths, words and numbers do not
        if end - start < 20 or run.islower() or run.isupper() or run.isdigit():
            continue
        for m in _B64.finditer(text, start, end):
            run = m.group()
            if run.islower() or run.isupper() or run.isdigit():
                continue
            decoded = _decode(run)
            if decoded is None:
                continue
            if not worth_a_look(decoded):
                continue  # no secret's word and no run long enough for a token: nothing a detector could find
            inner = Scan(decoded)
            if any(True for detect in detectors for _ in detect(inner)):
                yield "encoded-secret", m.start(), m.end()
