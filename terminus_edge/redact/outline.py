"""What an indented line sits under: the document structure that says a `key = word` / `key: Word` / `"key": "…"`
line is data (a setting, a YAML mapping, a JSON document) rather than source code.

The enclosing lines of a line are the nearest non-blank lines above with less indentation, each under the next.
A line is judged as data when every enclosing line is a structural header of one document kind:
  - an INI/TOML `[section]` (`[github]\\n\\ttoken = …`),
  - a block of a configuration language (`credentials "app.terraform.io" {`, `server {`, `EXAMPLE.COM = {`),
  - a YAML mapping key (`stripe:`, `- name: ci`),
  - a pretty-printed JSON object or array (`{`, `"mailgun": {`), up to a root `{`/`[` at the left margin.
Code has other enclosing lines (`def f():`, `class X(Base):`, `function f() {`, `File "x.py", line 3, in f`).
The stream (stream.StreamRedactor) keeps the same enclosing lines and hands them over as context.
"""

from __future__ import annotations

import re

from terminus_edge.redact.names import words

SECTION = re.compile(r"[ \t]*\[[^\[\]\n]{1,128}\][ \t]*\r?")
# `credentials "x" {`, `server {`, `EXAMPLE.COM = {` (HCL, nginx, krb5); never a code block (`else {`, `f() {`)
_BLOCK = re.compile(r"[ \t]*(?P<word>[A-Za-z][\w.-]{0,63})(?:[ \t]+\"[^\"\n]{0,128}\")*[ \t]*(?:=[ \t]*)?\{[ \t]*\r?")
_CODE_BLOCK_WORDS = frozenset("else try do finally default switch select loop unsafe async static init begin end "
                              "struct enum union interface impl object".split())
_YAML_PARENT = re.compile(r"[ \t]*(?:-[ \t]+[\w.-]{1,64}:[ \t]+\S.*|(?:-[ \t]+)?(?P<word>[\w.-]{1,64}):[ \t]*)\r?")
_CODE_COLON_WORDS = frozenset("else try finally except default case lambda".split())
_JSON_OPEN = re.compile(r"[ \t]*(?:\"[^\"\n]{1,128}\"[ \t]*:[ \t]*)?[\[{][ \t]*\r?")
_JSON_ROOT = re.compile(r"[\[{][ \t]*\r?")
MAX_DEPTH = 12  # deeper nesting is judged as code (and keeps the stream's context short)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def block_header(line: str) -> bool:
    m = _BLOCK.fullmatch(line)
    return m is not None and m.group("word").lower() not in _CODE_BLOCK_WORDS


def yaml_parent(line: str) -> bool:
    m = _YAML_PARENT.fullmatch(line)
    return m is not None and (m.group("word") or "").lower() not in _CODE_COLON_WORDS


def json_opener(line: str) -> bool:
    return _JSON_OPEN.fullmatch(line) is not None


def structural(line: str) -> bool:
    """A line that can enclose data lines (what the stream remembers of the lines above)."""
    end = line.rstrip()[-1:]
    if end not in ("]", "{", "[", ":") and not line.lstrip(" \t").startswith("- "):
        return False  # (most lines: no header ends otherwise, and a list item starts with a dash)
    return bool(SECTION.fullmatch(line) or block_header(line) or yaml_parent(line) or json_opener(line))


class Outline:
    """The enclosing lines of the lines of one text. Walking back stops at a line already resolved at the same
    indentation, so a run of settings under one header is walked once."""

    def __init__(self, text: str) -> None:
        self.text, self.resolved = text, {}  # line start -> parent line start or -1

    def _parent_start(self, line_start: int, indent: int) -> int:
        text, pos, found = self.text, line_start, -1
        while pos > 0:
            above = text.rfind("\n", 0, pos - 1) + 1
            line = text[above:pos - 1]
            pos = above
            if not line.strip():
                continue
            own = indent_of(line)
            if own < indent:
                found = above
                break
            if own == indent and above in self.resolved:
                found = self.resolved[above]
                break
        self.resolved[line_start] = found
        return found

    def _line(self, start: int) -> str:
        end = self.text.find("\n", start)
        return self.text[start:len(self.text) if end == -1 else end]

    def parent(self, line_start: int, indent: int) -> str:
        found = self._parent_start(line_start, indent)
        return "" if found < 0 else self._line(found)

    def ancestors(self, line_start: int, indent: int) -> list[str]:
        """The enclosing lines, nearest first (at most MAX_DEPTH; 256 characters of each)."""
        out, pos = [], line_start
        while indent > 0 and len(out) < MAX_DEPTH:
            pos = self._parent_start(pos, indent)
            if pos < 0:
                break
            line = self._line(pos)[:256]
            out.append(line)
            indent = indent_of(line)
        return out


def under_section(outline: Outline, line_start: int, indent: int) -> bool:
    """The nearest enclosing line is an INI/TOML `[section]` or a configuration block (`credentials "x" {`)."""
    parent = outline.parent(line_start, indent)[:256]
    return bool(parent) and (SECTION.fullmatch(parent) is not None or block_header(parent))


def in_json_document(outline: Outline, line_start: int, indent: int) -> bool:
    """Every enclosing line opens a JSON object or array, the outermost a root `{`/`[` at the left margin."""
    chain = outline.ancestors(line_start, indent) if indent > 0 else []
    return bool(chain) and all(map(json_opener, chain)) and _JSON_ROOT.fullmatch(chain[-1]) is not None


def in_yaml_mapping(outline: Outline, line_start: int, indent: int) -> bool:
    """At the left margin, or every enclosing line a YAML mapping key (`stripe:`) or list item (`- name: ci`)."""
    chain = outline.ancestors(line_start, indent) if indent > 0 else []
    return (indent == 0 or bool(chain)) and all(map(yaml_parent, chain)) and (
        not chain or indent_of(chain[-1]) == 0)


# A member line of a pretty-printed JSON object: `  "apiKey": "…",` and nothing else on the line.
_JSON_MEMBER = re.compile(r"[ \t]+\"[^\"\n]{1,128}\"[ \t]*:[ \t]*\"(?:[^\"\\\n]|\\.){0,4096}\"[ \t]*,?[ \t]*\r?")


def json_member_line(text: str, line_start: int, line_end: int) -> bool:
    return _JSON_MEMBER.fullmatch(text, line_start, line_end) is not None


def indent_before(text: str, line_start: int, key_start: int) -> int:
    """The indentation of the line a key starts (a list item's dash counts as text: `- token: …` is at 0)."""
    lead = text[line_start:key_start]
    return len(lead) - len(lead.lstrip(" \t"))


_YAML_WORDS = re.compile(r"[A-Za-z]{12,64}")
_AFTER_SCALAR = re.compile(r"[ \t]*(?:#.*)?\r?")
# The last word of a class name (`ExpiredSignatureError`, `TokenProviderFactory`): a type, not a value.
_CLASS_SUFFIXES = frozenset("error exception warning handler provider factory manager service client config settings "
                            "type class base mixin model schema adapter backend loader builder interface".split())


def yaml_word_value(text: str, span: tuple[int, int] | None, line_start: int, key_start: int, line_end: int,
                    outline: Outline) -> bool:
    """`token: AbcDefGhiJkl` (the key unquoted, `:` after it): a mixed-case word value, nothing after it, in a YAML
    mapping (at the left margin, or under mapping keys only: `stripe:\n  secret_key: …`), not in a class body."""
    if not span or not _YAML_WORDS.fullmatch(text, span[0], span[1]):
        return False
    if _AFTER_SCALAR.fullmatch(text, span[1], line_end) is None or (words(text[span[0]:span[1]]) or [""])[-1] in \
            _CLASS_SUFFIXES:
        return False
    if text[line_start:key_start].strip(" \t-") or (line_start and text[line_start - 1] != "\n"):
        return False
    return in_yaml_mapping(outline, line_start, indent_before(text, line_start, key_start))


SETTING_LINE = re.compile(r"(?P<lead>[ \t]+)[A-Za-z_][\w.-]{0,63}[ \t]*=[ \t]*(?P<val>[^\s()\[\]{}\"'=,;]+)[ \t]*\r?")
PROMPT_LINE = re.compile(r"(?:[\w.@~:/-]{0,64}[$%>]|PS [^>\n]{0,64}>)[ \t]+\S[^\n]*\r?")  # a shell prompt and command
_DATA_VALUE = re.compile(r"[A-Za-z0-9]-[A-Za-z0-9]|[A-Za-z0-9]\.[A-Za-z]{2,}|[/@:]")


def ini_fragment(text: str, line_start: int, lead: str) -> bool:
    """A slice of an INI file cut below its `[section]` (`sed -n`, `grep -A`): the lines above, back to the command
    that printed the slice (`$ sed -n '4,9p' ~/.config/hub`, maybe in the middle of a transcript) or to the start of
    the text, are indented `key = value` settings at the same indentation, and one value is data no code would hold
    bare (`dana-ci`, `github.acme.dev`, a path or a URL). (Code would show its `def`/`class`/`{` line above.)
    The line at `line_start` is the one judged; only the lines above it are read."""
    settings, pos, first = [], line_start, None  # walk up, line by line, at most 17 non-blank lines
    while pos > 0 and len(settings) <= 16 and line_start - pos <= 8192:
        start = text.rfind("\n", 0, pos - 1) + 1
        line, pos = text[start:pos - 1], start
        if not line.strip():
            continue
        s = SETTING_LINE.fullmatch(line)
        if s is None or s.group("lead") != lead:
            first = line
            break
        settings.append(s)
    if first is not None and not PROMPT_LINE.fullmatch(first) or first is None and pos > 0:
        return False  # (above the settings: the command that printed them, or the start of the text)
    return 0 < len(settings) <= 16 and any(_DATA_VALUE.search(s.group("val")) for s in settings)


# An unindented INI line: a setting, a comment or a blank (what may stand between a `[section]` and its settings)
TOP_SETTING = re.compile(r"[A-Za-z_][\w.-]{0,63}[ \t]*=[^\n]*|[#;][^\n]*|[ \t]*\r?")
MAX_SECTION_LINES = 64


def under_ini_header(text: str, line_start: int) -> bool:
    """An unindented `key = value` line of an INI file printed anywhere in a text (`cat deploy.ini` in the middle of
    a transcript): walking up over settings, comments and blanks reaches a `[section]` line at the left margin within
    MAX_SECTION_LINES lines."""
    pos = line_start
    for _ in range(MAX_SECTION_LINES):
        if pos == 0:
            return False
        above = text.rfind("\n", 0, pos - 1) + 1
        line = text[above:pos - 1]
        if SECTION.fullmatch(line) and not line[:1].isspace():
            return True
        if TOP_SETTING.fullmatch(line) is None:
            return False
        pos = above
    return False
