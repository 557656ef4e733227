"""Whether a gist tells the reader anything the Command line and the exit code do not.

A true sentence can still be noise that costs the reader tokens: "mvn failed because -B compile." (the reason is the
command's own arguments), "fpc stats.pas failed because fpc stats.pas failed." (the reason restates the claim),
"Cargo failed because the test suite failed." / "python failed because the test suite has a bug." (the reason is only
words for failing), "Cargo failed." (the program and its status). Such a sentence says nothing; it is left out.

A sentence whose claim tells something of its own stays, whatever its reason ("pytest failed on test_total because of
an error"). A word of the command line does say something when it picks out some of several operands: "npm-run-all
failed because build:b failed" after `npm-run-all build:a build:b build:c` tells which step failed.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.grounding import _root

REASON_RE = re.compile(r"\b(?:because(?:\s+of)?|due\s+to|as\s+a\s+result\s+of|owing\s+to)\b", re.I)
TOKEN_RE = re.compile(r"[^\s\"'`()\[\]{},;\u2018\u2019\u201c\u201d]+")
# what the exit-code line already says: "exited with code 2", "exit status 1"
EXIT_CODE_RE = re.compile(r"\b(?:exit(?:ed)?\s+(?:with\s+)?)?(?:exit\s+)?(?:code|status)\s+-?\d+\b", re.I)

# Words that carry no fact of their own in a sentence about a command: function words, the words for the failure the
# sentence already claims (a vague cause names nothing: "a bug", "an issue", "something went wrong"), and the generic
# nouns for what a command runs. Counts, names, places, values and words like "missing", "timeout", "warnings" or
# "passed" are content.
EMPTY_WORDS = frozenset("""
a an the of to in on at by for from with into and or but is are was were be been being has have had does did do
it its this that there their which who so as not no
fail fails failed failing failure failures error errors wrong went go goes bug bugs problem problems issue issues
something reason reasons fault faults trouble occurred happened unsuccessful unsuccessfully
test tests suite suites build builds command commands run runs ran program process step steps job jobs task tasks
exit exited exits code status
""".split())


def _tokens(text: str) -> list[str]:
    return [t for t in (raw.strip(".:!?").lower() for raw in TOKEN_RE.findall(text)) if t]


def _content(text: str) -> list[str]:
    return [t for t in _tokens(text) if t not in EMPTY_WORDS]


def _known(token: str, said: set[str]) -> bool:
    return token in said or token.isalpha() and _root(token) in said


def _with_roots(tokens: list[str]) -> set[str]:
    return set(tokens) | {_root(t) for t in tokens if t.isalpha()}


def _operands(command: str) -> set[str]:
    """The words of a command line that name what it works on: not the program, not a flag, not an assignment."""
    operands = set()
    for part in re.split(r";|&&|\|\||\|", command):
        words = [w for w in _tokens(part) if "=" not in w]
        operands |= {w for w in words[1:] if not w.startswith("-")}
    return operands


def says_nothing(sentence: str, command: str) -> str | None:
    """Why `sentence` tells nothing the command line and exit code do not, or None when it tells something. (Whether
    the exit code it states is the right one is claims.py's question.)"""
    said = _with_roots(_tokens(command))
    sentence = EXIT_CODE_RE.sub(" ", sentence)
    marker = REASON_RE.search(sentence)
    main, told = (sentence[:marker.start()], sentence[marker.end():]) if marker else ("", sentence)
    claim, words = _content(main), _content(told)
    if any(not _known(t, said) for t in claim + words):
        return None  # the claim or its reason tells something of its own ("pytest failed on test_total because ...")
    operands = _operands(command)
    picked = {t for t in claim + words if t in operands}
    if picked and len(picked) < len(operands):
        return None  # it names which of the command's operands it is about
    if marker is None:
        return "only the command's own words and its status: " + " ".join(words)
    return "a reason made of the command's own words: " + (" ".join(words) or "(no content)")
