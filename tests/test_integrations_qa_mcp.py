"""`terminus-edge mcp` driven as a client would: ClientSession over stdio_client, bad arguments and odd commands.

Every failure must come back as a tool error (is_error) with one line of text, and the server must go on.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parents[1]
SECRET = "ghp_" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8"


def drive(project: Path, te_home: Path, body):
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONPATH=str(REPO))
    params = StdioServerParameters(command=sys.executable, env=env, cwd=str(REPO),
                                   args=["-m", "terminus_edge", "mcp", "--no-model", "--cwd", str(project)])

    async def main():
        async with stdio_client(params) as (read, write), ClientSession(read, write, read_timeout_seconds=60) as session:
            await session.initialize()
            return await body(session)

    return asyncio.run(asyncio.wait_for(main(), timeout=180))


def text(result) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


def test_bad_arguments_are_one_line_tool_errors_and_the_server_goes_on(tmp_path, te_home):
    bad = [
        ("run_in_terminal", {}, ["command: Field required"]),
        ("run_in_terminal", {"command": 42, "timeout": "abc"}, ["command:", "(got integer)", "timeout:"]),
        ("run_in_terminal", {"command": "echo hi", "timeout": 1500.5}, ["timeout:"]),
        ("run_in_terminal", {"command": "echo hi", "timeout": 10**12}, ["timeout:", "600000"]),
        ("run_in_terminal", {"command": "echo hi", "mode": "async"}, ["mode:", "'sync'"]),
        ("execution_subagent", {"query": None}, ["query:", "(got null)"]),
        ("execution_subagent", {"query": "x", "description": ["a"]}, ["description:", "(got array)"]),
        ("read_log", {"id": -1, "lines": 5}, ["id:", "lines:"]),
        ("read_log", {"id": "abc"}, ["id:"]),
        ("read_log", {"id": 99, "grep": "("}, ["no log with id 99"]),
    ]

    async def body(session):
        answers = [await session.call_tool(name, args) for name, args, _ in bad]
        answers.append(await session.call_tool("run_in_terminal", {"command": "echo fine", "mode": "sync"}))
        return answers

    *errors, last = drive(tmp_path, te_home, body)
    for (name, args, phrases), result in zip(bad, errors, strict=True):
        message = text(result)
        assert result.is_error, (name, args, message)
        assert "\n" not in message and "pydantic.dev" not in message, message
        assert all(phrase in message for phrase in phrases), (phrases, message)
    assert not last.is_error and "fine" in text(last) and "exit code 0" in text(last)


def test_schema_follows_the_contract_with_mode_sync(tmp_path, te_home):
    async def body(session):
        return {tool.name: tool.input_schema for tool in (await session.list_tools()).tools}

    schemas = drive(tmp_path, te_home, body)
    run = schemas["run_in_terminal"]
    assert set(run["properties"]) == {"command", "explanation", "goal", "mode", "timeout"}
    assert run["properties"]["mode"]["const"] == "sync" and run["required"] == ["command"]
    assert set(schemas["execution_subagent"]["properties"]) == {"query", "description"}


def test_binary_stdin_secret_and_vanished_cwd(tmp_path, te_home):
    project = tmp_path / "project"
    project.mkdir()

    async def body(session):
        binary = await session.call_tool("run_in_terminal", {"command": "head -c 4000 /dev/urandom; exit 1"})
        prompt = await session.call_tool("run_in_terminal", {
            "command": "python3 -c \"input('Continue? [y/N] ')\"", "timeout": 10000})
        secret = await session.call_tool("run_in_terminal", {"command": f"echo key {SECRET} >&2; exit 5"})
        project.rename(tmp_path / "moved")
        gone = await session.call_tool("run_in_terminal", {"command": "ls"})
        (tmp_path / "moved").rename(project)
        again = await session.call_tool("run_in_terminal", {"command": "pwd"})
        return binary, prompt, secret, gone, again

    binary, prompt, secret, gone, again = drive(project, te_home, body)
    assert not binary.is_error and "exit code 1" in text(binary) and "binary" in text(binary)
    assert not prompt.is_error and "input" in text(prompt).lower() and "exit code 1" in text(prompt)
    assert not secret.is_error and "exit code 5" in text(secret) and SECRET not in text(secret)
    assert "[REDACTED" in text(secret)
    assert gone.is_error and "\n" not in text(gone) and "does not exist" in text(gone)
    assert not again.is_error and str(project) in text(again)


def test_bad_arguments_text_names_fields_and_json_types():
    from pydantic import BaseModel, ValidationError

    from terminus_edge.integrations.mcp_server import bad_arguments, one_line

    class Args(BaseModel):
        command: str
        timeout: int = 1

    try:
        Args.model_validate({"timeout": [1]})
    except ValidationError as error:
        line = bad_arguments(error)
    assert line == ("bad arguments: command: Field required; timeout: Input should be a valid integer (got array)")
    assert one_line("first\n   second\n") == "first second"


def test_commands_and_queries_no_shell_could_take_are_refused_quickly(tmp_path, te_home):
    import time

    import pytest

    from terminus_edge.integrations.toolkit import MAX_COMMAND_BYTES, MAX_QUERY_CHARS, Toolkit, ToolInputError

    kit = Toolkit(cwd=tmp_path, use_model=False)
    started = time.monotonic()
    for call, phrase in [
        (lambda: kit.run_in_terminal("echo a\x00b"), "NUL"),
        (lambda: kit.run_in_terminal("true " + "x" * MAX_COMMAND_BYTES), "write a script file"),
        (lambda: kit.execution_subagent("\x00 \t"), "query is empty"),
        (lambda: kit.execution_subagent("--- ?? !!"), "query is empty"),
        (lambda: kit.execution_subagent("run " + "y" * MAX_QUERY_CHARS), "keep it under"),
        (lambda: kit.execution_subagent("run the tests\x00"), "NUL"),
    ]:
        with pytest.raises(ToolInputError, match=phrase):
            call()
    assert time.monotonic() - started < 5  # refused before the policy or the planner reads them
    assert "exit code 0" in kit.run_in_terminal("true " + "x" * 100_000).text
