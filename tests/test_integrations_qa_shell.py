"""shell-init QA: names that must not be wrapped, and wrapped commands inside aliases, functions and subshells."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.cli.shell_init_cmd import parse_wrap, snippet

SHELLS = [s for s in ("bash", "zsh") if shutil.which(s)]


@pytest.mark.parametrize("name", ["te", "te-off", "_te_wrap", "cd", "export", "source", "exec", "command", "wait"])
def test_builtins_and_our_own_functions_are_refused(name):
    with pytest.raises(click.BadParameter, match="own function|builtin"):
        parse_wrap([name])
    result = CliRunner().invoke(main, ["shell-init", "bash", "--wrap", f"make,{name}"])
    assert result.exit_code == 2 and repr(name) in result.output


@pytest.mark.parametrize("shell", SHELLS)
def test_wrapped_command_keeps_quoted_args_through_aliases_functions_and_subshells(shell, tmp_path, te_home):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "faketool"
    tool.write_text('#!/bin/bash\nfor a in "$@"; do echo "arg<$a>"; done\necho "error: broke" >&2\nexit 3\n')
    tool.chmod(0o755)
    snip = tmp_path / f"snip.{shell}"
    snip.write_text(snippet(shell, parse_wrap(["faketool"]), prefix=f"{sys.executable} -m terminus_edge"))
    script = (f"alias faketool='faketool --via-alias'\n. {snip}\n"
              "faketool 'a b' 'c\"d' '$HOME'; echo \"rc=$?\"\n"
              "(faketool sub); echo \"sub rc=$?\"\n"
              "fn() { faketool in-fn; }; fn; echo \"fn rc=$?\"\n"
              "direct=$(TERMINUS_EDGE_WRAP_ALWAYS= faketool piped 2>&1); echo \"plain rc=$? $direct\" | tr '\\n' ' '\n")
    flag = ["-O", "expand_aliases"] if shell == "bash" else []
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "TERMINUS_EDGE_WRAP_ALWAYS": "1"}
    env.pop("TERMINUS_EDGE_INSIDE", None)
    result = subprocess.run([shell, *flag], input=script, capture_output=True, text=True, env=env, timeout=120)
    out = result.stdout
    assert "Command: faketool --via-alias 'a b' 'c\"d' '$HOME'" in out, out + result.stderr
    assert "rc=3" in out and "sub rc=3" in out and "fn rc=3" in out
    assert "Command: faketool --via-alias sub" in out and "Command: faketool --via-alias in-fn" in out
    assert "plain rc=3 arg<--via-alias> arg<piped> error: broke" in out  # WRAP_ALWAYS empty, not a tty: the real tool
