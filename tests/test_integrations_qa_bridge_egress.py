"""`terminus-edge agent` as a first user meets it (session 11 QA): what the remote agent can read, and text that
cannot go on the wire as it is (a task with non-UTF-8 bytes, a lone surrogate from the endpoint, an odd API key)."""

from __future__ import annotations

from click.testing import CliRunner
from test_bridge import call

from terminus_edge.cli import main
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
