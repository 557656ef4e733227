"""Context detectors: a generic value is secret because of where it sits.

Key names (`KEY=value`, `key: value`, `"key": "value"`: where the value ends is valuespan.py's, which syntax the pair
sits in kvsyntax.py's); auth schemes, CLI flags, cookies and XML elements are
in syntaxes.py, URL userinfo and query parameters in urls.py.
Each yields (kind, start, end) spans of the secret value only: keys, users, hosts and schemes stay.
"""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge.redact.code import is_code_expr, is_code_like
from terminus_edge.redact.kvsyntax import (
    _CONSTANT, _ENV_OR_HEADER, _ini_section_line, _json_record, _literal_syntax, _logfmt, _one_token_block, _yaml_block,
    _yaml_scalar,
)
from terminus_edge.redact.names import is_placeholder, names_a_secret, names_token_or_api_key, secret_kind, words
from terminus_edge.redact.outline import Outline, in_json_document, in_yaml_mapping, indent_before, json_member_line, yaml_word_value
from terminus_edge.redact.scan import Scan, line_bounds
from terminus_edge.redact.shapes import bare_credential_word, looks_like_credential, typed_like_a_password, word_secret
from terminus_edge.redact.urls import password_of_pair
from terminus_edge.redact.valuespan import _command_env, _value, _wrapped_value

Span = tuple[str, int, int]

_KEYWORDS = ("pass", "pwd", "pw", "secret", "token", "key", "auth", "cred", "sess", "sig", "dsn", "pat", "mnemonic", "phrase", "plaintext")
_KV = re.compile(
    r"(?:(?:(?<![\w.@/$-])|(?<=\d-))(?P<key>[A-Za-z_@.][\w.@-]{0,63}+)|(?P<q>\\?[\"'])(?P<qkey>[^\"'\n\\]{1,64}+)(?P=q)(?P<sub>\])?)"
    r"[ \t]{0,4}+(?P<sep>:=|=>|=(?!=)|:(?![:/]))[ \t]*+"
)
# What may precede a key on its line for the value to run to the end of the line (YAML, .env, ini).
_LEAD = re.compile(r"[ \t]*(?:(?:[-+>*<|#]+|export|set|env|ENV|ARG|declare(?:[ \t]+-\w+)?|"
                   r"\d{4}-\d\d-\d\dT[\d:.]+Z?)[ \t]+)*")
_SCHEME = re.compile(r"(?i)(?:bearer|basic|token|digest|bot|oauth|negotiate|ntlm|aws4-hmac-sha256|"
                     r"sso-key|apikey|key|otp|gitlab-ci-token)[ \t]+")
# Any other scheme word before one credential, under an Authorization header (`Splunk <uuid>`, `SSWS <token>`)
_OTHER_SCHEME = re.compile(r"[A-Za-z][\w.-]{1,24}[ \t]+(?=[^\s,=]{8,}[ \t\r]*$)")


_MASKED = r"\[REDACTED:[\w-]+\]"  # (masked already, when redact() checks its own output again)
_SIGV4 = re.compile(rf"Credential=(?P<key>[A-Z0-9]{{16,128}}|{_MASKED})/[\w/-]{{1,256}},[ \t]*SignedHeaders=[\w;-]{{1,2048}},"
                    rf"[ \t]*Signature=(?P<sig>[0-9a-f]{{64}}|{_MASKED})")
_SEED_PHRASE = re.compile(r"[a-z]{3,8}(?:[ \t]+[a-z]{3,8}){11,23}")  # BIP-39: 12 to 24 words
_ESCAPED_JSON = re.compile(r'[\[{]{1,2}\\"')
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
    if label == "mnemonic":
        return (label, span[0], span[1]) if _SEED_PHRASE.fullmatch(value) else None
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
        scheme = _SCHEME.match(text, pos, line_end) or (
            _OTHER_SCHEME.match(text, pos, line_end) if words(name)[-1:] == ["authorization"] else None)
        sigv4 = _SIGV4.match(text, scheme.end(), line_end) if scheme else None
        if sigv4:  # AWS SigV4: the key id and the signature go, the scope and the signed headers' names stay
            claimed = sigv4.end()
            yield "aws-key-id", sigv4.start("key"), sigv4.end("key")
            yield "aws4-hmac-sha256-credential", sigv4.start("sig"), sigv4.end("sig")
            continue
        if scheme and label in ("auth", "token", "api-key"):
            span = _value(text, scheme.end(), line_end, rest_of_line=False)
            strong = label == "auth" and bool(span) and span[1] - span[0] >= 6
            found = _judge(text, span, scheme.group().strip().lower() + "-credential", strong, literal=True)
        elif text[pos:pos + 1] in ("|", ">") and at_line_start:
            found = _yaml_block(text, line_start, line_end, label)
            if found and not strong and not _one_token_block(text[found[1]:found[2]], label, name):
                found = None
        else:
            to_end = (strong or label == "mnemonic") and at_line_start and not _command_env(text, m, name, pos, line_end)
            wrapped = _wrapped_value(text, m, pos, line_end)
            if wrapped is not None:  # `:secret_key_base=>` / `["password"]=>` and the value on the next line
                pos, line_end, to_end = wrapped, line_bounds(text, wrapped)[1], False
            span = _value(text, pos, line_end, rest_of_line=to_end)
            quoted = bool(span) and span[0] > pos and text[span[0] - 1] in "\"'`"
            if m.group("sub") and (not quoted or text[m.start() - 1:m.start()] != "["):
                continue  # `config["password"] = pw`: code; only a string literal there is a value
            if quoted and span and _ESCAPED_JSON.match(text, span[0]):
                continue  # `"SecretString": "{\"password\": \"…\"}"`: a JSON document in a string, its own keys judge it
            if quoted and span[1] > span[0]:
                inner = _SCHEME.match(text, span[0], span[1])  # "Token abc…" inside quotes
                sigv4 = _SIGV4.match(text, inner.end(), span[1]) if inner else None
                if sigv4:
                    claimed = sigv4.end()
                    yield "aws-key-id", sigv4.start("key"), sigv4.end("key")
                    yield "aws4-hmac-sha256-credential", sigv4.start("sig"), sigv4.end("sig")
                    continue
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


