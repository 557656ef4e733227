"""The project's own scripts as commands: how to run one, and which one a request names by a word.

    script_command(text, cwd) -> "scripts/x.sh" | "bash x.sh" | "python3 etl.py" | None
    named_script(query, cwd, asks_project_step) -> the command for the script the request talks about, or None

A request often names a script by what it does ("why does the packaging script fail", "run the ETL")
rather than by its path. A script matches when a word of the request and a word of its file name share
their first five letters ("packaging" / package.sh) or are equal (a short name: "ETL" / etl.py). Only the
project's top folder and its scripts/, bin/, tools/ folders are looked at; a Python file counts when it
has a `__main__` guard. A name that says it deploys, deletes, backs up… is never picked this way. When the request also names tests, a build or a linter, the script must be
called a script ("the release script") to win over the project's own test/build command.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from terminus_edge import shell_words

SCRIPT_RUNNERS = {".sh": "bash", ".bash": "bash", ".py": "python3", ".js": "node", ".mjs": "node", ".pl": "perl",
                  ".rb": "ruby"}
_FOLDERS = (".", "scripts", "bin", "tools", "script")
_NOT_SCRIPTS = {"setup.py", "conftest.py", "__init__.py", "__main__.py", "noxfile.py", "fabfile.py"}
_SCRIPT_WORD = re.compile(r"\bscripts?\b", re.I)
# Scripts whose name says they change things outside the project run only when the request names them exactly.
_CHANGES_THE_WORLD = re.compile(r"deploy|publish|upload|push|install|clean|purge|backup|restore|rotate|migrat|drop|"
                                r"reset|delete|remove|destroy|wipe|nuke|prune", re.I)
_COMMON = {"the", "this", "that", "and", "for", "with", "from", "what", "why", "does", "run", "test", "tests",
           "build", "check", "main", "script", "scripts", "file", "code", "tell", "when", "fails", "fail", "error"}


def is_file(path: Path) -> bool:
    """Path.is_file for a path read off a request: a name too long for the file system (ENAMETOOLONG) or with a NUL
    in it is no file, where pathlib raises."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def script_command(text: str, cwd: Path) -> str | None:
    """How to run `text` when it is the path of a script inside the project: as written when it is executable
    (its #! line picks the interpreter), else through the interpreter its extension names (a Python file only
    with a `__main__` guard)."""
    if not re.fullmatch(r"(\./)?[\w.-]+(/[\w.-]+)*", text) or ".." in text.split("/"):
        return None
    path = cwd / text
    if not is_file(path):
        return None
    runner = SCRIPT_RUNNERS.get(path.suffix)
    if first_line(path).startswith("#!") and os.access(path, os.X_OK):
        return text if "/" in text else f"./{text}"
    if path.suffix == ".py" and not _has_main_guard(path):
        return None  # a module (a test file, a library): running it does nothing; its runner decides
    return f"{runner} {shlex.quote(text)}" if runner else None


def first_line(path: Path) -> str:
    """A file's first line (a shebang, if any); empty when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return fh.readline(200).decode("utf-8", "replace")
    except OSError:
        return ""


def project_scripts(cwd: Path) -> list[str]:
    """Relative paths of the runnable scripts in the project's top folder and its script folders."""
    found = []
    for folder in _FOLDERS:
        base = cwd / folder
        try:
            entries = sorted(base.iterdir()) if base.is_dir() else []
        except OSError:
            continue
        for path in entries:
            if not path.is_file() or path.name in _NOT_SCRIPTS or path.name.startswith((".", "test_")):
                continue
            executable = os.access(path, os.X_OK) and first_line(path).startswith("#!")
            if path.suffix == ".py" and not executable and not _has_main_guard(path):
                continue
            if executable or path.suffix in SCRIPT_RUNNERS:
                found.append(path.name if folder == "." else f"{folder}/{path.name}")
    return found


def _has_main_guard(path: Path) -> bool:
    try:
        return "__main__" in path.read_text(encoding="utf-8", errors="replace")[:100_000]
    except OSError:
        return False


def named_script(query: str, cwd: str | Path, *, asks_project_step: bool = False) -> str | None:
    if asks_project_step and not _SCRIPT_WORD.search(query):
        return None
    root = Path(cwd)
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]{2,}", query)} - _COMMON
    matches = [script for script in project_scripts(root) if _matches(words, Path(script).stem)]
    if any(_CHANGES_THE_WORLD.search(Path(script).stem) for script in matches):
        return None
    if len(matches) != 1:  # none, or ambiguous: leave it to the project's own commands
        return None
    return script_command(matches[0], root)


def _matches(words: set[str], stem: str) -> bool:
    for part in re.split(r"[-_.]+", stem.lower()):
        if len(part) < 3 or part in _COMMON:
            continue
        for word in words:
            if word == part or (len(part) >= 5 and len(word) >= 5 and word[:5] == part[:5]):
                return True
    return False


# A package.json script whose name says it changes the tree or the world, or never ends (a server, a watcher): never
# picked by the request's words.
_MUTATING_SCRIPT = re.compile(r"fix|write|format$|prettier$|deploy|publish|release|clean|reset|install|upgrade|update|"
                              r"migrate|seed|push|prune|delete|remove|watch|serve|start|\bdev\b|storybook", re.I)
_PLAIN_SCRIPTS = {"test", "build", "start", "dev", "serve", "watch"}  # the project plan runs these itself


def package_script(query: str, cwd: Path) -> str | None:
    """`npm run NAME` for the one package.json script every part of whose name the request says ("is the format
    check green?" -> format:check), when the name is more than the usual test/build/start."""
    import json

    try:
        scripts = json.loads((cwd / "package.json").read_text(encoding="utf-8")).get("scripts") or {}
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(scripts, dict):
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", query)}
    best: list[tuple[int, str]] = []
    for name in scripts:
        parts = [p for p in re.split(r"[:_.\-]+", name.lower()) if p]
        if not parts or name in _PLAIN_SCRIPTS or _MUTATING_SCRIPT.search(name) or \
                not isinstance(scripts[name], str) or _DESTRUCTIVE_BODY.search(scripts[name]):
            continue
        if all(p in words or any(w.startswith(p) and len(p) >= 4 for w in words) for p in parts):
            best.append((len(parts), name))
    if not best:
        return None
    best.sort(reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None  # two names fit equally well: the request does not say which
    runner = "yarn" if (cwd / "yarn.lock").exists() else "pnpm" if (cwd / "pnpm-lock.yaml").exists() else "npm"
    return f"{runner} run {best[0][1]}"


# A recipe or script body that deletes, publishes or reaches out: the bare script runs instead (the policy still
# decides about each command the subagent runs, but a target would hide these behind one word).
_DESTRUCTIVE_BODY = re.compile(r"\b(rm|rmdir|unlink|shred|dd|mkfs|scp|rsync|ssh|curl|wget|deploy|publish|upload|push|"
                               r"install|release|kubectl|terraform|docker|sudo|git\s+(?:tag|commit|reset|clean|checkout))\b")
_RECIPE_TARGET = re.compile(r"^([A-Za-z0-9_.-]+)\s*:(?!=)[^\n]*\n((?:\t[^\n]*\n?)*)", re.M)


def wrapping_target(command: str, cwd: Path) -> str | None:
    """`make T` / `npm run T` when exactly one Makefile target or package.json script runs this script: it supplies
    the arguments the script needs (`check: python3 tools/check_config.py config/*.ini`), where the bare script may
    check nothing and pass. Targets whose name says they change things are never used this way."""
    import json

    try:
        path = shell_words.split(command)[-1].removeprefix("./")
    except (ValueError, IndexError):
        return None
    mention = re.compile(rf"(?<![\w/.-])(?:\./)?{re.escape(path)}(?![\w.-])")
    found = []
    makefile = next((cwd / n for n in ("GNUmakefile", "makefile", "Makefile") if is_file(cwd / n)), None)
    if makefile:
        text = makefile.read_text(encoding="utf-8", errors="replace")[:200_000]
        found += [f"make {t}" for t, recipe in _RECIPE_TARGET.findall(text)
                  if mention.search(recipe) and _harmless(t) and not _DESTRUCTIVE_BODY.search(recipe)]
    try:
        scripts = json.loads((cwd / "package.json").read_text(encoding="utf-8")).get("scripts") or {}
    except (OSError, ValueError, AttributeError):
        scripts = {}
    if isinstance(scripts, dict):
        found += [f"npm run {n}" for n, body in scripts.items() if isinstance(body, str) and mention.search(body)
                  and _harmless(n) and not _DESTRUCTIVE_BODY.search(body)]
    return found[0] if len(found) == 1 else None


def _harmless(name: str) -> bool:
    return not _CHANGES_THE_WORLD.search(name) and not _MUTATING_SCRIPT.search(name)
