"""Whether a family's COMMAND_RE names the program being run, not a word inside a file argument.

The families' patterns accept a tool name after a space or a `/` (so `./node_modules/.bin/jest` and `/usr/bin/gcc`
are seen), which also fires on paths: `cat build/make.log`, `less logs/pytest-output.txt`, `cat docs/git.md`.
A match is kept unless the argument it sits in is a file name around the tool's name: the word goes on with an
extension or a directory (`make.log`, `gcc/notes.txt`, `make-output.txt`), or the name ends a path that is not the
program of its simple command (`cat src/make`)."""

from __future__ import annotations

import re

# What runs the next word as a program: shells, `xargs`/`exec`-style wrappers and interpreters given a script.
RUNS_NEXT_RE = re.compile(
    r"(?:sh|bash|dash|zsh|ksh|xargs|exec|command|env|sudo|doas|nohup|time|nice|ionice|stdbuf|g?timeout|watch|strace|ltrace"
    r"|valgrind|python[\d.]*|py|node|nodejs|bun|deno|ruby|perl|php|Rscript|lua[\d.]*)")
EXECUTABLE_SUFFIX_RE = re.compile(r"\.(?:exe|bat|cmd|sh)$", re.I)  # `gradlew.bat`, `mvnw.cmd`: still the program
SEPARATORS = set(";&|()")
ASSIGNMENT_RE = re.compile(r"[A-Za-z_]\w*=\S*$")
PREFIX_CHARS = 400
MATCHES_CHECKED = 64


def _word_at(words: str, position: int) -> tuple[int, int]:
    """The start and end of the whitespace- or separator-delimited word holding `position`."""
    start = position
    while start > 0 and not words[start - 1].isspace() and words[start - 1] not in SEPARATORS:
        start -= 1
    end = position
    while end < len(words) and not words[end].isspace() and words[end] not in SEPARATORS:
        end += 1
    return start, end


def _is_program_position(words: str, start: int) -> bool:
    """The word at `start` is what its simple command runs: first after a separator (env assignments and options of
    a wrapper aside), or the word after a shell, wrapper or `xargs`."""
    before = words[max(0, start - PREFIX_CHARS):start]  # wrappers and their options are short: a bounded look back
    cut = max(before.rfind(c) for c in SEPARATORS)
    if cut < 0 and start > PREFIX_CHARS:
        return False
    previous = [w for w in before[cut + 1:].split() if not ASSIGNMENT_RE.match(w)]
    # Only wrappers, their options and the options' values may come first: `sudo -u ci /usr/bin/make`,
    # `timeout -s KILL 30 ./build.sh`, `xargs -n1 /usr/bin/cargo`; `cat -n src/make` is an argument.
    after_option = False
    for word in previous:
        if RUNS_NEXT_RE.fullmatch(word.rsplit("/", 1)[-1]):
            after_option = False
        elif word.startswith("-"):
            after_option = "=" not in word
        elif after_option or re.fullmatch(r"[\d.]+[smhd]?", word):
            after_option = False
        else:
            return False
    return True


def names_program(pattern: re.Pattern, words: str) -> bool:
    """Whether `pattern` matches `words` (the command line) at a program, not inside a file argument."""
    for n, match in enumerate(pattern.finditer(words)):
        if n == MATCHES_CHECKED:
            return False  # a long command naming a tool in many arguments: the program is among its first words
        if not match.group(0).strip():
            continue
        first = match.start() + len(match.group(0)) - len(match.group(0).lstrip(" \t/;&|"))
        start, end = _word_at(words, max(first, match.start()))
        tail = words[match.end():end]  # the rest of the word after the tool's name (not after `--cov=`)
        named = match.group(0)[-1:].isalnum()
        if named and not EXECUTABLE_SUFFIX_RE.fullmatch(tail) and (
                tail[:1] in (".", "/") or tail[:1] == "-" and re.search(r"[./]", tail)):
            continue  # `make.log`, `gcc/notes.txt`, `make-output.txt`: a file named after the tool
        head = words[start:first]
        if "/" in head and not _is_program_position(words, start):
            continue  # `cat src/make`: the last part of an argument's path
        return True
    return False
