"""Automake's parallel test harness (`make check` in autotools projects): `PASS: t_add.sh`, `FAIL: t_div.sh`,
`SKIP:`, `XFAIL:`, `XPASS:`, `ERROR:` rows (TAP tests add `1 - description`), then `Testsuite summary for pkg 1.0`
with `# TOTAL: 5`, `# PASS:  1`, … `# ERROR: 1`. The rows are read only when that summary is there: `ERROR: …`
alone is many tools' log line."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "automake"
COMMAND_RE = re.compile(r"(^|[\s/;&|])make (?:-\S+ )*(?:check|distcheck)\b")
OUTPUT_RE = re.compile(r"^Testsuite summary for \S|^# TOTAL: \d+$", re.M)  # one line each: detection may see lines deduplicated

ROW_RE = re.compile(r"^(FAIL|XPASS|ERROR): (\S+)(?: (\d+ .*))?$", re.M)
TALLY_RE = re.compile(r"^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):[ \t]+(\d+)$", re.M)
LOG_RE = re.compile(r"^See (\S+\.log)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = {k: int(v) for k, v in TALLY_RE.findall(text)}
    if "TOTAL" not in tally:
        return facts
    facts.counts = {"total": tally["TOTAL"], "failed": tally.get("FAIL", 0) + tally.get("XPASS", 0),
                    "errors": tally.get("ERROR", 0), "passed": tally.get("PASS", 0)}
    for key, name in (("SKIP", "skipped"), ("XFAIL", "xfailed"), ("XPASS", "xpassed")):
        if tally.get(key):
            facts.counts[name] = tally[key]
    for result, test, detail in ROW_RE.findall(text):
        kind = "error" if result == "ERROR" else "failed"
        reason = "passed but was expected to fail" if result == "XPASS" else (clip(detail, 160) if detail else None)
        facts.failures.append(TestFailure(test, reason, None, kind))
    log = LOG_RE.search(text)
    if log and facts.failures:
        facts.highlights.append(f"details in {log.group(1)}")
    return facts
