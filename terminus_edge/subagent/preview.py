"""Requests that say not to run something ("What does `make release` do? Do NOT run it"): show it instead.

    preview_plan(query, cwd) -> [PlannedCommand]        make -n TARGET, cat -n SCRIPT, npm's script text
    request_forbids(query, command, cwd) -> str | None  why a command may not run under such a request

The request guard holds for every planner: a model that plans is refused the named command too. A command
that only reads (purpose category read/list/search/…) or a make dry run is always allowed.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from terminus_edge.subagent.intent import no_run, no_run_spans
from terminus_edge.subagent.project_scripts import _matches, is_file, project_scripts
from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.purpose_programs import MAKE_DRY_RUN
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import PlannedCommand
from terminus_edge import shell_words

READ_ONLY = {"read", "list", "search", "info", "help", "version", "git-query", "print"}
_PATHISH = re.compile(r"(?<![\w/.-])((?:\./)?[\w.-]+(?:/[\w.-]+)*\.(?:sh|bash|py|js|mjs|pl|rb))\b")


def named_targets(query: str, cwd: Path) -> list[str]:
    """What the request names to (not) run: backticked or "run X" commands, and project scripts it mentions."""
    from terminus_edge.subagent.named_commands import explicit_commands

    found = list(explicit_commands(query, cwd))
    scripts = project_scripts(cwd)
    for match in _PATHISH.finditer(query):
        path = match.group(1).removeprefix("./")
        if not is_file(cwd / path):  # "clean.sh" for scripts/clean.sh, when only one script has that name
            same = [s for s in scripts if Path(s).name == path]
            path = same[0] if len(same) == 1 else path
        if (path in scripts or is_file(cwd / path)) and path not in found:
            found.append(path + _subcommand_after(query[match.end():], cwd / path))
    if found:
        return found
    # named by what it is: "the release target", "the deploy script"
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", query)}
    if "target" in words or "make" in words:
        found += [f"make {t}" for t in _make_targets(cwd) if t.lower() in words - {"make", "target"}]
    if "script" in words or "scripts" in words:
        found += [s for s in scripts if _matches(words, Path(s).stem)]
    return found[:2]


def _subcommand_after(rest: str, script: Path) -> str:
    """' up' for "don't run migrate.py up" when the script knows `up` (a quoted word or its usage text)."""
    match = re.match(r"\s+([a-z][\w-]*)\b", rest)
    if not match:
        return ""
    word = match.group(1)
    try:
        text = script.read_text(encoding="utf-8", errors="replace")[:100_000]
    except OSError:
        return ""
    known = re.search(rf"[\"']{re.escape(word)}[\"']|{re.escape(script.name)}\s+{re.escape(word)}\b", text)
    return f" {word}" if known else ""


def _make_targets(cwd: Path) -> list[str]:
    try:
        text = (cwd / "Makefile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return list(dict.fromkeys(re.findall(r"^([A-Za-z0-9_][\w.-]*)\s*:(?!=)", text, re.M)))


def preview_command(target: str, cwd: Path) -> PlannedCommand | None:
    """A command that shows what `target` would do without doing it."""
    try:
        words = shell_words.split(target)
    except ValueError:
        return None
    if not words:
        return None
    if words[0] == "make":
        command = "make -n " + " ".join(words[1:]) if len(words) > 1 else "make -n"
        return _planned(command.strip(), f"show the commands `{target}` would run, without running them")
    if words[0] in ("npm", "yarn", "pnpm") and words[1:2] == ["run"] and len(words) > 2:
        script = _package_script(cwd, words[2])
        if script is not None:
            return _planned(f"npm pkg get scripts.{shlex.quote(words[2])}",
                            f"show the package.json script `{words[2]}` without running it")
    script = next((w for w in words if is_file(cwd / w.removeprefix("./"))), None)
    if script:
        path = script.removeprefix("./")
        return PlannedCommand(command=f"cat -n {shlex.quote(path)}", kind="preview",
                              explanation=f"Show {path} with line numbers, without running it",
                              goal=f"read what {path} would do", timeout_s=30.0)
    return None


def forbidden_targets(query: str, cwd: Path) -> list[str]:
    """What the request says not to run: the targets a do-not-run phrase is directly followed by ("do not run
    `npm install`; run `npm test`" forbids only npm install), else every target it names ("What does `make
    release` do? Do NOT run it")."""
    spans = no_run_spans(query)
    if not spans:
        return []
    targets = named_targets(query, cwd)
    direct = []
    for _, end in spans:
        after = query[end:end + 200].lstrip(" `'\"").removeprefix("./")
        direct += [t for t in targets if after.startswith(t.removeprefix("./")) and t not in direct]
    return direct or targets


def runs_forbidden(command: str, forbidden: list[str]) -> bool:
    return any(_runs(command, target) for target in forbidden)


def preview_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    steps = [preview_command(t, cwd) for t in forbidden_targets(query, cwd)]
    return [s for s in steps if s is not None]


def request_forbids(query: str, command: str, cwd: Path) -> str | None:
    """The request says not to run something this command would run."""
    if not no_run(query):
        return None
    if describe(command).category in READ_ONLY:
        return None
    words = command.split()
    if words[:1] == ["make"] and any(w in MAKE_DRY_RUN for w in words[1:]):
        return None
    if _SYNTAX_ONLY.fullmatch(command.strip()):  # `bash -n deploy.sh` reads the script, never runs it
        return None
    for target in forbidden_targets(query, cwd):
        if _runs(command, target):
            return f"the request says not to run `{target}`"
    return None


# an interpreter's syntax check of one file (and the echo the validity check adds), nothing after it
_SYNTAX_ONLY = re.compile(r"(?:(?:bash|sh|dash|zsh|ksh)\s+-n|ruby\s+-w?c|node\s+--check)\s+[\w./'\"-]+"
                          r"(?:\s+&&\s+echo\s+'[^'\n]*')?")


def _runs(command: str, target: str) -> bool:
    text = " ".join(command.split())
    target = " ".join(target.split())
    path = target.removeprefix("./")
    return target in text or re.search(rf"(?<![\w/.-])(\./)?{re.escape(path)}(?![\w/.-])", text) is not None


def _package_script(cwd: Path, name: str) -> str | None:
    try:
        return (json.loads((cwd / "package.json").read_text(encoding="utf-8")).get("scripts") or {}).get(name)
    except (OSError, ValueError, AttributeError):
        return None


def _planned(command: str, goal: str) -> PlannedCommand:
    return planned(command, "preview", goal)
