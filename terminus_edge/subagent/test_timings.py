""""Which tests are slow?": the test run with its runner's own per-test timings, and the longest ones read off them.

    asks_timings(query) -> bool
    asked_top(query) -> int                      "top 3" / "the 3 slowest" -> 3 (else 5)
    timed_command(command, top) -> str           `python3 -m pytest -v` -> `python3 -m pytest -v --durations=5`
    durations_report(query, records) -> str      "Test durations, longest first: tests/x.py::test_a 0.90 s (call); …"

Timings come from the runner: pytest's --durations table, go test -v's `--- PASS: TestX (0.80s)`, node's TAP
`duration_ms`, jest's `✓ name (120 ms)`, unittest's (3.12+) --durations table. Nothing is timed here.
"""

from __future__ import annotations

import re

from terminus_edge.subagent.records import CommandRecord

_ASKS = re.compile(r"\b(?:slow|slower|slowest|longest|durations?|timings?|how\s+long|takes?\s+(?:the\s+)?(?:most|longest)|"
                   r"take\s+so\s+long|fastest)\b", re.I)
_TESTS = re.compile(r"\b(?:tests?|specs?|suites?|test\s+cases?)\b", re.I)
_TOP = re.compile(r"\btop\s+(\d{1,2}|three|five|ten)\b|\b(\d{1,2}|three|five|ten)\s+(?:slowest|longest)\b", re.I)
_WORDS = {"three": 3, "five": 5, "ten": 10}
DEFAULT_TOP = 5


def asks_timings(query: str) -> bool:
    return bool(_ASKS.search(query) and _TESTS.search(query))


def asked_top(query: str) -> int:
    match = _TOP.search(query)
    if not match:
        return DEFAULT_TOP
    word = (match.group(1) or match.group(2)).lower()
    return max(1, min(int(word) if word.isdigit() else _WORDS[word], 20))


def timed_command(command: str, top: int) -> str:
    """The runner's own option for per-test timings, where it needs one."""
    if re.search(r"\bpytest\b", command) and "--durations" not in command:
        return f"{command} --durations={top}"
    if re.search(r"\bgo test\b", command) and not re.search(r"(?<!\S)-v(?!\S)", command):
        return command.replace("go test", "go test -v", 1)
    if re.search(r"\bjest\b", command) and "--verbose" not in command:
        return f"{command} --verbose"
    return command


_PYTEST = re.compile(r"^([\d.]+)s (call|setup|teardown)\s+(\S+)\s*$", re.M)
_UNITTEST = re.compile(r"^([\d.]+)s\s+(test\w*) \(([\w.]+)\)\s*$", re.M)
_GO = re.compile(r"^[ \t]*--- (?:PASS|FAIL|SKIP): (\S+) \(([\d.]+)s\)", re.M)
_TAP = re.compile(r"^([ \t]*)(?:not )?ok \d+ - ([^\n#]*?)[ \t]*(?:#[^\n]*)?\n[ \t]*---[ \t]*\n(?:[ \t]+\w+:[^\n]*\n){0,6}?"
                  r"[ \t]*duration_ms: ([\d.]+)", re.M)
_JEST = re.compile(r"^[ \t]*[✓✕√×] (.+?) \((\d+(?:\.\d+)?) ?ms\)[ \t]*$", re.M)


def _timings(output: str) -> tuple[list[tuple[str, float, str]], str]:
    """(name, seconds, note) per test, and the source's name."""
    found = [(f"{name}", float(s), phase) for s, phase, name in _PYTEST.findall(output)]
    if found:
        return found, "pytest --durations"
    found = [(f"{name} ({where})", float(s), "") for s, name, where in _UNITTEST.findall(output)]
    if found:
        return found, "unittest --durations"
    found = [(name, float(s), "") for name, s in _GO.findall(output)]
    if found:
        return found, "go test -v"
    top_level = [(name.strip(), float(ms) / 1000, "") for indent, name, ms in _TAP.findall(output) if not indent]
    if top_level:
        return top_level, "TAP duration_ms"
    found = [(name, float(ms) / 1000, "") for name, ms in _JEST.findall(output)]
    return (found, "jest --verbose") if found else ([], "")


def durations_report(query: str, records: list[CommandRecord]) -> str:
    if not asks_timings(query):
        return ""
    for record in records:
        if record.refused or record.kind != "test":
            continue
        timings, source = _timings(record.output)
        if not timings:
            continue
        top = sorted(timings, key=lambda t: -t[1])[:asked_top(query)]
        listed = "; ".join(f"{name} {_seconds(s)}" + (f" ({note})" if note and note != "call" else "")
                           for name, s, note in top)
        counted = "" if "--durations" in source else f", {len(timings)} tests timed"  # a table of the top N only
        return f"Test durations, longest first (from {source}{counted}): {listed}."
    return ""


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 or value == 0 else f"{value * 1000:.1f} ms"
