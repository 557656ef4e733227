"""The repo's shell code stays clean: shellcheck on the bash scripts and on the `shell-init` snippet, and the zsh
snippets (shellcheck does not read zsh) parse with `zsh -n`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from terminus_edge.cli.shell_init_cmd import DEFAULT_WRAP, parse_wrap, snippet

ROOT = Path(__file__).resolve().parents[1]
BASH_SCRIPTS = [ROOT / ".ci" / "run", ROOT / "tui" / "shell" / "bashrc.sh"]
ZSH_SCRIPTS = sorted((ROOT / "tui" / "shell").glob("*.zsh"))


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
@pytest.mark.parametrize("script", BASH_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_bash_scripts_pass_shellcheck(script):
    result = _run(["shellcheck", "-f", "gcc", str(script)])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_shell_init_snippet_passes_shellcheck():
    code = snippet("bash", parse_wrap([*DEFAULT_WRAP, "npm test", "npm ci"]), prefix="command terminus-edge")
    result = _run(["shellcheck", "-f", "gcc", "-s", "bash", "-"], code)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("script", BASH_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_bash_scripts_parse(script):
    result = _run(["bash", "-n", str(script)])
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("zsh"), reason="zsh is not installed")
@pytest.mark.parametrize("script", ZSH_SCRIPTS, ids=lambda p: p.name)
def test_zsh_snippets_parse(script):
    assert ZSH_SCRIPTS, "tui/shell has no zsh snippets"
    result = _run(["zsh", "-n", str(script)])
    assert result.returncode == 0, result.stderr
