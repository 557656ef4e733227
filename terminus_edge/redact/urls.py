"""URL credentials: `scheme://user:PASSWORD@host`, `scheme://TOKEN@host`, and secret query parameters
(`?sig=…`, `&access_token=…`). Only the secret part is masked: scheme, user, host and path stay."""

from __future__ import annotations

import re
from itertools import islice
from typing import Iterator

from terminus_edge.redact.names import is_placeholder, looks_like_credential
from terminus_edge.redact.scan import Scan

Span = tuple[str, int, int]

# `scheme://user:` — the password after it may hold unencoded `/`, `@`, `?` (people paste them raw), so
# where it ends is decided by url_password_end(), not by the regex.
_URL_USERINFO = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://(?P<user>[^\s:/?#@\[\]'\"<>]{0,256}):")
_URL_REST = re.compile(r"[^\s'\"<>]{1,512}")
# What may follow the `@` that ends the userinfo: a host, an optional port, then the end of the authority.
_URL_HOST = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[\w~%-][\w.~%-]*)(?::\d{1,5})?(?=[/?#,;.!)\]}\\]|$)")
_AT = re.compile("@")
# A host a password would not contain: dotted with an alphabetic top label, an IP, localhost, or with a port.
_REAL_HOST = re.compile(r"@(?:[\w-]+\.)+[^\W\d_]{2,}(?::\d{1,5})?[/?#]|@[\d.]{7,15}(?::\d{1,5})?[/?#]|"
                        r"@\[[0-9A-Fa-f:.]+\]|@localhost\b|@[A-Za-z0-9_.-]+:\d{1,5}[/?#]")


def url_password_end(rest: str) -> int | None:
    """Length of the password at the start of `rest` (what follows `scheme://user:`), or None when this is
    not userinfo at all (`host:8080/path@v1`). The password runs to the last `@` before the host:
    `pa/ss@db`, `p@ss/w@rd@db:5432/x`. An `@` further on that belongs to the path or query
    (`…@host/org/repo.git@v1.2`, `…@host/x?email=a@b.c`, `…@host/@scope/pkg`) is not taken."""
    ends = list(islice((m.start() for m in _AT.finditer(rest, 1) if _URL_HOST.match(rest, m.end())), 8))
    for i in reversed(ends):
        password = rest[:i]
        if password.endswith("/"):
            continue  # `/@scope`: a path segment, not the end of a password
        if i != ends[0] and (re.search(r"[?#]", password) or _REAL_HOST.search(password + "/")):
            continue  # the password would swallow a real host or a query: an earlier `@` ends it
        break
    else:
        return None
    if "/" in password and password.split("/", 1)[0].isdigit():
        return None  # `host:8080/path@ref`: a port and a path, no password
    return i


_URL_USER_TOKEN = re.compile(r"://(?P<tok>[A-Za-z0-9_.~%-]{16,256})@(?=[A-Za-z0-9\[._-])")
_QUERY = re.compile(
    r"(?i)[?&;](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|x-goog-credential|"
    r"key|apikey|api_key|api-key|access_token|id_token|refresh_token|token|client_secret|secret|"
    r"password|passwd|pwd|auth)=(?P<val>[^&\s#'\"<>]{6,})")


def find_url_credentials(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_URL_USERINFO, ("://",)):
        rest = _URL_REST.match(text, m.end())
        end = url_password_end(rest.group()) if rest else None
        if end is None:
            continue
        pw = text[m.end():m.end() + end]
        if not is_placeholder(pw) and not pw.startswith("[REDACTED"):
            yield "url-password", m.end(), m.end() + end
    for m in scan.finditer(_URL_USER_TOKEN, ("://",)):
        if looks_like_credential(m.group("tok"), literal=True):
            yield "url-token", m.start("tok"), m.end("tok")
    for m in _QUERY.finditer(text):
        if not is_placeholder(m.group("val")) and not m.group("val").startswith("[REDACTED"):
            yield "url-credential", m.start("val"), m.end("val")
