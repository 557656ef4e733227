"""What a summary leaves out for its budget, said by kind and exactly: `+293 more failed tests, +1 more detail not
shown (see the log)`. A reader counting the names shown must never take them for all of them, and "+42 more
errors/failures" over failed tests, test errors and a linter's findings at once says none of the three counts."""

from __future__ import annotations

FAILED, TEST_ERROR, ERROR, WARNING, DETAIL = "failed", "test-error", "error", "warning", "detail"
NOUNS = {
    FAILED: ("failed test", "failed tests"),
    TEST_ERROR: ("test error", "test errors"),
    ERROR: ("error", "errors"),
    WARNING: ("warning", "warnings"),
    DETAIL: ("detail", "details"),
}


def group_of(kind: str) -> str:
    """The group of an item known only by its kind (a caller's own items)."""
    return ERROR if kind == "error" else WARNING if kind == "warning" else DETAIL


def omitted_phrase(left: dict[str, int], partial: bool = False) -> str:
    """`+N more <noun>` for each group with items left out, in the order of NOUNS; "" when none was.
    `partial`: the items come from a view of a large output, so the numbers are lower bounds."""
    floor = "at least " if partial else ""
    parts = [f"+{floor}{n} more {NOUNS[group][n != 1]}" for group in NOUNS if (n := left.get(group, 0))]
    if not parts:
        return ""
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{listed} not shown (see the log)"


def unnamed_failed(left: int, shown: int, counted: int | None) -> int:
    """Failed tests not named: those left out of the list, or, when the tool's own tally counts more failures than
    the parsers could name, the tally less those shown."""
    return max(left, counted - shown) if counted is not None and counted > shown + left else left
