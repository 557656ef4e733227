"""What a first user meets in the TUI: huge outputs, the outbox keys, where a command ran."""

from __future__ import annotations

import subprocess
import sys

import pytest

from terminus_edge.logstore import LogStore

def _tui_capture(command: str, output: str, cap: int) -> tuple[str, int]:
    from terminus_edge.tui.osc133 import CommandCutter, CommandFinished

    cutter = CommandCutter(cap=cap)
    stream = f"\x1b]133;C;cmdline={command}\x07{output}\x1b]133;D;0\x07"
    events = [event for _, event in cutter.split(stream) if isinstance(event, CommandFinished)]
    return events[0].output, events[0].dropped_chars


def test_tui_card_of_a_huge_output_says_its_middle_was_not_kept():
    """The TUI keeps a huge output's head and tail only; the summary's counts must not pass for the whole."""
    from terminus_edge.tui.pipeline import FinishedCommand, Pipeline
    from terminus_edge.tui.widgets.cards import CardState

    paths = "".join(f"/usr/share/doc/pkg{i}/README\r\n" for i in range(20_000))
    output, dropped = _tui_capture("find /usr", paths, cap=100_000)
    assert dropped > 0
    pipeline = Pipeline()
    pipeline.set_model(None)
    finished = FinishedCommand("find /usr", output.encode(), 0, 1000.0, 1001.0)
    pipeline.record(1, finished)
    card = pipeline.summarize(CardState(key=1, command="find /usr", exit_code=0, duration_s=1.0))
    assert card.error is None
    assert f"{dropped} characters in the middle are not in the log" in card.body
    assert card.body in card.text and card.text.startswith("Command: find /usr\nSummary: ")


def test_tui_card_of_a_whole_output_has_no_cut_note():
    from terminus_edge.tui.pipeline import FinishedCommand, Pipeline
    from terminus_edge.tui.widgets.cards import CardState

    output, dropped = _tui_capture("ls", "a\r\nb\r\n", cap=100_000)
    pipeline = Pipeline()
    pipeline.set_model(None)
    pipeline.record(1, FinishedCommand("ls", output.encode(), 0, 1000.0, 1001.0))
    card = pipeline.summarize(CardState(key=1, command="ls", exit_code=0, duration_s=1.0))
    assert dropped == 0 and "not in the log" not in card.text


def test_tui_card_survives_a_summarizer_that_cannot_be_imported(monkeypatch):
    import terminus_edge.tui.pipeline as tui_pipeline
    from terminus_edge.tui.widgets.cards import CardState

    def broken():
        raise ImportError("cannot import name 'valgrind' from partially initialized module")

    monkeypatch.setattr(tui_pipeline, "default_summarizer", broken)
    pipeline = tui_pipeline.Pipeline()
    pipeline.set_model(None)
    pipeline.record(1, tui_pipeline.FinishedCommand("ls", b"a\n", 0, 1000.0, 1001.0))
    card = pipeline.summarize(CardState(key=1, command="ls", exit_code=0, duration_s=1.0))
    assert not card.pending and "ImportError" in card.error


_DRIVE_TUI = """
import asyncio, json, sys
from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.widgets.outbox import FileSink

shell, work, tmp = sys.argv[1:4]

async def drive():
    with LogStore(tmp + "/logs.sqlite3") as store:
        app = make_app(shell=shell, no_model=True, store=store, sink=FileSink(tmp + "/out.md"))
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                if app.query_one("#terminal")._prompt_at is not None:
                    break
                await asyncio.sleep(0.05)
            await pilot.press(*f"cd '{work}'", "enter")
            await pilot.press(*"echo here", "enter")
            for _ in range(200):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                states = app.cards.states()
                if len(states) == 2 and not any(s.pending for s in states):
                    break
                await asyncio.sleep(0.05)
            return [(s.command, store.get(s.log_id).cwd) for s in app.cards.states()]

print(json.dumps(asyncio.run(drive())))
"""


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_tui_log_records_the_directory_the_command_ran_in(shell, tmp_path):
    """`logs show` of a TUI command said `cwd -`: the shells now report their directory (OSC 7).

    In a child process: bittty snapshots os.environ on import, so an in-process run would hand this test's
    HOME to every later TUI test's shell."""
    import json
    import os
    import shutil

    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    home, work = tmp_path / "home", tmp_path / "my project"
    home.mkdir()
    work.mkdir()
    env = {**os.environ, "HOME": str(home), "ZDOTDIR": str(home)}
    proc = subprocess.run([sys.executable, "-c", _DRIVE_TUI, shell, str(work), str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rows[-1] == ["echo here", str(work)]


def test_tui_outbox_d_removes_an_item_right_after_f4(tmp_path):
    """F4 focused the outbox with nothing highlighted, so `d` (README: remove) silently did nothing."""
    import asyncio

    from terminus_edge.tui.launch import make_app
    from terminus_edge.tui.pipeline import FinishedCommand
    from terminus_edge.tui.widgets.outbox import FileSink

    async def drive() -> list[int]:
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, store=store, sink=FileSink(tmp_path / "out.md"), no_model=True)
            async with app.run_test(size=(120, 40)) as pilot:
                for command in ("echo one", "echo two"):
                    app.add_command(FinishedCommand(command, b"x\r\n", 0, 1000.0, 1000.5, cwd="/tmp"))
                await app.workers.wait_for_complete()
                await pilot.press("f3", "m", "k", "m")
                await pilot.pause()
                left = [len(app.outbox.items)]
                await pilot.press("f4", "d")
                await pilot.pause()
                left.append(len(app.outbox.items))
                await pilot.press("d")
                await pilot.pause()
                return left + [len(app.outbox.items)]

    assert asyncio.run(drive()) == [2, 1, 0]


def test_tui_first_session_as_the_readme_walks_it(tmp_path):
    """README's first session: a command's card, F3, `m` queues it, F4, Enter sends (offline: appends to the file),
    Ctrl+Q quits; the key line names F1 and Ctrl+Q and the help screen F1 opens lists Ctrl+Q."""
    import asyncio

    from terminus_edge.tui.launch import make_app
    from terminus_edge.tui.pipeline import FinishedCommand
    from terminus_edge.tui.screens.dialogs import HelpScreen
    from terminus_edge.tui.widgets.outbox import FileSink

    out = tmp_path / "outbox.md"

    async def drive() -> dict:
        seen = {}
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, store=store, sink=FileSink(out), no_model=True)
            async with app.run_test(size=(100, 30)) as pilot:
                seen["keys"] = app.query_one("#keys").render().plain
                await pilot.press("f1")
                await pilot.pause()
                seen["help"] = isinstance(app.screen, HelpScreen)
                await pilot.press("escape")
                app.add_command(FinishedCommand("false", b"", 1, 1000.0, 1000.2, cwd="/tmp"))
                await app.workers.wait_for_complete()
                await pilot.press("f3", "m")
                await pilot.pause()
                seen["queued"] = len(app.outbox.items)
                await pilot.press("f4", "enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                seen["left"] = len(app.outbox.items)
                await pilot.press("ctrl+q")
                await pilot.pause()
                seen["running"] = app.is_running
        return seen

    seen = asyncio.run(drive())
    assert "F1 help" in seen["keys"] and "Ctrl+Q quit" in seen["keys"] and seen["help"]
    assert (seen["queued"], seen["left"], seen["running"]) == (1, 0, False)
    sent = out.read_text()
    assert "Command: false" in sent and "exit code 1" in sent
