"""A private key's body judged by its width and content, with no armour in view (`sed -n 4,22p ops/k7`, an
indented slice of a YAML block, `head -n 12 blob.bin | tail -n 9`):

a run of base64 lines wrapped at a key's width (64: PEM, 70: OpenSSH), maybe indented (YAML, a heredoc), that decodes
to binary with no certificate in it (X.500 names, X.509 extensions or signature algorithms, validity times) is a key's
body: at least MIN_KEY_LINES lines, not inside a public block nor right before a public END line, and not from a command
that encodes a file (`base64 x`, `openssl base64`) or reads one whose name says public (`sed -n 5,9p ca.crt`).
Known limit: a certificate's tail that holds only its signature, cut before its END line, reads as a key's body.
Whatever its width and length (one line, 76 or 100 columns), and even from an encoder (`base64 -w 76` of a key's DER),
a chunk whose bytes show a private key's structure (keyder.py: the key's head, RSA's private exponent after the public
one, SEC1's public point, OpenSSH's private section) is a key's body too.

A run may start mid-line (`tail -c 900 key.asc`: judged by the whole lines after its first) and end at an OpenPGP
armour's `=XXXX` checksum after the body's short last line (`sed -n 50,65p key.asc`, its END line cut off).
A run right under an encrypted key's `Proc-Type: 4,ENCRYPTED` / `DEK-Info:` header (maybe past its blank line) is that
key's body whatever its length (`sed -n 2,5p legacy.key`): only a private key is wrapped so.

Runs are judged in keyfrag.MAX_RUN-line chunks (stream.py holds a run of fewer than keyfrag.MAX_HELD_RUN lines whole); a
chunk judged a key's body carries the judgement to the next chunk of its run (a key longer than MAX_RUN lines is masked
whole), a chunk that shows a certificate makes the rest of its run public, and a run held whole that a public END line
closes is judged by structure only.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from typing import Iterator

from terminus_edge.redact.commands import _base, _segments
from terminus_edge.redact.keyder import private_key_structure
from terminus_edge.redact.keyfrag import (
    _PUBLIC_WORDS, _READERS, GUTTER, MAX_HELD_RUN, MAX_RUN, body_line, encrypted_key_header, lead_length, public_armour,
)

Span = tuple[str, int, int]

MIN_KEY_LINES = 3  # a run shorter than this is not judged by its width and content alone
# except at OpenSSH's 70 columns: one full line of it (`awk 'NR==14' /etc/ssh/ssh_host_rsa_key`), 70 base64 characters
# that are no whole base64 string (no digest or token is printed so), is a private key's unless a public armour is
# around (RFC 4716's `---- BEGIN SSH2 PUBLIC KEY ----`); 64 is also a certificate's and a PEM public key's width,
# printed far more often, and a lone 64-character line is a sha384 digest's too
_MIN_LINES = {70: 1}

_MIN_STRUCTURE_WIDTH = 16  # as _RUN_LINE: the whole text looks only at runs with a line this long
_WIDTHS = (64, 70)  # PEM bodies wrap at 64 characters, OpenSSH private keys at 70
_RUN_LINE = re.compile(r"(?m)^" + GUTTER + r"[A-Za-z0-9+/]{16,}={0,2}\r?$")  # a line a run judged by structure may hold
_ARMOUR_LINE = re.compile(r"(?m)^" + GUTTER + r"(?:-----(?:BEGIN|END) [A-Z0-9 ]{1,64}-----|(?:Public|Private)-Lines:"
                          r"|---- (?:BEGIN|END) SSH2 [A-Z ]{1,32} ----)")
# What only a certificate (or a CSR/CRL) holds: X.500 attribute and X.509 extension OIDs, RSA/ECDSA signature
# algorithms, UTCTime/GeneralizedTime validity; a private key's body has none of them past its first line.
_CERTIFICATE = re.compile(rb"\x06\x03\x55[\x04\x1d]|\x2a\x86\x48\x86\xf7\x0d\x01\x01[\x04\x05\x0b-\x0e]|"
                          rb"\x2a\x86\x48\xce\x3d\x04\x03|\x17\x0d\d{12}Z|\x18\x0f\d{14}Z")
# an OpenSSH signature (`ssh-keygen -Y sign`, wrapped at 70 as a private key is): its `SSHSIG` magic or the hash
# algorithm it names as an SSH string; a private key's body names no hash
_SSH_SIGNATURE = re.compile(rb"SSHSIG|\x00\x00\x00\x06sha(?:256|512)")
_ARMOUR_CHECKSUM = re.compile(r"=[A-Za-z0-9+/]{4}")
_NUMBER = re.compile(r"\d+")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_PUBLIC_END = re.compile(GUTTER + r"(?:-----END (?![A-Z0-9 ]*PRIVATE)[A-Z0-9 ]{1,64}-----|---- END SSH2 PUBLIC KEY ----)")
_ENCODERS = frozenset({"base64", "basenc", "uuencode", "xxd", "od", "hexdump"})


def _split(line: str) -> tuple[str, str]:
    """(indentation and line-number gutter, base64) of a run's line."""
    lead = lead_length(line)
    return line[:lead], line[lead:].rstrip("\r\n")


def _same_lead(split: list[tuple[str, str]]) -> bool:
    """One indentation for the whole chunk; a gutter's line numbers count up, so only its shape must agree."""
    return len({_NUMBER.sub("#", lead, count=1).lstrip(" ") if _NUMBER.search(lead) else lead for lead, _ in split}) == 1


def shows_certificate(lines: list[str]) -> bool:
    """A chunk of 64-wide base64 lines that decodes to a piece of a certificate, or of 70-wide ones to a piece of an
    OpenSSH signature: the rest of its run is public too."""
    bodies = [body for _, body in map(_split, lines)]
    full = [body for body in bodies if len(body) == 64]
    try:
        if full and _CERTIFICATE.search(base64.b64decode("".join(full), validate=True)) is not None:
            return True
    except (binascii.Error, ValueError):
        return False
    joined = "".join(body for body in bodies if len(body) == 70)
    return bool(joined) and any(_SSH_SIGNATURE.search(raw) for raw in _decoded(joined, (0, 2)))


def _decoded(joined: str, offsets: tuple[int, ...]) -> list[bytes]:
    out = []
    for offset in offsets:
        try:
            out.append(base64.b64decode(joined[offset:offset + (len(joined) - offset) // 4 * 4], validate=True))
        except (binascii.Error, ValueError):
            continue
    return out


def _text(raw: bytes) -> bool:
    return sum(32 <= b < 127 or b in (9, 10, 13) for b in raw) > 0.8 * len(raw)


def _binary_not_certificate(full: list[str], width: int) -> bool:
    if width == 64:  # each line is whole base64 quads: any line of text makes the run base64 of a document
        try:
            if any(_text(base64.b64decode(line, validate=True)) for line in full):
                return False
        except (binascii.Error, ValueError):
            return False
    joined = "".join(full)
    for offset in (0, 2) if width % 4 else (0,):  # a 70-character line starts 2 characters off a base64 quad
        chunk = joined[offset:offset + (len(joined) - offset) // 4 * 4]
        try:
            raw = base64.b64decode(chunk, validate=True)
        except (binascii.Error, ValueError):
            return False
        if _text(raw):
            return False  # base64 of text
        if width == 64 and _CERTIFICATE.search(raw) or width == 70 and _SSH_SIGNATURE.search(raw):
            return False
    return True


def key_chunk(lines: list[str], public: bool, width: int | None, next_line: str = "",
              by_width: bool = True) -> int | None:
    """The width when `lines` (one chunk of a run of base64 lines) read as a private key's body, else None.
    width: the width of the run's previous chunk when that was judged a key's body (its judgement carries on).
    next_line: the line after the chunk when the run ends there (a public END line makes the run public).
    by_width: whether width and content alone may judge (judged_by_content); a key's structure judges regardless."""
    if public or not lines or _PUBLIC_END.match(next_line):
        return None
    split = [_split(line) for line in lines]
    if not _same_lead(split):
        return None
    bodies = [body for _, body in split]
    if width is None and all(_HEX.fullmatch(b) for b in bodies):
        return None  # hex digests one per line (`sha256sum … | cut -c1-64`): base64 of a key is never all hex digits
    if len(bodies) > 1 and _ARMOUR_CHECKSUM.fullmatch(bodies[-1]):
        bodies = bodies[:-1]  # an OpenPGP armour's `=XXXX` CRC-24 after the body's short last line (its END cut off)
    if width is None and len(bodies) > 2 and len(bodies[0]) < len(bodies[1]):
        bodies = bodies[1:]  # a run that starts mid-line (`tail -c 900 key.asc`): judged by the lines after
    w = width or len(bodies[0])
    if any(len(b) != w for b in bodies[:-1]) or len(bodies[-1]) > w:
        return None
    if width is None and not (w >= _MIN_STRUCTURE_WIDTH and private_key_structure(bodies)) and (
            not by_width or w not in _WIDTHS or len(bodies) < _MIN_LINES.get(w, MIN_KEY_LINES)
            or not _binary_not_certificate(bodies[:-1] or bodies, w)):
        return None
    return w


def _body_span(line: str) -> tuple[int, int]:
    indent, body = _split(line)
    return len(indent), len(indent) + len(body)


def body_spans(lines: list[str]) -> list[tuple[int, int]]:
    """Where each line's base64 lies in the lines joined (the indentation and line end stay)."""
    out, pos = [], 0
    for line in lines:
        start, end = _body_span(line)
        out.append((pos + start, pos + end))
        pos += len(line)
    return out


def carries_on(lines: list[str], width: int | None) -> int | None:
    """The width the next chunk of the run inherits: only from a chunk judged a key's body, ending at full width."""
    return width if width and len(_split(lines[-1])[1]) == width else None


@lru_cache(maxsize=256)
def judged_by_content(command: str | None) -> bool:
    """Whether base64 output may be judged a key's body by its width and content: not when the command encodes a
    file (`base64 logo.png`, `openssl base64 -in x`) or reads files whose names say public (`sed -n 5,9p ca.crt`)."""
    if not command or not command.strip():
        return True
    for seg in _segments(command):
        prog = _base(seg[0])
        if prog in _ENCODERS or (prog == "openssl" and len(seg) > 1 and seg[1] in ("base64", "enc", "x509", "req")):
            return False
        files = [a for a in seg[1:] if not a.startswith("-") and ("/" in a or "." in a.lstrip("."))]
        if prog in _READERS and files and all(_PUBLIC_WORDS.search(_base(f)) or f.endswith(".pub") for f in files):
            return False
    return True


def ends_public(run_lines: int, next_line: str) -> bool:
    """A run the stream held whole (fewer than MAX_HELD_RUN lines) that a public END line closes (`-----END PGP PUBLIC
    KEY BLOCK-----`, `-----END CERTIFICATE-----`): its width says nothing (a public key's tail is as wide and as binary
    as a secret key's), only a private key's structure in it would."""
    return run_lines < MAX_HELD_RUN and _PUBLIC_END.match(next_line) is not None


def body_width(line: str) -> int:
    return len(_split(line)[1])


def _under_encrypted_header(text: str, start: int) -> bool:
    """The run at `start` follows an encrypted key's `Proc-Type:`/`DEK-Info:` header, maybe past one blank line."""
    for _ in range(2):
        if start == 0:
            return False
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev:start - 1]
        if encrypted_key_header(line):
            return True
        if line.strip(" \t\r"):
            return False
        start = prev
    return False


def _armour_at(armour: list[tuple[int, bool]], pos: int) -> bool:
    public = False
    for start, is_public in armour:
        if start >= pos:
            break
        public = is_public
    return public


def find_key_bodies(text: str, command: str | None = None) -> Iterator[Span]:
    """Each line of the chunks of base64 runs that key_chunk judges a private key's body (a stream judges its runs
    itself and does not ask for its lines one by one)."""
    if _RUN_LINE.search(text) is None:
        return
    by_width = judged_by_content(command)
    armour = [(m.start(), bool(public_armour(m.group()))) for m in _ARMOUR_LINE.finditer(text)] if "----" in text \
        or "-Lines:" in text else []
    done = 0
    for m in _RUN_LINE.finditer(text):
        if m.start() < done:
            continue
        start = m.start()
        while start > 0:  # back to the start of the run, as the stream began holding it
            prev = text.rfind("\n", 0, start - 1) + 1
            if not body_line(text[prev:start - 1]):
                break
            start = prev
        lines, pos = [], start
        while pos < len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl == -1 else nl
            if not body_line(text[pos:end]):
                break
            lines.append((pos, end))
            pos = end + 1
        done = max(pos, m.end())
        nxt = text[pos:text.find("\n", pos) if text.find("\n", pos) != -1 else len(text)]
        public, width = _armour_at(armour, start), None
        judge_width = by_width and not ends_public(len(lines), nxt)
        if lines and _under_encrypted_header(text, start):
            width = body_width(text[lines[0][0]:lines[0][1]])  # (judged a key's body already, as a chunk carries on)
        for i in range(0, len(lines), MAX_RUN):
            chunk = lines[i:i + MAX_RUN]
            texts = [text[a:b] for a, b in chunk]
            # (the stream lets a full chunk go before it sees the line after it)
            width = key_chunk(texts, public, width, nxt if len(chunk) < MAX_RUN else "", judge_width)
            if width:
                yield from (("private-key", a + s, a + e) for (a, _), (s, e) in zip(chunk, map(_body_span, texts)))
            width, public = carries_on(texts, width), public or shows_certificate(texts)

