"""PHPUnit (also Pest / ParaTest, which print its report): `There were 2 failures:` sections of numbered entries
(`1) CartTest::testCount`, the reason on the next line, the test's `path:line` last), and the closing tally
`Tests: 8, Assertions: 5, Errors: 1, Failures: 2, Skipped: 1, Incomplete: 1.` or `OK (3 tests, 3 assertions)`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "phpunit"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(phpunit|pest|paratest)\b")
OUTPUT_RE = re.compile(r"^PHPUnit \d+\.\d+[\d.]* by Sebastian Bergmann|^There (?:was|were) \d+ (?:errors?|failures?):$", re.M)

SECTION_RE = re.compile(r"^There (?:was|were) \d+ (error|failure|warning|risky test|skipped test|incomplete test)s?:$", re.M)
ENTRY_RE = re.compile(r"^\d+\) (\S+::\S+.*)$")
PLACE_LINE_RE = re.compile(r"^(\S+\.php):(\d+)$")
TALLY_RE = re.compile(r"^Tests: (\d+), Assertions: \d+(?:, (.+?))?\.$", re.M)
OK_RE = re.compile(r"^OK \((\d+) tests?, \d+ assertions?\)$", re.M)
KINDS = {"error": "error", "failure": "failed"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    _tally(text, facts)
    sections = list(SECTION_RE.finditer(text))
    for i, section in enumerate(sections):
        kind = KINDS.get(section.group(1))
        if kind is None:
            continue  # warnings, risky and skipped tests did not fail
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        facts.failures += _entries(text[section.end():end], kind)
    return facts


def _tally(text: str, facts: Facts) -> None:
    tally = last_match(TALLY_RE, text)
    ok = OK_RE.search(text)
    if tally:
        total = int(tally.group(1))
        named = {k.lower(): int(v) for k, v in re.findall(r"(\w+): (\d+)", tally.group(2) or "")}
        failed, errors = named.get("failures", 0), named.get("errors", 0)
        skipped, incomplete = named.get("skipped", 0), named.get("incomplete", 0)
        passed = max(total - failed - errors - skipped - incomplete - named.get("risky", 0), 0)
        facts.counts = {"total": total, "failed": failed, "errors": errors, "passed": passed}
        if skipped:
            facts.counts["skipped"] = skipped
        others = [f"{n} {name}" for name, n in named.items() if n and name in ("incomplete", "risky", "warnings", "deprecations")]
        if others:
            facts.highlights.append(", ".join(others))
    elif ok:
        facts.counts = {"total": int(ok.group(1)), "failed": 0, "passed": int(ok.group(1))}


def _entries(section: str, kind: str) -> list[TestFailure]:
    out: list[TestFailure] = []
    current: TestFailure | None = None
    for line in section.splitlines():
        entry = ENTRY_RE.match(line)
        if entry:
            current = TestFailure(clip(entry.group(1), 160), None, None, kind)
            out.append(current)
            continue
        if current is None or not line.strip() or line.strip() == "--":
            continue
        place = PLACE_LINE_RE.match(line.strip())
        if place:
            if current.location is None:  # the first frame is where it failed (the test itself is the last)
                current.location = f"{place.group(1)}:{place.group(2)}"
        elif current.reason is None:
            current.reason = clip(line.strip(), 200)
    return out
