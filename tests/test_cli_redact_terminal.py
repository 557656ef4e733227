"""`terminus-edge redact` typed in a terminal waited for stdin without a word (a fresh user took it for a hang): it
now says, on stderr, where the text comes from; piped, it says nothing and the output is only the redacted text."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

HINT = "terminus-edge redact: reading the text from stdin"


def test_redact_at_a_terminal_says_what_it_reads_then_redacts(tmp_path):
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "terminus_edge", "redact"], stdin=follower,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HOME": str(tmp_path)})
        os.write(leader, b"plain words\n\x04")  # Ctrl-D at the start of a line: end of input
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert proc.returncode == 0 and out == b"plain words\n"
    assert err.decode().count(HINT) == 1


def test_redact_from_a_pipe_prints_no_hint(tmp_path):
    out = subprocess.run([sys.executable, "-m", "terminus_edge", "redact"], input=b"plain words\n", capture_output=True,
                         timeout=60, env={**os.environ, "HOME": str(tmp_path)})
    assert out.returncode == 0 and out.stdout == b"plain words\n" and HINT not in out.stderr.decode()
