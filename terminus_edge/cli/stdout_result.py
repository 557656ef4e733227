"""Printing run's and summarize's result to a stdout that may not take it: a reader that went away (`| head -0`,
`| true`), a full disk (`> /dev/full`). The command already ran and its log is kept, so that costs the print only:
one line on stderr naming the log, no traceback, and `run` still exits with the command's own code."""

from __future__ import annotations

import errno
import os
import sys

import click


def print_result(text: str, log_id: int | None) -> bool:
    """Print `text`; False (after one stderr line) when stdout cannot take it."""
    try:
        click.echo(text)
        sys.stdout.flush()
        return True
    except OSError as error:
        where = f"; `terminus-edge logs show {log_id}` has the output" if log_id is not None else ""
        try:
            click.echo(f"terminus-edge: the summary could not be written to stdout ({error.strerror or error}){where}",
                       err=True)
        except OSError:
            pass
        _drop_stdout()
        return False


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit does not fail on it again (and exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def exit_if_out_of_space(error: OSError) -> None:
    """For an OSError that reached the top: a write to an open stream (no file name: stdout, mostly, `> /dev/full`
    or a full disk under `> out.txt`) that found no space ends with one line and exit 1, not a traceback;
    anything else returns, and the caller raises it."""
    if error.errno not in (errno.ENOSPC, errno.EDQUOT) or error.filename is not None:
        return
    try:
        click.echo(f"terminus-edge: cannot write its output ({error.strerror}: stdout or a file on a full disk)",
                   err=True)
    except OSError:
        pass
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _drop_stdout()  # or Python's own flush at exit fails on it again (and exits 120)
    sys.exit(1)
