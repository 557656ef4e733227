"""Evidence that a running command waits for input (stdin is closed, so it can only be stuck another way).

- blocked_on_terminal: a process of the command sits in read()/poll() on a terminal it opened itself;
- prompt_loop: the output repeats the same question (a program re-asking after EOF);
- ends_at_prompt: the output stops mid-line at a question (used only once a command timed out);
- NEEDED_INPUT: messages of programs that gave up for want of a terminal or input.
"""

from __future__ import annotations

import os
import re

import psutil

_PROMPT_END = re.compile(r"(\?|:|>|\]|\)|\$|#)\s*$")
_QUESTION = re.compile(r"\?|[\[(]y(es)?/n(o)?[\])]|password|passphrase|enter |continue|proceed|choose|select|answer", re.I)
NEEDED_INPUT = re.compile(
    r"EOF when reading a line|a terminal is required|no tty present|input device is not a TTY"
    r"|could not read (?:username|password)|/dev/tty: No such device or address|unable to open /dev/tty"
    r"|stdin is not a (?:tty|terminal)|password input may be echoed",  # the last: Python's getpass without a tty
    re.IGNORECASE,
)
# Linux syscall numbers: reads and waits that mean "blocked on this fd" when the fd is a terminal.
_READ_SYSCALLS = {"x86_64": {0, 17, 19}, "aarch64": {63, 65, 67}}
_POLL_SYSCALLS = {"x86_64": {7, 23, 232, 270, 271, 281}, "aarch64": {22, 72, 73}}


def ends_at_prompt(text: str) -> bool:
    """The output stops mid-line at something shaped like a question or a prompt."""
    last = text.rsplit("\n", 1)[-1]
    return 0 < len(last.strip()) <= 200 and bool(_PROMPT_END.search(last))


def prompt_loop(text: str, repeats: int = 8) -> str | None:
    """The same question printed again and again at the end of the output (a program re-asking on EOF)."""
    lines = text.rstrip("\n").split("\n")
    if len(lines) >= 3 * repeats and len(set(lines[-3 * repeats :])) == 1 and _is_question(lines[-1]):
        return f"it repeats the prompt {lines[-1].strip()!r}"
    last = lines[-1]
    for period in range(4, min(200, len(last) // repeats) + 1):
        unit = last[-period:]
        if last.endswith(unit * repeats) and _is_question(unit):
            return f"it repeats the prompt {unit.strip()!r}"
    return None


def _is_question(text: str) -> bool:
    return bool(_PROMPT_END.search(text) and _QUESTION.search(text))


def blocked_on_terminal(pid: int, own_output: int | None = None) -> str | None:
    """A process of the command sits in read()/poll() on a terminal it opened itself (its own pty), or polls the
    command's own output pipe (`own_output`: its inode) for input: vim without a terminal on stdin takes stderr for
    its terminal and waits there for keys that can never come (no terminal at all under an MCP client)."""
    arch = os.uname().machine
    reads, polls = _READ_SYSCALLS.get(arch, set()), _POLL_SYSCALLS.get(arch, set())
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except Exception:  # psutil.Error or gone: no evidence
        return None
    for proc in procs:
        try:
            with open(f"/proc/{proc.pid}/syscall") as fh:
                fields = fh.read().split()
            number = int(fields[0])
            fd = int(fields[1], 16) if number in reads else 0 if number in polls else None
            target = os.readlink(f"/proc/{proc.pid}/fd/{fd}") if fd is not None else ""
            if _is_terminal(target):
                return f"{proc.name()} is blocked reading a terminal"
            if own_output is not None and target == f"pipe:[{own_output}]":
                return f"{proc.name()} waits for keys from a terminal it does not have"
        except (OSError, ValueError, IndexError):
            continue
    return None


def _is_terminal(target: str) -> bool:
    return target.startswith(("/dev/pts/", "/dev/tty", "/dev/console"))
