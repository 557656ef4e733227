"""QA as a first user meets the TUI: a bundle that cannot load (missing, corrupt, or an error nobody foresaw)
leaves one clear line and the keyboard in the shell; the status line fits a 60-column window; a pager in the
alternate screen gets one honest note, not two that disagree."""

from __future__ import annotations

import json
import threading

import pytest

from remote_fakes import sync

from terminus_edge.errors import BundleError
from terminus_edge.logstore import LogStore
from terminus_edge.tui.launch import make_app
from terminus_edge.tui.pipeline import FinishedCommand, Pipeline
from terminus_edge.tui.widgets.cards import CardState
from terminus_edge.tui.widgets.outbox import FileSink
from terminus_edge.tui.widgets.status import StatusInfo, status_line


@pytest.fixture
def store(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        yield store


def failing_loader(error: Exception, gate: threading.Event):
    def load():
        gate.wait(10)
        raise error

    return load


@pytest.mark.parametrize("error", [
    BundleError("bundle /b is corrupt: model.onnx does not match its manifest (sha256); rebuild it or copy it again"),
    RuntimeError("[ONNXRuntimeError] : 1 : FAIL : Load model from /b/model.onnx failed: Protobuf parsing failed"),
])
@sync
async def test_a_model_that_cannot_load_leaves_one_line_and_the_keyboard_in_the_shell(error, store, tmp_path):
    """A RuntimeError from onnxruntime ended the whole TUI (WorkerFailed), the user's shell with it; a BundleError
    opened a dialog a second after start, which took the keys the user was typing into the shell."""
    app = make_app(start_shell=False, no_model=False, store=store, sink=FileSink(tmp_path / "out.md"))
    gate = threading.Event()
    app.model_loader = failing_loader(error, gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        typing_into = app.screen.focused
        gate.set()  # the load fails while the user types
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is app.screen_stack[0]  # no dialog
        assert typing_into is not None and app.screen.focused is typing_into
        assert app.status.info.model == "no model: deterministic"
        (line,) = [n.message for n in app._notifications]
        assert "\n" not in line and str(error).split(":")[0] in line and "deterministic" in line
        assert "terminus-edge bundle build-default" in line
        app.add_command(FinishedCommand("false", b"", 1, 1000.0, 1000.1))
        await app.workers.wait_for_complete()
        await pilot.pause()
        (card,) = app.cards.states()
        assert card.error is None and card.text.startswith("Command: false\nSummary: exit code 1")


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_status_line_fits_its_width_and_keeps_the_model_and_the_outbox(width):
    """At 60 columns the line wrapped: its second row (the outbox count and the shell) was cut off."""
    info = StatusInfo(model="smollm2-135m-instruct-int4", precision="int4", provider="CPUExecutionProvider",
                      last_latency_ms=1234.0, tokens_saved=1_234_567, queued=3, shell="bash")
    line = status_line(info, width)
    assert len(line) <= width
    assert "outbox 3" in line and line.startswith("smollm2")


def test_the_status_line_is_whole_when_there_is_room():
    info = StatusInfo(model="m", last_latency_ms=12.0, tokens_saved=5, queued=0, shell="zsh")
    assert status_line(info, 200) == status_line(info) == "m │ last 12 ms │ saved 5 tok │ outbox 0 │ zsh"


@sync
async def test_the_status_bar_shows_the_outbox_count_in_a_60_column_window(store, tmp_path):
    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(60, 20)) as pilot:
        app.add_command(FinishedCommand("make", b"ok\r\n", 0, 1000.0, 1000.5))
        await app.workers.wait_for_complete()
        await pilot.press("f3", "m")
        await pilot.pause()
        row = "".join(segment.text for segment in app.status.render_line(0))
        assert "outbox 1" in row


def test_less_in_the_alternate_screen_gets_the_full_screen_note_and_no_pager_note(tmp_path):
    """`seq 300 | less`, q on the first page: the card said 'no output (shown through the pager less and quit
    before the end: ... the counts above cover those)' with no counts above, and the full-screen note below."""
    raw = (b"\x1b[?1049h\x1b[22;0;0t\x1b[?1h\x1b=\r1\r\n2\r\n3\r\n:\x1b[K"
           b"\r\x1b[K\x1b[?1l\x1b>\x1b[?1049l\x1b[23;0;0t")
    pipeline = Pipeline()
    pipeline.set_model(None)
    pipeline.record(1, FinishedCommand("seq 300 | less", raw, 0, 1000.0, 1001.0))
    state = pipeline.summarize(CardState(key=1, command="seq 300 | less", exit_code=0, duration_s=1.0))
    assert "full-screen" in state.model_note
    assert "pager" not in state.text and "counts above" not in state.body


def _line(app) -> str:
    return app.query_one("#keys").render().plain


@sync
async def test_f1_closes_the_help_it_opened(store, tmp_path):
    """The help's own F1 binding never ran: the app's priority F1 took the key and did nothing."""
    from terminus_edge.tui.screens import HelpScreen

    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert app.screen is app.screen_stack[0]


@pytest.mark.parametrize("key", ["f3", "f4", "f5"])
@sync
async def test_panel_keys_do_not_reach_behind_a_dialog(key, store, tmp_path):
    """F3/F4/F5 under the help moved the keyboard or the panel on the screen behind it, unseen."""
    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(FinishedCommand("make", b"ok\r\n", 0, 1000.0, 1000.5))
        await app.workers.wait_for_complete()
        await pilot.press("f3", "m", "escape")
        main = app.screen
        before = (main.focused, app.query_one("#side").display)
        await pilot.press("f1", key)
        await pilot.pause()
        assert app.screen is not main and (main.focused, app.query_one("#side").display) == before


@sync
async def test_the_key_line_names_the_keys_of_the_dialog_on_top(store, tmp_path):
    """Under the help, the raw log or the editor the line still offered 'm queue to send  Enter full output'."""
    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.add_command(FinishedCommand("make", b"ok\r\n", 0, 1000.0, 1000.5))
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await pilot.pause()
        assert _line(app).startswith("m queue to send")
        seen = {}
        for opener, name in (("f1", "help"), ("enter", "raw log"), ("e", "editor")):
            await pilot.press(opener)
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen[name] = _line(app)
            await pilot.press("escape")
            await pilot.pause()
        assert _line(app).startswith("m queue to send")
    assert seen["help"].startswith("Esc close") and "queue" not in seen["help"]
    assert seen["raw log"].startswith("Esc close")
    assert seen["editor"].startswith("Ctrl+S save  Esc cancel")
    assert seen["help"].endswith("F1 close help  Ctrl+Q quit")  # in the help, F1 closes it
    assert seen["raw log"].endswith("F1 help  Ctrl+Q quit") and seen["editor"].endswith("F1 help  Ctrl+Q quit")


def _card_text(app, key: int) -> str:
    from rich.console import Console
    import io

    console = Console(width=60, record=True, file=io.StringIO())
    console.print(app.cards._cards[key]._renderable())
    return console.export_text()


@sync
async def test_a_left_out_model_sentence_is_said_once_in_the_summary_s_words(store, tmp_path):
    """The card said it twice: '(the local model's sentence was left out: ...)' in the body and, below, 'fact guard
    removed all 1 sentence(s) of the model's gist: the local model's sentence was left out: ...' (the log's note).
    The note is now the summary's words; the log store keeps it so, with the guard's reasons beside it."""
    from terminus_edge.model import FakeModel

    said = "the local model's sentence was left out: it could not be checked against the output"
    model = FakeModel(replies=lambda messages: "The build succeeded and deployed 42 unicorns to production.")
    app = make_app(start_shell=False, model=model, store=store, sink=FileSink(tmp_path / "out.md"))
    output = "".join(f"x.c:{n}: error: expected ';' before 'return'\r\n" for n in range(1, 30)).encode()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        key = app.add_command(FinishedCommand("gcc -c x.c", output, 1, 1000.0, 1000.4))
        await app.workers.wait_for_complete()
        await pilot.pause()
        state = app.cards.state(key)
        assert model.calls and said in state.text and state.model_note == said  # as the summarizer says it
        record = store.get(state.log_id)
        assert record.note == said and json.loads(record.note_detail)["fact_guard"]["removed_sentences"] == 1
        card = " ".join(_card_text(app, key).split())
    assert card.count("was left out") == 1 and "fact guard" not in card and "gist" not in card
    assert card.endswith(said)


@sync
async def test_the_status_line_says_which_command_is_running_until_it_ends(store, tmp_path):
    """`read x` or a long build showed nothing outside the shell pane until it ended: was it hung?"""
    from terminus_edge.tui.widgets.terminal import ShellTerminal

    app = make_app(start_shell=False, no_model=True, store=store, sink=FileSink(tmp_path / "out.md"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(ShellTerminal.CommandStarted("read x"))
        await pilot.pause()
        row = "".join(segment.text for segment in app.status.render_line(0))
        assert "running: read x" in row
        app.post_message(ShellTerminal.CommandFinished("read x", "hello\r\n", 0, 1000.0, 1001.0, "/tmp", 0))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "running" not in "".join(segment.text for segment in app.status.render_line(0))


def test_a_running_command_outlasts_the_latency_and_the_shell_name_in_a_narrow_line():
    info = StatusInfo(model="no model: deterministic", last_latency_ms=12.0, tokens_saved=5, queued=1, shell="bash",
                      running="pytest -q tests/test_a_very_long_name.py")
    line = status_line(info, 58)
    assert len(line) <= 58 and "outbox 1" in line and "running: pytest" in line and "bash" not in line
