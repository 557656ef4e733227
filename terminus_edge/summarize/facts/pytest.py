"""pytest: the final counts line, failing test ids with their first `E` line and location, banners."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match, parse_count_list
from terminus_edge.summarize.facts.pytraceback import missing_modules
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "pytest"
COMMAND_RE = re.compile(r"\b(py\.?test|pytest-\w+|tox|nox)\b")
OUTPUT_RE = re.compile(r"^=+ test session starts =+$|^(FAILED|ERROR) \S+::|^=+ .*\b(passed|failed|error)\b.* in [\d.]+s", re.M)

COUNTS_RE = re.compile(
    r"^=*[ \t]*((?:\d+ (?:subtests )?(?:failed|passed|skipped|deselected|xfailed|xpassed|warnings?|errors?|rerun)(?:, )?)+)"
    r"(?: in [\d.]+s.*)?[ \t]*=*$",
    re.M,
)
RAN_KEYS = {"passed", "failed", "errors", "skipped", "xfailed", "xpassed", "rerun"}
NO_TESTS_RE = re.compile(r"^=*[ \t]*no tests ran in", re.M)
COLLECTED_RE = re.compile(r"^collected (\d+) items?(?: / (\d+) errors?)?(?: / (\d+) deselected)?", re.M)
# A parametrized id may hold spaces inside its brackets: `FAILED t.py::test_slug[Hi, you-hi-you] - AssertionError`
SHORT_RE = re.compile(r"^(FAILED|ERROR|XFAIL|XPASS) ([^\s\[]+(?:\[.*?\](?= - |$))?)(?: - (.*))?$", re.M)
# pytest's subtests (pytest-subtests, built in since pytest 9): `SUBFAILED[msg] (code='CHF') t.py::test_x - Asserti...`
# (message and parameters optional); its section is headed `test_x [msg] (code='CHF')`, its test's own line says only
# `FAILED t.py::test_x - contains 1 failed subtest`.
SUBFAILED_RE = re.compile(r"^SUBFAILED(\[[^\]\n]*\])? ?(\([^\n]*?\))? (\S+::\S+)(?: - (.*))?$", re.M)
SKIP_RE = re.compile(r"^SKIPPED \[(\d+)\] (\S+?):? (.*)$", re.M)
HEADER_RE = re.compile(r"^_{3,} (?:ERROR (?:at \w+ of |collecting ))?(.+?) _{3,}$")
LOCATION_RE = re.compile(r"^(\S+?\.py):(\d+): (\w[\w.]*)?$")
FILE_PROGRESS_RE = re.compile(r"^(\S+\.py)(?:::\S+ (?:PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)| [.FsExX]+\s*(?:\[\s*\d+%\])?$)", re.M)
# `--lf` / `--ff`: `run-last-failure: rerun previous 4 failures` (or `… first`, `no previously failed tests, …`)
LAST_FAILED_RE = re.compile(r"^(run-last-failure: .+)$", re.M)
BANNER_RE = re.compile(r"^!{3,} (.+?) !{3,}$", re.M)
# Hypothesis' minimal failing input: `Falsifying example: test_x(` (older) / `Failing test case: test_x(` (6.1xx),
# one `name=value,` per line up to `)`, either as plain report lines or inside the E lines.
# pytest-timeout's thread method dumps every thread's stack between two `+++ Timeout +++` banners and ends the
# process: no summary follows. The test that ran out of time is the innermost `in test_…` frame of the dump.
TIMEOUT_DUMP_RE = re.compile(r"\+{5} Timeout \+{5,}\n(.*?)^\+{5,} Timeout \+{5,}$", re.M | re.S)
TEST_FRAME_RE = re.compile(r'^\s*File "(.+?)", line (\d+), in (test\w*)$', re.M)
TIMEOUT_SETTING_RE = re.compile(r"^timeout: (\S+)$", re.M)
EXAMPLE_START_RE = re.compile(r"^(?:Falsifying example|Failing test case): [\w.]+\((.*)$")
# a rule-based state machine's failing run: `Failing test case: <state machine>`, then one `state.rule(k=1)` a line
# `-q` progress rows (`..F.s   [ 40%]`, or after the file name): counted only when no summary line closes the run and
# the rows reach 100% (a plugin's error at session end, e.g. pytest-benchmark's regression check, ends it without one;
# its traceback may start on the row's own line: no newline was written after `[100%]`)
PROGRESS_ROW_RE = re.compile(r"^(?:\S+\.py )?([.FEsxX]+) *\[ *(\d+)%\](?:$|(?=Traceback \(most recent call last\):$))", re.M)
PROGRESS_KEYS = {".": "passed", "F": "failed", "E": "errors", "s": "skipped", "x": "xfailed", "X": "xpassed"}
STEPS_START_RE = re.compile(r"^(?:Falsifying example|Failing test case): <state machine>$")
STEP_RE = re.compile(r"^state(?: = |\.)\S")


def _sections(text: str) -> dict[str, dict]:
    """Failure sections (`____ name ____`): first E line, a later diff line, and the file:line."""
    sections: dict[str, dict] = {}
    current: dict | None = None
    example: list[str] | None = None
    steps: list[str] | None = None
    for line in text.splitlines():
        header = HEADER_RE.match(line)
        if header:
            current = sections.setdefault(header.group(1).strip(), {"e": [], "loc": None, "example": None})
            example = steps = None
            continue
        if current is None:
            continue
        bare = line[1:].strip() if line.startswith("E ") else line.strip()
        if steps is not None:
            if STEP_RE.match(bare):
                steps.append(bare)
                continue
            current["example"], steps = "; ".join(steps), None
        if STEPS_START_RE.match(bare):
            steps = []
            continue
        start = EXAMPLE_START_RE.match(bare)
        if start:
            example = [start.group(1).rstrip(")")] if start.group(1).strip() else []
            if start.group(1).rstrip().endswith(")"):
                current["example"], example = ", ".join(a.rstrip(",") for a in example if a), None
            continue
        if example is not None:
            if bare.startswith(")"):
                current["example"], example = ", ".join(a.rstrip(",") for a in example if a), None
            else:
                example.append(bare)
            continue
        if line.startswith("E   ") or line == "E":
            current["e"].append(line[1:].strip())
        else:
            loc = LOCATION_RE.match(line)
            if loc and current["loc"] is None:
                current["loc"] = f"{loc.group(1)}:{loc.group(2)}"
    return sections


def _reason(e_lines: list[str]) -> str | None:
    lines = [line for line in e_lines if line and not line.startswith("+")]
    if not lines:
        return None
    reason = lines[0]
    # pytest abbreviates long reprs ("[('apple', 0....ple', 0.5, 1)]"); its explanation line has the detail.
    if "..." in reason or len(reason) > 120:
        detail = next((line for line in lines[1:] if re.search(r"diff|!=|Differing|differ", line)), None)
        if detail:
            reason = f"{clip(reason, 90)} ({detail})"
    return clip(reason, 200)


UNABRIDGED_LOOKUPS = 20


def _unabridged(short_reason: str, text: str) -> str:
    """pytest cuts a short-summary reason to the terminal's width (`… crashed while running 'tes...`); the failure
    section above it may hold the whole line (xdist's `worker 'gw0' crashed while running '…'`)."""
    if not short_reason.endswith("...") or len(short_reason) < 20:
        return short_reason
    whole = re.search(r"^" + re.escape(short_reason[:-3]) + r".*$", text, re.M)
    return whole.group(0) if whole else short_reason


def _match_section(test_id: str, sections: dict[str, dict]) -> dict | None:
    tail = test_id.split("::")[-1]
    dotted = ".".join(test_id.split("::")[1:])
    for key in (test_id, dotted, tail):
        if key in sections:
            return sections[key]
    return None


def _progress_counts(text: str) -> dict[str, int]:
    rows = PROGRESS_ROW_RE.findall(text)
    if not rows or rows[-1][1] != "100":
        return {}
    counts: dict[str, int] = {}
    for marks, _ in rows:
        for mark in marks:
            counts[PROGRESS_KEYS[mark]] = counts.get(PROGRESS_KEYS[mark], 0) + 1
    counts["total"] = sum(counts.values())  # "2 tests: 0 failed, 2 passed", not "all 2 passed" of a run that failed
    return counts


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    last = last_match(COUNTS_RE, text)
    if last:
        facts.counts = parse_count_list(last.group(1))
        if not set(facts.counts) & RAN_KEYS:  # `5 deselected in 0.01s` (exit 5): every test was filtered out
            facts.highlights.append("no tests ran")
    elif NO_TESTS_RE.search(text):
        facts.counts = {"total": 0, "passed": 0}  # the counts say "no tests ran: 0 failed" (not "tests: 0 failed")
    else:
        facts.counts = _progress_counts(text)
    collected = COLLECTED_RE.search(text)
    if collected:
        facts.counts["collected"] = int(collected.group(1))
    sections = _sections(text)
    for index, (kind, test_id, short_reason) in enumerate(SHORT_RE.findall(text)):
        section = _match_section(test_id, sections)
        reason = _reason(section["e"]) if section else None
        if not reason and short_reason:  # a whole-text search each: only for the first few, the ones a summary shows
            reason = clip(_unabridged(short_reason, text) if index < UNABRIDGED_LOOKUPS else short_reason, 200)
        if section and section["example"]:
            reason = clip(f"{reason or 'failed'} (falsifying example: {section['example']})", 240)
        location = section["loc"] if section else None
        if kind in ("FAILED", "ERROR"):
            facts.failures.append(TestFailure(test_id, reason, location, "error" if kind == "ERROR" else "failed"))
        else:
            facts.highlights.append(clip(f"{kind} {test_id}" + (f": {short_reason}" if short_reason else ""), 160))
    _subtests(text, sections, facts)
    if not facts.failures:  # no -r summary: fall back to the section headers
        for name, section in sections.items():
            if section["e"] or section["loc"]:
                facts.failures.append(TestFailure(name, _reason(section["e"]), section["loc"]))
    facts.highlights += LAST_FAILED_RE.findall(text)[:1]
    _timeout_dump(text, facts)
    for count, where, reason in SKIP_RE.findall(text):
        facts.highlights.append(clip(f"skipped {count} at {where}: {reason}", 140))
    for banner in BANNER_RE.findall(text):
        facts.highlights.append(banner.strip())
        if "stopping after" in banner or "Interrupted" in banner:
            facts.stopped_early = True
    files = list(dict.fromkeys(FILE_PROGRESS_RE.findall(text)))
    if files:
        more = f" (+{len(files) - 3} more)" if len(files) > 3 else ""
        facts.highlights.append(f"test files: {', '.join(files[:3])}{more}")
    facts.missing = missing_modules(text)
    return facts


def _subtests(text: str, sections: dict[str, dict], facts: Facts) -> None:
    """Each failed subtest named with its label and its own reason, just before the test that holds it."""
    subs = []
    for message, params, test_id, short_reason in SUBFAILED_RE.findall(text):
        label = " ".join(part for part in (message, params) if part)
        parts = test_id.split("::")  # a unittest class's section is headed `Class.test_x (raw='-1')`
        section = next((sections[key] for key in (f"{parts[-1]} {label}", f"{'.'.join(parts[1:])} {label}") if key in sections), None)
        reason = _reason(section["e"]) if section else None
        subs.append(TestFailure(f"{test_id} {label}", reason or clip(short_reason, 200) or None, section["loc"] if section else None))
    if not subs:
        return
    ordered = []
    for failure in facts.failures:
        ordered += [sub for sub in subs if sub.name.startswith(failure.name + " ")] + [failure]
    facts.failures = ordered + [sub for sub in subs if sub not in ordered]


def _timeout_dump(text: str, facts: Facts) -> None:
    dump = TIMEOUT_DUMP_RE.search(text)
    if not dump:
        return
    frames = TEST_FRAME_RE.findall(dump.group(1))
    limit = TIMEOUT_SETTING_RE.search(text)
    reason = "timed out" + (f" (limit {limit.group(1)})" if limit else "") + "; pytest-timeout ended the run, no summary"
    if frames:
        file, line, name = frames[-1]
        facts.failures.append(TestFailure(name, reason, f"{file}:{line}"))
    else:
        facts.highlights.append(reason)
    facts.stopped_early = True
