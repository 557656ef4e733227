"""Pieces of a private key without their BEGIN line: `tail -n 5 id_ed25519` ends with the key's last base64 lines and
its END line; `sed -n 10,20p server.key` prints base64 lines and no armour at all.

  - base64 lines right before a private key's END line are the key's body (back to the nearest line that is not
    base64; a literal `\\n` separates them inside a JSON string);
  - when the command reads a private-key file (`id_rsa`, `*.key`, `*.pem`, `*.p12`, `*.ppk`, a path that `ssh-keygen
    -f` or `openssl … -out` writes in the same command line), its base64-only lines are key material, except inside
    a public block (`BEGIN CERTIFICATE`, `BEGIN PUBLIC KEY`, `BEGIN PGP PUBLIC KEY BLOCK`, a .ppk's `Public-Lines:`).
Certificates, public keys and base64 of anything else have no END line of a private key and no key-file command.
  - a run of base64 lines wrapped at a key's width (64: PEM, 70: OpenSSH), maybe indented (YAML, a heredoc), that
    decodes to binary with no certificate in it (X.500 names, X.509 extensions or signature algorithms, validity
    times) is a key's body with or without armour in view (`sed -n 4,22p ops/k7`): at least MIN_KEY_LINES lines, not
    inside a public block nor right before a public END line, and not from a command that encodes a file
    (`base64 x`, `openssl base64`) or reads one whose name says public (`sed -n 5,9p ca.crt`).
The stream holds a run of base64 lines (at most MAX_RUN) until it sees whether an END line follows (stream.py);
the whole text reads a run in the same MAX_RUN chunks, so both give the same text. A chunk judged a key's body
carries the judgement to the next chunk of the same run, so a key longer than MAX_RUN lines is masked whole.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from typing import Iterator

from terminus_edge.redact.commands import _base, _segments

Span = tuple[str, int, int]

MAX_RUN = 8  # base64 lines a stream holds back while waiting for an END line (the consumer's latency)
MIN_KEY_LINES = 3  # a run shorter than this is not judged by its width and content alone
_BODY = re.compile(r"(?:[A-Za-z0-9+/]{4,}={0,2}|=[A-Za-z0-9+/]{4})\r?")
_TELLING = re.compile(r"[0-9+/=]")
END = re.compile(r"[ \t]*-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_ARMOUR = re.compile(r"[ \t]*(?:-----(?P<side>BEGIN|END) (?P<label>[A-Z0-9 ]{1,64})-----|(?P<ppk>Public|Private)-Lines:)")
_ESCAPED_NL = re.compile(r"(?:\\r)?\\n")


def body_line(line: str) -> bool:
    """A line of base64 only, maybe indented (a short one must carry a digit or `+/=`: not a word like `PASSED`)."""
    line = line.rstrip("\n").lstrip(" \t")
    return _BODY.fullmatch(line) is not None and (len(line.rstrip("\r")) >= 16 or _TELLING.search(line) is not None)


def ends_private_key(line: str) -> bool:
    return END.match(line) is not None


def public_armour(line: str) -> bool | None:
    """True for a line that opens a public block, False for another armour line, None for no armour."""
    m = _ARMOUR.match(line)
    if m is None:
        return None
    return (m.group("side") == "BEGIN" and "PRIVATE" not in m.group("label")) or m.group("ppk") == "Public"


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def find_fragments_before_end(text: str) -> Iterator[Span]:
    """The base64 lines right before each private key's END line (the last MAX_RUN-chunk of the run, as streamed)."""
    if "-----END " not in text:
        return
    for m in re.finditer(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----", text):
        start = _line_start(text, m.start())
        lead = text[start:m.start()]
        if lead.strip(" \t"):
            yield from _escaped_body(text, start, m.start())
            continue
        lines, pos = [], start
        while pos > 0:
            prev = _line_start(text, pos - 1)
            if not body_line(text[prev:pos - 1]):
                break
            lines.append((prev, pos - 1))
            pos = prev
        keep = len(lines) % MAX_RUN  # the stream released whole chunks of MAX_RUN lines before the END came
        if keep:
            first, last = lines[keep - 1][0], lines[0][1]
            yield "private-key", first, last - (1 if text[last - 1:last] == "\r" else 0)


def _escaped_body(text: str, line_start: int, end: int) -> Iterator[Span]:
    """`…\\nMC4CAQAwBQYDK2VwBCIEI…\\n-----END PRIVATE KEY-----`: a key cut short inside a JSON string."""
    prefix = text[line_start:end]
    seps = list(_ESCAPED_NL.finditer(prefix))
    if not seps or seps[-1].end() != len(prefix):
        return
    first = None
    for k in range(len(seps) - 1, -1, -1):
        lo = seps[k - 1].end() if k else 0
        piece = prefix[lo:seps[k].start()]
        if _BODY.fullmatch(piece):
            first = lo
            continue
        glued = re.search(r"[A-Za-z0-9+/]{4,}={0,2}\Z", piece)  # `"private_key": "AbC…` before its first `\n`
        if glued and len(glued.group()) >= 16:
            first = lo + glued.start()
        break
    if first is not None:
        yield "private-key", line_start + first, line_start + seps[-1].start()


_READERS = frozenset({"cat", "head", "tail", "sed", "awk", "gawk", "cut", "less", "more", "bat", "batcat", "tac",
                      "base64", "fold", "tr", "grep", "sort", "uniq"})
_KEY_EXTENSIONS = frozenset({"pem", "key", "p12", "pfx", "ppk", "p8", "pk8"})
_PUBLIC_WORDS = re.compile(r"(?i)cert|crt|chain|(?<![a-z])ca(?![a-z])|pub|csr|bundle|root|trust")
_SSH_KEY = re.compile(r"id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:[._-][\w.-]*)?|identity")
_KEY_WRITERS = {"ssh-keygen": ("-f",), "openssl": ("-out", "-keyout")}  # (openssl only for the subcommands below)
_OPENSSL_KEY_COMMANDS = frozenset({"genpkey", "genrsa", "ecparam", "pkey", "rsa", "ec", "req", "pkcs12"})


def _written_keys(segments: list[list[str]]) -> frozenset[str]:
    """Paths a key is written to in the same command line (`ssh-keygen -f /tmp/k`, `openssl genpkey -out x.key`)."""
    out = set()
    for seg in segments:
        prog = _base(seg[0])
        if prog not in _KEY_WRITERS or (prog == "openssl" and (len(seg) < 2 or seg[1] not in _OPENSSL_KEY_COMMANDS)):
            continue
        out.update(after for flag, after in zip(seg, seg[1:]) if flag in _KEY_WRITERS[prog])
    return frozenset(out)


def _key_file(path: str, written: frozenset[str]) -> bool:
    path = path.strip("\"'")
    name = _base(path)
    if path in written and not name.endswith(".pub"):
        return True
    if _SSH_KEY.fullmatch(name):
        return not name.endswith(".pub")
    stem, _, ext = name.rpartition(".")
    if ext.lower() != "pem":
        return ext.lower() in _KEY_EXTENSIONS and "pub" not in stem.lower()
    # a .pem may hold a certificate or a public key (`ca.pem`, `fullchain.pem`, `pubkey.pem`); `ca-key.pem` is a key
    return "pub" not in stem.lower() and (re.search(r"(?i)key|priv", stem) is not None
                                          or not _PUBLIC_WORDS.search(stem))


@lru_cache(maxsize=256)
def reads_key_file(command: str | None) -> bool:
    """The command prints a private-key file: a reader (`cat`, `tail`, `sed -n`, `base64`) given one as an argument."""
    if not command or not command.strip():
        return False
    segments = _segments(command)
    written = _written_keys(segments)
    for seg in segments:
        if _base(seg[0]) in _READERS and any(_key_file(a, written) for a in seg[1:] if not a.startswith("-")):
            return True
    return False


def find_key_file_output(text: str, command: str | None) -> Iterator[Span]:
    """The base64-only lines of a command that reads a private-key file, outside public blocks."""
    if not reads_key_file(command):
        return
    public, pos = False, 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        armour = public_armour(line)
        if armour is not None:
            public = armour
        elif not public and body_line(line):
            body = line.rstrip("\r\n")
            yield "private-key", start, start + len(body)


_WIDTHS = (64, 70)  # PEM bodies wrap at 64 characters, OpenSSH private keys at 70
_WIDE = re.compile(r"(?m)^[ \t]*(?:[A-Za-z0-9+/]{70}|[A-Za-z0-9+/]{64})\r?$")
_ARMOUR_LINE = re.compile(r"(?m)^[ \t]*(?:-----(?:BEGIN|END) [A-Z0-9 ]{1,64}-----|(?:Public|Private)-Lines:)")
# What only a certificate (or a CSR/CRL) holds: X.500 attribute and X.509 extension OIDs, RSA/ECDSA signature
# algorithms, UTCTime/GeneralizedTime validity; a private key's body has none of them past its first line.
_CERTIFICATE = re.compile(rb"\x06\x03\x55[\x04\x1d]|\x2a\x86\x48\x86\xf7\x0d\x01\x01[\x04\x05\x0b-\x0e]|"
                          rb"\x2a\x86\x48\xce\x3d\x04\x03|\x17\x0d\d{12}Z|\x18\x0f\d{14}Z")
_PUBLIC_END = re.compile(r"[ \t]*-----END (?![A-Z0-9 ]*PRIVATE)[A-Z0-9 ]{1,64}-----")
_ENCODERS = frozenset({"base64", "basenc", "uuencode", "xxd", "od", "hexdump"})


def _split(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n").lstrip(" \t")
    return line[:len(line) - len(line.lstrip(" \t"))], body.rstrip("\r")


def shows_certificate(lines: list[str]) -> bool:
    """A chunk of 64-wide base64 lines that decodes to a piece of a certificate: the rest of its run is public too."""
    full = [body for _, body in map(_split, lines) if len(body) == 64]
    try:
        return bool(full) and _CERTIFICATE.search(base64.b64decode("".join(full), validate=True)) is not None
    except (binascii.Error, ValueError):
        return False


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
        if width == 64 and _CERTIFICATE.search(raw):
            return False
    return True


def key_chunk(lines: list[str], public: bool, width: int | None, next_line: str = "") -> int | None:
    """The width when `lines` (one chunk of a run of base64 lines) read as a private key's body, else None.
    width: the width of the run's previous chunk when that was judged a key's body (its judgement carries on).
    next_line: the line after the chunk when the run ends there (a public END line makes the run public)."""
    if public or not lines or _PUBLIC_END.match(next_line):
        return None
    split = [_split(line) for line in lines]
    if len({indent for indent, _ in split}) != 1:
        return None
    bodies = [body for _, body in split]
    w = width or len(bodies[0])
    if w not in _WIDTHS or any(len(b) != w for b in bodies[:-1]) or len(bodies[-1]) > w:
        return None
    if width is None and (len(lines) < MIN_KEY_LINES or not _binary_not_certificate(bodies[:-1] or bodies, w)):
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


def _armour_at(armour: list[tuple[int, bool]], pos: int) -> bool:
    public = False
    for start, is_public in armour:
        if start >= pos:
            break
        public = is_public
    return public


def find_key_bodies(text: str, command: str | None = None) -> Iterator[Span]:
    """Each line of the chunks of base64 runs that key_chunk judges a private key's body."""
    if text.count("\n", 0, 4096) < MIN_KEY_LINES - 1 or _WIDE.search(text) is None or not judged_by_content(command):
        return  # (a stream's single line: no run to judge)
    armour = [(m.start(), bool(public_armour(m.group()))) for m in _ARMOUR_LINE.finditer(text)] if "-----" in text \
        or "-Lines:" in text else []
    done = 0
    for m in _WIDE.finditer(text):
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
        for i in range(0, len(lines), MAX_RUN):
            chunk = lines[i:i + MAX_RUN]
            texts = [text[a:b] for a, b in chunk]
            # (the stream lets a full chunk go before it sees the line after it)
            width = key_chunk(texts, public, width, nxt if len(chunk) < MAX_RUN else "")
            if width:
                yield from (("private-key", a + s, a + e) for (a, _), (s, e) in zip(chunk, map(_body_span, texts)))
            width, public = carries_on(texts, width), public or shows_certificate(texts)

