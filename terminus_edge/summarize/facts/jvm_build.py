"""maven / gradle / ant / JUnit / surefire: BUILD FAILURE, per-module errors, Tests run totals, failing tests, the
compiler's errors as the build tool prints them (javac, kotlinc, groovyc)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics, java
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure

NAME = "maven-gradle"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(mvn|mvnw|\./mvnw|gradle|gradlew|\./gradlew|sbt|ant)\b")
# also a surefire report file (`target/surefire-reports/X.txt`: `Test set: pkg.XTest`, then each test's `<<< FAILURE!`)
OUTPUT_RE = re.compile(r"^\[(?:INFO|ERROR|WARNING)\] |^BUILD (?:SUCCESSFUL|FAILED) in |^> Task :|^FAILURE: Build failed|^Test set: [\w.$]+$", re.M)

SUREFIRE_TOTAL_RE = re.compile(r"^\[(?:INFO|ERROR|WARNING)\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$", re.M)
# One failing test's report: surefire 3 `[ERROR] com.acme.FooTest.bar -- Time elapsed: 0.1 s <<< FAILURE!`,
# surefire 2 `bar(com.acme.FooTest)  Time elapsed: 0.1 sec  <<< ERROR!`; the exception line follows.
SUREFIRE_HEAD_RE = re.compile(
    r"^(?:\[ERROR\] )?(?!Tests run:)(?P<name>\S(?:.*?\S)??)\s+(?:-- )?Time elapsed: [\d.,]+ s(?:ec)?\s+<<< (?P<kind>FAILURE|ERROR)!$", re.M
)
# The Results list: `[ERROR]   FooTest.bar:31 expected: <1> but was: <2>` under `[ERROR] Failures:` / `[ERROR] Errors:`.
SUREFIRE_LIST_RE = re.compile(r"^\[ERROR\]\s{2,}(?P<name>[\w.$]+[.#][\w$]+(?:\([^)]*\))?(?:\[\d+\])?)(?::(?P<line>\d+))?\s+(?P<msg>.*)$")
SUREFIRE_FRAME_RE = re.compile(r"^[ \t]+at (?P<method>[\w$.]+)\((?P<file>[\w$]+\.\w+):(?P<line>\d+)\)")
MAVEN_COMPILE_RE = re.compile(r"^\[(?P<sev>ERROR|WARNING)\] (?P<file>/?[^\s:\[]+\.(?:java|kt|scala)):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.+)$", re.M)
MAVEN_COMPILE_TOTAL_RE = re.compile(r"^\[INFO\] (\d+) (errors?|warnings?)\s*$", re.M)
MAVEN_RESULT_RE = re.compile(r"^\[INFO\] (BUILD (?:SUCCESS|FAILURE))$", re.M)
MAVEN_FAILED_GOAL_RE = re.compile(r"^\[ERROR\] Failed to execute goal (?P<goal>\S+)(?: \([\w-]+\))? on project (?P<project>\S+?): (?P<why>.+?)(?: -> \[Help 1\])?$", re.M)
GRADLE_RESULT_RE = re.compile(r"^(BUILD (?:SUCCESSFUL|FAILED) in \S+)", re.M)
# `* Where:` (a build script's line) comes just before `* What went wrong:` when the script itself failed
GRADLE_WRONG_RE = re.compile(r"^(?:\* Where:\n(.+)\n\n)?\* What went wrong:\n(.+(?:\n(?!\*).+){0,12})", re.M)
GRADLE_TESTS_RE = re.compile(r"^(\d+) tests? completed, (\d+) failed(?:, (\d+) skipped)?", re.M)
GRADLE_FAIL_RE = re.compile(r"^([\w.$]+) > (.+?) FAILED$", re.M)
GRADLE_KOTLIN_RE = re.compile(r"^(?P<sev>e|w): (?:file://)?(?P<file>\S+\.kts?):(?P<line>\d+):(?P<col>\d+) (?P<msg>.+)$", re.M)
# Gradle 4's plain console prints a task's name with no newline before the task's own output (`:compileJava/src/A.java:3:
# error: ...`, `:runException in thread "main" ...`); the split is made only before what starts a compiler's or the JVM's line.
GRADLE_GLUED_RE = re.compile(r"^(:[\w-]+(?::[\w-]+)*?)(?=/|[A-Za-z]:\\|Exception in thread |WARNING: |Note: |warning: |error: |startup failed:)", re.M)
# ant prefixes each line of a task's output with the task's name: `    [javac] src/A.java:3: error: ...`.
ANT_RUN_RE = re.compile(r"^Buildfile: |^Total time: \d", re.M)
ANT_PREFIX_RE = re.compile(r"^[ \t]*\[[a-z][\w-]*\] ?", re.M)
ANT_RESULT_RE = re.compile(r"^(BUILD (?:FAILED|SUCCESSFUL))$(?:\n(\S+:\d+: .+)$)?", re.M)
JAVAC_TOTAL_RE = re.compile(r"^(\d+) (errors?|warnings?)$", re.M)
# ant's JUnit formatter: `Testsuite: com.acme.FooTest`, `Tests run: 4, Failures: 1, Errors: 1, Skipped: 0, Time elapsed: ...`
# (printed twice with printsummary), `Testcase: bar took 0.01 sec` + `\tFAILED` / `\tCaused an ERROR`, message, exception, frames.
ANT_SUITE_RE = re.compile(r"^(?:Running|Testsuite:) ([\w.$]+)$", re.M)
ANT_TOTAL_RE = re.compile(r"^Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+), Time elapsed", re.M)
ANT_CASE_RE = re.compile(r"^Testcase: ([\w$]+)(?:\(([\w.$]+)\))? took [\d.,]+ sec$")
# the reactor summary's modules that failed or were skipped after a failure: `[INFO] web ........ SKIPPED`
REACTOR_RE = re.compile(r"^\[INFO\] (?P<module>\S.*?) \.{3,} (?P<state>FAILURE|SKIPPED)\b", re.M)
OFFLINE_RE = re.compile(r"No cached version of ([\w.-]+:[\w.-]+(?::[\w.-]*\w)*) available for offline mode")
MISSING_ARTIFACT_RES = (
    re.compile(r"Could not (?:find|resolve) (?:artifact )?([\w.-]+:[\w.-]+(?::[\w.-]*\w)*)"),
    re.compile(r"the artifact ([\w.-]+:[\w.-]+(?::[\w.-]+)+) has not been downloaded"),
)


def _maven_compile(text: str, facts: Facts) -> None:
    """Compiler errors, once each: maven prints them, then repeats them under `Failed to execute goal`."""
    lines = text.splitlines()
    seen = set()
    for i, line in enumerate(lines):
        m = MAVEN_COMPILE_RE.match(line)
        if not m:
            continue
        key = (m["file"], m["line"], m["col"], m["msg"])
        if key in seen:
            continue
        seen.add(key)
        details = []
        for follow in lines[i + 1 : i + 4]:
            detail = re.match(r"^(?:\[ERROR\])?\s+(symbol|required|found|reason)\s*:\s*(.+)$", follow)
            if detail:
                details.append(f"{detail.group(1)}: {detail.group(2).strip()}")
            elif not re.match(r"^(?:\[ERROR\])?\s+location\s*:", follow):
                break
        message = m["msg"] + (f" ({'; '.join(details)})" if details else "")
        facts.diagnostics.append(Diagnostic(m["sev"].lower(), clip(message, 220), m["file"], int(m["line"]), int(m["col"])))


def _surefire_failures(text: str) -> list[TestFailure]:
    failures: list[TestFailure] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        head = SUREFIRE_HEAD_RE.match(line)
        if not head:
            continue
        name = head["name"]
        old = re.match(r"^([\w$]+)\(([\w.$]+)\)$", name)  # surefire 2: method(pkg.Class)
        if old:
            name = f"{old.group(2)}.{old.group(1)}"
        reason, location = None, None
        test_class = name.rsplit(".", 1)[0]
        for follow in lines[i + 1 : i + 60]:
            if not follow.strip() or SUREFIRE_HEAD_RE.match(follow):
                break
            frame = SUREFIRE_FRAME_RE.match(follow)
            if frame:
                if location is None and frame["method"].startswith(test_class + "."):
                    location = f"{frame['file']}:{frame['line']}"
            elif reason is None:
                reason = follow.strip()
        failures.append(TestFailure(name, clip(reason, 200) if reason else None, location, "error" if head["kind"] == "ERROR" else "failed"))
    kind = None
    for line in lines:
        section = re.match(r"^\[ERROR\] (Failures|Errors):\s*$", line)
        if section:
            kind = "failed" if section.group(1) == "Failures" else "error"
            continue
        item = SUREFIRE_LIST_RE.match(line) if kind else None
        if not item:
            kind = kind if line.startswith("[ERROR]  ") else None
            continue
        short = item["name"].replace("#", ".")
        known = next((f for f in failures if f.name == short or f.name.endswith("." + short)), None)
        where = f"line {item['line']}" if item["line"] else None
        if known:
            known.location = known.location or where
        else:
            failures.append(TestFailure(short, clip(item["msg"], 200), where, kind))
    return failures


def _failed_goal(m: re.Match) -> str:
    goal = m["goal"].removeprefix("org.apache.maven.plugins:")
    why = re.sub(r"^Execution [\w-]+ of goal \S+ failed: ", "", m["why"]).replace("org.apache.maven.plugins:", "")
    why = re.sub(r"^(.+?)(?:: \1)+:?\s*$", r"\1", why).rstrip(": ")  # "Compilation failure: Compilation failure:"
    return clip(f"Failed to execute goal {goal} on project {m['project']}: {why}", 240)


def tool_lines(text: str) -> str:
    """The output as the compiler and the JVM wrote it: gradle's task names on a line of their own, ant's task prefixes gone."""
    text = GRADLE_GLUED_RE.sub("\\1\n", text)
    return ANT_PREFIX_RE.sub("", text) if ANT_RUN_RE.search(text) else text


def _ant_junit(text: str, facts: Facts) -> None:
    suite, totals, lines = None, {}, text.splitlines()
    for i, line in enumerate(lines):
        named = ANT_SUITE_RE.match(line)
        if named:
            suite = named.group(1)
        total = ANT_TOTAL_RE.match(line)
        if total:
            totals[suite] = [int(x) for x in total.groups()]  # one line per suite, however often it is printed
        case = ANT_CASE_RE.match(line)
        verdict = lines[i + 1].strip() if case and i + 1 < len(lines) else ""
        if verdict not in ("FAILED", "Caused an ERROR"):
            continue
        cls = case.group(2) or suite
        name = f"{cls}.{case.group(1)}" if cls else case.group(1)
        reason, location = None, None
        for follow in lines[i + 2 : i + 40]:
            if not follow.strip() or ANT_CASE_RE.match(follow):
                break
            frame = SUREFIRE_FRAME_RE.match(follow)
            if frame and location is None and frame["method"] == name:
                location = f"{frame['file']}:{frame['line']}"
            elif not frame and (reason is None or java.EXC_RE.match(follow)):
                reason = follow.strip()  # the exception line names its type; the line before it is the bare message
        facts.failures.append(TestFailure(name, clip(reason, 200) if reason else None, location, "error" if verdict != "FAILED" else "failed"))
    if totals:
        run, failures, errors, skipped = (sum(t[k] for t in totals.values()) for k in range(4))
        facts.counts = {"total": run, "failed": failures, "errors": errors, "skipped": skipped, "passed": run - failures - errors - skipped}
        facts.count_unit = "tests"


def _counts(text: str, facts: Facts) -> None:
    """Test totals (surefire, gradle) or else the compiler's error and warning totals."""
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
        for number, word in MAVEN_COMPILE_TOTAL_RE.findall(text) + JAVAC_TOTAL_RE.findall(text):
            facts.counts["errors" if word.startswith("error") else "warnings"] = int(number)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    text = tool_lines(text)
    javac = java.parse(text)  # javac's diagnostics and the JVM's stack traces, also where gradle or ant prints them
    _maven_compile(text, facts)
    for m in GRADLE_KOTLIN_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("error" if m["sev"] == "e" else "warning", clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"])))
    facts.diagnostics += javac.diagnostics
    facts.diagnostics += [d for d in diagnostics.gnu(text) if d.file and d.file.endswith((".groovy",))]
    _ant_junit(text, facts)  # ant's JUnit totals, when it ran
    if not facts.counts:
        _counts(text, facts)
    compile_errors = sum(1 for d in facts.diagnostics if d.severity == "error")
    if facts.count_unit == "tests" and compile_errors:  # a module that did not compile beside the tests of another
        facts.highlights.append(f"{compile_errors} compilation error{'s' if compile_errors > 1 else ''}")
    facts.failures += _surefire_failures(text)
    for cls, test in GRADLE_FAIL_RE.findall(text):
        detail = re.search(re.escape(f"{cls} > {test} FAILED") + r"\n\s+(.+)", text)
        facts.failures.append(TestFailure(f"{cls} > {test}", clip(detail.group(1), 200) if detail else None))
    for pattern in (MAVEN_RESULT_RE, GRADLE_RESULT_RE):
        for result in pattern.findall(text):
            facts.highlights.append(result)
    for result, where in ANT_RESULT_RE.findall(text):
        facts.highlights.append(result)
        if where:
            facts.errors.append(clip(where, 200))
    reactor = [f"{m['module']} {m['state']}" for m in REACTOR_RE.finditer(text)]
    if reactor:
        facts.steps.append("reactor modules: " + ", ".join(reactor))
    for goal in MAVEN_FAILED_GOAL_RE.finditer(text):
        facts.errors.append(_failed_goal(goal))
    for where, wrong in GRADLE_WRONG_RE.findall(text):
        at = f" (at {where.strip()})" if where else ""
        facts.errors.append(clip(f"What went wrong{at}: " + _wrong_chain(wrong), 280))
    if not facts.failures:  # a test runner reports each test's exception with its test
        facts.traceback = javac.traceback
    facts.errors += javac.errors
    facts.missing += javac.missing
    offline = OFFLINE_RE.findall(text)
    for artifact in offline:
        facts.missing.append(f"artifact {artifact} (no cached version for offline mode)")
    for pattern in MISSING_ARTIFACT_RES:
        for artifact in pattern.findall(text):
            if f"artifact {artifact}" not in facts.missing and artifact not in offline:
                why = " (offline mode: never downloaded)" if re.search(rf"in offline mode and the artifact {re.escape(artifact)}", text) else ""
                facts.missing.append(f"artifact {artifact}{why}")
    return facts


def _wrong_chain(block: str) -> str:
    """Gradle's `What went wrong` block: its first line and each `> cause` under it, without `Required by:` lists."""
    lines = block.splitlines()
    causes = [line.strip() for line in lines[1:] if line.strip().startswith(">")]
    return " ".join([lines[0].strip()] + causes)
