"""`terminus-edge tui` from a pipe or a script (a fresh user's `make run` in CI, `terminus-edge tui | tee`): Textual
drew its screen as escape codes into the pipe and waited for keys that never came. It now says why in one line."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from terminus_edge.cli import main


def test_tui_without_a_terminal_says_so_in_one_line():
    result = CliRunner().invoke(main, ["tui", "--no-model"])
    assert result.exit_code == 1 and "the TUI needs a terminal" in result.output
    assert "\x1b[" not in result.output and "Traceback" not in result.output


def test_tui_from_a_pipe_ends_at_once(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TERMINUS_EDGE_HOME": str(tmp_path / "te")}
    out = subprocess.run([sys.executable, "-m", "terminus_edge", "tui", "--no-model"], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip().splitlines() == [
        "Error: the TUI needs a terminal: its input or output is a pipe or a file here; run `terminus-edge tui` in a "
        "terminal window (`terminus-edge run -- CMD` works anywhere)"]
