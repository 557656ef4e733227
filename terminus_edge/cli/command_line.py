"""The shell command line `run -- CMD…` (and the shell's `te CMD…`) hands to bash, and the stdin it gets.

Several arguments are one program and its arguments, quoted as such. One argument is a command line as typed
in a shell (`te "make && make test"`), unless it is the path of an existing file (it has a `/`, as a
path the shell would run has): `te "./my script.sh"` then runs that program instead of `./my` with the
argument `script.sh`. A name without `/` stays a command line, as the shell looks such names up on PATH.
"""

from __future__ import annotations

import os
import shlex


def command_line(cmd: tuple[str, ...]) -> str:
    if len(cmd) != 1:
        return shlex.join(cmd)
    only = cmd[0]
    if "/" in only and os.path.isfile(only):
        return shlex.quote(only)
    return only


def stdin_holds_data() -> bool:
    """Our stdin is a pipe or a file (`producer | terminus-edge run -- consumer`, `run -- cmd < in.txt`): its data is
    the command's, as without the wrapper. A terminal stays closed unless --interactive: an agent cannot type."""
    try:
        os.fstat(0)
        return not os.isatty(0)
    except OSError:  # no stdin at all
        return False
