"""The shell's convention for a process a signal ended: exit status 128 + the signal's number (130 Ctrl-C, 129 SIGHUP,
137 SIGKILL, 143 SIGTERM). The one definition behind the CLI's own exits after a cancel, a child's status in the
log store and the summaries that name the signal. Standard library only: the entry point imports it before the CLI."""

from __future__ import annotations

SIGNAL_EXIT_BASE = 128


def signal_exit(signum: int) -> int:
    """The exit status a shell reports for a process that signal `signum` ended."""
    return SIGNAL_EXIT_BASE + signum


def shell_status(returncode: int) -> int:
    """subprocess's returncode as a shell reports it: -N (ended by signal N) becomes 128+N."""
    return returncode if returncode >= 0 else signal_exit(-returncode)
