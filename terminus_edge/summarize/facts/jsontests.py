"""Test runners' JSON reports on stdout: jest `--json` and vitest `--reporter=json` (one schema: `numFailedTests`,
`numPassedTests`, … and `testResults[].assertionResults[]` with each test's `status` and `failureMessages`), and mocha
`--reporter json` (`stats` with `tests` / `passes` / `pending` / `failures`, and a `failures` list with each `err`), and
RSpec `--format json` (`examples[]` with each `status` and `exception`, and a `summary`).
Read as a test run (counts, each failing test with its first message line and own frame), not as a JSON shape."""

from __future__ import annotations

import json
import re

from terminus_edge.summarize.facts import jest
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "json-tests"
COMMAND_RE = re.compile(r"(?!)")  # recognized by the output alone: `--json` / `--reporter json` change only the format
# jest / vitest start with a `num…Test…` count; mocha with its `stats` object (pretty-printed over lines); RSpec with its
# version, then `messages` (load errors) or its `examples`.
OUTPUT_RE = re.compile(
    r'^\{\s*"(?:num(?:Failed|Passed|Total|Pending)Test\w*|stats|version"\s*:\s*"\d[\d.]*"\s*,\s*"(?:messages|examples))"\s*:', re.M)
JEST_COUNTS = (("numTotalTests", "total"), ("numFailedTests", "failed"), ("numPassedTests", "passed"),
               ("numPendingTests", "skipped"), ("numTodoTests", "todo"))
MOCHA_COUNTS = (("tests", "total"), ("failures", "failed"), ("passes", "passed"), ("pending", "skipped"))
RSPEC_COUNTS = (("example_count", "total"), ("failure_count", "failed"), ("pending_count", "skipped"),
                ("errors_outside_of_examples_count", "errors"))


def _report(text: str) -> dict | None:
    start = OUTPUT_RE.search(text)
    if not start:
        return None
    try:
        report, _ = json.JSONDecoder().raw_decode(text[start.start():])
    except (ValueError, RecursionError):
        return None
    return report if isinstance(report, dict) else None


def _counts(source: dict, keys: tuple[tuple[str, str], ...]) -> dict[str, int]:
    counts = {}
    for key, name in keys:
        value = source.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and (value or name in ("total", "failed", "passed")):
            counts[name] = value
    return counts


def _from_message(message: object) -> tuple[str | None, str | None]:
    """The reason and own place in a failure's text, read as jest's text output reads them (after the bullet line)."""
    if not isinstance(message, str) or not message.strip():
        return None, None
    plain = re.sub(r"\x1b\[[0-9;]*m", "", message)
    plain = re.sub(r"\A\s*●[^\n]*\n", "", plain)  # a suite's message starts with its own `● Test suite failed to run`
    return jest._detail("●\n" + plain, 0)


def _jest(report: dict, facts: Facts) -> None:
    facts.counts = _counts(report, JEST_COUNTS)
    if not facts.counts.get("failed") and report.get("numFailedTestSuites"):
        facts.counts.pop("failed", None)  # no test failed, but a file failed to load: "0 failed" would read as a clean run
    for suite in report.get("testResults") or []:
        if not isinstance(suite, dict):
            continue
        tests = suite.get("assertionResults") or []
        failed = [t for t in tests if isinstance(t, dict) and t.get("status") == "failed"]
        for test in failed:
            titles = [t for t in (test.get("ancestorTitles") or []) if isinstance(t, str)] + [str(test.get("title", ""))]
            messages = test.get("failureMessages") or [None]
            reason, place = _from_message(messages[0])
            facts.failures.append(TestFailure(" › ".join(titles), reason, place))
        if not failed and suite.get("status") == "failed":  # the file failed to load: no test ran
            reason, place = _from_message(suite.get("message"))
            facts.failures.append(TestFailure(f"{suite.get('name', 'test file')} (test suite failed to run)", reason, place))
    suites = _counts(report, (("numTotalTestSuites", "total"), ("numFailedTestSuites", "failed")))
    if suites.get("failed"):
        facts.highlights.append(f"test suites: {suites['failed']} failed, {suites.get('total', '?')} total")


def _mocha(report: dict, facts: Facts) -> None:
    stats = report["stats"]
    facts.counts = _counts(stats, MOCHA_COUNTS)
    for failure in report.get("failures") or []:
        if not isinstance(failure, dict):
            continue
        error = failure.get("err") if isinstance(failure.get("err"), dict) else {}
        reason, place = _from_message(error.get("stack") or error.get("message"))
        facts.failures.append(TestFailure(str(failure.get("fullTitle") or failure.get("title") or "?"), reason, place))


# A long one-line report reaches the parsers cut in its middle (normalize keeps a line's head and tail): its RSpec pieces
# are read one by one then, the summary at the end exact, the failed examples those still there.
RSPEC_FAILED_RE = re.compile(r'"full_description":"((?:[^"\\]|\\.)*)","status":"failed","file_path":"([^"]*)","line_number":(\d+)')
RSPEC_EXCEPTION_RE = re.compile(r'"exception":\{"class":"([^"]*)","message":"((?:[^"\\]|\\.)*)"')
RSPEC_SUMMARY_RE = re.compile(r'"summary":(\{[^{}]*\}),"summary_line":"([^"]*)"')


def _json_string(raw: str) -> str:
    try:
        return json.loads(f'"{raw}"')
    except ValueError:
        return raw


def _rspec_pieces(text: str) -> dict | None:
    summary = RSPEC_SUMMARY_RE.search(text)
    if not summary:
        return None
    try:
        report = {"version": "?", "summary": json.loads(summary.group(1)), "summary_line": summary.group(2), "examples": []}
    except ValueError:
        return None
    for m in RSPEC_FAILED_RE.finditer(text):
        example = {"full_description": _json_string(m.group(1)), "status": "failed", "file_path": m.group(2),
                   "line_number": int(m.group(3))}
        error = RSPEC_EXCEPTION_RE.match(text, text.find('"exception":', m.end(), m.end() + 400))
        if error:
            example["exception"] = {"class": error.group(1), "message": _json_string(error.group(2))}
        report["examples"].append(example)
    return report


def _rspec(report: dict, facts: Facts) -> None:
    summary = report.get("summary") if isinstance(report.get("summary"), dict) else {}
    facts.counts = _counts(summary, RSPEC_COUNTS)
    if isinstance(report.get("summary_line"), str):
        facts.highlights.append(report["summary_line"])
    for example in report.get("examples") or []:
        if not isinstance(example, dict) or example.get("status") != "failed":
            continue
        error = example.get("exception") if isinstance(example.get("exception"), dict) else {}
        lines = [line.strip() for line in str(error.get("message") or "").splitlines() if line.strip()]
        reason = " ".join(lines[:2]) if lines else None
        if error.get("class") and not str(error["class"]).startswith("RSpec::"):
            reason = f"{error['class']}: {reason}" if reason else str(error["class"])
        own = str(example.get("file_path") or "").removeprefix("./")
        place = next((str(b).split(":in ")[0].removeprefix("./") for b in error.get("backtrace") or []
                      if isinstance(b, str) and own and own in b), None)
        place = place or (f"{own}:{example['line_number']}" if own and example.get("line_number") else None)
        facts.failures.append(TestFailure(str(example.get("full_description") or example.get("id") or "?"), reason, place))
    for message in report.get("messages") or []:  # a file that did not load: `An error occurred while loading …`
        if isinstance(message, str) and message.strip():
            facts.errors.append(clip(message.strip().splitlines()[0], 200))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    report = _report(text)
    if report is None and OUTPUT_RE.search(text):
        report = _rspec_pieces(text)
    if report is None or jest.JEST_TESTS_RE.search(text) or jest.MOCHA_RE.search(text):
        return facts  # the runner's own text report went to the same stream (`--json` on stdout, the report on stderr)
    if isinstance(report.get("stats"), dict) and isinstance(report.get("tests", report.get("failures")), list):
        _mocha(report, facts)
    elif isinstance(report.get("numTotalTests"), int):
        _jest(report, facts)
    elif isinstance(report.get("examples"), list) and isinstance(report.get("version"), str):
        _rspec(report, facts)
    if facts.counts:
        facts.count_unit = "tests"
    for failure in facts.failures:
        failure.reason = clip(failure.reason, 200) if failure.reason else None
    return facts
