"""Rows of a `bench latency/compare` run that a signal cut short: the notes they carry (who cut it), and the closing
line and exit status the CLI gives such a run."""

from __future__ import annotations

import signal

from terminus_edge.benchmarks.records import INTERRUPTED, Record
from terminus_edge.cancel import by_signal
from terminus_edge.signal_exit import signal_exit


def interrupted_note(signum: int) -> str:
    """An unmeasured row's note: who interrupted the run ("the user (Ctrl-C)", "a signal (SIGTERM)")."""
    return f"not measured: the run was interrupted by {by_signal(signum)} before this row"


def partial_note(done: int, rounds: int, signum: int) -> str:
    """A row an --interleave run had measured in fewer rounds than asked when a signal cut it short."""
    return f"interrupted after {done} of {rounds} rounds by {by_signal(signum)}"


def cut_short_by(record: Record) -> int | None:
    """The signal that cut the run short before `record` was measured, or in fewer rounds than asked; else None."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        if (record.status == INTERRUPTED and record.note == interrupted_note(signum)
                or record.note.endswith(f" rounds by {by_signal(signum)}")):
            return signum
    return signal.SIGINT if record.status == INTERRUPTED else None


def interrupted_line(records: list[Record]) -> tuple[str, int] | None:
    """(the line that says a run was cut short, 128 + the signal: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP, as any
    terminus-edge command a signal cancels), or None for a run that was not. A row measured in fewer rounds than
    asked counts: an --interleave run cut between rounds has no unmeasured row, and used to exit 0."""
    signums = [signum for signum in map(cut_short_by, records) if signum]
    if not signums:
        return None
    skipped = sum(r.status == INTERRUPTED for r in records)
    partial = sum(r.status != INTERRUPTED and cut_short_by(r) is not None for r in records)
    fewer = f"; {partial} in fewer rounds than asked" if partial else ""
    marked = f"; {skipped} marked '{INTERRUPTED}'" if skipped else ""
    return (f"interrupted: {len(records) - skipped} of {len(records)} rows measured (shown above{fewer}){marked} "
            f"(cancelled by {by_signal(signums[0])})", signal_exit(signums[0]))
