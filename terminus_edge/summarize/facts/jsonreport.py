"""Linters' JSON reports on stdout: ESLint `-f json` (files with `messages`), stylelint `--formatter json` (files with
`warnings`), the flat findings lists of ruff `--output-format json`, pylint `--output-format=json`, shellcheck `-f json`
and markdownlint `--json`; a list under a key (shellcheck `-f json1`: `comments`; pylint `json2`: `messages`, with its
`statistics`; bandit `-f json` and semgrep `--json`: `results`); one finding per line (mypy `-O json`); SARIF and
Code Climate reports and gcc's JSON diagnostics (their nested shapes made flat by jsonshapes). Read as findings (file, line,
column, rule, severity), not as one very long line."""

from __future__ import annotations

import json
import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.jsonshapes import flatten, sarif_results
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "json-report"
COMMAND_RE = re.compile(r"(?!)")  # recognized by the output alone: the tools' own families are chosen by the command
# The report's start: `[{"filePath":` (ESLint), `[{"source":` (stylelint), `[{"cell":` / `[{"code":` (ruff),
# `[{"type":` (pylint), `[{"file":` (shellcheck `-f json`), `[{"fileName":` (markdownlint), `{"comments":[`
# (shellcheck `-f json1`), `{"messages":[` (pylint json2), `{"errors":[…], …, "results":[` (bandit), `{"file":` on
# each line (mypy), `[{"kind": "warning", "locations":` (gcc `-fdiagnostics-format=json`), `{"version":"1.185.0","results":[` (semgrep), `[{"check_name":` (Code Climate / GitLab), a SARIF
# log (`{"$schema": "…sarif…"` or `{"version": "2.1.0"`); maybe after a few lines of warnings, maybe pretty-printed.
OUTPUT_RE = re.compile(
    r'^(?:\[\s*\{\s*"(?:filePath|fileName|source|filename|cell|code|type|path|file|module|obj|check_name|kind)"\s*:'
    r'|\{\s*"(?:comments|messages|results|errors)"\s*:\s*\[|\{"(?:file|filename|path)": "|\{\s*"version"\s*:\s*"[^"]*",\s*"results"\s*:\s*\['
    r'|\{\s*"(?:\$schema|version)"\s*:\s*"[^"]*(?:sarif[^"]*|2\.1\.0)")',
    re.M)

FILE_KEYS = ("filePath", "fileName", "source", "filename", "file", "path")
LINE_KEYS = ("line", "lineNumber", "line_number")
MESSAGE_KEYS = ("message", "text", "issue_text", "ruleDescription")
CODE_KEYS = ("ruleId", "rule", "code", "symbol", "message-id", "test_id", "ruleNames", "check_id", "check_name", "option")
LIST_KEYS = ("comments", "messages", "results")  # where a wrapping object keeps its findings (not bandit's `errors`)
# ESLint's numeric severity; the others name their level. pylint's fatal is an error; shellcheck's style is its own.
SEVERITY_NUMBERS = {2: "error", 1: "warning", 0: "info"}
SEVERITY_WORDS = {"fatal": "error", "fatal error": "error", "error": "error", "note": "info", "warning": "warning", "info": "info", "style": "style",
                  "convention": "convention", "refactor": "refactor", "high": "high", "medium": "medium", "low": "low"}
RISK_ORDER = {"high": 0, "medium": 1, "low": 2}  # bandit's levels, worst first (others keep their order)


def _report(text: str) -> tuple[list | None, dict]:
    """The findings list, and the statistics object beside it (pylint json2), if any."""
    start = OUTPUT_RE.search(text)
    if not start:
        return None, {}
    decoder = json.JSONDecoder()
    try:
        report, end = decoder.raw_decode(text[start.start():])
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested deeper than the decoder goes
        return None, {}
    statistics = {}
    if isinstance(report, dict):
        statistics = report.get("statistics") if isinstance(report.get("statistics"), dict) else {}
        wrapped = sarif_results(report)
        if wrapped is None:
            wrapped = next((report[k] for k in LIST_KEYS if isinstance(report.get(k), list)), None)
        report = wrapped if wrapped is not None else _json_lines(decoder, report, text[start.start() + end:])
    if isinstance(report, list) and all(isinstance(item, dict) for item in report):
        return report, statistics
    return None, {}


def _json_lines(decoder: json.JSONDecoder, first: dict, rest: str) -> list:
    """One finding per line (mypy `-O json`): the first object and each that follows it, up to anything else."""
    items = [first]
    rest = rest.lstrip()
    while rest.startswith("{"):
        try:
            item, end = decoder.raw_decode(rest)
        except (ValueError, RecursionError):
            break
        if not isinstance(item, dict):
            break
        items.append(item)
        rest = rest[end:].lstrip()
    return items


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
    level = next((finding[k] for k in ("severity", "type", "level", "issue_severity", "kind") if k in finding), None)
    if isinstance(level, int):
        return SEVERITY_NUMBERS.get(level, "error")
    if isinstance(level, str):
        return SEVERITY_WORDS.get(level.lower(), "error")
    return "error"  # ruff gives no level: every finding is a violation


def _number(finding: dict, keys: tuple[str, ...], nested: tuple[str, ...]) -> int | None:
    value = next((finding[k] for k in keys if k in finding), None)
    for place in ("location", "start"):  # ruff: {"location": {"row": 3, "column": 1}}; semgrep: {"start": {"line": 6, "col": 5}}
        if value is None and isinstance(finding.get(place), dict):
            value = next((finding[place][k] for k in nested if k in finding[place]), None)
    return value if isinstance(value, int) else None


def _short_code(value: object) -> bool:
    """A rule id, not source text: bandit's `code` is the quoted source lines, its rule is `test_id`."""
    return isinstance(value, (int, list)) and not isinstance(value, bool) or isinstance(value, str) and bool(re.fullmatch(r"\S{1,80}", value))


def _code(finding: dict) -> str | None:
    code = next((finding[k] for k in CODE_KEYS if _short_code(finding.get(k))), None)
    if isinstance(code, list):  # markdownlint: ["MD022", "blanks-around-headings"]
        code = code[0] if code and isinstance(code[0], str) else None
    if isinstance(code, int) and "level" in finding:
        code = f"SC{code}"  # shellcheck gives its codes as numbers: 2086 is SC2086 on its wiki and in its tty output
    return str(code) if code is not None else None


def _diagnostic(finding: dict, file: str | None) -> Diagnostic | None:
    finding = flatten(finding)
    message = next((finding[k] for k in MESSAGE_KEYS if isinstance(finding.get(k), str)), None)
    file = file or next((finding[k] for k in FILE_KEYS if isinstance(finding.get(k), str)), None)
    line = _number(finding, LINE_KEYS, ("row", "line"))
    if message is None or file is None or line is None:
        return None  # not a finding (an API's JSON answer that happens to start alike)
    code = _code(finding)
    if code and message.endswith(f" ({code})"):
        message = message[: -len(code) - 3]  # stylelint repeats the rule at the end of its text
    if isinstance(finding.get("errorDetail"), str):
        message += f" [{finding['errorDetail']}]"  # markdownlint: what it expected, as its text output shows it
    column = _number(finding, ("column", "col_offset"), ("column", "col"))
    return Diagnostic(_severity(finding), clip(message, 200), file, line, column, code)


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
    facts.diagnostics.sort(key=lambda d: RISK_ORDER.get(d.severity, 0))
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    if facts.diagnostics:
        found = plural(len(facts.diagnostics), "finding")
        facts.highlights.append(f"JSON report: {found} in {len(files_with)} of {len(report)} files"
                                if len(report) > 1 and any("messages" in i or "warnings" in i for i in report)
                                else f"JSON report: {found}")
    risks = [(level, n) for level in RISK_ORDER if (n := sum(d.severity == level for d in facts.diagnostics))]
    if risks:  # as bandit's own text report tallies them
        total = sum(n for _, n in risks)
        ranked = ", ".join(f"{n} {level}" for level, n in risks)
        facts.highlights.append(f"{plural(total, 'issue')} by severity: {ranked}")
    facts.highlights += _statistics(statistics)
    return facts
