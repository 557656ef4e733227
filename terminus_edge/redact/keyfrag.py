"""Pieces of a private key without their BEGIN line: `tail -n 5 id_ed25519` ends with the key's last base64 lines and
its END line; `sed -n 10,20p server.key` prints base64 lines and no armour at all.

  - base64 lines right before a private key's END line are the key's body (back to the nearest line that is not
    base64; a literal `\\n` separates them inside a JSON string);
  - when the command reads a private-key file (`id_rsa`, `*.key`, `*.pem`, `*.p12`, `*.ppk`, a path that `ssh-keygen
    -f` or `openssl … -out` writes in the same command line), its base64-only lines are key material, except inside
    a public block (`BEGIN CERTIFICATE`, `BEGIN PUBLIC KEY`, `BEGIN PGP PUBLIC KEY BLOCK`, a .ppk's `Public-Lines:`);
  - a run of base64 lines wrapped at a key's width that decodes to binary and no certificate (keybody.py).
Every line may carry indentation and a line-number gutter (`cat -n`, `nl`, `grep -n`, `less -N`, `bat -n`): the numbers
stay, the base64 after them is judged as the line itself.
Certificates, public keys and base64 of anything else have no END line of a private key and no key-file command.
The stream holds a run of base64 lines (fewer than MAX_HELD_RUN) until it sees whether an END line follows (stream.py)
and judges it in MAX_RUN chunks; the whole text reads a run in the same chunks, so both give the same text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from terminus_edge import shell_words
from terminus_edge.redact.commands import _base, _segments

Span = tuple[str, int, int]

MAX_RUN = 8  # the chunk a run of base64 lines is judged in (a key's body or not), as a stream releases it
# The base64 lines a stream holds back while waiting for the line after the run (the consumer's latency): a public END
# line there (`tail -n 14 mirror.asc` of a public key) makes the whole run public, a longer run goes in chunks.
MAX_HELD_RUN = 64
_BODY = re.compile(r"(?:[A-Za-z0-9+/]{4,}={0,2}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|=[A-Za-z0-9+/]{4})\r?")
_TELLING = re.compile(r"[0-9+/=]")
# What may stand before a key's line: indentation, and a line-number gutter (`cat -n`, `nl`: `    12\t`; `grep -n`: `12:`
# or `12-`; `less -N`: `  12 `; `bat -n`: `  12 │ `), so that `cat -n id_rsa | sed -n 5,20p` is read as the key's lines.
GUTTER = r"[ \t]*(?:\d{1,7}(?:[ \t]*[|\u2502][ \t]?|\t|[:-]|[ ]{1,2})[ \t]*)?"
_LEAD = re.compile(GUTTER)
END = re.compile(GUTTER + r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
# (and RFC 4716's `---- BEGIN SSH2 PUBLIC KEY ----`, `ssh-keygen -e`)
_ARMOUR = re.compile(GUTTER + r"(?:-----(?P<side>BEGIN|END) (?P<label>[A-Z0-9 ]{1,64})-----|(?P<ppk>Public|Private)-Lines:"
                     r"|---- (?P<side2>BEGIN|END) (?P<label2>SSH2 [A-Z ]{1,32}) ----)")
_ESCAPED_NL = re.compile(r"(?:\\r)?\\n")


def lead_length(line: str) -> int:
    """The length of the indentation and line-number gutter before a line's content."""
    return _LEAD.match(line).end()


def body_line(line: str) -> bool:
    """A line of base64 only, maybe indented (a short one must carry a digit or `+/=`: not a word like `PASSED`)."""
    line = line.rstrip("\n")
    line = line[lead_length(line):]
    return _BODY.fullmatch(line) is not None and (len(line.rstrip("\r")) >= 16 or _TELLING.search(line) is not None)


# The headers of an encrypted PEM key (RFC 1421): only a private key is wrapped so, whatever its name or width.
_ENCRYPTED_HEADER = re.compile(GUTTER + r"(?:Proc-Type:[ \t]*4,ENCRYPTED|DEK-Info:[ \t]*[A-Za-z0-9-]{1,32},)")


def encrypted_key_header(line: str) -> bool:
    """`Proc-Type: 4,ENCRYPTED` / `DEK-Info: AES-256-CBC,…`: the base64 run after it (past a blank line) is a key's body."""
    return _ENCRYPTED_HEADER.match(line) is not None


def ends_private_key(line: str) -> bool:
    return END.match(line) is not None


def public_armour(line: str) -> bool | None:
    """True for a line that opens a public block, False for another armour line, None for no armour."""
    m = _ARMOUR.match(line)
    if m is None:
        return None
    if m.group("side2"):
        return m.group("side2") == "BEGIN" and "PRIVATE" not in m.group("label2")
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
        if lead_length(lead) < len(lead):
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
_KEY_EXPORTS = frozenset({"--export-secret-keys", "--export-secret-subkeys"})
_KEY_EXTENSIONS = frozenset({"pem", "key", "p12", "pfx", "ppk", "p8", "pk8"})
_PUBLIC_WORDS = re.compile(r"(?i)cert|crt|chain|(?<![a-z])ca(?![a-z])|pub|csr|bundle|root|trust")
_SSH_KEY = re.compile(r"id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:[._-][\w.-]*)?|identity")
# A name without a key's extension that says private key: a last word `key` (sshd's `ssh_host_rsa_key`, `deploy_key`,
# `server-key`) or the word `private`/`priv` (`jwt-signing-private`); not `keys` (`authorized_keys` lists public keys), nor
# a token's file (`api_key`, `access-key`, `license.key` is one too but keeps its extension's rule).
_KEY_WORDS = re.compile(r"(?i)(?:^|[._-])(?<!api[._-])(?<!access[._-])(?<!license[._-])(?<!secret[._-])"
                        r"(?:priv(?:ate)?[._-]?)?key$|(?:^|[._-])priv(?:ate)?(?:[._-]?key)?(?:[._-]|$)")
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
    if "." not in name.lstrip("."):
        return _KEY_WORDS.search(name) is not None and "pub" not in name.lower()  # (`ca-key` is the CA's key)
    stem, _, ext = name.rpartition(".")
    if ext.lower() != "pem":
        return ext.lower() in _KEY_EXTENSIONS and "pub" not in stem.lower()
    # a .pem may hold a certificate or a public key (`ca.pem`, `fullchain.pem`, `pubkey.pem`); `ca-key.pem` is a key
    return "pub" not in stem.lower() and (re.search(r"(?i)key|priv", stem) is not None
                                          or not _PUBLIC_WORDS.search(stem))


@lru_cache(maxsize=256)
def reads_key_file(command: str | None) -> bool:
    """The command prints a private-key file: a reader (`cat`, `tail`, `sed -n`, `base64`) given one as an argument,
    or any command given one on its standard input (`sed -n 12p < tls/server.key`)."""
    if not command or not command.strip():
        return False
    segments = _segments(command)
    written = _written_keys(segments)
    tokens = shell_words.tokens_or_rough(command)
    if any(tok == "<" and _key_file(path, written) and not _derives_public(_before(tokens, i))
           for i, (tok, path) in enumerate(zip(tokens, tokens[1:]))):
        return True
    for seg in segments:
        if _base(seg[0]) in _READERS and any(_key_file(a, written) for a in seg[1:] if not a.startswith("-")):
            return True
        if _base(seg[0]) in ("gpg", "gpg2") and not _KEY_EXPORTS.isdisjoint(seg[1:]):
            return True  # (`gpg --armor --export-secret-keys ops@x | sed -n 6,7p`: its armour cut off)
    return False


def _before(tokens: list[str], i: int) -> list[str]:
    """The simple command whose standard input the redirect at tokens[i] feeds."""
    j = i
    while j > 0 and not (tokens[j - 1] and set(tokens[j - 1]) <= set("|&;()")):
        j -= 1
    return tokens[j:i]


def _derives_public(seg: list[str]) -> bool:
    """`wg pubkey < wg.key`, `age-keygen -y`, `ssh-keygen -y`, `openssl pkey -pubout`: prints the public half only."""
    if not seg:
        return False
    prog, args = _base(seg[0]), set(seg[1:])
    return ((prog == "wg" and "pubkey" in args) or (prog in ("age-keygen", "ssh-keygen") and "-y" in args)
            or (prog == "openssl" and "-pubout" in args))


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

