"""'Do not run the migrations; what would they do?' (and 'which migrations would run?', 'preview the migrations',
'what would migrate do?') runs the project's read-only preview or status listing, told by its files, never the
apply command, and answers with the pending migrations. Real small projects in temp folders; the frameworks are
stand-in scripts that print what Django, alembic, rails, prisma, knex and sequelize print (none is installed here),
and that record an apply if anything ran one."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from terminus_edge.policy import decide
from terminus_edge.subagent.loop import execution_subagent
from terminus_edge.subagent.migration_preview import asks_migration_preview, migration_preview_plan
from terminus_edge.subagent.pending_migrations import pending_migrations

QUERIES = ("Do not run the migrations; what would they do?", "which migrations would run?", "preview the migrations",
           "what would migrate do?")
# an apply ends in its verb (`manage.py migrate`, `rails db:migrate`, `prisma migrate deploy`, `migrate.py up`) or
# upgrades (alembic) for real rather than printing the SQL
APPLY_WORDS = {"migrate", "db:migrate", "migrate:latest", "migrate:up", "up", "apply", "deploy", "dev", "head", "heads"}


def _applies(command: str) -> bool:
    words = command.split()
    return words[-1] in APPLY_WORDS or ("upgrade" in words and "--sql" not in words)


def _write(root: Path, files: dict[str, str], executable: tuple[str, ...] = ()) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if name in executable:
            path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return root


APPLIED_GUARD = 'if [ "$applies" = 1 ]; then echo applied >> APPLIED; fi\n'

DJANGO = '''import sys
from pathlib import Path

HERE = Path(__file__).parent
ALL = sorted(p.stem for p in (HERE / "shop" / "migrations").glob("0*.py"))
DONE = set((HERE / "applied.txt").read_text().split())
args = sys.argv[1:]
if args == ["showmigrations"]:
    print("shop")
    for name in ALL:
        print(f" [{'X' if name in DONE else ' '}] {name}")
elif args == ["migrate", "--plan"]:
    print("Planned operations:")
    for name in [n for n in ALL if n not in DONE]:
        print(f"shop.{name}")
        print("    " + (HERE / "shop" / "migrations" / (name + ".py")).read_text().strip())
elif args[:1] == ["migrate"]:
    (HERE / "APPLIED").write_text("migrate")
else:
    sys.exit(f"Unknown command: {args}")
'''

ALEMBIC = '''#!/bin/sh
# alembic's own output for a database at 1a2b, with 3c4d and 5e6f still to apply
case "$*" in
  current) echo "1a2b" ;;
  "history -r current:heads --indicate-current")
    echo "3c4d -> 5e6f (head), add orders"
    echo "1a2b -> 3c4d, add price to products"
    echo "<base> -> 1a2b (current), create products" ;;
  upgrade*) echo applied >> APPLIED ;;
  *) echo "unknown: $*" >&2; exit 2 ;;
esac
'''

RAILS = '''#!/bin/sh
case "$*" in
  db:migrate:status) printf '\\ndatabase: db/development.sqlite3\\n\\n Status   Migration ID    Migration Name\\n'
    printf -- '--------------------------------------------------\\n'
    printf '   up     20240101000000  Create products\\n  down    20240102000000  Add price to products\\n' ;;
  *) echo applied >> APPLIED ;;
esac
'''

PRISMA = '''#!/bin/sh
if [ "$*" = "migrate status" ]; then
  printf '2 migrations found in prisma/migrations\\n\\nFollowing migration have not yet been applied:\\n'
  printf '20240102_add_price\\n\\nTo apply migrations in development run prisma migrate dev.\\n'
else echo applied >> APPLIED; fi
'''

KNEX = '''#!/bin/sh
if [ "$*" = "migrate:list" ]; then
  printf 'Found 1 Completed Migration file/files.\\n20240101_products.js \\nFound 2 Pending Migration file/files.\\n'
  printf '20240102_price.js \\n20240103_orders.js \\n'
else echo applied >> APPLIED; fi
'''

SEQUELIZE = '''#!/bin/sh
if [ "$*" = "db:migrate:status" ]; then
  printf 'Sequelize CLI [Node: 20.0.0, CLI: 6.6.2, ORM: 6.35.0]\\n\\nup 20240101-create-products.js\\n'
  printf 'down 20240102-add-price.js\\n'
else echo applied >> APPLIED; fi
'''

MIGRATE_SCRIPT = '''"""usage: migrate.py up | migrate.py status"""
import sys
from pathlib import Path

if __name__ == "__main__":
    if sys.argv[1:] == ["status"]:
        print("applied  0001_create_users")
        print("PENDING  0002_add_email")
    else:
        Path("APPLIED").write_text("up")
'''


def _django(root):
    _write(root, {"manage.py": DJANGO, "applied.txt": "0001_initial\n",
                  "shop/migrations/0001_initial.py": "# Create model Product",
                  "shop/migrations/0002_product_price.py": "# Add field price to product",
                  "shop/migrations/0003_order.py": "# Create model Order"})
    return ["python3 manage.py migrate --plan", "python3 manage.py showmigrations"], \
        ["shop.0002_product_price", "shop.0003_order"]


def _alembic(root):
    _write(root, {"alembic.ini": "[alembic]\nscript_location = alembic\n", "alembic/versions/1a2b_create.py": "",
                  ".venv/bin/alembic": ALEMBIC}, (".venv/bin/alembic",))
    return [".venv/bin/alembic current", ".venv/bin/alembic history -r current:heads --indicate-current"], \
        ["5e6f (add orders)", "3c4d (add price to products)"]


def _make(root):
    _write(root, {"Makefile": "migrate:\n\techo applied >> APPLIED\nmakemigrations:\n\techo made >> APPLIED\n"
                              "migrate-status:\n\t@echo 'applied  0001_create_users'\n"
                              "\t@echo 'PENDING  0002_add_email'\n"})
    return ["make migrate-status"], ["0002_add_email"]


def _npm(root):
    _write(root, {"package.json": json.dumps({"scripts": {
        "db:migrate": "echo applied >> APPLIED", "db:migrate:rollback": "echo applied >> APPLIED",
        "db:migrate:status": "echo 'up 0001_users.js'; echo 'down 0002_orders.js'"}})})
    return ["npm run db:migrate:status"], ["0002_orders.js"]


def _rails(root):
    _write(root, {"bin/rails": RAILS, "Gemfile": "gem 'rails'\n", "db/migrate/20240101000000_create_products.rb": ""},
           ("bin/rails",))
    return ["bin/rails db:migrate:status"], ["20240102000000 Add price to products"]


def _prisma(root):
    _write(root, {"prisma/schema.prisma": "datasource db {}\n", "package.json": "{}",
                  "node_modules/.bin/prisma": PRISMA}, ("node_modules/.bin/prisma",))
    return ["node_modules/.bin/prisma migrate status"], ["20240102_add_price"]


def _knex(root):
    _write(root, {"knexfile.js": "module.exports = {}\n", "package.json": "{}", "node_modules/.bin/knex": KNEX},
           ("node_modules/.bin/knex",))
    return ["node_modules/.bin/knex migrate:list"], ["20240102_price.js", "20240103_orders.js"]


def _sequelize(root):
    _write(root, {".sequelizerc": "module.exports = {}\n", "package.json": "{}",
                  "node_modules/.bin/sequelize-cli": SEQUELIZE}, ("node_modules/.bin/sequelize-cli",))
    return ["node_modules/.bin/sequelize-cli db:migrate:status"], ["20240102-add-price.js"]


def _script(root):
    _write(root, {"migrate.py": MIGRATE_SCRIPT, "migrations/0001_create_users.sql": ""})
    return ["python3 migrate.py status"], ["0002_add_email"]


PROJECTS = {"django": _django, "alembic": _alembic, "make": _make, "npm": _npm, "rails": _rails, "prisma": _prisma,
            "knex": _knex, "sequelize": _sequelize, "script": _script}
NEEDS = {"make": "make", "npm": "npm"}


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize("kind", PROJECTS)
def test_each_project_gets_its_read_only_listing_never_the_apply(tmp_path, kind):
    if kind in NEEDS and shutil.which(NEEDS[kind]) is None:
        pytest.skip(f"{NEEDS[kind]} is not installed")
    root = tmp_path / "project"
    expected, _ = PROJECTS[kind](root)
    for query in QUERIES:
        commands = [step.command for step in migration_preview_plan(query, root)]
        assert commands == expected, (query, commands)
        for command in commands:
            assert not _applies(command), command
            assert decide(command, cwd=root, mode="auto", unattended=True).action == "allow", command


@pytest.mark.parametrize("kind", PROJECTS)
def test_the_subagent_answers_with_the_pending_migrations_and_applies_none(tmp_path, kind):
    if kind in NEEDS and shutil.which(NEEDS[kind]) is None:
        pytest.skip(f"{NEEDS[kind]} is not installed")
    root = tmp_path / "project"
    expected, pending = PROJECTS[kind](root)
    result = execution_subagent("Do not run the migrations; what would they do?", cwd=str(root), model=None,
                                planner="rules", budget_s=60)
    assert result.commands == expected and result.exit_codes == [0] * len(expected), result.answer
    assert not (root / "APPLIED").exists(), "an apply command ran"
    plural = "s" * (len(pending) != 1)
    lister = expected[-1] if kind == "alembic" else expected[0]  # alembic's `current` names no pending revision
    said = f"{len(pending)} pending migration{plural} (not applied), as `{lister}` lists them: {', '.join(pending)}."
    assert said in result.answer, result.answer


def test_asked_to_apply_is_not_a_preview():
    for query in ("Run the migrations.", "apply the pending migrations", "Re-run the migrations.",
                  "Don't run the tests; apply the migrations", "Run the migrations and tell me which tests will fail",
                  "Which migrations are still pending? Only check — don't apply anything."):
        assert not asks_migration_preview(query), query
    for query in QUERIES + ("Dry-run the DB migrations", "What would happen if we applied the migrations?",
                            "Don't run the migrations, just list them", "which migrations will be applied?"):
        assert asks_migration_preview(query), query


def test_a_pending_question_gets_the_listing_where_no_status_subcommand_was_found(tmp_path):
    from terminus_edge.subagent.planner import RulesPlanner

    _make(tmp_path)
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    step = RulesPlanner("Which migrations are pending?", tmp_path).next([])
    assert step.command == "make migrate-status"


def test_with_no_listing_the_migrate_command_is_shown_not_run(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    _write(tmp_path, {"Makefile": "migrate:\n\techo applied >> APPLIED\ntest:\n\techo ok\n"})
    (step,) = migration_preview_plan("preview the migrations", tmp_path)
    assert (step.command, step.kind) == ("make -n migrate", "preview")
    result = execution_subagent("Do not run the migrations; what would they do?", cwd=str(tmp_path), model=None,
                                planner="rules", budget_s=60)
    assert result.commands == ["make -n migrate"] and not (tmp_path / "APPLIED").exists()
    assert "echo applied >> APPLIED" in result.answer
    assert "Not run, as the request asks: `make -n migrate` shows what it would do instead." in result.answer


def test_a_project_with_nothing_about_migrations_plans_nothing_for_a_preview(tmp_path):
    _write(tmp_path, {"README.md": "migrations live in db/\n", "db/0001.sql": "create table t (id int);\n"})
    assert migration_preview_plan("preview the migrations", tmp_path) == []


def test_listings_read_as_pending_names():
    assert pending_migrations("shop\n [X] 0001_initial\n [ ] 0002_price\nauth\n [ ] 0003_perm\n") == \
        ["shop.0002_price", "auth.0003_perm"]
    assert pending_migrations("Planned operations:\nshop.0002_price\n    Add field price to product\n"
                              "shop.0003_order\n    Create model Order\n") == ["shop.0002_price", "shop.0003_order"]
    assert pending_migrations("Planned operations:\n  No planned migration operations.\n") == []
    assert pending_migrations("shop\n [X] 0001_initial\n") == []
    assert pending_migrations("Database schema is up to date!\n") == []
    assert pending_migrations("applied  0001_users\nPENDING  0002_email\n0003_orders (pending)\n") == \
        ["0002_email", "0003_orders"]
    assert pending_migrations("compiled 3 files\nall good\n") is None


def test_a_failed_listing_says_nothing_of_pending(tmp_path):
    from terminus_edge.subagent.pending_migrations import pending_report
    from terminus_edge.subagent.records import CommandRecord

    failed = CommandRecord("python3 manage.py showmigrations", "info", "rules", exit_code=1, output=" [ ] 0002_x\n")
    assert pending_report([failed]) == ""
    none = CommandRecord("python3 manage.py migrate --plan", "info", "rules", exit_code=0,
                         output="Planned operations:\n  No planned migration operations.\n")
    assert pending_report([none]) == \
        "No pending migrations: `python3 manage.py migrate --plan` lists none as not applied."
