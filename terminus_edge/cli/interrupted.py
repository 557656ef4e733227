"""How any `terminus-edge` command ends when Ctrl-C, SIGTERM or SIGHUP reaches it outside a run that handles them
itself (the bundle loading, the arguments being read, the gist after a command ended): as a cancel during the run
ends, with one line naming who cancelled and the logs already kept, and exit status 128 + the signal (130, 143,
129) instead of click's "Aborted!" and 1 (or, for SIGTERM, no word at all). A command whose --json output a
caller parses registers what to print then (on_cancel)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import NoReturn

import click

from terminus_edge.cancel import cancelled_line


def store_loaded() -> bool:
    """Whether this process loaded the log store: a command that never did stored nothing (and is not asked)."""
    return "terminus_edge.logstore" in sys.modules


def logs_kept(since: float) -> list[int] | None:
    """Ids of the logs this process began since `since`; None when they cannot be read."""
    if not store_loaded():
        return []
    import sqlite3

    from terminus_edge.errors import TerminusError
    from terminus_edge.logstore import LogStore

    try:
        with LogStore() as store:
            return store.begun_by(os.getpid(), since)
    except (TerminusError, OSError, sqlite3.Error):
        return None


ON_CANCEL = "terminus_edge.on_cancel"


def on_cancel(make_json: Callable[[str, int, list[int] | None], dict]) -> None:
    """From inside a command: if a cancel ends it at the CLI's root, print make_json(by, exit_status, log ids kept
    or None) as one JSON line on stdout (a --json caller still gets an object to parse)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # outside a click command there is no root to print it
        ctx.meta[ON_CANCEL] = make_json


def exit_cancelled(command: str, interrupt: KeyboardInterrupt, started_at: float, started_mono: float,
                   meta: dict) -> NoReturn:
    """Say on stderr that `command` was cancelled and by whom (and print its JSON if it registered one), then exit
    128 + the signal."""
    import json

    from terminus_edge.cancel import by_signal, interrupt_signum
    from terminus_edge.signal_exit import signal_exit

    signum = interrupt_signum(interrupt)
    by, status = by_signal(signum), signal_exit(signum)
    try:
        kept = logs_kept(started_at)
        click.echo(cancelled_line(command, by, time.monotonic() - started_mono, kept, stores_logs=store_loaded()),
                   err=True)
        if meta.get(ON_CANCEL):
            click.echo(json.dumps(meta[ON_CANCEL](by, status, kept), ensure_ascii=False))
    except (KeyboardInterrupt, OSError):  # a second Ctrl-C while the store was read; the terminal gone (SIGHUP)
        pass
    sys.exit(status)
