"""Unattended policy, round 7: a tool's own output option is a write (onto an existing file, an overwrite), package
launchers and their shell lines are decided as if typed, pdm/hatch/rye scripts, mix aliases and sbt commands are read,
Gradle's rule-made tasks and project dependencies are followed (checked against real Gradle 4.4.1), Maven's
purge-local-repository and wrapper goals ask. The projects under tests/data/policy_round7/ (each with expect.json) and
its hook_lines.json were written before the fixes (benchmarks/policy_probe.py decides the same)."""

from __future__ import annotations

import pytest

from policy_rounds import copy_projects, expect_params, hook, hook_lines, round_cases, unattended
from terminus_edge.policy import decide
from terminus_edge.policy.launchers import launched
from terminus_edge.policy.outputs import output_files

# policy_round7b: a second batch written after round 7's fixes, before they were measured on it
CASES = round_cases("policy_round7*")
HOOK_LINES = hook_lines("policy_round7")


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    return copy_projects(tmp_path_factory.mktemp("round7"), CASES)


@pytest.mark.parametrize("case, command", expect_params(CASES, "ask"))
def test_what_the_command_runs_or_writes_asks(case, command, projects):
    assert unattended(command, projects / case).action == "ask"


@pytest.mark.parametrize("case, command", expect_params(CASES, "allow"))
def test_look_alike_stays_allowed(case, command, projects):
    assert unattended(command, projects / case).action == "allow"


@pytest.mark.parametrize("command", HOOK_LINES["deny"])
def test_hook_denies_a_catastrophe_inside_a_launcher_or_output_option(command, tmp_path):
    assert hook(command, tmp_path).get("permissionDecision") == "deny"


@pytest.mark.parametrize("command", HOOK_LINES["not_deny"])
def test_hook_does_not_deny_what_is_no_catastrophe(command, tmp_path):
    assert hook(command, tmp_path).get("permissionDecision") != "deny"


@pytest.mark.parametrize("command, files", [
    ("curl -sSLo out.json https://x/y", ["out.json"]), ("curl -H 'o: x' https://x/y", []),
    ("curl -O https://x/a/b.tar.gz", ["b.tar.gz"]), ("wget -qO- https://x", ["-"]), ("wget -o log.txt https://x", ["log.txt"]),
    ("sort -t o -k2 names", []), ("sort -uo out names", ["out"]), ("sort --output=o.txt f", ["o.txt"]),
    ("tar -czvf a.tgz src", ["a.tgz"]), ("tar xzf a.tgz", []), ("tar cvbf 20 a.tar src", ["a.tar"]),
    ("tar -rf a.tar x", []), ("tar --create -f a.tar src", ["a.tar"]), ("gcc -O2 -oapp main.c", ["app"]),
    ("grep -o x f", []), ("ps -o pid", []), ("ruff check --output-file=r.txt .", ["r.txt"]),
    ("openssl req -new -keyout k.pem -out c.pem", ["k.pem", "c.pem"]), ("docker image save -o i.tar app", ["i.tar"]),
    ("docker run -o x img", []), ("uv pip compile -o r.txt r.in", ["r.txt"]), ("uv pip install -o x", []),
])
def test_output_files_are_read_per_tool(command, files):
    words = command.split() if "'" not in command else ["curl", "-H", "o: x", "https://x/y"]
    assert output_files(words[0], words) == files


def test_a_compiler_rebuilding_its_own_output_is_no_overwrite(tmp_path):
    (tmp_path / "main.c").write_text("int main(void){return 0;}\n")
    (tmp_path / "app").write_bytes(b"\x7fELF" + bytes(60))
    (tmp_path / "main.o").write_bytes(b"\x7fELF" + bytes(60))
    (tmp_path / "notes.md").write_text("notes\n")
    (tmp_path / "wc2").write_text("a placeholder binary\n")
    assert unattended("gcc -o app main.c", tmp_path).action == "allow"
    assert unattended("cc -c main.c -o main.o", tmp_path).action == "allow"
    assert unattended("cc -o wc2 main.c", tmp_path).action == "allow"  # an executable's name
    assert unattended("gcc -o notes.md main.c", tmp_path).action == "ask"
    assert unattended("cc -o main.c main.c", tmp_path).action == "ask"
    assert unattended("curl -o app https://example.com/app", tmp_path).action == "ask"  # not a compiler


def test_an_output_option_outside_the_tree_is_denied_and_a_variable_is_not_asked_about(tmp_path):
    assert unattended("sort -o /etc/hosts names", tmp_path).action == "deny"
    assert unattended("gcc -o ~/bin/app main.c", tmp_path).action == "deny"
    assert unattended('tar -czf "dist/app-$VERSION.tgz" src', tmp_path).action == "allow"
    assert decide("sort -o /etc/hosts names", cwd=tmp_path, mode="auto").action == "deny"  # attended too


@pytest.mark.parametrize("command, run, line", [
    ("npx -y rimraf@5 dist", ["rm", "-rf", "dist"], None), ("npx @biomejs/biome@1.9 format .", ["biome", "format", "."], None),
    ("npm exec --package=x -- tool a", ["tool", "a"], None), ("npm exec -c 'rm -rf x'", [], "rm -rf x"),
    ("npx --call='make clean'", [], "make clean"), ("pnpm dlx -c echo hi", [], "echo hi"),
    ("uv tool run --from black black src", ["black", "src"], None), ("pipx run --spec x y z", ["y", "z"], None),
    ("mix cmd --app a rm -rf x", [], "rm -rf x"), ("shx rm -rf dist", ["rm", "-rf", "dist"], None),
    ("rimraf --version", [], None), ("npm test", [], None), ("npx", [], None),
    ("pnpm --package=rimraf dlx rimraf dist", ["rm", "-rf", "dist"], None), ("npm -w web exec -- jest", ["jest"], None),
])
def test_launched_command(command, run, line):
    from terminus_edge import shell_words

    assert launched(shell_words.split(command)) == (run, line)


def test_pdm_runs_pre_and_post_scripts_and_hatch_fills_args(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pdm.scripts]\npre_test = "rm -rf .pytest_cache"\ntest = "pytest"\ncheck = {call = "app.tasks:check"}\n'
        '[tool.hatch.envs.default.scripts]\nt = "pytest {args:tests}"\n[tool.hatch.envs.lint.scripts]\n'
        'fix = "ruff check --fix {args}"\n')
    assert "rm -rf .pytest_cache" in unattended("pdm run test", tmp_path).reason
    assert "not read" in unattended("pdm run check", tmp_path).reason
    assert unattended("hatch run t", tmp_path).action == "allow"
    assert unattended("hatch run lint:fix src", tmp_path).action == "ask"
    assert unattended("hatch run fix", tmp_path).action == "allow"  # lint's script, not the default env's


def test_a_mix_alias_naming_its_own_task_runs_the_task(tmp_path):
    (tmp_path / "mix.exs").write_text('defmodule A.MixProject do\n  defp aliases do\n    [test: ["ecto.create --quiet",'
                                      ' "test"], format: ["format", "credo"], setup: &setup/1]\n  end\nend\n')
    test = unattended("mix test", tmp_path)
    assert test.action == "allow", test.reason
    assert "formatter" in unattended("mix format", tmp_path).reason  # mix's own format, then credo
    assert "not read" in unattended("mix setup", tmp_path).reason


def test_gradle_builds_a_project_dependency_first(tmp_path):
    (tmp_path / "settings.gradle").write_text("include 'app', 'lib'\n")
    (tmp_path / "build.gradle").write_text("subprojects { apply plugin: 'java' }\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "lib" / "build.gradle").write_text("task purge(type: Delete) { delete 'cache' }\njar.dependsOn purge\n")
    (tmp_path / "app" / "build.gradle").write_text("dependencies {\n    implementation project(':lib')\n}\n")
    assert "rm -rf cache" in unattended("gradle :app:compileJava", tmp_path).reason
    (tmp_path / "app" / "build.gradle").write_text("dependencies {\n}\n")
    assert unattended("gradle :app:compileJava", tmp_path).action == "allow"
