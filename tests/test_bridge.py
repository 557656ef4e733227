"""The remote main-agent bridge against a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from terminus_edge.integrations.bridge import Bridge, BridgeError
from terminus_edge.integrations.openai_client import ChatClient, EndpointError, completions_url
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore

REPO = Path(__file__).resolve().parents[1]
SECRET = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SERVER_LIFETIME_S = 60  # the fake server shuts itself down after this, whatever the test does


def call(name: str, arguments, call_id: str | None = "call_1") -> dict:
    body = {"type": "function", "function": {"name": name, "arguments": arguments if isinstance(arguments, str)
                                             else json.dumps(arguments)}}
    return {**body, "id": call_id} if call_id else body


class FakeAgent:
    """Scripted chat-completions endpoint. Each step: {'content'|'tool_calls'}, ('http', status, body),
    ('sleep', seconds, step) or ('raw', text). Requests are recorded; an exhausted script answers 500."""

    def __init__(self, steps: list):
        self.steps, self.requests, self.lock = list(steps), [], threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake.lock:
                    fake.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                    step = fake.steps.pop(0) if fake.steps else ("http", 500, {"error": {"message": "script over"}})
                while isinstance(step, tuple) and step[0] == "sleep":
                    time.sleep(step[1])
                    step = step[2]
                if isinstance(step, tuple) and step[0] == "http":
                    self._send(step[1], json.dumps(step[2]).encode())
                elif isinstance(step, tuple) and step[0] == "raw":
                    self._send(200, step[1].encode())
                else:
                    message = {"role": "assistant", "content": step.get("content"), **step}
                    usage = {"prompt_tokens": 100, "completion_tokens": 10}
                    self._send(200, json.dumps({"choices": [{"message": message}], "usage": usage}).encode())

            def _send(self, status, data):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.timer = threading.Timer(SERVER_LIFETIME_S, self.server.shutdown)
        self.timer.daemon = True
        self.timer.start()

    def stop(self):
        self.timer.cancel()
        self.server.shutdown()
        self.server.server_close()

    def sent_text(self) -> str:
        return json.dumps([r["body"] for r in self.requests])


@pytest.fixture
def stored_log(te_home) -> int:
    raw = "".join(f"line {i}\n" for i in range(1, 101)) + f"export GITHUB_TOKEN={SECRET}\nFAILED test_x\n"
    with LogStore() as store:
        return store.add("make test", raw.encode(), exit_code=2)


def bridge_for(server, tmp_path, **kwargs) -> Bridge:
    client = ChatClient(server.url, "fake-model", api_key="k-123", timeout_s=kwargs.pop("timeout_s", 10),
                        retries=kwargs.pop("retries", 2), backoff_s=0.01)
    return Bridge(client, Toolkit(cwd=tmp_path, use_model=False, policy_mode="deny-all"), **kwargs)


def test_completions_url():
    assert completions_url("http://h:1/v1/") == "http://h:1/v1/chat/completions"
    assert completions_url("https://h/v1/chat/completions") == "https://h/v1/chat/completions"
    with pytest.raises(EndpointError):
        completions_url("h:1/v1")


def test_read_log_tool_call_sends_only_redacted_numbered_lines(agent_server, tmp_path, stored_log):
    server = agent_server([
        {"tool_calls": [call("read_log", {"id": stored_log, "grep": "TOKEN|FAILED"})]},
        {"content": "The token line and one failure."},
    ])
    bridge = bridge_for(server, tmp_path)
    assert bridge.send("look at the last log") == "The token line and one failure."
    first, second = server.requests
    assert first["path"] == "/v1/chat/completions" and first["auth"] == "Bearer k-123"
    assert first["body"]["model"] == "fake-model"
    assert {t["function"]["name"] for t in first["body"]["tools"]} == {"execution_subagent", "read_log"}
    tool_message = second["body"]["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_1"
    assert "101: export GITHUB_TOKEN=[REDACTED" in tool_message["content"]
    assert "102: FAILED test_x" in tool_message["content"]
    assert SECRET not in server.sent_text()
    assert bridge.account.tool_calls == 1 and bridge.account.sent > 0
    assert bridge.account.prompt_tokens == 200


def test_user_text_is_redacted_before_it_leaves(agent_server, tmp_path):
    server = agent_server([{"content": "ok"}])
    bridge_for(server, tmp_path).send(f"my token is {SECRET}, fix the build")
    assert SECRET not in server.sent_text() and "fix the build" in server.sent_text()


def test_malformed_tool_calls_get_error_answers_and_the_loop_goes_on(agent_server, tmp_path, stored_log):
    server = agent_server([
        {"tool_calls": [
            call("read_log", "{not json", "c1"),
            call("rm_rf", {}, "c2"),
            call("execution_subagent", {"description": "no query"}, "c3"),
            call("read_log", [1, 2], "c4"),
            call("read_log", {"id": 999}, "c5"),
            call("read_log", {"id": stored_log, "lines": "50-10"}, "c6"),
            call("read_log", {"id": stored_log, "lines": "-2"}, None),
        ]},
        {"content": "done"},
    ])
    bridge = bridge_for(server, tmp_path)
    assert bridge.send("go") == "done"
    messages = server.requests[1]["body"]["messages"]
    assistant = messages[-8]
    ids = [c["id"] for c in assistant["tool_calls"]]
    answers = {m["tool_call_id"]: m["content"] for m in messages[-7:]}
    assert set(answers) == set(ids) and len(set(ids)) == 7  # every call answered, the missing id filled in
    assert "not valid JSON" in answers["c1"]
    assert "unknown tool 'rm_rf'" in answers["c2"]
    assert "'query' is missing" in answers["c3"]
    assert "JSON object" in answers["c4"]
    assert "no log with id 999" in answers["c5"]
    assert "bad line range" in answers["c6"]
    assert "102: FAILED test_x" in answers[ids[-1]] and "100: line 100" not in answers[ids[-1]]


def test_http_errors_retry_then_succeed_or_fail_in_one_line(agent_server, tmp_path):
    server = agent_server([("http", 503, {"error": {"message": "overloaded"}}), ("raw", "no json"),
                           {"content": "after retry"}])
    bridge = bridge_for(server, tmp_path)
    with pytest.raises(EndpointError, match="sent no chat completion"):
        bridge.send("hello")  # 503 is retried; an unreadable 200 is not
    assert len(server.requests) == 2
    assert bridge.send("again") == "after retry"

    denied = agent_server([("http", 401, {"error": {"message": "bad key"}})])
    with pytest.raises(EndpointError, match="HTTP 401: bad key"):
        bridge_for(denied, tmp_path).send("hi")
    assert len(denied.requests) == 1  # a client error is not retried


def test_endpoint_timeouts_are_bounded(agent_server, tmp_path):
    slow = {"content": "too late"}
    server = agent_server([("sleep", 2, slow), ("sleep", 2, slow)])
    bridge = bridge_for(server, tmp_path, timeout_s=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(EndpointError, match="no answer .* within 0.3 s .*2 tries"):
        bridge.send("hi")
    assert time.monotonic() - started < 3


def test_a_runaway_agent_is_stopped_after_max_steps(agent_server, tmp_path, stored_log):
    server = agent_server([{"tool_calls": [call("read_log", {"id": stored_log, "lines": "1-1"}, f"c{i}")]}
                           for i in range(5)])
    with pytest.raises(BridgeError, match="after 3 steps"):
        bridge_for(server, tmp_path, max_steps=3).send("loop")
    assert len(server.requests) == 3


def test_agent_cli_prints_the_answer_and_the_token_account(agent_server, tmp_path, stored_log, te_home):
    server = agent_server([
        {"tool_calls": [call("read_log", {"id": stored_log, "lines": "-3"})]},
        {"content": "Final: make test failed."},
    ])
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), FAKE_KEY="k-999")
    result = subprocess.run(
        [sys.executable, "-m", "terminus_edge", "agent", "--endpoint", server.url, "--model", "m",
         "--api-key-env", "FAKE_KEY", "--approve", "never", "--no-model", "--cwd", str(tmp_path), "why did it fail?"],
        capture_output=True, text=True, timeout=60, env=env, cwd=REPO, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Final: make test failed."
    assert "→ read_log" in result.stderr and "Token account:" in result.stderr
    assert server.requests[0]["auth"] == "Bearer k-999"
    missing = subprocess.run(
        [sys.executable, "-m", "terminus_edge", "agent", "--endpoint", server.url, "--model", "m",
         "--api-key-env", "NOT_SET_ANYWHERE", "task"], capture_output=True, text=True, timeout=60, env=env, cwd=REPO)
    assert missing.returncode == 1 and "NOT_SET_ANYWHERE is not set" in missing.stderr


def test_outbox_sink_sends_items_as_one_redacted_message(agent_server, tmp_path):
    from terminus_edge.integrations.bridge import BridgeSink
    from terminus_edge.tui.widgets.outbox import OutboxItem

    server = agent_server([{"content": "Thanks, looking at the failure.\nMore later."}])
    sink = BridgeSink(bridge_for(server, tmp_path))
    items = [OutboxItem(1, "pytest", "Command: pytest\nSummary: exit 1, 1 failed\nLog: 3"),
             OutboxItem(2, "env", f"Command: env\nSummary: GITHUB_TOKEN={SECRET}\nLog: 4")]
    receipt = sink.deliver(items)
    assert receipt == "2 item(s) sent to fake-model; reply: Thanks, looking at the failure."
    assert sink.last_reply.endswith("More later.")
    user = server.requests[0]["body"]["messages"][-1]
    assert user["role"] == "user" and "Summary: exit 1, 1 failed\nLog: 3\n\nCommand: env" in user["content"]
    assert SECRET not in server.sent_text()


def test_execution_subagent_runs_locally_and_only_the_summary_goes_back(agent_server, tmp_path):
    (tmp_path / "big.txt").write_text("".join(f"entry {i} {SECRET if i == 7 else ''}\n" for i in range(400)))
    server = agent_server([
        {"tool_calls": [call("execution_subagent", {"query": "run `cat big.txt` and tell me how many lines",
                                                    "description": "count"})]},
        {"content": "400 lines."},
    ])
    asked = []
    bridge = Bridge(ChatClient(server.url, "m", backoff_s=0.01),
                    Toolkit(cwd=tmp_path, use_model=False, policy_mode="ask",
                            approve=lambda what, why: asked.append(what) or True))
    assert bridge.send("how big is big.txt?") == "400 lines."
    assert asked == ["count: run `cat big.txt` and tell me how many lines"]
    answer = server.requests[1]["body"]["messages"][-1]["content"]
    assert "cat big.txt" in answer and SECRET not in server.sent_text()
    assert "entry 200" not in answer  # the raw output stayed here
    account = bridge.account
    assert account.raw > 800 and 0 < account.sent < account.raw / 5  # 400 lines of two tokens, and the secret
    assert "% saved" in account.report()


@pytest.mark.parametrize("mode,approver,phrase", [("deny-all", None, "every command is refused"),
                                                  ("ask", lambda what, why: False, "denied by the user")])
def test_refused_requests_run_nothing_and_the_agent_is_told_why(agent_server, tmp_path, mode, approver, phrase):
    server = agent_server([{"tool_calls": [call("execution_subagent", {"query": "run `touch marker`"})]},
                           {"content": "ok"}])
    bridge = Bridge(ChatClient(server.url, "m", backoff_s=0.01),
                    Toolkit(cwd=tmp_path, use_model=False, policy_mode=mode, approve=approver))
    bridge.send("make a marker")
    assert phrase in server.requests[1]["body"]["messages"][-1]["content"]
    assert not (tmp_path / "marker").exists()


def run_agent_cli(server, cwd, input_text: str | None, *, terminal: bool, monkeypatch):
    from click.testing import CliRunner

    from terminus_edge.cli import agent_cmd, main

    monkeypatch.setattr(agent_cmd, "stdin_is_terminal", lambda: terminal)
    return CliRunner().invoke(main, ["agent", "--endpoint", server.url, "--model", "m", "--no-model",
                                     "--cwd", str(cwd), "--approve", "ask", "do it"], input=input_text)


def touch_request(*names: str) -> dict:
    query = " and then run ".join(f"`touch {n}`" for n in names)
    return {"tool_calls": [call("execution_subagent", {"query": f"run {query}", "description": "touch files"})]}


def test_approve_ask_prompts_per_command_refused_one_is_reported_and_the_rest_runs(agent_server, tmp_path,
                                                                                    monkeypatch):
    server = agent_server([touch_request("one", "two"), {"content": "done"}])
    result = run_agent_cli(server, tmp_path, "n\nnot now\ny\n", terminal=True, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "done"
    assert result.stderr.count("Run it?") == 2
    assert "$ touch one" in result.stderr and "$ touch two" in result.stderr
    assert "policy: allows it (" in result.stderr and "explanation: Create one if missing" in result.stderr
    assert not (tmp_path / "one").exists() and (tmp_path / "two").exists()
    answer = server.requests[1]["body"]["messages"][-1]["content"]
    assert "`touch one` was not run (refused by the user: not now)." in answer
    assert "Command: touch two" in answer


def test_approve_all_asks_once_for_the_rest_of_the_request(agent_server, tmp_path, monkeypatch):
    server = agent_server([touch_request("a1", "a2", "a3"), {"content": "ok"}])
    result = run_agent_cli(server, tmp_path, "a\n", terminal=True, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Run it?") == 1
    assert all((tmp_path / n).exists() for n in ("a1", "a2", "a3"))


def test_stop_refuses_the_rest_of_the_request(agent_server, tmp_path, monkeypatch):
    server = agent_server([touch_request("s1", "s2"), {"content": "ok"}])
    result = run_agent_cli(server, tmp_path, "s\n\n", terminal=True, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Run it?") == 1
    assert not (tmp_path / "s1").exists() and not (tmp_path / "s2").exists()
    assert "`touch s1` was not run (refused by the user)." in server.requests[1]["body"]["messages"][-1]["content"]


def test_approve_ask_without_a_terminal_refuses_with_the_reason(agent_server, tmp_path, monkeypatch):
    server = agent_server([touch_request("n1"), {"content": "nothing ran"}])
    result = run_agent_cli(server, tmp_path, None, terminal=False, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "stdin is not a terminal" in result.stderr and "Run it?" not in result.stderr
    assert not (tmp_path / "n1").exists()
    answer = server.requests[1]["body"]["messages"][-1]["content"]
    assert "`touch n1` was not run (not approved: stdin is not a terminal, so nobody can be asked" in answer


def test_approve_ask_end_of_input_at_the_prompt_runs_nothing(agent_server, tmp_path, monkeypatch):
    server = agent_server([touch_request("e1", "e2"), {"content": "ok"}])
    result = run_agent_cli(server, tmp_path, "", terminal=True, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "e1").exists() and not (tmp_path / "e2").exists()
    assert "not approved: no answer at the prompt" in server.requests[1]["body"]["messages"][-1]["content"]


def test_agent_cli_prints_no_token_account_when_the_endpoint_was_never_reached(tmp_path, te_home, monkeypatch):
    """QA: 'all text sent 1 tokens' after 'cannot reach …' claimed text was sent that never left."""
    import socket

    from click.testing import CliRunner

    from terminus_edge.cli import main

    monkeypatch.setattr(time, "sleep", lambda s: None)  # the client's retry backoff
    with socket.socket() as sock:  # a port that was free a moment ago: connection refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["agent", "--endpoint", f"http://127.0.0.1:{port}/v1", "--model", "m",
                                       "--approve", "never", "--no-model", "--cwd", str(tmp_path), "task"])
    assert result.exit_code == 1
    assert "cannot reach" in result.output and "Token account" not in result.output, result.output
