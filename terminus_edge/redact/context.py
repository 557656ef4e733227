"""Context detectors: a generic value is secret because of where it sits.

Key names (`KEY=value`, `key: value`, `"key": "value"`); auth schemes, CLI flags, cookies and XML elements are
in syntaxes.py, URL userinfo and query parameters in urls.py.
Each yields (kind, start, end) spans of the secret value only: keys, users, hosts and schemes stay.
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.code import is_code_expr, is_code_like
from terminus_edge.redact.names import is_placeholder, names_a_secret, names_token_or_api_key, secret_kind, words
from terminus_edge.redact.shapes import bare_credential_word, looks_like_credential, typed_like_a_password, word_secret
from terminus_edge.redact.outline import (
    Outline, in_json_document, in_yaml_mapping, indent_before, ini_fragment, json_member_line, under_ini_header,
    under_section, yaml_word_value,
)
from terminus_edge.redact.scan import Scan, line_bounds
from terminus_edge.redact.urls import password_of_pair

Span = tuple[str, int, int]

_KEYWORDS = ("pass", "pwd", "pw", "secret", "token", "key", "auth", "cred", "sess", "sig", "dsn", "pat")
_KV = re.compile(
    r"(?:(?:(?<![\w.@/$-])|(?<=\d-))(?P<key>[A-Za-z_@.][\w.@-]{0,63}+)|(?P<q>\\?[\"'])(?P<qkey>[^\"'\n\\]{1,64}+)(?P=q)(?P<sub>\])?)"
    r"[ \t]{0,4}+(?P<sep>:=|=>|=(?!=)|:(?![:/]))[ \t]*+"
)
# What may precede a key on its line for the value to run to the end of the line (YAML, .env, ini).
_LEAD = re.compile(r"[ \t]*(?:(?:[-+>*<|#]+|export|set|env|ENV|ARG|declare(?:[ \t]+-\w+)?|"
                   r"\d{4}-\d\d-\d\dT[\d:.]+Z?)[ \t]+)*")
# (A literal `\r\n`, or `\n` before a header or a quote, ends the value: headers in a bytes repr, `send: b'…\r\nx-api-key:
# …\r\nanthropic-version: …'` from http.client's debug output.)
_BARE = re.compile(r"(?:[^\s,;&\\]|\\(?!r\\n|n(?:[\w-]+:|\\|[\"']|$))|[,;&](?![ \t]*[\"']?[A-Za-z_][\w.-]*[\"']?[ \t]*[=:]))+")
_SCHEME = re.compile(r"(?i)(?:bearer|basic|token|digest|bot|oauth|negotiate|ntlm|aws4-hmac-sha256|"
                     r"sso-key|apikey|key|otp|gitlab-ci-token)[ \t]+")
_STRING_PREFIX = re.compile(r"(?:[fFrRbBuU]|[fFrRbB][rRbBfF])(?=[\"'])")
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


def _strip_tail(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation that belongs to the surrounding syntax, not to the value."""
    value = text[start:end].rstrip(",;. \t\r\n")
    for _ in range(8):
        c = value[-1:]
        if c in _CLOSERS and value.count(_CLOSERS[c]) < value.count(c):
            value = value[:-1].rstrip(",;. \t\r")
        elif c and c in "\"'`" and value.count(c) % 2 == 1:
            value = value[:-1].rstrip(",;. \t\r")
        else:
            break
    return start + len(value)


# After `NAME=value`, a command with a flag or a pipe/redirection: the assignment is a command's environment
# (`PGPASSWORD=x psql -h db`), so the value ends at its blank instead of running to the end of the line.
_COMMAND_AFTER = re.compile(r"[ \t]+(?=\S+(?:[ \t]+\S+){0,3}[ \t]+(?:--?[A-Za-z]|[|<>]|&&|;)|\S+[ \t]*(?:[|<>]|&&)(?!\S))")


def _command_env(text: str, m: re.Match, name: str, pos: int, line_end: int) -> bool:
    """`NAME=value cmd -x …`: an assignment in front of a command (its value ends at the blank, as the shell reads it)."""
    token = _BARE.match(text, pos, line_end)
    return m.group() == name + "=" and token is not None and _COMMAND_AFTER.match(text, token.end(), line_end) is not None


def _value(text: str, pos: int, line_end: int, rest_of_line: bool) -> tuple[int, int] | None:
    """The span of the value that starts at pos: a quoted string's inside, or a bare token."""
    if pos >= line_end:
        return None
    prefix = _STRING_PREFIX.match(text, pos, line_end)  # f"…", b'…': a string literal all the same
    pos = prefix.end() if prefix else pos
    quote = text[pos:pos + 2] if text.startswith(("\\\"", "\\'"), pos) else text[pos]
    if quote in ("\"", "'", "`", "\\\"", "\\'"):
        start = pos + len(quote)
        close = text.find(quote, start, line_end)
        return (start, close) if close != -1 else (start, _strip_tail(text, start, line_end))
    if text[pos] in "{[(":
        return None  # a structure, not a scalar (its own keys are scanned separately)
    if text[pos] == "<" and text.find(">", pos, line_end) != -1:
        return pos, text.find(">", pos, line_end) + 1  # `<set to the key 'password' …>`, `<hidden>`
    if rest_of_line:
        return pos, _strip_tail(text, pos, line_end)
    m = _BARE.match(text, pos, line_end)
    return (pos, _strip_tail(text, pos, m.end())) if m else None


def value_span(text: str, pos: int, line_end: int) -> tuple[int, int] | None:
    """The span of a scalar value starting at pos (quoted string's inside, or one bare token)."""
    return _value(text, pos, line_end, rest_of_line=False)


_SENTENCE_ABOUT_IT = re.compile(r"[A-Za-z]+(?:[ \t]+[A-Za-z]+)+[.!]?")
_ABOUT_WORDS = frozenset("password passwd passphrase token secret credentials".split())
_SHORT_TYPED = re.compile(r"[A-Za-z0-9!@%^&*_+.-][A-Za-z0-9!@#%^&*_+.-]{3,14}")  # not `#c0ffee`, a colour


def _judge(text: str, span: tuple[int, int] | None, label: str, strong: bool, key: str = "",
           literal: bool = False, scalar: bool = False, quoted: bool = False, short: bool = False) -> Span | None:
    """literal: the syntax says the value is a literal (quoted, an env assignment, a header, a shell
    argument), so an identifier-shaped value is not excused as source code (only real code is).
    scalar: a YAML scalar (`api_key: supersecretvalue`): a value of plain words is a literal too.
    quoted: the value is a string literal (which in code often holds a name: see word_secret)."""
    if span is None or span[1] <= span[0]:
        return None
    value = text[span[0]:span[1]]
    first = value.split(None, 1)[0] if value.strip() else value
    if is_placeholder(value) or value.startswith("[REDACTED") or is_code_expr(first):
        return None
    if key and first.lower().split("@entry=", 1)[0] in (key.strip("\"'-").lower(), (words(key) or [""])[-1]):
        return None  # `password=password`, `token = token or …`: code passing a variable along (gdb: `sig=sig@entry=6`)
    if strong and not literal and ("_" in value or "." in value) and is_code_like(value):
        return None  # `password = index_url_user_password`: an identifier, not a literal
    if names_a_secret(value):
        return None  # `--secrets HF_TOKEN`, `TOKEN_VAR=GITHUB_TOKEN`: names the secret, is not its value
    if _SENTENCE_ABOUT_IT.fullmatch(value) and any(w.lower() in _ABOUT_WORDS for w in value.split()):
        return None  # `passwd: password updated successfully`: a tool's message about the secret
    if strong or looks_like_credential(value, literal):
        return label, span[0], span[1]
    if (literal or scalar) and label in ("token", "api-key", "auth") and (
            word_secret(value, key, quoted, short) or bare_credential_word(value, key)):
        return label, span[0], span[1]  # `API_TOKEN=supersecretvalue`: words, but where only a literal can be
    if ((literal or scalar) and label in ("token", "api-key") and _SHORT_TYPED.fullmatch(value)
            and typed_like_a_password(value) and not is_code_like(value) and names_token_or_api_key(key)):
        return label, span[0], span[1]  # `API_KEY=abc123`, `X-Api-Key: devkey42`: a short test key, typed
    return None


_A_DIRECTORY = re.compile(r"[ \t]*(?:[/~.$%\\]|[A-Za-z]:[\\/]|\r?$)")


def _odbc_pwd(text: str, name: str, pos: int) -> tuple[str, bool] | None:
    """`PWD = …` names the working directory in a shell and the password in ODBC (`odbc.ini`, `UID=sa;PWD=…`):
    a value that is no directory is the password."""
    if name.strip("\"'").lower() != "pwd" or _A_DIRECTORY.match(text, pos):
        return None
    return "password", True


def find_key_values(scan: Scan) -> Iterator[Span]:
    """Values whose key names a secret: env/.env/ini/YAML/JSON/dict reprs/HTTP headers/query strings."""
    text = scan.text
    claimed = 0  # end of the last value found: keys inside it were part of that value
    line = (-1, -1, False)  # (start, end, is a JSON or logfmt record) of the whole line being read
    outline = Outline(text)  # what an indented line sits under (see outline.py)
    for m in scan.finditer(_KV, _KEYWORDS):
        name = m.group("key") or m.group("qkey")
        if m.start() < claimed or not any(w in name.lower() for w in _KEYWORDS):
            continue
        kind = secret_kind(name) or _odbc_pwd(text, name, m.end())
        if kind is None:
            continue
        label, strong = kind
        line_start, line_end = line_bounds(text, m.start())
        key_start = m.start("key") if m.group("key") else m.start("q")
        if m.group("sep") == ":" and m.end("sep") == m.end() and text[key_start - 1:key_start] == ":":
            continue  # a field of a colon-separated id (arn:aws:…:secret:name), not a key
        at_line_start = _LEAD.fullmatch(text, line_start, key_start) is not None
        if name.strip("\"'") == "pass" and (m.group("sep") == ":" and m.end("sep") == m.end()
                                            or _COUNT.match(text, m.end(), line_end)
                                            or not (at_line_start or m.group("qkey")
                                                    or text[line_start:key_start].rstrip()[-1:] in ("{", ",", "("))):
            continue  # openssl's `-passin pass:…` names a source (a `pass:` key has a blank after its colon); `pass: 1`
            # is a count; `# Second pass: ensure …` is prose
        pos = m.end()
        if _prompt(text, line_start, key_start, pos):
            continue  # `read -p 'Password: ' pw`, `input("API token: ")`: a prompt asking for the secret, no value
        scheme = _SCHEME.match(text, pos, line_end)
        if scheme and label in ("auth", "token", "api-key"):
            span = _value(text, scheme.end(), line_end, rest_of_line=False)
            strong = label == "auth" and bool(span) and span[1] - span[0] >= 6
            found = _judge(text, span, scheme.group().strip().lower() + "-credential", strong, literal=True)
        elif text[pos:pos + 1] in ("|", ">") and at_line_start:
            found = _yaml_block(text, line_start, line_end, label)
            if found and not strong and not _one_token_block(text[found[1]:found[2]], label, name):
                found = None
        else:
            to_end = strong and at_line_start and not _command_env(text, m, name, pos, line_end)
            wrapped = _wrapped_value(text, m, pos, line_end)
            if wrapped is not None:  # `:secret_key_base=>` / `["password"]=>` and the value on the next line
                pos, line_end, to_end = wrapped, line_bounds(text, wrapped)[1], False
            span = _value(text, pos, line_end, rest_of_line=to_end)
            quoted = bool(span) and span[0] > pos and text[span[0] - 1] in "\"'`"
            if m.group("sub") and (not quoted or text[m.start() - 1:m.start()] != "["):
                continue  # `config["password"] = pw`: code; only a string literal there is a value
            if quoted and span[1] > span[0]:
                inner = _SCHEME.match(text, span[0], span[1])  # "Token abc…" inside quotes
                if inner and label in ("auth", "token", "api-key"):
                    span, strong = (inner.end(), span[1]), True
            worth = bool(span) and span[1] > span[0] and not is_placeholder(text[span[0]:span[1]])
            if worth and m.start() >= line[1]:  # once per line (a long JSON line holds many keys), from where it ended
                start = text.rfind("\n", max(line[1], 0), m.start()) + 1
                end = text.find("\n", m.start())
                end = len(text) if end == -1 else end
                line = (start, end, _json_record(text, start, end) or _logfmt(text, start, min(end, start + 4096)))
            record = scan.config or (worth and line[2]) or (
                worth and quoted and label in ("token", "api-key", "auth") and bool(m.group("qkey"))
                and json_member_line(text, line_start, line_end) and in_json_document(outline, line_start, m.start() - line_start))
            literal = quoted or record or _literal_syntax(m, name, at_line_start)
            ini = _ini_section_line(text, m, span, line_start, line_end, outline)
            scalar = _yaml_scalar(text, m, span, line_end) or ini
            named_ok = quoted and not record
            if not (literal or scalar) and worth and m.group("sep") == ":" and m.group("key") and yaml_word_value(
                    text, span, line_start, m.start(), line_end, outline):
                scalar, named_ok = True, False  # `token: AbcDefGhiJkl` in YAML: words, unless they only name a field
            short = record or (not quoted and m.group("key") is not None and (
                _ENV_OR_HEADER.fullmatch(name) is not None or (scalar and m.group("sep") == ":" and in_yaml_mapping(
                    outline, line_start, indent_before(text, line_start, m.start()))))) or (
                quoted and m.group("sep") == "=" and m.group("key") is not None and _CONSTANT.fullmatch(name) is not None
            ) or ini
            found = _judge(text, span, label, strong, name, literal=literal, scalar=scalar, quoted=named_ok, short=short)
            found = password_of_pair(text, found, name)
        if found:
            claimed = found[2]
            yield found


_COUNT = re.compile(r"\d+(?![\w.!@#$%^&*+/=-])")  # a test count (`{ total: 3, pass: 1, fail: 2 }`)
def _prompt(text: str, line_start: int, key_start: int, pos: int) -> bool:
    """The key and its separator end a quoted string (`'Password: '`, `"Enter your token: "`): the quote after the
    separator closes the string the key sits in, so nothing follows as its value."""
    quote = text[pos:pos + 1]
    return quote in ("\"", "'") and text.count(quote, line_start, key_start) % 2 == 1


# An environment name (`AUTH_TOKEN`) or a dashed header name (`X-Api-Key`): no code spells a variable so.
_ENV_OR_HEADER = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z0-9]+|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")


# Where Ruby's pp, PHP's var_dump and Perl's Data::Dumper put a value that does not fit after its key: on the next line,
# indented, quoted (var_dump first says `string(12)`).
_WRAPPED = re.compile(r"[ \t]+(?:string\(\d{1,9}\)[ \t]*)?(?=[\"'])")


def _wrapped_value(text: str, m: re.Match, pos: int, line_end: int) -> int | None:
    """Where the value of a `key=>` that ends its line starts on the next line, or None."""
    if m.group("sep") != "=>" or text[pos:line_end].strip() or line_end >= len(text):
        return None
    nxt = _WRAPPED.match(text, line_end + 1, min(len(text), line_end + 256))
    return nxt.end() if nxt else None


# A constant's name (`API_KEY = "letmein"`): a string assigned to it is the value itself, not the name of a field.
_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


_YAML_SCALAR_END = re.compile(r"[ \t]*(?:#.*)?\r?")


def _yaml_scalar(text: str, m: re.Match, span: tuple[int, int] | None, line_end: int) -> bool:
    """`key: value` with a lower-case single word and nothing after it: YAML, not code (a Python type or a
    JS/Go variable there would be a builtin, CamelCase or followed by `,`/`;`/`=`); likewise an unindented
    `key = value` (INI, .cfg; code that assigns a variable is indented in a traceback, or snake_case)."""
    if not span or not text[span[0]:span[1]].islower() or _YAML_SCALAR_END.fullmatch(text, span[1], line_end) is None:
        return False
    return m.group("sep") == ":" or (m.group("sep") == "=" and bool(m.group("key"))
                                     and m.start() in (0, text.rfind("\n", 0, m.start()) + 1))


_JSON_HEAD = re.compile(r"[ \t]*\{\"[^\"\n]{1,64}\"[ \t]?:")
_QUOTED = re.compile(r"\"[^\"\n]*\"")
_LOGFMT_PAIR = re.compile(r"(?:^|[ \t])[A-Za-z_][\w.-]{0,63}=(?=[^\s=])")


def _json_record(text: str, line_start: int, line_end: int) -> bool:
    """A line that is one serialized JSON object (a structured log record, `jq -c`): data, not a dict display
    in code, so a quoted value there is not excused as the name of something."""
    return (_JSON_HEAD.match(text, line_start, min(line_end, line_start + 256)) is not None
            and text[max(line_start, line_end - 64):line_end].rstrip().endswith("}"))


def _logfmt(text: str, line_start: int, line_end: int) -> bool:
    """A logfmt line (`ts=… level=info msg="…" user=bob password=…`): three or more blank-separated `key=value`
    pairs and, outside quoted strings, none of the commas, parentheses or semicolons of code's keyword arguments."""
    line = _QUOTED.sub('""', text[line_start:line_end])
    return not re.search(r"[(),;{}]", line) and len(_LOGFMT_PAIR.findall(line)) >= 3


def _literal_syntax(m: re.Match, name: str, at_line_start: bool) -> bool:
    """Where the syntax around an unquoted value rules out source code: a shell/.env assignment
    (`KEY=value`, no spaces, at the start of a line, as a flag's argument or under an upper-case name:
    `docker run -e K=v`, `helm --set auth.token=v`),
    an upper-case environment name in any form (`API_KEY: v`), or a dashed header/config name
    (`X-Auth-Token: v`, `client-key-data: v`), which no programming language allows as a variable."""
    if not m.group("key"):
        return False  # a quoted key before a bare value: a dict display in code (`{"token": token_v2}`)
    letters = [c for c in name if c.isalpha()]
    if (letters and not any(c.islower() for c in letters)) or "-" in name.strip("-"):
        return True
    if m.group() != name + "=":
        return False
    return at_line_start or _FLAG_BEFORE.search(m.string, max(0, m.start() - 64), m.start()) is not None


# A flag whose argument is the assignment: `--set auth.token=…`, `-e token=…`, `--build-arg api_key=…`,
# `-var 'k=…'`.
_FLAG_BEFORE = re.compile(r"(?:^|[ \t])--?[A-Za-z][\w-]*(?:[ \t]+|=)[\"']?$")


def _ini_section_line(text: str, m: re.Match, span: tuple[int, int] | None, line_start: int, line_end: int,
                      outline: Outline) -> bool:
    """An unindented `key = word` under an INI `[section]` with only settings between, or an indented `key = word`
    under an INI/TOML `[section]` header (`[repositories.x]\n    token = …`,
    `[github]\n\ttoken = …`) or in a configuration block (`credentials "app.terraform.io" {`): the nearest
    less-indented line above is the header, which no code has."""
    if not span or m.group("sep") != "=" or not m.group("key") or not text[span[0]:span[1]].islower():
        return False  # (`token = AbcDefGhiJkl` could be code's `token = SomeClass`)
    if _YAML_SCALAR_END.fullmatch(text, span[1], line_end) is None:
        return False
    lead = text[line_start:m.start()]
    if lead.strip() or (line_start and text[line_start - 1] != "\n"):
        return False  # text before the key, or a stretch of a line longer than the window
    if not lead:  # `[github]` above, only settings between: an INI file printed anywhere in a transcript
        return under_ini_header(text, line_start)
    return under_section(outline, line_start, len(lead)) or ini_fragment(text, line_start, lead)


def _one_token_block(body: str, label: str, name: str) -> bool:
    """A block scalar under a token's name (`token: >-`) holding one credential, maybe wrapped over lines."""
    lines = body.split("\n")
    if any(len(line.split()) > 1 for line in lines):
        return False  # prose, a script, a certificate's armour lines: not one token
    value = "".join(body.split())
    return looks_like_credential(value, literal=True) or (label in ("token", "api-key") and word_secret(value, name))


def _yaml_block(text: str, line_start: int, line_end: int, label: str) -> Span | None:
    """`password: |` followed by more-indented lines."""
    indent = len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip())
    pos = stop = line_end + 1
    while pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl == -1 else nl
        line = text[pos:nl]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        stop, pos = nl, nl + 1
    return (label, line_end + 1, stop) if stop > line_end + 1 else None
