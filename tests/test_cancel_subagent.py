"""The subagent loop with a cancel event: the running command stops, no further command or model turn starts."""

from __future__ import annotations

import json
import threading
import time

from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel
from terminus_edge.subagent.loop import execution_subagent

LOOP = "for i in $(seq 1 100); do echo tick $i; sleep 0.1; done"


def tool_call(command: str) -> str:
    args = {"command": command, "explanation": "print ticks", "goal": "see them", "timeout": 60000}
    return "<tool_call>\n" + json.dumps({"name": "run_in_terminal", "arguments": args}) + "\n</tool_call>"


def test_a_cancel_during_a_planned_command_ends_the_run(tmp_path):
    planning_turns = []

    def reply(messages):
        if messages[0]["role"] == "system" and "execution subagent" in messages[0]["content"]:
            planning_turns.append(len(messages))
            return tool_call(LOOP)  # it would run the loop again and again if let
        return "The command printed ticks."

    cancel = threading.Event()
    threading.Timer(1.0, cancel.set).start()
    t0 = time.monotonic()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("print ticks", cwd=tmp_path, model=FakeModel(reply, name="scripted-qwen3"),
                                    store=store, cancel=cancel)
        record = store.get(result.log_ids[0])
        lines = list(store.iter_lines(record.id))
    assert time.monotonic() - t0 < 4.0
    assert result.planner == "model" and result.commands == [LOOP] and len(planning_turns) == 1
    assert result.exit_codes == [143] and record.exit_code == 143
    assert lines[0] == "tick 1" and len(lines) < 20
    assert "cancelled by the client after 1." in record.summary and json.loads(record.facts_json)["cancelled"]
    assert "cancelled by the client" in result.records[0].summary_text


def test_a_cancel_before_the_first_step_runs_nothing(tmp_path):
    cancel = threading.Event()
    cancel.set()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("run `echo hello` and tell me what it prints", cwd=tmp_path, planner="rules",
                                    store=store, cancel=cancel)
        assert store.list() == []
    assert result.commands == [] and result.turns == 0


def test_without_a_cancel_the_same_request_runs(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("run `echo hello` and tell me what it prints", cwd=tmp_path, planner="rules",
                                    store=store, cancel=threading.Event())
    assert result.commands == ["echo hello"] and result.exit_codes == [0]
