"""perlcritic (Perl::Critic): `report.pl: "die" used instead of "croak" at line 6, column 32.  See page 283 of PBP.
(Severity: 3)` per violation (the `file: ` part only when several files were critiqued), `lib/Calc.pm source OK`
(or plain `source OK`) for a clean file. Severity is the policy's 1-5 (5 the gravest): the tool's own level, kept as
`severity N`, since perlcritic names neither errors nor warnings."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "perlcritic"
COMMAND_RE = re.compile(r"(^|[\s/;&|])perlcritic\b")
OUTPUT_RE = re.compile(r" at line \d+, column \d+\.  [^\n]{0,300}\(Severity: \d\)$|^\S+\.(?:pl|pm|t) source OK$", re.M)

SEVERITY_RE = re.compile(r"  \(Severity: (\d)\)$")
PLACE_RE = re.compile(r"(\d+), column (\d+)\.")
FILE_RE = re.compile(r"([^\s:]+): ")  # `lib/Calc.pm: ` before the message: a path, with a dot or a slash
OK_RE = re.compile(r"^(?:(\S+) )?source OK$", re.M)
PROBLEM_RE = re.compile(r"^Problem while critiquing [^\n]+$", re.M)


def _violation(line: str) -> Diagnostic | None:
    severity = SEVERITY_RE.search(line)
    if not severity:
        return None
    head, found, rest = line[: severity.start()].rpartition(" at line ")  # the message may itself say "at line"
    place = PLACE_RE.match(rest) if found else None
    if not place:
        return None
    file = FILE_RE.match(head)
    file = file if file and ("." in file.group(1) or "/" in file.group(1)) else None
    message = head[file.end():] if file else head
    return Diagnostic(f"severity {severity.group(1)}", clip(message, 200), file.group(1) if file else None,
                      int(place.group(1)), int(place.group(2)))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = [d for d in map(_violation, text.splitlines()) if d]
    if facts.diagnostics:
        levels: dict[str, int] = {}
        for d in sorted(facts.diagnostics, key=lambda d: d.severity, reverse=True):
            levels[d.severity] = levels.get(d.severity, 0) + 1
        n = len(facts.diagnostics)
        facts.highlights.append(f"{n} perlcritic violation{'s' if n != 1 else ''} ("
                                + ", ".join(f"{k} ×{v}" for k, v in levels.items()) + ")")
    facts.highlights += [f"{m.group(1)} source OK" if m.group(1) else "source OK" for m in OK_RE.finditer(text)]
    facts.errors += [clip(m.group(0), 200) for m in PROBLEM_RE.finditer(text)]
    return facts
