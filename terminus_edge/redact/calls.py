"""Source code that hands a literal secret to a setter or a builder (what `cat app.py`, a traceback or a diff
shows): `client.set_password("…")`, `.withApiKey("…")`, `builder.token("…")`, `SecretStr("…")`.

The function's name says what the string is, as a key's name does in `password = "…"`. Getters and
lookups take the *name* of a secret (`os.getenv("API_TOKEN")`, `keyring.get_password("svc", "bob")`,
`vault.read_secret("db/password")`), so a call whose verb reads, finds or deletes is not one; but a lookup's
default (`os.getenv("API_TOKEN", "…")`) is the secret's value when the name is unset.
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.code import is_code_expr
from terminus_edge.redact.names import is_placeholder, names_a_secret, names_secret_last, secret_kind, words
from terminus_edge.redact.scan import Scan
from terminus_edge.redact.shapes import looks_like_credential, word_secret

Span = tuple[str, int, int]

# `("literal")` or `('literal')`, the literal as the only argument; the name before it is read backwards (a
# forward pattern would try every word of a long line as a possible function name).
_ARGUMENT = re.compile(r"\([ \t]*(?P<q>[\"'])(?P<val>[^\"'\n\\]{1,512})(?P=q)[ \t]*\)")
_NAME_BEFORE = re.compile(r"(?<![\w$])[A-Za-z_]\w{1,63}\Z")
_SETTERS = frozenset("set with use put add update assign store save configure init".split())
_GETTERS = frozenset("get read load fetch lookup find has is delete remove del require resolve exists".split())
# Types that wrap a secret value (pydantic's SecretStr, Rust's secrecy, Kotlin/Java value classes).
_WRAPPERS = frozenset("secretstr secretbytes secretstring secret password apikey token".split())


def find_setter_calls(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_ARGUMENT, ('("', "('", '( "', "( '")):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 64), m.start())
        if name is None:
            continue
        fn, value = name.group(), m.group("val")
        ws, kind = words(fn), secret_kind(fn)
        if (kind is None or not ws or ws[0] in _GETTERS or is_placeholder(value) or value.startswith("[REDACTED")
                or is_code_expr(value)):
            continue  # `os.getenv("API_TOKEN")`, `get_password("svc")`: a lookup by name
        builder = text[name.start() - 1:name.start()] == "."  # `.password("…")`, `.apiKey("…")`
        if not (ws[0] in _SETTERS or fn.lower() in _WRAPPERS or builder):
            continue
        label, strong = kind
        if ((strong and len(value) >= 6 and not re.search(r"[\s/]", value))
                or looks_like_credential(value, literal=True) or word_secret(value, fn, True)):
            yield label, m.start("val"), m.end("val")


# `("user", "password")`: two string literals as the first arguments. What they are is said by the callee
# (`HTTPBasicAuth(…)`, `aiohttp.BasicAuth(…)`, `PlainCredentials(…)`, `NetworkCredential(…)`, `smtp.login(…)`) or by
# the name the pair is passed as (`requests.get(url, auth=("user", "password"))`).
_PAIR = re.compile(r"\([ \t]*(?P<q1>[\"'])(?P<user>[^\"'\n\\]{0,256})(?P=q1)[ \t]*,[ \t]*"
                   r"(?P<q2>[\"'])(?P<val>[^\"'\n\\]{1,512})(?P=q2)[ \t]*[,)]")
_PAIR_TAKERS = frozenset("auth credentials credential creds".split())  # the last word of the callee's name
_PAIR_METHODS = frozenset({"login", "authenticate", "auth"})  # the whole name: `smtp.login(…)`, `ftp.login(…)`
_AUTH_ARG_BEFORE = re.compile(r"(?i)(?<![\w.])[\"']?(?:auth|basic_auth|http_auth|credentials)[\"']?[ \t]*[=:][ \t]*\Z")


def find_credential_pairs(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_PAIR, ("auth", "cred", "login", "get", "env", "setdefault")):
        lo = max(0, m.start() - 64)
        name = _NAME_BEFORE.search(text, lo, m.start())
        ws = words(name.group()) if name else []
        value = m.group("val")
        if ws and ws[0] in _GETTERS | _DEFAULTERS:
            found = _default_of_a_secret(m.group("user"), value)
            if found:
                yield found, m.start("val"), m.end("val")
            continue
        by_callee = bool(ws) and (ws[-1] in _PAIR_TAKERS or "".join(ws) in _PAIR_METHODS)
        if not (by_callee or (name is None and _AUTH_ARG_BEFORE.search(text, lo, m.start()))):
            continue
        if not (is_placeholder(value) or value.startswith("[REDACTED") or is_code_expr(value) and "." in value):
            yield "password", m.start("val"), m.end("val")


_DEFAULTERS = frozenset({"getenv", "setdefault", "env"})
_OPTION_NAME = re.compile(r"[a-z]+(?:[_.-][a-z]+)+")


def _default_of_a_secret(name: str, value: str) -> str | None:
    """`os.getenv("API_TOKEN", "…")`, `os.environ.get("DB_PASSWORD", "…")`, `config.get("api_key", "…")`: the second
    literal is the value the secret takes when the name is not set, judged as a value under that name."""
    kind = secret_kind(name) if not any(c in name for c in "/ ") else None
    if kind is None or is_placeholder(value) or value.startswith("[REDACTED") or names_a_secret(value):
        return None
    if _OPTION_NAME.fullmatch(value) and names_secret_last(value):
        return None  # `config.get("secrets", "db_password")`: ConfigParser's (section, option), both names
    label, strong = kind
    if ((strong and len(value) >= 4 and not re.search(r"\s", value)) or looks_like_credential(value, literal=True)
            or word_secret(value, name, quoted=True)):
        return label
    return None
