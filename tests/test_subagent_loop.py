"""The subagent loop with a scripted model (registered as fixtures): tool calls, malformed turns, the
10-turn budget, refusals, output cut for the model, raw output kept whole in the log store."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

import pytest

from terminus_edge.errors import TerminusError
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel
from terminus_edge.subagent import prompt
from terminus_edge.subagent.loop import execution_subagent, model_can_plan


def call(command: str, timeout_ms: int | None = 30000) -> str:
    args = {"command": command, "explanation": "x", "goal": "y", "mode": "sync"}
    if timeout_ms:
        args["timeout"] = timeout_ms
    return "<tool_call>\n" + json.dumps({"name": "run_in_terminal", "arguments": args}) + "\n</tool_call>"


def is_planning(messages) -> bool:
    return messages[0]["role"] == "system" and "execution subagent" in messages[0]["content"]


@pytest.fixture
def scripted_model() -> Callable[..., FakeModel]:
    """A planning model: planning turns come from `turns` in order; gist requests get a plain sentence."""

    def make(turns, *, can_plan: bool = True, gist: str = "The command finished.") -> FakeModel:
        queue = list(turns)

        def reply(messages):
            if not is_planning(messages):
                return gist
            if not queue:
                return "<final_answer>done</final_answer>"
            item = queue.pop(0)
            if isinstance(item, Exception):
                raise item
            return item(messages) if callable(item) else item

        model = FakeModel(reply, name="scripted-qwen3" if can_plan else "scripted-small")
        return model

    return make


@pytest.fixture
def store(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as s:
        yield s


@pytest.fixture
def failing_py_project(tmp_path):
    root = tmp_path / "proj"
    (root / "calc").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "calc/__init__.py").write_text("def add(a, b):\n    return a - b\n")
    (root / "tests/__init__.py").write_text("")
    (root / "tests/test_calc.py").write_text(textwrap.dedent("""\
        import unittest
        from calc import add

        class AddTests(unittest.TestCase):
            def test_add(self):
                self.assertEqual(add(2, 3), 5)

            def test_zero(self):
                self.assertEqual(add(0, 0), 0)
        """))
    return root


def planning_calls(model: FakeModel) -> list[list[dict]]:
    return [m for m in model.calls if is_planning(m)]


def test_model_plans_runs_and_answers(tmp_path, scripted_model, store):
    model = scripted_model([call("echo hello; exit 3"), "<final_answer>Command: echo hello\nSummary: printed hello</final_answer>"])
    result = execution_subagent("say hello", cwd=tmp_path, model=model, store=store)
    assert result.planner == "model"
    assert result.commands == ["echo hello; exit 3"] and result.exit_codes == [3]
    assert result.turns == 2
    assert result.model_answer == "Command: echo hello\nSummary: printed hello"
    assert "Command: echo hello; exit 3" in result.answer and "3" in result.answer
    second = planning_calls(model)[1]
    assert second[-2] == {"role": "assistant", "content": second[-2]["content"]}
    assert second[-1]["role"] == "tool" and second[-1]["content"].startswith("exit code: 3") and "hello" in second[-1]["content"]
    assert store.read_raw(result.log_ids[0]) == b"hello\n"
    assert store.get(result.log_ids[0]).summary.startswith("Command: echo hello")


def test_unparsable_turn_after_a_command_is_a_request_for_the_answer(tmp_path, scripted_model, store):
    model = scripted_model([call("echo one"), "I think we are done here, everything looks fine"])
    result = execution_subagent("run echo", cwd=tmp_path, model=model, planner="model", store=store)
    assert result.commands == ["echo one"] and result.turns == 2
    assert result.model_answer is None
    assert "Command: echo one" in result.answer


def test_unusable_first_turn_lets_the_rules_plan_in_auto_mode(failing_py_project, scripted_model, store):
    model = scripted_model(["<tool_call>{'name': 'run_in_terminal', 'arguments': {"])  # nothing usable
    result = execution_subagent("Run the tests and tell me what fails", cwd=failing_py_project, model=model, store=store)
    assert result.planner == "rules"
    assert any("unittest" in c for c in result.commands)
    assert result.exit_codes[0] == 1
    assert "test_add" in result.answer and "Tests failed" in result.answer


def test_unusable_first_turn_with_planner_model_gives_an_answer_without_commands(tmp_path, scripted_model, store):
    model = scripted_model(["no idea"])
    result = execution_subagent("run something", cwd=tmp_path, model=model, planner="model", store=store)
    assert result.commands == [] and result.turns == 1
    assert "No command was run" in result.answer


def test_ten_turn_budget_then_final_answer_is_requested(tmp_path, scripted_model, store):
    counter = iter(range(100))
    model = scripted_model([lambda m: call(f"echo step{next(counter)}")] * 10 + ["<final_answer>ten steps</final_answer>"])
    result = execution_subagent("count", cwd=tmp_path, model=model, planner="model", store=store)
    assert len(result.commands) == prompt.MAX_TURNS == result.turns
    last = planning_calls(model)[-1]
    assert last[-1]["role"] == "user" and "turns are used up" in last[-1]["content"]
    assert result.model_answer == "ten steps"
    assert len(result.log_ids) == 10


def test_model_failure_is_not_a_crash(tmp_path, scripted_model, store):
    model = scripted_model([call("echo ok"), RuntimeError("onnxruntime exploded")])
    result = execution_subagent("run echo", cwd=tmp_path, model=model, planner="model", store=store)
    assert result.commands == ["echo ok"]
    assert "Command: echo ok" in result.answer


def test_destructive_command_is_refused_not_run(tmp_path, scripted_model, store):
    victim = tmp_path / "keep.txt"
    victim.write_text("data")
    model = scripted_model([call(f"rm -rf {tmp_path}/*"), "<final_answer>x</final_answer>"])
    result = execution_subagent("clean up", cwd=tmp_path, model=model, planner="model", store=store)
    assert victim.exists()
    assert result.exit_codes == [None] and result.log_ids == []
    assert "not run" in result.answer and "refused" in result.answer
    tool_turn = planning_calls(model)[1][-1]
    assert tool_turn["role"] == "tool" and tool_turn["content"].startswith("Not run")


def test_tool_output_for_the_model_is_cut_but_the_log_keeps_everything(tmp_path, scripted_model, store):
    command = "python3 -c \"import sys; [sys.stdout.write('line %06d ' % i + 'x' * 90 + chr(10)) for i in range(2000)]\""
    model = scripted_model([call(command), "<final_answer>big</final_answer>"])
    result = execution_subagent("print a lot", cwd=tmp_path, model=model, planner="model", store=store)
    tool_turn = planning_calls(model)[1][-1]["content"]
    assert len(tool_turn.encode()) <= prompt.TOOL_OUTPUT_LIMIT + 500
    assert "line 000000" in tool_turn and "line 001999" in tool_turn and "omitted" in tool_turn
    assert len(store.read_raw(result.log_ids[0])) == 2000 * 103


def test_model_timeout_in_ms_is_honoured_and_reported(tmp_path, scripted_model, store):
    model = scripted_model([call("sleep 30", timeout_ms=1500), "<final_answer>slow</final_answer>"])
    result = execution_subagent("wait", cwd=tmp_path, model=model, planner="model", store=store)
    assert result.latency_ms < 20_000
    record = result.records[0]
    assert record.timed_out and "timed out" in planning_calls(model)[1][-1]["content"]
    assert "did not finish" in result.answer and "timeout" in result.answer


def test_small_model_only_writes_gists_rules_plan(failing_py_project, scripted_model, store):
    model = scripted_model([], can_plan=False, gist="The add test failed because 2 - 3 gives -1.")
    assert not model_can_plan(model)
    result = execution_subagent("Run the tests", cwd=failing_py_project, model=model, store=store)
    assert result.planner == "rules" and planning_calls(model) == []
    assert len(model.calls) >= 1  # the gist of the test run
    assert result.commands[0].endswith("python3 -m unittest -v")


def test_budget_stops_a_hanging_suite_and_reports_the_hang(tmp_path, store):
    root = tmp_path / "hang"
    (root / "tests").mkdir(parents=True)
    (root / "tests/__init__.py").write_text("")
    (root / "tests/test_wait.py").write_text(textwrap.dedent("""\
        import time, unittest

        class WaitTests(unittest.TestCase):
            def test_quick(self):
                self.assertTrue(True)

            def test_wait_forever(self):
                time.sleep(3600)
        """))
    result = execution_subagent("Run the tests", cwd=root, model=None, budget_s=12, store=store)
    assert result.latency_ms < 20_000
    assert result.records[0].timed_out
    assert "did not finish" in result.answer and "still inside test_wait_forever" in result.answer
    assert "test_quick ok" in result.answer


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(TerminusError, match="planner"):
        execution_subagent("x", cwd=tmp_path, planner="oracle")
    with pytest.raises(TerminusError, match="needs a model"):
        execution_subagent("x", cwd=tmp_path, planner="model")
    with pytest.raises(TerminusError, match="not a directory"):
        execution_subagent("x", cwd=tmp_path / "missing")
    with pytest.raises(TerminusError, match="empty"):
        execution_subagent("  ", cwd=tmp_path)


def test_subagent_cli_without_model(failing_py_project):
    from click.testing import CliRunner

    from terminus_edge.cli import main

    out = CliRunner().invoke(main, ["subagent", "--no-model", "--cwd", str(failing_py_project), "--json",
                                    "Run the tests and tell me why they fail"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["exit_codes"][0] == 1 and data["planner"] == "rules"
    assert "test_add" in data["answer"] and "Command:" in data["answer"]
    bad = CliRunner().invoke(main, ["subagent", "--no-model", "--planner", "model", "x"])
    assert bad.exit_code != 0 and "needs a model" in bad.output
