"""`R CMD check`: one `* checking … ... OK` line a check, those that are not OK (`... ERROR`, `... WARNING`, `... NOTE`)
with what they found on the lines under them, and the verdict `Status: 1 ERROR, 3 WARNINGs, 2 NOTEs` (or `Status: OK`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "r-cmd-check"
COMMAND_RE = re.compile(r"(^|[\s/;&|])R CMD check\b")
OUTPUT_RE = re.compile(r"^\* checking .+ \.\.\. (?:ERROR|WARNING|NOTE)$|^Status: (?:OK|\d+ (?:ERROR|WARNING|NOTE))", re.M)
CHECK_RE = re.compile(r"^\* (?P<what>checking .+?) \.\.\. ?(?P<level>ERROR|WARNING|NOTE)\n(?P<body>(?:(?!\* ).*\n?){0,16})", re.M)
# an R error under a failed check (examples, tests): `Error in f(x) :` and its message on the next line
R_ERROR_RE = re.compile(r"^(Error(?: in .+?)? ?:)[ \t]*(\S.*)?(?:\n[ \t]+(\S.*))?", re.M)
STATUS_RE = re.compile(r"^Status: (OK|\d+ \w+(?:, \d+ \w+)*)$", re.M)
LEVELS = {"ERROR": "error", "WARNING": "warning", "NOTE": "note"}
COUNT_RE = re.compile(r"(\d+) (ERROR|WARNING|NOTE)")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in CHECK_RE.finditer(text):
        error = R_ERROR_RE.search(m["body"])
        found = " ".join(part for part in error.groups() if part) if error else ""
        found = found or next((line.strip() for line in m["body"].splitlines()[:4] if line.strip()), "")
        message = f"{m['what']}: {found}" if found else m["what"]
        facts.diagnostics.append(Diagnostic(LEVELS[m["level"]], clip(message, 200)))
    status = STATUS_RE.findall(text)
    if status:
        facts.highlights.append(f"Status: {status[-1]}")
        said = {level: int(n) for n, level in COUNT_RE.findall(status[-1])}
        facts.counts = {k: said[level] for k, level in (("errors", "ERROR"), ("warnings", "WARNING")) if said.get(level)}
    return facts
