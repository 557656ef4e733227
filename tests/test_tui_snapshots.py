"""Snapshot tests (pytest-textual-snapshot) at fixed sizes. Cards are fed through the app's own
methods with the real deterministic summarizer; only the measured latency is pinned so the SVGs are
stable. Update after an intended UI change: `pytest tests/test_tui_snapshots.py --snapshot-update`."""

from __future__ import annotations

import dataclasses

import pytest

from terminus_edge.errors import BundleError
from terminus_edge.logstore import LogStore
from terminus_edge.summarize import summarize
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand
from terminus_edge.tui.widgets.outbox import FileSink

pytest.importorskip("pytest_textual_snapshot")

PASS = FinishedCommand("pytest -q tests/test_math.py", b"....\r\n4 passed in 0.03s\r\n", 0, 1000.0, 1001.2)
FAIL = FinishedCommand(
    "ls /nonexistent", b"ls: cannot access '/nonexistent': No such file or directory\r\n", 2, 1000.0, 1000.1)


def pinned_latency(*args, **kwargs):
    return dataclasses.replace(summarize(*args, **kwargs), latency_ms=42.0)


@pytest.fixture
def app(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    yield make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"),
                   summarizer=pinned_latency)
    store.close()


def feed(*commands: FinishedCommand, then: tuple[str, ...] = ()):
    async def run_before(pilot) -> None:
        for command in commands:
            pilot.app.add_command(command)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if then:
            await pilot.press(*then)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def test_empty_state(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=feed())


def test_cards_pass_and_fail_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=feed(PASS, FAIL))


def test_cards_pass_and_fail_120x36(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 36), run_before=feed(PASS, FAIL))


def test_outbox(snap_compare, app):
    # F3 moves to the cards, ↑ picks the passing one, m queues it; then the failing one.
    assert snap_compare(app, terminal_size=(100, 30), run_before=feed(PASS, FAIL, then=("f3", "m", "up", "m")))


def test_missing_model_line(snap_compare, tmp_path):
    """One warning line, no dialog: the shell keeps the keyboard."""
    def missing():
        raise BundleError("the default bundle is not built yet (~/.cache/terminus-edge/bundles/smollm2-135m-instruct-int4)")

    app = make_app(start_shell=False, store=LogStore(tmp_path / "logs.sqlite3"), sink=FileSink(tmp_path / "o.md"),
                   no_model=False, summarizer=pinned_latency)
    app.model_loader = missing
    assert snap_compare(app, terminal_size=(80, 24), run_before=feed())


def test_help_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), press=["f1"])


def test_narrow_window_60x24(snap_compare, app):
    """Below 64 columns the side panel hides; the key line still names F5 (show it), F3, F1 help and Ctrl+Q."""
    assert snap_compare(app, terminal_size=(60, 24), run_before=feed(PASS, FAIL))


def test_agent_cards_100x30(snap_compare, app):
    """The remote agent's commands: one ran (its summary, 'ran for the agent'), one refused ('not run' and why)."""
    from terminus_edge.subagent.records import CommandRecord
    from terminus_edge.tui.remote import AgentCommands

    ran = CommandRecord("git status --short", "run", "rules", exit_code=0, duration_s=0.1, log_id=7,
                        summary_text="Command: git status --short\nSummary: 2 files changed: app.py, README.md\nLog: 7",
                        summary_body="2 files changed: app.py, README.md")
    refused = CommandRecord("rm -rf build", "run", "rules", refused="refused by the user: not now")

    async def run_before(pilot) -> None:
        pilot.app.add_command(PASS)
        await pilot.app.workers.wait_for_complete()
        pilot.app.post_message(AgentCommands([ran, refused], "Ran 1 command; 1 refused."))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
