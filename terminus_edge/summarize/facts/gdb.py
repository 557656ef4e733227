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
# A threaded program's signal names the thread that got it: `Thread 4 "thr" received signal SIGSEGV, Segmentation fault.`
OUTPUT_RE = re.compile(r"^(?:Program|Thread \d+(?: \"[^\"\n]*\")?) (?:received|terminated with) signal SIG[A-Z]+, ", re.M)

SIGNAL_RE = re.compile(r"^(?:Program|Thread (\d+)(?: \"[^\"\n]*\")?) (received|terminated with) signal (SIG[A-Z]+), ([^.\n]+)\.?$", re.M)
# `thread apply all bt`: one `Thread 2 (Thread 0x7ffff7dd06c0 (LWP 7098) "thr"):` header over each thread's frames
THREAD_HEADER_RE = re.compile(r"^Thread \d+ \(Thread 0x[0-9a-f]+ ", re.M)
FRAME_RE = re.compile(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at (\S+):(\d+)$", re.M)
EXITED_RE = re.compile(r"^\[Inferior \d+ \(process \d+\) exited (normally|with code (\d+))\]$", re.M)
FRAMES_SHOWN = 4
# glibc's `abort: abort.c:6: parse_qty: Assertion `q > 0' failed.` printed just before the SIGABRT
ASSERT_RE = re.compile(r"^(\S+: \S+:\d+: .*Assertion `.+' failed\.)$", re.M)
# the C++ runtime's word before its SIGABRT: the uncaught exception's type and `what()`, or a terminate without one
TERMINATE_RE = re.compile(r"^terminate called (?:after throwing an instance of '([^'\n]+)'\n[ \t]*what\(\): +(.*)|(.+))$", re.M)


def _own(function: str, path: str) -> bool:
    """A frame in the program's own code, not the C library's (`__GI_abort at ./stdlib/abort.c`, `../sysdeps/…`)."""
    return not function.startswith("_") and not path.startswith(("../", "/usr/", "/lib"))


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    signal = SIGNAL_RE.search(text)
    frames = FRAME_RE.findall(text)
    own = [f for f in frames if _own(f[1], f[2])]
    if signal:
        top = own[0] if own else None
        thread = f" in thread {signal.group(1)}" if signal.group(1) else ""
        facts.traceback = TracebackInfo(signal.group(3), signal.group(4) + thread, top[2] if top else None,
                                        int(top[3]) if top else None, top[1] if top else None)
    for message in ASSERT_RE.findall(text):
        facts.errors.append(clip(message, 200))
    for kind, what, other in TERMINATE_RE.findall(text):
        facts.errors.append(clip(f"terminate called after throwing {kind}: {what}" if kind else f"terminate called {other}", 200))
    if frames:
        # where it stopped (#0), then from the program's own innermost frame on: the C library's frames between are noise
        start = frames.index(own[0]) if own else 0
        picked = ([frames[0]] if start > 0 else []) + frames[start : start + FRAMES_SHOWN]
        shown = [f"#{n} {func} at {where}:{line}" for n, func, where, line in picked]
        left = len(frames) - len(picked)
        more = f" (+{left} more frames)" if left > 0 else ""
        facts.highlights.append(clip("backtrace: " + "; ".join(shown), 300) + more)
    threads = len(THREAD_HEADER_RE.findall(text))
    if threads > 1:
        facts.highlights.append(f"backtraces of {threads} threads")
    exited = EXITED_RE.search(text)
    if exited:
        facts.highlights.append("the program exited " + ("normally" if exited.group(1) == "normally" else f"with code {int(exited.group(2), 8)}"))
    return facts
