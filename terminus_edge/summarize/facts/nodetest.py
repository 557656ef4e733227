"""node --test (TAP and spec reporters) and other TAP producers (tap, tape, prove).

TAP: a `not ok` line with a `# TODO` directive is an expected failure, not a failure. prove (Test::Harness) adds
`Files=5, Tests=12` and `Result: FAIL`, a `Test Summary Report` naming each failing file, Test::More's
`#   Failed test 'name'` / `#   at t/x.t line 8.` diagnostics, and a script's own `die … at FILE line N.`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "node-test"
COMMAND_RE = re.compile(r"\bnode\b.*--test\b|\b(tap|tape|prove|uvu)\b|\bnode --test")
# A bare TAP stream (busted -o TAP, a TAP printer without tallies) says only its plan, first or last: `1..2`.
# (the plan's `1` as `\d`: detection_text makes every digit a 1, and must find what the text itself would)
OUTPUT_RE = re.compile(r"\A\d\.\.\d+\n|^\d\.\.\d+\s*\Z|^TAP version \d+|^# (?:tests|pass|fail)[ \t]+\d+$|^ℹ (?:tests|pass|fail) \d+$|^  Total:[ \t]+\d+\n  Passed:[ \t]+\d+$", re.M)

# tape pads its tally (`# pass  3`); node --test's spec reporter says `ℹ pass 3`
TOTAL_RE = re.compile(r"^(?:#|ℹ) (tests|suites|pass|fail|cancelled|skipped|skip|todo)[ \t]+(\d+)$", re.M)  # `# skip 1`: QUnit
# node-tap's closing tally: `# { total: 3, pass: 1, fail: 2 }` (`skip: 1`, `todo: 1` when there are some)
PLAN_RE = re.compile(r"^1\.\.(\d+)(?: #.*)?$", re.M)
TOP_RESULT_RE = re.compile(r"^(ok|not ok) \d+\b[^#\n]*(?:#[ \t]*(SKIP|TODO|skip|todo)\b)?", re.M)
TAP_TALLY_RE = re.compile(r"^# \{ total: (\d+)((?:, \w+: \d+)*) \}$", re.M)
# ` - ` between number and description is optional in TAP (tape prints `not ok 3 TEN clamps at zero`); node-tap
# closes a subtest with `not ok 2 - name # time=19ms`, a comment, not a directive
NOT_OK_RE = re.compile(r"^([ \t]*)not ok \d+(?: -)? (.+?)(?:\s+#\s*(?:(?P<directive>TODO|SKIP)\b.*|time=\S+))?$", re.M | re.I)
# uvu: `   FAIL  "name"` with the assertion's message on the next line; `  Total:     3` / `  Passed:    1` / `  Skipped:   0`
UVU_FAIL_RE = re.compile(r'^   FAIL  "(.+)"\n[ \t]+(.+)$', re.M)
UVU_TALLY_RE = re.compile(r"^  (Total|Passed|Skipped):[ \t]+(\d+)$", re.M)
HARNESS_TOTAL_RE = re.compile(r"^Files=(\d+), Tests=(\d+),", re.M)
# TAP's `Bail out! reason`, as prove reports it too (`FAILED--Further testing stopped: reason`)
BAIL_OUT_RE = re.compile(r"^Bail out!\s*(.*)$|^FAILED--Further testing stopped: (.+)$", re.M)
HARNESS_RESULT_RE = re.compile(r"^Result: (PASS|FAIL|NOTESTS)$", re.M)
# `t/02-div.t  (Wstat: 768 (exited 3) Tests: 4 Failed: 3)` and the indented detail lines under it
REPORT_FILE_RE = re.compile(r"^(\S+)\s+\(Wstat: \d+(?: \((exited \d+|[^)]*)\))? Tests: (\d+) Failed: (\d+)\)$", re.M)
REPORT_DETAIL_RE = re.compile(r"^[ \t]+(Failed tests?|Non-zero exit status|Parse errors|TODO passed):[ \t]*(.+)$")
# Test::More's diagnostics, with is()'s `got:` / `expected:` lines when they follow
# (Raku's Test prints the same without the full stop, and `expected:` before `got:`)
MORE_FAILED_RE = re.compile(r"^#\s+Failed test '(.+)'\n#\s+at (\S+) line (\d+)\.?$"
                            r"(?:\n#\s+got: (.*)\n#\s+expected: (.*)$|\n#\s+expected: (.*)\n#\s+got: (.*)$)?", re.M)
# perl's die / warn: `Illegal division by zero at lib/Calc.pm line 16.` (not a `#` diagnostic, not a TAP line)
PERL_DIE_RE = re.compile(r"^(?!#|ok |not ok )([^\n]{3,200}?) at (\S+) line (\d+)(?:, <[^>]*> line \d+)?\.$", re.M)
SPEC_FAIL_RE = re.compile(r"^([ \t]*)✖ (.+?)(?: \([\d.]+m?s\))?$", re.M)
SPEC_TEST_AT_RE = re.compile(r"^[ \t]*test at (\S+:\d+:\d+)\n[ \t]*✖ (.+?)(?: \([\d.]+m?s\))?$", re.M)


# A V8 stack frame as the TAP `stack:` block prints it: `subtotal (/x/src/cart.js:4:21)`, `/x/a.js:3:5`, `async f (file:///x/a.mjs:2:9)`
STACK_FRAME_RE = re.compile(r"^(?:async )?(?:(?P<func>[^()]+?) \()?(?:file://)?(?P<file>[^()\s]+?):(?P<line>\d+):(?P<col>\d+)\)?$")
LIBRARY_FILE_RE = re.compile(r"^node:|/node_modules/|^internal/")


def _yaml_block(text: str, start: int) -> dict[str, str]:
    """The `---` … `...` diagnostics block after a TAP `not ok` line: key -> first value line; "thrown_at": the
    `stack:` block's first own frame (`file:line:col in func()`), where the error was thrown."""
    info: dict[str, str] = {}
    lines = text[start:].splitlines()[1:80]
    if not lines or lines[0].strip() != "---":
        return info
    key, stack_indent = None, None
    for line in lines[1:]:
        stripped = line.strip()
        if stripped == "...":
            break
        indent = len(line) - len(line.lstrip())
        if stack_indent is not None and indent > stack_indent:
            if "thrown_at" not in info and _own_frame(stripped):
                info["thrown_at"] = _own_frame(stripped)
            continue
        stack_indent = None
        m = re.match(r"^(\w+):\s*(.*)$", stripped)
        if m and m.group(1) == "stack":
            key, stack_indent = None, indent
        elif m and m.group(1) in ("location", "error", "expected", "actual", "code", "name", "operator", "failureType"):
            key, value = m.group(1), m.group(2)
            info[key] = "" if value in ("|-", "|", ">-") else value.strip("'\"")
        elif key in ("error", "expected", "actual") and not info.get(key) and stripped:
            info[key] = stripped  # a block scalar's first line (`actual: |-` then `-5`)
    return info


# The place in the `#` comments under a `not ok` line: bats's `# (in test file test/lib.bats, line 8)`, Raku's and
# Test::More's `# at t/a.t line 6.`
COMMENT_PLACE_RE = re.compile(r"^\(?in test file (\S+?), line (\d+)\)?$|^at (\S+) line (\d+)\.?$")


def _comment_block(text: str, start: int) -> tuple[str | None, str]:
    """The place and the first lines of what went wrong, from the `#` comment lines right under a `not ok` line
    (a TAP producer without a YAML block): bats's failed command (`` `[ "$output" = "-6" ]' failed ``)."""
    place, said = None, []
    for line in text[start:].splitlines()[1:12]:
        if not line.startswith("#"):
            break
        comment = line.lstrip("#").strip()
        at = COMMENT_PLACE_RE.match(comment)
        if at:
            place = place or f"{at.group(1) or at.group(3)}:{at.group(2) or at.group(4)}"
        elif comment and not comment.startswith("Failed test") and len(said) < 2:
            said.append(comment)
    return place, "; ".join(said)


def _own_frame(line: str) -> str | None:
    """`file:line:col in func()` of a stack frame line (`at ` in front or not) outside node's internals and node_modules."""
    frame = STACK_FRAME_RE.match(line.removeprefix("at "))
    if not frame or LIBRARY_FILE_RE.search(frame["file"]):
        return None
    func = frame["func"] if frame["func"] and "<anonymous>" not in frame["func"] else None
    return f"{frame['file']}:{frame['line']}:{frame['col']}" + (f" in {func}()" if func else "")


def _place(test_at: str | None, thrown_at: str | None) -> str | None:
    """Where the failure was thrown, then the test's own place (its `location:`) when that is another."""
    test_at = test_at.replace("file://", "") if test_at else None
    if not thrown_at or not test_at:
        return thrown_at or test_at
    test_file, _, test_line = test_at.rpartition(":")[0].rpartition(":")
    thrown_file, _, thrown_line = thrown_at.split(" ", 1)[0].rpartition(":")[0].rpartition(":")
    same_file = thrown_file == test_file or thrown_file.endswith("/" + test_file.lstrip("./"))
    if same_file and thrown_line == test_line:
        return thrown_at  # thrown on the test's own line
    if same_file:
        return f"{thrown_at}, test at line {test_line}"
    return f"{thrown_at}, test at {test_at.rsplit('/', 1)[-1]}"


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    totals = {k: int(v) for k, v in TOTAL_RE.findall(text)}
    if totals:
        mapping = {"fail": "failed", "pass": "passed", "skipped": "skipped", "skip": "skipped", "todo": "todo", "cancelled": "cancelled"}
        if "tests" in totals:
            facts.counts["total"] = totals["tests"]
        for key, name in mapping.items():
            if key in totals and (totals[key] or key in ("fail", "pass")):
                facts.counts[name] = totals[key]
    _tap_tally(text, facts)
    _unlisted_skips(text, facts)
    for m in NOT_OK_RE.finditer(text):
        if m.group("directive") and m.group("directive").upper() == "TODO":
            continue  # an expected failure: TAP harnesses do not count it
        if _closes_subtest(text, m.start(), len(m.group(1))):
            continue  # a subtest's own line: it fails because a child failed, and the child is listed itself
        info = _yaml_block(text, m.end())
        if info.get("failureType") == "subtestsFailed" or "type: 'suite'" in text[m.end(): m.end() + 200]:
            continue  # a suite fails because a child failed; the child is listed itself
        reason = info.get("error") or ""
        error_name = info.get("name", "")
        if reason and error_name.endswith("Error") and error_name not in ("Error", "AssertionError") and error_name not in reason:
            reason = f"{error_name}: {reason}"  # a TypeError says more than its message alone
        if "actual" in info and info["actual"]:
            reason += f" (actual {info['actual']}, expected {info.get('expected', '?')})"
        place = _place(info.get("location"), info.get("thrown_at"))
        if not info:
            place, reason = _comment_block(text, m.end())
        facts.failures.append(TestFailure(m.group(2).strip(), clip(reason, 200) or None, place))
    _harness(text, facts)
    _uvu(text, facts)
    _tap_plan(text, facts)
    if not facts.failures:
        lines = text.splitlines()
        test_at = {name: place for place, name in SPEC_TEST_AT_RE.findall(text)}  # the `failing tests:` recap's places
        for i, line in enumerate(lines):
            m = SPEC_FAIL_RE.match(line)
            if m and not m.group(2).startswith("failing tests"):
                following = [l.strip() for l in lines[i + 1 : i + 6] if l.strip() and not l.strip().startswith("at ")]
                detail = following[0] if following else ""
                if detail.endswith(":") and len(following) > 1:
                    detail = f"{detail} {following[1]}"
                if not any(f.name == m.group(2) for f in facts.failures):
                    thrown_at = _spec_thrown_at(lines, i + 1, len(m.group(1)))
                    facts.failures.append(TestFailure(m.group(2), clip(detail, 200) or None, _place(test_at.get(m.group(2)), thrown_at)))
    return facts


def _tap_tally(text: str, facts: Facts) -> None:
    tally = TAP_TALLY_RE.search(text)
    if not tally or facts.counts:
        return
    found = dict(re.findall(r"(\w+): (\d+)", tally.group(2)))
    facts.counts["total"] = int(tally.group(1))
    for key, name in (("fail", "failed"), ("pass", "passed"), ("skip", "skipped"), ("todo", "todo")):
        if key in found and (int(found[key]) or key in ("fail", "pass")):
            facts.counts[name] = int(found[key])


def _unlisted_skips(text: str, facts: Facts) -> None:
    """A tally without a skip line that leaves the skipped tests out (mocha's `tap` reporter: `# tests 3` / `# pass 1` /
    `# fail 2` under a plan of `1..4`, its pending test an `ok 4 … # SKIP` line): those are counted as skipped, the
    tally's own total kept. Only when the plan is the tally's total plus them: tape counts a skip among its passes."""
    plans = PLAN_RE.findall(text)
    if "skipped" in facts.counts or "total" not in facts.counts or len(plans) != 1:
        return
    n = sum(1 for _, directive in TOP_RESULT_RE.findall(text) if directive.upper() == "SKIP")
    if n and facts.counts["total"] + n == int(plans[0]):
        facts.counts["skipped"] = n


def _tap_plan(text: str, facts: Facts) -> None:
    """No tally at all: count the top-level `ok` / `not ok` lines against the one plan `1..N` (TODO / SKIP apart); a
    harness over several files (prove) prints a plan per file and a tally of its own."""
    plans = PLAN_RE.findall(text)
    if len(plans) != 1 or facts.counts:
        return
    results = TOP_RESULT_RE.findall(text)
    facts.counts["total"] = int(plans[0])
    facts.counts["failed"] = sum(1 for ok, directive in results if ok == "not ok" and directive.upper() != "TODO")
    facts.counts["passed"] = sum(1 for ok, directive in results if ok == "ok" and not directive)
    for key, word in (("skipped", "SKIP"), ("todo", "TODO")):
        if n := sum(1 for _, directive in results if directive.upper() == word):
            facts.counts[key] = n


def _closes_subtest(text: str, start: int, indent: int) -> bool:
    """TAP 14 nests a subtest's lines (more indented, ending with its `1..N` plan) before its own `not ok` line."""
    before = text[max(0, start - 2000):start].rstrip("\n").rsplit("\n", 1)[-1]
    stripped = before.lstrip()
    return len(before) - len(stripped) > indent and (stripped.startswith("1..") or stripped.startswith("# "))


def _uvu(text: str, facts: Facts) -> None:
    tally = dict(UVU_TALLY_RE.findall(text))
    if "Total" not in tally or "Passed" not in tally:
        return
    failed = UVU_FAIL_RE.findall(text)
    for name, reason in failed:
        facts.failures.append(TestFailure(name, clip(reason.strip(), 200)))
    facts.counts.setdefault("total", int(tally["Total"]))
    facts.counts.setdefault("failed", len(failed))
    facts.counts.setdefault("passed", int(tally["Passed"]))
    if int(tally.get("Skipped", 0)):
        facts.counts.setdefault("skipped", int(tally["Skipped"]))


def _spec_thrown_at(lines: list[str], start: int, indent: int) -> str | None:
    """The first own `at` frame of the error printed under a spec reporter's `✖ test` line (more indented than it)."""
    for line in lines[start:start + 60]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            return None
        if line.lstrip().startswith("at ") and _own_frame(line.strip()):
            return _own_frame(line.strip())
    return None


def _harness(text: str, facts: Facts) -> None:
    """prove's totals, Test::More's failed-test diagnostics, the failing files of the summary report, dies."""
    total, result = HARNESS_TOTAL_RE.search(text), HARNESS_RESULT_RE.search(text)
    reported = REPORT_FILE_RE.findall(text)
    if total and result and "total" not in facts.counts and (reported or result.group(1) == "PASS"):
        # Tests= counts subtests; the report's Failed: columns are the failed ones (a file that died may add none)
        facts.counts.update(total=int(total.group(2)), failed=sum(int(r[3]) for r in reported))
        died = sum(1 for r in reported if r[3] == "0")  # a file that exited non-zero with no failed test in it
        if died:
            facts.counts["errors"] = died
    if total:
        facts.highlights.append(plural(int(total.group(1)), "test file"))
    if result:
        facts.highlights.append(f"Result: {result.group(1)}")
    for name, where, line, got, expected, expected_first, got_second in MORE_FAILED_RE.findall(text):
        got, expected = got or got_second, expected or expected_first
        reason = clip(f"got {got.strip()}, expected {expected.strip()}", 200) if got else None
        listed = next((f for f in facts.failures if f.name == name), None)  # its `not ok` line (prove -v) came first
        if listed is None:
            facts.failures.append(TestFailure(name, reason, f"{where}:{line}"))
        else:
            # got / expected read whole beat the `#` comment lines a `not ok` line took (`got: '3'; expected: '3.5'`)
            listed.reason, listed.location = reason or listed.reason, listed.location or f"{where}:{line}"
    for m in REPORT_FILE_RE.finditer(text):
        name, exited, tests, failed = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
        details = {}
        for follow in text[m.end(): m.end() + 1000].splitlines()[1:7]:
            d = REPORT_DETAIL_RE.match(follow)
            if not d:
                break
            details[d.group(1)] = d.group(2).strip()
        parts = [f"{failed} of {plural(tests, 'test')} failed"] if failed else []
        which = details.get("Failed tests") or details.get("Failed test")  # Test::Harness says `Failed test:` for one
        if which:
            parts[-1:] = [f"{parts[-1]} ({which})"] if parts else [f"failed tests {which}"]
        if exited and exited.startswith("exited") and not failed:
            parts.append(exited)
        if "Parse errors" in details:
            parts.append(f"parse errors: {details['Parse errors']}")
        facts.failures.append(TestFailure(name, clip("; ".join(parts), 200) or None, kind="failed" if failed else "error"))
    bail = BAIL_OUT_RE.search(text)
    if bail:
        facts.errors.append(clip(f"bailed out: {bail.group(1) or bail.group(2)}", 200))
        facts.stopped_early = True
    if result or total:
        for message, where, line in PERL_DIE_RE.findall(text):
            facts.errors.append(clip(f"{message} at {where} line {line}", 200))
