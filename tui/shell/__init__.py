"""Start the user's shell with the OSC 133 snippet loaded after the user's own rc files.

bash: `bash --rcfile <dir>/bashrc.sh -i` (the snippet sources /etc/bash.bashrc and ~/.bashrc first).
zsh: `ZDOTDIR=<dir> zsh -i` with our .zshenv/.zshrc, which source the user's files first.
Other shells run as they are, without command cards.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class ShellLaunch:
    argv: list[str]
    integrated: bool  # False: this shell gets no OSC 133 snippet, so no command cards
    name: str


def resolve_shell(shell: str | None = None) -> str:
    """The shell to run: the argument, else $SHELL, else bash."""
    candidate = shell or os.environ.get("SHELL") or "bash"
    found = shutil.which(candidate)
    if not found:
        from terminus_edge.errors import TerminusError

        raise TerminusError(f"shell not found: {candidate}")
    return found


def _snippet(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _env_prefix(extra: dict[str, str]) -> list[str]:
    # bittty gives the child LC_ALL=en_US.UTF-8 when we have none, which breaks on machines without
    # that locale (every program warns): drop it so the user's own LANG/LC_* apply.
    argv = ["env"]
    if "LC_ALL" not in os.environ:
        argv += ["-u", "LC_ALL"]
    argv += [f"{key}={value}" for key, value in extra.items()]
    return argv


def shell_launch(shell: str | None, rundir: Path) -> ShellLaunch:
    """Write the snippets under `rundir` (a private temp dir) and return the argv that starts the shell."""
    path = resolve_shell(shell)
    name = Path(path).name
    rundir.mkdir(parents=True, exist_ok=True, mode=0o700)
    base_env = {"TERMINUS_EDGE_TUI": "1"}
    if name == "bash" or name.startswith("bash"):
        rcfile = rundir / "bashrc.sh"
        rcfile.write_text(_snippet("bashrc.sh"), encoding="utf-8")
        return ShellLaunch(_env_prefix(base_env) + [path, "--rcfile", str(rcfile), "-i"], True, name)
    if name == "zsh" or name.startswith("zsh"):
        zdotdir = rundir / "zdotdir"
        zdotdir.mkdir(exist_ok=True)
        (zdotdir / ".zshenv").write_text(_snippet("zshenv.zsh"), encoding="utf-8")
        (zdotdir / ".zshrc").write_text(_snippet("zshrc.zsh"), encoding="utf-8")
        env = base_env | {"ZDOTDIR": str(zdotdir)}
        if os.environ.get("ZDOTDIR"):
            env["TERMINUS_EDGE_USER_ZDOTDIR"] = os.environ["ZDOTDIR"]
        return ShellLaunch(_env_prefix(env) + [path, "-i"], True, name)
    return ShellLaunch(_env_prefix(base_env) + [path, "-i"], False, name)
