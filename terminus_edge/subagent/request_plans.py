"""Plans for questions that are not "run the tests/build": an installed version, a status, an option.

    version_plan(query, cwd) -> [PlannedCommand]   npm ls X / pip show X / go list -m X / cargo tree -i X
    status_plan(query, cwd) -> [PlannedCommand]    a project script's read-only subcommand (`migrate.py status`),
                                                   Django's showmigrations, alembic current
    flag_commands(commands, flags) -> [str]        each command with the asked option, then its --help

Read-only by construction: a package manager's listing, a script's status/list/show subcommand that its own
usage text names, the program's --help. Never an install, an `up`, an `apply`.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.intent import asked_package, status_question
from terminus_edge.subagent.project_scripts import SCRIPT_RUNNERS, _matches, project_scripts, script_command
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import PlannedCommand

READ_ONLY_SUBCOMMANDS = ("status", "list", "show", "check", "info", "pending", "plan", "history", "current")
_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")


def version_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    name = asked_package(query)
    if not name:
        return []
    quoted = shlex.quote(name)
    python = next((p for p in (".venv/bin/python", "venv/bin/python", "env/bin/python") if (cwd / p).is_file()),
                  "python3")
    ecosystems = [  # (declared or installed here, named by the request, command)
        ((cwd / "node_modules" / name).is_dir() or _mentions(cwd / "package.json", name),
         re.search(r"\b(npm|node|node_modules|package\.json|yarn|pnpm)\b", query, re.I),
         (f"npm ls {quoted}" if shutil.which("npm") else f"cat node_modules/{quoted}/package.json")
         if (cwd / "package.json").is_file() or (cwd / "node_modules").is_dir() else None),
        (_python_installed(cwd, name) or any(_mentions(cwd / f, name) for f in _PY_FILES),
         re.search(r"\b(venv|virtualenv|pip|python|site-packages|requirements)\b", query, re.I),
         f"{python} -m pip show {quoted}" if _python_project(cwd) else None),
        (_mentions(cwd / "go.mod", name), re.search(r"\bgo\b|\bgo\.mod\b", query),
         f"go list -m {quoted}" if (cwd / "go.mod").is_file() and shutil.which("go") else None),
        (_mentions(cwd / "Cargo.toml", name) or _mentions(cwd / "Cargo.lock", name), re.search(r"\b(cargo|crate)", query, re.I),
         f"cargo tree --offline -i {quoted}" if (cwd / "Cargo.toml").is_file() and shutil.which("cargo") else None),
    ]
    commands = ([c for declared, _, c in ecosystems if declared and c] or [c for _, asked, c in ecosystems if asked and c]
                or [c for _, _, c in ecosystems if c])
    if not commands and shutil.which(name):
        commands.append(f"{quoted} --version")
    return [_planned(c, f"find out which version of {name} is installed") for c in commands[:2]]


def status_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """A status question the project's own tools answer read-only."""
    if not status_question(query):
        return []
    words = {w.lower() for w in _WORDS.findall(query)}
    if (cwd / "manage.py").is_file() and any(w.startswith("migrat") for w in words):
        return [_planned("python3 manage.py showmigrations", "list applied and pending migrations")]
    if (cwd / "alembic.ini").is_file() and shutil.which("alembic"):
        return [_planned("alembic current", "show the revision the database is at"),
                _planned("alembic heads", "show the newest revisions")]
    for script in project_scripts(cwd):
        if not _matches(words, Path(script).stem):
            continue
        sub = script_subcommand(cwd / script)
        run = script_command(script, cwd) or (f"{SCRIPT_RUNNERS[Path(script).suffix]} {shlex.quote(script)}"
                                              if Path(script).suffix in SCRIPT_RUNNERS else None)
        if sub and run:
            return [_planned(f"{run} {sub}", f"show the status {script} reports (its read-only `{sub}`)")]
    return []


MAX_FLAGS = 3


def flag_commands(commands: list[str], flags: list[str]) -> list[str]:
    """Each command once per option the request asks about (unless it has it already: one option per run, so an
    error names the option that caused it), then the same command with --help."""
    out: list[str] = []
    for command in commands:
        missing = [f for f in flags if not re.search(rf"(?<!\S){re.escape(f)}(?![\w-])", command)]
        out += [f"{command} {flag}" for flag in missing[:MAX_FLAGS]] or [command]
        if "--help" not in flags and "-h" not in flags:
            out.append(f"{command} --help")
    return list(dict.fromkeys(out))


def script_subcommand(path: Path, names: tuple[str, ...] = READ_ONLY_SUBCOMMANDS) -> str | None:
    """The first of `names` (by default the read-only ones) the script's own usage text or dispatch names."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:50_000]
    except OSError:
        return None
    name = re.escape(path.name)
    for sub in names:
        if re.search(rf"{name}\s+{sub}\b|[\"']{sub}[\"']\s*[:,)]|\b{sub}\)\s*$", text, re.M):
            return sub
    return None


_PY_FILES = ("requirements.txt", "pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "poetry.lock")


def _mentions(path: Path, name: str) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:200_000] if path.is_file() else ""
    except OSError:
        return False
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I) is not None


def _python_installed(cwd: Path, name: str) -> bool:
    wanted = re.sub(r"[-_.]+", "_", name).lower()
    for venv in (".venv", "venv", "env"):
        for site in (cwd / venv / "lib").glob("python*/site-packages"):
            if any(re.sub(r"[-_.]+", "_", p.name.split("-")[0]).lower() == wanted for p in site.glob("*.dist-info")):
                return True
    return False


def _python_project(cwd: Path) -> bool:
    return any((cwd / m).exists() for m in ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".venv",
                                            "venv")) or bool(list(cwd.glob("*.py")))


def _planned(command: str, goal: str) -> PlannedCommand:
    return planned(command, "info", goal)
