"""Cancelling the remote-agent bridge: Bridge.cancel() (the TUI), Ctrl-C / SIGTERM / SIGHUP to `terminus-edge
agent`: the running command and model call stop as on an MCP cancel, nothing more goes to the agent, and the
conversation is put back as it was before the cancelled send()."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import psutil
import pytest

from terminus_edge.integrations.bridge import Bridge, BridgeCancelled, BridgeSink
from terminus_edge.integrations.openai_client import ChatClient
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel
from signal_runs import signal_while_running, sleeps
from test_bridge import call

SLEEP = "31.7"  # a duration no other process uses: a leftover `sleep 31.7` is ours
LONG = f"echo started; sleep {SLEEP}; echo never"


def run_request(command: str = LONG) -> dict:
    return {"tool_calls": [call("execution_subagent", {"query": f"run `{command}`", "description": "long one"})]}


def leftover_sleeps() -> list[psutil.Process]:
    return sleeps(SLEEP)


def make_bridge(server, tmp_path, store, model=None) -> Bridge:
    toolkit = Toolkit(cwd=tmp_path, use_model=model is not None, model=model, store=store, policy_mode="auto")
    return Bridge(ChatClient(server.url, "m", backoff_s=0.01), toolkit)


def cancel_later(bridge_or_sink, seconds: float) -> list[float]:
    when = []

    def fire() -> None:
        when.append(time.monotonic())
        bridge_or_sink.cancel()

    threading.Timer(seconds, fire).start()
    return when


def test_cancel_stops_the_running_command_and_sends_nothing_more(agent_server, tmp_path):
    server = agent_server([run_request(), {"content": "fresh answer"}])
    with LogStore(tmp_path / "logs.sqlite3") as store:
        bridge = make_bridge(server, tmp_path, store)
        when = cancel_later(bridge, 1.0)
        with pytest.raises(BridgeCancelled, match="the tool call under way was stopped; nothing of this request"):
            bridge.send("run the long thing")
        latency = time.monotonic() - when[0]
        (record,) = store.list()
        lines = list(store.iter_lines(record.id))
        assert record.cancelled and record.exit_code == 143 and lines == ["started"]
        assert "Summary: cancelled by the client after " in record.summary
    assert latency < 1.0, latency
    assert leftover_sleeps() == []
    assert len(server.requests) == 1  # the tool's partial result never left
    assert bridge.messages == [] and bridge._current is None
    assert bridge.account.sent == 0 and bridge.account.raw == 0  # nothing of it counted as sent either
    assert bridge.send("something else") == "fresh answer"  # the bridge goes on after a cancel
    sent = server.requests[1]["body"]["messages"]
    assert [m["role"] for m in sent] == ["system", "user"] and sent[1]["content"] == "something else"


def test_cancel_during_the_endpoint_request_abandons_it(agent_server, tmp_path):
    server = agent_server([("sleep", 5, {"content": "too late"})])
    with LogStore(tmp_path / "logs.sqlite3") as store:
        bridge = make_bridge(server, tmp_path, store)
        when = cancel_later(bridge, 0.3)
        with pytest.raises(BridgeCancelled, match="while the agent was answering"):
            bridge.send("hello")
        assert time.monotonic() - when[0] < 0.3
        assert bridge.messages == [] and store.list() == []


def test_cancel_during_a_local_model_turn_stops_the_model(agent_server, tmp_path):
    planning = FakeModel(lambda messages: " ".join(["thinking"] * 300), name="scripted-qwen3", token_delay_s=0.02)
    server = agent_server([run_request("echo hi")])
    with LogStore(tmp_path / "logs.sqlite3") as store:
        bridge = make_bridge(server, tmp_path, store, model=planning)
        when = cancel_later(bridge, 0.5)
        with pytest.raises(BridgeCancelled):
            bridge.send("say hi")
        assert time.monotonic() - when[0] < 0.3
        assert planning.stop_reasons == ["cancelled"] and store.list() == []  # the command was never run
    assert len(server.requests) == 1


def test_a_sink_delivery_on_a_worker_thread_is_cancelled_by_the_sink(agent_server, tmp_path):
    from terminus_edge.tui.widgets.outbox import OutboxItem

    server = agent_server([run_request(), {"content": "never asked"}])
    errors = []
    with LogStore(tmp_path / "logs.sqlite3") as store:
        sink = BridgeSink(make_bridge(server, tmp_path, store))

        def deliver() -> None:
            try:
                sink.deliver([OutboxItem(1, "make", "Command: make\nSummary: exit 2\nLog: 1")])
            except BridgeCancelled as error:
                errors.append(error)

        worker = threading.Thread(target=deliver)
        worker.start()
        when = cancel_later(sink, 1.0)
        worker.join(10)
        assert not worker.is_alive() and len(errors) == 1
        assert time.monotonic() - when[0] < 1.5
        (record,) = store.list()
        assert record.cancelled
    assert len(server.requests) == 1 and leftover_sleeps() == []


def test_approval_prompts_run_on_the_main_thread(agent_server, tmp_path):
    from terminus_edge.subagent.approval import UserDecision

    asked_on = []

    def approve(proposed):
        asked_on.append(threading.current_thread() is threading.main_thread())
        return UserDecision("approve")

    server = agent_server([run_request("echo hi"), {"content": "done"}])
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="ask", approve_command=approve)
        bridge = Bridge(ChatClient(server.url, "m", backoff_s=0.01), toolkit)
        assert bridge.send("say hi") == "done"
    assert asked_on == [True]
    assert toolkit.approve_command is approve  # put back after the send


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "term", "hup"])
def test_a_signal_to_the_agent_cli_cancels_like_the_client(agent_server, tmp_path, te_home, signum):
    server = agent_server([run_request(), {"content": "never asked"}])
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONUNBUFFERED="1")
    returncode, out, err, took = signal_while_running(
        ["agent", "--endpoint", server.url, "--model", "m", "--approve", "auto", "--no-model", "--cwd", str(tmp_path),
         "run the long thing"], env, SLEEP, signum)
    assert returncode == 128 + signum, (returncode, err)  # Ctrl-C 130, SIGTERM 143, SIGHUP 129
    by = "the user (Ctrl-C)" if signum == signal.SIGINT else f"a signal ({signal.Signals(signum).name})"
    assert f"cancelled by {by}: " in err and "nothing of this request went to the agent" in err, err
    assert "Error" not in err and "Traceback" not in err, err
    assert out == "" and took < 5, took
    assert leftover_sleeps() == []
    assert len(server.requests) == 1
    with LogStore() as store:
        (record,) = store.list()
        assert record.cancelled and record.status == "ok" and list(store.iter_lines(record.id)) == ["started"]
        assert json.loads(record.facts_json)["cancelled"] is True
        assert f"cancelled by {by} after " in record.summary and json.loads(record.facts_json)["cancelled_by"] == by


def test_an_approval_given_after_the_cancel_runs_nothing(agent_server, tmp_path):
    """The TUI's modal stays up until answered; a yes that comes after the cancel must not start the command."""
    from terminus_edge.subagent.approval import UserDecision

    asking, release = threading.Event(), threading.Event()

    def approve(proposed):
        asking.set()
        release.wait(10)
        return UserDecision("approve")

    server = agent_server([run_request("touch made"), {"content": "never asked"}])
    errors = []
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="ask", approve_command=approve)
        sink = BridgeSink(Bridge(ChatClient(server.url, "m", backoff_s=0.01), toolkit))
        worker = threading.Thread(target=lambda: _deliver_catching(sink, errors))
        worker.start()
        assert asking.wait(10)
        sink.cancel()
        release.set()
        worker.join(10)
        assert store.list() == []
    assert len(errors) == 1 and not (tmp_path / "made").exists() and len(server.requests) == 1
    assert toolkit.approve_command is approve


def _deliver_catching(sink, errors) -> None:
    from terminus_edge.tui.widgets.outbox import OutboxItem

    try:
        sink.deliver([OutboxItem(1, "x", "Command: x\nSummary: exit 0\nLog: 1")])
    except BridgeCancelled as error:
        errors.append(error)
