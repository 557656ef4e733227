"""Tests that pass on their own but fail with the rest of the suite (or the other way round): the named tests are run
alone, then the whole suite, and the answer says which results differ between the two runs.

    asks_isolation(query) -> bool      "passes when I run tests/test_x.py on its own, fails in the whole suite"
    isolation_report(records) -> str   "Alone (`…`): 2 passed. In the whole suite (`…`): 2 failed, 2 passed; failing
                                        only there: test_format_price (assert '€5.00' == '$5.00'), …"
"""

from __future__ import annotations

import re

from terminus_edge.subagent.records import CommandRecord

_ALONE = re.compile(r"\b(?:on\s+(?:its|their|it'?s)\s+own|alone|by\s+(?:it|them)sel(?:f|ves)|in\s+isolation|individually|"
                    r"separately|(?:just|only)\s+that\s+(?:file|test))\b", re.I)
_TOGETHER = re.compile(r"\b(?:whole|full|entire|complete)\s+(?:test\s+)?(?:suite|run|test\s+run)\b|\ball\s+(?:the\s+)?tests\b|"
                       r"\b(?:with|after)\s+the\s+(?:other|rest)\b|\btogether\b|\bin\s+the\s+suite\b|\bin\s+CI\b", re.I)


def asks_isolation(query: str) -> bool:
    return bool(_ALONE.search(query) and _TOGETHER.search(query))


def _counts(record: CommandRecord) -> str:
    counts = (record.facts or {}).get("counts") or {}
    said = ", ".join(f"{counts[k]} {k}" for k in ("failed", "errors", "passed", "skipped") if counts.get(k))
    return said or f"exit code {record.exit_code}"


def _failures(record: CommandRecord) -> dict[str, str]:
    out = {}
    for failure in (record.facts or {}).get("failures") or []:
        name = failure.get("name") if isinstance(failure, dict) else getattr(failure, "name", "")
        reason = failure.get("reason") if isinstance(failure, dict) else getattr(failure, "reason", "")
        if name:
            out[name.rsplit("::", 1)[-1]] = (reason or "").strip()
    return out


def isolation_report(query: str, records: list[CommandRecord]) -> str:
    if not asks_isolation(query):
        return ""
    tests = [r for r in records if r.kind == "test" and r.ran]
    if len(tests) < 2 or tests[0].command == tests[1].command:
        return ""
    alone, whole = tests[0], tests[1]
    said = f"Alone (`{alone.command}`): {_counts(alone)}. In the whole suite (`{whole.command}`): {_counts(whole)}."
    only_whole = {k: v for k, v in _failures(whole).items() if k not in _failures(alone)}
    only_alone = {k: v for k, v in _failures(alone).items() if k not in _failures(whole)}
    if only_whole:
        said += " Failing only in the whole suite: " + "; ".join(
            f"{name}" + (f" ({why[:160]})" if why else "") for name, why in list(only_whole.items())[:8]) + "."
    if only_alone:
        said += " Failing only alone: " + "; ".join(
            f"{name}" + (f" ({why[:160]})" if why else "") for name, why in list(only_alone.items())[:8]) + "."
    if not alone.failed and not whole.failed:
        said += " Both runs pass here: the difference did not show."
    return said
