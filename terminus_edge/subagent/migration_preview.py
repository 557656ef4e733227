""""Do not run the migrations; what would they do?": the project's read-only preview of its migrations, never the apply.

    asks_migration_preview(query) -> bool       "which migrations would run?", "preview the migrations", "dry-run
                                                the migrations", "what would migrate do?", "don't run the migrations"
    migration_preview_plan(query, cwd) -> [PlannedCommand]   for such a request
    pending_migrations_plan(query, cwd) -> [PlannedCommand]  "which migrations are pending?" where status_plan has none

What runs is read off the project's files, best first: its own Makefile target or package.json script named after
migrating and a read-only word (migrate-plan, db:migrate:status, migrate-dry-run); Django's `manage.py migrate
--plan` and `showmigrations`; alembic's `current` and `history -r current:heads --indicate-current` (the
revisions from the database's to the newest); rails `db:migrate:status`; prisma, knex and sequelize's own status
listings; a migrate script's own read-only subcommand (plan, dry-run, status, pending, list) that its usage text
names. Each lists the pending migrations; none applies one. A project with none of them gets its migrate command
shown instead (`make -n migrate`, the package script's text, the migrate script read).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from terminus_edge.subagent.intent import no_run_spans, status_question
from terminus_edge.subagent.migrations import _TARGET, _apply_command, _migrate_scripts, _package_scripts, _script_run
from terminus_edge.subagent.preview import preview_command
from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import PlannedCommand
from terminus_edge.subagent.request_plans import script_subcommand

_MIGRAT = re.compile(r"migrat", re.I)
# a preview word anywhere in a clause about migrating ("preview / dry-run the migrations")
_PREVIEW_WORD = re.compile(r"\b(?:preview\w*|dry[- ]?run\w*|simulat\w*)\b", re.I)
# a question of what would happen, whose own words are about migrating ("which migrations would run?", "what would
# migrate do?", "what happens if we apply the migrations?"); not "run the migrations and say which tests will fail"
_WOULD = re.compile(r"\b(?:which|what)\b[^.?!;,\n]{0,60}?\b(?:would|will|is\s+going\s+to|are\s+going\s+to)\b"
                    r"[^.?!;,\n]{0,60}|\bif\s+(?:i|we|you)\s+(?:ran|run|apply|applied|migrated?|executed?)\b"
                    r"[^.?!;,\n]{0,40}", re.I)
_CLAUSE = re.compile(r"[^.?!;\n]+")
_CLAUSE_END = re.compile(r"[.?!;,\n]")
NEAR = 40  # a do-not-run phrase forbids what follows it this closely ("don't run the pending database migrations")
# read-only words a target or script name may carry, the most telling first
_READ_ONLY_WORDS = ("plan", "preview", "dry", "pending", "status", "show", "list", "check")
_CHANGES = re.compile(r"make|new|create|gen|down|rollback|undo|revert|reset|fresh|drop|seed|squash|redo|force|apply",
                      re.I)
SCRIPT_READ_ONLY = ("plan", "dry-run", "pending", "status", "list", "show", "history", "current")
_NODE_TOOLS = (("prisma", "prisma migrate status"), ("knex", "knex migrate:list"),
               ("sequelize-cli", "sequelize-cli db:migrate:status"))


def asks_migration_preview(query: str) -> bool:
    """The request wants to know what the migrations would do, not to have them applied."""
    for start, end in no_run_spans(query):
        after = query[end:end + NEAR]
        cut = _CLAUSE_END.search(after)
        if _MIGRAT.search(query[start:end] + " " + (after[:cut.start()] if cut else after)):
            return True
    for clause in _CLAUSE.findall(query):
        if _MIGRAT.search(clause) and (_PREVIEW_WORD.search(clause)
                                       or any(_MIGRAT.search(m.group()) for m in _WOULD.finditer(clause))):
            return True
    return False


def migration_preview_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    return preview_commands(cwd) if asks_migration_preview(query) else []


def pending_migrations_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    return preview_commands(cwd) if status_question(query) and _MIGRAT.search(query) else []


def preview_commands(cwd: Path) -> list[PlannedCommand]:
    """The project's read-only listing of its pending migrations (at most two commands), or []."""
    named = _named_read_only(cwd)
    if named:
        return [_step(named, "show which migrations would run, through the project's own read-only target")]
    if is_file(cwd / "manage.py"):
        return [_step("python3 manage.py migrate --plan", "list the migrations `migrate` would apply and what they "
                                                          "do, without applying them (--plan)"),
                _step("python3 manage.py showmigrations", "list applied ([X]) and pending ([ ]) migrations")]
    alembic = _alembic(cwd)
    if alembic:
        return [_step(f"{alembic} current", "show the revision the database is at"),
                _step(f"{alembic} history -r current:heads --indicate-current",
                      "list the revisions from the database's to the newest: the pending ones")]
    rails = _rails(cwd)
    if rails:
        return [_step(f"{rails} db:migrate:status", "list each migration as up (applied) or down (pending)")]
    node = _node_tool(cwd)
    if node:
        return [_step(node, "list applied and pending migrations")]
    for script in _migrate_scripts(cwd):
        sub = script_subcommand(cwd / script, SCRIPT_READ_ONLY)
        run = _script_run(script, cwd)
        if sub and run:
            return [_step(f"{run} {sub}", f"list the pending migrations ({script}'s read-only `{sub}`)")]
    apply = _apply_command(cwd)  # no listing: what the migrate command would run, shown without running it
    shown = preview_command(apply, cwd) if apply else None
    return [shown] if shown else []


def _named_read_only(cwd: Path) -> str | None:
    """`make migrate-plan` / `npm run db:migrate:status`: the project's own read-only migration target or script."""
    makefile = next((cwd / n for n in ("GNUmakefile", "makefile", "Makefile") if is_file(cwd / n)), None)
    if makefile is not None and shutil.which("make"):
        text = makefile.read_text(encoding="utf-8", errors="replace")[:200_000]
        target = _best(dict.fromkeys(t for t in _TARGET.findall(text) if "%" not in t))
        if target:
            return f"make {target}"
    script = _best(_package_scripts(cwd))
    if script:
        runner = "yarn" if (cwd / "yarn.lock").exists() else "pnpm" if (cwd / "pnpm-lock.yaml").exists() else "npm"
        return f"{runner} run {script}"
    return None


def _best(names) -> str | None:
    """The name about migrating with the most telling read-only word and no word of changing anything."""
    ranked = []
    for name in names:
        lowered = str(name).lower()
        rest = lowered.replace("migrations", " ").replace("migration", " ").replace("migrate", " ")
        if "migrat" not in lowered or _CHANGES.search(rest):
            continue
        rank = next((i for i, word in enumerate(_READ_ONLY_WORDS) if word in rest), None)
        if rank is not None:
            ranked.append((rank, len(lowered), str(name)))
    return min(ranked)[2] if ranked else None


def _alembic(cwd: Path) -> str | None:
    if not is_file(cwd / "alembic.ini"):
        return None
    venv = next((f"{v}/bin/alembic" for v in (".venv", "venv", "env") if is_file(cwd / v / "bin" / "alembic")), None)
    return venv or ("alembic" if shutil.which("alembic") else None)


def _rails(cwd: Path) -> str | None:
    if not (cwd / "db" / "migrate").is_dir():
        return None
    if is_file(cwd / "bin" / "rails"):
        return "bin/rails"
    if is_file(cwd / "Rakefile") and is_file(cwd / "Gemfile") and shutil.which("bundle"):
        return "bundle exec rake"
    return "rake" if is_file(cwd / "Rakefile") and shutil.which("rake") else None


def _node_tool(cwd: Path) -> str | None:
    """prisma (prisma/schema.prisma), knex (a knexfile), sequelize (.sequelizerc or its config and migrations)."""
    found = {"prisma": is_file(cwd / "prisma" / "schema.prisma"),
             "knex": any(is_file(cwd / f"knexfile.{ext}") for ext in ("js", "ts", "cjs", "mjs")),
             "sequelize-cli": is_file(cwd / ".sequelizerc") or (is_file(cwd / "config" / "config.json")
                                                                and (cwd / "migrations").is_dir()
                                                                and "sequelize" in _dependencies(cwd))}
    for tool, command in _NODE_TOOLS:
        if found[tool]:
            if is_file(cwd / "node_modules" / ".bin" / tool):
                return f"node_modules/.bin/{command}"
            return f"npx --no {command}" if shutil.which("npx") else None
    return None


def _dependencies(cwd: Path) -> str:
    try:
        return (cwd / "package.json").read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return ""


def _step(command: str, goal: str) -> PlannedCommand:
    return planned(command, "info", goal, 60.0)
