"""Linters whose rows are a place, a rule and a message, in the layouts the shared parsers leave out:
`Dockerfile:5 DL4000 error: MAINTAINER is deprecated` (hadolint: code, then level), `README.md:4:1: MD004: Inconsistent …`
(pymarkdown: a colon after the code), `CMakeLists.txt:06: [C0301] Line too long` (cmake-lint: the code in brackets),
`docs/index.rst:2: D000 Title underline too short.` (doc8), `util.cc:6:  Never use sprintf.  [runtime/printf] [5]`
(cpplint: the category and confidence last), `Warning 26 in paper.tex line 3: You ought to …` (chktex), `E3006 Resource
type 'AWS::SQS::Queu' does not exist` with its place alone on the next line, `stack.yaml:13:5` (cfn-lint)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "rule-codes"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(hadolint|pymarkdown(?:lnt)?|cmake-lint|doc8|cpplint|chktex)\b")
CODE = r"[A-Z]{1,4}\d{3,4}"
ROW_RE = re.compile(
    rf"^(?P<file>[^\s:][^:\n]*?):(?P<line>\d+)(?::(?P<col>\d+))?(?:"
    rf" (?P<code1>{CODE}) (?P<sev>error|warning|info|style): "  # hadolint
    rf"|: (?P<code2>{CODE}):? "  # pymarkdown, doc8
    rf"|: \[(?P<code3>{CODE})\] )"  # cmake-lint
    r"(?P<msg>.+)$", re.M)
CPPLINT_RE = re.compile(r"^(?P<file>[^\s:][^:\n]*?):(?P<line>\d+):  (?P<msg>.+?)  \[(?P<code>[\w/+-]+)\] \[\d\]$", re.M)
CHKTEX_RE = re.compile(r"^(?P<sev>Warning|Error|Message) (?P<code>\d+) in (?P<file>\S+) line (?P<line>\d+): (?P<msg>.+)$", re.M)
PLACE_BELOW_RE = re.compile(rf"^(?P<code>{CODE}) (?P<msg>.+)\n(?P<file>[^\s:]+\.\w+):(?P<line>\d+):(?P<col>\d+)$", re.M)
OUTPUT_RE = re.compile(re.sub(r"\?P<\w+>", "?:", "|".join(r.pattern for r in (ROW_RE, CPPLINT_RE, CHKTEX_RE, PLACE_BELOW_RE))), re.M)
# cmake-lint's code letters, as pylint's; cfn-lint's E, W and I
LEVELS = {"C": "convention", "R": "refactor", "W": "warning", "E": "error", "I": "info"}
TOTAL_RE = re.compile(r"^(?:Total errors found|Total accumulated errors) ?[:=] ?(\d+)$", re.M)  # cpplint, doc8


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ROW_RE.finditer(text):
        code = m["code1"] or m["code2"] or m["code3"]
        severity = m["sev"] or (LEVELS.get(code[0], "error") if m["code3"] else "error")
        col = int(m["col"]) if m["col"] else None
        facts.diagnostics.append(Diagnostic(severity, clip(m["msg"], 200), m["file"], int(m["line"]), col, code))
    for m in CPPLINT_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("error", clip(m["msg"], 200), m["file"], int(m["line"]), None, m["code"]))
    for m in PLACE_BELOW_RE.finditer(text):
        severity = LEVELS.get(m["code"][0], "error")
        facts.diagnostics.append(Diagnostic(severity, clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["code"]))
    for m in CHKTEX_RE.finditer(text):
        severity = {"Message": "info"}.get(m["sev"], m["sev"].lower())
        facts.diagnostics.append(Diagnostic(severity, clip(m["msg"], 200), m["file"], int(m["line"]), None, m["code"]))
    facts.counts = diagnostics.count(facts.diagnostics)
    total = TOTAL_RE.search(text)
    if total:
        facts.counts["errors"] = int(total[1])
    return facts
