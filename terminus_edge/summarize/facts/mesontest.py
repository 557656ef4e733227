"""`meson test` (and `ninja test` in a meson build): a row per test `2/6 math_div   FAIL   0.01s   exit status 1`
(results OK, FAIL, EXPECTEDFAIL, UNEXPECTEDPASS, SKIP, TIMEOUT, ERROR), `--print-errorlogs` output between ✀ rules,
the `Summary of Failures:` list and the closing tally `Ok: 2`, `Expected Fail: 1`, `Fail: 2`, … `Timeout: 1`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.generic import ERROR_RE
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "meson-test"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(meson test|ninja (?:-C \S+ )?test)\b")
OUTPUT_RE = re.compile(r"^Expected Fail:[ \t]+\d+[ \t]*$|^Summary of Failures:$", re.M)  # one line: detection may dedupe lines

ROW_RE = re.compile(
    r"^[ \t]*\d+/\d+ (\S+)[ \t]+(OK|FAIL|EXPECTEDFAIL|UNEXPECTEDPASS|SKIP|TIMEOUT|ERROR)[ \t]+[\d.]+s(?:[ \t]+(\S[^\n]*?))?[ \t]*$", re.M)
TALLY_RE = re.compile(r"^(Ok|Expected Fail|Fail|Unexpected Pass|Skipped|Timeout):[ \t]+(\d+)[ \t]*$", re.M)
CUT_RE = re.compile(r"^―+ +✀ +―+$")
FAILING = {"FAIL": "failed", "UNEXPECTEDPASS": "failed", "TIMEOUT": "error", "ERROR": "error"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    summary_at = text.find("\nSummary of Failures:")
    seen: set[str] = set()
    for m in ROW_RE.finditer(text):
        name, result, detail = m.group(1), m.group(2), m.group(3)
        if result not in FAILING or name in seen or 0 <= summary_at < m.start():
            continue  # the summary repeats the rows above it
        seen.add(name)
        said = _logged(text, m.end())
        reason = "; ".join(x for x in (f"{result} {detail}" if detail else result, said) if x)
        facts.failures.append(TestFailure(name, clip(reason, 200), None, FAILING[result]))
    tally = {k: int(v) for k, v in TALLY_RE.findall(text)}
    if tally:
        failed = tally.get("Fail", 0) + tally.get("Unexpected Pass", 0)
        facts.counts = {"failed": failed, "passed": tally.get("Ok", 0)}
        if tally.get("Timeout"):
            facts.counts["errors"] = tally["Timeout"]
        if tally.get("Skipped"):
            facts.counts["skipped"] = tally["Skipped"]
        if tally.get("Expected Fail"):
            facts.counts["xfailed"] = tally["Expected Fail"]
        facts.counts["total"] = sum(tally.values())
    return facts


RULE_RE = re.compile(r"^[―─-]{20,}$")  # the rule that closes a log


def _logged(text: str, start: int) -> str:
    """The first line a failing test printed (`--print-errorlogs` puts it between ✀ rules below its row)."""
    lines = text[start: start + 3000].splitlines()[1:12]
    for i, line in enumerate(lines):
        if ROW_RE.match(line):
            return ""
        if CUT_RE.match(line.strip()):
            # the log between the rules, under its `stdout:` / `stderr:` labels: the line that reads like an error
            # (a failed assertion on stderr) before the program's first line
            block = []
            for x in (x.strip() for x in lines[i + 1:]):
                if CUT_RE.match(x) or RULE_RE.match(x) or ROW_RE.match(x):
                    break
                if x and x not in ("stdout:", "stderr:"):
                    block.append(x)
            return next((x for x in block if ERROR_RE.search(x)), block[0] if block else "")
    return ""
