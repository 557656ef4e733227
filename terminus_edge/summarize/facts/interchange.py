"""Findings in the line formats CI systems read, which many linters can print: GitHub workflow commands
(`::error file=a.py,line=3,col=1,title=ruff (F401)::message`), Azure Pipelines logging commands
(`##vso[task.logissue type=error;sourcepath=a.py;linenumber=3;code=F401;]message`), the GitHub runner's own
`##[error]Process completed with exit code 1.` that ends a failed step in a job's log, pylint's parseable lines
(`a.py:3: [F401] message`, `a.py:3: [C0114(missing-module-docstring), ] message`) and JUnit XML reports whose test cases
are findings at a line (ruff / eslint `junit`) or failed tests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from terminus_edge.summarize.facts import ruff
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure

NAME = "ci-annotations"
COMMAND_RE = re.compile(r"(?!)")  # the format, not the program, says what this is
OUTPUT_RE = re.compile(r"^::(?:error|warning|notice) [^:]*::|^##\[error\]|^##vso\[task\.logissue |^[^\s:]+:\d+: \[[A-Z]+\d+[^\]]*\] "
                       r"|^(?:<\?xml[^>]*>\s*)?<testsuites?\b", re.M)

GITHUB_RE = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$", re.M)
# The GitHub runner's own lines in a job's log: `##[error]Process completed with exit code 1.` ends a failed step.
RUNNER_ERROR_RE = re.compile(r"^##\[error\](.+)$", re.M)
AZURE_RE = re.compile(r"^##vso\[task\.logissue ([^\]]*)\](.*)$", re.M)
PARSEABLE_RE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+): \[(?P<code>[A-Z]+\d+)(?:\((?P<symbol>[\w-]+)\))?[^\]]*\] (?P<msg>.+)$", re.M)
PYLINT_CODE_RE = re.compile(r"^[CRWEFI]\d{4}$")  # pylint's own ids: the letter is the category
PYLINT_MARK_RE = re.compile(r"^\*{13} Module \S+$|^Your code has been rated at ", re.M)  # its module headers, its score
PYLINT_LEVELS = {"C": "convention", "R": "refactor", "W": "warning", "E": "error", "F": "error", "I": "info"}
TITLE_CODE_RE = re.compile(r"\(([\w-]+)\)\s*$")  # `title=ruff (F401)`
LEADING_PLACE_RE = re.compile(r"^\S+:\d+(?::\d+)?:\s+")  # ruff repeats `a.py:3:1: ` in the message
XML_START_RE = re.compile(r"^(?:<\?xml[^>]*>\s*)?<testsuites?\b", re.M)
LEVELS = {"notice": "info"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for level, params, message in GITHUB_RE.findall(text):
        fields = _fields(params, ",")
        title = TITLE_CODE_RE.search(fields.get("title", ""))
        code = title.group(1) if title else None
        first = message.split("%0A")[0]  # GitHub escapes newlines as %0A: the rest is help text
        first = LEADING_PLACE_RE.sub("", first)
        if code and first.startswith(f"{code} "):
            first = first[len(code) + 1:]
        facts.diagnostics.append(Diagnostic(LEVELS.get(level, level), clip(first, 200), fields.get("file"),
                                            _int(fields.get("line")), _int(fields.get("col")), code))
    for params, message in AZURE_RE.findall(text):
        fields = _fields(params, ";")
        facts.diagnostics.append(Diagnostic(fields.get("type", "error"), clip(message.strip(), 200), fields.get("sourcepath"),
                                            _int(fields.get("linenumber")), _int(fields.get("columnnumber")), fields.get("code")))
    per_category: dict[str, int] = {}
    for m in PARSEABLE_RE.finditer(text):
        code = m["code"]
        level = PYLINT_LEVELS[code[0]] if PYLINT_CODE_RE.match(code) else "error"
        if PYLINT_CODE_RE.match(code):
            category = "fatal" if code[0] == "F" else level
            per_category[category] = per_category.get(category, 0) + 1
        facts.diagnostics.append(Diagnostic(level, clip(m["msg"], 200), m["file"], int(m["line"]), None, m["symbol"] or code))
    if per_category and PYLINT_MARK_RE.search(text):  # pylint's own (a cmake-lint row has a `C0301` code too)
        facts.highlights.append(ruff.by_category(per_category))
    _junit(text, facts)
    facts.steps += [clip(f"CI step: {message.strip()}", 200) for message in RUNNER_ERROR_RE.findall(text)]
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    if facts.diagnostics:
        facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    return facts


def _fields(params: str, separator: str) -> dict[str, str]:
    pairs = (part.split("=", 1) for part in params.split(separator) if "=" in part)
    return {key.strip(): value.strip() for key, value in pairs}


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _junit(text: str, facts: Facts) -> None:
    """A JUnit report printed whole: test cases at a source line are findings, others are tests."""
    start = XML_START_RE.search(text)
    if not start:
        return
    try:
        root = ET.fromstring(text[start.start():].strip())
    except ET.ParseError:
        return
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        for case in suite.iter("testcase"):
            problem = next((child for child in case if child.tag in ("failure", "error")), None)
            if problem is None:
                continue
            body = (problem.text or "").strip().splitlines()
            message = (problem.get("message") or "").strip().split("\n")[0] or (body[0] if body else problem.tag)
            name = case.get("name") or "?"
            line = _int(case.get("line"))
            if line is not None:  # a linter's finding: the suite is its file, the case its rule
                facts.diagnostics.append(Diagnostic("error", clip(message, 200), suite.get("name"), line,
                                                    _int(case.get("column")), name.rsplit(".", 1)[-1]))
            else:
                where = case.get("classname")
                facts.failures.append(TestFailure(f"{where}.{name}" if where else name, clip(message, 200), None,
                                                  "error" if problem.tag == "error" else "failed"))
    tallies = {key: sum(_int(suite.get(key)) or 0 for suite in suites) for key in ("tests", "failures", "errors", "skipped")}
    if tallies["tests"] and not facts.diagnostics:  # the suites' own tallies (a failed case may hold several failures)
        facts.count_unit = "tests"
        passed = tallies["tests"] - tallies["failures"] - tallies["errors"] - tallies["skipped"]
        facts.counts = {"failed": tallies["failures"], "errors": tallies["errors"], "passed": passed, "skipped": tallies["skipped"]}
        facts.counts = {k: v for k, v in facts.counts.items() if v or k == "failed"}
