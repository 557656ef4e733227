"""go build / vet / test: `file.go:line:col: message`, --- FAIL blocks (subtests too), ok/FAIL package lines, panics."""

from __future__ import annotations

import json
import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure

NAME = "go"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(go (?:build|test|vet|run|install|mod|get)|golangci-lint|staticcheck|gotestsum)\b")
OUTPUT_RE = re.compile(r"^\{\"Time\":\"[^\"]*\",\"Action\":\"|^--- (?:FAIL|PASS): |^(?:ok|FAIL)\s+\S+\s+[\d.]+s|^# [\w./-]+$|^\S+\.go:\d+:\d+: "
                       r"|^goroutine \d+ \[[\w ,.-]+\]:$", re.M)  # a goroutine dump: a Go binary run directly crashed

GO_DIAG_RE = re.compile(r"^(?:\./)?(?P<file>[^\s:]+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+?)(?: \((?P<code>\w+)\))?$", re.M)
RESULT_RE = re.compile(r"^(?P<indent>[ \t]*)--- (?P<status>FAIL|PASS|SKIP): (?P<name>\S+) \([\d.]+s\)$", re.M)
RUN_RE = re.compile(r"^=== (?:RUN|CONT|PAUSE|NAME)\s+(\S+)$")
LOG_RE = re.compile(r"^(?P<indent>[ \t]+)(?P<where>\S+\.go:\d+): (?P<msg>.+)$")
PKG_RE = re.compile(r"^(ok|FAIL|---)\s+(\S+)\s+(?:[\d.]+s|\[(?:build failed|setup failed|no test files)\])", re.M)
PKG_HEADER_RE = re.compile(r"^# (\S+)(?: \[[^\]]+\])?$", re.M)
PANIC_RE = re.compile(r"^panic: (.+?)(?: \[recovered\])?$", re.M)
# The runtime's own unrecoverable errors: `fatal error: all goroutines are asleep - deadlock!`, `concurrent map writes`,
# `stack overflow` (after `runtime: goroutine stack exceeds 1000000000-byte limit`), then the goroutines' stacks.
FATAL_RE = re.compile(r"^fatal error: (.+)$", re.M)
FRAME_RE = re.compile(r"^\t(/\S+\.go|\S+\.go):(\d+)")
OWN_FRAME_RE = re.compile(r"^[ \t]*\t(/\S+\.go|\S+\.go):(\d+)")  # a frame of a stack a test logged (indented under it)
# `go test -fuzz`: the input that made the target fail, saved for `go test -run=FuzzX/<id>`
FUZZ_INPUT_RE = re.compile(r"^[ \t]*(Failing input written to \S+)$", re.M)
TEST_FRAME_RE = re.compile(r"^[\w./-]+\.((?:Test|Benchmark|Fuzz|Example)\w*)\(")
GOROOT_RE = re.compile(r"/(?:usr/lib/go[\w.-]*|usr/local/go|go/pkg/mod|\.?go/src|goroot)/|/src/(?:runtime|testing)/")
# The race detector's report: `WARNING: DATA RACE`, then `Read at 0x… by goroutine 8:` / `Previous write at …:`, each
# followed by its stack (`  pkg.(*T).Inc()` over `      /src/counter.go:9 +0x77`).
RACE_RE = re.compile(r"^WARNING: DATA RACE$", re.M)
RACE_ACCESS_RE = re.compile(r"^((?:Previous )?(?:[Rr]ead|[Ww]rite)) at 0x[0-9a-f]+ by (?:goroutine \d+|main goroutine):$")
RACE_FRAME_RE = re.compile(r"^[ \t]+(\S+\.go:\d+)(?: \+0x[0-9a-f]+)?$")
MISSING_RE = re.compile(r"(?:no required module provides package|cannot find package|cannot find module providing package) \"?([\w./-]+)\"?")


# t.Errorf and t.Logf print alike: the line that reads like a failure wins, else the test's last line.
FAILURE_WORDS_RE = re.compile(r"\b(?:got|want|wanted|expected|expect|error|err|fail\w*|mismatch|unexpected|should|must)\b|!=|==", re.I)


def _test_logs(lines: list[str]) -> dict[str, tuple[str, str]]:
    """The telling `file.go:line: message` logged by each test: under its `=== RUN` (-v) or its `--- FAIL` line."""
    logs: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in lines:
        run = RUN_RE.match(line)
        result = RESULT_RE.match(line)
        if run:
            current = run.group(1)
        elif result:
            current = result["name"]
        else:
            log = LOG_RE.match(line)
            if log and current:
                logs.setdefault(current, []).append((log["where"], log["msg"]))
    return {name: next((e for e in entries if FAILURE_WORDS_RE.search(e[1])), entries[-1]) for name, entries in logs.items()}


def _panic(text: str, pattern: re.Pattern = PANIC_RE) -> tuple[str, str | None] | None:
    """The panic message and the innermost frame outside the Go toolchain (the user's code)."""
    m = pattern.search(text)
    if not m:
        return None
    where = None
    after = text[m.end():].splitlines()
    if m.group(1).startswith("test timed out"):
        # the alarm's own goroutine says nothing: the test still running is the goroutine inside a Test function
        # (go 1.20+ also lists it under `running tests:`)
        for i, line in enumerate(after[:-1]):
            test = TEST_FRAME_RE.match(line)
            frame = FRAME_RE.match(after[i + 1])
            if test and frame:
                return f"{m.group(1)} in {test.group(1)}", f"{frame.group(1)}:{frame.group(2)}"
    for line in after[1:80]:
        frame = FRAME_RE.match(line)
        if frame and not GOROOT_RE.search(frame.group(1)) and not frame.group(1).endswith("_testmain.go"):
            where = f"{frame.group(1)}:{frame.group(2)}"
            break
    return m.group(1), where


def _tests(text: str, facts: Facts) -> None:
    lines = text.splitlines()
    logs = _test_logs(lines)
    results = [m for m in (RESULT_RE.match(line) for line in lines) if m]
    # a fuzz target's failing input prints a nested `--- FAIL` of the same name: one failure, not two
    failed = list(dict.fromkeys(m["name"] for m in results if m["status"] == "FAIL"))
    panic = _panic(text)
    for name in failed:
        where, reason = logs.get(name, (None, None))
        subtests = [f.split("/", 1)[1] for f in failed if f.startswith(name + "/") and "/" not in f[len(name) + 1:]]
        if reason is None and subtests:
            reason = "subtests failed: " + ", ".join(subtests)
        elif reason is None and panic and name == _panicking_test(lines, failed):
            reason, where = f"panic: {panic[0]}", panic[1]
        if reason and reason.startswith("panic: ") and where and where.startswith("testing.go:"):
            where = _own_frame_after(text, reason) or where  # testing's recover logged it: the panic's own frame
        facts.failures.append(TestFailure(name, clip(reason, 200) if reason else None, where))
    outer = {m["name"] for m in results if not m["indent"]}
    top = [m for m in results if "/" not in m["name"] and not (m["indent"] and m["name"] in outer)]
    sub = [m for m in results if "/" in m["name"]]
    if results:
        facts.count_unit = "tests"
        facts.counts = {"failed": sum(m["status"] == "FAIL" for m in top)}
        passed, skipped = sum(m["status"] == "PASS" for m in top), sum(m["status"] == "SKIP" for m in top)
        if passed:
            facts.counts["passed"] = passed
        if skipped:
            facts.counts["skipped"] = skipped
        if sub:
            by_status = {s: sum(m["status"] == s for m in sub) for s in ("FAIL", "PASS", "SKIP")}
            facts.highlights.append("subtests: " + ", ".join(
                f"{n} {word}" for word, n in (("failed", by_status["FAIL"]), ("passed", by_status["PASS"]), ("skipped", by_status["SKIP"])) if n))


def _own_frame_after(text: str, message: str) -> str | None:
    """The first frame outside the Go toolchain in the stack printed after `message` (a panic a test logged)."""
    at = text.find(message)
    for line in text[at:at + 8000].splitlines()[1:80] if at >= 0 else []:
        frame = OWN_FRAME_RE.match(line)
        if frame and not GOROOT_RE.search(frame.group(1)) and not frame.group(1).endswith("_testmain.go"):
            return f"{frame.group(1)}:{frame.group(2)}"
    return None


def _panicking_test(lines: list[str], failed: list[str]) -> str | None:
    """A panic ends the test binary right after the `--- FAIL` of the test that panicked."""
    last = None
    for line in lines:
        result = RESULT_RE.match(line)
        if result and result["status"] == "FAIL":
            last = result["name"]
        elif line.startswith("panic: "):
            return last
    return None


def _races(text: str) -> list[str]:
    """Each data race as its two accesses with their innermost own frame: `read at a.go:9 vs previous write at a.go:9`."""
    races = []
    for start in RACE_RE.finditer(text):
        accesses: list[str] = []
        kind = None
        for line in text[start.end():start.end() + 8000].splitlines()[1:60]:  # bounded: a log may hold thousands of races
            if line.startswith("=================="):
                break
            access = RACE_ACCESS_RE.match(line)
            frame = RACE_FRAME_RE.match(line)
            if access:
                kind = access.group(1).lower()
            elif frame and kind and not GOROOT_RE.search(frame.group(1)):
                accesses.append(f"{kind} at {frame.group(1)}")
                kind = None
        if accesses:
            races.append("DATA RACE: " + " vs ".join(accesses[:2]))
    return races


# `go test -json` (and gotestsum --jsonfile): one event per line; the `Output` fields are the plain run's text.
JSON_EVENT_RE = re.compile(r'^\{"Time":"[^"]*","Action":"\w+"', re.M)


def _json_events_as_text(text: str) -> str:
    """A `go test -json` stream turned back into what `go test -v` prints, so the same rules read it."""
    out = []
    for line in text.splitlines(keepends=True):
        if not line.startswith('{"Time":'):
            out.append(line)
            continue
        try:
            event = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        if isinstance(event, dict) and isinstance(event.get("Output"), str):
            out.append(event["Output"])
    return "".join(out)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    if JSON_EVENT_RE.search(text):
        text = _json_events_as_text(text)
    for m in GO_DIAG_RE.finditer(text):
        if m.group(0).startswith(("\t", " ")):
            continue
        facts.diagnostics.append(Diagnostic("error", clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]) if m["col"] else None, m["code"]))
    _tests(text, facts)
    packages = PKG_RE.findall(text)
    if packages:
        failed_pkgs = [p for status, p in packages if status == "FAIL"]
        ok_pkgs = [p for status, p in packages if status == "ok"]
        broken = dict(re.findall(r"^FAIL\s+(\S+)\s+\[((?:build|setup) failed)\]", text, re.M))
        named = [f"{p} [{broken[p]}]" if p in broken else p for p in failed_pkgs[:4]]
        note = f" ({', '.join(named)})" if named else ""
        facts.highlights.append(f"packages: {len(ok_pkgs)} ok, {len(failed_pkgs)} failed{note}")
    if not facts.counts and facts.diagnostics:
        facts.counts = {"errors": len(facts.diagnostics)}
        headers = PKG_HEADER_RE.findall(text)
        if headers:
            facts.highlights.append("in package " + ", ".join(dict.fromkeys(headers)))
    panic = _panic(text)
    if panic and not any(f.reason and f.reason.startswith("panic: ") for f in facts.failures):
        facts.errors.append(clip(f"panic: {panic[0]}" + (f" at {panic[1]}" if panic[1] else ""), 200))
    fatal = None if panic else _panic(text, FATAL_RE)
    if fatal:
        facts.errors.append(clip(f"fatal error: {fatal[0]}" + (f" at {fatal[1]}" if fatal[1] else ""), 200))
    facts.highlights += FUZZ_INPUT_RE.findall(text)[:2]
    races = _races(text)
    facts.errors += list(dict.fromkeys(races))[:4]
    if len(races) > 1:
        facts.highlights.append(f"{len(races)} data races reported")
    facts.missing += [f"package {p}" for p in MISSING_RE.findall(text)]
    return facts
