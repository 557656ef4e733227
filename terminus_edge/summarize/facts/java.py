"""javac diagnostics and Java / JVM stack traces (exception, message, innermost application frame)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip, marked_failures, parse_count_list
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure, TracebackInfo

NAME = "java"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(javac|java|kotlinc|kotlin|scalac|jshell|groovy)\b")
# a frame may name its module first (`at java.base/java.lang.Integer.parseInt(Integer.java:668)`)
OUTPUT_RE = re.compile(
    r"^\S+\.java:\d+: (?:error|warning):|^Exception in thread \"|^[ \t]+at (?:[\w.$-]+/)?[\w$.]+\([\w$]+\.(?:java|kt|scala|groovy):\d+\)", re.M)

# groovyc (and `groovy` compiling a script): `Shapes.groovy: 11: [Static type checking] - message` with its place
# ` @ line 11, column 17.` under it, a few lines of the message between them at most
GROOVYC_RE = re.compile(
    r"^(?P<file>[^\s:][^:\n]*\.groovy): (?P<line>\d+): (?P<msg>.+?)[ \t]*\n(?:(?! @ line ).*\n){0,3} @ line \d+, column (?P<col>\d+)\.", re.M)
TOTAL_RE = re.compile(r"^(\d+) (errors?|warnings?)$", re.M)
# scalac 2 spells small totals out: `three errors found`, `one warning found`, `12 errors found`
SCALAC_TOTAL_RE = re.compile(r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (errors?|warnings?) found$", re.M)
BUILD_TOOL_RE = re.compile(r"^\[(?:INFO|ERROR)\] |^BUILD (?:SUCCESSFUL|SUCCESS|FAILED|FAILURE)\b|^> Task :|^FAILURE: Build |^Total time: \d", re.M)
NUMBER_WORDS = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])}
EXC_RE = re.compile(r"^(?:Exception in thread \"[^\"]+\" |Caused by: )?(?P<type>(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)|[A-Z][\w$]*(?:Exception|Error))(?::\s*(?P<msg>.*))?$", re.M)
FRAME_RE = re.compile(r"^[ \t]+at (?P<method>[\w$.<>]+)\((?P<file>[\w$]+\.(?:java|kt|scala|groovy)):(?P<line>\d+)\)")
# A test runner's per-test report (surefire `... <<< FAILURE!` + the stack trace): the runner's parser reports
# those with their test, so they are not "the first exception" of the run.
TEST_REPORT_RE = re.compile(r"^.*<<< (?:FAILURE|ERROR)!\n(?:.+\n?)*", re.M)
# Test runners started with plain `java`: JUnit 4's JUnitCore (`OK (6 tests)`, `Tests run: 8,  Failures: 2` and
# `1) testSub(CalcTest)` + its exception), the JUnit Platform console launcher (`[   6 tests successful   ]`), and a
# hand-written runner's tally line (`6 passed, 2 failed`, `Tests: 6 passed; 2 failed`, `Passed: 6, Failed: 2`).
JUNIT4_OK_RE = re.compile(r"^OK \((\d+) tests?\)$", re.M)
# JUnit 4's `Tests run: 8,  Failures: 2`; a surefire report file's `Tests run: 4, Failures: 2, Errors: 0, Skipped: 1, …`
JUNIT4_TOTAL_RE = re.compile(r"^Tests run: (\d+),\s+Failures: (\d+)(?:, Errors: (\d+), Skipped: (\d+))?", re.M)
JUNIT4_FAILURE_RE = re.compile(r"^\d+\) (?P<test>[\w$]+)\((?P<cls>[\w$.]+)\)\n(?P<reason>.+)", re.M)
CONSOLE_RE = re.compile(r"^\[\s*(\d+) tests (found|successful|failed|skipped|aborted)\s*\]$", re.M)
# the console launcher's `Failures (3):` list: `  JUnit Jupiter:StockTest:addsUp()`, its MethodSource, `=> exception`
CONSOLE_FAILURE_RE = re.compile(
    r"^  [\w .-]+:.+\n    MethodSource \[className = '(?P<cls>[\w$.]+)', methodName = '(?P<method>[\w$]+)'.*\n    => (?P<reason>.+)", re.M)
CONSOLE_KEYS = {"found": "total", "successful": "passed", "failed": "failed", "skipped": "skipped", "aborted": "errors"}
TALLY_WORD = r"(?:(?:tests? )?(?:passed|failed|skipped|ignored|errors?|failures?|succeeded)|tests?)"
TALLY_LINE_RE = re.compile(
    rf"^[ \t]*(?:[A-Za-z][\w ]{{0,20}}:[ \t]*)?(?P<tally>(?:(?:\d+ {TALLY_WORD}|{TALLY_WORD}:[ \t]*\d+)[,;.]?[ \t]*)+)$", re.M | re.I
)
LIBRARY_PREFIXES = ("java.", "javax.", "jdk.", "sun.", "kotlin.", "scala.", "org.junit", "junit.", "org.apache.maven", "org.gradle", "com.sun.", "org.springframework.")


def stack_trace(text: str) -> TracebackInfo | None:
    """The first exception with its innermost non-library frame."""
    m = EXC_RE.search(text)
    if not m:
        return None
    frames = []
    for line in text[m.end():].splitlines()[1:60]:
        frame = FRAME_RE.match(line)
        if frame:
            frames.append(frame)
        elif frames and not line.strip().startswith(("...", "at ")):
            break
    if not frames and not m.group(0).startswith("Exception in thread"):
        return None
    user = [f for f in frames if not f["method"].startswith(LIBRARY_PREFIXES)] or frames
    top = user[0] if user else None
    return TracebackInfo(
        m["type"], clip(m["msg"] or "", 200),
        top["file"] if top else None, int(top["line"]) if top else None, top["method"] if top else None,
    )


def test_counts(text: str) -> dict[str, int]:
    """The run's final test tally, {"total": 8, "passed": 6, "failed": 2, ...}; {} when none is printed."""
    junit4 = [(m.start(), _junit4_total(*(int(n or 0) for n in m.groups()))) for m in JUNIT4_TOTAL_RE.finditer(text)]
    junit4 += [(m.start(), {"total": int(m[1]), "passed": int(m[1]), "failed": 0}) for m in JUNIT4_OK_RE.finditer(text)]
    console = {CONSOLE_KEYS[word]: int(n) for n, word in CONSOLE_RE.findall(text)}
    if console:
        return console
    tallies = [(m.start(), parse_count_list(re.sub(r"(\d+) tests? (?=[a-z])", r"\1 ", m["tally"], flags=re.I)))
               for m in TALLY_LINE_RE.finditer(text)]
    found = [(at, counts) for at, counts in junit4 + tallies if "passed" in counts or "failed" in counts]
    if not found:
        return {}
    counts = max(found, key=lambda pair: pair[0])[1]  # the last one printed is the run's total
    if "total" in counts and "passed" not in counts:
        counts["passed"] = counts["total"] - sum(counts.get(k, 0) for k in ("failed", "errors", "skipped"))
    return counts


def _junit4_total(run: int, failed: int, errors: int, skipped: int) -> dict[str, int]:
    counts = {"total": run, "failed": failed, "errors": errors, "skipped": skipped, "passed": run - failed - errors - skipped}
    return {k: v for k, v in counts.items() if v or k in ("total", "failed", "passed")}


def console_failures(text: str) -> list[TestFailure]:
    """The JUnit Platform console launcher's failures (its frames carry no `at `)."""
    return _failures(CONSOLE_FAILURE_RE, text, "method", r"^\s+(?:at )?")


def junit4_failures(text: str) -> list[TestFailure]:
    return _failures(JUNIT4_FAILURE_RE, text, "test", r"^[ \t]+at ")


def _failures(pattern: re.Pattern, text: str, method: str, frame_lead: str) -> list[TestFailure]:
    """Each failing test with its exception line and the test method's own frame in the trace under it."""
    failures = []
    for m in pattern.finditer(text):
        name = f"{m['cls']}.{m[method]}"
        frame = re.search(rf"{frame_lead}{re.escape(name)}\((?P<file>[\w$]+\.\w+):(?P<line>\d+)\)", text[m.end():m.end() + 8000], re.M)
        failures.append(TestFailure(name, clip(m["reason"].strip(), 200), f"{frame['file']}:{frame['line']}" if frame else None))
    return failures


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = [d for d in diagnostics.gnu(text) if d.file and d.file.endswith((".java", ".kt", ".scala"))]
    diagnostics.with_detail(text, diags)
    for d in diags:
        lint = re.match(r"\[([a-z]+)\] (.+)", d.message)  # -Xlint's category: `warning: [rawtypes] found raw type: List`
        if lint and not d.code:
            d.code, d.message = lint.groups()
    diags += [Diagnostic("error", clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]))
              for m in GROOVYC_RE.finditer(text)]
    facts.diagnostics = diags
    if not BUILD_TOOL_RE.search(text):  # under maven / gradle / ant the build tool's parser counts (tests, not javac's errors)
        facts.counts = diagnostics.count(diags)
        for number, word in TOTAL_RE.findall(text) + SCALAC_TOTAL_RE.findall(text):
            facts.counts["errors" if word.startswith("error") else "warnings"] = NUMBER_WORDS.get(number) or int(number)
        tests = test_counts(text) if not diags else {}
        if tests:  # a test run's tally is counts of tests, not error lines
            facts.counts, facts.count_unit = tests, "tests"
            facts.failures = junit4_failures(text) or console_failures(text) or marked_failures(text)
    plain = TEST_REPORT_RE.sub("", text) if "<<< " in text else text
    facts.traceback = stack_trace(plain)
    causes = list(re.finditer(r"^Caused by: ", plain, re.M))
    if facts.traceback and causes:  # the wrapper is what was thrown; the last `Caused by:` is what went wrong
        root = stack_trace(plain[causes[-1].start():])
        if root:
            where = f" at {root.file}:{root.line}" + (f" in {root.function}()" if root.function else "") if root.file else ""
            facts.errors.append(clip(f"root cause: {root.exc_type}: {root.message}{where}", 220))
    thread = re.search(r'^Exception in thread "(?!main")([^"]+)"', plain, re.M)
    if facts.traceback and thread:  # an uncaught exception in another thread need not stop the program
        facts.highlights.append(f'the exception was thrown in thread "{thread.group(1)}", not in main')
    main_class = re.search(r"^Error: Could not find or load main class (\S+)", text, re.M)
    for kind, name in re.findall(r"(ClassNotFoundException|NoClassDefFoundError): ([\w.$/]+)", text):
        if not (main_class and name == main_class.group(1)):
            facts.missing.append(f"class {name} ({kind})")
    if main_class:
        cause = re.search(rf"^Caused by: [\w.]*?(\w+): {re.escape(main_class.group(1))}$", text, re.M)
        facts.errors.append(f"could not find or load main class {main_class.group(1)}" + (f" ({cause.group(1)})" if cause else ""))
    if re.search(r"^error: compilation failed$", text, re.M):  # `java File.java`: the source launcher compiled it first
        facts.errors.append("compilation failed (source launcher); the program did not run")
    return facts
