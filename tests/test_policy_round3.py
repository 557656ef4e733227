"""Unattended policy, round 3: the shell's truncating redirects onto an existing file ask as tee does, formatters and
fixers that rewrite the project's files ask unless told only to check, and migration commands that change a database
ask while their listings and previews stay allowed."""

from __future__ import annotations

import pytest

from terminus_edge.benchmarks.policy_probe import scratch_tree
from terminus_edge.policy import decide
from terminus_edge.shell_syntax import parse


@pytest.fixture
def tree(tmp_path):
    return scratch_tree(tmp_path)


def unattended(command: str, cwd):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


REDIRECTS_ASKED = [  # (command, words of the reason); x, f, app.db, build/keep.txt exist in the scratch tree
    ("make > x", "overwrites the existing file x (the shell truncates it first)"),
    ("make >| x", "overwrites the existing file x"),
    ("make &> x", "overwrites the existing file x"),
    ("make 1> x", "overwrites the existing file x"),
    ("make 2> x", "overwrites the existing file x"),
    ("make >& x", "overwrites the existing file x"),
    ("make 2>&1 > x", "overwrites the existing file x"),
    ("make>x", "overwrites the existing file x"),
    ("pytest -q > build/keep.txt 2>&1", "overwrites the existing file build/keep.txt"),
    ("git diff > ./f", "overwrites the existing file ./f"),
    ("echo '>' > x", "overwrites the existing file x"),
    ("ls > a/../x", "overwrites the existing file a/../x"),
    ("cd a && ls > x", "overwrites the existing file x"),
    ("sudo sh -c 'echo 1 > x'", "overwrites the existing file x"),
    ("bash -c \"make > app.db\"", "overwrites the existing file app.db"),
    ("(make > x)", "overwrites the existing file x"),
    ("for i in 1 2; do echo $i > x; done", "overwrites the existing file x"),
    ("uv run pytest > f", "overwrites the existing file f"),
    ("sort x > x", "empties x before reading it"),
    ("> x", "truncates the existing file x"),
    (": >| x", "truncates the existing file x"),
]


REDIRECTS_ALLOWED = [
    # appending, like tee -a
    "make >> x", "make &>> x", "make 2>> x", "echo hi >> app.db",
    # a new file, /dev/*, a fresh temp file, a file opened read-write (not truncated)
    "make > new.log", "make 2> new.err", "make > /dev/null 2>&1", "make &> /dev/null", "make 2>/dev/stderr",
    "make > build/new.log", "make > \"$(mktemp)\"", "make > $(mktemp -t build.XXXXXX)", "echo hi | tee $(mktemp)",
    "cat <> x", "echo 2 > new.txt", "make 2>&1 | tee new.log",
    # quoted or escaped `>` is a word, not a redirect
    "echo '>' x", "echo \">\" x", "grep '>' x", "grep -c \"> \" x", "echo \\> x", "echo 'a > x'",
    "python3 -c 'print(1 > 0)' x", "awk '$1 > 2' x", "jq '.a > 1' x", "grep -E 'a>|b' x",
    # reading a file is not writing it
    "wc -l < x", "sort < x", "diff <(sort x) <(sort f)",
]


@pytest.mark.parametrize("redirect, tee", [
    ("echo hi > x", "echo hi | tee x"), ("echo hi >> x", "echo hi | tee -a x"),
    ("echo hi > new.txt", "echo hi | tee new.txt"), ("echo hi > /dev/null", "echo hi | tee /dev/null"),
    ("echo hi > $(mktemp)", "echo hi | tee $(mktemp)"),
    ("make 2>&1 > build/keep.txt", "make 2>&1 | tee build/keep.txt"),
])
def test_redirects_are_decided_as_tee_is(redirect, tee, tree):
    assert unattended(redirect, tree).action == unattended(tee, tree).action


def test_quoted_arrows_outside_the_tree_are_not_writes(tree):
    # `grep '>' /etc/passwd` reads /etc/passwd; a quoted `>` once made it "a write outside the working tree"
    for command in ("grep '>' /etc/passwd", "grep \\> /etc/hosts"):
        assert decide(command, cwd=tree, mode="auto").action == "allow"
    assert decide("grep x > /etc/passwd", cwd=tree, mode="auto").action == "deny"


@pytest.mark.parametrize("command, words, writes, appends", [
    ("echo '>' x", ["echo", ">", "x"], [], []),
    ("echo \\>\\> x", ["echo", ">>", "x"], [], []),
    ("echo 2 > f", ["echo", "2"], ["f"], []),
    ("echo 2>f", ["echo"], ["f"], []),
    ("cmd 2>>log >out", ["cmd"], ["log", "out"], ["log"]),
    ("cmd &>out 2>&1", ["cmd"], ["out"], []),
    ("cmd >|out", ["cmd"], ["out"], []),
    ("cat <>f", ["cat"], ["f"], ["f"]),
    ("echo \"a;b\" '|' \\&", ["echo", "a;b", "|", "&"], [], []),
])
def test_parse_tells_operators_from_quoted_words(command, words, writes, appends):
    (simple,) = parse(command)
    assert (simple.words, simple.writes, simple.appends) == (words, writes, appends)


FORMATTERS_ASKED = [  # (command, words of the reason)
    ("black .", "rewrites the project's files in place (`black` is a formatter or fixer; with --check it changes"),
    ("python -m black src", "`black` is a formatter"), ("uv run black .", "`black` is a formatter"),
    ("ruff format", "`ruff format` is a formatter"), ("uvx ruff format src", "`ruff format` is a formatter"),
    ("ruff check --fix .", "without --fix it changes nothing"), ("ruff check --fix-only .", "`ruff check`"),
    ("ruff --fix .", "`ruff` is a formatter"), ("poetry run ruff check --unsafe-fixes --fix", "`ruff check`"),
    ("cargo fmt", "`cargo fmt` is a formatter"), ("cargo +nightly fmt --all", "`cargo fmt`"),
    ("cargo fix --allow-dirty", "`cargo fix`"), ("cargo clippy --fix", "`cargo clippy`"),
    ("gofmt -w .", "without -w it changes nothing"), ("gofmt -s -w main.go", "`gofmt`"), ("gofmt -l -w .", "`gofmt`"),
    ("goimports -w .", "`goimports`"), ("go fmt ./...", "`go fmt`"),
    ("prettier --write .", "`prettier` is a formatter"), ("npx prettier --write .", "`prettier`"),
    ("npx --yes prettier@3 -w src", "`prettier`"), ("yarn prettier --write .", "`prettier`"),
    ("pnpm dlx prettier --write .", "`prettier`"), ("pnpm exec prettier --write src", "`prettier`"),
    ("eslint --fix .", "`eslint`"), ("npx eslint --fix src", "`eslint`"),
    ("clang-format -i src/a.c", "`clang-format`"), ("find . -name '*.c' -exec clang-format -i {} +", "`clang-format`"),
    ("rustfmt src/main.rs", "`rustfmt`"), ("rustfmt --emit files src/main.rs", "`rustfmt`"),
    ("isort .", "with --check-only it changes nothing"), ("python3 -m isort src", "`isort`"),
    ("autopep8 -i x.py", "`autopep8`"), ("autopep8 --in-place --aggressive x.py", "`autopep8`"),
    ("yapf -i x.py", "`yapf`"), ("terraform fmt", "`terraform fmt`"), ("deno fmt", "`deno fmt`"),
    ("npx @biomejs/biome format --write .", "`biome format`"), ("rubocop -A", "`rubocop`"), ("shfmt -w .", "`shfmt`"),
    ("stylua src", "`stylua`"), ("mix format", "`mix format`"), ("dart format .", "`dart format`"),
    ("make && black . && pytest", "`black`"), ("sh -c 'black .'", "`black`"), ("sudo -u dev black .", "`black`"),
]


FORMATTERS_ALLOWED = [
    # the check, diff and dry-run forms
    "black --check .", "black --diff src", "python3 -m black --check .", "uvx black --check .", "black -",
    "ruff format --check", "ruff format --diff .", "ruff check .", "ruff check --fix --diff .", "ruff check --no-fix .",
    "ruff check --statistics .",
    "cargo fmt --check", "cargo fmt -- --check", "cargo fmt --all -- --check",
    "cargo clippy -- -D warnings", "gofmt -l .", "gofmt -d .", "gofmt -w=false .", "go vet ./...", "go fmt -n ./...",
    "prettier --check .", "prettier src/a.js", "npx --yes prettier@3 --check .", "prettier -l src", "eslint .",
    "eslint --fix-dry-run .", "npx eslint src", "clang-format src/a.c", "clang-format --dry-run -i src/a.c",
    "rustfmt --check src/main.rs", "rustfmt --emit stdout src/main.rs", "isort -", "isort --check-only .",
    "isort --diff .", "isort -c src", "autopep8 x.py", "autopep8 --diff x.py", "terraform fmt -check",
    "deno fmt --check", "stylua --check src", "mix format --check-formatted", "dart format -o none .",
    # help and version; look-alikes that are not formatters
    "black --version", "ruff format --help", "prettier --version", "npm test", "npm run lint", "make fmt",
    "pre-commit run --all-files", "cargo build", "go build ./...", "grep -rn 'black .' docs", "echo 'ruff format'",
    "pip show black", "python -m pytest -q", "node -e 'console.log(1)'", "yarn test",
]


MIGRATIONS_ASKED = [  # (command, words of the reason)
    ("python manage.py migrate", "changes the database (`manage.py migrate` is a migration command; with --plan"),
    ("python3 manage.py migrate app 0003", "`manage.py migrate`"), ("./manage.py migrate", "`manage.py migrate`"),
    ("python -m django migrate --settings=x", "`django-admin migrate`"), ("django-admin migrate", "`django-admin"),
    ("python manage.py flush --noinput", "`manage.py flush`"),
    ("alembic upgrade head", "`alembic upgrade` is a migration command; with --sql it changes nothing"),
    ("alembic -c alembic.ini upgrade head", "`alembic upgrade`"), ("alembic downgrade -1", "`alembic downgrade`"),
    ("alembic stamp head", "`alembic stamp`"), (".venv/bin/alembic upgrade head", "`alembic upgrade`"),
    ("rails db:migrate", "`rails db:migrate`"), ("bin/rails db:migrate RAILS_ENV=test", "`rails db:migrate`"),
    ("bundle exec rake db:migrate", "`rake db:migrate`"), ("rails db:rollback STEP=2", "`rails db:rollback`"),
    ("rails db:reset", "`rails db:reset`"),
    ("prisma migrate deploy", "`prisma migrate deploy`"), ("npx prisma migrate dev", "`prisma migrate dev`"),
    ("npx prisma migrate reset --force", "`prisma migrate reset`"), ("prisma db push", "`prisma db push`"),
    ("knex migrate:latest", "`knex migrate:latest`"), ("npx knex --knexfile db/knexfile.js migrate:latest", "`knex"),
    ("knex migrate:rollback --all", "`knex migrate:rollback`"), ("npx sequelize-cli db:migrate", "`sequelize-cli"),
    ("sequelize db:migrate:undo:all", "`sequelize db:migrate:undo:all`"),
    ("flyway migrate", "`flyway migrate`"), ("flyway -url=jdbc:h2:mem:x clean", "`flyway clean`"),
    ("diesel migration run", "`diesel migration run`"), ("diesel migration redo", "`diesel migration redo`"),
    ("goose -dir db postgres \"host=x\" up", "`goose up`"), ("migrate -path db -database \"$DB\" up", "`migrate up`"),
    ("dbmate up", "`dbmate up`"), ("sqlx migrate run", "`sqlx migrate run`"), ("liquibase update", "`liquibase"),
    ("php artisan migrate", "`artisan migrate`"), ("php artisan migrate:fresh", "`artisan migrate:fresh`"),
    ("mix ecto.migrate", "`mix ecto.migrate`"), ("npx typeorm migration:run -d ds.ts", "`typeorm migration:run`"),
    ("python3 migrate.py up", "the project's migration script, told to `up`"),
    ("python3 tools/dbmigrate.py apply", "told to `apply`"), ("node migrate.js rollback", "told to `rollback`"),
    ("make && python manage.py migrate", "`manage.py migrate`"), ("sh -c 'alembic upgrade head'", "`alembic upgrade`"),
    ("docker compose exec web python manage.py migrate", "`manage.py migrate`"),
]


MIGRATIONS_ALLOWED = [
    # listings and previews
    "python3 manage.py showmigrations", "python3 manage.py migrate --plan", "./manage.py migrate --check",
    "python manage.py sqlmigrate app 0001", "python manage.py makemigrations --check --dry-run",
    "python manage.py test", "python manage.py migrate --help",
    "alembic history", "alembic current", "alembic heads", "alembic history -r current:heads --indicate-current",
    "alembic upgrade head --sql", "alembic -c alembic.ini current", "alembic check",
    "rails db:migrate:status", "bin/rails db:version", "rails routes", "rake -T",
    "npx prisma migrate status", "prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma",
    "npx prisma migrate dev --create-only", "prisma generate", "prisma validate",
    "npx knex migrate:list", "knex migrate:status", "knex migrate:make add_users", "sequelize db:migrate:status",
    "flyway info", "flyway -url=jdbc:h2:mem:x validate", "diesel migration list", "diesel migration pending",
    "goose status", "goose -dir db postgres \"host=x\" status", "dbmate status", "sqlx migrate info",
    "liquibase status", "php artisan migrate:status", "php artisan migrate --pretend", "python3 migrate.py status",
    "python3 tools/dbmigrate.py list", "node migrate.js", "cat db/migrate/001_init.rb", "ls migrations",
    "grep -rn 'alembic upgrade' docs", "echo 'python manage.py migrate'", "git log -- migrations",
]


ASKED = REDIRECTS_ASKED + FORMATTERS_ASKED + MIGRATIONS_ASKED
ALLOWED = REDIRECTS_ALLOWED + FORMATTERS_ALLOWED + MIGRATIONS_ALLOWED


@pytest.mark.parametrize("command, why", ASKED, ids=[c for c, _ in ASKED])
def test_round3_commands_ask_unattended_with_the_reason(command, why, tree):
    # a truncating redirect onto an existing file, a formatter run to write, a migration applied
    decision = unattended(command, tree)
    assert decision.action == "ask", decision
    assert why in decision.reason, decision


@pytest.mark.parametrize("command", ALLOWED)
def test_round3_look_alikes_stay_allowed_unattended(command, tree):
    # appends, new files, quoted arrows, check/diff/dry-run forms, migration listings and previews
    decision = unattended(command, tree)
    assert decision.action == "allow", decision


@pytest.mark.parametrize("command", ["make > x", "make 2> app.db", "echo hi >| f", "black .", "ruff check --fix .",
                                     "prettier --write .", "python manage.py migrate", "alembic upgrade head",
                                     "npx prisma migrate deploy"])
def test_round3_rules_apply_only_unattended(command, tree):
    # A person's own auto mode keeps deciding these as before.
    assert decide(command, cwd=tree, mode="auto").action == "allow"
    assert unattended(command, tree).action == "ask"


def test_adversarial_lines_are_decided_quickly(tree):
    import time

    storms = ["black " + "-q " * 30_000, "npx " + "-y " * 30_000 + "prettier", "python3 " + "-W x " * 20_000 + "-m black",
              "goose " + "x " * 30_000 + "up", "node " + "a." * 50_000 + "!", "echo " + "'>' " * 30_000 + "> x",
              "make " + "2>&1 " * 20_000 + "> x", "prisma " + "--schema s " * 20_000 + "migrate deploy",
              "bash " + "./migrate/" * 20_000 + "x up", "ruff check " + "--fix --diff " * 20_000]
    start = time.process_time()
    for command in storms:
        assert unattended(command, tree).action in ("allow", "ask", "deny")
    assert time.process_time() - start < 10
