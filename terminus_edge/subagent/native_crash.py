"""A compiled program that crashed (segmentation fault, abort, …): run it again under gdb for the backtrace.

    crash_followup(cwd, record) -> PlannedCommand | None   (the planner's diagnostic step)
    crash_report(record) -> str                             (the answer's sentence about the gdb run)

The crashing command is the record's own command when it starts a program of the project, else the
last line of the output that does (make echoes a recipe such as `./demo words.txt` before it reports
"Segmentation fault"). Only an ELF file inside the project is run, and only when gdb is installed.
"""

from __future__ import annotations

import re
import shlex
import shutil
import signal
from pathlib import Path

from terminus_edge.signal_exit import signal_exit
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_CRASH = re.compile(r"Segmentation fault|core dumped|\bAborted\b|SIGSEGV|SIGABRT|SIGBUS|SIGFPE|Bus error|"
                    r"Floating point exception|Illegal instruction")
_SIGNAL_EXITS = {signal_exit(s) for s in (signal.SIGILL, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE, signal.SIGSEGV)}
_SIGNAL = re.compile(r"^Program (?:received|terminated with) signal (\w+), (.+?)\.?$", re.M)
_FRAME = re.compile(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?([\w:~<>]+) \((.*?)\)(?: at (\S+:\d+))?", re.M)
_SOURCE = re.compile(r"^(\d+)\t(.*)$", re.M)
MAX_FRAMES = 3


def crash_signal(output: str) -> str | None:
    """The crash the output reports ("Segmentation fault", "core dumped", …), if any."""
    match = _CRASH.search(output)
    return match.group(0) if match else None


def crashed(record: CommandRecord) -> bool:
    return record.failed and not record.timed_out and (
        record.exit_code in _SIGNAL_EXITS or bool(_CRASH.search(record.output)))


def crashing_command(record: CommandRecord, cwd: Path) -> list[str] | None:
    candidates = [record.command] + [line for line in reversed(record.output.splitlines()[-200:])
                                     if line.startswith(("./", "bin/", "build/", "out/", "target/"))]
    for text in candidates:
        try:
            words = shell_words.split(text)
        except ValueError:
            continue
        if words[:1] == ["timeout"]:
            words = words[1:]
            while words and words[0].startswith("-"):
                words = words[2:] if words[0] in ("-k", "-s") else words[1:]
            words = words[1:]
        if words and _is_project_binary(cwd, words[0]) and not any(w in ("|", "&&", ";", "||") for w in words):
            return words
    return None


def _is_project_binary(cwd: Path, program: str) -> bool:
    root = cwd.resolve()
    path = (root / program).resolve()
    try:
        path.relative_to(root)
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except (ValueError, OSError):
        return False


def crash_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    if not crashed(record) or shutil.which("gdb") is None:
        return None
    words = crashing_command(record, cwd)
    if not words:
        return None
    program = " ".join(shlex.quote(w) for w in words)
    return PlannedCommand(
        command=f"gdb -q -batch -ex run -ex bt --args {program}", kind="debug", timeout_s=60.0,
        explanation=f"Run `{program}` again under gdb and print the call stack where it stops.",
        goal=f"find where `{program}` crashes (the function, file and line, and what called it)")


def crash_report(record: CommandRecord) -> str:
    """'Under gdb, `./demo words.txt` received SIGSEGV (Segmentation fault) in f (head=0x0) at x.c:32: `…`; called
    from main (…) at demo.c:9.' from the gdb run's own output; empty when gdb saw no signal."""
    signal = _SIGNAL.search(record.output)
    if not signal:
        return ""
    program = re.sub(r"^gdb .*?--args ", "", record.command)
    frames = [m for m in _FRAME.finditer(record.output)][:MAX_FRAMES]
    text = f"Under gdb, `{program}` received {signal.group(1)} ({signal.group(2)})"
    if frames:
        first = frames[0]
        text += f" in {first.group(2)} ({first.group(3)[:80]})" + (f" at {first.group(4)}" if first.group(4) else "")
        source = _SOURCE.search(record.output)
        if source:
            text += f": `{source.group(2).strip()[:120]}`"
        callers = [f"{m.group(2)}" + (f" at {m.group(4)}" if m.group(4) else "") for m in frames[1:]]
        if callers:
            text += f"; called from {', from '.join(callers)}"
    return text + "."
