"""MkDocs: its log lines `WARNING -  Doc file 'index.md' contains a link …` (a terminal wraps long ones onto lines
indented under the message), the closing `Aborted with 4 warnings in strict mode!` / `Aborted with a configuration
error!` / `Documentation built in 0.04 seconds`, and a configuration file YAML could not read (PyYAML's `in "mkdocs.yml",
line 5, column 4` marks)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "mkdocs"
COMMAND_RE = re.compile(r"(^|[\s/;&|])mkdocs\b")
OUTPUT_RE = re.compile(r"^(?:INFO|WARNING|ERROR) +-  \S|^Aborted with (?:\d+ warnings? in strict mode|a configuration error)|^Error: MkDocs encountered", re.M)

LOG_RE = re.compile(r"^(?P<level>INFO|WARNING|ERROR|DEBUG) +-  (?P<msg>.*)$")
LIST_ITEM_RE = re.compile(r"^  - (\S.*)$")
WRAPPED_RE = re.compile(r"^ {11}(?=\S)")  # a long message wrapped under its first line's text
CONFIG_RE = re.compile(r"^Config value '(?P<key>[^']+)': ")
ENDING_RE = re.compile(r"^(?:INFO +-  )?(Aborted with [^\n]*?|Documentation built in [\d.]+ seconds)!?$", re.M)
YAML_START_RE = re.compile(r"^Error: MkDocs encountered an error parsing the configuration file: (?P<context>.*)$", re.M)
YAML_MARK_RE = re.compile(r'^\s+in "(?P<file>[^"]+)", line (?P<line>\d+), column (?P<col>\d+)$')
SEVERITY = {"WARNING": "warning", "ERROR": "error"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = log_messages(text) + yaml_error(text)
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    for m in ENDING_RE.finditer(text):
        ending = m.group(1)
        (facts.errors if ending.startswith("Aborted") else facts.highlights).append(ending)
    return facts


def log_messages(text: str) -> list[Diagnostic]:
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = LOG_RE.match(line)
        if not m or m["level"] not in SEVERITY and not _listed(lines, i):
            continue
        message = m["msg"]
        for more in lines[i + 1 : i + 6]:
            if not WRAPPED_RE.match(more):
                break
            message += " " + more.strip()
        listed = _listed(lines, i)
        if listed:  # `The following pages exist in the docs directory, but are not included in the "nav" …:` + `  - a.md`
            message = f"{message.rstrip(':')}: {', '.join(listed)}"
        config = CONFIG_RE.match(message)  # the message names its doc file itself: no `index.md: Doc file 'index.md' …`
        out.append(Diagnostic(SEVERITY.get(m["level"], "info"), clip(message, 240), None, None, None, f"config {config['key']}" if config else None))
    return out


def _listed(lines: list[str], i: int, limit: int = 10) -> list[str]:
    """The `  - name` items a log message ending in `:` lists on the lines below it."""
    items = []
    for line in lines[i + 1 : i + 1 + limit]:
        item = LIST_ITEM_RE.match(line)
        if not item:
            break
        items.append(item.group(1))
    return items if lines[i].rstrip().endswith(":") else []


def yaml_error(text: str) -> list[Diagnostic]:
    """`while parsing a block collection / in "f", line 3, column 3 / expected <block end>, but found … / in "f", line 5,
    column 4`: the problem is the last mark; the context's mark says where the enclosing block began."""
    start = YAML_START_RE.search(text)
    if not start:
        return []
    lines = text[start.end():].splitlines()[1:8]
    marks = [(i, YAML_MARK_RE.match(line)) for i, line in enumerate(lines)]
    marks = [(i, m) for i, m in marks if m]
    if not marks:
        return [Diagnostic("error", clip(start.group(0)[len("Error: "):], 240))]
    problem = next((line.strip() for line in lines if line.strip() and not YAML_MARK_RE.match(line)), "")
    last = marks[-1][1]
    context = start["context"].strip()
    began = f" ({context} at line {marks[0][1]['line']})" if len(marks) > 1 and context else f" ({context})" if context else ""
    message = f"YAML error in the configuration file: {problem or context}{began if problem else ''}"
    return [Diagnostic("error", clip(message, 240), last["file"], int(last["line"]), int(last["col"]))]
