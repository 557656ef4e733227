"""Huge outputs in the TUI with a real bash: the prompt comes back fast (the emulator skips what scrolls away
unseen, so its work does not grow with the output), the log keeps every byte the program wrote."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("seq") is None,
                                reason="needs bash and seq")


# In a child process: bittty snapshots os.environ when it first starts a shell, so an in-process run would
# hand this process's HOME to every later TUI test's shell (see test_first_user_tui).
_DRIVE = """
import asyncio, base64, json, sys, time
from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.widgets.outbox import FileSink

tmp, commands = sys.argv[1], sys.argv[2:]


def screen(terminal):
    page = terminal.board.blitter.current_buffer
    return [page.get_line_text(y).rstrip() for y in range(terminal.board.height)]


async def run(app, store, command):
    terminal = app.query_one("#terminal")
    parsed = [0]
    parser = terminal.board.parser
    plain_feed = parser.feed

    def counting_feed(text):
        parsed[0] += len(text)
        plain_feed(text)

    parser.feed = counting_feed
    before = len(app.cards.states())
    cpu, wall = time.thread_time(), time.monotonic()
    terminal.board.input(command + chr(13))  # not pilot.press: it waits for the app to go idle
    while len(app.cards.states()) == before:
        assert time.monotonic() - wall < 60, f"no card for {command!r} after 60 s"
        await asyncio.sleep(0.005)
    cpu, wall = time.thread_time() - cpu, time.monotonic() - wall
    parser.feed = plain_feed
    await app.workers.wait_for_complete()  # the summary thread must not compete with the next command
    state = app.cards.states()[-1]
    return {"cpu": cpu, "wall": wall, "parsed": parsed[0], "exit_code": state.exit_code,
            "raw": base64.b64encode(store.read_raw(state.log_id)).decode(), "screen": screen(terminal),
            "summary": state.text}


async def drive():
    with LogStore(tmp + "/logs.sqlite3") as store:
        app = make_app(shell="bash", no_model=True, store=store, sink=FileSink(tmp + "/out.md"))
        async with app.run_test(size=(100, 30)):
            for _ in range(200):
                if app.query_one("#terminal")._prompt_at is not None:
                    break
                await asyncio.sleep(0.05)
            return [await run(app, store, command) for command in commands]

print(json.dumps(asyncio.run(drive())))
"""


def _drive(tmp_path, commands: list[str]) -> list[dict]:
    """Type each command into the TUI's bash and wait for its card: event-loop-thread CPU (other processes'
    load does not count), characters the emulator parsed, exit code, the stored raw bytes, the screen."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    proc = subprocess.run([sys.executable, "-c", _DRIVE, str(tmp_path), *commands], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    runs = json.loads(proc.stdout.strip().splitlines()[-1])
    for run in runs:
        run["raw"] = base64.b64decode(run["raw"])
    return runs


def _seq(n: int) -> bytes:
    return b"".join(b"%d\n" % i for i in range(1, n + 1))


def test_a_flood_costs_the_ui_little_and_its_work_does_not_grow_with_the_output(tmp_path):
    small, big = _drive(tmp_path, ["seq 1 50000", "seq 1 400000"])
    for n, run in ((50_000, small), (400_000, big)):
        assert run["exit_code"] == 0 and run["raw"] == _seq(n)  # capture: every byte, in order
        assert f"{n - 1}" in run["screen"] and f"{n}" in run["screen"]  # the screen: the last lines
    # the emulator parsed a small part of the 3.1 MB (without jump scroll: all of it)
    assert big["parsed"] < 0.1 * len(big["raw"]), big["parsed"]
    # CPU of the UI thread, 8x the lines: linear would be <= 8x, quadratic 64x; before jump scroll the
    # 400k lines took ~2.5 s of it on the 2-core dev box, now ~0.2 s
    assert big["cpu"] < 16 * small["cpu"] + 0.5, (small["cpu"], big["cpu"])
    assert big["cpu"] < 1.0, big["cpu"]


def test_bytes_that_are_not_utf8_reach_the_log_as_the_program_wrote_them(tmp_path):
    run, bad_csi, after = _drive(tmp_path, [r"printf 'caf\xe9 \xff\xfe ok \xc3\xa9\n'",
                                            r"printf 'a\033[:Db\n'", "echo alive"])
    assert run["raw"] == b"caf\xe9 \xff\xfe ok \xc3\xa9\n"
    assert any(line.startswith("caf\ufffd \ufffd\ufffd ok \u00e9") for line in run["screen"])
    # a sequence bittty cannot handle (as in `cat` of a binary file) no longer closes the pty and the shell
    assert bad_csi["raw"] == b"a\x1b[:Db\n" and "ab" in bad_csi["screen"]
    assert after["exit_code"] == 0 and after["raw"] == b"alive\n"


def test_a_binary_output_s_size_is_the_bytes_the_command_wrote(tmp_path):
    """The pty turns each "\\n" into "\\r\\n": `cat` of 10,240 bytes with 40 newlines was 'binary output, 10280 bytes'.
    With the translation off for part of the command it cannot be undone for sure: the card says what it counted."""
    data = bytes(range(256)) * 40
    (tmp_path / "blob").write_bytes(data)
    plain, raw_mode = _drive(tmp_path, [f"cat {tmp_path}/blob", f"stty -opost; cat {tmp_path}/blob; stty opost"])
    assert plain["raw"] == data
    assert "binary output, 10240 bytes" in plain["summary"] and "terminal" not in plain["summary"]
    assert raw_mode["raw"] == data  # written with no processing, so kept as it came
    assert "binary output, 10240 bytes" in raw_mode["summary"]
    assert "bytes as the terminal got them" in raw_mode["summary"]


def test_a_sequence_bittty_cannot_handle_is_dropped_and_the_rest_is_drawn():
    from bittty import Board

    from terminus_edge.tui.widgets.terminal import tolerate_bad_sequences

    board = Board(width=20, height=3)
    tolerate_bad_sequences(board.parser)
    board.parser.feed("ok\x1b[:Dafter\x1b[")
    board.parser.feed(":Aend\x1b[31mred")
    assert board.blitter.current_buffer.get_line_text(0).rstrip() == "okafterendred"
    assert board.style.current.fg is not None
