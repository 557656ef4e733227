"""The remote agent, reached from the TUI's outbox, read any stored log with read_log: every command the user had
typed in the shell, never queued nor seen as sent (`env`, a config dump), left the machine on the agent's asking.
It may read only what was shared with it: a log the user sent (its `Log:` line) or one of its own commands."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from terminus_edge.tui.screens import RawLogScreen  # noqa: E402
from terminus_edge.tui.shared_logs import SharedLogsSink, SharedLogsToolkit  # noqa: E402
from terminus_edge.tui.widgets.outbox import OutboxItem  # noqa: E402
from remote_fakes import ScriptedClient, sync  # noqa: E402


def read_log(log_id, call_id: str) -> dict:
    return {"content": "", "tool_calls": [{"id": call_id, "function": {
        "name": "read_log", "arguments": json.dumps({"id": log_id})}}]}


def run_call(query: str) -> dict:
    return {"content": "", "tool_calls": [{"id": "run", "function": {
        "name": "execution_subagent", "arguments": json.dumps({"query": query})}}]}


def test_the_agent_reads_the_logs_it_was_sent_or_ran_and_no_other(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    sent = store.add("make test", b"FAILED test_cart\n", exit_code=2)
    private = store.add("cat ~/.config/app.ini", b"user = alice\nhost = intranet.example\n", exit_code=0)
    client = ScriptedClient([read_log(sent, "a"), read_log(private, "b"), read_log(f"#{private}", "c"),
                             run_call("run `echo from-the-agent`"), {"content": "done"}])
    toolkit = SharedLogsToolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="auto")
    sink = SharedLogsSink(Bridge(client, toolkit))
    item = OutboxItem(key=1, command="make test", text=f"Command: make test\nSummary: exit code 2\nLog: {sent}\n")
    try:
        assert sink.deliver([item]).endswith("reply: done")
        answers = [m["content"] for m in client.sent[-1] if m["role"] == "tool"]
        assert "FAILED test_cart" in answers[0]
        assert answers[1] == answers[2] != ""
        assert answers[1].startswith(f"Error: log {private} was not sent to you")
        assert "alice" not in json.dumps(client.sent) and "intranet" not in json.dumps(client.sent)
        ran = [i for i in toolkit.shared_logs if i not in (sent, private)]
        assert len(ran) == 1 and store.read_raw(ran[0]).startswith(b"from-the-agent")  # its own command: readable
        assert "from-the-agent" in toolkit.read_log(ran[0]).text
    finally:
        store.close()


@sync
async def test_the_reply_view_shows_what_the_agents_tool_calls_were_sent(tmp_path):
    """The answers to the agent's tool calls left the machine too, and the reply view showed only its last words."""
    store = LogStore(tmp_path / "logs.sqlite3")
    private = store.add("cat notes.txt", b"meet alice at noon\n", exit_code=0)
    client = ScriptedClient([read_log(None, "a"), read_log(private, "b"), {"content": "The build fails."}])
    toolkit = SharedLogsToolkit(cwd=tmp_path, use_model=False, store=store, policy_mode="auto")
    app = make_app(start_shell=False, no_model=True, store=store, sink=SharedLogsSink(Bridge(client, toolkit)))
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(FinishedCommand("make", b"make: *** [all] Error 2\r\n", 2, 1.0, 2.0))
        await app.workers.wait_for_complete()
        await pilot.pause()
        sent = app.cards.states()[0].log_id
        client.replies[0] = read_log(sent, "a")
        app.cards.focus()
        await pilot.press("m")
        app.outbox.focus()
        await pilot.press("enter")
        for _ in range(100):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, RawLogScreen):
                break
        assert isinstance(app.screen, RawLogScreen)
        shown = app.screen.text
    store.close()
    reply, exchange = shown.split("\n\n", 1)
    assert reply == "The build fails."
    assert exchange.startswith("── what the agent was sent while it worked (2 tool call(s)) ──")
    assert f'→ read_log {{"id": {sent}}}' in exchange and "make: *** [all] Error 2" in exchange
    assert f"Error: log {private} was not sent to you" in exchange and "alice" not in exchange
