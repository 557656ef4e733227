"""URL credentials: `scheme://user:PASSWORD@host`, `scheme://TOKEN@host`, `user:PASSWORD@host` with no scheme (and Go's MySQL `user:PASSWORD@tcp(host)/db`), Oracle's
`user/PASSWORD@service` (JDBC thin URLs, sqlplus/expdp/rman),
and secret query parameters (`?sig=…`, `&access_token=…`). Only the secret part is masked: scheme, user, host
and path stay."""

from __future__ import annotations

import re
from itertools import chain, islice
from typing import Iterator

from terminus_edge.redact.names import is_placeholder, words
from terminus_edge.redact.scan import Scan
from terminus_edge.redact.shapes import looks_like_credential

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


def url_password_end(rest: str, user_is_not_a_host: bool = False) -> int | None:
    """Length of the password at the start of `rest` (what follows `scheme://user:`), or None when this is
    not userinfo at all (`host:8080/path@v1`). The password runs to the last `@` before the host:
    `pa/ss@db`, `p@ss/w@rd@db:5432/x`. An `@` further on that belongs to the path or query
    (`…@host/org/repo.git@v1.2`, `…@host/x?email=a@b.c`, `…@host/@scope/pkg`) is not taken.
    A password that starts with digits and a `/` reads as a port and a path (`host:8080/path@v1`) unless the
    part before the colon is no host name (`u`, not `localhost`/`db.local`/an IP) and a real host follows the
    only `/`-separated `@` (`u:1234/ab@db.example.com`)."""
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
    if "/" in password and password.split("/", 1)[0].isdigit() and not (
            user_is_not_a_host and password.count("/") == 1 and _REAL_HOST.match(rest + "/", i)):
        return None  # `host:8080/path@ref`: a port and a path, no password (`u:1234/ab@db.example.com`: one)
    return i


_HOST_LIKE = re.compile(r"localhost|[\w-]*\.[\w.-]*|[\d.]+|\[[0-9A-Fa-f:.]*\]?")
_URL_USER_TOKEN = re.compile(r"://(?P<tok>[A-Za-z0-9_.~%-]{16,256})@(?=[A-Za-z0-9\[._-])")
_QUERY = re.compile(
    r"(?i)[?&;#](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|x-goog-credential|"
    r"key|apikey|api_key|api-key|access_token|id_token|refresh_token|token|client_secret|secret|"
    r"password|passwd|pwd|auth)=(?P<val>(?:[^&;\s#'\"<>]|;(?![\w .-]{1,64}=)){6,})")
# (`;Pwd=…;Encrypt=yes;`: in an ODBC / ADO.NET connection string `;` starts the next setting.)


def find_url_credentials(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_URL_USERINFO, ("://",)):
        rest = _URL_REST.match(text, m.end())
        end = url_password_end(rest.group(), not _HOST_LIKE.fullmatch(m.group("user"))) if rest else None
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
    yield from _authorization_codes(scan)
    yield from _schemeless_userinfo(scan)
    yield from _oracle_logins(scan)
    for m in scan.finditer(_GO_DSN, ("@tcp", "@unix", "@udp")):
        if not is_placeholder(m.group("pw")) and not m.group("pw").startswith("[REDACTED"):
            yield "url-password", m.start("pw"), m.end("pw")


# go-sql-driver/mysql's DSN, no scheme: `user:password@tcp(host:3306)/db?parseTime=true`, `…@unix(/run/mysqld.sock)/db`
_GO_DSN = re.compile(r"(?<![\w@/:.%+~$-])[A-Za-z_][\w.~+-]{0,63}:(?P<pw>[^\s@'\"<>`]{1,128})@(?:tcp[46]?|unix|udp)\(")


# Oracle's `user/password@service` login: in a JDBC thin/OCI URL, after `userid=`, or as the first argument of its
# tools (`sqlplus scott/…@orcl`, `expdp system/…`, `rman target sys/…@prod`). `sqlplus / as sysdba` has no user.
_ORACLE = re.compile(r"(?:jdbc:oracle:(?:thin|oci8?|kprb):|(?i:userid)=|(?<![\w/.-])(?:sqlplus|sqlldr|expdp|impdp|rman|"
                     r"dgmgrl)(?:[ \t]+-[\w-]+)*[ \t]+(?:(?:target|auxiliary|catalog)[ \t]+)?)[\"']?"
                     r"(?P<user>[A-Za-z_$#][\w$#.]{0,63})/(?P<pw>[^\s@/\"']{1,128})(?=[@\s\"']|$)")
# rman's other connections on the same line (`catalog rco/…@rcat`): only with the `@service` (`target linux/amd64` is none)
_ORACLE_MORE = re.compile(r"(?<![\w-])(?:target|auxiliary|catalog)[ \t]+[\"']?(?P<user>[A-Za-z_$#][\w$#.]{0,63})/"
                          r"(?P<pw>[^\s@/\"']{1,128})@")


def _oracle_logins(scan: Scan) -> Iterator[Span]:
    found = scan.finditer(_ORACLE, ("oracle:", "userid", "sqlplus", "sqlldr", "expdp", "impdp", "rman", "dgmgrl"))
    for m in chain(found, scan.finditer(_ORACLE_MORE, ("rman", "dgmgrl"))):
        pw = m.group("pw")
        if not is_placeholder(pw) and not pw.startswith("[REDACTED"):
            yield "password", m.start("pw"), m.end("pw")


# An OAuth authorization response (RFC 6749 4.1.2): `?code=…&state=…` on the redirect URI. The code alone is
# too common a parameter name (`?code=404`); next to `state` it is a one-time credential for a token.
_AUTH_CODE = re.compile(r"[?&#]code=(?P<val>[^&\s#'\"<>]{8,})")
_URL_AROUND = re.compile(r"[^\s'\"<>]*")
_STATE = re.compile(r"[?&#]state=")


def _authorization_codes(scan: Scan) -> Iterator[Span]:
    text = scan.text
    for m in scan.finditer(_AUTH_CODE, ("code=",)):
        start = max(text.rfind(c, max(0, m.start() - 2048), m.start()) for c in " \t\n'\"<>") + 1
        end = _URL_AROUND.match(text, m.end()).end()
        if _STATE.search(text, start, end) and not is_placeholder(m.group("val")) and \
                not m.group("val").startswith("[REDACTED"):
            yield "oauth-code", m.start("val"), m.end("val")


# `user:password@host` with no scheme: a proxy setting (`https_proxy=u:p@proxy:3128`, `curl -x u:p@proxy`,
# `pip --proxy`), a MySQL Shell target, a pasted authority (`deploy:S3cretPass@build-01:/srv`).
_SCHEMELESS = re.compile(r"(?<![\w@/:.%+~$-])(?P<user>[A-Za-z_][\w.~+-]{0,63}):"
                         r"(?P<pw>[^\s@/:'\"<>`{}()\[\];,=]{1,128})@"
                         r"(?P<host>[A-Za-z0-9][\w.-]{0,253})(?P<port>:\d{1,5})?(?=[/\s'\",;)\]]|:[~/\w.]|$)")
_LOCAL_HOST = re.compile(r"localhost|\d{1,3}(?:\.\d{1,3}){3}")
_DIGEST = re.compile(r"(?i)sha\d*|md5|blake2[bs]?|sha3-?\d*")  # `image:tag@sha256:…` is a digest, not a host
# Labels before an e-mail address (`mailto:bob@x.org`, `email:ann.lee@corp.com`): no user there.
_MAIL_LABELS = frozenset("mailto email e-mail mail from to cc bcc reply-to sender recipient author committer "
                         "contact maintainer owner by sip xmpp".split())
# Labels a log line puts before `name@host` (`INFO:worker@10.0.0.5:8080`): no user there either.
_NOT_USERS = _MAIL_LABELS | frozenset("debug info notice warn warning error err critical crit fatal trace alert "
                                      "emerg".split())
_PROXY_BEFORE = re.compile(r"(?i)proxy[\w-]*[\"']?[ \t]*[:=]?[ \t]*[\"']?$|(?:^|\s)-x[ \t]+$")


def _schemeless_userinfo(scan: Scan) -> Iterator[Span]:
    """Where a proxy setting or flag holds it, any password; elsewhere one shaped like a credential and
    with no `.` (an e-mail address after a label, `user:ann.lee@corp.com`, has one)."""
    text = scan.text
    for m in scan.finditer(_SCHEMELESS, ("@",)):
        pw, host = m.group("pw"), m.group("host").rstrip(".")
        if is_placeholder(pw) or pw.startswith("[REDACTED") or _DIGEST.fullmatch(host):
            continue
        line_start = text.rfind("\n", max(0, m.start() - 256), m.start()) + 1
        proxy = _PROXY_BEFORE.search(text, max(line_start, m.start() - 64), m.start()) is not None
        user = m.group("user").lower()
        # A server to connect to (`admin:admin@localhost`, `app:pa.ss@10.0.0.5:5432`): any password, as in a proxy.
        target = (_LOCAL_HOST.fullmatch(host) is not None or m.group("port") is not None) and user not in _NOT_USERS
        if proxy or target or ("." not in pw and user not in _MAIL_LABELS and looks_like_credential(pw, literal=True)):
            yield "url-password", m.start("pw"), m.end("pw")


# `user:password` as one value (`auth=deploy:…`, `"credentials": "admin:…"`, `curl -u` saved in a config): a name
# before the colon, then the password.
_USER_PASSWORD = re.compile(r"(?P<user>[A-Za-z][\w.@+-]{0,63}):(?P<pw>[^\s:]{1,512})")
_PAIR_NAMES = frozenset("auth credential credentials creds userpass userinfo basic".split())


def password_of_pair(text: str, found: Span | None, name: str) -> Span | None:
    """Under a name for both halves of a login (`auth`, `credentials`, `basic_auth`), a `user:password` value found
    as a secret keeps its user, as URL userinfo does; `$USER:$PASS` is two references, no value."""
    if found is None or (words(name) or [""])[-1] not in _PAIR_NAMES:
        return found
    value = text[found[1]:found[2]]
    user, sep, pw = value.partition(":")
    if sep and is_placeholder(user) and is_placeholder(pw) or "[REDACTED:" in value:
        return None  # (a pair whose password was masked already: the user stays)
    m = _USER_PASSWORD.fullmatch(value)
    if m is None or m.group("pw").startswith("//"):
        return found
    return found[0], found[1] + m.start("pw"), found[1] + m.end("pw")
