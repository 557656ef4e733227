"""Project tools that change what a person keeps, judged with nobody watching: formatters and fixers that rewrite the
project's files in place, and migration tools that change its database.

check_project_tools(name, words, segment, ctx) records "ask" verdicts on ctx (a policy.rules.Context); decide(...,
unattended=True) runs it on every simple command, wrappers and project runners looked through, and on the tool that
`python -m X`, `python manage.py`, `npx X`, `pnpm dlx X`, `yarn X`, `uvx X` or `php artisan` runs. What asks:

- a known formatter or fixer run to write: black, ruff format, ruff check --fix, cargo fmt/fix, cargo clippy --fix,
  gofmt -w, go fmt, prettier --write, eslint --fix, clang-format -i, rustfmt, isort, autopep8 -i, yapf -i, terraform
  fmt, deno fmt, biome --write, rubocop -a, shfmt -w, stylua, mix format, … Its check, diff or dry-run form (black
  --check, ruff format --diff, cargo fmt --check, prettier --check, gofmt -l/-d, rustfmt --check, isort --check-only)
  and a formatter given only `-` (`black -`: stdin to stdout) print instead, and stay allowed;
- a migration applied, reverted or reset, or the database seeded or dropped by a migration tool: manage.py migrate/
  flush, alembic upgrade/downgrade/stamp, rails/rake db:migrate (db:rollback, db:reset …), prisma migrate deploy/dev/
  reset and db push, knex migrate:latest, sequelize db:migrate, flyway migrate/clean, diesel migration run, goose up,
  dbmate up, sqlx migrate run, liquibase update, artisan migrate, mix ecto.migrate, … Their listings and previews
  (showmigrations, migrate --plan, alembic history/current and --sql, db:migrate:status, prisma migrate status,
  knex migrate:list) stay allowed. A project's own `make migrate` or `npm run migrate` is decided by what its recipe
  runs (policy.recipes), not by its name;
- `ruff check` (or bare `ruff`) when the ruff config it reads says `fix = true`: it fixes without --fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from terminus_edge.policy.rules import Context

# "tool [subcommand]" -> (flags that make it write, flags that make it only report). No write flags: it writes unless
# one of the report-only flags is given. Flags match as words or as `--flag=value` (a value of false or 0: not given).
FORMATTERS = {
    "black": ("", "--check --diff --code -c"), "ruff format": ("", "--check --diff"),
    "ruff check": ("--fix --fix-only", "--diff --no-fix"), "ruff": ("--fix --fix-only", "--diff --no-fix"),
    "cargo fmt": ("", "--check"), "cargo fix": ("", ""), "cargo clippy": ("--fix", ""),
    "gofmt": ("-w", ""), "goimports": ("-w", ""), "gofumpt": ("-w", ""), "go fmt": ("", "-n"),
    "go fix": ("", "-n -diff"),
    "prettier": ("--write -w", ""), "eslint": ("--fix", ""), "standard": ("--fix", ""), "stylelint": ("--fix", ""),
    "clang-format": ("-i", "--dry-run -n"), "rustfmt": ("", "--check --emit=stdout --emit=json --emit=checkstyle"),
    "isort": ("", "--check-only --check -c --diff -d --stdout --show-files --show-config"),
    "autopep8": ("-i --in-place", "--diff -d"), "yapf": ("-i --in-place", "--diff -d"),
    "autoflake": ("-i --in-place", "--check -c"), "docformatter": ("-i --in-place", "--check -c"),
    "pyupgrade": ("", ""),
    "terraform fmt": ("", "-check"), "tofu fmt": ("", "-check"), "deno fmt": ("", "--check"),
    "dprint fmt": ("", ""), "biome format": ("--write --apply --fix", ""), "biome check": ("--write --apply --fix", ""),
    "biome lint": ("--write --apply --fix", ""),
    "rubocop": ("-a -A --autocorrect --autocorrect-all --auto-correct --auto-correct-all -x --fix-layout", ""),
    "shfmt": ("-w --write", ""), "stylua": ("", "--check"), "swiftformat": ("", "--lint --dryrun"),
    "ktlint": ("-F --format", ""), "zig fmt": ("", "--check --stdin"),
    "mix format": ("", "--check-formatted --dry-run"),
    "dart format": ("", "--output=none --output=show --output=json -o=none -o=show -o=json"),
    "php-cs-fixer fix": ("", "--dry-run"), "sqlfluff fix": ("", ""),
    "taplo fmt": ("", "--check"), "taplo format": ("", "--check"), "buf format": ("-w --write", ""),
    "nixfmt": ("", "--check -c"), "cmake-format": ("-i --in-place", "--check"), "prisma format": ("", "--check"),
}
_RAILS = "db:migrate db:migrate:up db:migrate:down db:migrate:redo db:migrate:reset db:rollback db:reset db:drop " \
         "db:setup db:schema:load db:structure:load db:seed db:seed:replant db:prepare db:purge db:truncate_all " \
         "db:fixtures:load"
_SEQUELIZE = "db:migrate db:migrate:undo db:migrate:undo:all db:seed db:seed:all db:seed:undo db:seed:undo:all db:drop"
MIGRATIONS = {  # "tool subcommand" -> (flags that make it apply, flags that make it only list or preview)
    **{f"{tool} migrate": ("", "--plan --check") for tool in ("manage.py", "django-admin")},
    **{f"{tool} flush": ("", "") for tool in ("manage.py", "django-admin")},
    **{f"alembic {sub}": ("", "--sql") for sub in ("upgrade", "downgrade", "stamp")},
    **{f"{tool} {sub}": ("", "") for tool in ("rails", "rake") for sub in _RAILS.split()},
    "prisma migrate dev": ("", "--create-only"),
    **{f"prisma {sub}": ("", "") for sub in ("migrate deploy", "migrate reset", "migrate resolve", "db push",
                                             "db execute", "db seed")},
    **{f"knex {sub}": ("", "") for sub in ("migrate:latest", "migrate:up", "migrate:down", "migrate:rollback",
                                           "seed:run")},
    **{f"{tool} {sub}": ("", "") for tool in ("sequelize", "sequelize-cli") for sub in _SEQUELIZE.split()},
    **{f"flyway {sub}": ("", "") for sub in ("migrate", "clean", "undo", "repair", "baseline")},
    **{f"diesel {sub}": ("", "") for sub in ("migration run", "migration revert", "migration redo", "database reset",
                                             "database setup", "database drop")},
    **{f"goose {sub}": ("", "") for sub in ("up", "up-by-one", "up-to", "down", "down-to", "redo", "reset")},
    **{f"migrate {sub}": ("", "") for sub in ("up", "down", "drop", "force", "goto")},  # golang-migrate
    **{f"dbmate {sub}": ("", "") for sub in ("up", "migrate", "rollback", "down", "drop")},
    **{f"sqlx {sub}": ("", "") for sub in ("migrate run", "migrate revert", "database drop", "database reset")},
    **{f"liquibase {sub}": ("", "") for sub in ("update", "update-count", "update-to-tag", "rollback", "rollback-count",
                                                "rollback-to-date", "drop-all", "dropAll")},
    **{f"atlas {sub}": ("", "--dry-run") for sub in ("migrate apply", "schema apply", "schema clean")},
    **{f"typeorm {sub}": ("", "") for sub in ("migration:run", "migration:revert", "schema:sync", "schema:drop")},
    **{f"mikro-orm {sub}": ("", "") for sub in ("migration:up", "migration:down", "migration:fresh", "schema:drop")},
    **{f"drizzle-kit {sub}": ("", "") for sub in ("migrate", "push", "drop")},
    **{f"artisan {sub}": ("", "--pretend") for sub in ("migrate", "migrate:fresh", "migrate:refresh", "migrate:reset",
                                                       "migrate:rollback", "db:seed", "db:wipe")},
    "console doctrine:migrations:migrate": ("", "--dry-run"), "console doctrine:schema:update": ("--force", ""),
    **{f"console doctrine:{sub}": ("", "") for sub in ("database:drop", "schema:drop", "fixtures:load",
                                                       "migrations:execute")},
    **{f"mix {sub}": ("", "") for sub in ("ecto.migrate", "ecto.rollback", "ecto.reset", "ecto.drop", "ecto.setup")},
    **{f"sqitch {sub}": ("", "") for sub in ("deploy", "revert", "rebase")},
}
_ANYWHERE = {"goose"}  # `goose -dir db postgres "$DSN" up`: the command follows a driver and a connection string
# Options that take a value before the subcommand (`alembic -c alembic.ini upgrade head`)
_VALUE_OPTS = {"alembic": {"-c", "--config", "-n", "--name", "-x"}, "knex": {"--knexfile", "--env", "--cwd"},
               "migrate": {"-path", "-database", "-source", "-lock-timeout", "-prefetch"}, "goose": {"-dir", "-table"},
               "dbmate": {"-d", "--migrations-dir", "-u", "--url", "-e", "--env", "-s", "--schema-file"},
               "diesel": {"--database-url", "--config-file"}, "sequelize": {"--env", "--config", "--url"},
               "liquibase": {"--url", "--changelog-file", "--username", "--password", "--defaults-file"},
               "go": {"-C"}, "ruff": {"--config"}}
_LAUNCHER_VALUE_OPTS = {"-p", "--package", "-c", "--call", "--from", "--with", "--python"}


def check_project_tools(name: str, words: list[str], segment: str, ctx: "Context") -> None:
    words = _tool_words(name, words)
    if not words:
        return
    tool, args = os.path.basename(words[0]), words[1:]
    if {"--help", "-h", "--version", "-V"} & set(args):
        return
    for table, what, kind in ((FORMATTERS, "rewrites the project's files in place", "a formatter or fixer"),
                              (MIGRATIONS, "changes the database", "a migration command")):
        found = _lookup(table, tool, args)
        if found is None:
            continue
        key, (write_flags, keep_flags) = found
        writes, keeps = _given(args, write_flags), _given(args, keep_flags)
        config = ruff_fix_config(args, ctx.cwd) if key in ("ruff check", "ruff") and not writes and not keeps else None
        if config:
            ctx.ask(f"`{segment}` {what} (`fix = true` in {config} makes `{key}` a fixer; with --no-fix it changes "
                    "nothing)")
        elif (writes if write_flags else True) and not keeps and not (table is FORMATTERS and _stdin_only(args)):
            hint = f"without {writes[0]}" if writes else f"with {keep_flags.split()[0]}" if keep_flags else ""
            ctx.ask(f"`{segment}` {what} (`{key}` is {kind}" + (f"; {hint} it changes nothing)" if hint else ")"))
        return
    verb = next((a for a in args if not a.startswith("-")), "")
    if "migrat" in tool.lower() and verb in _SCRIPT_APPLY:
        ctx.ask(f"`{segment}` changes the database (the project's migration script, told to `{verb}`)")


# A project's own migration script (migrate.py, bin/migrate.sh, dbmigrate.js) told to apply, revert or reset
_SCRIPT_APPLY = {"up", "apply", "upgrade", "migrate", "deploy", "run", "latest", "down", "downgrade", "rollback",
                 "revert", "reset", "redo", "fresh", "drop"}
_INTERPRETERS = {"node", "ruby", "perl", "php", "bash", "sh", "zsh", "ts-node", "tsx", "deno", "bun"}
_LAUNCHERS = {"npx": (), "bunx": (), "pnpx": (), "uvx": (), "pnpm": ("dlx", "exec"), "yarn": ("dlx", "exec"),
              "bun": ("x",), "npm": ("exec", "x"), "pipx": ("run",)}
_BARE_BINS = {"pnpm", "yarn"}  # `yarn prettier --write .` runs the package's own bin


def _tool_words(name: str, words: list[str]) -> list[str]:
    """The tool a launcher runs, with its arguments: `python3 -m black .` -> black ., `python manage.py migrate` ->
    manage.py migrate, `npx --yes prettier@3 --write .` -> prettier --write ., `php artisan migrate` -> artisan
    migrate."""
    if re.fullmatch(r"python[\d.]*", name):
        at = 1
        while at < len(words) and words[at].startswith("-") and words[at] != "-m":
            at += 2 if words[at] in ("-W", "-X") else 1
        if words[at:at + 1] == ["-m"]:
            module = words[at + 1:at + 2]
            return (["django-admin"] if module == ["django"] else module) + words[at + 2:] if module else []
        return words[at:] if at < len(words) and words[at].endswith(".py") else []
    if name == "php" and len(words) > 1 and os.path.basename(words[1]) in ("artisan", "console"):
        return words[1:]
    if name in _INTERPRETERS:  # `node migrate.js up`, `bash bin/migrate.sh up`: the script, with its arguments
        if name in ("deno", "bun") and words[1:2] != ["run"]:
            return words  # deno fmt, bun x: the tool's own subcommands
        at = 1 + (name in ("deno", "bun"))
        while at < len(words) and words[at].startswith("-"):
            at += 1
        script = words[at] if at < len(words) else ""
        return words[at:] if re.fullmatch(r"[\w./-]+\.\w+|[\w.-]*/[\w./-]+", script) else []
    subcommands = _LAUNCHERS.get(name)
    if subcommands is None:
        return words
    at = 1
    if subcommands and words[1:2] and words[1] in subcommands:
        at = 2
    elif subcommands and name not in _BARE_BINS:
        return words  # `npm test`, `pipx install x`: the launcher itself
    while at < len(words) and words[at].startswith("-") and words[at] != "--":
        at += 2 if words[at] in _LAUNCHER_VALUE_OPTS else 1
    at += at < len(words) and words[at] == "--"
    if at >= len(words):
        return []
    return [re.sub(r"(?<=.)@[^/]*$", "", words[at])] + words[at + 1:]  # prettier@3, @biomejs/biome@1.9


def _lookup(table: dict, tool: str, args: list[str]) -> tuple[str, tuple[str, str]] | None:
    values, operands, at = _VALUE_OPTS.get(tool, set()), [], 0
    while at < len(args) and len(operands) < 2:
        word = args[at]
        if word.startswith("+") and tool in ("cargo", "rustup"):
            pass  # cargo +nightly fmt
        elif word.startswith("-"):
            at += word in values
        elif "=" in word and tool in ("rails", "rake"):
            pass  # rails db:migrate RAILS_ENV=test
        else:
            operands.append(word)
        at += 1
    if tool in _ANYWHERE:
        operands = [next((a for a in args if f"{tool} {a}" in table), "")]
    for n in (2, 1, 0):
        key = " ".join([tool, *operands[:n]])
        if len(operands) >= n and key in table:
            return key, table[key]
    return None


def ruff_fix_config(args: list[str], cwd: Path | None) -> str | None:
    """The config file whose `fix = true` makes `ruff check` fix what it finds: `--config FILE` (or inline `--config
    'fix = true'`), else the nearest .ruff.toml, ruff.toml or pyproject.toml with [tool.ruff] from cwd up, as ruff
    picks its settings. None when fixing is off, or with --isolated."""
    from terminus_edge.policy.recipes import load_toml, read_text

    if "--isolated" in args or cwd is None:
        return None
    given = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--config"] + \
        [a.split("=", 1)[1] for a in args if a.startswith("--config=")]
    if any(re.fullmatch(r"\s*fix\s*=\s*true\s*", g) for g in given):
        return "--config"
    candidates = [cwd / g for g in given if g.endswith(".toml")] or [
        folder / name for folder in [cwd, *cwd.parents][:8] for name in (".ruff.toml", "ruff.toml", "pyproject.toml")]
    for path in candidates:
        text = read_text(path)
        data = load_toml(text) if text is not None else None
        settings = data.get("tool", {}).get("ruff") if data is not None and path.name == "pyproject.toml" else data
        if isinstance(settings, dict):
            return path.name if settings.get("fix") is True else None
    return None


def _given(args: list[str], flags: str) -> list[str]:
    """The flags of `flags` that args give (`--write`, `-w=true`, `--emit stdout` as `--emit=stdout`), in order."""
    wanted, out = set(flags.split()), []
    for at, arg in enumerate(args):
        flag, _, value = arg.partition("=")
        if flag in wanted and value.lower() not in ("false", "0") or arg in wanted:
            out.append(flag)
        elif at + 1 < len(args) and f"{arg}={args[at + 1]}" in wanted:
            out.append(f"{arg} {args[at + 1]}")
    return out


def _stdin_only(args: list[str]) -> bool:
    """`black -`, `isort -`, `rustfmt -`: the code comes on stdin and goes to stdout. (No file at all is not counted:
    find -exec and xargs give the files, which the parser leaves out.)"""
    return [a for a in args if not a.startswith("-") or a == "-"] == ["-"]
