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
from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import PlannedCommand

READ_ONLY_SUBCOMMANDS = ("status", "list", "show", "check", "info", "pending", "plan", "history", "current")
_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")


def version_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    name = asked_package(query)
    if not name:
        return []
    quoted = shlex.quote(name)
    commands = []
    if (cwd / "package.json").is_file() or (cwd / "node_modules" / name).is_dir():
        commands.append(f"npm ls {quoted}" if shutil.which("npm") else f"cat node_modules/{quoted}/package.json")
    if (cwd / "go.mod").is_file() and shutil.which("go"):
        commands.append(f"go list -m {quoted}")
    if (cwd / "Cargo.toml").is_file() and shutil.which("cargo"):
        commands.append(f"cargo tree --offline -i {quoted}")
    if not commands and _python_project(cwd):
        python = next((p for p in (".venv/bin/python", "venv/bin/python", "env/bin/python") if (cwd / p).is_file()),
                      "python3")
        commands.append(f"{python} -m pip show {quoted}")
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
        sub = _read_only_subcommand(cwd / script)
        run = script_command(script, cwd) or (f"{SCRIPT_RUNNERS[Path(script).suffix]} {shlex.quote(script)}"
                                              if Path(script).suffix in SCRIPT_RUNNERS else None)
        if sub and run:
            return [_planned(f"{run} {sub}", f"show the status {script} reports (its read-only `{sub}`)")]
    return []


def flag_commands(commands: list[str], flags: list[str]) -> list[str]:
    """Each command with the options the request asks about (unless it has them), then the same with --help."""
    out: list[str] = []
    for command in commands:
        missing = [f for f in flags if not re.search(rf"(?<!\S){re.escape(f)}(?![\w-])", command)]
        out.append(f"{command} {' '.join(missing)}" if missing else command)
        if "--help" not in flags and "-h" not in flags:
            out.append(f"{command} --help")
    return list(dict.fromkeys(out))


def _read_only_subcommand(path: Path) -> str | None:
    """The read-only subcommand the script's own usage text or dispatch names."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:50_000]
    except OSError:
        return None
    name = re.escape(path.name)
    for sub in READ_ONLY_SUBCOMMANDS:
        if re.search(rf"{name}\s+{sub}\b|[\"']{sub}[\"']\s*[:,)]|\b{sub}\)\s*$", text, re.M):
            return sub
    return None


def _python_project(cwd: Path) -> bool:
    return any((cwd / m).exists() for m in ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".venv",
                                            "venv")) or bool(list(cwd.glob("*.py")))


def _planned(command: str, goal: str) -> PlannedCommand:
    return PlannedCommand(command=command, kind="info", explanation=describe(command).explanation, goal=goal,
                          timeout_s=30.0)
