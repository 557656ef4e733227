"""`shell-init`: the snippet evaluated by a real bash / zsh, in scripts and at a real terminal (a pty)."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.cli.shell_init_cmd import parse_wrap, snippet
from terminus_edge.logstore import LogStore

SHELLS = [s for s in ("bash", "zsh") if shutil.which(s)]
PREFIX = f"{sys.executable} -m terminus_edge"


@pytest.fixture
def tools(tmp_path):
    """Fake tools on PATH: one that fails with output, one `npm`-like with subcommands, one that asks."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    scripts = {
        "faketest": "echo \"collected 2 items, args: $*\"; echo 'FAILED t.py::test_b - assert 0' >&2; exit 3",
        "fakenpm": "echo \"fakenpm $1 ran\"; exit 4",
        "fakeask": "read -p 'Name? ' n; echo \"hello $n\"; exit 5",
        "fakesleep": "echo sleeping; sleep 30",
    }
    for name, body in scripts.items():
        (bin_dir / name).write_text(f"#!/bin/bash\n{body}\n")
        (bin_dir / name).chmod(0o755)
    snippet_file = tmp_path / "snippet.sh"
    return bin_dir, snippet_file


def write_snippet(path, shell, wrap):
    path.write_text(snippet(shell, parse_wrap(wrap), prefix=PREFIX))


def shell_run(shell, script, bin_dir, **env):
    full_env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", **env}
    full_env.pop("TERMINUS_EDGE_INSIDE", None)
    return subprocess.run([shell, "-c", script], capture_output=True, text=True, env=full_env, timeout=120)


@pytest.mark.parametrize("shell", SHELLS)
def test_wrapped_command_in_an_agent_shell_summarizes_and_keeps_exit_code(shell, tools):
    bin_dir, snip = tools
    write_snippet(snip, shell, ["faketest", "fakenpm test"])
    script = f". {snip}; faketest -k 'a b'; echo \"rc=$?\"; fakenpm test; echo \"rc=$?\"; fakenpm version; echo \"rc=$?\""
    proc = shell_run(shell, script, bin_dir, TERMINUS_EDGE_WRAP_ALWAYS="1")
    out = proc.stdout
    assert "Command: faketest -k 'a b'" in out and "rc=3" in out, proc.stderr
    assert "Command: fakenpm test" in out and "rc=4" in out
    assert "fakenpm version ran\nrc=4" in out  # not a wrapped subcommand: raw output, no summary
    assert len(re.findall(r"^Log: \d+$", out, re.M)) == 2
    with LogStore() as store:
        assert {r.command for r in store.list()} == {"faketest -k 'a b'", "fakenpm test"}
        first = [r for r in store.list() if r.command.startswith("faketest")][0]
        assert store.read_raw(first.id) == b"collected 2 items, args: -k a b\nFAILED t.py::test_b - assert 0\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_in_pipes_and_scripts_the_real_command_runs_unchanged(shell, tools):
    bin_dir, snip = tools
    write_snippet(snip, shell, ["faketest"])
    proc = shell_run(shell, f". {snip}; faketest x 2>&1 | cat; faketest y; echo \"rc=$?\"", bin_dir)
    assert proc.stdout == ("collected 2 items, args: x\nFAILED t.py::test_b - assert 0\n"
                           "collected 2 items, args: y\nrc=3\n")
    with LogStore() as store:
        assert store.list() == []


@pytest.mark.parametrize("shell", SHELLS)
def test_te_off_and_no_recursion_through_bash_env(shell, tools):
    bin_dir, snip = tools
    write_snippet(snip, "bash", ["faketest"])
    proc = shell_run(shell, f". {snip}; te-off; faketest; echo \"rc=$?\"; te-on; te faketest 1; echo \"rc=$?\"",
                     bin_dir, TERMINUS_EDGE_WRAP_ALWAYS="1", BASH_ENV=str(snip))
    assert proc.stdout.startswith("collected 2 items, args: \nrc=3\n")  # te-off: raw
    assert "Command: faketest 1" in proc.stdout and proc.stdout.endswith("rc=3\n")
    with LogStore() as store:
        assert [r.command for r in store.list()] == ["faketest 1"]  # the inner bash (BASH_ENV) did not wrap again


class PtyShell:
    """A real interactive shell on a pseudo-terminal, the way a person uses it."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: the pty is its controlling terminal
            os.execvpe(argv[0], argv, env)
        self.out, self.pos = b"", 0

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def expect(self, pattern: str, timeout: float = 60) -> str:
        """Wait for `pattern` after the last match; return everything seen since then."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern.encode())
        while not (match := regex.search(self.out, self.pos)):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} not seen; got {self.out[-2000:]!r}")
            if select.select([self.fd], [], [], left)[0]:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    raise AssertionError(f"the shell ended; got {self.out[-2000:]!r}") from None
        seen, self.pos = self.out[self.pos : match.end()], match.end()
        return seen.decode(errors="replace")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


@pytest.mark.parametrize("shell", SHELLS)
def test_at_a_terminal_wrapped_commands_stay_interactive(shell, tools):
    bin_dir, snip = tools
    write_snippet(snip, shell, ["fakeask", "fakesleep"])
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PS1": "PROMPT> ", "PROMPT": "PROMPT> ",
           "TERM": "dumb"}
    env.pop("TERMINUS_EDGE_INSIDE", None)
    argv = ["bash", "--norc", "--noprofile", "-i"] if shell == "bash" else ["zsh", "-f", "-i"]
    sh = PtyShell(argv, env)
    try:
        sh.expect("PROMPT> ")
        sh.send(f". {snip}\n")
        sh.send("fakeask; echo \"rc=$?\"\n")
        sh.expect(r"Name\? ")  # the question reaches the person (live tee)...
        sh.send("Bob\n")  # ...and the answer reaches the command
        out = sh.expect(r"rc=\d+")
        assert "hello Bob" in out and "Command: fakeask" in out and "rc=5" in out
        sh.send("fakesleep; echo \"rc=$?\"\n")
        sh.expect("sleeping")
        started = time.monotonic()
        sh.send("\x03")  # Ctrl-C reaches the command through terminus-edge
        out = sh.expect(r"rc=\d+", timeout=20)
        assert time.monotonic() - started < 10
        assert re.search(r"rc=13[07]", out) and "Command: fakesleep" in out
    finally:
        sh.close()
    with LogStore() as store:
        records = {r.command: r for r in store.list()}
        assert records["fakeask"].exit_code == 5
        assert store.read_raw(records["fakeask"].id).endswith(b"hello Bob\n")
        assert records["fakesleep"].exit_code in (130, 137) and records["fakesleep"].status == "ok"


def test_fish_snippet_in_real_fish(tools):
    if not shutil.which("fish"):
        pytest.skip("fish is not installed")
    bin_dir, path = tools
    path.write_text(snippet("fish", parse_wrap(["faketest", "fakenpm test"]), prefix=PREFIX))
    assert subprocess.run(["fish", "--no-execute", str(path)]).returncode == 0
    script = (f"source {path}; faketest a 'b c'; echo rc=$status; fakenpm test; echo rc=$status; "
              f"fakenpm x; echo rc=$status; te-off; faketest q; echo rc=$status")
    proc = shell_run("fish", script, bin_dir, TERMINUS_EDGE_WRAP_ALWAYS="1")
    out = proc.stdout
    assert "Command: faketest a 'b c'" in out and "Command: fakenpm test" in out, proc.stderr
    assert re.findall(r"rc=\d", out) == ["rc=3", "rc=4", "rc=4", "rc=3"]
    assert "fakenpm x ran\nrc=4" in out and "collected 2 items, args: q\nrc=3" in out
    with LogStore() as store:
        assert len(store.list()) == 2



@pytest.mark.parametrize("shell", [*SHELLS, "fish"])
def test_an_empty_wrap_always_is_off_in_every_shell(shell, tools):
    """`TERMINUS_EDGE_WRAP_ALWAYS=` (set, empty) is off: bash/zsh test -n; fish's `set -q` took it as on."""
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    bin_dir, path = tools
    path.write_text(snippet(shell, parse_wrap(["faketest"]), prefix=PREFIX))
    status = "$status" if shell == "fish" else "$?"
    script = f"source {path}; faketest a; echo rc={status}; te faketest b; echo rc={status}"
    proc = shell_run(shell, script, bin_dir, TERMINUS_EDGE_WRAP_ALWAYS="")
    out = proc.stdout
    assert "collected 2 items, args: a\nrc=3" in out, proc.stderr  # in a pipe with the flag off: the real command
    assert "Command: faketest b" in out and "Command: faketest a" not in out and out.endswith("rc=3\n")



@pytest.mark.parametrize("shell", [*SHELLS, "fish"])
def test_te_with_one_quoted_path_with_a_space_runs_that_program(shell, tools, tmp_path):
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    bin_dir, path = tools
    path.write_text(snippet(shell, parse_wrap([]), prefix=PREFIX))
    (tmp_path / "my script.sh").write_text("#!/bin/sh\necho \"script ran\"\nexit 6\n")
    (tmp_path / "my script.sh").chmod(0o755)
    status = "$status" if shell == "fish" else "$?"
    proc = shell_run(shell, f"cd {tmp_path}; source {path}; te './my script.sh'; echo rc={status}", bin_dir)
    assert "Command: './my script.sh'" in proc.stdout and "script ran" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.endswith("rc=6\n")

def test_the_fish_snippet_reads_its_flags_as_bash_does():
    """Without fish installed: no flag is tested with `set -q`, which is true for an empty variable."""
    text = snippet("fish", parse_wrap(["faketest"]), prefix=PREFIX)
    assert "set -q TERMINUS_EDGE" not in text
    for flag in ("WRAP_ALWAYS", "DISABLE", "INSIDE"):
        assert f'test -n "$TERMINUS_EDGE_{flag}"' in text

def test_cli_and_bad_input():
    result = CliRunner().invoke(main, ["shell-init", "bash", "--wrap", "pytest,cargo test", "--wrap", "make"])
    assert result.exit_code == 0
    assert "function pytest {" in result.stdout and "function make {" in result.stdout
    assert "case \"${1-}\" in test)" in result.stdout
    assert "function cargo {" in CliRunner().invoke(main, ["shell-init", "zsh", "--wrap-defaults"]).stdout
    assert "function pytest --wraps pytest" in CliRunner().invoke(main, ["shell-init", "fish", "--wrap", "pytest"]).stdout
    for bad in ("rm -rf /", "a;b", "$(x)", "npm run build"):
        result = CliRunner().invoke(main, ["shell-init", "bash", "--wrap", bad])
        assert result.exit_code == 2 and "--wrap" in result.output
    assert CliRunner().invoke(main, ["shell-init", "tcsh"]).exit_code == 2
    assert parse_wrap(["npm test", "npm"]) == {"npm": None} and parse_wrap(["npm", "npm ci"]) == {"npm": None}
