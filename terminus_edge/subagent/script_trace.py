"""A shell script that failed without saying why: run it again traced, and read the trace back.

    trace_followup(cwd, record) -> PlannedCommand | None   (the planner's diagnostic step)
    trace_report(record) -> str                             (the answer's sentence about the traced run)

`bash -x` prints each command before running it; PS4 set through BASH_ENV (bash ignores a PS4 passed in
the environment when it runs as root) puts the script's line number in front, and an ERR trap set there
prints the status, line and text of each command that fails, so the answer can name the one the script
stopped on. A `set -e` script that dies on a failing command prints nothing
else, which is why this is only tried when the first run's output held no error, failure or traceback.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import first_line
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_SHEBANG = re.compile(r"^#!\s*\S*?(?:\benv\s+)?\b(bash|sh|dash|ksh|zsh)\b")
_SHELLS = {"bash", "sh", "dash", "ksh", "zsh"}
_TRACE = re.compile(r"^(\++) (?:line (\d+): )?(.*)$")
# Read by bash before the script (same shell): numbered trace lines, and an ERR trap naming a failing command.
_BASH_ENV = ('PS4="+ line \\${LINENO}: "; '
             'trap "echo \\"[failed: status \\$? at line \\$LINENO: \\$BASH_COMMAND]\\" >&2" ERR')
_FAILED = re.compile(r"^\[failed: status (\d+) at line (\d+): (.*)\]$")
_ERREXIT = re.compile(r"^set\s++(-\w*e\w*\b.*|.*-o\s+errexit\b.*)$")
_NOISY_FACTS = ("errors", "diagnostics", "traceback", "failures", "missing")
LAST_COMMANDS = 4


def script_of(command: str, cwd: Path) -> tuple[str, str, list[str]] | None:
    """(shell, script, arguments) when the command runs one of the project's shell scripts, else None."""
    try:
        words = shell_words.split(command)
    except ValueError:
        return None
    if not words or any(w in ("|", "||", "&&", ";", "&") or w.startswith((">", "<")) for w in words):
        return None
    if words[0] == "timeout":  # the planner's own wrapper: timeout [-k N] DURATION cmd …
        words = words[1:]
        while words and words[0].startswith("-"):
            words = words[2:] if words[0] in ("-k", "-s") else words[1:]
        words = words[1:]
    shell = None
    if words and os.path.basename(words[0]) in _SHELLS:
        shell, words = os.path.basename(words[0]), words[1:]
        while words and words[0].startswith("-"):
            if not words[0].startswith("--") and "c" in words[0]:
                return None  # `bash -c '…'`: no script file
            words = words[1:]
    if not words:
        return None
    root = cwd.resolve()
    path = (root / words[0]).resolve()
    try:
        path.relative_to(root)
    except ValueError:
        return None
    if not path.is_file():
        return None
    if shell is None:
        match = _SHEBANG.match(first_line(path))
        shell = match.group(1) if match else ("bash" if path.suffix in (".sh", ".bash") else None)
    return (shell, words[0], words[1:]) if shell else None


def silent_failure(record: CommandRecord) -> bool:
    """Failed (not a time-out) with nothing in its output that says why."""
    facts = record.facts or {}
    return record.failed and not record.timed_out and not any(facts.get(k) for k in _NOISY_FACTS)


def trace_followup(cwd: Path, record: CommandRecord) -> PlannedCommand | None:
    if not silent_failure(record):
        return None
    found = script_of(record.command, cwd)
    if not found:
        return None
    shell, script, args = found
    operands = " ".join(shlex.quote(w) for w in [script, *args])
    if shell == "bash":
        command = f"BASH_ENV=<(echo {shlex.quote(_BASH_ENV)}) bash -x {operands}"
        how = ("printing each command, with its line number, before running it, and the status and text of a "
               "command that fails")
    else:
        command = f"{shell} -x {operands}"
        how = "printing each command before running it"
    return PlannedCommand(
        command=command, kind="trace", timeout_s=max(30.0, record.timeout_s or 30.0),
        explanation=f"Run {script} again traced ({shell} -x), {how}; it runs the script's commands again.",
        goal=f"find the command {script} stopped at: it exited with code {record.exit_code} without an error message")


def trace_report(record: CommandRecord) -> str:
    """'…the last line it ran was line 17: `a`; `b`. It runs under `set -e` (line 3), …' from a traced run."""
    lines = record.output.splitlines()
    traced = [m for m in (_TRACE.match(line) for line in lines) if m and not m.group(3).startswith("echo '[failed: ")]
    failed = [m for m in (_FAILED.match(line) for line in lines) if m]
    errexit = next((m for m in traced if _ERREXIT.match(m.group(3))), None)
    rule = ""
    if errexit:
        at = f" (line {errexit.group(2)})" if errexit.group(2) else ""
        rule = (f" The script runs under `{errexit.group(3)}`{at}, so a command that fails there ends it "
                "without an error message.")
    shown = re.sub(r"^BASH_ENV=<\(echo '[^']*'\) ", "", record.command)  # the trace set-up is in the block
    if failed:
        status, line, text = failed[-1].groups()
        return (f"Traced re-run `{shown}` exited with code {record.exit_code}; the last command that "
                f"failed was line {line}: `{text[:160]}` (exit status {status}).{rule}")
    if not traced:
        return ""
    last_no = traced[-1].group(2)
    tail = []
    for match in reversed(traced):  # the commands of the last traced line (just the last command when unnumbered)
        if match.group(2) != last_no or len(tail) == (LAST_COMMANDS if last_no else 1):
            break
        tail.insert(0, match.group(3))
    where = f"line {last_no}: " if last_no else ""
    commands = "; ".join(f"`{c[:120]}`" for c in tail)
    text = (f"Traced re-run `{shown}` exited with code {record.exit_code}; the last thing it ran before "
            f"stopping was {where}{commands}.")
    return text + (rule if not re.match(r"exit\b", tail[-1]) else "")
