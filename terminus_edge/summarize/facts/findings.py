"""Located findings that name no level, in two layouts the shared parsers leave out:

rows      `buf.c:6:12: Possibly null storage p passed as non-null param` (splint), `post.md:4:26: lexical_illusions: …`
          (proselint, ansible-lint: a rule before the message): one finding a row, the row at the start of its line (an
          indented row under it is a remark on it, splint's `   buf.c:5:15: Storage p may become null`);
banners   `Error ----------- index.js:5:11` with the message in the paragraph under it (Flow), `-- TYPE MISMATCH ---- src/Main.elm`.

A fallback: read only when no tool's own parser read diagnostics, and for rows only when no test failure or
traceback was read either (pytest's `tests/test_a.py:4: AssertionError` is a row too). A row carries the level
"finding" unless a word before `error :` / `warning :` gives it one; none is counted: the output prints no tally of them.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "located-findings"
COMMAND_RE = re.compile(r"(?!)")  # chosen by its output only
# a path with an extension, a line, an optional column, one space, then a message that starts with a letter or a quote
# (grep -n's `a.py:12:import os` has no space, an indented source line has several)
ROW_RE = re.compile(
    r"^(?P<file>[^\s:()\"'][^:\s]*\.\w+):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>[A-Za-z'\"`].*)$", re.M)
# the rule before the message: proselint's `cliches.misc.garner: …` / `uncomparables: …`, ansible-lint's `fqcn[action-core]: …`
# (ansible-lint's `name[play][/]: …` leaks rich's closing tag `[/]`: markup, not part of the rule)
RULE_RE = re.compile(r"^(?P<rule>[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*(?:\[[\w-]+\])?)(?:\[/\])?: (?P<msg>.+)$")
LEVEL_RE = re.compile(r"^(?:fatal error|error|warning|fatal|note|info|style|performance|portability|information)\b", re.I)
# a level behind a word: xmllint's `feed.xml:5: parser error : …`, `validity warning : …`
KIND_LEVEL_RE = re.compile(r"^[a-z]+ (?P<level>error|warning) ?: ", re.I)
BANNER_RE = re.compile(
    r"^(?:(?P<sev>Error|Warning)|-- (?P<title>[A-Z][A-Z ]+[A-Z])) -{3,} (?P<file>[^\s:]+?)(?::(?P<line>\d+):(?P<col>\d+))?$", re.M)
TRAILING_RULE_RE = re.compile(r"\[([a-z][\w-]*)\]$")
TALLY_RE = re.compile(r"^Found \d+ (?:errors?|warnings?)(?: and \d+ warnings?)?$|\bout of \d+ (?:errors?|warnings?)(?: and \d+ warnings?)? displayed\)$", re.M)
TALLY_PART_RE = re.compile(r"(\d+) (error|warning)s?")
MIN_ROWS = 2  # one row alone is any program's error line; the generic fallback keeps it as it is
OUTPUT_RE = re.compile(re.sub(r"\?P<\w+>", "?:", f"{ROW_RE.pattern}|{BANNER_RE.pattern}"), re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = banners(text)
    if facts.diagnostics:
        # each banner says Error or Warning itself; a closing tally counts those not shown too (Flow shows 50:
        # `... 11 more warnings (only 50 out of 1 error and 60 warnings displayed)`, `Found 4 errors`)
        facts.counts = diagnostics.count(facts.diagnostics)
        tallies = list(TALLY_RE.finditer(text))
        if tallies:
            said = {word if word.endswith("s") else word + "s": int(n) for n, word in TALLY_PART_RE.findall(tallies[-1].group(0))}
            facts.counts = {k: said[k] for k in ("errors", "warnings") if said.get(k)}
    else:
        facts.diagnostics = rows(text)
    return facts


def rows(text: str, minimum: int = MIN_ROWS) -> list[Diagnostic]:
    """The rows with no level word; rows that have one (`a.c:3: warning: …`, the GNU layout) are gnu.py's."""
    out = []
    for m in ROW_RE.finditer(text):
        message = m["msg"]
        if LEVEL_RE.match(message):
            continue
        rule = RULE_RE.match(message)
        code = rule["rule"] if rule else None
        level = KIND_LEVEL_RE.match(message)
        severity = level["level"].lower() if level else "finding"
        out.append(Diagnostic(severity, clip(rule["msg"] if rule else message, 200), m["file"], int(m["line"]),
                              int(m["col"]) if m["col"] else None, code))
    return out if len(out) >= minimum else []


def banners(text: str) -> list[Diagnostic]:
    """Each banner's message: the first paragraph under it (up to a blank line), joined."""
    out = []
    for m in BANNER_RE.finditer(text):
        paragraph: list[str] = []
        for line in text[m.end() + 1 : m.end() + 2000].splitlines()[:12]:  # a bounded slice: one banner, not the rest
            if not line.strip():
                if paragraph:
                    break
                continue
            paragraph.append(line.strip())
        severity = (m["sev"] or "error").lower()
        message = " ".join(paragraph)
        rule = TRAILING_RULE_RE.search(message)  # Flow's `… [incompatible-type]`
        code = m["title"].lower().replace(" ", "-") if m["title"] else rule.group(1) if rule else None
        if rule and not m["title"]:
            message = message[: rule.start()].rstrip()
        line_no = int(m["line"]) if m["line"] else None
        out.append(Diagnostic(severity, clip(message, 200), m["file"], line_no, int(m["col"]) if m["col"] else None, code))
    return out
