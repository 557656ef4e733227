"""A full-screen program (less, vim, man, git log through a pager, top) showed a screen of text: its summary says so
instead of "no output", invents none of that text, and keeps the exit code and the lines printed on the normal
screen before and after. Fixtures are real pty captures (tests/data/screens/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.compose import full_screen_phrase
from terminus_edge.summarize.screen import ALTERNATE, ALTERNATE_LAST, REDRAWN
from terminus_edge.summarize.window import read_output

SCREENS = Path(__file__).parent / "data" / "screens"
NOTHING_KEPT = "full-screen program (alternate screen): nothing kept as line output"
SCREENS_NOT_KEPT = "full-screen program (alternate screen): its screens are not kept as line output"


def raw(name: str) -> bytes:
    return (SCREENS / f"{name}.raw").read_bytes()


@pytest.mark.parametrize(("name", "command"), [
    ("less-alone-quit", "less pyproject.toml"),
    ("vim-alone-quit", "vim pyproject.toml"),
    ("man-alone-quit", "man ls"),
])
def test_a_full_screen_program_alone_is_no_longer_no_output(name, command):
    s = summarize(command, raw(name), 0)
    assert s.body == f"succeeded (exit code 0); {NOTHING_KEPT}"
    assert s.facts.full_screen == ALTERNATE and s.facts.to_dict()["full_screen"] == ALTERNATE
    assert "no output" not in s.text


def test_the_exit_code_stays_when_the_full_screen_program_failed():
    s = summarize("vim pyproject.toml", raw("vim-alone-quit"), 1)
    assert s.body == f"exit code 1; {NOTHING_KEPT}"


@pytest.mark.parametrize(("name", "lines"), [
    ("less-quit", ["before less", "less exit=0"]),
    ("vim-quit", ["vim exit=0"]),
    ("man-quit", ["man exit=0"]),
    ("git-log-pager-quit", ["git exit=0"]),
])
def test_lines_on_the_normal_screen_before_and_after_are_kept_with_the_note(name, lines):
    s = summarize("sh -c '…'", raw(name), 0)
    assert s.body.startswith(f"succeeded (exit code 0); {SCREENS_NOT_KEPT}")
    assert s.body.endswith("\n".join(lines))


def test_nothing_the_pager_showed_is_said_as_output():
    """git log through less (LESS=R: on the alternate screen) showed commits; none of them is in the summary."""
    data = raw("git-log-pager-quit")
    assert b"commit " in data and b"Author:" in data
    s = summarize("git log --stat -n 40", data, 0)
    assert "commit" not in s.body and "Author" not in s.body


def test_vim_through_the_shell_wrapper_s_pipe_is_said_too():
    """`te vim …` / `terminus-edge run`: vim writes to a pipe, warns, and still draws on the alternate screen."""
    s = summarize("vim -u NONE -i NONE -N -c q pyproject.toml", raw("vim-through-pipe"), 0)
    assert SCREENS_NOT_KEPT in s.body and "Output is not to a terminal" in s.body


@pytest.mark.parametrize("mode", [b"47", b"1047"])
def test_the_older_alternate_screen_modes_are_told_apart_too(mode):
    data = raw("less-alone-quit").replace(b"\x1b[?1049h", b"\x1b[?" + mode + b"h").replace(b"\x1b[?1049l", b"\x1b[?" + mode + b"l")
    assert summarize("less pyproject.toml", data, 0).body == f"succeeded (exit code 0); {NOTHING_KEPT}"


@pytest.mark.parametrize("name", ["less-killed", "watch-killed"])
def test_a_stream_that_ends_on_the_alternate_screen_keeps_its_last_frame_and_says_so(name):
    s = summarize("less pyproject.toml", raw(name), 0)
    assert s.facts.full_screen == ALTERNATE_LAST
    assert "full-screen program left on the alternate screen: its last screen is kept as output" in s.body
    assert "Output" in s.body  # the frame's own lines follow


@pytest.mark.parametrize("name", ["top-killed", "top-quit"])
def test_frames_redrawn_in_place_on_the_normal_screen_say_only_the_last_is_kept(name):
    s = summarize("top -d 1", raw(name), 0)
    assert s.facts.full_screen == REDRAWN
    assert "full-screen program (redrawn in place): only its last screen is kept as output" in s.body
    assert "top - " in s.body


@pytest.mark.parametrize("name", ["top-n1", "clear", "clear-twice", "apt-reinstall-fancy-progress", "npm-install", "ora-long-text",
                                  "pip-download-progress"])
def test_one_frame_a_clear_or_a_progress_area_is_no_full_screen_program(name):
    s = summarize("cmd", raw(name), 0)
    assert s.facts.full_screen == "" and "full-screen" not in s.body


@pytest.mark.parametrize("size", [1, 3, 17, 256])
def test_the_kind_is_the_same_however_the_stream_is_chunked(size):
    for name in ("less-alone-quit", "less-killed", "top-quit", "vim-quit"):
        data = raw(name)
        assert read_output(iter([data[i : i + size] for i in range(0, len(data), size)])).full_screen == \
            read_output(data).full_screen != ""


def test_plain_empty_output_still_says_no_output():
    assert summarize("true", b"", 0).body == "succeeded (exit code 0); no output"


def test_the_phrase_never_claims_kept_lines_that_are_not_there():
    assert full_screen_phrase(ALTERNATE_LAST, kept_lines=False) == NOTHING_KEPT
    assert full_screen_phrase(ALTERNATE, kept_lines=True) == SCREENS_NOT_KEPT


def test_the_tui_card_of_less_says_what_is_true_and_the_log_keeps_its_note(tmp_path):
    """The card said 'no output' with 'full-screen program (alternate screen): summarized without the model' below."""
    from terminus_edge.logstore import LogStore
    from terminus_edge.tui.pipeline import FULL_SCREEN_NOTE, FinishedCommand, Pipeline
    from terminus_edge.tui.widgets.cards import CardState

    with LogStore(tmp_path / "logs.sqlite3") as store:
        pipeline = Pipeline(store=store)
        pipeline.set_model(None)
        log_id = pipeline.record(1, FinishedCommand("less pyproject.toml", raw("less-alone-quit"), 0, 1000.0, 1002.0))
        state = pipeline.summarize(CardState(key=1, command="less pyproject.toml", exit_code=0, duration_s=2.0,
                                             log_id=log_id))
        assert store.get(log_id).note == FULL_SCREEN_NOTE
    assert state.body == f"succeeded (exit code 0); {NOTHING_KEPT}" and state.model_note == FULL_SCREEN_NOTE
    assert "alternate screen" not in state.model_note  # the body says what the program left; the note, no model
    assert "no output" not in state.text


def test_the_raw_log_view_of_less_says_what_the_log_holds(tmp_path):
    """Enter on less's card opened a view that read '(no output)'."""
    import asyncio

    from terminus_edge.logstore import LogStore
    from terminus_edge.tui.launch import make_app
    from terminus_edge.tui.pipeline import FinishedCommand
    from terminus_edge.tui.screens import RawLogScreen
    from terminus_edge.tui.widgets.outbox import FileSink

    async def scenario() -> str:
        with LogStore(tmp_path / "logs.sqlite3") as store:
            app = make_app(start_shell=False, store=store, sink=FileSink(tmp_path / "out.md"), no_model=True)
            async with app.run_test(size=(100, 30)) as pilot:
                app.add_command(FinishedCommand("less pyproject.toml", raw("less-alone-quit"), 0, 1000.0, 1002.0))
                await app.workers.wait_for_complete()
                await pilot.pause()
                app.cards.focus()
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert isinstance(app.screen, RawLogScreen)
                return app.screen.query_one("TextArea").text

    assert asyncio.run(scenario()) == f"({NOTHING_KEPT})"
