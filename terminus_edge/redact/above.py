"""What a stream remembers of the lines above the current one, so that a line is judged with the context the whole
text gives it: the manifest's `kind:` (for a `data:` block), the headers an indented line sits under (an INI
`[section]`, a config block, YAML mapping keys, a JSON document's openers: redact.outline), a headerless INI slice from
the start or from the prompt line that printed it, an unindented `[section]` with its settings, a SQL dump's CREATE
TABLE / COPY lines, and whether the last armour line opened a public block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from terminus_edge.redact.blocks import line_indent
from terminus_edge.redact.echoed import echoed_command
from terminus_edge.redact.keyfrag import public_armour, reads_key_file
from terminus_edge.redact.outline import (
    MAX_DEPTH, MAX_SECTION_LINES, PROMPT_LINE, SECTION, SETTING_LINE, TOP_SETTING, structural,
)
from terminus_edge.redact.pairlists import pair_line
from terminus_edge.redact.sqldump import SqlContext

_KIND = re.compile(r"^(?:kind:[ \t]*\w+|[ \t]*\"kind\"[ \t]*:[ \t]*\"\w+\")")
_INI_SETTING = re.compile(r"[ \t]+[A-Za-z_][\w.-]{0,63}[ \t]*=")  # an indented `key = …` line
_TOP_INI_SETTING = re.compile(r"[A-Za-z_][\w.-]{0,63}[ \t]*=")  # an unindented one
_KEYWORDS = ("pass", "pwd", "pw", "secret", "token", "key", "auth", "cred", "sess", "sig", "dsn", "pat", "mnemonic",
             "phrase", "plaintext")  # as context.py


@dataclass
class LinesAbove:
    """note() each line as it comes; context(text) gives what the whole text has above `text` that its detectors need."""

    command: str | None = None
    public: bool = False  # the last armour line opened a public block (a certificate, a public key)
    chain: str = ""  # all enclosing lines, outermost first, when each is a header (redact.outline)
    _kind_line: str = ""
    _outline: list[tuple[int, str]] = field(default_factory=list)  # (indent, header or "") of enclosing lines
    _section: str = ""  # the header (`[section]`, `name {`, `key:`, `{`) the current line is indented under
    _fragment: list[str] | None = field(default_factory=list)  # the stream so far, while an INI slice (context.py)
    _fragment_text: str = ""  # the lines of that slice above the current line
    _ini_header: str = ""  # an unindented `[section]` line, while only settings, comments and blanks follow it
    _ini_lines: int = 0  # lines since that header
    _sql: SqlContext = field(default_factory=SqlContext)  # CREATE TABLE / COPY lines a dump's rows need
    _echo: str = ""  # an echoed command line that prints a secret (redact.echoed), while its output may go on
    _echo_bare: bool = False  # that line is a bare echo (make's): only the line right after it is its output
    echo: str = ""  # the echoed command line whose output the current line is

    def note(self, line: str) -> None:
        self._sql.note(line)
        self._note_kind(line)
        self._note_outline(line)
        self._note_fragment(line)
        self._note_ini(line)
        self._note_echo(line)
        armour = public_armour(line)
        if armour is not None:
            self.public = armour

    def _note_echo(self, line: str) -> None:
        """The echoed command (`$ pass show x`, make's `pass show x`) whose output the line is (redact.echoed)."""
        self.echo = ""
        if self._echo and (self._echo_bare or not PROMPT_LINE.fullmatch(line.rstrip("\r\n"))):
            self.echo = self._echo
        if self._echo_bare or PROMPT_LINE.fullmatch(line.rstrip("\r\n")):
            self._echo = ""
        echoed = echoed_command(line)
        if echoed is not None:
            self._echo, self._echo_bare = line.rstrip("\r\n") + "\n", not echoed[1]

    def _note_kind(self, line: str) -> None:
        """Remember the manifest kind (`kind: Secret` may come before its `data:` block)."""
        if line.startswith("---"):
            self._kind_line = ""
        elif _KIND.match(line):
            self._kind_line = line if line.endswith("\n") else line + "\n"

    def _note_fragment(self, line: str) -> None:
        """Keep the lines above while the stream is a headerless slice of an INI file (outline.ini_fragment): from the
        start of the stream, or from the command line that printed it (`$ sed -n 4,9p ~/.config/hub`)."""
        self._fragment_text = "".join(self._fragment) if self._fragment else ""
        if not line.strip():
            return
        stripped = line.rstrip("\n")
        if PROMPT_LINE.fullmatch(stripped):
            self._fragment = [stripped + "\n"]
            return
        if self._fragment is None:
            return
        m = SETTING_LINE.fullmatch(stripped)
        settings = [s for s in self._fragment if not PROMPT_LINE.fullmatch(s.rstrip("\n"))]
        first = SETTING_LINE.fullmatch(settings[0].rstrip("\n")) if settings else m
        if m and first and m.group("lead") == first.group("lead") and len(settings) < 17:
            self._fragment.append(stripped + "\n")
        else:
            self._fragment = None

    def _note_ini(self, line: str) -> None:
        """Remember an unindented `[section]` while the lines after it are settings (outline.under_ini_header)."""
        stripped = line.rstrip("\n")
        if SECTION.fullmatch(stripped) and not stripped[:1].isspace():
            self._ini_header, self._ini_lines = stripped + "\n", 0
        elif self._ini_header and TOP_SETTING.fullmatch(stripped) and self._ini_lines < MAX_SECTION_LINES:
            self._ini_lines += 1
        else:
            self._ini_header = ""

    def _note_outline(self, line: str) -> None:
        """Track the enclosing less-indented lines, so that an indented line is judged with the headers it sits under
        (an INI `[section]`, a config block, YAML mapping keys, a JSON document's openers: redact.outline), as the
        whole text would be."""
        if not line.strip():
            return
        indent = line_indent(line)
        while self._outline and self._outline[-1][0] >= indent:
            self._outline.pop()
        self._section = self._outline[-1][1] if self._outline and indent else ""
        headers = [h for _, h in self._outline]
        self.chain = "".join(headers) if indent and 0 < len(headers) <= MAX_DEPTH and all(headers) else ""
        if len(self._outline) < 64:  # each enclosing line kept as itself when it is a header, else ""
            header = line[:256].rstrip("\r\n")
            self._outline.append((indent, header + "\n" if structural(header) else ""))

    def context(self, text: str) -> str:
        """What the whole text has above `text` that its detectors need (a header, a section, a manifest's kind)."""
        one_line = text.count("\n") <= 1
        context = self._kind_line if self._kind_line and text.lstrip().startswith(("data", "stringData", "\"data",
                                                                                    "\"stringData")) else ""
        if not context and self.chain and one_line and any(w in text.lower() for w in _KEYWORDS):
            context = self.chain
        elif not context and self._section and _INI_SETTING.match(text) and one_line:
            context = self._section
        elif not context and self._fragment_text and _INI_SETTING.match(text) and one_line:
            context = self._fragment_text
        elif not context and self._ini_header and _TOP_INI_SETTING.match(text) and one_line:
            context = self._ini_header
        elif not context and self.chain and one_line and pair_line(text):
            context = self.chain  # a `- user:password` string listed under `chpasswd:` (redact.pairlists)
        if not context and one_line:
            context = self._sql.context_for(text)
        if not context and self.public and one_line and reads_key_file(self.command):
            context = "-----BEGIN PUBLIC KEY-----\n"  # inside a certificate or public key: not a key file's body
        if not context and one_line and self.echo:
            context = self.echo  # the output of an echoed `$ pass show x` (redact.echoed)
        return context
