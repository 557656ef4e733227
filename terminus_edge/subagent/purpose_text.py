"""The words the purpose modules share: Step (one simple command's category, text and goal), the goals per
category, and helpers that name operands the way a person reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass

GOALS = {
    "test": "find out which tests pass and which fail, with the failure messages",
    "check": "list the problems the checker reports, with file:line",
    "build": "find out whether it builds, with the errors if it does not",
    "install": "change the installed packages and see whether that works",
    "git-query": "see the state of the git repository (read-only)",
    "git-change": "change the git repository (not read-only)",
    "file-change": "change files in the working tree",
    "network": "reach a remote host over the network and see its answer",
    "process": "stop or signal running processes",
    "run": "see what it prints and its exit code",
    "list": "see which files are there",
    "info": "find out about the environment (read-only)",
    "print": "see the text it prints",
}
SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "fish"}
VALUE_OPTS = {"head": {"-n", "-c"}, "tail": {"-n", "-c"}, "grep": {"-e", "-f", "-m", "-A", "-B", "-C", "--include",
               "--exclude", "--exclude-dir"}, "rg": {"-e", "-g", "-t", "-m", "-A", "-B", "-C", "--glob", "--type"},
               "sort": {"-k", "-t", "-o"}, "cut": {"-d", "-f", "-c"}, "awk": {"-F", "-v", "-f"}, "sed": {"-e", "-f"},
               "git": {"-C", "-c", "-m", "-n", "--format"}, "python": {"-W", "-X"}, "java": {"-cp", "-classpath", "-jar"},
               "pip": {"-r", "-c", "--index-url", "-i", "--target", "-t"}, "ssh": {"-i", "-p", "-l", "-o"},
               "tree": {"-L", "-P", "-I"}, "du": {"-d", "--max-depth"}}


@dataclass(frozen=True)
class Step:
    category: str
    text: str  # lower-case start: "run the tests with cargo test"
    goal: str = ""
    name: str = ""  # the program, for a pipeline's "filtered through `head`"


def quote_short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_names(items: list[str], code: bool = False, limit: int = 3) -> str:
    shown = [f"`{quote_short(i, 40)}`" if code else "the current directory" if i in (".", "./") else quote_short(i, 60)
             for i in dict.fromkeys(items)]
    if len(shown) > limit:
        shown = shown[:limit] + [f"{len(shown) - limit} more"]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def operands(args: list[str], program: str = "") -> list[str]:
    """The non-option arguments, skipping the values of options that take one (`-n 20`, `-e PATTERN`)."""
    takes = VALUE_OPTS.get(re.sub(r"(?<![\d.])[\d.]+$", "", program), set())
    found, skip, ended = [], False, False
    for arg in args:
        if skip:
            skip = False
        elif ended or not arg.startswith("-") or arg == "-":
            found.append(arg)
        elif arg == "--":
            ended = True
        else:
            skip = arg in takes
    return found


def option_value(args: list[str], names: tuple[str, ...]) -> str | None:
    for i, arg in enumerate(args[:-1]):
        if arg in names:
            return args[i + 1]
    return None
