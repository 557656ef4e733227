"""Timing for the regex sweep: every measurement runs under a SIGALRM deadline (the regex engine checks for signals
while it backtracks), with faulthandler's watchdog behind it, so a hang is reported, not waited on. sweep_pattern
times one pattern on its adversarial samples at N and 4N characters."""

from __future__ import annotations

import faulthandler
import re
import signal
import time
from dataclasses import dataclass
from typing import Callable

from .regex_samples import Sample, samples_for

RATIO = 8.0  # time ratio for 4x the input: linear ~4, quadratic ~16
FLOOR_S = 0.002  # below this the 4x time is noise, whatever the ratio
BUDGET_S = 0.25  # one pattern over a 4x-size text
HANG_S = 2.0


class Hang(Exception):
    pass


def _alarm(_signum, _frame):
    raise Hang()


def timed(fn: Callable[[], object], limit_s: float = HANG_S) -> float:
    """Seconds fn took, or inf past limit_s (a SIGALRM interrupts the regex engine's backtracking)."""
    old = signal.signal(signal.SIGALRM, _alarm)
    faulthandler.dump_traceback_later(limit_s * 10 + 30, exit=True)  # backstop: a loop that never sees the signal
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    start = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - start
    except Hang:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, old)


@dataclass
class Finding:
    where: str
    pattern: str
    sample: Sample
    op: str
    t_n: float
    t_4n: float

    @property
    def ratio(self) -> float:
        return self.t_4n / self.t_n if self.t_n else float("inf")


def _ops(pattern: re.Pattern, text: str) -> dict[str, Callable[[], object]]:
    return {"finditer": lambda: sum(1 for _ in pattern.finditer(text)), "match": lambda: pattern.match(text)}


def _superlinear(t_n: float, t_4n: float, budget: float) -> bool:
    return t_4n == float("inf") or t_4n > budget or (t_4n > FLOOR_S and t_4n > RATIO * max(t_n, 1e-6))


def sweep_pattern(where: str, pattern: re.Pattern, size: int, budget: float = BUDGET_S, max_findings: int = 3,
                  anchored: bool = False) -> list[Finding]:
    """At most max_findings (pattern, sample, op) findings per pattern: a slow one is slow on many samples.
    anchored: the code only matches it at given positions, so only `match` is timed."""
    found = []
    for sample in samples_for(pattern):
        if len(found) >= max_findings:
            break
        small, large = sample.build(size), sample.build(4 * size)
        for op in ("match",) if anchored else ("finditer", "match"):
            t_n = timed(_ops(pattern, small)[op])
            t_4n = timed(_ops(pattern, large)[op]) if t_n != float("inf") else float("inf")
            if _superlinear(t_n, t_4n, budget) and t_4n != float("inf"):  # confirm, so one busy moment is not a finding
                t_n = min(t_n, timed(_ops(pattern, small)[op]))
                t_4n = min(t_4n, timed(_ops(pattern, large)[op]))
            if _superlinear(t_n, t_4n, budget):
                found.append(Finding(where, pattern.pattern, sample, op, t_n, t_4n))
            if op == "finditer" and t_4n < FLOOR_S:
                break  # search over the whole text is cheap, so the anchored match is too
    return found
