"""The general rules held-out batch 7 prompted: a script retried through its interpreter after Permission denied, exit
statuses per input, output compared with an expected file, files a run should leave behind, tests counted without
running them, test warnings, the working tree's symlinks / duplicates / conflict markers / environment variable reads,
branches, deleted files, pins that conflict, versions that disagree, SQLite rows. Each rule runs on projects other
than the batch's, with real commands, plus requests it must leave alone."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from heldout_runs import (Git, ask, needs_git, needs_pytest, planned_commands, proj,  # noqa: F401 (proj: a fixture)
                          python3_has, write)
from terminus_edge.subagent.pin_conflicts import _clash

_git = Git("Ivo Brandt", "ivo@example.com", when="2024-05-01T10:00:00")


def test_a_script_that_is_not_executable_is_run_through_its_interpreter(proj):
    write(proj, {"lint.sh": "#!/bin/sh\necho 'style: 2 problems'\nexit 3\n"})
    (proj / "lint.sh").chmod(0o644)
    answer, commands = ask("Run ./lint.sh and tell me what it reports.", proj)
    assert commands == ["./lint.sh", "sh lint.sh"]
    assert "not executable" in answer and "exited with code 3" in answer and "style: 2 problems" in answer
    (proj / "lint.sh").chmod(0o755)  # executable: one run, no retry
    assert ask("Run ./lint.sh and tell me what it reports.", proj)[1] == ["./lint.sh"]


def test_exit_status_per_input_names_a_missing_file_that_exits_0(proj):
    write(proj, {"wc2.py": "import sys\ntry:\n    print(len(open(sys.argv[1]).read().split()))\nexcept OSError as e:\n"
                           "    print(f'error: {e}')\n", "in/words.txt": "a b c\n"})
    answer, commands = ask("Does `python3 wc2.py FILE` return a non-zero exit code for a missing file? Compare with "
                           "in/words.txt.", proj)
    assert commands == ["python3 wc2.py does-not-exist.txt", "python3 wc2.py in/words.txt"]
    assert "does-not-exist.txt (no such file): 0" in answer and "in/words.txt: 0 (3)" in answer
    assert "Exit status 0 although the output reports an error: does-not-exist.txt" in answer
    assert "does-not-exist" not in " ".join(planned_commands("Run `python3 wc2.py in/words.txt`", proj))


def test_output_compared_with_the_expected_file_names_the_differing_lines(proj):
    write(proj, {"upper.py": "import sys\nfor line in open(sys.argv[1]):\n    print(line.strip().upper())\n",
                 "cases/in.txt": "abc\nxyz\n", "cases/want.txt": "ABC\nXYz\n"})
    answer, commands = ask("Run upper.py on cases/in.txt and compare its output with cases/want.txt.", proj)
    assert commands == ["python3 upper.py cases/in.txt | diff - cases/want.txt"]
    assert "differs in 1 place: line 2: printed 'XYZ', expected 'XYz'" in answer
    (proj / "cases/want.txt").write_text("ABC\nXYZ\n")
    assert "matches cases/want.txt exactly" in ask("Run upper.py on cases/in.txt and compare its output with "
                                                   "cases/want.txt.", proj)[0]


def test_a_file_the_run_should_leave_behind_is_checked_after_it(proj):
    write(proj, {"Makefile": "out/report.txt:\n\tmkdir -p out\n\techo hi > out/summary.txt\n"})
    answer, commands = ask("Run `make` and check that out/report.txt exists afterwards.", proj)
    assert commands == ["make", "ls -ld out/report.txt; ls -l out"]
    assert "out/report.txt does not exist after the run. out/ holds: summary.txt." in answer
    assert planned_commands("Run `make` and tell me whether it works.", proj) == ["make"]


@needs_pytest
def test_counting_tests_collects_them_without_running_and_asking_outcomes_runs_them(proj):
    write(proj, {"tests/test_a.py": "import pytest\n\n@pytest.mark.parametrize('x', [1, 2])\ndef test_p(x):\n    assert x\n\n"
                                    "def test_q():\n    assert False\n", "pytest.ini": "[pytest]\n"})
    answer, commands = ask("How many tests are there in each file?", proj)
    assert commands == ["python3 -m pytest --collect-only -q -p no:cacheprovider"]
    assert "3 tests collected (not run) in 1 files: tests/test_a.py: 3" in answer and "failed" not in answer
    assert "--collect-only" not in " ".join(planned_commands("How many tests fail?", proj))


@needs_pytest
def test_warnings_of_a_test_run_are_listed_with_their_place_when_asked(proj):
    write(proj, {"test_w.py": "import warnings\n\ndef test_old():\n    warnings.warn('old api', FutureWarning)\n",
                 "pytest.ini": "[pytest]\n"})
    answer, _ = ask("Do the tests print any warnings?", proj)
    assert "1 warning listed in pytest's warnings summary: FutureWarning: old api (test_w.py:4; from test_w.py::test_old)" in answer
    assert "warnings summary: " not in ask("Do the tests pass?", proj)[0]


def test_broken_symlinks_duplicates_and_conflict_markers(proj):
    write(proj, {"a/x.txt": "same\n", "b/y.txt": "same\n", "b/z.txt": "other\n", "notes.rst": "Title\n=======\n",
                 "m.py": "<<<<<<< ours\nA = 1\n=======\nA = 2\n>>>>>>> theirs\n"})
    (proj / "a/link").symlink_to("../gone.txt")
    (proj / "a/ok").symlink_to("x.txt")
    answer, _ = ask("Are any symlinks broken?", proj)
    assert "1 broken symlink (target missing): a/link -> ../gone.txt." in answer and "a/ok" not in answer.split("\n\n")[0]
    answer, _ = ask("Are there duplicate files (identical content) under a/ or b/?", proj)
    assert "1 group of byte-for-byte identical files: a/x.txt = b/y.txt." in answer
    answer, _ = ask("Any leftover merge conflict markers?", proj)
    assert "Conflict markers left in 1 file: m.py (lines 1, 3, 5)." in answer and "notes.rst" not in answer.split("\n\n")[0]
    (proj / "m.py").write_text("A = 2\n")
    assert "No <<<<<<< or >>>>>>> markers; only lines that are exactly ======= (a heading underline?) in: notes.rst." in \
        ask("Any leftover merge conflict markers?", proj)[0]
    (proj / "notes.rst").unlink()
    assert "No conflict markers" in ask("Any leftover merge conflict markers?", proj)[0]


def test_where_an_environment_variable_is_read_with_its_defaults(proj):
    write(proj, {"app/settings.py": "import os\nTIMEOUT = 30\nLIMIT = int(os.getenv('SVC_LIMIT_MAX', TIMEOUT))\n",
                 "bin/run.sh": "#!/bin/sh\nexport SVC_LIMIT_MAX=5\necho \"${SVC_LIMIT_MAX:-9}\"\n",
                 "web/app.js": "const max = process.env.SVC_LIMIT_MAX || '7';\n"})
    answer, commands = ask("Where is SVC_LIMIT_MAX read, and what is the default?", proj)
    assert commands[1] == "grep -nE '^\\s*TIMEOUT\\s*(:[^=]*)?=[^=]' app/settings.py"
    assert "app/settings.py:3 (default when unset: TIMEOUT = 30)" in answer
    assert "bin/run.sh:3 (default when unset: 9)" in answer and "web/app.js:1 (default when unset: '7')" in answer
    assert "Set (not read) in: bin/run.sh:2" in answer
    assert planned_commands("What does SVC_LIMIT_MAX mean?", proj) != commands[:1]


@needs_git
def test_unmerged_branches_deleted_files_and_tests_per_branch(proj):
    write(proj, {"calc.py": "def add(a, b):\n    return a + b\n", "old.cfg": "x=1\n",
                 "test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(2, 2) == 4\n"})
    _git.commit(proj, "Calc")
    _git(proj, "checkout", "-q", "-b", "topic/minus")
    (proj / "calc.py").write_text("def add(a, b):\n    return a - b\n")
    _git.commit(proj, "Subtract instead", when="2024-05-02T10:00:00")
    _git(proj, "checkout", "-q", "main")
    (proj / "old.cfg").unlink()
    _git.commit(proj, "Remove old.cfg", when="2024-05-03T10:00:00", author="Noor Haddad")
    answer, _ = ask("Which branches are not merged into main yet?", proj)
    assert "1 local branch not merged into main: topic/minus (last commit: Subtract instead)." in answer
    answer, _ = ask("Who deleted old.cfg, and when?", proj)
    assert "was deleted in commit" in answer and "by Noor Haddad on 2024-05-03: 'Remove old.cfg'" in answer
    if python3_has("pytest"):
        answer, commands = ask("Compare the test results on main and topic/minus.", proj)
        assert "main: 1 passed; topic/minus: 1 failed (failing only there: test_add)" in answer
        assert (proj / ".git/HEAD").read_text().strip() == "ref: refs/heads/main"


def test_pins_that_no_version_satisfies(proj):
    assert _clash(("==", "1.4"), ("<", "1.4")) and _clash((">=", "2.0"), ("<", "1.9")) and _clash(("==", "1.0"), ("==", "1.1"))
    assert not _clash(("~=", "1.4"), ("==", "1.4.2")) and _clash((">=", "1.10"), ("==", "1.9.9"))
    write(proj, {"requirements.txt": "flask==3.0.0\nitsdangerous>=2.1\n", "requirements-test.txt": "-r requirements.txt\n"
                 "flask<3\nitsdangerous==2.1.2\n"})
    answer, _ = ask("Do the pins in the two requirements files conflict?", proj)
    assert "1 package has pins no single version satisfies (conflicts): flask: <3 (requirements-test.txt:2) vs ==3.0.0 " \
           "(requirements.txt:1)." in answer
    assert "Compatible across files: itsdangerous (==2.1.2, >=2.1)." in answer


def test_versions_that_disagree_and_versions_that_agree(proj):
    write(proj, {"package.json": '{\n  "name": "x",\n  "version": "0.9.0"\n}\n', "CHANGELOG.md": "# Changes\n\n## [1.0.0]\n"})
    answer, _ = ask("Do the version numbers in package.json and CHANGELOG.md agree?", proj)
    assert "The versions do not agree: package.json 0.9.0; CHANGELOG.md 1.0.0 (newest entry)." in answer
    (proj / "package.json").write_text('{\n  "version": "1.0.0"\n}\n')
    assert "The versions agree: every file says 1.0.0" in ask("Are the versions in sync?", proj)[0]


@pytest.mark.skipif(shutil.which("sqlite3") is None and shutil.which("python3") is None, reason="no sqlite3")
def test_sqlite_rows_where_a_named_column_is_null(proj):
    db = sqlite3.connect(proj / "shop.sqlite")
    db.execute("create table orders (id integer primary key, paid_at text)")
    db.executemany("insert into orders (paid_at) values (?)", [("2024-01-01",), (None,), ("2024-01-03",)])
    db.commit()
    db.close()
    answer, commands = ask("How many orders in shop.sqlite have paid_at is null?", proj)
    assert "-readonly" in commands[0] or "mode=ro" in commands[0]
    assert "1 of 3 rows of orders have paid_at NULL (id|paid_at): 2|." in answer
    assert planned_commands("How many orders in shop.sqlite are there?", proj) != commands
