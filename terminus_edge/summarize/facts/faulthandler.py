"""Python's faulthandler dumps: a crash in C code (`Fatal Python error: Segmentation fault`) or a hang caught by
`faulthandler.dump_traceback_later` (`Timeout (0:00:01)!`), then each thread's stack, innermost call first:
`Current thread 0x… (most recent call first):` / `  File "x.py", line 4 in read_header`. No `Traceback` header,
and `line N in f` without the comma a traceback has."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.pytraceback import is_library_path
from terminus_edge.summarize.facts.types import Facts, TracebackInfo

NAME = "faulthandler"
COMMAND_RE = re.compile(r"(?!)")  # chosen by its output only
OUTPUT_RE = re.compile(r"^(Current thread|Thread) (0x[0-9a-f]+)(?: \[[^\]\n]*\])? \(most recent call first\):$", re.M)

FATAL_RE = re.compile(r"^Fatal Python error: (.+)$", re.M)
TIMEOUT_RE = re.compile(r"^Timeout \((\d+:\d\d:\d\d(?:\.\d+)?)\)!$", re.M)
FRAME_RE = re.compile(r'^ {2}File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<func>\S+)$')
THREADS_SHOWN = 4


def _threads(text: str) -> list[tuple[bool, str, re.Match | None]]:
    """Each dumped thread: whether it is the current one, its id, and its innermost frame in the program's own code
    (a library frame when it has no own frame)."""
    threads: list[tuple[bool, str, list[re.Match]]] = []
    for line in text.splitlines():
        header = OUTPUT_RE.match(line)
        if header:
            threads.append((header.group(1) == "Current thread", header.group(2), []))
            continue
        frame = FRAME_RE.match(line)
        if frame and threads:
            threads[-1][2].append(frame)
    return [(current, ident, next((f for f in frames if not is_library_path(f["file"])), frames[0] if frames else None))
            for current, ident, frames in threads]


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    threads = _threads(text)
    fatal = FATAL_RE.search(text)
    timeout = TIMEOUT_RE.search(text)
    current = next((frame for is_current, _, frame in threads if is_current and frame), None)
    if fatal:
        facts.traceback = TracebackInfo("Fatal Python error", clip(fatal.group(1), 200), current["file"] if current else None,
                                        int(current["line"]) if current else None, current["func"] if current else None)
    if timeout:
        facts.errors.append(f"faulthandler timeout after {timeout.group(1)}: every thread's stack dumped")
    for is_current, ident, frame in threads[:THREADS_SHOWN]:
        if frame is None or (fatal and is_current):
            continue
        who = "current thread" if is_current else f"thread {ident}"
        facts.errors.append(clip(f"{who} at {frame['file']}:{frame['line']} in {frame['func']}()", 200))
    if len(threads) > THREADS_SHOWN:
        facts.highlights.append(f"{len(threads)} threads dumped")
    return facts
