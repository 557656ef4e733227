"""Test runners detect.py finds beyond the ecosystems' conventions: tox.ini's own commands (run without tox), Perl's
prove over t/*.t, Ruby's rake / rspec / minitest files, and a project's own test script (a TAP-printing tests/run.sh).

    tox_commands(root, python) -> [str]      the first [testenv] test command, in tox's changedir
    perl_tests(root, project)                 adds `prove -lv t` to project.test
    ruby_tests(root, project)                 adds `rake test` (Rake::TestTask), `rspec`, or ruby over test/test_*.rb
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


_RAKE_TEST = re.compile(r"Rake::TestTask|\btask\s*(?:\(\s*)?(?::test\b|[\"']test[\"']|test:)", re.M)
_RAKE_SPEC = re.compile(r"RSpec::Core::RakeTask")
_MINITEST_FILE = re.compile(r"(?<!\w)(?:test_\w+|\w+_test)\.rb$")
MAX_RUBY_FILES = 20


def ruby_tests(root: Path, project) -> None:
    """A Ruby project: its Rakefile's test task (`bundle exec` first when a Gemfile.lock pins the gems and bundler is
    here), else rspec over spec/*_spec.rb, else each minitest file of test/ loaded by one ruby (lib/ and test/ on the
    load path, as Rake::TestTask sets them)."""
    rakefile = next((root / n for n in ("Rakefile", "rakefile", "Rakefile.rb") if (root / n).is_file()), None)
    try:
        rake = rakefile.read_text(encoding="utf-8", errors="replace")[:200_000] if rakefile else ""
    except OSError:
        rake = ""
    specs = (root / "spec").is_dir() and any((root / "spec").rglob("*_spec.rb"))
    tests = sorted(p for p in (root / "test").rglob("*.rb") if _MINITEST_FILE.match(p.name)) if (root / "test").is_dir() else []
    if not (rakefile or specs or tests):
        return
    project.kinds.append("ruby")
    bundled = "bundle exec " if (root / "Gemfile.lock").is_file() and shutil.which("bundle") else ""
    if _RAKE_TEST.search(rake) and shutil.which("rake"):
        project.test += list(dict.fromkeys([f"{bundled}rake test", "rake test"]))
    elif _RAKE_SPEC.search(rake) and shutil.which("rake"):
        project.test += list(dict.fromkeys([f"{bundled}rake spec", "rake spec"]))
    elif specs and (shutil.which("rspec") or bundled):
        project.test.append(f"{bundled}rspec" if bundled or not shutil.which("rspec") else "rspec")
    elif tests and shutil.which("ruby"):
        files = " ".join(str(p.relative_to(root)) for p in tests[:MAX_RUBY_FILES])
        project.test.append(f"ruby -Ilib -Itest -e 'ARGV.each {{ |f| require File.expand_path(f) }}' {files}")


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
