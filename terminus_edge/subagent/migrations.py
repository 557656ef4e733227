""""Run / re-run / apply the migrations": the project's own migrate command, then its read-only status listing.

    asks_to_migrate(query) -> bool
    migration_plan(query, cwd) -> [PlannedCommand]   e.g. [`make migrate`, `python3 migrate.py status`]

The request asks for the migrations to be applied, so the project's migrate command is planned as asked (the policy
still decides whether it may run with nobody watching); a question about them ("which migrations are pending?") is
request_plans.status_plan's, and a do-not-run request never reaches here. The command, best first: a Makefile target
or package.json script named after migrating, Django's `manage.py migrate`, `alembic upgrade head`, a migrate script's
own apply subcommand (the one its usage text names). The status listing after it says what is applied and what is
still pending, whether the run stopped halfway or not.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import SCRIPT_RUNNERS, is_file, project_scripts, script_command
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import PlannedCommand
from terminus_edge.subagent.request_plans import script_subcommand

_ASKS = re.compile(r"(?<!n't )(?<!not )(?<!never )\b(?:re-?run|run|apply|execute|redo)\s+(?:all\s+)?(?:the\s+|our\s+|any\s+|"
                   r"pending\s+|database\s+|db\s+|schema\s+)*migrations?\b|^[ \t]*(?:please\s+)?(?:re-?)?migrate\b|"
                   r"\bmigrate\s+the\s+(?:database|db|schema)\b", re.I | re.M)
# Any rule name; those about migrating are picked in Python (a "migrat" inside the pattern backtracks quadratically).
_TARGET = re.compile(r"^([A-Za-z0-9_.:-]+)[ \t]*:(?!=)", re.M)
_NOT_APPLY = re.compile(r"status|list|show|check|new|create|make|gen|down|rollback|undo|revert|reset|fresh|drop|plan|"
                        r"dry", re.I)
_APPLY_SUBCOMMANDS = ("up", "apply", "migrate", "upgrade")


def asks_to_migrate(query: str) -> bool:
    return bool(_ASKS.search(query))


def migration_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not asks_to_migrate(query):
        return []
    apply = _apply_command(cwd)
    if not apply:
        return []
    steps = [planned(apply, "run", "apply the pending migrations, as the request asks", 120.0)]
    status = _status_command(cwd)
    if status:
        steps.append(planned(status, "info", "list which migrations are applied and which are still pending "
                                              "(read-only)", 30.0))
    return steps


def _apply_command(cwd: Path) -> str | None:
    makefile = next((cwd / n for n in ("GNUmakefile", "makefile", "Makefile") if is_file(cwd / n)), None)
    if makefile is not None and shutil.which("make"):
        targets = [t for t in _TARGET.findall(makefile.read_text(encoding="utf-8", errors="replace")[:200_000])
                   if "migrat" in t.lower() and not _NOT_APPLY.search(t.lower().replace("migrat", ""))]
        if len(dict.fromkeys(targets)) == 1:
            return f"make {targets[0]}"
    scripts = _package_scripts(cwd)
    named = [n for n in scripts if "migrat" in n.lower() and not _NOT_APPLY.search(n.lower().replace("migrat", ""))]
    if len(named) == 1:
        runner = "yarn" if (cwd / "yarn.lock").exists() else "pnpm" if (cwd / "pnpm-lock.yaml").exists() else "npm"
        return f"{runner} run {named[0]}"
    if is_file(cwd / "manage.py"):
        return "python3 manage.py migrate"
    if is_file(cwd / "alembic.ini") and shutil.which("alembic"):
        return "alembic upgrade head"
    for script in _migrate_scripts(cwd):
        sub = script_subcommand(cwd / script, _APPLY_SUBCOMMANDS)
        run = _script_run(script, cwd)
        if sub and run:
            return f"{run} {sub}"
    return None


def _status_command(cwd: Path) -> str | None:
    if is_file(cwd / "manage.py"):
        return "python3 manage.py showmigrations"
    if is_file(cwd / "alembic.ini") and shutil.which("alembic"):
        return "alembic current"
    for script in _migrate_scripts(cwd):
        sub = script_subcommand(cwd / script)
        run = _script_run(script, cwd)
        if sub and run:
            return f"{run} {sub}"
    return None


def _migrate_scripts(cwd: Path) -> list[str]:
    return [s for s in project_scripts(cwd) if "migrat" in Path(s).stem.lower()]


def _script_run(script: str, cwd: Path) -> str | None:
    return script_command(script, cwd) or (f"{SCRIPT_RUNNERS[Path(script).suffix]} {shlex.quote(script)}"
                                           if Path(script).suffix in SCRIPT_RUNNERS else None)


def _package_scripts(cwd: Path) -> dict:
    try:
        scripts = json.loads((cwd / "package.json").read_text(encoding="utf-8")).get("scripts") or {}
    except (OSError, ValueError, AttributeError):
        return {}
    return scripts if isinstance(scripts, dict) else {}
