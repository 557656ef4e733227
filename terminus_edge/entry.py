"""Where the `terminus-edge` script and `python -m terminus_edge` start: the CLI, with a Ctrl-C, SIGTERM or SIGHUP
that comes while it is still importing (click, the CLI's modules: tens of ms, seconds on a cold disk) ending it
as one during a command does (one line on stderr, exit 128 + the signal) rather than with a traceback (Ctrl-C)
or a silent death (SIGTERM, SIGHUP). Nothing but the standard library and terminus_edge.cancel is imported
before the signals are taken over; once the CLI is imported its root group takes them over itself."""

from __future__ import annotations

import sys
import time
from typing import NoReturn


def main() -> None:
    started_mono = time.monotonic()
    try:
        from terminus_edge.cancel import signals_interrupt  # Ctrl-C already raises KeyboardInterrupt in here

        with signals_interrupt():  # SIGTERM, SIGHUP too
            from terminus_edge.cli import main as cli
    except KeyboardInterrupt as interrupt:
        exit_while_starting(interrupt, time.monotonic() - started_mono)
    from terminus_edge.warning_lines import install

    install()  # the runtime's warnings (a provider fallback, a refused kernel library) as one line each
    try:
        cli()
    except OSError as error:  # click turns only a closed pipe into an exit; a full disk under stdout was a traceback
        from terminus_edge.cli.stdout_result import exit_if_out_of_space

        exit_if_out_of_space(error)
        raise


def exit_while_starting(interrupt: KeyboardInterrupt, took_s: float) -> NoReturn:
    """Say that the command was cancelled before it began, and by whom; exit 128 + the signal. No command is
    named (none was read yet) and no log was kept."""
    from terminus_edge.cancel import by_signal, cancelled_line, interrupt_signum
    from terminus_edge.signal_exit import signal_exit

    signum = interrupt_signum(interrupt)
    try:
        sys.stderr.write(cancelled_line("terminus-edge", by_signal(signum), took_s, [], stores_logs=False) + "\n")
        sys.stderr.flush()
    except (KeyboardInterrupt, OSError):  # a second Ctrl-C; the terminal gone (SIGHUP)
        pass
    sys.exit(signal_exit(signum))
