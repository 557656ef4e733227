"""Planner and answer changes from the held-out tasks (tests/data/tasks_heldout): a backticked script the
request asks to run, a silent shell-script failure traced, a JSON parse error located, skipped tests
listed when asked, the files a checker found nothing in."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from project_files import write_project

from terminus_edge.subagent import followup
from terminus_edge.subagent.answer import assemble_answer
from terminus_edge.subagent.data_files import invalid_json_files, invalid_json_followup, json_error_position
from terminus_edge.subagent.planner import RulesPlanner, explicit_commands
from terminus_edge.subagent.project_scripts import script_command
from terminus_edge.subagent.records import CommandRecord
from terminus_edge.subagent.run_details import clean_files, skipped_sentence, skipped_tests
from terminus_edge.subagent.script_trace import script_of, trace_followup, trace_report

SET_E_SCRIPT = """\
    #!/usr/bin/env bash
    set -euo pipefail
    echo "==> step one"
    count=$(grep -c NEEDLE data.txt)
    echo "==> never reached $count"
    """


@pytest.fixture
def script_project(tmp_path):
    write_project(tmp_path, {"scripts/release.sh": SET_E_SCRIPT, "data.txt": "hay\n", "tools/gen.py": "if __name__ == '__main__':\n    print(1)\n",
                             "tests/test_x.py": "def test_x():\n    pass\n",
                             "notes/plain.sh": "echo hi\n"})
    (tmp_path / "scripts/release.sh").chmod(0o755)
    return tmp_path


def test_a_backticked_project_script_counts_when_the_request_asks_to_run_it(script_project):
    query = "`scripts/release.sh` exits non-zero without a message. Run it and find out why."
    assert explicit_commands(query, script_project) == ["scripts/release.sh"]
    assert explicit_commands(query) == []  # without the project nothing says it is a file
    assert RulesPlanner(query, script_project).next([]).command == "scripts/release.sh"


def test_a_script_mentioned_without_a_run_verb_is_not_run(script_project):
    assert explicit_commands("What does `scripts/release.sh` do?", script_project) == []


@pytest.mark.parametrize("text,expected", [
    ("scripts/release.sh", "scripts/release.sh"),  # executable with a #! line: as written
    ("tools/gen.py", "python3 tools/gen.py"),  # not executable: through the interpreter its extension names
    ("notes/plain.sh", "bash notes/plain.sh"),
    ("scripts/missing.sh", None),
    ("../outside.sh", None),
    ("data.txt", None),
    ("tests/test_x.py", None),  # a module without a __main__ guard: its test runner runs it, not python3
])
def test_script_command(script_project, text, expected):
    assert script_command(text, script_project) == expected


def record(command, output, exit_code=1, kind="run", facts=None):
    return CommandRecord(command=command, kind=kind, origin="request", exit_code=exit_code, output=output,
                         facts=facts or {})


def test_script_of_finds_the_script_behind_wrappers_and_shells(script_project):
    assert script_of("scripts/release.sh --fast", script_project) == ("bash", "scripts/release.sh", ["--fast"])
    assert script_of("timeout -k 5 60 sh -e notes/plain.sh", script_project) == ("sh", "notes/plain.sh", [])
    assert script_of("bash -c 'scripts/release.sh'", script_project) is None
    assert script_of("scripts/release.sh | tee log", script_project) is None
    assert script_of("python3 tools/gen.py", script_project) is None


def test_a_silent_script_failure_is_traced_but_one_with_an_error_is_not(script_project):
    silent = record("scripts/release.sh", "==> step one\n")
    step = trace_followup(script_project, silent)
    assert step.kind == "trace" and step.command.endswith("bash -x scripts/release.sh")
    from terminus_edge.subagent.safety import refusal

    assert refusal(step.command, script_project) is None
    noisy = record("scripts/release.sh", "==> step one\nerror: boom\n", facts={"errors": ["error: boom"]})
    assert trace_followup(script_project, noisy) is None
    assert trace_followup(script_project, record("scripts/release.sh", "", exit_code=0)) is None
    # the follow-up comes only when the request asks why
    assert followup.diagnostic_followup("Run `scripts/release.sh`", script_project, [silent]) is None
    assert followup.diagnostic_followup("Which command kills it?", script_project, [silent]).kind == "trace"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_traced_run_names_the_line_and_the_set_e_it_runs_under(script_project):
    step = trace_followup(script_project, record("scripts/release.sh", "==> step one\n"))
    done = subprocess.run(["bash", "-c", step.command], cwd=script_project, capture_output=True, text=True)
    traced = record(step.command, done.stdout + done.stderr, exit_code=done.returncode, kind="trace")
    report = trace_report(traced)
    assert done.returncode == 1
    assert report.startswith("Traced re-run `bash -x scripts/release.sh` exited with code 1; "), report
    assert "the last command that failed was line 4: `count=$(grep -c NEEDLE data.txt)` (exit status 1)" in report
    assert "`set -euo pipefail` (line 2)" in report
    answer = assemble_answer("why", [record("scripts/release.sh", "==> step one\n"), traced])
    assert "the last lines of the trace:" in answer and "+ line 4: grep -c NEEDLE data.txt" in answer


def test_trace_report_without_line_numbers_and_without_set_e():
    traced = record("sh -x run.sh", "+ echo hi\nhi\n+ false\n", kind="trace")
    assert trace_report(traced) == ("Traced re-run `sh -x run.sh` exited with code 1; the last thing it ran "
                                    "before stopping was `false`.")
    assert trace_report(record("sh -x run.sh", "no trace here\n", kind="trace")) == ""
    unnumbered_failure = record("bash -x x.sh", "+ false\n[failed: status 1 at line 9: false]\n", kind="trace")
    assert "the last command that failed was line 9: `false` (exit status 1)." in trace_report(unnumbered_failure)


NODE_JSON = ("SyntaxError: Expected double-quoted property name in JSON at position 40\n"
             "    at JSON.parse (<anonymous>)\n    at load (/p/build.js:3:20)\n")


@pytest.fixture
def json_project(tmp_path):
    return write_project(tmp_path, {"locales/en.json": '{"a": "b"}\n', "locales/de.json": '{\n  "a": "b",\n}\n',
                                    "node_modules/x/package.json": "{bad", "conf/other.json": "[1, 2,]"})


def test_json_error_positions():
    assert json_error_position(NODE_JSON) == (True, 40)
    assert json_error_position("json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)") == (True, 0)
    assert json_error_position("Unexpected end of JSON input") == (True, None)
    assert json_error_position("TypeError: x is undefined") == (False, None)


def test_the_json_file_that_fails_at_the_reported_position_is_checked(json_project):
    bad = {p.relative_to(json_project).as_posix(): pos for p, pos in invalid_json_files(json_project)}
    assert bad == {"locales/de.json": 14, "conf/other.json": 6}  # node_modules is not the project's
    output = NODE_JSON.replace("position 40", "position 14")
    step = invalid_json_followup(json_project, record("npm run build", output))
    assert step.command.endswith("-m json.tool locales/de.json > /dev/null") and step.kind == "check"
    assert "at the reported position 14" in step.goal and "1 more JSON file" in step.goal
    # no position match: the first file that does not parse
    step = invalid_json_followup(json_project, record("npm run build", NODE_JSON))
    assert "json.tool conf/other.json" in step.command
    assert invalid_json_followup(json_project, record("npm run build", "TypeError: boom\n")) is None
    assert followup.diagnostic_followup("which file is at fault?", json_project,
                                        [record("npm run build", output, kind="build")]).kind == "check"


UNITTEST_SKIPS = """\
test_a (t.T.test_a) ... ok
test_b (t.T.test_b) ... skipped 'needs network'
test_c (t.T.test_c) ... skipped "not on CI"
"""
PYTEST_SKIPS = """\
tests/test_x.py::test_fast PASSED                                        [ 50%]
tests/test_x.py::test_gpu SKIPPED (no GPU)                               [100%]
SKIPPED [1] tests/test_y.py:12: slow test
"""
GO_SKIPS = "=== RUN   TestLive\n    live_test.go:9: set LIVE=1\n--- SKIP: TestLive (0.00s)\n    live_test.go:9: set LIVE=1\n"
CARGO_SKIPS = "test tests::huge ... ignored, takes minutes\ntest tests::quick ... ok\n"
TAP_SKIPS = "ok 1 - parses\nok 2 - talks to the API # SKIP offline\n"


@pytest.mark.parametrize("output,expected", [
    (UNITTEST_SKIPS, [("test_b", "needs network"), ("test_c", "not on CI")]),
    (PYTEST_SKIPS, [("tests/test_x.py::test_gpu", "no GPU"), ("tests/test_y.py:12", "slow test")]),
    (GO_SKIPS, [("TestLive", "set LIVE=1")]),
    (CARGO_SKIPS, [("tests::huge", "takes minutes")]),
    (TAP_SKIPS, [("talks to the API", "offline")]),
    ("test_a (t.T.test_a) ... ok\n", []),
])
def test_skipped_tests(output, expected):
    assert skipped_tests(output) == expected


def test_skipped_tests_are_listed_only_when_the_request_asks():
    run = record("python3 -m unittest -v", UNITTEST_SKIPS + "\nRan 3 tests in 0.0s\n\nOK (skipped=2)\n",
                 exit_code=0, kind="test", facts={"counts": {"total": 3, "passed": 1, "skipped": 2}})
    asked = assemble_answer("How many tests are there and which are skipped?", [run])
    assert "Skipped (2): test_b (needs network); test_c (not on CI)." in asked
    assert "Skipped (" not in assemble_answer("Run the tests", [run])
    none = record("pytest", "1 passed\n", exit_code=0, kind="test")
    assert "The output names no skipped test." in assemble_answer("any skipped tests?", [none])
    assert skipped_sentence("") == ""
    quiet = record("pytest -q", "5 passed, 2 skipped\n", exit_code=0, kind="test",
                   facts={"counts": {"passed": 5, "skipped": 2}})
    assert "The output does not name the 2 skipped tests." in assemble_answer("which are skipped?", [quiet])


SHELLCHECK = "shellcheck bin/a.sh bin/b.sh bin/c.sh\n\nIn bin/a.sh line 3:\n..."


def test_clean_files_are_the_checked_files_without_findings():
    facts = {"diagnostics": [{"severity": "info", "message": "quote", "file": "bin/a.sh", "line": 3},
                             {"severity": "info", "message": "ls", "file": "./bin/b.sh", "line": 9}]}
    assert clean_files("make lint", SHELLCHECK, facts) == ["bin/c.sh"]
    assert clean_files("shellcheck bin/a.sh bin/b.sh bin/c.sh", "", facts) == ["bin/c.sh"]
    assert clean_files("make lint", SHELLCHECK, {}) == []  # no findings: nothing says the files were read
    assert clean_files("ruff check .", "x.py:1:1: F401", facts) == []
    check = record("make lint", SHELLCHECK, exit_code=2, kind="check", facts=facts)
    assert "`make lint` reported problems: exit code 2. No findings in bin/c.sh." in assemble_answer("lint?", [check])


def test_held_out_requests_plan_only_allowed_commands():
    from pathlib import Path

    from terminus_edge.subagent.safety import refusal

    root = Path(__file__).parent / "data" / "tasks_heldout"
    for task in sorted(p for p in root.iterdir() if (p / "meta.json").is_file()):
        request = (task / "request.txt").read_text()
        for step in RulesPlanner(request, task / "repo")._queue:
            assert refusal(step.command, task / "repo") is None, step.command
    assert os.access(root / "sh-set-e/repo/scripts/package.sh", os.X_OK)


def test_a_build_verdict_gives_its_error_and_warning_counts():
    from terminus_edge.subagent.answer import verdict

    warned = record("cargo build", "", exit_code=0, kind="build", facts={"counts": {"errors": 0, "warnings": 2}})
    assert verdict(warned) == "Build succeeded: `cargo build` exited with code 0 (0 errors, 2 warnings)."
    broken = record("make", "", exit_code=2, kind="build", facts={"counts": {"errors": 1}})
    assert verdict(broken) == "The build failed: `make` exited with code 2 (1 error)."


@pytest.mark.parametrize("query,expected", [
    ("Run `scripts/release.sh` and tell me what it prints", ["scripts/release.sh"]),
    ("`tools/gen.py` crashes. Please run it and explain.", ["python3 tools/gen.py"]),
    ("I fixed `tools/gen.py`; now run the tests", []),  # a file mentioned beside "run the tests" is not run
    ("Look at `scripts/release.sh` and run this script", ["scripts/release.sh"]),
])
def test_which_backticked_scripts_count(script_project, query, expected):
    assert explicit_commands(query, script_project) == expected


@pytest.fixture
def scripts_project(tmp_path):
    write_project(tmp_path, {"scripts/package.sh": "#!/bin/sh\necho pack\n", "scripts/deploy.sh": "#!/bin/sh\necho x\n",
                             "etl.py": "if __name__ == '__main__':\n    print(1)\n", "helpers.py": "X = 1\n",
                             "setup.py": "if __name__ == '__main__':\n    pass\n"})
    (tmp_path / "scripts/package.sh").chmod(0o755)
    (tmp_path / "scripts/deploy.sh").chmod(0o755)
    return tmp_path


def test_project_scripts_are_the_runnable_files_of_the_script_folders(scripts_project):
    from terminus_edge.subagent.project_scripts import project_scripts

    assert project_scripts(scripts_project) == ["etl.py", "scripts/deploy.sh", "scripts/package.sh"]


@pytest.mark.parametrize("query,expected", [
    ("Why does the packaging script fail?", "scripts/package.sh"),
    ("Run the ETL and tell me if rows were rejected", "python3 etl.py"),
    ("Run the tests of the package module", None),  # tests named and no "script": the project's tests
    ("Run the package script and its tests", "scripts/package.sh"),
    ("Why does the deploy script fail?", None),  # a script that changes things elsewhere is never guessed
    ("What do the helpers do?", None),  # no __main__ guard: a module, not a script
    ("Why does setup fail?", None),
])
def test_named_script(scripts_project, query, expected):
    from terminus_edge.subagent.planner import _ASKS_BUILD, _ASKS_CHECK, _NAMES_TESTS
    from terminus_edge.subagent.project_scripts import named_script

    asks = any(rx.search(query) for rx in (_NAMES_TESTS, _ASKS_BUILD, _ASKS_CHECK))
    assert named_script(query, scripts_project, asks_project_step=asks) == expected
    if expected:
        step = RulesPlanner(query, scripts_project).next([])
        assert step.command == expected and step.kind == "run"


def test_failures_the_summarizer_only_counted_are_quoted_from_the_output():
    runner = "PASS a\nFAIL parseRounding: expected <29> but was <28>\nPASS b\nFAIL formatNegative: x\n6 passed, 2 failed\n"
    counted = record("java -cp out TestRunner", runner, kind="test", facts={"counts": {"failed": 2, "passed": 6}})
    answer = assemble_answer("which checks fail?", [counted])
    assert ("Failure lines: FAIL parseRounding: expected <29> but was <28>; FAIL formatNegative: x." in
            answer.splitlines()[0]), answer
    parsed = record("pytest", runner, kind="test", facts={"counts": {"failed": 2}, "failures": [{"name": "a"}]})
    assert "Failure lines" not in assemble_answer("x", [parsed])  # the summary already names them
    unittest_tail = record("python3 -m unittest", "FAILED (failures=1)\n", kind="test",
                           facts={"counts": {"failed": 1}})
    assert "Failure lines" not in assemble_answer("x", [unittest_tail])


@pytest.fixture
def suites(tmp_path):
    return write_project(tmp_path, {"tests/test_dates.py": "def test_a():\n    pass\n",
                                    "tests/test_totals.py": "def test_b():\n    pass\n",
                                    "pkg/dates.py": "X = 1\n", "README.md": "Run `python3 -m pytest`.\n"})


def test_requested_test_files_are_real_test_files_of_the_project(suites):
    from terminus_edge.subagent.narrow_tests import requested_test_files

    assert requested_test_files("run tests/test_dates.py and test_totals.py", suites) == [
        "tests/test_dates.py", "tests/test_totals.py"]
    assert requested_test_files("run pkg/dates.py", suites) == []  # not a test file
    assert requested_test_files("run ../x/test_a.py", suites) == []  # outside the project
    # a test file that is not there is passed as written: the runner says so, instead of the whole suite answering
    assert requested_test_files("run tests/test_nope.py and test_gone.py", suites) == ["tests/test_nope.py", "test_gone.py"]


@pytest.mark.parametrize("command,expected", [
    ("python3 -m pytest", "python3 -m pytest tests/test_a.py"),
    ("pytest -q", "pytest -q tests/test_a.py"),
    ("python3 -m unittest discover -s tests -v", "python3 -m unittest -v tests/test_a.py"),
    ("node --test", "node --test tests/test_a.py"),
    ("make test", None),
    ("cargo test", None),
])
def test_narrowed(command, expected):
    from terminus_edge.subagent.narrow_tests import narrowed

    assert narrowed(command, ["tests/test_a.py"]) == expected
    assert narrowed(command, []) is None


def test_the_planner_runs_only_the_test_file_the_request_names(suites):
    step = RulesPlanner("Run the tests in tests/test_dates.py and tell me what fails", suites).next([])
    assert step.command == "timeout -k 5 60 python3 -m pytest tests/test_dates.py"
    assert RulesPlanner("Run the tests", suites).next([]).command == "timeout -k 5 60 python3 -m pytest"
    missing = RulesPlanner("Run the tests in tests/test_nope.py and tell me what fails", suites).next([])
    assert missing.command == "timeout -k 5 60 python3 -m pytest tests/test_nope.py"


def test_a_missing_project_module_is_looked_for_under_a_similar_name(tmp_path):
    from terminus_edge.subagent.missing_module import similar_module_followup
    from terminus_edge.subagent.safety import refusal

    write_project(tmp_path, {"app/__init__.py": "", "app/store.py": "", "app/cli.py": "", "app/stats/__init__.py": "",
                             "app/storagex.txt": ""})
    step = similar_module_followup(tmp_path, "ModuleNotFoundError: No module named 'app.storage'")
    assert step.command == "find app -maxdepth 1 \\( -name store.py \\)" and step.kind == "search"
    assert refusal(step.command, tmp_path) is None
    done = subprocess.run(["bash", "-c", step.command], cwd=tmp_path, capture_output=True, text=True)
    assert done.stdout == "app/store.py\n"
    assert "stats" in similar_module_followup(tmp_path, "No module named 'app.statz'").command
    assert similar_module_followup(tmp_path, "No module named 'app.zzz'") is None  # nothing close
    assert similar_module_followup(tmp_path, "No module named 'requests'") is None  # not the project's
    assert similar_module_followup(tmp_path, "No module named 'other.store'") is None


CRASHER = """\
    #include <stdio.h>
    static int deref(int *p) { return *p; }
    int main(int argc, char **argv) { (void)argv; printf("%d\\n", deref(argc > 5 ? &argc : 0)); return 0; }
    """


@pytest.fixture
def crasher(tmp_path):
    write_project(tmp_path, {"crash.c": CRASHER, "Makefile": "crash: crash.c\n\tcc -g -O0 -o crash crash.c\n\n"
                             "run: crash\n\t./crash input.txt\n"})
    return tmp_path


def test_a_make_run_target_is_the_run_step_without_options_after_the_build(crasher):
    plan = [s.command for s in RulesPlanner("It crashes when I run it. Build it and run it; where does it crash?",
                                            crasher)._queue]
    assert plan == ["make", "make run"]  # no `make run --help`; the build first


@pytest.mark.skipif(shutil.which("gdb") is None or shutil.which("cc") is None, reason="needs cc and gdb")
def test_a_crashing_project_program_is_run_under_gdb_and_the_frame_named(crasher):
    from terminus_edge.subagent.native_crash import crash_followup, crash_report
    from terminus_edge.subagent.safety import refusal

    subprocess.run(["make", "-s", "crash"], cwd=crasher, check=True, capture_output=True)
    run = subprocess.run(["bash", "-c", "make run"], cwd=crasher, capture_output=True, text=True)
    failed = record("make run", run.stdout + run.stderr, exit_code=run.returncode)
    assert "crash (Segmentation fault)" in assemble_answer("why", [failed]).splitlines()[0]
    step = followup.diagnostic_followup("where does it crash?", crasher, [failed])
    assert step.command == "gdb -q -batch -ex run -ex bt --args ./crash input.txt" and step.kind == "debug"
    assert refusal(step.command, crasher) is None
    gdb = subprocess.run(["bash", "-c", step.command], cwd=crasher, capture_output=True, text=True, timeout=120)
    debug = record(step.command, gdb.stdout + gdb.stderr, exit_code=gdb.returncode, kind="debug")
    report = crash_report(debug)
    assert report.startswith("Under gdb, `./crash input.txt` received SIGSEGV (Segmentation fault) in deref"), report
    assert "crash.c:2" in report and "called from main at crash.c:3" in report
    assert crash_followup(crasher, record("make run", "make: *** [Makefile:5: run] Error 1\n")) is None  # no crash


def test_crash_report_needs_a_signal_and_crashing_command_needs_a_project_binary(tmp_path):
    from terminus_edge.subagent.native_crash import crash_report, crashing_command

    assert crash_report(record("gdb -q -batch -ex run --args ./x", "[Inferior 1 (process 9) exited normally]\n",
                               kind="debug")) == ""
    (tmp_path / "notelf").write_text("#!/bin/sh\n")
    assert crashing_command(record("./notelf", "Segmentation fault\n", exit_code=139), tmp_path) is None
    assert crashing_command(record("/bin/true", "Segmentation fault\n", exit_code=139), tmp_path) is None
