"""maven / gradle / JUnit / surefire: BUILD FAILURE, per-module errors, Tests run totals, failing tests."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure

NAME = "maven-gradle"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(mvn|mvnw|\./mvnw|gradle|gradlew|\./gradlew|sbt|ant)\b")
OUTPUT_RE = re.compile(r"^\[(?:INFO|ERROR|WARNING)\] |^BUILD (?:SUCCESSFUL|FAILED) in |^> Task :|^FAILURE: Build failed", re.M)

SUREFIRE_TOTAL_RE = re.compile(r"^\[(?:INFO|ERROR|WARNING)\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$", re.M)
SUREFIRE_FAIL_RE = re.compile(r"^\[ERROR\]\s+(?:Tests run:.*<<< (?:FAILURE|ERROR)!.*|([\w.$]+[.#]\w+)(?::(\d+))?\s+(.*))$", re.M)
MAVEN_COMPILE_RE = re.compile(r"^\[(?P<sev>ERROR|WARNING)\] (?P<file>/?[^\s:\[]+\.(?:java|kt|scala)):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.+)$", re.M)
MAVEN_RESULT_RE = re.compile(r"^\[INFO\] (BUILD (?:SUCCESS|FAILURE))$", re.M)
MAVEN_FAILED_GOAL_RE = re.compile(r"^\[ERROR\] (Failed to execute goal .+?)(?: -> \[Help 1\])?$", re.M)
GRADLE_RESULT_RE = re.compile(r"^(BUILD (?:SUCCESSFUL|FAILED) in \S+)", re.M)
GRADLE_WRONG_RE = re.compile(r"^\* What went wrong:\n(.+(?:\n(?!\*).+){0,3})", re.M)
GRADLE_TESTS_RE = re.compile(r"^(\d+) tests? completed, (\d+) failed(?:, (\d+) skipped)?", re.M)
GRADLE_FAIL_RE = re.compile(r"^([\w.$]+) > (.+?) FAILED$", re.M)
GRADLE_KOTLIN_RE = re.compile(r"^(?P<sev>e|w): (?:file://)?(?P<file>\S+\.kts?):(?P<line>\d+):(?P<col>\d+) (?P<msg>.+)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in MAVEN_COMPILE_RE.finditer(text):
        facts.diagnostics.append(Diagnostic(m["sev"].lower(), clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"])))
    for m in GRADLE_KOTLIN_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("error" if m["sev"] == "e" else "warning", clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"])))
    facts.diagnostics += [d for d in diagnostics.gnu(text) if d.file and d.file.endswith((".java", ".kt", ".scala", ".groovy"))]
    totals = SUREFIRE_TOTAL_RE.findall(text)
    gradle_tests = GRADLE_TESTS_RE.search(text)
    if totals:
        run, failures, errors, skipped = (int(x) for x in totals[-1])
        facts.counts = {"total": run, "failed": failures, "errors": errors, "skipped": skipped, "passed": run - failures - errors - skipped}
        facts.count_unit = "tests"
    elif gradle_tests:
        run, failed = int(gradle_tests.group(1)), int(gradle_tests.group(2))
        skipped = int(gradle_tests.group(3) or 0)
        facts.counts = {"total": run, "failed": failed, "skipped": skipped, "passed": run - failed - skipped}
        facts.count_unit = "tests"
    else:
        facts.counts = diagnostics.count(facts.diagnostics)
    for m in SUREFIRE_FAIL_RE.finditer(text):
        if m.group(1):
            facts.failures.append(TestFailure(m.group(1), clip(m.group(3), 200), f"line {m.group(2)}" if m.group(2) else None))
    for cls, test in GRADLE_FAIL_RE.findall(text):
        detail = re.search(re.escape(f"{cls} > {test} FAILED") + r"\n\s+(.+)", text)
        facts.failures.append(TestFailure(f"{cls} > {test}", clip(detail.group(1), 200) if detail else None))
    for pattern in (MAVEN_RESULT_RE, GRADLE_RESULT_RE):
        for result in pattern.findall(text):
            facts.highlights.append(result)
    for goal in MAVEN_FAILED_GOAL_RE.findall(text):
        facts.errors.append(clip(goal, 200))
    for wrong in GRADLE_WRONG_RE.findall(text):
        facts.errors.append(clip("What went wrong: " + wrong, 200))
    for artifact in re.findall(r"Could not (?:find|resolve) (?:artifact )?([\w.-]+:[\w.-]+(?::[\w.-]+)*)", text):
        facts.missing.append(f"artifact {artifact}")
    return facts
