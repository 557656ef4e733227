"""`terminus-edge agent` as a first user meets it (session 11 QA): what the remote agent can read, and text that
cannot go on the wire as it is (a task with non-UTF-8 bytes, a lone surrogate from the endpoint, an odd API key)."""

from __future__ import annotations

import json
import os

import httpx
import pytest
from click.testing import CliRunner
from test_bridge import call

from terminus_edge.cli import main
from terminus_edge.integrations.bridge import Bridge
from terminus_edge.integrations.openai_client import ChatClient, EndpointError
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore


def agent(server, tmp_path, task: str = "look at my logs", approve: str = "auto"):
    return CliRunner().invoke(main, ["agent", "--endpoint", server.url, "--model", "m", "--approve", approve,
                                     "--no-model", "--cwd", str(tmp_path), task])


def tool_answers(server) -> list[str]:
    return [m["content"] for r in server.requests for m in r["body"]["messages"] if m["role"] == "tool"]


def test_the_remote_agent_reads_only_the_logs_of_its_own_commands(agent_server, tmp_path, te_home):
    """Was: read_log answered any id in the store, so the remote agent could read every command the user had ever
    run here (`terminus-edge run`, the TUI's shell, other agents') without the user sending it."""
    with LogStore() as store:
        private = store.add("cat notes.txt", b"my private notes: meet alice at noon\n", exit_code=0)
    server = agent_server([
        {"tool_calls": [call("read_log", {"id": private})]},
        {"tool_calls": [call("execution_subagent", {"query": "run `echo ours` and tell me what it prints"})]},
        {"content": "done"},
    ])
    result = agent(server, tmp_path)
    assert result.exit_code == 0, result.output
    denied = tool_answers(server)[0]
    assert denied.startswith(f"Error: log {private} was not sent to you"), denied
    assert "alice" not in server.sent_text()
    ours = int(tool_answers(server)[-1].rsplit("Log: ", 1)[1].split()[0])
    follow = agent_server([{"tool_calls": [call("execution_subagent", {"query": "run `echo again`"})]},
                           {"tool_calls": [call("read_log", {"id": ours})]}, {"content": "done"}])
    assert agent(follow, tmp_path).exit_code == 0
    assert "was not sent to you" in tool_answers(follow)[-1]  # a new conversation: the earlier one's logs are not its own


def test_a_log_of_its_own_command_is_read(agent_server, tmp_path, te_home):
    server = agent_server([
        {"tool_calls": [call("execution_subagent", {"query": "run `printf 'a\\nb\\nc\\n'` and tell me"})]},
        {"tool_calls": [call("read_log", {"id": 1, "lines": "2-3"})]},  # a fresh store: its command is log 1
        {"content": "done"},
    ])
    result = agent(server, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Log: 1" in tool_answers(server)[0]
    assert tool_answers(server)[-1].endswith("2: b\n3: c"), tool_answers(server)


def test_a_task_with_bytes_that_are_not_utf8_is_sent_not_a_traceback(agent_server, tmp_path, te_home, monkeypatch):
    """Was: UnicodeEncodeError from httpx (the task came from argv with a Latin-1 byte, held as a lone surrogate)."""
    server = agent_server([{"content": "ok"}])
    task = os.fsdecode(b"fix the caf\xe9 tests")  # what Python makes of such an argv
    result = CliRunner().invoke(main, ["agent", "--endpoint", server.url, "--model", "m", "--approve", "never",
                                       "--no-model", "--cwd", str(tmp_path), task])
    assert result.exit_code == 0, result.output
    assert "fix the caf\ufffd tests" in server.requests[0]["body"]["messages"][1]["content"]


def test_a_lone_surrogate_from_the_endpoint_does_not_break_the_next_request(tmp_path):
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        if len(sent) == 1:  # JSON text may carry a lone surrogate escape; json.loads keeps it
            body = ('{"choices": [{"message": {"role": "assistant", "content": "half an emoji \\ud83d", "tool_calls": '
                    '[{"id": "c1", "type": "function", "function": {"name": "read_log", "arguments": '
                    '"{\\"id\\": \\"\\\\ud83d\\"}"}}]}}]}')
            return httpx.Response(200, content=body.encode(), headers={"content-type": "application/json"})
        return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": "done"}}]})

    client = ChatClient("http://agent.test/v1", "m", transport=httpx.MockTransport(handler), retries=0)
    reply = Bridge(client, Toolkit(cwd=tmp_path, use_model=False, policy_mode="deny-all")).send("go")
    assert reply == "done" and len(sent) == 2
    assert sent[1]["messages"][2]["content"] == "half an emoji \ufffd"


@pytest.mark.parametrize("key", ["kлюч-123", "k-1\n23", "k\x00"])
def test_an_api_key_no_http_header_can_carry_is_one_line_error_without_the_key(key):
    with pytest.raises(EndpointError, match="API key") as error:
        ChatClient("http://agent.test/v1", "m", api_key=key)
    assert key.strip() not in str(error.value)


def test_an_api_key_with_a_trailing_newline_is_used_without_it():
    seen = []
    transport = httpx.MockTransport(lambda request: seen.append(request.headers["authorization"]) or httpx.Response(
        200, json={"choices": [{"message": {"role": "assistant", "content": "ok"}}]}))
    ChatClient("http://agent.test/v1", "m", api_key="k-123\n", transport=transport).complete([], [])
    assert seen == ["Bearer k-123"]
