"""eslint (stylish and unix/compact formats), standard's own rows, and linters printing the same layouts: stylelint (✖ / ⚠ rows, its
`--formatter unix` and `compact`), yamllint (`(rule)` after the message; `-f parsable`), markdownlint
(`file:line[:col] error MD013/line-length message`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "eslint"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(eslint|stylelint|next lint|xo|standard|yamllint|markdownlint(?:-cli2)?)\b|\bnpm run lint\b")
OUTPUT_RE = re.compile(
    r"^✖ \d+ problems? \(|^Oops! Something went wrong! :\(|^[ \t]+\d+:\d+\s+(?:error|warning|✖|⚠)\s+.+\s{2,}\(?[\w@/-]+\)?$"
    r"|^[^\s:]+:\d+(?::\d+)? (?:error|warning) [A-Z]+\d+/[\w/-]+ "
    r"|^[^\s:]+: line \d+, col \d+, (?:[Ee]rror|[Ww]arning) - |^[^\s:]+:\d+:\d+: \[(?:error|warning)\] ", re.M)

SEVERITY = {"error": "error", "warning": "warning", "✖": "error", "⚠": "warning"}
ROW_RE = re.compile(r"^[ \t]+(?P<line>\d+):(?P<col>\d+)\s+(?P<sev>error|warning|✖|⚠)\s+(?P<msg>.+?)(?:\s{2,}\(?(?P<rule>[\w@/.-]+)\)?)?$")
# markdownlint: `README.md:12:81 error MD013/line-length Line length [Expected: 80; Actual: 118]` (the column is optional)
RULE_FIRST_RE = re.compile(r"^(?P<rule>[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)+)\s{2,}(?P<msg>\S.*?)(?:\s{2,}(?P<path>\S+))?$")
RULE_ROW_RE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+)(?::(?P<col>\d+))? (?P<sev>error|warning) (?P<rule>[A-Z]+\d+)/[\w/-]+ (?P<msg>.+)$", re.M)
FILE_RE = re.compile(r"^(/|\.{0,2}/|[A-Za-z]:\\|\w)[^\s:]*\.\w+$")
UNIX_RE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+?) \[(?P<sev>Error|Warning)/(?P<rule>[\w@/.-]+)\]$", re.M)
# stylelint `--formatter unix`: `src/a.css:8:3: Unknown property "colr" (property-no-unknown) [error]`
BRACKET_LEVEL_RE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+?) \((?P<rule>[\w@/.-]+)\) \[(?P<sev>error|warning)\]$", re.M)
# standard / semistandard / ts-standard: `  /x/lib/a.js:4:3: 'total' is not defined. (no-undef)`, ` (warning)` after a warning
STANDARD_RE = re.compile(
    r"^[ \t]+(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+?) \((?P<rule>[\w@/.-]+)\)(?P<warning> \(warning\))?$", re.M)
# eslint / stylelint `compact`: `src/a.css: line 8, col 3, error - Unknown property "colr" (property-no-unknown)`
COMPACT_RE = re.compile(
    r"^(?P<file>[^\s:]+): line (?P<line>\d+), col (?P<col>\d+), (?P<sev>[Ee]rror|[Ww]arning) - (?P<msg>.+?)(?: \((?P<rule>[\w@/.-]+)\))?$", re.M)
# yamllint `-f parsable`: `ci.yml:13:9: [error] duplication of key "name" in mapping (key-duplicates)`
PARSABLE_RE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): \[(?P<sev>error|warning)\] (?P<msg>.+?)(?: \((?P<rule>[\w@/.-]+)\))?$", re.M)
TOTAL_RE = re.compile(r"^(?:✖ )?(\d+) problems? \((\d+) errors?, (\d+) warnings?\)", re.M)
MAX_WARNINGS_RE = re.compile(r"^(ESLint found too many warnings \(maximum: \d+\)\.)", re.M)
# A crash: `Oops! Something went wrong! :(` / blank / `ESLint: 10.1.0` / blank / the reason
OOPS_RE = re.compile(r"^Oops! Something went wrong! :\(\s*\n(?:\s*\n)*(?:ESLint: [\d.]+\s*\n)?(?:\s*\n)*(.+)$", re.M)
# eslint: `1 error and 2 warnings potentially fixable with the `--fix` option.`; stylelint: `2 errors potentially fixable with the "--fix" option.`
FIXABLE_RE = re.compile(r"^[ \t]+(\d+ errors?(?: and \d+ warnings?)?|\d+ warnings?) potentially fixable with the [`\"]--fix[`\"] option", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    current = None
    for line in text.splitlines():
        if FILE_RE.match(line):
            current = line.strip()
            continue
        row = ROW_RE.match(line)
        if row and current:
            message, rule = row["msg"], row["rule"]
            first = RULE_FIRST_RE.match(line[row.end("sev"):].strip())
            if first:  # spectral's order: rule, message, then the document path (`paths./items/{id}.get`)
                rule, message = first["rule"], first["msg"] + (f" (at {first['path']})" if first["path"] else "")
            facts.diagnostics.append(
                Diagnostic(SEVERITY[row["sev"]], clip(message, 200), current, int(row["line"]), int(row["col"]), rule)
            )
    for m in RULE_ROW_RE.finditer(text):
        col = int(m["col"]) if m["col"] else None
        facts.diagnostics.append(Diagnostic(m["sev"], clip(m["msg"], 200), m["file"], int(m["line"]), col, m["rule"]))
    for pattern in (UNIX_RE, BRACKET_LEVEL_RE, COMPACT_RE, PARSABLE_RE):
        for m in pattern.finditer(text):
            facts.diagnostics.append(
                Diagnostic(m["sev"].lower(), clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["rule"]))
    for m in STANDARD_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("warning" if m["warning"] else "error", clip(m["msg"], 200), m["file"],
                                            int(m["line"]), int(m["col"]), m["rule"]))
    total = TOTAL_RE.search(text)
    if total:
        facts.counts = {"errors": int(total.group(2)), "warnings": int(total.group(3))}
    else:
        errors = sum(d.severity == "error" for d in facts.diagnostics)
        warnings = sum(d.severity == "warning" for d in facts.diagnostics)
        facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    facts.errors += [m.rstrip(".") for m in MAX_WARNINGS_RE.findall(text)]  # warnings alone made it fail: say why
    facts.errors += [clip(f"Oops! Something went wrong! {reason.strip().rstrip('.')}", 200) for reason in OOPS_RE.findall(text)]
    fixable = FIXABLE_RE.search(text)
    if fixable:
        facts.highlights.append(f"{fixable.group(1)} potentially fixable with --fix")
    return facts
