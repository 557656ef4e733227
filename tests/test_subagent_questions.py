"""The general rules held-out batch 4 prompted: delete requests, file questions, terse leading commands, package
scripts named by words, prove / tox.ini / tests/run.sh detection, and the answer lines that read them. Each rule is
checked on projects other than the batch's, including the requests it must leave alone."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from terminus_edge.subagent import answer_questions as aq
from terminus_edge.subagent.requirement_answers import requirement_line
from terminus_edge.subagent.delete_request import delete_plan
from terminus_edge.subagent.detect import detect
from terminus_edge.subagent.named_commands import explicit_commands
from heldout_runs import planned_commands
from linear_time import assert_linear
from terminus_edge.subagent.project_scripts import package_script
from terminus_edge.subagent.question_plans import question_plan
from terminus_edge.subagent.records import CommandRecord


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "p"
    (root / "out" / "obj").mkdir(parents=True)
    (root / "out" / "obj" / "a.o").write_text("x")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("# TODO: x\ntodo_items = []\n# FIXME later\n")
    (root / "notes.txt").write_text("hi\n")
    (root / "Makefile").write_text("all:\n\techo build\nlint:\n\techo lint\nclean:\n\trm -rf out data\n")
    return root


def _plan(query, cwd):
    return planned_commands(query, cwd)


def test_delete_request_lists_then_leaves_the_delete_to_the_policy(project):
    assert _plan("Remove the out/ folder please.", project) == ["ls -la out", "rm -r out"]
    assert _plan("delete notes.txt", project) == ["ls -la notes.txt", "rm -f notes.txt"]  # a person decides
    assert [s.command for s in delete_plan("wipe out/ and notes.txt", project)[0]] == ["ls -la out notes.txt",
                                                                                      "rm -r out notes.txt"]
    assert _plan("remove notes.txt and then run make", project) == ["ls -la notes.txt", "rm -f notes.txt", "make"]
    assert _plan("delete out/, it is stale. Don't touch anything else.", project) == ["ls -la out", "rm -r out"]


@pytest.mark.parametrize("query", [
    "Don't delete out/, just tell me how big it is",
    "What would `make clean` delete?",
    "Remove the TODO comment from src/app.py",
    "delete ../ now", "delete . please", "delete /etc/passwd", "delete missing/", "delete everything",
])
def test_requests_that_name_no_delete_of_a_project_path_plan_none(project, query):
    steps, rest, _ = delete_plan(query, project)
    assert steps == [] and rest == query
    assert not any(c.startswith(("rm ", "make clean", "find ")) for c in _plan(query, project))


def test_a_delete_after_other_work_keeps_that_work_first(project):
    steps = _plan("Build it, then delete out/.", project)
    assert steps[0] == "make" and steps[-2:] == ["ls -la out", "rm -r out"]
    assert _plan("clean up the out folder", project) == ["ls -la out", "rm -r out"]  # never `make clean` (data/ too)


def test_validity_question_checks_the_named_file_and_shows_the_error_lines(tmp_path):
    (tmp_path / "cfg.json").write_text('{\n  "a": 1\n  "b": 2\n}\n')
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    plan = question_plan("is cfg.json valid JSON?", tmp_path)
    assert plan[0].command.startswith("python3 -m json.tool cfg.json > /dev/null && echo")
    assert "tomllib" in question_plan("Is pyproject.toml well-formed?", tmp_path)[0].command
    assert question_plan("the parser is broken for cfg.json, run the tests", tmp_path) == []
    assert question_plan("run `make` and tell me if cfg.json is valid", tmp_path) == []  # the named command answers


def test_doctest_plan_only_for_doctests_asked_alone(tmp_path):
    (tmp_path / "m.py").write_text('def f():\n    """\n    >>> f()\n    1\n    """\n    return 1\n')
    (tmp_path / "n.py").write_text("x = 1\n")
    assert question_plan("run the doctests", tmp_path)[0].command == "python3 -m doctest -v m.py"
    assert question_plan("run the unit tests and the doctests", tmp_path)[0].command == "python3 -m doctest -v m.py"
    (tmp_path / "test_m.py").write_text("import unittest\n")  # a suite of its own: the usual plan runs it
    assert question_plan("run the unit tests and the doctests", tmp_path) == []


def test_marker_search_is_case_sensitive_and_scoped(project):
    plan = question_plan("how many FIXME and TODO markers are in src?", project)
    assert plan[0].command == "grep -rnwE 'FIXME|TODO' src"
    assert question_plan("what is left to do?", project) == []
    assert question_plan("what does the TODO in src/app.py say?", project)[0].command == "grep -rnwE TODO src/app.py"
    assert question_plan("what's in out/?", project)[0].command == "ls -la out/"
    assert question_plan("what's in the output?", project) == []
    record = CommandRecord(plan[0].command, "search", "rules", exit_code=0,
                           output="src/app.py:1:# TODO: x\nsrc/app.py:3:# FIXME later\n")
    assert aq.search_tally("how many?", record) == "2 matching lines in 1 file: 1 FIXME, 1 TODO."
    assert aq.search_tally("where are they?", record) == ""


def test_csv_rows_plan_counts_exact_values_of_a_header_column(tmp_path):
    (tmp_path / "r.csv").write_text("name,state,n\na,open,1\nb,opened,2\nc,open,3\n")
    plan = question_plan("How many rows in r.csv have state = open?", tmp_path)
    out = os.popen(f"cd {tmp_path} && {plan[0].command}").read()
    assert out.splitlines()[-1] == "2 of 3 rows have state=open (name: a, c)"
    assert question_plan("How many rows in r.csv have color=red?", tmp_path) == []  # no such column
    assert question_plan("count the opened ones in r.csv", tmp_path)[0].command.startswith("awk -F','")  # a value word
    (tmp_path / "q.csv").write_text('name,state\n"Smith, J",open\nb,closed\n')  # a quoted comma: csv, not awk
    plan = question_plan("how many rows of q.csv have state=open", tmp_path)
    assert plan[0].command.startswith("python3 -c")
    assert os.popen(f"cd {tmp_path} && {plan[0].command}").read().splitlines()[-1] == \
        "1 of 2 rows have state=open (name: Smith, J)"


def test_required_version_compares_simple_specifiers():
    grep = CommandRecord("grep -nHE requires-python pyproject.toml", "info", "rules", exit_code=0,
                         output='pyproject.toml:3:requires-python = ">=3.8,<3.13"\n')
    for have, verdict in (("3.11.4", "satisfies"), ("3.13.0", "does not satisfy"), ("3.7.9", "does not satisfy")):
        version = CommandRecord("python3 --version", "info", "rules", exit_code=0, output=f"Python {have}\n")
        assert verdict in requirement_line([grep, version])
    odd = CommandRecord("grep", "info", "rules", exit_code=0, output='pyproject.toml:3:requires-python = "~=3.8"\n')
    assert requirement_line([odd, version]) == ""  # not a clause it can compare: no claim


def test_yes_no_line_reads_exit_codes_and_refuses_to_call_no_tests_a_pass():
    failed = CommandRecord("npm run lint", "check", "rules", exit_code=1)
    passed = CommandRecord("make test", "test", "rules", exit_code=0, facts={"counts": {"passed": 3, "total": 3}})
    empty = CommandRecord("python3 -m unittest", "test", "rules", exit_code=0, facts={"counts": {"total": 0}})
    assert aq.yes_no_line("Is lint green?", [failed]).startswith("No, `npm run lint` failed (exit code 1)")
    assert aq.yes_no_line("do the tests pass?", [passed]).startswith("Yes, ")
    assert aq.yes_no_line("do the tests pass?", [empty]) == ""
    assert aq.yes_no_line("Run the tests.", [passed]) == ""


def test_tap_and_findings_tallies():
    tap = "1..3\nok 1 - a\nnot ok 2 - b\n# got 1\nok 3 - c\n"
    assert aq.tap_tally(tap) == " TAP: 2 of 3 ok; not ok: 2 - b."
    lint = CommandRecord("node check.js", "check", "rules", exit_code=1, output="src/a.js:3: tab\nsrc/b.js:9:2: ws\n")
    assert aq.findings_tally(lint) == " 2 findings (file:line) in 2 files: src/a.js:3, src/b.js:9."


def test_leading_command_needs_checkable_words(project):
    assert explicit_commands("make lint -- anything?", project) == ["make lint"]
    assert explicit_commands("make sure the lint passes", project) == []
    assert explicit_commands("make lint, fix: what fails?", project) == ["make lint"]
    assert explicit_commands("make deploy: ok?", project) == []  # no such target
    assert explicit_commands("make lint what fails?", project) == ["make lint"]


def test_package_script_by_words_never_a_fixer_or_a_server(tmp_path):
    scripts = {"lint": "eslint .", "lint:fix": "eslint --fix .", "types:check": "tsc", "start": "node s.js",
               "watch:css": "sass --watch", "test": "node --test"}
    (tmp_path / "package.json").write_text(json.dumps({"scripts": scripts}))
    assert package_script("do the types check?", tmp_path) == "npm run types:check"
    assert package_script("lint and fix it", tmp_path) == "npm run lint"
    assert package_script("watch the css", tmp_path) is None
    assert package_script("start it", tmp_path) is None


def test_detects_prove_tox_commands_and_a_test_script(tmp_path):
    perl = tmp_path / "perl"
    (perl / "t").mkdir(parents=True)
    (perl / "t" / "a.t").write_text("use Test::More tests => 1; ok(1);\n")
    if shutil.which("prove"):
        assert "prove -lv t" in detect(perl).test
    tox = tmp_path / "tox"
    (tox / "pkg").mkdir(parents=True)
    (tox / "tox.ini").write_text("[testenv]\nchangedir = pkg\ndeps = pytest\ncommands =\n"
                                 "    pip install -e .\n    python -m pytest -q {posargs}\n")
    assert detect(tox).test[0] == "cd pkg && python3 -m pytest -q"
    sh = tmp_path / "sh"
    (sh / "tests").mkdir(parents=True)
    runner = sh / "tests" / "run.sh"
    runner.write_text("#!/bin/sh\necho 1..0\n")
    runner.chmod(runner.stat().st_mode | stat.S_IXUSR)
    assert detect(sh).test == ["tests/run.sh"]


@pytest.mark.parametrize("unit", ["\n", " ", "a/", "delete ", "TODO ", "x.csv status=", "is ", "make "])
def test_new_entry_points_are_linear_on_long_requests(project, unit):
    queries = {n: (unit * (n // len(unit) + 1))[:n] for n in (2_500, 10_000)}
    for name, call in (("delete_plan", lambda q: delete_plan(q, project)), ("question_plan", lambda q: question_plan(q, project)),
                       ("explicit_commands", lambda q: explicit_commands(q, project)),
                       ("package_script", lambda q: package_script(q, project)), ("yes_no_line", lambda q: aq.yes_no_line(q, []))):
        assert_linear(lambda n: call(queries[n]), 2_500, name, repeats=2)


def test_a_named_script_goes_through_its_wrapping_target_only_when_that_is_harmless(tmp_path):
    from terminus_edge.subagent.project_scripts import wrapping_target

    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "check_links.py").write_text("if __name__ == '__main__':\n    pass\n")
    (tmp_path / "Makefile").write_text("links:\n\tpython3 tools/check_links.py docs/*.md\n")
    assert wrapping_target("python3 tools/check_links.py", tmp_path) == "make links"
    (tmp_path / "Makefile").write_text("links:\n\tpython3 tools/check_links.py docs/*.md\n\trm -rf .cache\n")
    assert wrapping_target("python3 tools/check_links.py", tmp_path) is None
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"links:check": "rm -rf out && node x.js"}}))
    assert package_script("are the links check ok?", tmp_path) is None


def test_json_diagnosis_reads_the_file_at_the_reported_character(tmp_path):
    (tmp_path / "a.json").write_text('{\n  "x": 1,\n  "y": 2,\n}\n')
    (tmp_path / "b.json").write_text('{\n  "x": {"k": 1}\n  "y": 2\n}\n')
    (tmp_path / "c.json").write_text('{"x": tru}\n')
    for name in ("a.json", "b.json", "c.json"):
        out = os.popen(f"cd {tmp_path} && python3 -m json.tool {name} 2>&1 >/dev/null").read()
        record = CommandRecord(f"python3 -m json.tool {name} > /dev/null", "check", "rules", exit_code=1, output=out)
        diagnosis = aq.json_diagnosis(record, tmp_path)
        if name == "a.json":
            assert "trailing comma after the last entry (line 3) before the closing '}' at line 4" in diagnosis
        elif name == "b.json":
            assert "missing comma before line 3 (the value ending on line 2" in diagnosis
        else:
            assert diagnosis == ""  # neither: no claim


def test_usage_error_and_missing_inputs(tmp_path):
    usage = CommandRecord("python3 t.py --n x", "run", "rules", exit_code=2,
                          output="usage: t.py [-h] [--n N]\nt.py: error: argument --n: invalid int value: 'x'\n")
    assert "did not produce any result" in aq.usage_error_note(usage)
    assert aq.usage_error_note(CommandRecord("make", "build", "rules", exit_code=2, output="make: *** Error 2\n")) == ""
    (tmp_path / "in.txt").write_text("x")
    crash = CommandRecord("gdb -q -batch -ex run --args ./demo in.txt words.txt -o out", "debug", "rules", exit_code=0)
    assert aq.missing_inputs(crash, tmp_path) == \
        " words.txt, named on its command line, does not exist in the working directory."
    fine = CommandRecord("./demo in.txt", "run", "rules", exit_code=1)
    assert aq.missing_inputs(fine, tmp_path) == ""


def test_row_count_and_a_missing_requirement(tmp_path):
    (tmp_path / "r.csv").write_text("a,b\n1,2\n3,4\n5,6\n")
    plan = question_plan("how many rows are in r.csv?", tmp_path)
    assert os.popen(f"cd {tmp_path} && {plan[0].command}").read().strip() == "3 data rows (plus the header line)"
    none = CommandRecord("grep -nHE '\"node\"' package.json", "info", "rules", exit_code=1, output="")
    node = CommandRecord("node --version", "info", "rules", exit_code=0, output="v20.1.0\n")
    assert requirement_line([none, node]) == \
        "No version requirement found in package.json (the search matched nothing); this machine has 20.1.0."
