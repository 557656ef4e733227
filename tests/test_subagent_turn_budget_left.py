"""Session 11 QA (MCP execution_subagent): a request naming more commands than the 10-turn budget ran the first ten
and answered as if that were all; the ones left out must be named as not run, and why."""

from __future__ import annotations

from terminus_edge.logstore import LogStore
from terminus_edge.subagent import prompt
from terminus_edge.subagent.loop import execution_subagent


def test_commands_the_turn_budget_left_out_are_named_as_not_run(tmp_path, te_home):
    named = [f"echo {i}" for i in range(1, 13)]
    query = "run " + ", ".join(f"`{c}`" for c in named) + " and tell me the outputs"
    with LogStore() as store:
        result = execution_subagent(query, cwd=tmp_path, store=store)
    assert result.turns == prompt.MAX_TURNS and len(result.log_ids) == prompt.MAX_TURNS
    ran = [r.command for r in result.records if not r.refused]
    assert ran == named[:10]
    for left in named[10:]:
        assert f"`{left}` was not run (" in result.answer, result.answer
        assert f"Command: {left}\nSummary: not run: " in result.answer
    assert f"{prompt.MAX_TURNS} turns" in result.answer


def test_a_request_within_the_budget_says_nothing_of_it(tmp_path, te_home):
    with LogStore() as store:
        result = execution_subagent("run `echo a` and `echo b`", cwd=tmp_path, store=store)
    assert [r.command for r in result.records] == ["echo a", "echo b"]
    assert "not run" not in result.answer
