"""Test runners detect.py finds beyond the ecosystems' conventions: tox.ini's own commands (run without tox), Perl's
prove over t/*.t, and a project's own test script (a TAP-printing tests/run.sh).

    tox_commands(root, python) -> [str]      the first [testenv] test command, in tox's changedir
    perl_tests(root, project)                 adds `prove -lv t` to project.test
    script_tests(root, project)               adds tests/run.sh (or the like) when nothing else runs tests
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import first_line
from terminus_edge.subagent.purpose import command_kind

_RUNNERS = ("python3", "python", "pytest", "py.test", "coverage", "nose2", "stestr", "green", "trial")


def tox_commands(root: Path, python: str) -> list[str]:
    """tox.ini's [testenv] commands run as tox would (in its changedir), without tox: what CI runs, and the test
    files it names may follow no pattern plain discovery finds. Only runner lines; {posargs} dropped."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(root / "tox.ini", encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return []
    if not parser.has_section("testenv"):
        return []
    changedir = parser.get("testenv", "changedir", fallback="").strip()
    if changedir in ("{toxinidir}", "."):
        changedir = ""
    commands = []
    for line in parser.get("testenv", "commands", fallback="").splitlines():
        line = re.sub(r"\{posargs(:[^}]*)?\}", "", line.strip().lstrip("-")).strip()
        if not line or "{" in line or line.split()[0] not in _RUNNERS or command_kind(line) != "test":
            continue
        line = re.sub(r"^python3?\b", python, line)
        ok = re.fullmatch(r"[\w./-]+", changedir) and ".." not in changedir.split("/") and (root / changedir).is_dir()
        commands.append(f"cd {changedir} && {line}" if changedir and ok else line)
    return commands[:1]


def perl_tests(root: Path, project) -> None:
    """A Perl distribution or a plain t/ folder of *.t files: prove runs them (-l puts lib/ on @INC)."""
    if not (root / "t").is_dir() or not list((root / "t").glob("*.t")):
        return
    project.kinds.append("perl")
    if shutil.which("prove"):
        project.test.append("prove -lv t")
    elif (root / "Makefile.PL").is_file():
        project.test.append("perl Makefile.PL && make test")


_TEST_SCRIPTS = ("tests/run.sh", "tests/run_tests.sh", "tests/test.sh", "test/run.sh", "test/run_tests.sh", "test/test.sh",
                 "run_tests.sh", "run-tests.sh", "test.sh", "scripts/test.sh", "scripts/run_tests.sh", "bin/test")


def script_tests(root: Path, project) -> None:
    """A project whose test runner is its own shell script (a TAP-printing tests/run.sh): the script, when
    nothing else runs tests."""
    if project.test:
        return
    for name in _TEST_SCRIPTS:
        path = root / name
        if path.is_file():
            runnable = os.access(path, os.X_OK) and first_line(path).startswith("#!")
            project.test.append(name if runnable else f"bash {name}")
            return
