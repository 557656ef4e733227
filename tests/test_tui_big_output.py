"""Huge outputs in the TUI with a real bash: the prompt comes back fast (the emulator skips what scrolls away
unseen, so its work does not grow with the output), the log keeps every byte the program wrote."""

from __future__ import annotations

import asyncio
import shutil
import time

import pytest

from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.widgets.outbox import FileSink

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("seq") is None,
                                reason="needs bash and seq")


def _screen(terminal) -> list[str]:
    page = terminal.board.blitter.current_buffer
    return [page.get_line_text(y).rstrip() for y in range(terminal.board.height)]


async def _run(app, store, command: str) -> dict:
    """Type `command` into the shell; wait for its card. Event-loop-thread CPU (other processes' load does not
    count), characters the emulator parsed, the stored raw bytes and the screen."""
    terminal = app.query_one("#terminal")
    parsed = [0]
    parser = terminal.board.parser
    plain_feed = parser.feed

    def counting_feed(text: str) -> None:
        parsed[0] += len(text)
        plain_feed(text)

    parser.feed = counting_feed
    before = len(app.cards.states())
    cpu, wall = time.thread_time(), time.monotonic()
    terminal.board.input(command + "\r")  # not pilot.press: it waits for the app to go idle
    while len(app.cards.states()) == before:
        assert time.monotonic() - wall < 60, f"no card for {command!r} after 60 s"
        await asyncio.sleep(0.005)
    cpu, wall = time.thread_time() - cpu, time.monotonic() - wall
    parser.feed = plain_feed
    await app.workers.wait_for_complete()  # the summary thread must not compete with the next command
    state = app.cards.states()[-1]
    return {"cpu": cpu, "wall": wall, "parsed": parsed[0], "state": state, "raw": store.read_raw(state.log_id),
            "screen": _screen(terminal)}


def _drive(tmp_path, commands: list[str]) -> list[dict]:
    async def drive() -> list[dict]:
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(shell="bash", no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
            async with app.run_test(size=(100, 30)):
                for _ in range(200):
                    if app.query_one("#terminal")._prompt_at is not None:
                        break
                    await asyncio.sleep(0.05)
                return [await _run(app, store, command) for command in commands]

    return asyncio.run(drive())


def _seq(n: int) -> bytes:
    return b"".join(b"%d\r\n" % i for i in range(1, n + 1))


def test_a_flood_costs_the_ui_little_and_its_work_does_not_grow_with_the_output(tmp_path):
    small, big = _drive(tmp_path, ["seq 1 50000", "seq 1 400000"])
    for n, run in ((50_000, small), (400_000, big)):
        assert run["state"].exit_code == 0 and run["raw"] == _seq(n)  # capture: every byte, in order
        assert f"{n - 1}" in run["screen"] and f"{n}" in run["screen"]  # the screen: the last lines
    # the emulator parsed a small part of the 3.1 MB (without jump scroll: all of it)
    assert big["parsed"] < 0.05 * len(big["raw"]), big["parsed"]
    # CPU of the UI thread, 8x the lines: linear would be <= 8x, quadratic 64x; before jump scroll the
    # 400k lines took ~2.5 s of it on the 2-core dev box, now ~0.2 s
    assert big["cpu"] < 16 * small["cpu"] + 0.5, (small["cpu"], big["cpu"])
    assert big["cpu"] < 1.0, big["cpu"]


def test_bytes_that_are_not_utf8_reach_the_log_as_the_program_wrote_them(tmp_path):
    (run,) = _drive(tmp_path, [r"printf 'caf\xe9 \xff\xfe ok \xc3\xa9\n'"])
    assert run["raw"] == b"caf\xe9 \xff\xfe ok \xc3\xa9\r\n"
    assert any(line.startswith("caf\ufffd \ufffd\ufffd ok \u00e9") for line in run["screen"])
