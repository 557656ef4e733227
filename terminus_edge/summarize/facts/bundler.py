"""JavaScript bundlers (esbuild, vite / rolldown / rollup, webpack, rspack): errors with their file:line:col."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "bundler"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(esbuild|webpack|rspack|rollup|rolldown|vite build|parcel build)\b")
OUTPUT_RE = re.compile(r"^✘ \[ERROR\] |^(?:ERROR|WARNING) in \S|compiled with \d+ (?:errors?|warnings?)|^error during build:|^[ \t]*╭─\[ ", re.M)

# esbuild: `✘ [ERROR] Could not resolve "./x"` / blank / `    src/main.js:2:20:`
ESBUILD_RE = re.compile(r"^(?P<sev>✘ \[ERROR\]|▲ \[WARNING\]) (?P<msg>.(?:.*?\S)??)\s*(?:\[[\w-]+\])?\n\n\s+(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+):$", re.M)
ESBUILD_TOTAL_RE = re.compile(r"^(\d+) (errors?|warnings?)(?: and (\d+) (warnings?))?$", re.M)
# rolldown (vite 7+): `[UNRESOLVED_IMPORT] Could not resolve './x' in src/main.js` / `   ╭─[ src/main.js:2:21 ]`
ROLLDOWN_RE = re.compile(r"^\[(?P<code>[A-Z][A-Z_]+)\] (?:Error: |Warning: )?(?P<msg>.+)\n\s*╭─\[ (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+) \]", re.M)
ROLLDOWN_TOTAL_RE = re.compile(r"^Build failed with (\d+) errors?", re.M)
# rollup / older vite: `src/main.js (2:20): message` or `[vite]: Rollup failed to resolve import "x" from "src/main.js".`
ROLLUP_RE = re.compile(r"^(?:\[[\w:-]+\] )?(?P<file>[^\s:()]+\.\w+) \((?P<line>\d+):(?P<col>\d+)\): (?P<msg>.+)$", re.M)
VITE_RESOLVE_RE = re.compile(r"^\[vite\]: Rollup failed to resolve import \"([^\"]+)\" from \"([^\"]+)\"", re.M)
# webpack: `ERROR in ./src/main.js 2:0-34` / `Module not found: Error: Can't resolve './x' in '/app/src'`
WEBPACK_RE = re.compile(r"^(?P<sev>ERROR|WARNING) in (?P<file>\S+?)(?::(?P<line2>\d+):(?P<col2>\d+))?(?: (?P<line>\d+):(?P<col>\d+)(?:-\d+)?)?\n(?P<msg>.+)$", re.M)
WEBPACK_TOTAL_RE = re.compile(r"^(?:webpack|rspack|Rspack) [\d.]+ compiled (successfully|with .+?) in [\d.]+ m?s$", re.M)
RESULT_RE = re.compile(r"^(✗ Build failed in \S+|✓ built in \S+)", re.M)


def _add(facts: Facts, severity: str, message: str, file: str, line, col, code=None) -> None:
    facts.diagnostics.append(Diagnostic(severity, clip(message, 200), file, int(line) if line else None, int(col) if col else None, code))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ESBUILD_RE.finditer(text):
        _add(facts, "error" if "ERROR" in m["sev"] else "warning", m["msg"], m["file"], m["line"], m["col"])
    for m in ROLLDOWN_RE.finditer(text):
        _add(facts, "error", m["msg"], m["file"], m["line"], m["col"], m["code"])
    for m in ROLLUP_RE.finditer(text):
        _add(facts, "error", m["msg"], m["file"], m["line"], m["col"])
    for module, importer in VITE_RESOLVE_RE.findall(text):
        _add(facts, "error", f'failed to resolve import "{module}"', importer, None, None)
    for m in WEBPACK_RE.finditer(text):
        _add(facts, m["sev"].lower(), m["msg"], m["file"], m["line"] or m["line2"], m["col"] or m["col2"])
    counts = {}
    for m in ESBUILD_TOTAL_RE.finditer(text):
        for number, word in ((m.group(1), m.group(2)), (m.group(3), m.group(4))):
            if number:
                counts["errors" if word.startswith("error") else "warnings"] = int(number)
    total = ROLLDOWN_TOTAL_RE.search(text)
    if total:
        counts["errors"] = int(total.group(1))
    webpack = WEBPACK_TOTAL_RE.search(text)
    if webpack:
        facts.highlights.append(webpack.group(0))
        if webpack.group(1) != "successfully":
            counts.update({("errors" if w.startswith("error") else "warnings"): int(n)
                           for n, w in re.findall(r"(?<!\d)(\d+) (errors?|warnings?)", webpack.group(1))})
    facts.highlights += RESULT_RE.findall(text)
    if not counts and facts.diagnostics:
        counts = {k: v for k, v in (("errors", sum(d.severity == "error" for d in facts.diagnostics)),
                                    ("warnings", sum(d.severity == "warning" for d in facts.diagnostics))) if v}
    facts.counts = counts
    return facts
