"""Which syntax a `key: value` / `key = value` sits in, for context.py's judgement of its value: a JSON record or a
logfmt line (data, not code), a shell/.env assignment, an environment or header name, a YAML scalar, an INI setting
under its section, a YAML block scalar under a secret's name.
"""

from __future__ import annotations

import re

from terminus_edge.redact.outline import Outline, ini_fragment, under_ini_header, under_section
from terminus_edge.redact.shapes import looks_like_credential, word_secret

Span = tuple[str, int, int]

# An environment name (`AUTH_TOKEN`) or a dashed header name (`X-Api-Key`): no code spells a variable so.
_ENV_OR_HEADER = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z0-9]+|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")


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
