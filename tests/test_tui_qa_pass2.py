"""Second QA pass of the TUI as a daily user (session 11): what a command still running leaves when the TUI closes
under it, what the help promises about what leaves the machine, and what a card says while a slow model works."""

from __future__ import annotations

import pytest

from test_tui_qa_shell import drive

from terminus_edge.logstore import LogStore


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_quitting_under_a_running_command_keeps_its_output_so_far_in_the_log_store(shell, tmp_path):
    """Ctrl+Q during a long build said the shell was hung up and the logs stay, but the build's output so far was
    in no log: it is stored (no exit code, marked cancelled) and the farewell names its log."""
    got = drive(shell, tmp_path, [["type", "echo one\r"], ["cards", 1],
                                  ["type", "printf 'compil%s 1 of 9\\n' ing; sleep 30\r"], ["screen", "compiling 1 of 9"],
                                  ["press", ["ctrl+q"]], ["ended", None]])
    with LogStore(tmp_path / "logs.sqlite3") as store:
        newest = store.list()[0]
        assert newest.command == "printf 'compil%s 1 of 9\\n' ing; sleep 30"
        assert newest.exit_code is None and newest.cancelled
        assert store.read_raw(newest.id) == b"compiling 1 of 9\n"
    assert got["said"] == [f"terminus-edge: `printf 'compil%s 1 of 9\\n' ing; sleep 30` was still running; the shell "
                           f"and its commands were hung up (SIGHUP); its output so far is log #{newest.id} "
                           f"(terminus-edge logs show {newest.id}) (the commands' logs stay: terminus-edge logs list)"]
