"""Commands a request names itself: backticked (`make test`), or after "run"/"execute"/"invoke", and the options
it wants passed to the program.

    explicit_commands(query, cwd=None) -> [str]   in the order the request names them
    request_options(query) -> [str]               `--help`, --version

Every pattern here reads a request of up to 10,000 characters in linear time (tests/test_subagent_followups_qa_regex.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import script_command
from terminus_edge import shell_words

# The phrase ends before its first "and"/"then"/… or punctuation. A space run is tried as an end only at its first
# space (?<!\s): tried at each of its spaces, a long run cost its length squared.
_RUN_PHRASE = re.compile(r"\b(?:run|execute|invoke)\s+(.+?)(?=(?<!\s)\s++(?:and|then|to|in|from|on|inside|for|with)\b|"
                         r"(?<!\s)\s++(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+times\b|"
                         r"(?<!\s)\s++(?:twice|once)\b|(?<!\s)\s++(?:[—–]|--?\s)|[,;:!?]|\.(?:\s|$)|$)", re.I)
# Words that exist as programs but name no command when they stand alone in a request.
_WORDS = {"test", "true", "false", "yes", "time", "which", "the", "this", "it", "a", "an", "all", "[", "tests"}
# "run `X`", "execute `X` and `Y`": the request asks for these backticked commands by name. Read as a chain, one
# backticked text after the other (a search for "run …$" before each one re-read the 300 characters before it).
_RUN_WORD_BEFORE = re.compile(r"\b(?:run|execute|invoke)\s+$", re.I)
_CHAIN_GAP = re.compile(r"(?:\s*+(?:,|\band\b|\bthen\b|\bor\b))*+\s*+", re.I)
RUN_REACH = 300  # characters from "run" to a backticked text it still asks for
# "`scripts/x.sh` fails in CI … run it": the backticked script is what "it" runs (a file merely mentioned next to
# "run the tests" is not)
_RUN_IT = re.compile(r"\b(?:run|re-?run|execute|invoke|try)\s+(?:it|this|that|(?:the|this|that)\s+script)\b", re.I)
_PROGRAM = re.compile(r"[a-z_][\w.+-]*|/[\w./+-]+")
_TOOLS = {"make", "pytest", "tox", "ctest", "cargo", "npm", "yarn", "pnpm", "go", "mvn", "gradle", "dotnet", "ls", "tsc"}


def explicit_commands(query: str, cwd: str | Path | None = None) -> list[str]:
    """Commands the request itself names, in the order it names them. With cwd, a backticked path to one of
    the project's scripts counts too when the request asks to run it ("run `x.sh`", "`scripts/x.sh` fails … run it")."""
    found: list[tuple[int, str]] = []
    run_it = cwd is not None and bool(_RUN_IT.search(query))
    # each backticked text is looked up once (PATH, the project's files), however often the request repeats it
    is_command: dict[tuple[str, bool], bool] = {}
    scripts: dict[str, str | None] = {}
    for match, asked_to_run in _backticked(query):
        text = match.group(1)
        if not asked_to_run and _names_an_origin(query, match):  # "x.json is a `journalctl -o json` export"
            continue
        if (text, asked_to_run) not in is_command:
            is_command[text, asked_to_run] = _is_command(text, asked_to_run=asked_to_run)
        if is_command[text, asked_to_run]:
            found.append((match.start(), text.strip()))
        elif cwd is not None:
            if text.strip() not in scripts:
                scripts[text.strip()] = _script_line(text.strip(), Path(cwd))
            line = scripts[text.strip()]
            # a bare script path counts when asked to run; a script path with arguments is a command line itself
            # ("what does `scripts/bump.sh 1.4.9 minor` print?")
            if line and (asked_to_run or run_it or line[1]):
                found.append((match.start(), line[0]))
    if not found:
        for match in _RUN_PHRASE.finditer(query):
            text = match.group(1).strip().strip("'\"")
            if (text, False) not in is_command:
                is_command[text, False] = _is_command(text)
            if is_command[text, False]:
                found.append((match.start(), text))
    if not found and cwd is not None:
        leading = _leading_command(query, Path(cwd))
        if leading:
            found.append((0, leading))
    commands: list[str] = []
    for _, command in sorted(found):
        if command not in commands:
            commands.append(command)
    return commands


def _script_line(text: str, cwd: Path) -> tuple[str, bool] | None:
    """(how to run it, whether it has arguments) when the first word of `text` is one of the project's scripts."""
    try:
        words = shell_words.split(text)
    except ValueError:
        return None
    if not words:
        return None
    command = script_command(words[0], cwd)
    if not command:
        return None
    if len(words) > 1 and not text.startswith(words[0] + " "):
        return None  # a quoted script name: not read as a command line here
    rest = text[len(words[0]):].strip() if len(words) > 1 else ""
    return (f"{command} {rest}" if rest else command), bool(rest)


def _backticked(query: str):
    """(match, asked_to_run) for each backticked text: asked to run when "run"/"execute"/"invoke" is right before it,
    or before a chain of backticked texts joined by commas, "and", "then", "or" that leads to it."""
    run_at = None  # where the "run" of the current chain starts
    previous_end = 0
    for match in re.finditer(r"`([^`\n]+)`", query):
        before = _RUN_WORD_BEFORE.search(query, max(previous_end, match.start() - RUN_REACH), match.start())
        if before:
            run_at = before.start()
        elif run_at is None or not _CHAIN_GAP.fullmatch(query, previous_end, match.start()):
            run_at = None
        previous_end = match.end()
        yield match, run_at is not None and match.start() - run_at <= RUN_REACH


# A backticked command that says where a file came from, not what to run: "logs/x.json is a `journalctl -o json`
# export", "dump.sql was produced by `pg_dump shop`", "the output of `make` is in build.log".
_ORIGIN_BEFORE = re.compile(r"\b(?:(?:exported|generated|produced|created|dumped|captured|written|saved|collected|made)"
                            r"\s+(?:by|with|from|using|via)|(?:is|was|are|were)\s+(?:an?|the)|(?:output|export|dump)\s+of)\s*$",
                            re.I)
_ORIGIN_AFTER = re.compile(r"(?<!\s)\s*(?:export|dump|output|capture|snapshot|file|log|listing)s?\b", re.I)
_SAVED_OUTPUT = re.compile(r"(?<!\s)\s*(?:is|was|are|were)\s+(?:saved|stored|written|captured|in)\b", re.I)


def _names_an_origin(query: str, match: re.Match) -> bool:
    before = query[max(0, match.start() - 40):match.start()]
    preceded = _ORIGIN_BEFORE.search(before)
    if preceded and preceded.group(0).split()[0].lower() in ("is", "was", "are", "were"):
        return bool(_ORIGIN_AFTER.match(query, match.end()))  # "is a `cmd` export", never "the step is `make`"
    if preceded and preceded.group(0).split()[0].lower() in ("output", "export", "dump"):
        return bool(_SAVED_OUTPUT.match(query, match.end()))  # "the output of `make` is in build.log"
    return bool(preceded)


def request_options(query: str) -> list[str]:
    """Options the request wants passed to the program (`--help`, --version)."""
    options = [m.group(1) for m in re.finditer(r"`(-{1,2}[A-Za-z][\w-]*(?:[= ]\S+)?)`", query)]
    if not options:
        options = re.findall(r"(?<![\w`-])(--[A-Za-z][\w-]*)", query)
    return list(dict.fromkeys(options))


def _is_command(text: str, *, asked_to_run: bool = False) -> bool:
    """asked_to_run: the request says to run this backticked text, so a program name that is not installed
    here still counts (running it answers "not found", exit 127, where skipping it would answer about another
    command without saying why)."""
    try:
        words = shell_words.split(text)
    except ValueError:
        words = text.split()
    words = [w for w in words if not re.match(r"^\w+=", w)] or words
    if not words or words[0].startswith("-"):
        return False
    first = words[0]
    if first.lower() in _WORDS:
        return False
    if asked_to_run and _PROGRAM.fullmatch(first):
        return True
    if len(words) == 1:
        return first in _TOOLS or first.startswith("./")
    # a known tool counts even when it is not installed here: running it says so (exit 127), where skipping
    # it would answer about some other command without saying why
    return first.startswith("./") or first == "timeout" or first in _TOOLS or shutil.which(first) is not None


# A terse request that opens with the command itself: "make check -- what is failing?", "npm test: green?". Up to four
# words, then a separator or a question word; each shorter prefix is tried too ("make check what fails?").
_LEADING = re.compile(r"(?<!\s)\s*+([a-z][\w.+-]*+(?:[ \t]++(?:[\w./=+](?:[\w./:=+-]*[\w./=+-])?|--?\w[\w-]*)){0,3})")
_AFTER_COMMAND = re.compile(r"(?<![ \t])[ \t]*+(?:--|[—–:?,;]|$)|(?<![ \t])[ \t]++(?:what|why|which|how|any|anything|is|are|did|does|do|"
                            r"results?|failures?|errors?|status|ok|green|pls|please)\b", re.I)
_MAKE_TARGET = re.compile(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", re.M)


def _leading_command(query: str, cwd: Path) -> str | None:
    """The command a request starts with, when every word of it is checkable here: `make` with the Makefile's own
    targets (never "make sure ..."), `npm test` / `npm run X` with the package's scripts, or another known tool."""
    match = _LEADING.match(query)
    if not match:
        return None
    words = match.group(1).split()
    ends = [m.end() for m in re.finditer(r"\S+", match.group(1))]
    for n in range(len(words), 0, -1):  # the longest prefix that a separator or a question word follows
        if _AFTER_COMMAND.match(query, match.start(1) + ends[n - 1]) and _checkable(words[:n], cwd):
            return " ".join(words[:n])
    return None


def _checkable(words: list[str], cwd: Path) -> bool:
    first, rest = words[0], words[1:]
    if first == "make":
        makefile = next((cwd / n for n in ("GNUmakefile", "makefile", "Makefile") if (cwd / n).is_file()), None)
        targets = set(_MAKE_TARGET.findall(makefile.read_text(encoding="utf-8", errors="replace"))) if makefile else set()
        ok = bool(targets) and all(w in targets or re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*|-\w+", w) for w in rest)
    elif first in ("npm", "yarn", "pnpm"):
        scripts = _package_scripts(cwd)
        ok = rest in (["test"], ["t"]) and "test" in scripts or (len(rest) == 2 and rest[0] == "run" and rest[1] in scripts)
    elif first in ("cargo", "go"):
        ok = len(rest) >= 1 and rest[0] in ("test", "build", "check", "vet", "clippy", "fmt") and \
            (not rest[1:] or all(w.startswith(("-", "./")) for w in rest[1:]))
    else:
        ok = first in ("pytest", "tox", "ctest", "prove") and all(w.startswith(("-", "./")) or "/" in w for w in rest)
    return ok and shutil.which(first) is not None


def _package_scripts(cwd: Path) -> dict:
    import json

    try:
        scripts = json.loads((cwd / "package.json").read_text(encoding="utf-8")).get("scripts")
    except (OSError, ValueError, AttributeError):
        return {}
    return scripts if isinstance(scripts, dict) else {}


# "make dist fails on my machine", "why does make docs break?": a make target named in plain words (no backticks)
_MAKE_WORDS = re.compile(r"(?<![\w`./-])make\s+([A-Za-z0-9_][\w.-]*)(?=[\s,.;:!?)]|$)")


def make_target_named(query: str, cwd: str | Path) -> list[str]:
    """`make TARGET` for the first "make TARGET" of the request whose TARGET is a rule of the project's Makefile."""
    makefile = next((Path(cwd) / n for n in ("GNUmakefile", "makefile", "Makefile") if (Path(cwd) / n).is_file()), None)
    if makefile is None:
        return []
    try:
        text = makefile.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return []
    rules = set()
    for line in text.splitlines():
        head, colon, rest = line.partition(":")
        if colon and not line.startswith(("\t", "#")) and not rest.startswith("=") and "=" not in head:
            rules.update(head.split())
    for match in _MAKE_WORDS.finditer(query):
        target = match.group(1).rstrip(".")
        if target in rules:
            return [f"make {target}"]
    return []
