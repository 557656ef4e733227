"""What a request asks for beyond "run the project's commands": read off its words, never off a task.

    no_run(query) -> bool                 "do NOT run it", "without running", "don't apply anything"
    repeat_count(query) -> int            "run the suite 5 times" -> 5 (1 when it asks for one run); "which tests are
                                          flaky?" -> FLAKY_RUNS (a result that changes shows only across runs)
    asks_flaky(query) -> bool             "which tests are flaky?", "fails now and then", "green when I re-run it"
    asked_package(query) -> str | None    "which version of tiny-semver is installed" -> "tiny-semver"
    asked_flags(query) -> list[str]       "does the CLI accept a --json flag?" -> ["--json"]
    asks_reproduce(query) -> bool         "can you reproduce this bug report?"
    status_question(query) -> bool        "which migrations are pending?", "what is the status of …"
    asks_nothing_to_run(query) -> bool    "hello there", "thanks!", "explain recursion": nothing to run
"""

from __future__ import annotations

import re

MAX_REPEATS = 8  # each run is one turn of at most 10; the answer needs a turn or two more
_NO_RUN = re.compile(
    r"\b(?:do\s+not|don't|dont|never|please\s+don't)\s+(?:actually\s+|really\s+)?(?:run|execute|invoke|start|apply|trigger|launch|build|compile)\b|"
    r"\bwithout\s+(?:actually\s+|really\s+)?(?:running|executing|invoking|applying|triggering)\b|"
    r"\bbefore\s+I\s+(?:run|execute|apply)\b|"
    r"\bwhat\s+(?:would|will)\s+(?:it|`[^`]+`|\S+)\s+(?:do|delete|remove|run|change)\b", re.I)
# "run it 5 times", "two runs"; never "the two runs" / "both runs" (runs the request describes, not a count to run)
_TIMES = re.compile(r"(?<!\bthe )(?<!\bthese )(?<!\bthose )(?<!\bboth )(?<!\bmy )\b(\d{1,2}|two|three|four|five|six|seven|"
                    r"eight|nine|ten)\s+(?:times|runs)\b", re.I)
# "flaky", "intermittent", "fails now and then", "red sometimes … green when I re-run it"
_FLAKY = re.compile(r"\bflak(?:y|iness|es)\b|\bintermittent(?:ly)?\b|\bnon-?deterministic\b|"
                    r"\b(?:fail|fails|failing|red|breaks?)\s+(?:only\s+)?(?:sometimes|occasionally|randomly|"
                    r"(?:every\s+)?now\s+and\s+then|from\s+time\s+to\s+time)\b|"
                    r"\b(?:sometimes|occasionally|randomly)\s+(?:fail|fails|failing|red|breaks?)\b", re.I)
FLAKY_RUNS = 3
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# A name starts where no name character precedes it: tried from inside a word, `[\w.@/-]*[\w]` re-scans the rest of
# the word at every position (a 16,000-letter word took seconds).
_NAME = r"(?<![\w.@/-])(@?[A-Za-z][\w.@/-]*[\w])"
MAX_PACKAGE_CHARS = 214  # npm's limit for a package name; longer is no package (and too long for a file name)
_PACKAGE = [
    re.compile(rf"\bversions?\s+of\s+`?{_NAME}`?", re.I),
    re.compile(rf"`?{_NAME}`?\s+version\s+(?:is\s+)?(?:installed|do\s+we\s+have|is\s+used)", re.I),
    re.compile(r"\bis\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+installed\b", re.I),
    re.compile(r"\binstalled\s+`?(@?[A-Za-z][\w.@/-]*[\w])`?\s+version\b", re.I),
]
_NOT_PACKAGES = {"the", "this", "that", "it", "python", "node", "a", "an"}
_ASKS_FLAG = re.compile(r"\b(accept|accepts|support|supports|take|takes|have|has|understand|understands|recogni[sz]e)\b"
                        r"[^.?!\n]{0,40}?(?<![\w-])(--[A-Za-z][\w-]*)", re.I)
_SENTENCE_END = re.compile(r"[.?!\n]")
_LONG_OPTION = re.compile(r"(?<![\w`-])(--[A-Za-z][\w-]*)")
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
    if not match and asks_flaky(query):
        return FLAKY_RUNS
    if not match:
        return 2 if re.search(r"\b(?:run|execute)\b[^.?!\n]{0,60}\btwice\b", query, re.I) else 1
    word = match.group(1).lower()
    count = int(word) if word.isdigit() else _WORD_NUMBERS[word]
    return max(1, min(count, MAX_REPEATS))


def asks_flaky(query: str) -> bool:
    return bool(_FLAKY.search(query))


def asked_package(query: str) -> str | None:
    for rx in _PACKAGE:
        for match in rx.finditer(query):
            name = match.group(1)
            if name.lower() not in _NOT_PACKAGES and len(name) <= MAX_PACKAGE_CHARS:
                return name
    return None


def asked_flags(query: str) -> list[str]:
    """Every long option of the sentence that asks whether the program takes one ("--verbose and --quiet")."""
    flags: list[str] = []
    read_to = 0  # each sentence is read once, however many "accepts --x" it holds
    for match in _ASKS_FLAG.finditer(query):
        if match.start(2) < read_to:
            continue
        end = _SENTENCE_END.search(query, match.start(2))
        read_to = end.start() if end else len(query)
        flags += [match.group(2)] + _LONG_OPTION.findall(query, match.end(2), read_to)
    return list(dict.fromkeys(flags))


def asks_reproduce(query: str) -> bool:
    return bool(_REPRODUCE.search(query))


def status_question(query: str) -> bool:
    return bool(_STATUS.search(query))


# What makes a request one the subagent can act on: a verb of running, building, testing or checking; a command, file,
# option or tool it names; a word about the project's state (fails, broken, error, pending, version…). "Is everything
# ok?" asks about the state too, so a state adjective counts when the request asks it of something.
_NAMES_SOMETHING = re.compile(r"`|(?<![\w-])--?[A-Za-z]|[\w.-]/[\w.-]|(?<![\w-])[\w-]{2,}\.[A-Za-z][A-Za-z0-9]{0,4}\b|"
                              r"\$\s*\w")  # a file name is read from its first character only: "a-a-a-…" was quadratic
_ACTIONS = re.compile(
    r"\b(?:re-?run|runs?|running|ran|execut\w*|invoke\w*|launch\w*|start\w*|boot\w*|serve|test\w*|specs?|suites?|"
    r"build\w*|built|compil\w*|link(?:s|ing|er)?|make|check\w*|lint\w*|type-?check\w*|verif\w*|validat\w*|try|"
    r"reproduc\w*|repro|debug\w*|diagnos\w*|investigat\w*|fix\w*|install\w*|versions?|upgrad\w*|dependenc\w*|"
    r"packages?|modules?|imports?|works?|working|worked|pass\w*|fail\w*|broken|break\w*|errors?|crash\w*|hang\w*|"
    r"stuck|segfault\w*|warnings?|exceptions?|traceback|bugs?|issues?|problems?|wrong|regress\w*|status|pending|"
    r"migrat\w*|health\w*|ci|pipelines?|bench\w*|timing|slow|profil\w*|deploy\w*|outputs?|prints?|exit|logs?|"
    r"commands?|scripts?|cli|apps?|programs?|binar\w*|servers?|flags?|options?|arguments?|usage|flaky|coverage|clean|"
    r"releases?|dry-?run|preview|targets?|makefile|project|repo|repository|codebase|pytest|unittest|npm|node|yarn|pnpm|"
    r"commits?|branch(?:es)?|diffs?|code|files?|folders?|director(?:y|ies)|environment|variables?|config\w*|"
    r"defined|definitions?|declared|calls|called|callers?|usages?|references?|ports?|"
    r"cargo|rustc|go|golang|python3?|pip|tox|mvn|maven|gradlew?|javac?|gcc|clang|cmake|docker|git|bash|shell|"
    r"ruff|mypy|eslint|tsc|jest|vitest|clippy|shellcheck|cppcheck|flake8|pylint|rubocop|hadolint)\b", re.I)
_STATE_QUESTION = re.compile(r"\b(?:is|are|does|do|look|looks|seem|seems|still|everything|all|things|we)\b[^.!?\n]{0,40}?"
                             r"\b(?:ok|okay|fine|good|healthy|green|red|alright|all right|in order|sane)\b", re.I)


def asks_nothing_to_run(query: str) -> bool:
    """The request names nothing to run or check and asks nothing about the project ("hello there", "thanks!", "what
    is your name", "explain recursion"): answer so, rather than run the project's tests unasked."""
    return not (_NAMES_SOMETHING.search(query) or _ACTIONS.search(query) or _STATE_QUESTION.search(query))
