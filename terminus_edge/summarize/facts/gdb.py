"""gdb sessions (`gdb -batch -ex run -ex bt`, a core file): `Program received signal SIGSEGV, Segmentation fault.` or
`Program terminated with signal SIGABRT, Aborted.`, then the backtrace `#1  0x… in label_len (p=…) at crash.c:7`. gdb
itself exits 0 after a crash in batch mode, so the signal is what the run reports; the innermost frame in the
program's own sources (not libc's `../sysdeps/…`) is where it happened."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TracebackInfo

NAME = "gdb"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(gdb|lldb)\b")
OUTPUT_RE = re.compile(r"^Program (?:received|terminated with) signal SIG[A-Z]+, ", re.M)

SIGNAL_RE = re.compile(r"^Program (received|terminated with) signal (SIG[A-Z]+), ([^.\n]+)\.?$", re.M)
FRAME_RE = re.compile(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at (\S+):(\d+)$", re.M)
EXITED_RE = re.compile(r"^\[Inferior \d+ \(process \d+\) exited (normally|with code (\d+))\]$", re.M)
FRAMES_SHOWN = 4


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    signal = SIGNAL_RE.search(text)
    frames = FRAME_RE.findall(text)
    if signal:
        own = [f for f in frames if not f[2].startswith(("../", "/usr/", "/lib"))]
        top = own[0] if own else None
        facts.traceback = TracebackInfo(signal.group(2), signal.group(3), top[2] if top else None,
                                        int(top[3]) if top else None, top[1] if top else None)
    if frames:
        shown = [f"#{n} {func} at {where}:{line}" for n, func, where, line in frames[:FRAMES_SHOWN]]
        more = f" (+{len(frames) - FRAMES_SHOWN} more frames)" if len(frames) > FRAMES_SHOWN else ""
        facts.highlights.append(clip("backtrace: " + "; ".join(shown), 300) + more)
    exited = EXITED_RE.search(text)
    if exited:
        facts.highlights.append("the program exited " + ("normally" if exited.group(1) == "normally" else f"with code {int(exited.group(2), 8)}"))
    return facts
