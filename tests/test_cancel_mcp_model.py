"""An MCP cancel (notifications/cancelled) that comes while the local model writes the gist: the model stops
within one step and the stored summary is the deterministic one, saying so (in-process server, FakeModel)."""

from __future__ import annotations

import asyncio
import threading
import time

import anyio
from mcp import Client

from terminus_edge.integrations.mcp_server import build_server
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel

COMMAND = "for i in $(seq 1 80); do echo \"check $i passed\"; done; echo 'error: disk quota exceeded'; exit 3"
STEP_S = 0.05
WORDS = " ".join(f"word{i}" for i in range(200))  # 10 s of gist at STEP_S a word, if let run


def test_a_cancel_during_the_gist_stops_the_model_and_stores_the_deterministic_summary(tmp_path):
    started = threading.Event()

    def reply(messages):
        started.set()
        return WORDS

    model = FakeModel(reply, token_delay_s=STEP_S)
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, model=model, store=store, gist_deadline_s=60)

        async def main():
            async with Client(build_server(toolkit), read_timeout_seconds=60) as client:
                with anyio.move_on_after(30) as scope:
                    async with anyio.create_task_group() as group:
                        async def cancel_in_the_gist():
                            await anyio.to_thread.run_sync(started.wait)
                            await anyio.sleep(0.3)
                            cancelled_at.append(time.monotonic())
                            scope.cancel()

                        group.start_soon(cancel_in_the_gist)
                        await client.call_tool("run_in_terminal", {"command": COMMAND, "timeout": 60000})

        cancelled_at: list[float] = []
        asyncio.run(asyncio.wait_for(main(), timeout=60))
        deadline = time.monotonic() + 10
        while not (store.list() and store.list()[0].summary):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        stored_after = time.monotonic() - cancelled_at[0]
        record = store.list()[0]
    assert model.stop_reasons == ["cancelled"]
    assert stored_after < 1.0, stored_after  # not the 10 s the gist would have taken
    assert "exit code 3" in record.summary and "disk quota exceeded" in record.summary
    assert "cancelled after" in record.summary and "deterministic summary" in record.summary
    assert "word1" not in record.summary and not record.cancelled  # the command itself ended by itself
