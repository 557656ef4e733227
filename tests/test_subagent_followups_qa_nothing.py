"""A request that asks for nothing runnable ("hello there", "explain recursion") runs nothing and says so; a vague
request about the project ("check the project", "is everything ok?", "does it build") still runs its checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminus_edge.subagent.intent import asks_nothing_to_run
from terminus_edge.subagent.loop import execution_subagent
from terminus_edge.subagent.planner import RulesPlanner

NOTHING = ["hello there", "thanks!", "what is your name", "explain recursion", "Hello!", "good morning", "ok thanks",
           "what can you do?", "how are you?", "tell me a joke", "Who are you?", "thank you so much, that was great"]
VAGUE = ["check the project", "is everything ok?", "does it build", "does it build?", "are we good?", "all good?",
         "does it work?", "what's wrong?", "anything broken?", "is it green?", "hi, run the tests",
         "how is the project doing?", "Are the tests OK?", "what's failing", "any errors?", "is the code fine?"]
TASK_DIRS = sorted((Path(__file__).parent / "data").glob("tasks_heldout*"))  # every held-out batch, in the repository
TASK_DIRS.append(Path(__file__).parents[2] / "shared" / "tasks" / "dev")  # and the dev tasks where ../shared is beside it


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "proj"
    (root / "tests").mkdir(parents=True)
    (root / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    (root / "tests" / "__init__.py").write_text("")
    (root / "tests" / "test_calc.py").write_text(
        "import unittest\nfrom calc import add\n\nclass T(unittest.TestCase):\n"
        "    def test_add(self):\n        self.assertEqual(add(1, 2), 3)\n")
    return root


@pytest.mark.parametrize("query", NOTHING)
def test_requests_that_ask_for_nothing_runnable(query):
    assert asks_nothing_to_run(query)


@pytest.mark.parametrize("query", VAGUE)
def test_vague_requests_about_the_project_still_ask_for_its_checks(query):
    assert not asks_nothing_to_run(query)


def test_no_real_request_reads_as_asking_for_nothing():
    requests = [p.read_text() for d in TASK_DIRS if d.is_dir() for p in sorted(d.glob("*/request.txt"))]
    assert len(requests) >= 30
    assert [r for r in requests if asks_nothing_to_run(r)] == []


def test_a_named_command_file_or_option_is_something_to_run():
    for query in ("`ls`", "what does scripts/x.sh print", "summarize README.md", "--help", "$ make", "cargo?"):
        assert not asks_nothing_to_run(query), query


@pytest.mark.parametrize("query", ["hello there", "explain recursion"])
def test_the_rules_planner_plans_nothing_for_them(project, query):
    assert RulesPlanner(query, project).next([]) is None


@pytest.mark.parametrize("query", ["check the project", "is everything ok?", "does it build"])
def test_the_rules_planner_still_runs_the_project_checks(project, query):
    step = RulesPlanner(query, project).next([])
    assert step is not None and step.kind in ("test", "build")


def test_the_subagent_runs_nothing_and_says_what_it_can_do(project):
    result = execution_subagent("thanks!", cwd=project, planner="rules")
    assert result.commands == [] and result.turns == 0
    assert "names no command or check to run" in result.answer
    assert "run the tests" in result.answer and "build" in result.answer


def test_the_subagent_still_runs_the_tests_when_asked_if_everything_is_ok(project):
    result = execution_subagent("is everything ok?", cwd=project, planner="rules")
    assert any("unittest" in c or "pytest" in c for c in result.commands)
    assert "names no command" not in result.answer
