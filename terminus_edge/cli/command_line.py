"""The shell command line `run -- CMD…` (and the shell's `te CMD…`) hands to bash.

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
