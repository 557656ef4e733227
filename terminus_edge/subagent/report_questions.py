"""Questions a test or coverage report answers, read without rerunning anything:

    junit_plan     "which tests failed in the last CI run? the report is reports/junit.xml" -> each failed and errored
                   test case of the JUnit XML with the first line of its message, the skipped ones, the totals
    coverage_plan  "which module has the lowest coverage according to coverage.xml?" -> each file of the Cobertura
                   XML (coverage.py's `coverage xml`) with its covered lines, lowest first
    report_reports(records) -> [str]
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script, script_lines
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_TESTS_ASKED = re.compile(r"\b(?:fail\w*|errors?|errored|broke\w*|skipped|pass(?:ed)?|red)\b", re.I)
_COVERAGE = re.compile(r"\bcover(?:age|ed)\b", re.I)

JUNIT = (
    "import sys, xml.etree.ElementTree as ET\n# junit report\ncases = list(ET.parse(sys.argv[1]).getroot().iter(\"testcase\"))\n"
    "bad = {\"failure\": [], \"error\": [], \"skipped\": []}\n"
    "for c in cases:\n    for kind in bad:\n        e = c.find(kind)\n"
    "        if e is not None: bad[kind].append((c.get(\"classname\", \"\") + \"::\" + c.get(\"name\", \"\")).lstrip(\":\") + \": \" + ((e.get(\"message\") or e.text or \"\").strip().splitlines() or [\"\"])[0][:160])\n"
    "f, e, s = (len(bad[k]) for k in bad)\nprint(f\"{len(cases)} test cases: {f} failed, {e} errors, {s} skipped\")\n"
    "for kind, word in ((\"failure\", \"FAILED\"), (\"error\", \"ERROR\"), (\"skipped\", \"SKIPPED\")):\n"
    "    for line in bad[kind][:20]: print(word + \" \" + line)\n")
COVERAGE = (
    "import sys, xml.etree.ElementTree as ET\n# coverage per file\nrows = []\n"
    "for c in ET.parse(sys.argv[1]).getroot().iter(\"class\"):\n    lines = c.findall(\"lines/line\")\n"
    "    hit = sum(1 for x in lines if x.get(\"hits\", \"0\") != \"0\")\n"
    "    rows.append((hit / len(lines) if lines else float(c.get(\"line-rate\", 0)), c.get(\"filename\"), hit, len(lines)))\n"
    "rows.sort()\nprint(f\"{len(rows)} files, lowest coverage first\")\n"
    "for rate, name, hit, n in rows[:15]: print(f\"{name}: {rate * 100:.1f} % ({hit} of {n} lines)\")\n")
_MARKS = ("# junit report", "# coverage per file")


def _xml_with(cwd: Path, paths: list[str], tag: bytes) -> str | None:
    for p in paths:
        if p.endswith(".xml") and is_file(cwd / p):
            try:
                head = (cwd / p).read_bytes()[:4096]
            except OSError:
                continue
            if tag in head:
                return p
    return None


def junit_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _TESTS_ASKED.search(query):
        return []
    report = _xml_with(cwd, named_paths(query, cwd), b"<testsuite") or _xml_with(cwd, named_paths(query, cwd), b"<testcase")
    return [planned(python_script(JUNIT, report), "info", f"list the failed, errored and skipped test cases of {report}")] if report else []


def coverage_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _COVERAGE.search(query):
        return []
    report = _xml_with(cwd, named_paths(query, cwd) + ["coverage.xml"], b"<coverage")
    return [planned(python_script(COVERAGE, report), "info", f"list each file's line coverage in {report}, lowest first")] if report else []


def report_reports(records: list[CommandRecord]) -> list[str]:
    return ["; ".join(lines[:25]) + " (read from the report, nothing rerun)." for r in records if (lines := script_lines(r, _MARKS))]
