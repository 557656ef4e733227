"""dotnet build / test (msbuild diagnostics CS/NU/MSB codes, Passed!/Failed! totals, failed tests)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "dotnet"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(dotnet|msbuild|xbuild|csc|mcs|nuget)\b")
OUTPUT_RE = re.compile(r"error (?:CS|MSB|NU|NETSDK)\d+:|^Build (?:succeeded|FAILED)\.|^(?:Passed|Failed)!\s+-\s+Failed:|^Compilation failed: \d+ error", re.M)

TEST_TOTAL_RE = re.compile(r"^(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+), Total:\s+(\d+)", re.M)
VSTEST_TOTAL_RE = re.compile(r"^Total tests: (\d+)\s*\n\s+Passed: (\d+)(?:\s*\n\s+Failed: (\d+))?", re.M)
FAILED_TEST_RE = re.compile(r"^[ \t]+Failed (\S+) \[[^\]]*\]$", re.M)
# Errors without a source location, named by the tool that raised them: `CSC : error CS5001: ...`,
# `MSBUILD : error MSB1009: Project file does not exist.`, mono's `CSC: error CS0518: ...`
BARE_RE = re.compile(r"^[ \t]*(?P<origin>[A-Za-z][\w.-]*) ?: (?P<sev>error|warning) (?P<code>[A-Z]+\d+): (?P<msg>.+?)\s*(?:\[[^\]]*\])?$", re.M)
MCS_TOTAL_RE = re.compile(r"^Compilation (?:failed|succeeded)(?:: (\d+) error\(s\), (\d+) warnings?)?", re.M)
COUNT_RE = re.compile(r"^[ \t]+(\d+) (Warning|Error)\(s\)$", re.M)
RESULT_RE = re.compile(r"^(Build succeeded\.|Build FAILED\.)", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    seen = set()
    for d in diagnostics.paren(text) + [d for d in diagnostics.gnu(text) if d.code and re.match(r"(CS|MSB|NU|NETSDK)\d+", d.code or "")]:
        key = (d.file, d.line, d.col, d.code)
        if key not in seen:  # msbuild repeats every diagnostic in its final summary
            seen.add(key)
            facts.diagnostics.append(d)
    for m in BARE_RE.finditer(text):
        key = (None, None, None, m["code"], m["msg"])
        if key not in seen:
            seen.add(key)
            facts.diagnostics.append(diagnostics.Diagnostic(m["sev"], clip(m["msg"], 200), code=m["code"]))
    for message in re.findall(r"^[ \t]*(?:\S+ : )?error (?:MSB|NU|NETSDK)\d+: .+$", text, re.M):
        if not any(message.strip().endswith(d.message) for d in facts.diagnostics):
            facts.errors.append(clip(message.strip(), 200))
    counts = {word.lower() + "s": int(n) for n, word in COUNT_RE.findall(text)}
    facts.counts = {k: counts[k] for k in ("errors", "warnings") if k in counts} or diagnostics.count(facts.diagnostics)
    mcs = MCS_TOTAL_RE.search(text)
    if mcs and mcs.group(1):
        facts.counts = {"errors": int(mcs.group(1)), "warnings": int(mcs.group(2))}
    total = TEST_TOTAL_RE.search(text)
    vstest = VSTEST_TOTAL_RE.search(text)
    if total:
        failed, passed, skipped, run = (int(x) for x in total.groups())
        facts.counts = {"total": run, "failed": failed, "passed": passed, "skipped": skipped}
        facts.count_unit = "tests"
    elif vstest:
        facts.counts = {"total": int(vstest.group(1)), "failed": int(vstest.group(3) or 0), "passed": int(vstest.group(2))}
        facts.count_unit = "tests"
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = FAILED_TEST_RE.match(line)
        if m:
            detail = next((l.strip() for l in lines[i + 1 : i + 5] if l.strip() and not l.strip().startswith("Error Message:")), None)
            facts.failures.append(TestFailure(m.group(1), clip(detail, 200) if detail else None))
    for result in RESULT_RE.findall(text):
        facts.highlights.append(result.rstrip("."))
    return facts
