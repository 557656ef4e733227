"""Whether the version here meets what the project asks for, read off the records only:

    requirement_line(records) -> str   "Version 3.11.7 here satisfies the requirement >=3.9: new enough.",
                                       ".nvmrc asks for 16; this machine has 20.20.2: they do not match."
"""

from __future__ import annotations

import re

from terminus_edge.subagent.records import CommandRecord
from terminus_edge import shell_words

_SPEC = re.compile(r"(?:requires-python|python_requires|\"node\"|rust-version)[\s:=\"']{1,6}([<>=!~^][^\"'\n]*)")
_REQUIREMENT_GREP = re.compile(r"requires-python|python_requires|\"node\"|rust-version|\^go |channel|\^ruby ")
_HAVE = re.compile(r"^(?:Python|v|go version go|rustc)\s*(\d+(?:\.\d+)+)", re.M)
_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|>|<)\s*(\d+(?:\.\d+)*)\s*$")


def requirement_line(records: list[CommandRecord]) -> str:
    """Whether the version a `--version` printed meets the requirement a project file declares (simple >=, >, <=,
    <, ==, != clauses only; anything else is left to the reader)."""
    spec = next((m.group(1).strip().rstrip(",") for r in records if not r.refused for m in [_SPEC.search(r.output)] if m), None)
    have = next((m.group(1) for r in records if not r.refused and "version" in r.command
                 for m in [_HAVE.search(r.output)] if m), None)
    pinned = _version_file_line(records, have)
    if pinned and not spec:
        return pinned
    if not spec:  # the grep for the requirement matched nothing (exit 1): the files it read declare none
        searched = next((r for r in records if not r.refused and r.command.startswith("grep ") and r.exit_code == 1
                         and _REQUIREMENT_GREP.search(r.command)), None)
        if searched:
            files = " ".join(w for w in shell_words.split(searched.command)[3:])
            return f"No version requirement found in {files} (the search matched nothing)" + \
                (f"; this machine has {have}." if have else ".")
        return ""
    if not have:
        return ""
    # clauses are split by commas (PEP 440) or spaces (npm's ">=16 <17")
    verdicts = [_meets(have, clause) for clause in re.split(r",|(?<!\s)\s+(?=[<>=!])", spec) if clause.strip()]
    if None in verdicts or not verdicts:
        return pinned
    if all(verdicts):
        return f"Version {have} here satisfies the requirement {spec}: new enough." + (f" {pinned}" if pinned else "")
    return f"Version {have} here does not satisfy the requirement {spec}." + (f" {pinned}" if pinned else "")


_PIN = re.compile(r"v?(\d+(?:\.\d+){0,2})")


def _version_file_line(records: list[CommandRecord], have: str | None) -> str:
    """A version file's pin (.nvmrc's `16`, .python-version's `3.11`) against the version here: the same when the
    installed version starts with the pinned numbers. An alias (`lts/*`, `system`) is shown, not judged."""
    record = next((r for r in records if not r.refused and r.exit_code == 0 and re.fullmatch(r"cat \.[\w.-]+", r.command)),
                  None)
    if record is None or not record.output.strip():
        return ""
    name, pin = record.command[4:], record.output.strip().splitlines()[0].strip()
    if not have:
        return f"{name} asks for {pin}."
    numbers = _PIN.fullmatch(pin)
    if not numbers:
        return f"{name} asks for {pin}; this machine has {have}."
    same = have.split(".")[:len(numbers.group(1).split("."))] == numbers.group(1).split(".")
    return f"{name} asks for {pin}; this machine has {have}: " + ("it matches." if same else "they do not match.")


def _meets(have: str, clause: str) -> bool | None:
    match = _CLAUSE.match(clause)
    if not match:
        return None
    op, want = match.groups()
    a = tuple(int(x) for x in have.split("."))
    b = tuple(int(x) for x in want.split("."))
    if op == "==" and len(b) < len(a):  # ==3.11 means any 3.11.x
        a = a[:len(b)]
    b += (0,) * (len(a) - len(b))
    return {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b, "==": a == b, "!=": a != b}[op]
