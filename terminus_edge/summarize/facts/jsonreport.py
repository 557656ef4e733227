"""Linters' JSON reports, one array on stdout: ESLint `-f json` (files with `messages`), stylelint `--formatter json`
(files with `warnings`), and the flat findings lists of ruff `--output-format json`, pylint `--output-format=json`
and shellcheck `-f json` (`-f json1`: the list under `comments`; pylint `json2`: the list under `messages`, with its
`statistics`). Read as findings (file, line, column, rule, severity), not as one very long line."""

from __future__ import annotations

import json
import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "json-report"
COMMAND_RE = re.compile(r"(?!)")  # recognized by the output alone: the tools' own families are chosen by the command
# The report's start: `[{"filePath":` (ESLint), `[{"source":` (stylelint), `[{"cell":` / `[{"code":` (ruff),
# `[{"type":` (pylint), `[{"file":` (shellcheck `-f json`), `{"comments":[` (shellcheck `-f json1`), `{"messages":[`
# (pylint json2); maybe after a few lines of warnings, maybe pretty-printed.
OUTPUT_RE = re.compile(
    r'^(?:\[\s*\{\s*"(?:filePath|source|filename|cell|code|type|path|file|module|obj)"\s*:|\{\s*"(?:comments|messages)"\s*:\s*\[)', re.M)

FILE_KEYS = ("filePath", "source", "filename", "file", "path")
MESSAGE_KEYS = ("message", "text")
CODE_KEYS = ("ruleId", "rule", "code", "symbol", "message-id")
# ESLint's numeric severity; the others name their level. pylint's fatal is an error; shellcheck's style is its own.
SEVERITY_NUMBERS = {2: "error", 1: "warning", 0: "info"}
SEVERITY_WORDS = {"fatal": "error", "error": "error", "warning": "warning", "info": "info", "style": "style",
                  "convention": "convention", "refactor": "refactor"}


def _report(text: str) -> tuple[list | None, dict]:
    """The findings list, and the statistics object beside it (pylint json2), if any."""
    start = OUTPUT_RE.search(text)
    if not start:
        return None, {}
    try:
        report, _ = json.JSONDecoder().raw_decode(text[start.start():])
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested deeper than the decoder goes
        return None, {}
    statistics = {}
    if isinstance(report, dict):  # shellcheck json1 and pylint json2 wrap their list
        statistics = report.get("statistics") if isinstance(report.get("statistics"), dict) else {}
        report = report.get("comments", report.get("messages"))
    if isinstance(report, list) and all(isinstance(item, dict) for item in report):
        return report, statistics
    return None, {}


def _statistics(statistics: dict) -> list[str]:
    """pylint json2's own tallies by category (fatal, error, warning...) and its score."""
    said = []
    tallies = statistics.get("messageTypeCount")
    if isinstance(tallies, dict):
        shown = [f"{kind} {n}" for kind, n in tallies.items() if isinstance(n, int) and n]
        if shown:
            said.append("messages by category: " + ", ".join(shown))
    score = statistics.get("score")
    if isinstance(score, (int, float)) and not isinstance(score, bool):
        said.append(f"score {score:.2f}/10")
    return said


def _severity(finding: dict) -> str:
    level = finding.get("severity", finding.get("type", finding.get("level")))
    if isinstance(level, int):
        return SEVERITY_NUMBERS.get(level, "error")
    if isinstance(level, str):
        return SEVERITY_WORDS.get(level.lower(), "error")
    return "error"  # ruff gives no level: every finding is a violation


def _number(finding: dict, key: str, nested: str) -> int | None:
    value = finding.get(key)
    if value is None and isinstance(finding.get("location"), dict):
        value = finding["location"].get(nested)  # ruff: {"location": {"row": 3, "column": 1}}
    return value if isinstance(value, int) else None


def _diagnostic(finding: dict, file: str | None) -> Diagnostic | None:
    message = next((finding[k] for k in MESSAGE_KEYS if isinstance(finding.get(k), str)), None)
    line = _number(finding, "line", "row")
    if message is None or file is None or line is None:
        return None  # not a finding (an API's JSON answer that happens to start alike)
    code = next((finding[k] for k in CODE_KEYS if isinstance(finding.get(k), (str, int)) and finding.get(k) != ""), None)
    if isinstance(code, int) and "level" in finding:
        code = f"SC{code}"  # shellcheck gives its codes as numbers: 2086 is SC2086 on its wiki and in its tty output
    code = str(code) if code is not None else None
    if code and message.endswith(f" ({code})"):
        message = message[: -len(code) - 3]  # stylelint repeats the rule at the end of its text
    return Diagnostic(_severity(finding), clip(message, 200), file, line, _number(finding, "column", "column"), code)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    report, statistics = _report(text)
    if report is None:
        return facts
    files_with = set()
    for item in report:
        file = next((item[k] for k in FILE_KEYS if isinstance(item.get(k), str)), None)
        nested = item.get("messages", item.get("warnings"))
        findings = nested if isinstance(nested, list) else [item]
        for finding in findings:
            diagnostic = isinstance(finding, dict) and _diagnostic(finding, file)
            if diagnostic:
                facts.diagnostics.append(diagnostic)
                files_with.add(file)
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    if facts.diagnostics:
        facts.highlights.append(f"JSON report: {len(facts.diagnostics)} findings in {len(files_with)} of {len(report)} files"
                                if len(report) > 1 and any("messages" in i or "warnings" in i for i in report)
                                else f"JSON report: {len(facts.diagnostics)} findings")
    facts.highlights += _statistics(statistics)
    return facts
