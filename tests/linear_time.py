"""Whether work grows linearly with its input, measured so that load from other processes matters little.

A bound on wall-clock seconds fails on a busy 2-core box (a check that takes 0.8 s idle took 2.4-3.1 s at load 9-12,
on old and new code alike) and says nothing about growth. Here the work runs at size n and at 4n in the same process,
the fastest of a few runs each, timed in CPU seconds: linear work takes ~4 times as
long at 4n, quadratic ~16 times. The clock is this thread's (time.thread_time): in a full suite other tests leave
threads running (servers, model loaders) whose CPU a process-wide clock would count, and the garbage collector is off
while timing (as timeit does), since the suite's big heap makes a collection land on whichever run allocates. A run is stopped past CPU_LIMIT_S of CPU time by a SIGPROF timer (the regex engine
checks for signals while it backtracks; SIGPROF leaves pytest-timeout's SIGALRM alone), so a quadratic pattern fails in
seconds, not hours.
"""

from __future__ import annotations

import gc
import signal
import time
from collections.abc import Callable

RATIO = 8.0  # the time at 4n over the time at n: linear ~4, quadratic ~16
FLOOR_S = 0.03  # CPU seconds at 4n under which growth is noise, whatever the ratio
CPU_LIMIT_S = 10.0  # CPU seconds one run may take; past it the work counts as a hang


class TooSlow(Exception):
    pass


def _stop(_signum, _frame):
    raise TooSlow()


def cpu_seconds(fn: Callable[[], object], repeats: int = 3) -> float:
    """The fastest of `repeats` runs of fn, in CPU seconds of this thread; inf past CPU_LIMIT_S."""
    best = float("inf")
    old = signal.signal(signal.SIGPROF, _stop)
    try:
        for _ in range(repeats):
            gc.disable()  # no gc.collect() first: in a full suite's heap one takes ~1 s, and the sweeps call this often
            signal.setitimer(signal.ITIMER_PROF, CPU_LIMIT_S)
            start = time.thread_time()
            try:
                fn()
            except TooSlow:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
                gc.enable()
            best = min(best, time.thread_time() - start)
    finally:
        signal.signal(signal.SIGPROF, old)
    return best


def growth(work: Callable[[int], object], n: int, repeats: int = 3) -> tuple[float, float]:
    """CPU seconds of work(n) and of work(4 * n), the fastest of `repeats` runs each."""
    small = cpu_seconds(lambda: work(n), repeats)
    large = cpu_seconds(lambda: work(4 * n), repeats) if small != float("inf") else float("inf")
    return small, large


def linear(small: float, large: float) -> bool:
    """Whether CPU seconds at n and at 4n grew like linear work."""
    return large < FLOOR_S or large < RATIO * small


def assert_linear(work: Callable[[int], object], n: int, what: str = "", repeats: int = 3) -> None:
    """Fails when work grows faster than linear from n to 4n; a first finding is measured once more (3 runs each, the
    fastest kept), so one busy moment is not a finding."""
    small, large = growth(work, n, repeats)
    if not linear(small, large) and large != float("inf"):
        again = growth(work, n, 3)
        small, large = min(small, again[0]), min(large, again[1])
    assert linear(small, large), (
        f"{what}: {small:.3f} s of CPU at n={n}, {large:.3f} s at 4n (ratio {large / max(small, 1e-9):.1f}; "
        f"linear ~4, quadratic ~16, bound {RATIO:g})")


def quadratic_stand_in(n: int) -> None:
    """Deliberately quadratic work for the negative checks: from every blank of a run of n, `\\s+$` scans the rest of
    the run before it fails on the final "x" (the bug behind several of the storms these tests use)."""
    import re

    re.search(r"\s+$", " " * n + "x")
