"""semgrep's text report: a boxed `N Code Findings` header, then per file (indented 4) each rule id after its severity
marks (`❯❯❱` error, `❯❱` warning, `❱` info), its message (indented, maybe wrapped over lines) and the numbered source
lines (`  6┆ subprocess.call(…)`); `Ran 3 rules on 5 files: 3 findings.` closes it. (`--json` is read by jsonreport.)"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "semgrep"
COMMAND_RE = re.compile(r"(^|[\s/;&|])semgrep\b")
OUTPUT_RE = re.compile(r"^│ \d+ (?:Code |Supply Chain |Secrets )?Findings? │$|^Ran \d+ rules? on \d+ files?: \d+ findings?\.$", re.M)

MARKS = {"❯❯❱": "error", "❯❱": "warning", "❱": "info"}
RULE_RE = re.compile(r"^[ \t]+(❯❯❱|❯❱|❱) (\S+)\s*$")
FILE_RE = re.compile(r"^ {4}(?! )(\S+)\s*$")
SOURCE_RE = re.compile(r"^[ \t]+(\d+)┆")
BLOCKING_RE = re.compile(r"^[ \t]+❰❰ .* ❱❱\s*$")
SEPARATOR_RE = re.compile(r"^[ \t]+⋮┆-+\s*$")
RAN_RE = re.compile(r"^(Ran \d+ rules? on \d+ files?: \d+ findings?\.)$", re.M)
BLOCKING_COUNT_RE = re.compile(r"^ • (Findings: \d+ \(\d+ blocking\))$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    file = None
    rule: tuple[str, str] | None = None  # (severity, rule id) of the finding being read
    message: list[str] = []

    def close(line_number: int | None) -> None:
        nonlocal rule, message
        if rule and file:
            facts.diagnostics.append(Diagnostic(rule[0], clip(" ".join(message), 200), file, line_number, None, rule[1]))
        rule, message = None, []

    for line in text.splitlines():
        found = RULE_RE.match(line)
        source = SOURCE_RE.match(line)
        if found:
            close(None)
            rule = (MARKS[found.group(1)], found.group(2))
        elif source:
            close(int(source.group(1)))  # the first numbered line is where the finding is; the rest is its excerpt
        elif SEPARATOR_RE.match(line) and file and facts.diagnostics and facts.diagnostics[-1].file == file:
            last = facts.diagnostics[-1]  # `⋮┆----`: the same rule matched again further down the file
            rule, message = (last.severity, last.code or ""), [last.message]
        elif rule and line.strip() and not BLOCKING_RE.match(line):
            message.append(line.strip())
        elif not rule and FILE_RE.match(line):
            file = FILE_RE.match(line).group(1)
    close(None)
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    facts.highlights += RAN_RE.findall(text)[-1:] + BLOCKING_COUNT_RE.findall(text)[-1:]
    return facts
