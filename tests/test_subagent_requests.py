"""What a request asks beyond pass/fail: do-not-run previews and the guard, repeats, versions, status, options,
reproduction, make's silent recipe lines and missing targets (tmp projects, no shared data)."""

from __future__ import annotations

import textwrap

import pytest

from terminus_edge.subagent import intent
from terminus_edge.subagent.answer import assemble_answer
from terminus_edge.subagent.answer_requests import flag_report, repetition_report, status_tally
from terminus_edge.subagent.make_failure import make_details, recipe_trace_followup
from terminus_edge.subagent.planner import RulesPlanner
from terminus_edge.subagent.preview import request_forbids
from terminus_edge.subagent.records import CommandRecord
from terminus_edge.subagent.request_plans import flag_commands, status_plan, version_plan


def _plan(query, cwd):
    planner = RulesPlanner(query, cwd)
    return [s.command for s in planner._queue]


@pytest.mark.parametrize("query, expected", [
    ("What does `make release` do? Do NOT run it.", True),
    ("Tell me what scripts/clean.sh deletes, without running it", True),
    ("Which migrations are pending? Only check — don't apply anything.", True),
    ("Run `python3 tool.py --dry-run` and tell me what happened.", False),
    ("Run the tests and tell me what fails", False),
])
def test_no_run(query, expected):
    assert intent.no_run(query) is expected


def test_intent_readers():
    assert intent.repeat_count("run the suite 5 times in a row") == 5
    assert intent.repeat_count("run it three times") == 3
    assert intent.repeat_count("run the tests") == 1
    assert intent.repeat_count("run it 50 times") == intent.MAX_REPEATS
    assert intent.asked_package("which version of tiny-semver is installed?") == "tiny-semver"
    assert intent.asked_package("what version of `requests` is installed in this venv") == "requests"
    assert intent.asked_flags("Does the CLI accept a --json flag? try `python3 -m x`") == ["--json"]
    assert intent.asked_flags("the project has tests; run `python3 -m pytest`") == []
    assert intent.asks_reproduce("Can you reproduce issue #3?") and not intent.asks_reproduce("run the tests")


@pytest.fixture
def release_project(tmp_path):
    (tmp_path / "Makefile").write_text("release:\n\tgit push origin main\n")
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "clean.sh"
    script.write_text("#!/bin/sh\nrm -rf out\n")
    script.chmod(0o755)
    return tmp_path


def test_a_request_not_to_run_gets_a_dry_run_or_a_read(release_project):
    assert _plan("What does `make release` do? Do NOT run it.", release_project) == ["make -n release"]
    assert _plan("Before I run scripts/clean.sh, tell me what it deletes. Don't run it yet.",
                 release_project) == ["cat -n scripts/clean.sh"]


def test_the_guard_refuses_the_named_command_for_any_planner(release_project):
    query = "What does `make release` do? Do NOT run it."
    assert "not to run `make release`" in request_forbids(query, "make release", release_project)
    assert request_forbids(query, "make -n release", release_project) is None
    assert request_forbids(query, "cat Makefile", release_project) is None
    assert request_forbids("Run `make release`", "make release", release_project) is None


def test_the_answer_says_nothing_was_run(release_project):
    record = CommandRecord("make -n release", "preview", "rules", exit_code=0, output="git push origin main\n")
    answer = assemble_answer("What does `make release` do? Do NOT run it.", [record], release_project)
    assert answer.startswith("Not run, as the request asks: `make -n release`")
    assert "git push origin main" in answer and "nothing was run" in answer


def _unittest_record(failed_test=None):
    facts = {"counts": {"failed": int(bool(failed_test)), "passed": 3 - bool(failed_test), "total": 3}}
    if failed_test:
        facts["failures"] = [{"name": failed_test, "reason": "AssertionError"}]
    return CommandRecord("python3 -m unittest -v", "test", "rules", exit_code=1 if failed_test else 0, facts=facts,
                         log_id=1)


def test_a_repeated_run_reports_which_runs_and_tests_failed(tmp_path):
    records = [_unittest_record(), _unittest_record("test_b"), _unittest_record(), _unittest_record("test_b")]
    text = repetition_report(records)
    assert "4 times: it passed in runs 1, 3 and failed in runs 2, 4 (2 of 4)" in text
    assert "test_b failed in runs 2, 4 (2 of 4), passed in the others." in text
    assert "The other 2 tests passed in every run." in text
    answer = assemble_answer("run the tests 4 times", records, tmp_path)
    assert "(2 more runs with the same result as one shown above" in answer


def test_repeat_plans_the_test_step_n_times(tmp_path):
    (tmp_path / "test_x.py").write_text("import unittest\nclass T(unittest.TestCase):\n    def test_a(self): pass\n")
    assert len(_plan("Run the tests 3 times and tell me which one is flaky", tmp_path)) == 3


def test_version_and_status_plans(tmp_path):
    (tmp_path / "package.json").write_text('{"dependencies": {"left-pad": "^1.1.0"}}')
    assert [s.command for s in version_plan("which version of left-pad is installed?", tmp_path)] == ["npm ls left-pad"]
    (tmp_path / "migrate.py").write_text('"""usage: python3 migrate.py up | python3 migrate.py status"""\n'
                                         'if __name__ == "__main__":\n    pass\n')
    assert [s.command for s in status_plan("Which migrations are pending? don't apply", tmp_path)] == \
        ["python3 migrate.py status"]
    assert status_plan("run the tests", tmp_path) == []


def test_status_tally_counts_a_status_column():
    record = CommandRecord("python3 migrate.py status", "info", "rules", exit_code=0,
                           output="applied  0001_a\napplied  0002_b\nPENDING  0003_c\n")
    assert status_tally(record) == " Listed: 2 applied, 1 PENDING."
    assert status_tally(CommandRecord("ls", "info", "rules", exit_code=0, output="a.c\nb.c\n")) == ""


def test_flag_questions_try_the_option_and_read_the_help():
    assert flag_commands(["python3 -m inv summary x.csv"], ["--json"]) == [
        "python3 -m inv summary x.csv --json", "python3 -m inv summary x.csv --help"]
    query = "Does it accept --json?"
    rejected = CommandRecord("inv x --json", "run", "request", exit_code=2,
                             output="usage: inv [-h]\ninv: error: unrecognized arguments: --json\n")
    helped = CommandRecord("inv x --help", "run", "request", exit_code=0,
                           output="  --format {text,json}  output format\n")
    text = flag_report(query, [rejected, helped])
    assert "`--json` is not accepted" in text and "unrecognized arguments: --json" in text
    assert "--format {text,json}" in text


def test_reproduce_lead(tmp_path):
    record = CommandRecord("python3 x.py", "run", "request", exit_code=1, output="ValueError: bad\n")
    assert "Reproduced: `python3 x.py` fails (exit code 1)." in assemble_answer("Can you reproduce it?", [record], tmp_path)
    ok = CommandRecord("python3 x.py", "run", "request", exit_code=0, output="fine\n")
    assert "Did not reproduce" in assemble_answer("Can you reproduce it?", [ok], tmp_path)


def test_make_silent_recipe_line_and_missing_target(tmp_path):
    (tmp_path / "Makefile").write_text(textwrap.dedent("""\
        lint:
        \tgo vet ./...
        \ttest -z "$$(gofmt -l .)"
        """))
    output = 'go vet ./...\ntest -z "$(gofmt -l .)"\nmake: *** [Makefile:3: lint] Error 1\n'
    record = CommandRecord("make lint", "check", "rules", exit_code=2, output=output)
    step = recipe_trace_followup(tmp_path, record)
    assert step is not None and step.command == "bash -xc 'test -z \"$(gofmt -l .)\"'" and step.kind == "trace"
    details = make_details(tmp_path, record, [])
    assert "(Makefile:3)" in details and "`go vet ./...` succeeded" in details
    noisy = CommandRecord("make lint", "check", "rules", exit_code=2,
                          output='test -z "$(gofmt -l .)"\nsomething said why\nmake: *** [Makefile:3: lint] Error 1\n')
    assert recipe_trace_followup(tmp_path, noisy) is None
    missing = CommandRecord("make", "build", "rules", exit_code=2,
                            output="make: *** No rule to make target 'src/strutil.o', needed by 'app'.  Stop.\n")
    listing = CommandRecord("ls -1 src", "info", "rules", exit_code=0, output="main.c\nstr_util.c\n")
    text = make_details(tmp_path, missing, [listing])
    assert "no rule to make target 'src/strutil.o' (needed by 'app')" in text and "not a compiler error" in text
    assert "Similar names there: str_util.c." in text


def test_monorepo_without_root_project_runs_each_suite(tmp_path):
    (tmp_path / "api" / "tests").mkdir(parents=True)
    (tmp_path / "api" / "tests" / "test_a.py").write_text("import unittest\n")
    (tmp_path / "api" / "setup.cfg").write_text("")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "package.json").write_text('{"scripts": {"test": "node --test"}}')
    plan = _plan("Are the tests OK?", tmp_path)
    assert len(plan) == 2 and plan[0].startswith("cd api && ") and plan[1].startswith("cd web && ")


def test_targets_and_scripts_named_by_what_they_are(release_project):
    assert _plan("What would the release target do? Don't run it.", release_project) == ["make -n release"]
    assert _plan("What does the clean script remove? Do not run it.", release_project) == ["cat -n scripts/clean.sh"]
    assert "not to run `make release`" in request_forbids("What would the release target do? Don't run it.",
                                                          "make release", release_project)


def test_a_planning_model_is_refused_the_command_the_request_says_not_to_run(release_project, tmp_path):
    import json

    from terminus_edge.logstore import LogStore
    from terminus_edge.model import FakeModel
    from terminus_edge.subagent.loop import execution_subagent

    call = '<tool_call>\n{"name": "run_in_terminal", "arguments": {"command": "make release"}}\n</tool_call>'
    replies = iter([call, "<final_answer>done</final_answer>"])

    def reply(messages):
        planning = messages[0]["role"] == "system" and "execution subagent" in messages[0]["content"]
        return next(replies) if planning else "The command finished."

    model = FakeModel(reply, name="scripted-qwen3")
    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("What does `make release` do? Do NOT run it.", cwd=release_project,
                                    model=model, planner="model", store=store)
    [record] = result.records
    assert record.refused and "not to run `make release`" in record.refused and record.exit_code is None
    assert json.dumps(result.answer).count("was not run") >= 1


@pytest.mark.parametrize("command, output, expected", [
    ("npm ls left-pad", 'app@1.0.0 /x\n└── left-pad@1.1.4 invalid: "^1.2.0" from the root project\n',
     'Installed: left-pad 1.1.4 (npm says: invalid: "^1.2.0" from the root project).'),
    ("python3 -m pip show left-pad", "Name: left-pad\nVersion: 2.0.1\nSummary: pads\n", "Installed: left-pad 2.0.1."),
    ("go list -m left-pad", "left-pad v0.3.0\n", "Installed: left-pad 0.3.0."),
])
def test_version_report(command, output, expected):
    from terminus_edge.subagent.answer_requests import version_report

    record = CommandRecord(command, "info", "rules", exit_code=0, output=output)
    assert version_report("which version of left-pad is installed?", [record]) == expected


def test_each_asked_option_gets_its_own_run():
    assert intent.asked_flags("Does `node cli.js` support --verbose and --quiet?") == ["--verbose", "--quiet"]
    assert flag_commands(["node cli.js"], ["--verbose", "--quiet"]) == [
        "node cli.js --verbose", "node cli.js --quiet", "node cli.js --help"]


def test_version_plan_follows_where_the_package_is(tmp_path):
    (tmp_path / "package.json").write_text('{"dependencies": {"kleur": "^4"}}')
    site = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
    (site / "click-8.1.7.dist-info").mkdir(parents=True)
    (tmp_path / ".venv" / "bin").mkdir()
    (tmp_path / ".venv" / "bin" / "python").write_text("")
    (tmp_path / "app.py").write_text("")
    assert [s.command for s in version_plan("what version of click is installed in this venv?", tmp_path)] == \
        [".venv/bin/python -m pip show click"]
    assert [s.command for s in version_plan("which version of kleur do we have?", tmp_path)] == ["npm ls kleur"]


def test_repeated_program_runs_compare_their_output():
    same = [CommandRecord("node a.js", "run", "request", exit_code=0, output="ok\n") for _ in range(3)]
    assert repetition_report(same) == "Ran `node a.js` 3 times: it exited with code 0 every time. Its output was the same every time."
    changed = same[:2] + [CommandRecord("node a.js", "run", "request", exit_code=0, output="ko\n")]
    assert "Its output differed: run 3, line 1: `ko` where run 1 had `ok`." in repetition_report(changed)


def test_hands_off_requests_still_run_the_tests_they_ask_for(tmp_path):
    (tmp_path / "test_x.py").write_text("import unittest\nclass T(unittest.TestCase):\n    def test_a(self): pass\n")
    (tmp_path / "deploy.sh").write_text("#!/bin/sh\nrsync -a . prod:/srv\n")
    assert _plan("Before I run the deploy, run the tests and tell me if they pass.", tmp_path) == [
        "timeout -k 5 60 python3 -m unittest -v"]
    assert _plan("Before I run the tests, tell me what deploy.sh does. Don't run it.", tmp_path) == ["cat -n deploy.sh"]
    assert _plan("What happens on deploy? Don't run anything.", tmp_path) == []


def test_a_status_question_runs_the_read_only_subcommand_not_the_one_it_forbids(tmp_path):
    (tmp_path / "migrate.py").write_text('"""usage: python3 migrate.py up | python3 migrate.py status"""\n'
                                         'if __name__ == "__main__":\n    {"up": 1, "status": 2}\n')
    query = "What's the migration status of app.db? Don't run migrate.py up."
    assert _plan(query, tmp_path) == ["python3 migrate.py status"]
    assert request_forbids(query, "python3 migrate.py status", tmp_path) is None
    assert "not to run `migrate.py up`" in request_forbids(query, "python3 migrate.py up", tmp_path)


def test_a_monorepo_request_naming_one_folder_runs_only_that_suite(tmp_path):
    for name, marker in (("api", "setup.cfg"), ("web", "package.json")):
        (tmp_path / name).mkdir()
    (tmp_path / "api" / "setup.cfg").write_text("")
    (tmp_path / "api" / "test_a.py").write_text("import unittest\n")
    (tmp_path / "web" / "package.json").write_text('{"scripts": {"test": "node --test"}}')
    plan = _plan("Run the web tests only.", tmp_path)
    assert len(plan) == 1 and plan[0].startswith("cd web && ")


def test_a_repeat_count_is_not_part_of_the_named_command(tmp_path):
    from terminus_edge.subagent.planner import explicit_commands

    assert explicit_commands("Run cargo test 3 times — is anything flaky?") == ["cargo test"]
    assert explicit_commands("run make test twice and compare") == ["make test"]
    assert intent.repeat_count("Run the benchmark twice and compare the totals.") == 2


def test_repeated_program_runs_with_different_output_are_all_shown(tmp_path):
    from terminus_edge.subagent.answer_requests import repeated_duplicates

    runs = [CommandRecord("python3 bench.py", "run", "rules", exit_code=0, output=f"total {t} ms\n") for t in (5, 6, 6)]
    assert repeated_duplicates(runs) == {2}


def test_only_what_a_do_not_run_phrase_points_at_is_held_back(tmp_path):
    (tmp_path / "package.json").write_text('{"scripts": {"test": "node --test"}}')
    query = "Do not run `npm install`; just run `npm test` and tell me what fails."
    assert _plan(query, tmp_path) == ["npm test"]
    assert "not to run `npm install`" in request_forbids(query, "npm install", tmp_path)
    assert request_forbids(query, "npm test", tmp_path) is None
