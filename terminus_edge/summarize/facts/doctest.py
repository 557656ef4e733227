"""Python's doctest runner (`python -m doctest [-v] file`, `doctest.testmod()`): each failed example with its place,
what was expected and what it got (or the exception it raised), and the tally. The expected text is not an error:
`Expected: ValueError: negative restock` is what the test wanted, not what happened."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "doctest"
COMMAND_RE = re.compile(r"(?:^|[\s;&|(])(?:-m\s+doctest|doctest\.testmod|doctest\.testfile)\b")
OUTPUT_RE = re.compile(r"^\*\*\*Test Failed\*\*\* \d+ failures?\.$|^File \"[^\"]+\", line \d+, in \S+\nFailed example:$", re.M)

# `File "/p/inventory.py", line 28, in inventory.price_with_tax` / `Failed example:` / indented source, then
# `Expected:` + indented text (or `Expected nothing`), then `Got:` + indented text (or `Got nothing`), or
# `Exception raised:` + an indented traceback.
BLOCK_RE = re.compile(
    r"^File \"(?P<file>[^\"]+)\", line (?P<line>\d+), in (?P<name>\S+)\nFailed example:\n(?P<source>(?:[ \t]+.*\n)+)"
    r"(?P<rest>(?:(?!\*{20,}$).*\n?){0,40})", re.M)
TALLY_RE = re.compile(r"^(\d+) passed and (\d+) failed\.$", re.M)
FAILED_RE = re.compile(r"^\*\*\*Test Failed\*\*\* (\d+) failures?\.$", re.M)
ITEMS_RE = re.compile(r"^(\d+) items? had failures:$", re.M)


def _indented(lines: list[str], start: int) -> list[str]:
    out = []
    for line in lines[start:]:
        if line[:1] not in (" ", "\t"):
            break
        out.append(line.strip())
    return out


def _reason(source: str, rest: str) -> str:
    lines = rest.splitlines()
    expected = got = raised = None
    for i, line in enumerate(lines):
        if line == "Expected:":
            wanted = _indented(lines, i + 1)
            # an expected exception: its last line says which (`Traceback …` / `...` / `ValueError: negative restock`)
            expected = wanted[-1] if wanted and wanted[0].startswith("Traceback (most recent call last)") else " ".join(wanted)
        elif line == "Expected nothing":
            expected = "nothing"
        elif line == "Got:":
            got = " ".join(_indented(lines, i + 1))
        elif line == "Got nothing":
            got = "nothing"
        elif line == "Exception raised:":
            trace = [entry for entry in _indented(lines, i + 1) if entry]
            raised = trace[-1] if trace else "an exception"
    example = " ".join(entry.strip().removeprefix(">>> ") for entry in source.splitlines())
    if raised:
        return f"{example} raised {raised}"
    return f"{example}: expected {expected or '?'}, got {got or '?'}"


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")  # doctest counts its examples as tests
    for block in BLOCK_RE.finditer(text):
        place = f"{block['file']}:{block['line']}"
        facts.failures.append(TestFailure(block["name"], clip(_reason(block["source"], block["rest"]), 220), place))
    tally = TALLY_RE.search(text)
    failed = FAILED_RE.search(text)
    if tally:
        facts.counts = {"failed": int(tally.group(2)), "passed": int(tally.group(1))}
    elif failed:
        facts.counts = {"failed": int(failed.group(1))}
    items = ITEMS_RE.search(text)
    if items:
        facts.highlights.append(f"{items.group(1)} items had failures")
    if failed:
        facts.highlights.append(f"***Test Failed*** {failed.group(1)} failures")
    return facts
