"""The general rules held-out batch 5 prompted (and batch 1's c-header-error): C syntax errors and the later errors
that name the same token, -Werror builds, and the question plans added in session 8. Each rule is checked on projects
other than the batch's, including the requests it must leave alone."""

from __future__ import annotations

import shutil

import pytest

from terminus_edge.subagent.compile_errors import cascade_note, syntax_error_followup, werror_line, werror_plan
from heldout_runs import planned_commands
from terminus_edge.subagent.planner import RulesPlanner
from terminus_edge.subagent.records import CommandRecord


def _plan(query, cwd):
    return planned_commands(query, cwd)


CLANG_STYLE = """gcc -c -o obj/list.o src/list.c
src/list.h:8:1: error: expected ';', identifier or '(' before 'int'
src/list.h:9:5: error: unknown type name 'node_t'
src/list.c:4:1: error: unknown type name 'node_t'
src/list.c:12:9: error: 'count' undeclared (first use in this function)
make: *** [Makefile:5: obj/list.o] Error 1
"""


@pytest.fixture
def c_project(tmp_path):
    root = tmp_path / "c"
    (root / "src").mkdir(parents=True)
    (root / "src" / "list.h").write_text("#pragma once\ntypedef struct node {\n    int v;\n    struct node *next;\n"
                                         "} node_t\n\n/* the API */\nint list_len(node_t *n);\n")
    (root / "src" / "list.c").write_text("#include \"list.h\"\nint x;\n")
    return root


def test_syntax_error_points_at_the_statement_before_and_counts_follow_on_errors(c_project):
    record = CommandRecord("make", "build", "rules", exit_code=2, output=CLANG_STYLE)
    step = syntax_error_followup(c_project, record)
    assert step is not None and step.windows == (("src/list.h", 4, 8),)  # from the line above `} node_t` to the error
    note = cascade_note(record, c_project)
    assert "src/list.h:5 (`} node_t`), does not end with ';'" in note
    # only the errors that name the token count; the undeclared 'count' is not claimed to follow from it
    assert "0 of the 3 later errors" not in note and "name ‘int’" not in note
    assert "None of the 3 later errors names ‘int’" in note


def test_cascade_note_counts_only_errors_naming_the_token(tmp_path):
    (tmp_path / "a.h").write_text("struct s { int a; } thing\n\nthing make(void);\n")
    out = ("a.h:3:1: error: expected ‘;’ before ‘thing’\na.h:3:1: error: unknown type name ‘thing’\n"
           "b.c:9:3: error: ‘y’ undeclared\n")
    note = cascade_note(CommandRecord("make", "build", "rules", exit_code=2, output=out), tmp_path)
    assert "a.h:1 (`struct s { int a; } thing`), does not end with ';'" in note
    assert "1 of the 2 later errors name ‘thing’ too" in note and "likely follow-on" in note


def test_no_cascade_note_for_other_errors_or_a_clean_line(tmp_path):
    (tmp_path / "a.c").write_text("int main(void) {\n    return 0;\n    foo bar;\n}\n")
    other = "a.c:3:5: error: unknown type name ‘foo’\n"
    assert cascade_note(CommandRecord("make", "build", "rules", exit_code=2, output=other), tmp_path) == ""
    expected = "a.c:3:9: error: expected ‘=’, ‘,’, ‘;’, ‘asm’ or ‘__attribute__’ before ‘bar’\n"
    note = cascade_note(CommandRecord("make", "build", "rules", exit_code=2, output=expected), tmp_path)
    assert "does not end with" not in note  # `return 0;` ends with ';': nothing claimed about it
    assert cascade_note(CommandRecord("make", "build", "rules", exit_code=0, output=expected), tmp_path) == ""


def test_werror_plan_keeps_the_makefile_flags(tmp_path):
    (tmp_path / "Makefile").write_text("CFLAGS ?= -O2 -Iinc\nCFLAGS += -Wall\nall:\n\tcc $(CFLAGS) -o x x.c\n")
    assert [s.command for s in werror_plan("would it build with -Werror?", tmp_path)] == \
        ["make -B CFLAGS='-O2 -Iinc -Wall -Werror'"]
    assert _plan("Does this compile with warnings treated as errors?", tmp_path) == \
        ["make -B CFLAGS='-O2 -Iinc -Wall -Werror'"]
    assert werror_plan("does it compile?", tmp_path) == []


@pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo missing")
def test_werror_plan_for_cargo(tmp_path):
    (tmp_path / "Cargo.toml").write_text("[package]\nname='x'\nversion='0.1.0'\n")
    assert [s.command for s in werror_plan("does it build with -D warnings", tmp_path)] == \
        ["RUSTFLAGS='-D warnings' cargo build"]


def test_werror_line_reads_the_exit_code():
    failed = CommandRecord("make -B CFLAGS=-Werror", "build", "rules", exit_code=2)
    assert werror_line("with -Werror?", [failed]).startswith("No: with warnings as errors")
    ok = CommandRecord("make -B CFLAGS=-Werror", "build", "rules", exit_code=0)
    assert werror_line("with -Werror?", [ok]).startswith("Yes:")
    assert werror_line("does it build?", [ok]) == ""


def _run_steps(steps, cwd):
    import subprocess

    return [subprocess.run(["bash", "-c", s.command], cwd=cwd, capture_output=True, text=True) for s in steps]


def test_csv_validity_names_each_row_with_another_field_count(tmp_path):
    from terminus_edge.subagent.question_plans import question_plan

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "people.csv").write_text('name,age\n"Lee, Ann",31\nBo,40,extra\nCy\n')
    steps = question_plan("is people.csv valid?", tmp_path)  # a bare name: the one file of that name further down
    assert len(steps) == 1 and "in/people.csv" in steps[0].command
    done = _run_steps(steps, tmp_path)[0]
    assert done.returncode == 1
    assert done.stdout.strip().splitlines()[-1] == \
        "2 of 3 data lines do not have the 2 fields of the header: line 3: 3 fields; line 4: 1 fields"
    (tmp_path / "in" / "people.csv").write_text('name,age\n"Lee, Ann",31\n')
    done = _run_steps(steps, tmp_path)[0]
    assert done.returncode == 0 and "in/people.csv: valid CSV" in done.stdout


def test_json_lines_validity_lists_the_bad_lines(tmp_path):
    from terminus_edge.subagent.question_plans import question_plan

    (tmp_path / "a.ndjson").write_text('{"a": 1}\n\n{"a": 2\n[1, 2]\n{bad}\n')
    steps = question_plan("Which lines of a.ndjson are not valid JSON?", tmp_path)
    done = _run_steps(steps, tmp_path)[0]
    assert done.returncode == 1 and done.stdout.strip().splitlines()[-1] == "2 of 5 lines are not valid JSON: lines 3, 5"


def test_bare_file_names_resolve_only_when_unique(tmp_path):
    from terminus_edge.subagent.question_common import named_paths

    for folder in ("a", "b", "node_modules/x"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "a" / "conf.json").write_text("{}")
    (tmp_path / "b" / "conf.json").write_text("{}")
    (tmp_path / "a" / "only.toml").write_text("")
    (tmp_path / "node_modules" / "x" / "dep.json").write_text("{}")
    assert named_paths("is conf.json or only.toml or dep.json valid, e.g. v1.2.0?", tmp_path) == ["a/only.toml"]


def test_migration_requests_run_the_projects_migrate_command_then_its_status(tmp_path):
    from terminus_edge.subagent.migrations import asks_to_migrate, migration_plan

    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "dbmigrate.py").write_text('"""usage: dbmigrate.py apply | dbmigrate.py list"""\nif __name__ == "__main__":\n'
                                        '    pass\n')
    assert [s.command for s in migration_plan("please apply the pending migrations", tmp_path)] == \
        ["python3 tools/dbmigrate.py apply", "python3 tools/dbmigrate.py list"]
    (tmp_path / "package.json").write_text('{"scripts": {"db:migrate": "knex migrate:latest", '
                                           '"db:migrate:status": "knex migrate:status", "test": "jest"}}')
    assert [s.command for s in migration_plan("Run the DB migrations", tmp_path)][0] == "npm run db:migrate"
    (tmp_path / "Makefile").write_text("migrate-status:\n\techo s\nmakemigrations:\n\techo m\nmigrate:\n\techo go\n")
    assert _plan("Re-run the migrations.", tmp_path) == ["make migrate", "python3 tools/dbmigrate.py list"]
    # questions and do-not-run requests never apply anything
    for query in ("Which migrations are pending?", "Don't run the migrations, just list them",
                  "why did the migration fail yesterday?", "the migrations ran, now run the tests"):
        assert not asks_to_migrate(query) or query.startswith("Don't"), query
        assert "make migrate" not in _plan(query, tmp_path), query


def test_django_migrate(tmp_path):
    from terminus_edge.subagent.migrations import migration_plan

    (tmp_path / "manage.py").write_text("import sys\n")
    assert [s.command for s in migration_plan("migrate the database", tmp_path)] == \
        ["python3 manage.py migrate", "python3 manage.py showmigrations"]


def test_pinned_version_reads_the_projects_files_not_the_installed_package(tmp_path):
    from terminus_edge.subagent.pins import pin_report

    (tmp_path / "requirements.txt").write_text("flask==2.3.3\nclick-extra==1.0\nclick==8.0.4  # old\n")
    (tmp_path / "package.json").write_text('{"dependencies": {"click": "^0.1.0"}}\n')
    query = "Which click version does this project pin?"
    steps = _plan(query, tmp_path)
    assert len(steps) == 1 and steps[0].startswith("grep -nHiE") and "pip show" not in steps[0]
    done = _run_steps([CommandRecord(steps[0], "info", "rules")], tmp_path)[0]
    record = CommandRecord(steps[0], "info", "rules", exit_code=done.returncode, output=done.stdout)
    report = pin_report(query, [record])
    assert "requirements.txt:3 `click==8.0.4  # old`" in report and "click-extra" not in report
    assert 'package.json:1' in report
    (tmp_path / "go.mod").write_text("module x\n\nrequire (\n\tgolang.org/x/text v0.3.0 // indirect\n)\n")
    go = CommandRecord("grep -nHiE x go.mod", "info", "rules", exit_code=0,
                       output="go.mod:4:\tgolang.org/x/text v0.3.0 // indirect\n")
    assert "(marked // indirect)" in pin_report("what version of golang.org/x/text is pinned", [go])
    assert _plan("what version of flask is installed?", tmp_path)[0].endswith("pip show flask")  # installed: unchanged


def test_lock_sync_reports_from_cargos_own_refusal():
    from terminus_edge.subagent.pins import lock_sync_report

    refused = CommandRecord("cargo metadata --locked --offline --format-version 1 > /dev/null", "check", "rules",
                            exit_code=101, output="error: cannot update the lock file /r/Cargo.lock because --locked "
                                                  "was passed to prevent this\n")
    listing = CommandRecord(r"grep -nHE '^\[|^[A-Za-z0-9_-]+ *=|^name = ' Cargo.toml Cargo.lock", "info", "rules",
                            exit_code=0, output='Cargo.toml:1:[package]\nCargo.toml:2:name = "app"\n'
                                                'Cargo.toml:5:[dependencies]\nCargo.toml:6:serde = "1"\n'
                                                'Cargo.toml:7:core = { path = "core" }\nCargo.toml:9:[features]\n'
                                                'Cargo.toml:10:fast = []\nCargo.lock:4:name = "serde"\n')
    report = lock_sync_report([refused, listing])
    assert report.startswith("No: Cargo.lock is out of date") and report.endswith("not in Cargo.lock: core.")
    other = CommandRecord(refused.command, "check", "rules", exit_code=101, output="error: failed to download `serde`\n")
    assert lock_sync_report([other]) == ""  # offline without the crates: no verdict either way
    ok = CommandRecord(refused.command, "check", "rules", exit_code=0)
    assert lock_sync_report([ok]).startswith("Yes:")
    npm = CommandRecord("npm ls --package-lock-only --all", "check", "rules", exit_code=1,
                        output="npm error code ELSPROBLEMS\nnpm error missing: ms@^2.1.0, required by x@1.0.0\n")
    assert lock_sync_report([npm]) == "No: package-lock.json does not match package.json: missing: ms@^2.1.0, required by x@1.0.0."


def _git(cwd, *args):
    import subprocess

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _answer(query, cwd):
    """Plan and run the read-only steps here (the policy is not in the way of these); the assembled answer."""
    import subprocess

    from terminus_edge.subagent.answer import assemble_answer

    planner, records = RulesPlanner(query, cwd), []
    while (step := planner.next(records)) is not None and len(records) < 6:
        done = subprocess.run(["bash", "-c", step.command], cwd=cwd, capture_output=True, text=True)
        records.append(CommandRecord(step.command, step.kind, step.origin, exit_code=done.returncode,
                                     output=done.stdout + done.stderr))
    return [r.command for r in records], assemble_answer(query, records, cwd)


@pytest.mark.skipif(shutil.which("git") is None, reason="git missing")
def test_git_questions(tmp_path):
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text("1\n")
    _git(tmp_path, "add", "a.txt")
    _git(tmp_path, "commit", "-q", "-m", "one")
    _git(tmp_path, "tag", "0.9")
    commands, answer = _answer("Is the working tree clean?", tmp_path)
    assert commands == ["git status --short"] and "Clean: `git status --short` lists no" in answer
    (tmp_path / "b.txt").write_text("2\n")
    (tmp_path / "a.txt").write_text("changed\n")
    _git(tmp_path, "add", "b.txt")
    _git(tmp_path, "commit", "-q", "-m", "add b")
    (tmp_path / "new.txt").write_text("n\n")
    commands, answer = _answer("anything I haven't committed?", tmp_path)
    assert "Not clean: changed but not staged: a.txt (modified); untracked: new.txt." in answer
    commands, answer = _answer("What changed since the latest tag?", tmp_path)
    assert commands == ["git describe --tags --abbrev=0", "git log --oneline 0.9..HEAD && git diff --stat 0.9..HEAD"]
    assert "Since 0.9: 1 commit (newest first):" in answer and "add b" in answer and "Files: b.txt" in answer
    commands, _ = _answer("list the commits since 0.9", tmp_path)
    assert commands == ["git log --oneline 0.9..HEAD && git diff --stat 0.9..HEAD"]


def test_git_questions_outside_a_repository_plan_no_git(tmp_path):
    (tmp_path / "x.py").write_text("print(1)\n")
    assert not any(c.startswith("git ") for c in _plan("is the working tree clean?", tmp_path))


def test_make_targets_listed_with_their_recipes(tmp_path):
    (tmp_path / "Makefile").write_text("X = 1\n.PHONY: a b\na b: dep\n\techo $(X)\n\n# note: c:\nc:: \n\t@true\n"
                                       "%.o: %.c\n\tcc -c $<\nV := 2\n")
    commands, answer = _answer("which make targets are there?", tmp_path)
    assert commands == ["cat -n Makefile"]
    assert ("4 targets in the Makefile (pattern rules have %): a (needs dep): echo $(X); b (needs dep): echo $(X); "
            "c: @true; %.o (needs %.c): cc -c $<. Phony: a b.") in answer
    assert _plan("run the make target for tests", tmp_path) != ["cat -n Makefile"]


def test_lines_per_language_skips_dependency_and_excluded_folders(tmp_path):
    for folder in ("src", "third_party", "node_modules/x", ".git"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "src" / "a.go").write_text("package a\n\nfunc A() {}\n")
    (tmp_path / "src" / "b.rs").write_text("fn main() {}\n")
    (tmp_path / "third_party" / "c.go").write_text("package c\n" * 50)
    (tmp_path / "node_modules" / "x" / "i.js").write_text("x\n" * 9)
    (tmp_path / "README.md").write_text("# r\n")
    commands, answer = _answer("How many lines of code per language, excluding third_party?", tmp_path)
    assert "Lines per language (wc -l: every line, blank lines and comments included; third_party/ not counted): " \
           "Go 3 (1 file), Rust 1 (1 file)." in answer
    _, answer = _answer("count lines of code", tmp_path)
    assert "Go 53 (2 files)" in answer and "JavaScript" not in answer


def test_slow_test_questions_use_the_runners_own_timings(tmp_path):
    from terminus_edge.subagent.test_timings import durations_report, timed_command

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("import pytest\ndef test_a():\n    pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    steps = _plan("what are the 2 slowest tests?", tmp_path)
    assert steps and steps[0].endswith("--durations=2"), steps
    assert not _plan("run the tests", tmp_path)[0].endswith("--durations=5")
    assert timed_command("go test ./...", 5) == "go test -v ./..." and timed_command("npm test", 5) == "npm test"
    go = CommandRecord("go test -v ./...", "test", "rules", exit_code=0,
                       output="=== RUN   TestA\n--- PASS: TestA (0.01s)\n=== RUN   TestB\n--- PASS: TestB (1.20s)\n"
                              "    --- PASS: TestB/sub (1.10s)\nok  \tx\t1.3s\n")
    assert durations_report("which tests take the longest?", [go]) == \
        "Test durations, longest first (from go test -v, 3 tests timed): TestB 1.20 s; TestB/sub 1.10 s; TestA 10.0 ms."
    tap = CommandRecord("node --test", "test", "rules", exit_code=0, output=(
        "# Subtest: outer\n    # Subtest: inner\n    ok 1 - inner\n      ---\n      duration_ms: 900.5\n      ...\n"
        "ok 1 - outer\n  ---\n  duration_ms: 950.1\n  type: 'suite'\n  ...\n# Subtest: quick\nok 2 - quick\n  ---\n"
        "  duration_ms: 3.25\n  ...\n1..2\n# duration_ms 1000\n"))
    assert durations_report("slowest tests?", [tap]) == \
        "Test durations, longest first (from TAP duration_ms, 2 tests timed): outer 0.95 s; quick 3.2 ms."
    assert durations_report("run the tests", [tap]) == ""


def test_rule_tally_counts_each_code_when_asked():
    from terminus_edge.subagent.answer_questions import rule_tally

    diags = [{"code": "F401", "file": "a.py", "message": "'os' imported but unused"},
             {"code": "E501", "file": "a.py", "message": "line too long (99 > 79 characters)"},
             {"code": "F401", "file": "b.py", "message": "'re' imported but unused"}, {"code": None, "message": "x"}]
    record = CommandRecord("flake8", "check", "rules", exit_code=1, facts={"diagnostics": diags})
    assert rule_tally("which lint rules fail, and how often?", record) == \
        (" By rule, 3 findings in 2 files (a.py, b.py): F401: 2 times ('os' imported but unused); "
         "E501: 1 time (line too long (99 > 79 characters)).")
    assert rule_tally("is lint clean?", record) == ""


def test_paraphrases_reach_the_new_plans(tmp_path):
    (tmp_path / "Makefile").write_text("lint:\n\tshellcheck *.sh\nmigrate:\n\tpython3 migrate.py up\n")
    (tmp_path / "migrate.py").write_text('"""usage: migrate.py up | migrate.py status"""\nif __name__ == "__main__":\n'
                                         '    pass\n')
    assert _plan("which shellcheck rules fire?", tmp_path) == ["make lint"]
    assert _plan("apply pending migrations please", tmp_path) == ["make migrate", "python3 migrate.py status"]
    assert _plan("which migrations are pending?", tmp_path) == ["python3 migrate.py status"]
    assert _plan("what can I run with make?", tmp_path) == ["cat -n Makefile"]


def test_pinned_and_installed_asked_together(tmp_path):
    (tmp_path / "requirements.txt").write_text("click==8.0.4\n")
    steps = _plan("Which click version is pinned, and which one is installed?", tmp_path)
    assert steps[0].startswith("grep -nHiE") and steps[1].endswith("pip show click")


def test_later_errors_naming_the_same_punctuation_are_not_called_follow_on(tmp_path):
    # gcc 12, real: a missing operand on line 2, a missing ';' on line 3: two mistakes, both naming ‘;’
    (tmp_path / "a.c").write_text("#include <stdio.h>\nint f(int x) { return x + ; }\n"
                                  "int main(void) { int y = undeclared_var; printf(\"%d\\n\", y); return 0 }\n")
    out = ("a.c:2:27: error: expected expression before ‘;’ token\n"
           "a.c:3:26: error: ‘undeclared_var’ undeclared (first use in this function)\n"
           "a.c:3:69: error: expected ‘;’ before ‘}’ token\n")
    note = cascade_note(CommandRecord("make", "build", "rules", exit_code=2, output=out), tmp_path)
    assert note.startswith(" The first error is a.c:2:27") and "follow-on" not in note and "later error" not in note
