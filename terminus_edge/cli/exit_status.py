"""`summarize --exit-code`: a status a shell can report (0..255), or Python's -N for "killed by signal N".

A negative code is stored and summarized as 128+N, as `run` does with its child's -N, so both paths say
"exit code 137 (128+9: by shell convention, killed by SIGKILL …)". Anything else is not an exit status.
"""

from __future__ import annotations

import click

from terminus_edge.signal_exit import shell_status

HIGHEST_SIGNAL = 64  # Linux's SIGRTMAX; subprocess never gives a lower -N


class ExitStatus(click.ParamType):
    name = "code"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            code = value
        else:
            try:
                code = int(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not an exit status (0..255, or -1..-{HIGHEST_SIGNAL} for a signal)", param, ctx)
        if 0 <= code <= 255:
            return code
        if -HIGHEST_SIGNAL <= code <= -1:
            return shell_status(code)
        self.fail(f"{code} is not an exit status: a shell's are 0..255, and Python's -N (killed by signal N) "
                  f"is -1..-{HIGHEST_SIGNAL}", param, ctx)
