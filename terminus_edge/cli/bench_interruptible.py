"""A `bench` run whose work stops on a cancel (fidelity, summarize): Ctrl-C, SIGTERM and SIGHUP become that cancel,
so a model call stops within a decode step and the command reports what it measured, instead of Python exiting
while onnxruntime still runs on a worker thread (which aborted the process: exit 134, nothing reported)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

import click

T = TypeVar("T")


def run_cancellable(command: str, work: Callable[[object], T]) -> tuple[T, object]:
    """(work(cancel)'s value, cancel), work running on a worker thread while this one takes the signals; a work that
    had not stopped within the wait ends the command here with one line and 128 + the signal."""
    from terminus_edge.cancel import Cancel, StillStopping, cancelled_by, exit_status, run_interruptible

    cancel = Cancel()
    try:
        return run_interruptible(lambda: work(cancel), cancel), cancel
    except StillStopping as error:
        click.echo(f"terminus-edge: bench {command} cancelled by {cancelled_by(cancel)}; {error}", err=True)
        sys.exit(exit_status(cancel))


def exit_if_cancelled(cancel, what_was_kept: str) -> None:
    """After the report of a cut run: one line saying what it holds and who cancelled, then exit 128 + the signal."""
    from terminus_edge.cancel import cancelled_by, exit_status

    if cancel.is_set():
        click.echo(f"interrupted: {what_was_kept}; cancelled by {cancelled_by(cancel)}", err=True)
        sys.exit(exit_status(cancel))


@contextmanager
def lines_to(out: str, to_line: Callable[[object], str], then: Callable[[object], None] | None = None):
    """A callback for each result as it comes: writes to_line(result) to `out` at once (flushed), then calls then(result),
    so a run cut short keeps every result it had; the lines used to be written at the end only."""
    with open(out, "w", encoding="utf-8") as fh:
        def keep(result) -> None:
            fh.write(to_line(result))
            fh.flush()
            if then is not None:
                then(result)

        yield keep
