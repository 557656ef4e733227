"""`terminus-edge mcp` end to end: the official SDK's client spawns the server over stdio."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from pathlib import Path

from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

from terminus_edge.logstore import LogStore

REPO = Path(__file__).resolve().parents[1]
SECRET = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"


def server_params(cwd: Path, te_home: Path, *extra: str) -> StdioServerParameters:
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    return StdioServerParameters(command=sys.executable, args=["-m", "terminus_edge", "mcp", "--no-model",
                                                               "--cwd", str(cwd), *extra], env=env, cwd=str(REPO))


def session(tmp_path, te_home, body, *extra):
    """Run `body(client)` against a fresh server process; bounded so a hung server fails the test."""
    async def main():
        async with Client(server_params(tmp_path, te_home, *extra), read_timeout_seconds=60) as client:
            return await body(client)

    return asyncio.run(asyncio.wait_for(main(), timeout=240))


def text(result) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def log_id(answer: str) -> int:
    match = re.search(r"Log:?\s*#?(\d+)", answer)
    assert match, answer
    return int(match.group(1))


def test_tools_are_listed_with_schemas_an_agent_can_follow(tmp_path, te_home):
    async def body(client):
        return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in session(tmp_path, te_home, body)}
    assert set(tools) == {"execution_subagent", "run_in_terminal", "read_log"}
    for tool in tools.values():
        assert len(tool.description) > 100
        for name, prop in tool.input_schema["properties"].items():
            assert prop.get("description"), (tool.name, name)
    assert tools["execution_subagent"].input_schema["required"] == ["query"]
    assert set(tools["execution_subagent"].input_schema["properties"]) == {"query", "description"}
    run = tools["run_in_terminal"].input_schema
    assert run["required"] == ["command"] and set(run["properties"]) == {"command", "explanation", "goal", "mode", "timeout"}
    assert run["properties"]["timeout"]["type"] == "integer" and run["properties"]["timeout"]["maximum"] == 600000
    assert tools["read_log"].input_schema["required"] == ["id"]


def test_run_in_terminal_answers_a_summary_and_read_log_the_raw_lines(tmp_path, te_home):
    command = f"for i in $(seq 1 30); do echo row $i; done; echo token {SECRET}; echo boom >&2; exit 3"

    async def body(client):
        run = await client.call_tool("run_in_terminal", {"command": command, "explanation": "demo",
                                                         "goal": "see it fail", "timeout": 20000})
        lid = log_id(text(run))
        ranged = await client.call_tool("read_log", {"id": lid, "lines": "29-32"})
        grepped = await client.call_tool("read_log", {"id": lid, "grep": "token|boom"})
        tail = await client.call_tool("read_log", {"id": lid, "lines": "-1"})
        return run, ranged, grepped, tail

    run, ranged, grepped, tail = session(tmp_path, te_home, body)
    assert not run.is_error
    summary = text(run)
    assert "Command:" in summary and "3" in summary and SECRET not in summary
    assert "row 17" not in summary  # a summary, not the raw output
    assert text(ranged).splitlines()[1:] == ["29: row 29", "30: row 30", "31: token [REDACTED:github-token]",
                                             "32: boom"]
    assert text(grepped).splitlines()[1:] == ["31: token [REDACTED:github-token]", "32: boom"]
    assert "2 lines match" in text(grepped).splitlines()[0]
    assert text(tail).splitlines()[1:] == ["32: boom"]
    with LogStore() as store:  # the raw bytes are kept locally, secret and all
        record = store.get(log_id(summary))
        assert record.exit_code == 3 and SECRET.encode() in store.read_raw(record.id)


def test_error_cases_come_back_as_tool_errors(tmp_path, te_home):
    async def body(client):
        run = await client.call_tool("run_in_terminal", {"command": "echo one; echo two"})
        lid = log_id(text(run))
        return [
            await client.call_tool("read_log", {"id": 4242}),
            await client.call_tool("read_log", {"id": lid, "lines": "9-3"}),
            await client.call_tool("read_log", {"id": lid, "lines": "many"}),
            await client.call_tool("read_log", {"id": lid, "lines": "40-"}),
            await client.call_tool("read_log", {"id": lid, "grep": "("}),
            await client.call_tool("run_in_terminal", {"command": "   "}),
            await client.call_tool("run_in_terminal", {"command": "true", "timeout": -1}),
            await client.call_tool("execution_subagent", {"query": ""}),
            await client.call_tool("no_such_tool", {}),
        ]

    results = session(tmp_path, te_home, body)
    expected = ["no log with id 4242", "bad line range", "bad line range", "has 2 lines", "not a valid regular",
                "command is empty", "timeout", "query is empty", "no_such_tool"]
    for result, phrase in zip(results, expected, strict=True):
        assert result.is_error, (phrase, text(result))
        assert phrase in text(result), (phrase, text(result))


def test_a_command_past_its_timeout_is_stopped_and_reported(tmp_path, te_home):
    async def body(client):
        started = time.monotonic()
        result = await client.call_tool("run_in_terminal", {"command": "echo start; sleep 60", "timeout": 1500})
        return result, time.monotonic() - started

    result, elapsed = session(tmp_path, te_home, body)
    assert not result.is_error and elapsed < 30
    assert re.search(r"timed out|timeout", text(result), re.I), text(result)
    with LogStore() as store:
        assert store.get(log_id(text(result))).timed_out


def test_execution_subagent_runs_the_named_command_without_a_model(tmp_path, te_home):
    (tmp_path / "data.txt").write_text("alpha\nbeta\n")

    async def body(client):
        return await client.call_tool("execution_subagent", {"query": "run `wc -l data.txt` and tell me the count",
                                                             "description": "count lines"})

    result = session(tmp_path, te_home, body)
    assert not result.is_error, text(result)
    assert "wc -l data.txt" in text(result) and "2" in text(result)


def test_twenty_concurrent_calls_are_all_answered_and_logged(tmp_path, te_home):
    async def body(client):
        calls = [client.call_tool("run_in_terminal", {"command": f"sleep 1; echo job-{i}; exit {i % 3}"})
                 for i in range(20)]
        started = time.monotonic()
        results = await asyncio.gather(*calls)
        return results, time.monotonic() - started

    results, elapsed = session(tmp_path, te_home, body)
    assert all(not r.is_error for r in results)
    ids = [log_id(text(r)) for r in results]
    assert len(set(ids)) == 20
    with LogStore() as store:
        records = {store.get(i).command: store.get(i) for i in ids}
    assert set(records) == {f"sleep 1; echo job-{i}; exit {i % 3}" for i in range(20)}
    assert all(records[f"sleep 1; echo job-{i}; exit {i % 3}"].exit_code == i % 3 for i in range(20))
    assert elapsed < 12  # side by side: one after another would take over 20 s


def test_deny_all_policy_refuses_named_commands(tmp_path, te_home):
    async def body(client):
        return await client.call_tool("run_in_terminal", {"command": "echo should-not-run > marker"})

    result = session(tmp_path, te_home, body, "--policy", "deny-all")
    assert result.is_error and "not run" in text(result)
    assert not (tmp_path / "marker").exists()


def test_a_real_bundle_loads_on_first_use_and_summaries_stay_faithful(tmp_path, te_home, tiny_bundle):
    """A random-weight qwen3 bundle: the gist is noise, so the fact guard must keep the facts and drop the rest."""
    bundle = tiny_bundle("qwen3")
    params = server_params(tmp_path, te_home)
    params.args = ["-m", "terminus_edge", "mcp", "--bundle", str(bundle), "--cwd", str(tmp_path)]

    errlog = (tmp_path / "server-stderr.txt").open("w")

    async def main():
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=120) as client:
            first = await client.call_tool("run_in_terminal", {"command": "echo 'error: disk full' >&2; exit 5"})
            second = await client.call_tool("run_in_terminal", {"command": "echo fine"})
            return first, second

    first, second = asyncio.run(asyncio.wait_for(main(), timeout=300))
    assert not first.is_error and not second.is_error, (text(first), text(second))
    assert "5" in text(first) and "disk full" in text(first)
    assert "fine" in text(second)
    errlog.close()
    assert "model not loaded" not in (tmp_path / "server-stderr.txt").read_text()  # the bundle did load
