"""The raw log store's side of `run` and `summarize`: open a log for the output as it arrives, say in one line
when it cannot be kept (the command still runs and is summarized), mark a cancelled one, name the log the summary
points to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from terminus_edge.errors import TerminusError

if TYPE_CHECKING:  # the store (sqlite3, psutil) loads when a command runs, not for --help
    from terminus_edge.logstore import LogStore
    from terminus_edge.logwriter import LogWriter


def open_log(command: str, cwd: str, *, source: str = "run",
             started_at: float | None = None) -> tuple[LogStore | None, LogWriter | None]:
    """The store and a writer for this run's raw log, or (None, None) after saying in one line why the log
    cannot be kept: the command still runs and is summarized, only its stored log is lost."""
    import sqlite3

    from terminus_edge.logstore import LogStore
    from terminus_edge.logstore_db import OPEN_WAIT_S

    store = None
    try:
        store = LogStore()

        def waiting() -> None:
            then = "runs the command" if source == "run" else "summarizes"
            click.echo(f"terminus-edge: the log store {store.path} is locked by another process; waiting up to "
                       f"{OPEN_WAIT_S:g} s for it (then it {then} without storing the log)", err=True)

        return store, store.begin(command, cwd=cwd, source=source, started_at=started_at, on_wait=waiting)
    except (TerminusError, OSError, sqlite3.Error) as error:
        if store is not None:
            store.close()
            if isinstance(error, sqlite3.Error):  # name the file and what to do about it
                from terminus_edge.logstore_db import store_error

                error = store_error(store.path, error)
        doing = "running the command anyway" if source == "run" else "summarizing anyway"
        click.echo(f"terminus-edge: the raw log cannot be stored ({first_line(error)}); {doing}, summary only", err=True)
        return None, None


def report_store_error(writer: LogWriter) -> None:
    """One stderr line when the store failed while the output was coming in (a full disk, a held lock), or when
    another process removed the log meanwhile."""
    if writer.removed:
        click.echo(f"terminus-edge: log {writer.id} was removed from the store while the command ran (`logs rm` or a "
                   "prune); summary only", err=True)
    elif writer.error is not None:
        click.echo(f"terminus-edge: the raw log could not be stored in full ({writer.error}); log {writer.id} holds "
                   f"only part of the {writer.total} bytes, the summary covers all of them", err=True)


def kept_id(writer: LogWriter | None) -> int | None:
    """The id of the stored log the summary can point to: none when there is no store or the log was removed."""
    return None if writer is None or writer.removed else writer.id


def mark_cancelled(store: LogStore, log_id: int) -> None:
    """Mark a log cut short by a cancel (`logs list --cancelled`); a store that fails now keeps the log unmarked."""
    import sqlite3

    try:
        store.mark_cancelled(log_id)
    except (TerminusError, sqlite3.Error, OSError):
        pass


def readable(text: str) -> str:
    """`text` as valid UTF-8: bytes that are not (a non-UTF-8 argument or folder name, which Python holds as
    surrogates) written as \\xNN, so SQLite and the terminal take it and the reader sees which bytes they were."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error).strip() else type(error).__name__
