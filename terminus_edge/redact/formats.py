"""Format-anchored detectors: token kinds whose shape alone says "secret" (vendor prefixes, JWTs, PEM).

Each pattern is anchored on a vendor prefix or a structure that checksums, SHAs, UUIDs and digests
never have, so these need no context. Generic high-entropy strings are *not* matched here.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Callable, Iterator

from terminus_edge.redact.names import entropy
from terminus_edge.redact.scan import Scan, line_bounds

# (kind, pattern). Order matters only for readability; overlaps are merged later.
TOKEN_FORMATS: list[tuple[str, str]] = [
    ("aws-access-key-id", r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
    ("aws-session-token", r"(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9+/=]{20,}"),
    ("github-token", r"gh[pousr]_[A-Za-z0-9]{30,251}"),
    ("github-token", r"github_pat_[A-Za-z0-9_]{22,255}"),
    ("gitlab-token", r"gl(?:pat|dt|cbt|ptt|rt|oas|soat|ffct|agent|imt|ft|wt|deploy)-[A-Za-z0-9_-]{20,}"),
    ("gitlab-token", r"GR1348941[A-Za-z0-9_-]{20,}"),
    ("slack-token", r"xox[abposre]-[A-Za-z0-9-]{10,}"),
    ("slack-token", r"xapp-\d-[A-Za-z0-9-]{10,}"),
    ("anthropic-key", r"sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{20,}"),
    ("openai-key", r"sk-(?:proj|svcacct|admin|None|or-v1)-[A-Za-z0-9_-]{20,}"),
    ("openai-key", r"sk-[A-Za-z0-9_-]{20,}"),  # validated: must look random
    ("stripe-key", r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}"),
    ("stripe-key", r"whsec_[A-Za-z0-9+/=]{20,}"),
    ("api-key", r"(?!pk_)[a-z]{2,8}_(?:live|prod|test)_[A-Za-z0-9]{16,}"),  # vendor_live_… (pk_ is public)
    ("google-api-key", r"AIza[0-9A-Za-z_-]{30,40}"),
    ("google-oauth-token", r"ya29\.[0-9A-Za-z_-]{20,}"),
    ("google-oauth-token", r"1//0[0-9A-Za-z_-]{30,}"),
    ("google-oauth-secret", r"GOCSPX-[0-9A-Za-z_-]{20,}"),
    ("azure-client-secret", r"[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}"),
    ("npm-token", r"npm_[A-Za-z0-9]{36}"),
    ("pypi-token", r"pypi-AgE[A-Za-z0-9_-]{40,}"),
    ("huggingface-token", r"(?:hf|api_org)_[A-Za-z0-9]{30,}"),
    ("sendgrid-key", r"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"),
    ("mailgun-key", r"key-[0-9a-f]{32}"),
    ("shopify-token", r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    ("digitalocean-token", r"do[opr]_v1_[a-f0-9]{64}"),
    ("vault-token", r"hv[sbr]\.[A-Za-z0-9_-]{24,}"),
    ("terraform-token", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}"),
    ("docker-token", r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}"),
    ("databricks-token", r"dapi[a-f0-9]{32}(?:-\d)?"),
    ("age-secret-key", r"AGE-SECRET-KEY-1[0-9A-Z]{58}"),
    ("api-key", r"(?:lin_api|rubygems|sbp|gsk|r8|figd|ntn|nfp|bkua|glsa|glc|sntr[ysu]|fo1|pul|CCIPAT|HRKU|"
                r"ATATT3|ATBB|NRAK|PMAK|pplx|xai|dp\.(?:pt|st|sa|ct))[_.-][A-Za-z0-9_+/=.-]{20,}"),
    ("square-token", r"sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}"),
    ("telegram-bot-token", r"\d{8,10}:AA[A-Za-z0-9_-]{33}"),
    ("mapbox-token", r"sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,}"),
    ("password-hash", r"\$(?:2[abxy]|1|5|6|apr1|y|gy|7)\$[./A-Za-z0-9$=,+-]{20,}"),  # crypt(3), bcrypt, yescrypt
    ("password-hash", r"\$argon2(?:id|i|d)\$[A-Za-z0-9$=,+/.-]{20,}"),
    # Django / passlib style `<algorithm>$<parameters>$<salt>$<hash>` (`pbkdf2_sha256$870000$…`, `scrypt$16384$…`)
    ("password-hash", r"(?:pbkdf2_sha(?:1|256|512)|pbkdf2|argon2|bcrypt_sha256|bcrypt|scrypt)\$[A-Za-z0-9$=,+/.-]{20,}"),
    ("docker-auth", r"eyJhdXRocyI6[A-Za-z0-9+/=]{16,}"),  # base64 of '{"auths":' (.dockerconfigjson)
    ("jwt", r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    ("private-key", r"LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,}={0,2}"),  # base64 of "-----BEGIN …"; validated
    ("slack-webhook", r"(?<=hooks\.slack\.com/)(?:services|workflows|triggers)/[A-Za-z0-9_/-]{16,}"),
    ("teams-webhook", r"(?<=/IncomingWebhook/)[A-Za-z0-9]{16,}/[A-Za-z0-9-]{16,}(?:/V2[A-Za-z0-9_-]{20,})?"),
    ("discord-webhook", r"(?<=/api/webhooks/)\d{5,}/[A-Za-z0-9_-]{20,}"),
]


def _looks_random(token: str) -> bool:
    body = token.split("-", 1)[-1]
    return bool(re.search(r"\d", body)) and bool(re.search(r"[A-Za-z]", body)) and entropy(body) >= 3.5


def _encodes_private_key(token: str) -> bool:
    head = token[:80]
    try:
        decoded = base64.b64decode(head[: len(head) // 4 * 4])
    except (binascii.Error, ValueError):
        return False
    return b"PRIVATE KEY" in decoded


_VALIDATORS: dict[int, Callable[[str], bool]] = {}
for _i, (_kind, _pat) in enumerate(TOKEN_FORMATS):
    if _pat.startswith("sk-[A-Za-z0-9_-]"):
        _VALIDATORS[_i] = _looks_random
    elif _kind == "private-key":
        _VALIDATORS[_i] = _encodes_private_key

# One pass over each run: a shared left boundary (not mid-word; `/bot` for Telegram URLs), then the alternatives.
_ANY = re.compile(
    r"(?:(?<![A-Za-z0-9_])|(?<=/bot))(?:" + "|".join(f"(?P<f{i}>{p})" for i, (_, p) in enumerate(TOKEN_FORMATS)) + ")"
)


# A vendor's prefix followed by filler, as documentation writes a token's shape (`hf_xxxxxxxx`, `whsec_XXXXXXXX`).
_FILLER = re.compile(r"(?:[A-Za-z0-9]{1,12}[_.-]){1,3}(?:x{4,}|X{4,}|0{8,})")


def find_tokens(scan: Scan) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) for every format-anchored token in text (not a prefix with filler)."""
    text = scan.text
    for start, end in scan.runs():
        for m in _ANY.finditer(text, start, end):
            if _FILLER.fullmatch(m.group()):
                continue
            index = int(m.lastgroup[1:])
            validator = _VALIDATORS.get(index)
            if validator is None or validator(m.group()):
                yield TOKEN_FORMATS[index][0], m.start(), m.end()


_PEM_BEGIN = re.compile(r"-----BEGIN (?P<label>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
# The trailing blanks belong to the body or to a `\r`, never to the leading [ \t]* again: with both runs free to
# take a space, a line of spaces with anything at its end was split every way (quadratic; a hang on 64 KB).
_PEM_BODY_LINE = re.compile(r"[ \t]*(?:(?:[A-Za-z0-9+/=]{8,}|[A-Za-z-]+:.*|=[A-Za-z0-9+/]{4})[ \t\r]*|\r[ \t\r]*)?\Z")
_MAX_PEM = 64 * 1024
_NO_END = re.compile("x").match("x")


def find_private_keys(scan: Scan) -> Iterator[tuple[str, int, int]]:
    """The body of each PEM/OpenSSH/PGP private key block; the BEGIN/END armour lines and the armour headers stay
    (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-256-CBC,` less its IV, `Version:`, `Comment:`).

    Handles bodies with real newlines, with literal `\\n` (a key inside JSON), and a block cut off
    before its END line (then the base64-looking lines after BEGIN are masked)."""
    text = scan.text
    if "DEK-Info:" in text:  # the IV of an encrypted key's cipher, with or without its BEGIN line in view
        yield from (("private-key", m.start("iv"), m.end("iv")) for m in _DEK_IV.finditer(text))
    pos, end = 0, None
    while True:
        begin = _PEM_BEGIN.search(text, pos)
        if begin is None:
            return
        if end is None or (end is not _NO_END and end.start() < begin.end()):  # each END is searched for once
            end = _PEM_END.search(text, begin.end()) or _NO_END
        if end is not _NO_END and end.start() - begin.end() <= _MAX_PEM:
            start, stop = _trim(text, begin.end(), end.start())
            pos = end.end()
        else:
            start, stop = _unterminated_body(text, begin.end())
            pos = max(stop, begin.end())
        start = past_headers(text, start, stop)
        if stop > start:
            yield "private-key", start, stop


# An armour header: RFC 1421's `Proc-Type: 4,ENCRYPTED` / `DEK-Info: AES-256-CBC,<IV>` of an encrypted key, OpenPGP's
# `Version:` / `Comment:` / `Hash:`. Base64 has no colon, so a `Name: value` line is never the key's body; it says how
# the body is wrapped and stays readable (all but the IV).
_HEADER = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,40}:[ \t][^\n\\]*(?:\r?\n|\\r\\n|\\n|\Z)")
_DEK_IV = re.compile(r"DEK-Info:[ \t]*[A-Za-z0-9-]{1,32},(?P<iv>[0-9A-Fa-f]{8,64})(?![0-9A-Za-z])")


def past_headers(text: str, start: int, stop: int) -> int:
    """Where a block's body starts after its armour headers and the blank line after them (`start` when none)."""
    pos = start
    while pos < stop:
        m = _HEADER.match(text, pos, stop)
        if m is None:
            break
        pos = m.end()
    return _trim(text, pos, stop)[0] if pos > start else start


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop:
        if text[start].isspace() or text[start] in "\"'":
            start += 1
        elif text.startswith(("\\n", "\\r"), start):
            start += 2
        else:
            break
    while stop > start:
        if text[stop - 1].isspace() or text[stop - 1] in "\"'":
            stop -= 1
        elif text[stop - 2:stop] in ("\\n", "\\r"):
            stop -= 2
        else:
            break
    return start, stop


def _unterminated_body(text: str, start: int) -> tuple[int, int]:
    """Lines after a BEGIN with no END: take them while they look like key material."""
    line_end = line_bounds(text, start)[1]
    if text[start:line_end].strip(" \t\r\"',"):  # key material on the BEGIN line itself (escaped \n)
        return _trim(text, start, line_end)
    stop = pos = line_end + 1
    headers = True  # (a blank line ends the armour headers, not the block)
    while pos < len(text) and pos - start < _MAX_PEM:
        nl = line_bounds(text, pos)[1]
        if headers and not text[pos:nl].strip():  # (OpenPGP armour has it even without headers)
            headers, pos = False, nl + 1
            continue
        headers = headers and _HEADER.match(text, pos, nl) is not None
        if nl == pos or not _PEM_BODY_LINE.match(text, pos, nl):
            break
        stop, pos = nl, nl + 1
    return _trim(text, start, min(stop, len(text)))
