"""The outbox while a delivery to the remote agent runs: nothing on screen said so, a second Enter sent the items
again (twice into one conversation, from two threads), and closing the TUI said the items 'were not sent' though
the agent may have read them already."""

from __future__ import annotations

import asyncio
import threading

import pytest

pytest.importorskip("terminus_edge.integrations.bridge")

from terminus_edge.integrations.bridge import Bridge, BridgeSink  # noqa: E402
from terminus_edge.integrations.toolkit import Toolkit  # noqa: E402
from terminus_edge.logstore import LogStore  # noqa: E402
from terminus_edge.tui.launch import make_app  # noqa: E402
from terminus_edge.tui.pipeline import FinishedCommand  # noqa: E402
from remote_fakes import ScriptedClient, sync  # noqa: E402


class SlowClient(ScriptedClient):
    """Answers once `go` is set; a request is recorded as soon as it arrives."""

    def __init__(self, replies):
        super().__init__(replies)
        self.go = threading.Event()

    def complete(self, messages, tools):
        self.sent.append([dict(m) for m in messages])
        while not self.go.wait(0.05):
            pass
        return self.replies.pop(0), {}


async def started(app, pilot, client, *, presses: tuple[str, ...]):
    app.add_command(FinishedCommand("make", b"make: *** [all] Error 2\r\n", 2, 1.0, 2.0))
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.cards.focus()
    await pilot.press("m")
    app.outbox.focus()
    await pilot.press(*presses)
    for _ in range(100):
        if client.sent:
            break
        await asyncio.sleep(0.02)
    await pilot.pause()


@sync
async def test_a_second_enter_while_sending_sends_nothing_more_and_the_outbox_says_sending(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        client = SlowClient([{"content": "seen"}, {"content": "seen twice"}])
        sink = BridgeSink(Bridge(client, Toolkit(cwd=tmp_path, use_model=False, store=store)))
        app = make_app(start_shell=False, no_model=True, store=store, sink=sink)
        said = []
        app.notify = lambda message, **kwargs: said.append(message)
        async with app.run_test(size=(100, 30)) as pilot:
            await started(app, pilot, client, presses=("enter", "enter"))
            assert str(app.query_one("#outbox-title").render()) == "Outbox · sending 1 to agent…"
            assert "Still sending 1 item(s) to agent: wait for its answer." in said
            client.go.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(client.sent) == 1 and app.outbox.items == [] and not app.delivering
            assert str(app.query_one("#outbox-title").render()) == "Outbox · empty"


@sync
async def test_closing_while_sending_says_the_items_may_have_reached_the_agent(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        client = SlowClient([{"content": "never read"}])
        sink = BridgeSink(Bridge(client, Toolkit(cwd=tmp_path, use_model=False, store=store)))
        app = make_app(start_shell=False, no_model=True, store=store, sink=sink)
        said = []
        plain_exit = app.exit
        app.exit = lambda *args, **kw: (said.append(kw.get("message")), plain_exit(*args, **kw))
        async with app.run_test(size=(100, 30)) as pilot:
            await started(app, pilot, client, presses=("enter",))
            await pilot.press("ctrl+q")
            await pilot.pause()
        client.go.set()
    assert said == ["terminus-edge: the exchange with the agent was cancelled: 1 outbox item(s) it was sending may "
                    "have reached it (the commands' logs stay: terminus-edge logs list)"]
