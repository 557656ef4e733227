"""Valgrind (memcheck, helgrind, drd): every line starts `==PID==`; an error is an unindented line (`Invalid read of
size 4`, `Conditional jump or move depends on uninitialised value(s)`, a `definitely lost` leak record) with its stack
below (`at 0x…: sum (leak.c:16)`, `by …`) and notes (`Address … is 0 bytes after a block of size 16 alloc'd`); the
LEAK SUMMARY and `ERROR SUMMARY: 4 errors from 4 contexts` close the run."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, iter_lines
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "valgrind"
COMMAND_RE = re.compile(r"(^|[\s/;&|])valgrind\b")
OUTPUT_RE = re.compile(r"^==\d+== (?:Memcheck|Helgrind|DRD), a ", re.M)

PREFIX_RE = re.compile(r"^==\d+==(?: |$)")
FRAME_RE = re.compile(r"^\s+(?:at|by) 0x[0-9A-Fa-f]+: (?P<func>.+?) \((?P<file>[^\s():]+):(?P<line>\d+)\)$")
NOTE_RE = re.compile(r"^\s{1,2}(Address 0x[0-9A-Fa-f]+ .+|Block was alloc'd at|Uninitialised value was created .+)$")
NOT_ERRORS = re.compile(
    r"^(?:Memcheck|Helgrind|DRD|Copyright|Using Valgrind|Command:|Parent PID:|HEAP SUMMARY:|LEAK SUMMARY:|ERROR SUMMARY:|"
    r"For (?:lists|counts)|Use --|Rerun with|All heap blocks|Reachable blocks|To see them|"
    r"(?:in use at exit|total heap usage|definitely lost|indirectly lost|possibly lost|still reachable|suppressed):)")
ANNOUNCEMENT_RE = re.compile(r"^(?:-{3}|Thread #\d+ (?:was created|is the program's root thread))")
CONFLICT_RE = re.compile(r"^(?:Locks held: |This conflicts with |Lock at 0x)")  # helgrind's notes under an error
LEAK_RE = re.compile(r"^\s+(definitely lost|indirectly lost|possibly lost): ([\d,]+ bytes in [\d,]+ blocks)$")
PRINTED_LINES = 4
ERROR_SUMMARY_RE = re.compile(r"^ERROR SUMMARY: (\d+) errors? from (\d+) contexts?")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    current: Diagnostic | None = None
    notes = 0
    printed: list[str] = []  # the program's own output, between valgrind's lines
    for raw in iter_lines(text):
        prefix = PREFIX_RE.match(raw)
        if not prefix:
            if raw.strip() and len(printed) < PRINTED_LINES:
                printed.append(raw.strip())
            continue
        line = raw[prefix.end():]
        if not line.strip():
            continue  # blank lines also split one error's parts (helgrind's conflicting access): a new header ends it
        if not line[0].isspace():
            summary = ERROR_SUMMARY_RE.match(line)
            if summary:
                facts.counts = {"errors": int(summary.group(1))}
                facts.highlights.append(line.strip())
            elif line.startswith("All heap blocks were freed"):
                facts.highlights.append(line.strip())
            elif ANNOUNCEMENT_RE.match(line):
                current = None  # helgrind's `Thread #3 was created` and its stack: context, not an error
            elif current is not None and CONFLICT_RE.match(line):
                if line.startswith("This conflicts"):
                    current.message = clip(f"{current.message}; {line.strip()}", 260)
            elif NOT_ERRORS.match(line) or not line[:1].isupper() and not line[:1].isdigit():
                current = None  # a summary, a hint, or a hint's wrapped second line
            else:
                warning = line.startswith("Warning: ")  # `Warning: set address range perms: large range …`
                current, notes = Diagnostic("warning" if warning else "error", clip(line.strip(), 200)), 0
                facts.diagnostics.append(current)
            continue
        leak = LEAK_RE.match(line)
        if leak and not leak.group(2).startswith("0 bytes"):
            facts.highlights.append(f"{leak.group(1)}: {leak.group(2)}")
        if current is None:
            continue
        frame = FRAME_RE.match(line)
        if frame and current.file is None:
            current.file, current.line = frame["file"], int(frame["line"])
            current.message = clip(f"{current.message} in {frame['func']}", 220)
        elif frame and notes == 1 and "at " not in current.message[-40:]:
            current.message = clip(f"{current.message} at {frame['file']}:{frame['line']}", 260)  # where the block was freed
        note = NOTE_RE.match(line)
        if note and notes == 0 and note.group(1).startswith("Address"):
            current.message = clip(f"{current.message}; {note.group(1)}", 260)
            notes = 1
    if printed:
        facts.highlights.append(clip("program printed: " + " / ".join(printed), 200))
    return facts
