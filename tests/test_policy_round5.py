"""Unattended policy, round 5: more of what project task runners run is read. Make pattern rules and static pattern
rules, Makefile conditionals decided where certain, npm/pnpm/yarn/bun workspaces, cargo aliases, deno tasks and
Rakefiles. Each situation is a small real project under tests/data/policy_round5/ with the decisions it expects
(expect.json), decided in a copy (benchmarks/policy_probe.py decides the same folders)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from terminus_edge.policy import decide

DATA = Path(__file__).parent / "data" / "policy_round5"
CASES = sorted(p.parent.name for p in DATA.glob("*/expect.json"))


def _cases(kind: str):
    for case in CASES:
        for item in json.loads((DATA / case / "expect.json").read_text())[kind]:
            command, why = (item, "") if kind == "allow" else item
            yield pytest.param(case, command, why, id=f"{case}|{command}")


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    root = tmp_path_factory.mktemp("round5")
    for case in CASES:
        shutil.copytree(DATA / case, root / case)
    return root


def unattended(command, cwd):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


@pytest.mark.parametrize("case, command, why", list(_cases("ask")))
def test_runner_asks_as_its_recipe_line_would(case, command, why, projects):
    decision = unattended(command, projects / case)
    assert decision.action == "ask", decision
    assert why in decision.reason, decision


@pytest.mark.parametrize("case, command, why", list(_cases("allow")))
def test_runner_whose_recipe_only_reads_builds_or_tests_stays_allowed(case, command, why, projects):
    decision = unattended(command, projects / case)
    assert decision.action == "allow", decision


def steps(name, words, cwd):
    from terminus_edge.policy.recipes import project_steps

    return [(s.source.rsplit(" ", 1)[-1], s.line) for s in project_steps(name, words, cwd)]


CONDITIONALS = """\
KIND := lib
ifeq ($(KIND),app)
TARGET = app
else ifeq ($(KIND),lib)
TARGET = lib
else
TARGET = other
endif
ifneq "$(KIND)" "lib"
  ifdef ANYTHING
OUT = never
  endif
endif
MODE ?= check
ifeq ($(MODE),check)
CHECK = --check
endif
ifeq ($(shell uname),Linux)
SYS = linux
endif

show:
\techo $(TARGET) $(OUT)
fmt:
\tblack $(CHECK) .
sys:
\techo $(SYS)
inner:
ifeq ($(KIND),lib)
\tpytest
else
\trm -rf dist
endif
"""


def test_make_conditionals_are_decided_only_where_certain(tmp_path, monkeypatch):
    monkeypatch.delenv("MODE", raising=False)
    (tmp_path / "Makefile").write_text(CONDITIONALS)
    assert steps("make", ["make", "show"], tmp_path) == [("show", "echo lib ")]  # else-ifeq chain; skipped nesting
    # the command line decides; the ifdef inside then reads the environment: OUT is not certain
    assert steps("make", ["make", "KIND=app", "show"], tmp_path) == [("show", "echo app $OUT")]
    assert steps("make", ["make", "fmt"], tmp_path) == [("fmt", "black $CHECK .")]  # ?=: the environment may set it
    assert steps("make", ["make", "MODE=check", "fmt"], tmp_path) == [("fmt", "black --check .")]
    assert steps("make", ["make", "sys"], tmp_path)[-1] == ("sys", "echo $SYS")  # a function: not decided
    assert steps("make", ["make", "inner"], tmp_path) == [("inner", "pytest")]  # a conditional inside a recipe
    assert [line for _, line in steps("make", ["make", "KIND=x", "inner"], tmp_path)] == ["rm -rf dist"]


PATTERNS = """\
%.o: %.c
\tcc -c $< -o $@
lib%.o: lib%.c
\tcc -fPIC -c $< -o $@
build/%.css: styles/%.scss
\tsass $< $@
gen-%: missing-%.in
\trm -rf $*
gen-%: other-%.in
\ttouch $*
"""


def test_make_pattern_rules_choose_as_make_does(tmp_path):
    (tmp_path / "Makefile").write_text(PATTERNS)
    for name in ("libz.c", "main.c", "sub/util.c", "styles/site.scss"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x\n")
    assert steps("make", ["make", "libz.o"], tmp_path) == [("libz.o", "cc -fPIC -c libz.c -o libz.o")]  # shortest stem
    assert steps("make", ["make", "main.o"], tmp_path) == [("main.o", "cc -c main.c -o main.o")]
    assert steps("make", ["make", "sub/util.o"], tmp_path) == [("sub/util.o", "cc -c sub/util.c -o sub/util.o")]
    assert steps("make", ["make", "build/site.css"], tmp_path) == [("build/site.css", "sass styles/site.scss "
                                                                                       "build/site.css")]
    # neither rule's prerequisite exists (make would look for a chain or fail): both are checked
    assert [line for _, line in steps("make", ["make", "gen-x"], tmp_path)] == ["rm -rf x", "touch x"]
    assert steps("make", ["make", "nothing.txt"], tmp_path) == []  # no rule names it: today's behaviour


@pytest.mark.parametrize("file_name, text, command", [
    ("pnpm-workspace.yaml", "packages: [unclosed", "pnpm -r run format"),
    ("package.json", json.dumps({"name": "solo", "scripts": {"format": "prettier --write ."}}), "npm run format -w x"),
    ("deno.jsonc", '{"tasks": {"fmt": "deno fmt"', "deno task fmt"),
    ("Rakefile", "task :fmt do\n  sh 'rubocop -A'\n", "rake fmt"),  # the block never ends
    (".cargo/config.toml", '[alias]\nbuild = "fmt --all"\n', "cargo build"),  # cargo ignores an alias of its own
    (".cargo/config.toml", "[alias\n", "cargo fmt-all"),
])
def test_unreadable_runners_keep_todays_behaviour(file_name, text, command, tmp_path):
    (tmp_path / file_name).parent.mkdir(exist_ok=True)
    (tmp_path / file_name).write_text(text)
    assert unattended(command, tmp_path).action == "allow"


@pytest.mark.parametrize("case, command", [("cargo-aliases", "cargo fmt-all"), ("deno-tasks", "deno task clean"),
                                           ("rakefile", "rake fmt"), ("npm-workspaces", "npm run format -w web"),
                                           ("pnpm-workspace", "pnpm -r run format"),
                                           ("make-pattern-rules", "make clean-build")])
def test_looked_into_only_unattended(case, command, projects):
    assert decide(command, cwd=projects / case, mode="auto").action == "allow"


def test_rake_code_that_cannot_be_read_asks(tmp_path):
    (tmp_path / "Rakefile").write_text(
        'TARGET = ENV.fetch("TARGET", "build")\n\ntask :a do\n  sh cmd_from_env\nend\n\n'
        'task :b do\n  sh "rm -rf #{TARGET}"\nend\n\ntask :c do\n  FileUtils.rm_rf(Dir["tmp/*"])\nend\n\n'
        'task :d do\n  if ENV["CI"]\n    puts "ci"\n  end\n  sh "pytest"\nend\n')
    assert "runs a command the policy cannot read" in unattended("rake a", tmp_path).reason
    assert "cannot check what '$RAKE_VALUE' deletes" in unattended("rake b", tmp_path).reason
    assert unattended("rake c", tmp_path).action == "ask"
    assert steps("rake", ["rake", "d"], tmp_path)[-2:] == [("d", "pytest"), ("d", "ruby -e '  if ENV[\"CI\"]\n    "
                                                                                   "puts \"ci\"\n  end'")]
    assert unattended("rake d", tmp_path).action == "allow"


def test_recursion_is_bounded(tmp_path):
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo" / "config.toml").write_text('[alias]\nloop = "loop"\n')
    assert "nested too deeply to check" in unattended("cargo loop", tmp_path).reason
    (tmp_path / "package.json").write_text(json.dumps({"workspaces": ["."], "scripts": {"x": "npm run x -ws"}}))
    assert unattended("npm run x", tmp_path).action in ("allow", "ask")  # ends; the root is no member of itself


def test_workspace_walk_is_bounded(projects, monkeypatch):
    from terminus_edge.policy import workspaces as policy_workspaces

    monkeypatch.setattr(policy_workspaces, "MAX_FOLDERS", 2)
    assert unattended("pnpm -r run format", projects / "pnpm-workspace").action == "allow"  # not read: today's


def test_rake_one_line_brace_tasks_are_read(tmp_path):
    (tmp_path / "Rakefile").write_text('task(:fmt) { sh "rubocop -A" }\ntask :lint => [:fmt] { sh "rubocop" }\n'
                                       'task :x do; end\n')
    assert steps("rake", ["rake", "lint"], tmp_path) == [("fmt", "rubocop -A"), ("lint", "rubocop")]
    assert unattended("rake fmt", tmp_path).action == "ask"


def test_rake_symbol_array_prerequisites_and_library_tasks(tmp_path):
    (tmp_path / "Rakefile").write_text('require "rspec/core/rake_task"\nRSpec::Core::RakeTask.new(:spec)\n\n'
                                       'task :wipe do\n  rm_rf %w[tmp coverage]\nend\n'
                                       'task default: %i[spec wipe]\n')
    assert [line for _, line in steps("rake", ["rake"], tmp_path)][-1] == "rm -rf tmp coverage"
    assert unattended("rake", tmp_path).action == "ask"
    assert unattended("rake spec", tmp_path).action == "allow"  # defined by library code: not seen, today's behaviour
