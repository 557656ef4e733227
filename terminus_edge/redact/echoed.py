"""Output under a command line that the text itself echoes: a transcript's `$ pass show infra/smtp` (a prompt and its
command), or make's echo of a recipe line (`pass show db/replica`: the line is the command alone). When that command
prints a secret (commands.secret_output), its bare-token lines are secret, as when the command is given
(commands.find_command_output): under a prompt line up to the next prompt line, under a bare echo only the line right
after it (make's `done` two lines below stays). A line of letters alone (`UoAQDwXXWZmRycRQOumN`) has nothing else to
say it is a password; `$ hostname` above `buildhostalpha` reads no secret, so that stays."""

from __future__ import annotations

import re
from typing import Iterator

from terminus_edge import shell_words
from terminus_edge.redact.commands import find_command_output, secret_output
from terminus_edge.redact.outline import PROMPT_LINE

Span = tuple[str, int, int]

_PROMPT = re.compile(r"(?:[\w.@~:/-]{0,64}[$%>]|PS [^>\n]{0,64}>)[ \t]+")  # outline.PROMPT_LINE's prompt part
# a bare echo: a command line of a program that prints secrets as it is (a store, an env printer, a file reader)
# what a pipe may feed a secret through to the screen (`pass show x | head -n 1`); any other program after a pipe takes it
# in (`printf '%s' "$CI_JOB_TOKEN" | ssh host docker login --password-stdin` prints no token)
_FILTERS = frozenset("head tail grep egrep fgrep sed awk cut tr sort uniq base64 jq yq cat tee column nl fold".split())
_BARE_ECHO = re.compile(r"(?:sudo[ \t]+)?(?:pass|gopass|secret-tool|printenv|cat|head|tail)[ \t]+[^\s|;&<>][^\n]{0,200}")


def echoed_command(line: str) -> tuple[str, bool] | None:
    """(command, under a prompt) when `line` echoes a command line that prints a secret; None otherwise."""
    line = line.rstrip("\r\n")
    if len(line) > 512:
        return None
    if PROMPT_LINE.fullmatch(line):
        command = line[_PROMPT.match(line).end():]
        return (command, True) if _prints_secret(command) else None
    if _BARE_ECHO.fullmatch(line) and _prints_secret(line):
        return line, False
    return None


def _prints_secret(command: str) -> bool:
    """The command reads a secret (commands.secret_output) and every pipe after it only passes text on."""
    if not secret_output(command):
        return False
    words = shell_words.tokens_or_rough(command)
    return all(after in _FILTERS for pipe, after in zip(words, words[1:]) if pipe == "|")


def find_echoed_output(text: str) -> Iterator[Span]:
    """The secret lines under echoed commands that print secrets."""
    if not any(word in text for word in ("pass", "cat", "head", "tail", "print", "secret")):
        return  # (no command that prints a secret as it is: nothing echoed to look under)
    command, prompted, start, pos = None, False, 0, 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if command is not None and not prompted:  # the one line under a bare echo
            yield from _under(text, command, start, end)
            command = None
        elif command is not None and PROMPT_LINE.fullmatch(line.rstrip("\r\n")):  # the next command's prompt
            yield from _under(text, command, start, pos)
            command = None
        echoed = echoed_command(line)
        if echoed is not None:
            (command, prompted), start = echoed, end
        pos = end
    if command is not None:
        yield from _under(text, command, start, len(text))


def _under(text: str, command: str, start: int, end: int) -> Iterator[Span]:
    for kind, s, e in find_command_output(text[start:end], command):
        yield kind, start + s, start + e
