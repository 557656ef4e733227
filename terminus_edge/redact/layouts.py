"""Context from layout: secrets recognised by the shape of a known file or tool output rather than
by `key=value` syntax: two-column tables (`vault kv get`), Kubernetes Secret manifests, .pgpass
lines, PuTTY key files, and prose ("using token X")."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Iterator

from terminus_edge.redact.names import is_placeholder, names_secret_last, secret_kind
from terminus_edge.redact.reflow import ROW as DRAWN_ROW, cells
from terminus_edge.redact.scan import Scan, line_bounds
from terminus_edge.redact.shapes import looks_like_credential, word_secret
from terminus_edge.redact.valuespan import value_span

Span = tuple[str, int, int]

# `password    hunter2` / `api_key\tabc…` (vault kv get, aws configure list, docker/helm tables)
_TABLE_ROW = re.compile(r"(?m)^[ \t]*(?P<key>[A-Za-z_][\w.-]{1,63})(?:[ \t]{2,}|\t)(?P<val>[^\s]{1,4096})")


# `ENV API_TOKEN value` (Dockerfile's older form), `setx API_TOKEN value` (Windows), `set -gx API_TOKEN value` (fish)
_ASSIGN_WORD = re.compile(r"(?m)^[ \t]*(?:ENV|setx|set[ \t]+-[a-zA-Z]*x[a-zA-Z]*)[ \t]+(?P<key>[A-Za-z_][\w.-]{1,63})"
                          r"[ \t]+[\"']?(?P<val>[^\s\"']{1,4096})")


_PHRASE_GOES_ON = re.compile(r" [A-Za-z0-9]")


_TABLE_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred")


def find_table_rows(scan: Scan) -> Iterator[Span]:
    matches = list(scan.finditer(_TABLE_ROW, _TABLE_WORDS)) + list(scan.finditer(_ASSIGN_WORD, ("env", "setx", "set -")))
    for m in matches:
        kind = secret_kind(m.group("key")) if names_secret_last(m.group("key")) else None
        if kind is None or is_placeholder(m.group("val")) or m.group("val").startswith("[REDACTED"):
            continue
        if m.group("val").isalpha() and _PHRASE_GOES_ON.match(scan.text, m.end("val")):
            continue  # a cell of words (`NPM_TOKEN   about 1 year ago`): the column holds prose, not a value
        if ((kind[1] and len(m.group("val")) >= 4) or looks_like_credential(m.group("val"), literal=True)
                or (kind[0] in ("token", "api-key") and word_secret(m.group("val"), m.group("key")))):
            yield kind[0], m.start("val"), m.end("val")
    yield from _boxed_rows(scan)


# A row of a drawn table (`aws … --output table`, psql, rich): `|  /prod/app/db_password  |  SecureString |  X  |`.
# The first cell names the row (a path's last part counts), the last one holds its value.


def _boxed_rows(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for row in scan.finditer(DRAWN_ROW, _TABLE_WORDS):
        filled = [(s, e) for s, e in cells(text, row.start(), row.end())[1] if e > s]
        if len(filled) < 2:
            continue
        key, value = text[filled[0][0]:filled[0][1]].rsplit("/", 1)[-1], text[filled[-1][0]:filled[-1][1]]
        kind = secret_kind(key) if names_secret_last(key) else None
        if kind is None or " " in value or is_placeholder(value) or value.startswith("[REDACTED"):
            continue
        if (kind[1] and len(value) >= 6 and not value.isalpha()) or looks_like_credential(value, literal=True):
            yield kind[0], filled[-1][0], filled[-1][1]


# `requirepass X`, `masterauth X` (redis.conf), `password X` (.netrc-like, daemon configs): a line of exactly a
# directive and one value, as space-separated config files write settings. The directive may glue its words
# (`requirepass`), so a name that ends in a credential word counts; the value must look like a credential.
_DIRECTIVE = re.compile(r"(?m)^[ \t]*(?P<key>[A-Za-z][A-Za-z0-9_-]{2,40})[ \t]+[\"']?(?P<val>[\w+/=.~!@#$%^&*,-]{8,512})[\"']?[ \t]*\r?$")
_GLUED_WORDS = ("password", "passwd", "pass", "pwd", "auth", "secret", "token", "apikey")


def _glued_secret(key: str) -> bool:
    """`requirepass`, `masterauth`, `RootPass`: words glued before a credential word (not `bypass`, `compass`)."""
    low = key.lower()
    return any(low.endswith(w) and len(low) - len(w) >= 2 and low[:-len(w)].isalpha()
               and not low[:-len(w)].endswith(("by", "com", "over")) for w in _GLUED_WORDS)


def find_directives(scan: Scan) -> Iterator[Span]:
    for m in scan.finditer(_DIRECTIVE, _TABLE_WORDS):  # the table rows' words: their line ranges are found once
        key, value = m.group("key"), m.group("val")
        if not (names_secret_last(key) and secret_kind(key) is not None) and not _glued_secret(key):
            continue
        if not is_placeholder(value) and "[REDACTED" not in value and looks_like_credential(value, literal=True):
            yield "password", m.start("val"), m.end("val")


_K8S_SECRET = re.compile(r"(?m)^kind:[ \t]*Secret[ \t]*$")
_DATA_BLOCK = re.compile(r"(?m)^(?P<indent>[ \t]*)(?:data|stringData):[ \t]*$")
_YAML_PAIR = re.compile(r"[ \t]+[\"']?[\w.-]+[\"']?:[ \t]+[\"']?(?P<val>[^\s\"']+)")


_PEM_LABEL = re.compile(rb"-----BEGIN ([A-Z0-9 ]{1,40})-----")
_PUBLIC_LABELS = frozenset({b"CERTIFICATE", b"TRUSTED CERTIFICATE", b"PUBLIC KEY", b"X509 CRL"})


def _public_pem(value: str) -> bool:
    """base64 of PEM text whose every block is public (`tls.crt`, `ca.crt` of a TLS secret): a certificate is no
    secret in whichever manifest it travels."""
    try:
        raw = base64.b64decode(value.strip("\"'"), validate=True)
    except (binascii.Error, ValueError):
        return False
    labels = _PEM_LABEL.findall(raw)
    return raw.lstrip().startswith(b"-----BEGIN ") and bool(labels) and all(lb in _PUBLIC_LABELS for lb in labels) \
        and b"PRIVATE" not in raw


def find_k8s_secret_data(scan: Scan) -> Iterator[Span]:
    """Every value under `data:` / `stringData:` of a manifest that says `kind: Secret`, but base64 of certificates."""
    text = scan.text
    if "kind" not in scan.low or not _K8S_SECRET.search(text):
        return
    for block in _DATA_BLOCK.finditer(text):
        indent = len(block.group("indent"))
        pos = block.end() + 1
        while pos < len(text):
            end = line_bounds(text, pos)[1]
            line = text[pos:end]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            pair = _YAML_PAIR.match(text, pos, end)
            if pair and not pair.group("val").startswith("[REDACTED") and pair.group("val") not in ("|", ">") \
                    and not _public_pem(pair.group("val")):
                yield "k8s-secret", pair.start("val"), pair.end("val")
            pos = end + 1


_PGPASS = re.compile(r"(?m)^[^:\s#]+:(?:\d{1,5}|\*):[^:\s]+:[^:\s]+:(?P<val>[^\s]+)$")
_PUTTY = re.compile(r"(?m)^Private-Lines:[ \t]*(?P<n>\d{1,3})[ \t\r]*\n")


# a cipher's key printed with its IV (`openssl enc -P`: `salt=…`, `key=…`, `iv =…`): hex, which a bare `key` name alone
# would not make secret (a cache or object key is a digest as often)
CIPHER_KEY = re.compile(r"(?im)^[ \t]*key[ \t]*[=:][ \t]*(?P<val>[0-9a-f]{32,128})[ \t]*\r?$")
_IV_LINE = re.compile(r"(?i)[ \t]*iv[ \t]*[=:][ \t]*[0-9a-f]{16,64}[ \t]*\r?$")


def find_tool_layouts(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in CIPHER_KEY.finditer(text) if "iv" in text or "IV" in text else ():
        after = line_bounds(text, m.end() + 1) if m.end() < len(text) else None
        if after and _IV_LINE.fullmatch(text, *after):
            yield "secret", m.start("val"), m.end("val")
    for m in _PGPASS.finditer(text):
        if not is_placeholder(m.group("val")) and not m.group("val").startswith("[REDACTED"):
            yield "password", m.start("val"), m.end("val")
    claimed = 0
    for m in _PUTTY.finditer(text):
        if m.start() < claimed:
            continue
        stop = m.end()
        for _ in range(int(m.group("n"))):
            nl = line_bounds(text, stop)[1]
            stop = nl + 1 if nl < len(text) else nl
        claimed = stop
        if stop > m.end():
            yield "private-key", m.end(), min(stop, len(text)) - (1 if text[min(stop, len(text)) - 1:stop] == "\n" else 0)


# "using token X", "API key: X", "the secret is X": the words say secret; the value must look random.
_PHRASE = re.compile(
    r"(?i)\b(?:password|passwd|passphrase|secret(?:[ _-]?key)?|token|(?:api|access|secret|private|auth)[ _-]?"
    r"(?:key|token))\b[ \t]*(?:(?::|=|\bis\b|\bwas\b)[ \t]*)?[\"'`]?(?P<val>[A-Za-z0-9_+/.~!#$%^&*-][A-Za-z0-9_+/=.~!#$%^&*-]{15,511}+)(?![@:])")


_NEXT_PARAMETER = re.compile(r"&(?=[A-Za-z_][\w.-]{0,63}=)")  # `…&page=2`: a query string goes on


def find_phrases(scan: Scan) -> Iterator[Span]:
    for m in scan.finditer(_PHRASE, ("pass", "secret", "token", "key")):
        value = _NEXT_PARAMETER.split(m.group("val"), 1)[0].rstrip(".:")
        if value.startswith("[REDACTED") or not looks_like_credential(value):
            continue
        if scan.text[m.end("val"):m.end("val") + 1] in ("(", "["):
            continue  # `api_key = Loader2.from_env()`: a call or a subscript, code
        if re.search(r"[A-Za-z]", value) and re.search(r"\d", value):
            yield "secret", m.start("val"), m.start("val") + len(value)


_K8S_SECRET_JSON = re.compile(r'"kind"[ \t]*:[ \t]*"Secret"')
_JSON_DATA = re.compile(r'"(?:data|stringData)"[ \t]*:[ \t]*\{')
_JSON_PAIR = re.compile(r'"[^"\n]{1,253}"[ \t]*:[ \t]*"(?P<val>[^"\n]*)"')
_SENSITIVE = re.compile(r'"sensitive"[ \t]*:[ \t]*true')
_JSON_VALUE = re.compile(r'"value"[ \t]*:[ \t]*"(?P<val>(?:[^"\\\n]|\\.){1,4096})"')


def find_json_secrets(scan: Scan) -> Iterator[Span]:
    """`kubectl get secret -o json` data values; `terraform output -json` values marked sensitive."""
    text = scan.text
    if "secret" in scan.low and _K8S_SECRET_JSON.search(text):
        for block in _JSON_DATA.finditer(text):
            end = text.find("}", block.end(), block.end() + 256 * 1024)
            for pair in _JSON_PAIR.finditer(text, block.end(), len(text) if end == -1 else end):
                if pair.group("val") and not pair.group("val").startswith("[REDACTED"):
                    yield "k8s-secret", pair.start("val"), pair.end("val")
    for m in scan.finditer(_SENSITIVE, ("sensitive",)) if "sensitive" in scan.low else ():
        start = max(text.rfind("{", max(0, m.start() - 2048), m.start()), 0)
        end = text.find("}", m.end(), m.end() + 4096)
        value = _JSON_VALUE.search(text, start, len(text) if end == -1 else end)
        if value and not value.group("val").startswith("[REDACTED"):
            yield "secret", value.start("val"), value.end("val")


# `openssl rsa|ec|pkey -text`: the private components are printed as colon-separated hex blocks.
_OPENSSL_PRIVATE = re.compile(r"(?m)^(?:privateExponent|prime1|prime2|exponent1|exponent2|coefficient|priv|"
                              r"private-key):[ \t]*\r?\n(?P<body>(?:[ \t]+[0-9a-fA-F:]+[ \t]*\r?\n?)+)")


def find_openssl_text(scan: Scan) -> Iterator[Span]:
    if "privateexponent" not in scan.low and "priv:" not in scan.low and "private-key:" not in scan.low:
        return
    for m in _OPENSSL_PRIVATE.finditer(scan.text):
        yield "private-key", m.start("body"), m.end("body") - (1 if m.group("body").endswith("\n") else 0)


# `{"name": "DB_PASSWORD", "value": "…"}`, `- name: API_TOKEN\n  value: …` (k8s env), AWS tags and SSM
# parameters (`"Key"/"Name"` + `"Value"`, `"Type": "SecureString"`), Azure key lists (`"keyName"`), XML settings
# (`<add key="ApiToken" value="…"/>` in .NET app.config, `<property name="db.password" value="…"/>` in Spring/Ant).
_PAIR_PREFIX = r"(?:parameter|output|option|setting|attribute)"  # CloudFormation's ParameterKey/ParameterValue, …
_VALUE_FIELD = re.compile(rf"(?i)(?<![\w-])[\"']?{_PAIR_PREFIX}?value[\"']?[ \t]*[:=][ \t]*")
_SIBLING = re.compile(rf"(?i)(?<![\w.-])[\"']?(?P<field>name|key|keyname|key_name|parameter|variable|secretname|type|{_PAIR_PREFIX}(?:key|name))"
                      r"[\"']?[ \t]*[:=][ \t]*(?:\"(?P<q>[^\"\n]{1,128})\"|'(?P<s>[^'\n]{1,128})'|(?P<n>[^\s\"',}]{1,128}))")
_OBJECT_START = re.compile(r"\{|<(?=[A-Za-z])|(?m:^[ \t]*- )")  # a JSON/YAML object, an XML element
_NAME_LINE = re.compile(rf"(?i)[ \t]*[\"']?{_PAIR_PREFIX}?(?:name|key)[\"']?[ \t]*:")
_NAMED_SECRET_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "cred", "securestring")


def find_name_value_pairs(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_VALUE_FIELD, ("value",)):
        lo = max(0, m.start() - 400)
        window = scan.low[lo:m.end() + 400]
        if not any(w in window for w in _NAMED_SECRET_WORDS):
            continue
        starts = [s.start() for s in _OBJECT_START.finditer(text, lo, m.start())]
        if not starts and m.start() <= 400 and _NAME_LINE.match(text):
            starts = [0]  # an object whose `{` is above the text (a stream's block held from its `"name": …,` line)
        closer = ">" if starts and text[starts[-1]] == "<" else "}"
        if not starts or closer in text[starts[-1]:m.start()]:
            continue  # siblings only mean something inside the same object, list item or element
        begin = starts[-1]
        close = text.find(closer, m.end(), m.end() + 400)
        nxt = _OBJECT_START.search(text, m.end(), m.end() + 400)
        end = min(x for x in (close if close != -1 else m.end() + 400, nxt.start() if nxt else m.end() + 400))
        strong, named = None, ""
        for sib in _SIBLING.finditer(text, begin, max(end, m.start())):
            field, name = sib.group("field").lower(), (sib.group("q") or sib.group("s") or sib.group("n")).strip()
            if name.startswith("[REDACTED"):
                continue
            if field in ("keyname", "key_name") or (field == "type" and name.lower() == "securestring"):
                strong = False if strong is None else strong
            elif field != "type" and secret_kind(name) is not None:
                strong, named = secret_kind(name)[1] or bool(strong), name
        if strong is None:
            continue
        span = value_span(text, m.end(), line_bounds(text, m.end())[1])
        if span and span[1] > span[0]:
            value = text[span[0]:span[1]]
            if not is_placeholder(value) and not value.startswith("[REDACTED") and (
                    strong or looks_like_credential(value, literal=True) or word_secret(value, named)):
                yield "secret", span[0], span[1]
