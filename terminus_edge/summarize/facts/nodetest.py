"""node --test (TAP and spec reporters) and other TAP producers (tap, tape, prove)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "node-test"
COMMAND_RE = re.compile(r"\bnode\b.*--test\b|\b(tap|tape|prove)\b|\bnode --test")
OUTPUT_RE = re.compile(r"^TAP version \d+|^# (?:tests|pass|fail) \d+$|^ℹ (?:tests|pass|fail) \d+$", re.M)

TOTAL_RE = re.compile(r"^(?:#|ℹ) (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$", re.M)
NOT_OK_RE = re.compile(r"^([ \t]*)not ok \d+ - (.+?)(?:\s+#\s*(?:TODO|SKIP).*)?$", re.M)
SPEC_FAIL_RE = re.compile(r"^([ \t]*)✖ (.+?)(?: \([\d.]+m?s\))?$", re.M)


def _yaml_block(text: str, start: int) -> dict[str, str]:
    """The `---` … `...` diagnostics block after a TAP `not ok` line: key -> first value line."""
    info: dict[str, str] = {}
    lines = text[start:].splitlines()[1:80]
    if not lines or lines[0].strip() != "---":
        return info
    key = None
    for line in lines[1:]:
        stripped = line.strip()
        if stripped == "...":
            break
        m = re.match(r"^(\w+):\s*(.*)$", stripped)
        if m and m.group(1) in ("location", "error", "expected", "actual", "code", "name", "operator", "failureType"):
            key, value = m.group(1), m.group(2)
            info[key] = "" if value in ("|-", "|", ">-") else value.strip("'\"")
        elif key == "error" and not info.get("error") and stripped:
            info["error"] = stripped
    return info


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    totals = {k: int(v) for k, v in TOTAL_RE.findall(text)}
    if totals:
        mapping = {"fail": "failed", "pass": "passed", "skipped": "skipped", "todo": "todo", "cancelled": "cancelled"}
        if "tests" in totals:
            facts.counts["total"] = totals["tests"]
        for key, name in mapping.items():
            if key in totals and (totals[key] or key in ("fail", "pass")):
                facts.counts[name] = totals[key]
    for m in NOT_OK_RE.finditer(text):
        info = _yaml_block(text, m.end())
        if info.get("failureType") == "subtestsFailed" or "type: 'suite'" in text[m.end(): m.end() + 200]:
            continue  # a suite fails because a child failed; the child is listed itself
        reason = info.get("error") or ""
        if "actual" in info and info["actual"]:
            reason += f" (actual {info['actual']}, expected {info.get('expected', '?')})"
        location = info.get("location", "").replace("file://", "") or None
        facts.failures.append(TestFailure(m.group(2).strip(), clip(reason, 200) or None, location))
    if not facts.failures:
        lines = text.splitlines()
        for i, line in enumerate(lines):
            m = SPEC_FAIL_RE.match(line)
            if m and not m.group(2).startswith("failing tests"):
                following = [l.strip() for l in lines[i + 1 : i + 6] if l.strip() and not l.strip().startswith("at ")]
                detail = following[0] if following else ""
                if detail.endswith(":") and len(following) > 1:
                    detail = f"{detail} {following[1]}"
                if not any(f.name == m.group(2) for f in facts.failures):
                    facts.failures.append(TestFailure(m.group(2), clip(detail, 200) or None))
    return facts
