"""A second try when the first command could not even start, so the request still gets its answer.

    not_executable_retry(record, cwd) -> PlannedCommand | None
        `./check.sh` -> "Permission denied" (exit 126): the same script through the interpreter its #! line names
        (bash for a .sh without one), with the same arguments. The file's mode is left as it is.
    retry_note(records) -> str   "./check.sh is not executable (Permission denied, exit 126); it was run as `bash check.sh`."
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import SCRIPT_RUNNERS, is_file
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_DENIED = re.compile(r"Permission denied\s*$", re.M)
_INTERPRETERS = {"sh", "bash", "dash", "zsh", "python", "python3", "node", "perl", "ruby"}
RETRY_GOAL = "run the script through its interpreter: the file is not executable (Permission denied)"


def _interpreter(path: Path) -> str | None:
    try:
        first = path.read_bytes()[:200].split(b"\n", 1)[0].decode("utf-8", "replace")
    except OSError:
        return None
    if first.startswith("#!"):
        words = first[2:].split()
        if words and Path(words[0]).name == "env":
            words = [w for w in words[1:] if not w.startswith("-")]
        name = Path(words[0]).name if words else ""
        return name if name in _INTERPRETERS else None
    return SCRIPT_RUNNERS.get(path.suffix)


def not_executable_retry(record: CommandRecord, cwd: Path) -> PlannedCommand | None:
    if record.exit_code != 126 or not _DENIED.search(record.output[-2000:]):
        return None
    try:
        words = shell_words.split(record.command)
    except ValueError:
        return None
    if not words or "/" not in words[0] or any(w in ("|", "&&", "||", ";") for w in words):
        return None
    script = cwd / words[0]
    if not is_file(script) or not script.resolve().is_relative_to(cwd.resolve()):
        return None
    interpreter = _interpreter(script)
    if interpreter is None:
        return None
    path = words[0][2:] if words[0].startswith("./") else words[0]
    command = " ".join([interpreter, shlex.quote(path)] + [shlex.quote(w) for w in words[1:]])
    step = planned(command, "check", RETRY_GOAL, 120.0)
    return step


def retry_note(records: list[CommandRecord]) -> str:
    for i, record in enumerate(records[:-1]):
        nxt = records[i + 1]
        if record.exit_code == 126 and _DENIED.search(record.output[-2000:]) and not nxt.refused and \
                nxt.command.split()[:1] and nxt.command.split()[0] in _INTERPRETERS | set(SCRIPT_RUNNERS.values()) and \
                record.command.split()[0].removeprefix("./") in nxt.command:
            return (f"{record.command.split()[0]} is not executable (Permission denied, exit 126; `chmod +x` would fix "
                    f"that); it was run as `{nxt.command}` instead, which exited with code {nxt.exit_code}.")
    return ""
