"""Located diagnostics in the GNU layout from any tool no other family reads: `file:line[:col]: error|warning: message`
(doxygen, valac, yasm, bison, asn1c, …). The GNU Coding Standards ask every program to report so, so the layout
alone is enough to read them; the registry skips this family when a tool's own parser already found diagnostics."""

from __future__ import annotations

import re
from dataclasses import replace

from terminus_edge.summarize.facts import diagnostics, findings
from terminus_edge.summarize.facts.types import Facts

NAME = "gnu-diagnostics"
COMMAND_RE = re.compile(r"(?!)")  # chosen by its output only
OUTPUT_RE = re.compile(r"^[^\s:()][^:\s]*?:\d+(?:[:.]\d+)?(?:-\d+(?:[.:]\d+)?)?:[ \t]*(?:fatal error|error|warning):", re.M | re.I)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    # yasm's `boot.asm:7: error:  (Each undefined symbol is reported only once.)` only remarks on the line before it
    facts.diagnostics = [d for d in diagnostics.gnu(text) if not (d.message.startswith("(") and d.message.endswith(")"))]
    facts.diagnostics += _unleveled_errors(text, {d.file for d in facts.diagnostics})
    facts.counts = diagnostics.count(facts.diagnostics)
    return facts


def _unleveled_errors(text: str, files: set[str | None]) -> list:
    """Rows with no level in a file the leveled rows name: the same program's errors. The GNU standards mark a warning
    `warning:`; GNU's error_at_line prints an error with no level (msgfmt's `po/fr.po:12: number of format
    specifications in 'msgid' and 'msgstr' does not match` beside its header warnings)."""
    return [replace(d, severity="error") for d in findings.rows(text, minimum=1) if d.severity == "finding" and d.file in files]
