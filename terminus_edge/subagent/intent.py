"""What a request asks for beyond "run the project's commands": read off its words, never off a task.

    no_run(query) -> bool                 "do NOT run it", "without running", "don't apply anything"
    repeat_count(query) -> int            "run the suite 5 times" -> 5 (1 when it asks for one run)
    asked_package(query) -> str | None    "which version of tiny-semver is installed" -> "tiny-semver"
    asked_flags(query) -> list[str]       "does the CLI accept a --json flag?" -> ["--json"]
    asks_reproduce(query) -> bool         "can you reproduce this bug report?"
    status_question(query) -> bool        "which migrations are pending?", "what is the status of …"
"""

from __future__ import annotations

import re

MAX_REPEATS = 8  # each run is one turn of at most 10; the answer needs a turn or two more
_NO_RUN = re.compile(
    r"\b(?:do\s+not|don't|dont|never|please\s+don't)\s+(?:actually\s+|really\s+)?(?:run|execute|invoke|start|apply|trigger|launch)\b|"
    r"\bwithout\s+(?:actually\s+|really\s+)?(?:running|executing|invoking|applying|triggering)\b|"
    r"\bbefore\s+I\s+(?:run|execute|apply)\b|"
    r"\bwhat\s+(?:would|will)\s+(?:it|`[^`]+`|\S+)\s+(?:do|delete|remove|run|change)\b", re.I)
_TIMES = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:times|runs)\b", re.I)
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_PACKAGE = [
    re.compile(r"\bversions?\s+of\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?", re.I),
    re.compile(r"`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+version\s+(?:is\s+)?(?:installed|do\s+we\s+have|is\s+used)", re.I),
    re.compile(r"\bis\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+installed\b", re.I),
    re.compile(r"\binstalled\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+version\b", re.I),
]
_NOT_PACKAGES = {"the", "this", "that", "it", "python", "node", "a", "an"}
_ASKS_FLAG = re.compile(r"\b(accept|accepts|support|supports|take|takes|have|has|understand|understands|recogni[sz]e)\b"
                        r"[^.?!\n]{0,40}?(?<![\w-])(--[A-Za-z][\w-]*)", re.I)
_REPRODUCE = re.compile(r"\breproduc(e|es|ing|tion)\b|\brepro\b", re.I)
_STATUS = re.compile(r"\b(pending|unapplied|not\s+(?:yet\s+)?applied|outstanding|status\s+of|which\s+\w+\s+(?:are|is)\s+"
                     r"(?:applied|pending|missing))\b", re.I)


def no_run_spans(query: str) -> list[tuple[int, int]]:
    """Where each do-not-run phrase is: what directly follows one is what it forbids."""
    return [m.span() for m in _NO_RUN.finditer(query)]


def no_run(query: str) -> bool:
    """The request asks what a command would do, or says not to run / apply it."""
    return bool(_NO_RUN.search(query))


def repeat_count(query: str) -> int:
    match = _TIMES.search(query)
    if not match:
        return 2 if re.search(r"\b(?:run|execute)\b[^.?!\n]{0,60}\btwice\b", query, re.I) else 1
    word = match.group(1).lower()
    count = int(word) if word.isdigit() else _WORD_NUMBERS[word]
    return max(1, min(count, MAX_REPEATS))


def asked_package(query: str) -> str | None:
    for rx in _PACKAGE:
        for match in rx.finditer(query):
            name = match.group(1)
            if name.lower() not in _NOT_PACKAGES:
                return name
    return None


def asked_flags(query: str) -> list[str]:
    """Every long option of the sentence that asks whether the program takes one ("--verbose and --quiet")."""
    flags: list[str] = []
    for match in _ASKS_FLAG.finditer(query):
        sentence = re.split(r"[.?!\n]", query[match.start(2):], maxsplit=1)[0]
        flags += re.findall(r"(?<![\w`-])(--[A-Za-z][\w-]*)", sentence)
    return list(dict.fromkeys(flags))


def asks_reproduce(query: str) -> bool:
    return bool(_REPRODUCE.search(query))


def status_question(query: str) -> bool:
    return bool(_STATUS.search(query))
