"""mypy / pyright: `file:line: error: message  [code]` and the Found/Success totals."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "mypy"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(mypy|dmypy|pyright|basedpyright)\b")
OUTPUT_RE = re.compile(r"^Found \d+ errors? in \d+ files? \(|^Success: no issues found|^\S+\.pyi?:\d+: error: .*  \[[\w-]+\]$", re.M)

FOUND_RE = re.compile(r"^Found (\d+) errors? in (\d+) files? \(([^)]*)\)", re.M)
SUCCESS_RE = re.compile(r"^Success: no issues found in (\d+) source files?", re.M)
PYRIGHT_RE = re.compile(r"^[ \t]*(?P<file>\S+\.pyi?):(?P<line>\d+):(?P<col>\d+) - (?P<sev>error|warning): (?P<msg>.*?)(?: \((?P<code>\w+)\))?$", re.M)
PYRIGHT_TOTAL_RE = re.compile(r"^(\d+) errors?, (\d+) warnings?, (\d+) (?:informations?|notes?)", re.M)
# A whole-file error has no line: `nonexist.py: error: Cannot read file: No such file or directory`
FILE_ERROR_RE = re.compile(r"^(?P<file>[^\s:]+\.pyi?): (?P<sev>error|warning): (?P<msg>.+?)(?:  \[(?P<code>[\w-]+)\])?$", re.M)
HEAD_RE = re.compile(r"^\S+\.pyi?:\d+(?::\d+)?: (?:error|warning|note): ")


def unwrap_pretty(text: str) -> str:
    """`mypy --pretty` wraps a long message onto unindented lines (the `[code]` lands on the last one);
    the source excerpt under it is indented. Join the wrapped pieces back onto their diagnostic."""
    out: list[str] = []
    open_head = False  # the previous line is a diagnostic whose message may go on
    for line in text.splitlines():
        if open_head and line and not line[0].isspace() and not HEAD_RE.match(line) and not FOUND_RE.match(line) \
                and not line.startswith(("Success:", "Found ")):
            out[-1] = f"{out[-1]} {line.strip()}"
            open_head = not re.search(r"  \[[\w-]+\]$", out[-1])
            continue
        out.append(line)
        open_head = bool(HEAD_RE.match(line)) and not re.search(r"  \[[\w-]+\]$", line)
    return "\n".join(out)


def _pyright(text: str) -> list[diagnostics.Diagnostic]:
    """`  file:1:2 - error: message (rule)`; a long message goes on over deeper-indented lines, the rule on the last."""
    found = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = PYRIGHT_RE.match(line)
        if not m:
            continue
        code, indent = m["code"], len(line) - len(line.lstrip())
        for follow in lines[i + 1 : i + 12]:
            if not follow.strip() or len(follow) - len(follow.lstrip()) <= indent:
                break
            rule = re.search(r" \((report\w+)\)$", follow)
            if rule and code is None:
                code = rule.group(1)
        found.append(diagnostics.Diagnostic(m["sev"], clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), code))
    return found


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    if re.search(r"^[ \t]+\^~*$", text, re.M):  # a caret under a source excerpt: the --pretty layout
        text = unwrap_pretty(text)
    facts.diagnostics = diagnostics.gnu(text)
    facts.diagnostics += [
        diagnostics.Diagnostic(m["sev"], clip(m["msg"], 200), m["file"], code=m["code"]) for m in FILE_ERROR_RE.finditer(text)
    ]
    facts.diagnostics += _pyright(text)
    facts.counts = diagnostics.count(facts.diagnostics)
    found = FOUND_RE.search(text)
    if found:
        facts.counts["errors"] = int(found.group(1))
        facts.highlights.append(found.group(0))
    total = PYRIGHT_TOTAL_RE.search(text)
    if total:
        facts.counts["errors"], facts.counts["warnings"] = int(total.group(1)), int(total.group(2))
    success = SUCCESS_RE.search(text)
    if success:
        facts.highlights.append(success.group(0))
        facts.counts = {"errors": 0}
    return facts
