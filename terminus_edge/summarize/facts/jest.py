"""jest / vitest / mocha: per-test failures (● / ×) and the Tests: totals."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, parse_count_list
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "jest"
COMMAND_RE = re.compile(r"\b(jest|vitest|mocha|ava|react-scripts test|ng test|karma)\b")
OUTPUT_RE = re.compile(r"^Tests:\s+\d+|^[ \t]+Tests\s+\d+ (?:failed|passed)|^[ \t]*\d+ (?:passing|failing) \(|^[ \t]*●\s.+›", re.M)

JEST_TESTS_RE = re.compile(r"^Tests:\s+(.+)$", re.M)
JEST_SUITES_RE = re.compile(r"^Test Suites:\s+(.+)$", re.M)
VITEST_TESTS_RE = re.compile(r"^[ \t]+Tests\s+(.+?)(?:\s+\((\d+)\))?$", re.M)
VITEST_FILES_RE = re.compile(r"^[ \t]+Test Files\s+(.+?(?:\s+\(\d+\))?)$", re.M)
# vitest's failure headers name the file and the test path (`FAIL  src/a.test.ts > suite > test`), or the file
# twice for a suite that failed to load (`FAIL  src/b.test.ts [ src/b.test.ts ]`); jest's `FAIL file` has neither.
VITEST_HEAD_RE = re.compile(r"^[ \t]*FAIL\s+(?P<file>\S+?)(?P<rest>\s+>\s.+|\s+\[ .+ \])$", re.M)
VITEST_AT_RE = re.compile(r"^[ \t]*❯\s+((?:/|\.{0,2}/)?[\w./@-]+\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+)(?::(\d+))?")
JEST_FILE_RE = re.compile(r"^[ \t]*FAIL\s+(\S+)\s*$", re.M)
MOCHA_RE = re.compile(r"^[ \t]+(\d+) (passing|failing|pending)\b", re.M)
BULLET_RE = re.compile(r"^[ \t]*● (.+)$", re.M)
VITEST_FAIL_RE = re.compile(r"^[ \t]*(?:FAIL|×|✗)\s+(.+?)(?:\s+\d+ms)?$", re.M)
MOCHA_FAIL_RE = re.compile(r"^[ \t]+(\d+)\) (.+)$", re.M)
SEPARATOR_RE = re.compile(r"^[ \t]*⎯+")
AT_RE = re.compile(r"\(?(?<![\w./@-])(?:file://)?((?:/|\.{0,2}/)?[\w./@-]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)\)?")


def _detail(text: str, start: int) -> tuple[str | None, str | None]:
    reason, location = None, None
    for line in text[start:].splitlines()[1:30]:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("●") or re.match(r"^\d+\) ", stripped):
            break
        if reason is None and not stripped.startswith(("at ", ">", "|")) and not re.match(r"^\d+ \|", stripped):
            reason = stripped
        elif reason and len(reason) < 150 and (
            re.match(r"^(Expected|Received|expected|actual)\b", stripped)
            or re.match(r"^[-+]\s+(?!Expected\s+-|Received\s+\+)\S", stripped)  # a diff line, not the diff's legend
        ):
            reason += f"; {' '.join(stripped.split())}"
        at = AT_RE.search(stripped) if stripped.startswith("at ") else None
        if at and "node_modules" not in at.group(1) and location is None:
            location = f"{at.group(1)}:{at.group(2)}"
    return (clip(reason, 200) if reason else None), location


def _mocha_failures(section: str) -> list[TestFailure]:
    """Mocha's list after `N failing`: `1) Suite` / `   nested suite` / `   test title:` / `   Error: message` / stack."""
    failures = []
    lines = section.splitlines()
    heads = [i for i, line in enumerate(lines) if MOCHA_FAIL_RE.match(line)]
    for n, i in enumerate(heads):
        block = lines[i + 1 : heads[n + 1] if n + 1 < len(heads) else len(lines)]
        name_parts = [MOCHA_FAIL_RE.match(lines[i]).group(2).strip()]
        reason, location, titled = None, None, name_parts[0].endswith(":")
        for follow in block:
            stripped = follow.strip()
            if not stripped:
                continue
            if not titled:  # the test's path goes on, one title a line, until the one ending with ':'
                name_parts.append(stripped)
                titled = stripped.endswith(":")
            elif reason is None:
                reason = stripped
            elif location is None and stripped.startswith("at "):
                at = AT_RE.search(stripped)
                if at and "node_modules" not in at.group(1) and not at.group(1).startswith("node:"):
                    location = f"{at.group(1)}:{at.group(2)}"
        name = " ".join(name_parts).rstrip(":")
        failures.append(TestFailure(name, clip(reason, 200) if reason else None, location))
    return failures


def _vitest_failures(text: str) -> list[TestFailure]:
    """Each `FAIL  file > suite > test` header, the error line under it and its `❯ file:line:col`."""
    failures = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        head = VITEST_HEAD_RE.match(line)
        if not head:
            continue
        rest = head["rest"].strip()
        name = head["file"] if rest.startswith("[") else f"{head['file']} {rest}"
        reason, location = None, None
        for follow in lines[i + 1 : i + 25]:
            stripped = follow.strip()
            if VITEST_HEAD_RE.match(follow) or SEPARATOR_RE.match(follow):
                break
            at = VITEST_AT_RE.match(follow)
            if at:
                location = location or f"{at.group(1)}:{at.group(2)}"
                continue
            if not stripped or re.match(r"^\d*\s*\|", stripped):
                continue
            if reason is None:
                reason = stripped
            elif location is None and re.match(r"^(Expected|Received)\b", stripped) and len(reason) < 150:
                reason += f"; {stripped}"
        if rest.startswith("[") and reason:
            reason = f"suite failed to load: {reason}"
        failures.append(TestFailure(name, clip(reason, 200) if reason else None, location))
    return failures


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tests = JEST_TESTS_RE.search(text) or VITEST_TESTS_RE.search(text)
    if tests:
        facts.counts = parse_count_list(tests.group(1))
        if tests.re is VITEST_TESTS_RE and tests.group(2):
            facts.counts["total"] = int(tests.group(2))
    else:
        for number, word in MOCHA_RE.findall(text):
            facts.counts[{"passing": "passed", "failing": "failed", "pending": "skipped"}[word]] = int(number)
    suites = JEST_SUITES_RE.search(text) or VITEST_FILES_RE.search(text)
    if suites:
        facts.highlights.append(clip(f"test suites: {suites.group(1)}", 120))
    for m in BULLET_RE.finditer(text):
        name = m.group(1).strip()
        if name == "Console":  # jest's block of a suite's console.log output, not a test
            continue
        if name.startswith("Test suite failed to run"):
            files = JEST_FILE_RE.findall(text, 0, m.start())
            name = f"{files[-1]} (test suite failed to run)" if files else "Test suite failed to run"
        if not any(f.name == name for f in facts.failures):
            # The details follow the bullet's own line.
            reason, location = _detail(text, text.rfind("\n", 0, m.start(1)) + 1)
            facts.failures.append(TestFailure(name, reason, location))
    failing = re.search(r"^[ \t]+\d+ failing\b.*$", text, re.M)
    if not facts.failures and failing:
        facts.failures = _mocha_failures(text[failing.end():])
    if not facts.failures:
        facts.failures = _vitest_failures(text)
    if not facts.failures:
        for m in VITEST_FAIL_RE.finditer(text):
            facts.failures.append(TestFailure(m.group(1).strip()))
    return facts
