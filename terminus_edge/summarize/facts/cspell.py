"""cspell (the code spell checker): `README.md:3:1 - Unknown word (Calcualte) fix: (Calculate)` per finding, then
`CSpell: Files checked: 2, Issues found: 3 in 1 file.`"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "cspell"
COMMAND_RE = re.compile(r"(^|[\s/;&|])cspell\b")
OUTPUT_RE = re.compile(r"^CSpell: Files checked: \d+, Issues found: \d+", re.M)

ROW_RE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+) - Unknown word \((?P<word>[^)]+)\)(?: fix: \((?P<fix>[^)]+)\))?", re.M)
TALLY_RE = re.compile(r"^CSpell: Files checked: (\d+), Issues found: (\d+)(?: in (\d+) files?)?", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ROW_RE.finditer(text):
        fix = f", fix: {m['fix']}" if m["fix"] else ""
        facts.diagnostics.append(Diagnostic("error", f"unknown word {m['word']}{fix}", m["file"], int(m["line"]), int(m["col"])))
    tally = TALLY_RE.search(text)
    if tally:
        issues = int(tally.group(2))
        facts.counts["errors"] = issues
        where = f" in {plural(int(tally.group(3)), 'file')}" if tally.group(3) else ""
        facts.highlights.append(f"{plural(issues, 'issue')} (unknown words){where}, {plural(int(tally.group(1)), 'file')} checked")
    return facts
