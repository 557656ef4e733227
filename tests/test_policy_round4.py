"""Unattended policy, round 4: project task runners are looked into. `make migrate`, `npm run format`, `just fmt`,
`task migrate`, `poe fix`, `task x` (taskipy), `tox -e format`, `nox -s fix` and composer scripts are decided by what
their recipe runs, each recipe line as if typed, the reason naming the target and the line; a runner whose recipe
cannot be read keeps today's behaviour. And ruff's `fix = true` makes a plain `ruff check` a fixer."""

from __future__ import annotations

import json
import textwrap

import pytest

from terminus_edge.policy import decide

MAX_FILE_BYTES = 512 * 1024  # policy.recipes.MAX_FILE_BYTES (checked below); not imported: benchmarks/policy_probe.py
# loads this module's tables to decide them with older packages too


def project_steps(name, words, cwd):
    from terminus_edge.policy.recipes import project_steps

    return project_steps(name, words, cwd)


def test_file_size_bound_is_the_modules():
    from terminus_edge.policy import recipes as policy_recipes

    assert policy_recipes.MAX_FILE_BYTES == MAX_FILE_BYTES

MAKEFILE = """\
PY ?= python3
DB := data/app.db
BUILD = build
STAMP := $(shell date +%s)
ifeq ($(CI),1)
OUT = ci.log
endif

all: lint test

migrate: $(DB)
\t@$(PY) manage.py migrate
$(DB):
\tmkdir -p data

status:
\t$(PY) manage.py showmigrations

fmt:
\tblack .

fmt-check:
\tblack --check .

lint:
\truff check .

test:
\tpytest -q

clean:
\trm -rf $(BUILD)

log:
\tpytest > notes.txt

newlog:
\tpytest > fresh.log

outside:
\tcp app.bin /usr/local/bin/app

deploy: migrate
\t$(MAKE) -C sub release

recurse:
\t$(MAKE) recurse

gone:
\trm -rf $(UNSET_DIR)

conditional:
\tpytest > $(OUT)

guarded:
\t+ black src

install-hooks:
\tcd .git/hooks && ln -sf ../../hook.sh pre-commit

.PHONY: all migrate status fmt fmt-check lint test clean log newlog outside deploy recurse gone conditional
"""

SUB_MAKEFILE = "release:\n\talembic upgrade head\n\nbuild:\n\tcc -o app main.c\n"

PACKAGE = {"name": "p", "scripts": {
    "format": "prettier --write .", "format:check": "prettier --check .", "lint": "eslint src",
    "lint:fix": "eslint --fix src", "prebuild": "rm -rf dist", "build": "tsc", "test": "vitest run",
    "pretest": "npm run lint", "db:migrate": "prisma migrate deploy", "db:status": "prisma migrate status",
    "ci": "npm run lint && npm run db:migrate", "loop-a": "npm run loop-b", "loop-b": "npm run loop-a",
    "fix": "npm run format && npm run lint:fix", "dev": "vite"}}

JUSTFILE = """\
set shell := ["bash", "-c"]
dir := "build"

default: test

test:
    pytest -q

fmt:
    cargo fmt --all

fmt-check:
    cargo fmt --all -- --check

migrate: check
    sqlx migrate run

check:
    cargo check

clean:
    rm -rf {{dir}}

greet name:
    echo hello {{name}}

write target:
    echo hi > {{target}}

script:
    #!/usr/bin/env python3
    import shutil
    shutil.rmtree("build")
"""

TASKFILE = """\
version: '3'
vars:
  OUT: dist
tasks:
  default:
    cmds:
      - task: test
  test:
    cmds:
      - go test ./...
  migrate:
    deps: [build]
    cmds:
      - goose -dir db sqlite3 app.db up
  build:
    cmds:
      - go build -o {{.OUT}}/app .
  fmt: gofmt -w .
  clean:
    cmds:
      - cmd: rm -rf {{.OUT}}
  args:
    cmds:
      - black {{.CLI_ARGS}}
"""

PYPROJECT = """\
[tool.poe.tasks]
fmt = "black ."
check = "black --check ."
migrate = { shell = "alembic upgrade head" }
all = ["check", "test"]
test = "pytest"
fixall = { sequence = ["fmt", { cmd = "ruff check --fix ." }] }
ci = { cmd = "pytest", deps = ["fmt"] }
hello = { script = "pkg.tasks:hello" }

[tool.taskipy.tasks]
lint = "ruff check ."
fix = { cmd = "ruff check --fix .", help = "fix" }
tests = "pytest"
pre_tests = "rm -rf .cache"

[tool.ruff]
line-length = 100
"""

COMPOSER = {"name": "a/b", "scripts": {
    "test": "phpunit", "migrate": "@php artisan migrate --force", "fix": ["@cs", "phpunit"],
    "cs": "php-cs-fixer fix", "cs-check": "php-cs-fixer fix --dry-run", "hook": "App\\Setup::run"}}

TOX = """\
[tox]
envlist = py311, lint

[testenv]
deps = pytest
commands = pytest {posargs:-q}

[testenv:lint]
commands = ruff check .

[testenv:format]
commands =
    black .
    ruff check --fix .

[testenv:docs]
commands_pre = rm -rf docs/_build
commands = sphinx-build docs docs/_build
"""

NOXFILE = """\
import nox

nox.options.sessions = ["tests"]


@nox.session
def tests(session):
    session.install("pytest")
    session.run("pytest", *session.posargs)


@nox.session(name="fix")
def fix_code(session):
    session.install("ruff")
    session.run("ruff", "check", "--fix", ".")


@nox.session
def lint(session):
    session.run("ruff", "check", ".")


@nox.session
def migrate(session):
    session.chdir("db")
    session.run("alembic", "upgrade", "head")
"""


def runner_tree(base):
    """A project with every runner's file (benchmarks/policy_probe.py decides this module's tables in it too)."""
    root = base / "proj"
    (root / "sub").mkdir(parents=True)
    (root / "Makefile").write_text(MAKEFILE)
    (root / "sub" / "Makefile").write_text(SUB_MAKEFILE)
    (root / "package.json").write_text(json.dumps(PACKAGE))
    (root / "justfile").write_text(JUSTFILE)
    (root / "Taskfile.yml").write_text(TASKFILE)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "composer.json").write_text(json.dumps(COMPOSER))
    (root / "tox.ini").write_text(TOX)
    (root / "noxfile.py").write_text(NOXFILE)
    (root / "notes.txt").write_text("keep\n")
    return root


@pytest.fixture
def proj(tmp_path):
    return runner_tree(tmp_path)


def unattended(command, cwd):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


ASKED = [  # (command, words of the reason: the runner's target and the recipe line's own verdict)
    ("make migrate", "`make migrate` runs the Makefile target migrate: `python3 manage.py migrate` changes the "
                     "database (`manage.py migrate` is a migration command"),
    ("make fmt", "runs the Makefile target fmt: `black .` rewrites the project's files in place"),
    ("make clean", "runs the Makefile target clean: `rm -rf build` deletes files recursively or by force"),
    ("make log", "runs the Makefile target log: `pytest > notes.txt` overwrites the existing file notes.txt"),
    ("make deploy", "runs the Makefile target deploy: `make -C sub release` runs the Makefile target release: "
                    "`alembic upgrade head` changes the database"),
    ("make deploy", "runs the Makefile target migrate"),  # a prerequisite's recipe runs first
    ("make gone", "runs the Makefile target gone: `rm -rf` deletes files"),  # undefined: empty, as make has it
    ("make conditional", "cannot check where '$OUT' points"),
    ("make -n guarded", "runs the Makefile target guarded: `black src`"),  # `+` lines run under -n
    ("make PY=python3.12 migrate", "`python3.12 manage.py migrate`"),
    ("make -j4 -k fmt lint", "`black .`"),
    ("cd sub && make release", "runs the Makefile target release: `alembic upgrade head`"),
    ("npm run format", "`npm run format` runs the package.json script format: `prettier --write .` rewrites"),
    ("npm run lint:fix", "the package.json script lint:fix: `eslint --fix src`"),
    ("npm run build", "the package.json script prebuild: `rm -rf dist` deletes files"),
    ("npm run ci", "`npm run ci` runs the package.json script ci: `npm run db:migrate` runs the package.json script "
                   "db:migrate: `prisma migrate deploy` changes the database"),
    ("npm run fix", "`npm run lint:fix` runs the package.json script lint:fix"),
    ("yarn lint:fix", "`eslint --fix src`"), ("yarn run format", "`prettier --write .`"),
    ("pnpm run db:migrate", "`prisma migrate deploy`"), ("pnpm format", "`prettier --write .`"),
    ("bun run format", "`prettier --write .`"), ("npm --prefix . run format", "`prettier --write .`"),
    ("just fmt", "`just fmt` runs the just recipe fmt: `cargo fmt --all` rewrites"),
    ("just migrate", "the just recipe migrate: `sqlx migrate run` changes the database"),
    ("just clean", "the just recipe clean: `rm -rf build`"),
    ("just write notes.txt", "`echo hi > notes.txt` overwrites the existing file notes.txt"),
    ("just script", "the just recipe script: `python3 -c"),
    ("task migrate", "`task migrate` runs the Taskfile task migrate: `goose -dir db sqlite3 app.db up` changes"),
    ("task fmt", "the Taskfile task fmt: `gofmt -w .`"), ("task clean", "`rm -rf dist` deletes files"),
    ("task args -- src", "`black src`"),
    ("poe fmt", "`poe fmt` runs the poe task fmt: `black .` rewrites"), ("poetry poe migrate", "`alembic upgrade head`"),
    ("poetry run poe fixall", "`ruff check --fix .`"), ("uv run poe ci", "the poe task fmt: `black .`"),
    ("poetry run task fix", "runs the taskipy task fix: `ruff check --fix .`"),
    ("poetry run task tests", "the taskipy task pre_tests: `rm -rf .cache`"),
    ("composer run-script migrate", "the composer.json script migrate: `php artisan migrate --force` changes"),
    ("composer fix", "the composer.json script cs: `php-cs-fixer fix`"), ("composer cs", "`php-cs-fixer fix`"),
    ("tox -e format", "`tox -e format` runs the tox environment format: `black .`"),
    ("tox -e format", "the tox environment format: `ruff check --fix .`"), ("tox r -e docs", "`rm -rf docs/_build`"),
    ("nox -s fix", "`nox -s fix` runs the nox session fix: `ruff check --fix .`"),
    ("nox --session migrate", "the nox session migrate: `alembic upgrade head` changes the database"),
    ("sh -c 'make fmt'", "runs the Makefile target fmt"), ("timeout 60 make migrate", "`python3 manage.py migrate`"),
]

ALLOWED = [
    # recipes that only read, build or test
    "make status", "make fmt-check", "make lint", "make test", "make", "make all", "make newlog",
    "make -n migrate", "make --dry-run fmt", "make -C sub build", "make --help", "make -p -q",
    "npm run format:check", "npm run lint", "npm test", "npm run db:status", "npm run dev", "npm run lint -- --quiet",
    "yarn test", "pnpm test", "npm run",
    "just", "just test", "just fmt-check", "just greet world", "just --list", "just -n fmt", "just check",
    "task", "task test", "task build", "task --list", "task --dry fmt",
    "poe check", "poe all", "poe hello", "poetry run task lint", "poe test",
    "composer test", "composer cs-check", "composer hook",
    "tox", "tox -e lint", "tox -e py311 -- -x", "tox -l", "nox", "nox -s lint", "nox -s tests -- -x", "nox -l",
]


@pytest.mark.parametrize("command, why", ASKED, ids=[f"{c}|{w[:30]}" for c, w in ASKED])
def test_runner_asks_as_its_recipe_line_would(command, why, proj):
    decision = unattended(command, proj)
    assert decision.action == "ask", decision
    assert why in decision.reason, decision


@pytest.mark.parametrize("command", ALLOWED)
def test_runner_whose_recipe_only_reads_builds_or_tests_stays_allowed(command, proj):
    decision = unattended(command, proj)
    assert decision.action == "allow", decision


def test_a_recipe_line_is_denied_exactly_as_typed(proj):
    typed = unattended("cp app.bin /usr/local/bin/app", proj)
    through = unattended("make outside", proj)
    assert typed.action == through.action == "deny"
    assert "runs the Makefile target outside: `cp app.bin /usr/local/bin/app` copies" in through.reason
    (proj / "Makefile").write_text(MAKEFILE + "\nwipe:\n\trm -rf ~\n")
    assert unattended("make wipe", proj).action == unattended("rm -rf ~", proj).action == "deny"


@pytest.mark.parametrize("recipe, typed", [("alembic upgrade head", "ask"), ("black .", "ask"), ("rm -rf build", "ask"),
                                           ("pytest > notes.txt", "ask"), ("pytest -q", "allow"),
                                           ("black --check .", "allow"), ("pytest > new.log", "allow")])
def test_every_runner_decides_as_the_command_itself(recipe, typed, proj):
    (proj / "Makefile").write_text(f"x:\n\t{recipe}\n")
    (proj / "package.json").write_text(json.dumps({"scripts": {"x": recipe}}))
    (proj / "justfile").write_text(f"x:\n    {recipe}\n")
    (proj / "Taskfile.yml").write_text(f"version: '3'\ntasks:\n  x:\n    cmds:\n      - {recipe}\n")
    (proj / "pyproject.toml").write_text(f"[tool.poe.tasks]\nx = {json.dumps(recipe)}\n")
    (proj / "tox.ini").write_text(f"[testenv:x]\ncommands = {recipe}\n")
    assert unattended(recipe, proj).action == typed
    for runner in ("make x", "npm run x", "yarn x", "just x", "task x", "poe x", "tox -e x"):
        assert unattended(runner, proj).action == typed, runner


@pytest.mark.parametrize("command", ["make migrate", "npm run db:migrate", "just fmt", "task migrate", "poe fmt",
                                     "tox -e format", "nox -s fix", "composer migrate"])
def test_runners_are_looked_into_only_unattended(command, proj):
    # A person's own auto mode keeps deciding these as before (the person sees `make migrate` and knows the project).
    assert decide(command, cwd=proj, mode="auto").action == "allow"
    assert unattended(command, proj).action == "ask"


@pytest.mark.parametrize("setup", [
    lambda p: None,  # no project files at all
    lambda p: (p / "Makefile").mkdir(),  # not a readable file
    lambda p: (p / "package.json").write_text("{not json"),
    lambda p: (p / "package.json").write_text(json.dumps({"scripts": {"other": "black ."}})),
    lambda p: (p / "Makefile").write_text("other:\n\tblack .\n"),
    lambda p: (p / "Makefile").write_text("migrate:\n\tblack .\n" + "# pad\n" * (MAX_FILE_BYTES // 6)),
    lambda p: (p / "Taskfile.yml").write_text("tasks: [unclosed"),
    lambda p: (p / "pyproject.toml").write_text("[tool.poe.tasks]\nmigrate = { script = 'db:migrate' }\n"),
    lambda p: (p / "noxfile.py").write_text("def broken(:\n"),
])
def test_unknown_or_unreadable_recipes_keep_todays_behaviour(setup, tmp_path):
    # Before round 4 none of these runners was looked into: allowed unattended. Unreadable (a missing target, a file
    # that cannot be parsed or read, one over MAX_FILE_BYTES, a Python callable) stays that way.
    root = tmp_path / "p"
    root.mkdir()
    setup(root)
    for command in ("make migrate", "npm run migrate", "task migrate", "poe migrate", "nox -s migrate",
                    "just migrate", "tox -e migrate"):
        assert unattended(command, root).action == "allow", command


def test_recursion_is_bounded(proj):
    import time

    start = time.process_time()
    loop = unattended("npm run loop-a", proj)  # npm run a -> npm run b -> npm run a -> …
    assert loop.action == "ask" and "nested too deeply to check" in loop.reason
    assert unattended("make recurse", proj).action == "ask"  # $(MAKE) recurse, forever
    (proj / "Makefile").write_text("a: b\nb: a\n\tpytest\n")  # prerequisite cycle: each target once
    assert unattended("make a", proj).action == "allow"
    wide = "all: " + " ".join(f"t{i}" for i in range(400)) + "\n" + "".join(f"t{i}:\n\tpytest\n" for i in range(400))
    (proj / "Makefile").write_text(wide)
    assert "more recipe lines than can be checked" in unattended("make all", proj).reason
    pad = "".join(f"# {i}\n" for i in range(20_000))  # each `$(MAKE)` line reads the Makefile again: not past the budget
    (proj / "Makefile").write_text(pad + "all:\n" + "\t$(MAKE) leaf\n" * 400 + "leaf:\n\tpytest\n")
    assert "more recipe lines than can be checked" in unattended("make all", proj).reason
    assert time.process_time() - start < 10


def test_make_variables_are_expanded_only_where_certain(proj, monkeypatch):
    monkeypatch.delenv("PY", raising=False)
    monkeypatch.delenv("OUT", raising=False)
    lines = {s.source.rsplit(" ", 1)[-1]: s.line for s in project_steps("make", ["make", "migrate", "conditional",
                                                                                 "clean"], proj)}
    assert lines["migrate"] == "python3 manage.py migrate"  # ?= with no such environment variable
    assert lines["conditional"] == "pytest > $OUT"  # defined inside ifeq: not certain
    assert lines["clean"] == "rm -rf build"
    monkeypatch.setenv("PY", "pypy3")  # ?= yields to the environment
    assert project_steps("make", ["make", "migrate"], proj)[-1].line == "pypy3 manage.py migrate"
    parse_time = project_steps("make", ["make", "status"], proj)[0]
    assert (parse_time.line, parse_time.source) == ("date +%s", "the Makefile's variable STAMP (run when make "
                                                                   "reads Makefile)")


def test_npm_passes_its_arguments_to_the_script(proj):
    steps = project_steps("npm", ["npm", "run", "format", "--", "--check"], proj)
    assert [s.line for s in steps] == ["prettier --write . --check"]
    assert [s.source for s in project_steps("npm", ["npm", "test"], proj)] == [
        "the package.json script pretest", "the package.json script test"]


def test_scripts_are_found_from_a_subdirectory(proj):
    (proj / "src" / "deep").mkdir(parents=True)
    assert unattended("npm run format", proj / "src" / "deep").action == "ask"
    assert unattended("just fmt", proj / "src" / "deep").action == "ask"


RUFF_FIX = [("pyproject.toml", "[tool.ruff]\nfix = true\n"), ("ruff.toml", "fix = true\n"),
            (".ruff.toml", "fix = true\nline-length = 90\n")]


@pytest.mark.parametrize("file_name, text", RUFF_FIX)
def test_ruff_fix_true_makes_ruff_check_a_fixer(file_name, text, tmp_path):
    (tmp_path / file_name).write_text(text)
    (tmp_path / "src").mkdir()
    for command in ("ruff check .", "ruff check src", "uv run ruff check", "ruff ."):
        decision = unattended(command, tmp_path / "src" if command.endswith("src") is False else tmp_path)
        assert decision.action == "ask", (command, decision)
        assert f"`fix = true` in {file_name}" in decision.reason, decision
    for command in ("ruff check --no-fix .", "ruff check --diff .", "ruff format --check", "ruff check --help"):
        assert unattended(command, tmp_path).action == "allow", command


def test_ruff_without_fix_true_stays_a_checker(tmp_path):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""\
        [tool.ruff]
        fix = false
        [tool.other]
        fix = true
        """))
    assert unattended("ruff check .", tmp_path).action == "allow"
    (tmp_path / "ruff.toml").write_text("line-length = 88\n")  # the nearest config wins over pyproject's
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nfix = true\n")
    assert unattended("ruff check .", tmp_path).action == "allow"
    assert unattended("ruff check --config pyproject.toml .", tmp_path).action == "ask"
    assert unattended("ruff check --fix .", tmp_path).action == "ask"  # round 3's rule


@pytest.mark.parametrize("file_name, unit, tail", [
    ("Makefile", "a ", ""), ("Makefile", "$(", ""), ("Makefile", "$(x ", ""), ("Makefile", "x = $(", ""),
    ("Makefile", "migrate: ", "\n\tblack ."), ("Makefile", "migrate:\n\t$(A) ", ""),
    ("Makefile", "A = $(A) ", "\nmigrate:\n\t$(A)"),  # a variable inside its own value
    ("justfile", "a ", ""), ("justfile", "{{ ", ""), ("justfile", "migrate:\n    {{ x ", ""),
    ("tox.ini", "{", ""), ("package.json", "[", ""),
])
def test_adversarial_recipe_files_are_read_quickly(file_name, unit, tail, tmp_path):
    import time

    body = (unit * (MAX_FILE_BYTES // len(unit)))[:MAX_FILE_BYTES - len(tail) - 64] + tail
    if file_name == "tox.ini":
        body = "[testenv:migrate]\ncommands = " + body
    (tmp_path / file_name).write_text(body)
    start = time.process_time()
    for command in ("make migrate", "just migrate", "tox -e migrate", "npm run migrate"):
        assert unattended(command, tmp_path).action in ("allow", "ask")
    assert time.process_time() - start < 5
