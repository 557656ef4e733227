"""Per-suite tallies of a test run that reports several suites (cargo's unit/integration/doc binaries,
go packages, jest files, Maven/Gradle classes), so an answer can say where the totals come from.

Plain function over the normalized output; the totals themselves come from the summarizer's facts.
"""

from __future__ import annotations

import re

_CARGO_HEAD = re.compile(r"^\s*(?:Running\s+(unittests\s+)?(\S+)|Doc-tests\s+(\S+))")
_CARGO_RESULT = re.compile(r"^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed(?:; (\d+) ignored)?")
_GO = re.compile(r"^(ok|FAIL)\s+(\S+)\s+(?:\(cached\)|[\d.]+s)", re.M)
_JEST = re.compile(r"^[ \t]*+(PASS|FAIL)\s+(\S+\.\w+)\b", re.M)
_SUREFIRE = re.compile(r"Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+).*? - in (\S+)")
MAX_SUITES = 8


def suite_tallies(output: str) -> list[str]:
    """'label: N passed, M failed' per suite, in output order; empty for single-suite runs."""
    found = _cargo(output) or _surefire(output) or _by_status(_GO, output) or _by_status(_JEST, output)
    return found[:MAX_SUITES] if len(found) > 1 else []


def _cargo(output: str) -> list[str]:
    tallies, label = [], None
    for line in output.splitlines():
        head = _CARGO_HEAD.match(line)
        if head:
            unit, target, doc = head.groups()
            label = f"doc-tests ({doc})" if doc else f"{target} (unit tests)" if unit else target
            continue
        result = _CARGO_RESULT.match(line)
        if result and label:
            passed, failed, ignored = (int(x or 0) for x in result.groups())
            text = f"{label}: {passed} passed, {failed} failed" + (f", {ignored} ignored" if ignored else "")
            tallies.append(text)
            label = None
    return tallies


def _surefire(output: str) -> list[str]:
    return [f"{name}: {int(run) - int(fail) - int(err) - int(skip)} passed, {fail} failed, {err} errors"
            for run, fail, err, skip, name in _SUREFIRE.findall(output)]


def _by_status(rx: re.Pattern, output: str) -> list[str]:
    return [f"{name}: {'passed' if status in ('ok', 'PASS') else 'FAILED'}" for status, name in rx.findall(output)]
