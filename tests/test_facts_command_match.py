"""A family is chosen by the program a command runs, not by a tool's name inside a file argument
(`cat build/make.log` is not a make run; `./node_modules/.bin/jest` is a jest run)."""

from __future__ import annotations

import pytest

from linear_time import assert_linear

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.registry import select_families


def names(command: str) -> list[str]:
    return [family.NAME for family in select_families(command, "")]


@pytest.mark.parametrize("command", [
    "cat build/make.log", "less logs/pytest-output.txt", "cat src/gcc/notes.txt", "vim jest.config.js", "cat make-output.txt",
    "tail -n 50 ci/cargo.log", "cat docs/git.md", "cat tools/mypy.ini", "cat 'logs/go test.txt'", "cat src/make", "wc -l scripts/eslint.sh",
])
def test_a_tool_name_in_a_file_argument_selects_no_family(command):
    assert names(command) == []


@pytest.mark.parametrize("command, family", [
    ("make", "cc"), ("cd build && ../configure --prefix=/usr", "cc"), ("./node_modules/.bin/jest", "jest"), ("/usr/bin/gcc -c a.c", "cc"),
    ("gcc-12 a.c", "cc"), ("bash ./gradlew build", "maven-gradle"), ("xargs -n1 /usr/bin/cargo", "cargo"), (".venv/bin/pytest -q", "pytest"),
    ("pytest --cov=./src", "coverage"), ("python3 /srv/app/manage.py test", "unittest"), ("gradlew.bat build", "maven-gradle"),
    ("timeout 30 /usr/bin/make -j4", "cc"), ("FOO=1 ./configure", "cc"), ("cmake --build build/cmake", "cc"), ("npx eslint .", "eslint"),
])
def test_the_program_still_selects_its_family(command, family):
    assert family in names(command)


def test_a_log_of_a_build_read_with_cat_is_not_summarized_as_the_build():
    facts = extract_facts("cat build/make.log", "compiled 12 objects\nall done\n", 0)
    assert "cc" not in facts.tools


@pytest.mark.parametrize("command, family", [
    ("sudo -u ci /usr/bin/make -j2", "cc"), ("env -C build /usr/bin/ninja", "cc"), ("nice -n 5 ./gradlew test", "maven-gradle"),
])
def test_a_wrapper_with_option_values_still_runs_the_program(command, family):
    assert family in names(command)


@pytest.mark.parametrize("command, family", [("cat -n build/make", "cc"), ("python3 tools/report.py out/cargo", "cargo"),
                                             ("grep -c x logs/pytest", "pytest")])
def test_a_path_after_a_plain_program_is_an_argument(command, family):
    assert family not in names(command)


def test_a_long_command_naming_a_tool_in_many_paths_is_checked_quickly():
    assert "cc" not in names("x " + "/make " * 30000)  # every word a path ending in a tool's name: once quadratic (a minute)
    assert_linear(lambda n: names("x " + "/make " * n), 7_500, "names()")
