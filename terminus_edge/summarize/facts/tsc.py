"""tsc: `file(line,col): error TS2322: message` (and the --pretty `file:line:col - error TS…` layout); deno check's
`TS2322 [ERROR]: message` with its place on an `at file:///…:line:col` line below the source excerpt."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "tsc"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(tsc|vue-tsc|tsc-watch|deno check)\b|\btype-?check\b")
OUTPUT_RE = re.compile(r"error TS\d+:|^TS\d+ \[(?:ERROR|WARNING)\]: ", re.M)

PRETTY_RE = re.compile(r"^(?P<file>\S+\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+) - (?P<sev>error|warning) (?P<code>TS\d+): (?P<msg>.*)$", re.M)
# Project-level errors have no location: `error TS18003: No inputs were found in config file ...`
BARE_RE = re.compile(r"^(?P<sev>error|warning) (?P<code>TS\d+): (?P<msg>.+)$", re.M)
DENO_RE = re.compile(r"^(?P<code>TS\d+) \[(?P<sev>ERROR|WARNING)\]: (?P<msg>.+)$", re.M)
# The first `at` line within the excerpt below it (a related place, `'name' is declared here.`, is indented further).
DENO_AT_RE = re.compile(r"(?:.*\n){0,6}?[ \t]{1,4}at (?:file://)?(?P<file>[^\s()]+?):(?P<line>\d+):(?P<col>\d+)$", re.M)
FOUND_RE = re.compile(r"^Found (\d+) errors?(?: in (\d+) files?)?", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = [d for d in diagnostics.paren(text) if d.code and d.code.startswith("TS")]
    diags += [Diagnostic(m["sev"], m["msg"], m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in PRETTY_RE.finditer(text)]
    diags += [d for d in diagnostics.gnu(text) if d.code is None and re.match(r"TS\d+", d.message or "")]
    diags += [Diagnostic(m["sev"], clip(m["msg"], 200), None, None, None, m["code"]) for m in BARE_RE.finditer(text)]
    diags += [_deno(m, text) for m in DENO_RE.finditer(text)]
    facts.diagnostics = diags
    facts.counts = diagnostics.count(diags)
    found = FOUND_RE.search(text)
    if found:
        facts.counts["errors"] = int(found.group(1))
        if found.group(2):  # `Found 4 errors in 2 files.` (--pretty): how far the errors spread
            facts.highlights.append(f"errors in {plural(int(found.group(2)), 'file')}")
    return facts


def _deno(m: re.Match, text: str) -> Diagnostic:
    at = DENO_AT_RE.match(text, m.end() + 1)
    place = (at["file"], int(at["line"]), int(at["col"])) if at else (None, None, None)
    return Diagnostic(m["sev"].lower(), clip(m["msg"], 200), *place, m["code"])
