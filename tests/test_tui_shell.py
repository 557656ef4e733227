"""The bash and zsh snippets on a real shell in a pty: user rc files load, each command's output and exit
code are cut exactly, the command line is reported (or left to the screen when history cannot tell)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import time

import pytest

from terminus_edge.tui.osc133 import CommandCutter, CommandFinished
from terminus_edge.tui.shell import shell_launch


def drive(argv: list[str], env: dict, lines: list[str], expect: int, timeout: float = 20.0) -> list[CommandFinished]:
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    cutter, finished = CommandCutter(), []
    pending = list(lines)
    deadline = time.monotonic() + timeout
    prompts = 0
    try:
        while len(finished) < expect and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536).decode("utf-8", "replace")
            except OSError:
                break
            for _, event in cutter.split(data):
                if isinstance(event, CommandFinished):
                    finished.append(event)
            new_prompts = data.count("\x1b]133;B")
            prompts += new_prompts
            if new_prompts and pending:  # type the next line only once the shell shows a prompt
                os.write(fd, pending.pop(0).encode())
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return finished


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("HISTCONTROL=ignoreboth\nexport FROM_RC=bashrc\n")
    (home / ".zshrc").write_text("export FROM_RC=zshrc\n")
    monkeypatch.delenv("LC_ALL", raising=False)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "ZDOTDIR", "PROMPT_COMMAND")}
    env["HOME"] = str(home)
    return env


LINES = ["echo hello; ls /nonexistent\r", "(exit 7)\r", "\r", " echo 'spaced é'\r",
         "echo $FROM_RC ${LC_ALL-unset}\r", "sleep 0.2; printf 'a\\nb\\n'\r"]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_snippet_cuts_commands(shell, home, tmp_path):
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    launch = shell_launch(shell, tmp_path / "run")
    assert launch.integrated
    got = drive(launch.argv, home, LINES, expect=5)
    assert [(e.exit_code, e.output.replace("\r\n", "\n")) for e in got] == [
        (2, "hello\nls: cannot access '/nonexistent': No such file or directory\n"),
        (7, ""),  # the empty Enter in between made no command
        (0, "spaced é\n"),
        (0, f"{'bashrc' if shell == 'bash' else 'zshrc'} unset\n"),  # user's rc loaded; no forced LC_ALL
        (0, "a\nb\n"),
    ]
    commands = [e.command for e in got]
    assert commands[0] == "echo hello; ls /nonexistent" and commands[1] == "(exit 7)"
    # bash with ignorespace keeps no history entry: the shell does not claim a wrong command, the TUI
    # reads it from the screen instead; zsh always knows it.
    assert commands[2] == (None if shell == "bash" else " echo 'spaced é'")
    assert commands[4] == "sleep 0.2; printf 'a\\nb\\n'"


def test_unknown_shell_runs_without_marks(tmp_path):
    launch = shell_launch(shutil.which("sh") or "sh", tmp_path / "run")
    assert not launch.integrated and launch.argv[-1] == "-i"
