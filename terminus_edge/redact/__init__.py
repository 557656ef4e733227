"""Secret redaction: the last step before any text leaves the machine.

    redact(text, known=None, command=None) -> text with every secret replaced by `[REDACTED:<kind>]`
    redact_with_report(text, known=None, command=None) -> (redacted text, [Finding(kind, start, end), ...])
    learn_secrets(raw, command=None) -> {secret: kind}; redact(summary, known=…) masks them in derived text too
    StreamRedactor(command=None).feed(line) / .flush(), redact_lines(lines, command=None)  -> line-by-line use
        (multi-line contexts such as PEM blocks or Kubernetes `data:` blocks are held and redacted together)
    secret_output(command) -> None | "bare" | "whole": whether the command prints a secret (commands.py)

`command` is the command line that produced the text: the bare output of a command that prints a
secret (`gh auth token`, `aws configure get aws_secret_access_key`, `printenv GITHUB_TOKEN`) has nothing
else to say it is secret.

Format-anchored patterns (formats.py) find known token kinds; context finds generic secrets (context.py:
key names, in logfmt and JSON records too; syntaxes.py: auth headers, flags, cookies, XML; urls.py: URL userinfo,
with or without a scheme, and query parameters; layouts.py: tables, manifests, name/value pairs and XML settings,
tool outputs; calls.py: literals handed to setters, auth constructors and lookup defaults in source code;
arguments.py: positional values of tools' config commands; pairlists.py: `user:password` strings listed under a
password-named key (cloud-init's `chpasswd: list:`);
prose.py: passwords said in sentences;
positional.py: passwords as tools' arguments (`mysql -pX`, `smbclient //h/s X`, `echo X | docker login --password-stdin`); commands.py: the command line that printed the text
(echoed.py: one the text itself echoes, `$ pass show x`),
and whether that text is a config file or data; outline.py: the headers a line sits under — an INI section, a config
block, YAML mapping keys, a pretty-printed JSON document, a headerless INI slice; encoded.py: base64 that decodes to text
holding a secret; keyfrag.py: a private key's lines without its BEGIN line (`tail id_rsa`, `sed -n 3,9p server.key`); keybody.py: base64
wrapped at a key's width that decodes to binary and no certificate (a key under a meaningless name, an indented slice),
or of any width whose bytes show a private key's structure (keyder.py: `base64 -w 76` of a key's DER, two lines of a key,
an encrypted PKCS#8 head, an OpenPGP secret-key packet), or that sits under an encrypted key's `DEK-Info:` header;
sqldump.py: SQL dump rows under a secret-named column; reflow.py: a value a tool cut across rows (`curl --trace-ascii`'s
64-byte rows, a table cell folded onto the rows below, a line a terminal or `fold` wrapped at its width), joined back
for the other detectors; passentry.py: a password store entry's bare first line above its `field: value` lines; jwk.py: a private JSON Web Key's `d`, `p`, `q`… members). Entropy and shape (names.py, shapes.py) are only consulted where the context
already says "secret", and source code (code.py: types, calls, identifiers where code could stand, unless they
carry a number names don't carry) is never taken for a secret; where only a literal can stand, plain words under
a token's name are a secret too, unless they are a placeholder. A value found once is masked everywhere else it
appears in the same text too (e.g. a password from `.env` later echoed by `set -x`).
Checksums, SHAs, UUIDs, digests and public
keys have no secret context and no vendor prefix, so they survive.
"""

from __future__ import annotations

import re
from typing import Mapping, NamedTuple

from terminus_edge.redact.arguments import find_config_arguments
from terminus_edge.redact.calls import find_credential_pairs, find_setter_calls
from terminus_edge.redact.code import is_code_like
from terminus_edge.redact.commands import config_output, find_command_output, output_values, secret_output
from terminus_edge.redact.context import find_key_values
from terminus_edge.redact.echoed import find_echoed_output
from terminus_edge.redact.encoded import find_encoded_secrets
from terminus_edge.redact.formats import find_private_keys, find_tokens
from terminus_edge.redact.jwk import find_jwk_private_members
from terminus_edge.redact.keybody import find_key_bodies
from terminus_edge.redact.keyfrag import find_fragments_before_end, find_key_file_output
from terminus_edge.redact.layouts import (
    find_directives, find_json_secrets, find_k8s_secret_data, find_name_value_pairs, find_openssl_text, find_phrases,
    find_table_rows, find_tool_layouts,
)
from terminus_edge.redact.pairlists import find_password_lists
from terminus_edge.redact.pieces import PieceIndex, find_pieces
from terminus_edge.redact.passentry import find_pass_entries
from terminus_edge.redact.positional import find_tool_passwords, find_traced_pipes
from terminus_edge.redact.prose import find_prose_passwords
from terminus_edge.redact.reflow import find_reflowed_secrets
from terminus_edge.redact.scan import Scan, keyword_ranges
from terminus_edge.redact.shapes import plausible_literal_secret
from terminus_edge.redact.sqldump import find_sql_dump_values
from terminus_edge.redact.stream import StreamRedactor, redact_lines
from terminus_edge.redact.syntaxes import find_auth_schemes, find_cli_flags, find_cookies, find_markup
from terminus_edge.redact.urls import find_url_credentials

__all__ = ["Finding", "redact", "redact_with_report", "learn_secrets", "StreamRedactor", "redact_lines", "marker",
           "secret_output"]

_DETECTORS = (find_private_keys, find_tokens, find_url_credentials, find_auth_schemes,
              find_key_values, find_cli_flags, find_cookies, find_markup,
              find_table_rows, find_k8s_secret_data, find_tool_layouts, find_phrases, find_json_secrets,
              find_openssl_text, find_name_value_pairs, find_setter_calls, find_credential_pairs,
              find_config_arguments, find_directives, find_sql_dump_values, find_tool_passwords,
              find_traced_pipes, find_prose_passwords, find_password_lists, find_jwk_private_members, find_pass_entries)
_MARKERS_ONLY = re.compile(r"(?:\s*\[REDACTED:[\w-]+\])+\s*")  # already masked: leave as is
_MIN_ECHO = 8  # shortest learned secret masked again wherever it recurs
_SHORT_TEXT = 65536  # up to this length echoes are filtered by `in` before one pattern is built from them
_MARKER = re.compile(r"\[REDACTED:[\w-]+\]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


class Finding(NamedTuple):
    kind: str
    start: int
    end: int


def marker(kind: str) -> str:
    return f"[REDACTED:{kind}]"


def _merge(spans: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for f in sorted(spans, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.kind, last.start, max(last.end, f.end))
        else:
            merged.append(f)
    return merged


def _worth_echoing(value: str) -> bool:
    """A found value distinctive enough to mask wherever else it appears: not short, not a plain word, not
    an identifier that code would also use (unless it carries digits like a generated value)."""
    return (len(value) >= _MIN_ECHO and (not value.isalpha() or len(value) >= 16)
            and (not is_code_like(value) or plausible_literal_secret(value)))


def find_secrets(text: str, known: Mapping[str, str] | None = None, command: str | None = None,
                 known_pieces: PieceIndex | None = None, key_runs: bool = True) -> list[Finding]:
    """All secret spans in text (merged, sorted). `known`: secret -> kind, seen earlier in the stream.
    `command`: the command line that produced text, when known (a command that prints a secret makes its
    bare output secret: commands.py). `known_pieces`: the secrets whose heads and tails cut short are masked too
    (pieces.py); by default `known`, while a stream passes only the ones it was handed (what it learns itself it
    learns whole, as the whole text does). `key_runs`: False where a stream judged the text's base64 runs itself."""
    if "\x1b" in text:  # colour codes would glue to tokens; blank them out, offsets unchanged
        text = _ANSI.sub(lambda m: " " * len(m.group()), text)
    scan = Scan(text, config=config_output(command))
    found = [Finding(*span) for detect in _DETECTORS for span in detect(scan)
             if not _MARKERS_ONLY.fullmatch(text, span[1], span[2])]
    found += [Finding(*span) for span in find_command_output(text, command)]
    found += [Finding(*span) for span in find_fragments_before_end(text)]  # a key's tail without its BEGIN line
    found += [Finding(*span) for span in find_key_file_output(text, command)]
    found += [Finding(*span) for span in find_encoded_secrets(scan, _DETECTORS)]
    found += [Finding(*span) for span in find_reflowed_secrets(scan, _DETECTORS)]  # cut across rows by the tool
    found += [Finding(*span) for span in find_echoed_output(text)]  # under `$ pass show x` the text itself echoes
    values: dict[str, str] = {}
    for f in sorted(found, key=lambda f: f.start):  # the kind where a value first appears, as a stream learns it
        values.setdefault(text[f.start:f.end], f.kind)
    # A key's body judged by its width and content, line by line: thousands of lines are no values to look for
    # elsewhere (a summary learns them through learn_secrets all the same).
    # (first, so that a span other detectors find too is named as the stream names a chunk it judged: private-key)
    found[:0] = [Finding(*span) for span in (find_key_bodies(text, command) if key_runs else ())]
    # Cut-short pieces only of secrets learned elsewhere (a summary is redacted with what its output gave away):
    # in the text itself a value is found whole, and pieces of a value found by mistake would spread the mistake.
    pieces = known_pieces if known_pieces is not None else PieceIndex(known)
    for value, kind in (known or {}).items():
        values.setdefault(value, kind)
    # (a stream's line against all it learned: first the few values it holds, by substring search)
    candidates = values if len(text) > _SHORT_TEXT else [v for v in values if v in text]
    echoes = [v for v in candidates if (known and v in known) or _worth_echoing(v)]
    if echoes:
        pattern = re.compile("|".join(re.escape(v) for v in sorted(echoes, key=len, reverse=True)))
        found += [Finding(values[m.group()], m.start(), m.end()) for m in pattern.finditer(text)]
    found += [Finding(*span) for span in find_pieces(text, pieces)]
    return _merge(found)


def _apply(text: str, findings: list[Finding]) -> str:
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos:f.start], marker(f.kind)]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def _marker_windows(text: str) -> list[tuple[int, int]]:
    """Lines holding a marker; on very long lines only a stretch around each marker."""
    out: list[tuple[int, int]] = []
    for start, end in keyword_ranges(text, text, ("[REDACTED:",)):
        if end - start <= 8192:
            out.append((start, end))
            continue
        for m in _MARKER.finditer(text, start, end):
            lo, hi = max(start, m.start() - 512), min(end, m.end() + 512)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
    return out


def _settle(text: str) -> str:
    """Masks can expose a new context (rare, adversarial input): re-check around the markers until
    nothing changes, so redact() is idempotent."""
    for _ in range(3):
        changed, parts, pos = False, [], 0
        for start, end in _marker_windows(text) if "[REDACTED:" in text else []:
            again = find_secrets(text[start:end])
            if again:
                parts += [text[pos:start], _apply(text[start:end], again)]
                pos, changed = end, True
        if not changed:
            return text
        text = "".join(parts + [text[pos:]])
    return text


def redact_with_report(text: str, known: Mapping[str, str] | None = None,
                       command: str | None = None) -> tuple[str, list[Finding]]:
    """The redacted text and where the secrets were (offsets in the original text).
    known: secrets learned elsewhere (see learn_secrets) to mask here too, even without context.
    command: the command line whose output `text` is (or holds), so that the bare output of a command
    that prints a secret (`gh auth token`, `printenv GITHUB_TOKEN`) is masked."""
    findings = find_secrets(text, known, command)
    if not findings:
        return text, findings
    return _settle(_apply(text, findings)), findings


def redact(text: str, known: Mapping[str, str] | None = None, command: str | None = None) -> str:
    """Mask every secret in text with a readable `[REDACTED:<kind>]` marker. Never raises."""
    return redact_with_report(text, known, command)[0]


def _only_ever_secret(value: str, text: str, findings: list[Finding]) -> bool:
    """A short word found as a secret (`token = mossyharbor`, `the password is walrus`) that the text never uses
    otherwise: safe to mask wherever a summary of the text repeats it, even with the key that gave it away gone."""
    if not (value.isalpha() and 6 <= len(value) < 16 and value[1:].islower()):
        return False  # (a CamelCase word is as likely the name of a class: `ProdSecretKey`)
    said = len(re.findall(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])", text))
    return said == sum(text[f.start:f.end] == value for f in findings)


def learn_secrets(text: str, command: str | None = None) -> dict[str, str]:
    """secret -> kind for the secrets found in `text` (e.g. a command's raw output, from `command`), to pass
    as `known=` when redacting something derived from it (a summary may quote a value without its key)."""
    out: dict[str, str] = {}
    findings = find_secrets(text, command=command)
    for f in findings:
        value = text[f.start:f.end]
        if _worth_echoing(value) or _only_ever_secret(value, text, findings):
            out.setdefault(value, f.kind)
    for value in output_values(text, command):  # `printenv DB_PASSWORD` → `correct horse battery staple`
        if _worth_echoing(value):
            out.setdefault(value, "secret")
    return out
