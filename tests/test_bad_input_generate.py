"""`generate` / `chat` with bad input: bytes that are not UTF-8 (stdin or argv) and absurd thread counts.

Before: a TypeError traceback from the tokenizer ('TextInputSequence must be str') for a prompt with a
non-UTF-8 byte; `--threads 100000` hung the model load (onnxruntime makes every thread up front)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

pytest.importorskip("onnxruntime_genai")

from terminus_edge.cli import main  # noqa: E402


def _invoke(args, stdin=None):
    return CliRunner().invoke(main, args, input=stdin)


@pytest.mark.parametrize("command", ["generate", "chat"])
def test_a_prompt_with_non_utf8_bytes_on_stdin(tiny_bundle, command):
    args = [command, "--bundle", str(tiny_bundle("qwen3", "int4")), "--max-new-tokens", "2"]
    result = _invoke(args + (["-"] if command == "generate" else []), stdin=b"explain \xff\xfe this\n")
    assert result.exit_code == 0, result.output
    assert result.exception is None


def test_a_non_utf8_prompt_argument(tiny_bundle):
    import os
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "terminus_edge", "generate", "--bundle", str(tiny_bundle("qwen3", "int4")),
                           "--max-new-tokens", "2", b"caf\xe9"], capture_output=True, timeout=120, env=dict(os.environ))
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr.decode()


def test_too_many_threads_is_refused_at_once(tiny_bundle):
    result = _invoke(["generate", "--bundle", str(tiny_bundle("qwen3", "int4")), "--threads", "100000", "hi"])
    assert result.exit_code == 2 and "1<=x<=1024" in result.output


def test_more_threads_than_cpus_warns(tiny_bundle, monkeypatch):
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    result = _invoke(["generate", "--bundle", str(tiny_bundle("qwen3", "int4")), "--threads", "3",
                      "--max-new-tokens", "1", "hi"])
    assert result.exit_code == 0, result.output
    assert "warning: --threads 3 is more than the 2 CPUs here" in result.output
