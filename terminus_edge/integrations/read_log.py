"""The read_log tool's answer: the lines of a stored log an agent asks for (a range, the last N, a grep), each
redacted in its context, cut to fit the answer, under a header saying how the command ended and what is shown."""

from __future__ import annotations

import re
from collections import deque

from terminus_edge.errors import ToolInputError
from terminus_edge.line_range import LineRangeError, parse_line_range
from terminus_edge.log_text import binary_kind, visible

MAX_LINES = 400  # read_log answers at most this many lines; the agent asks again for more
MAX_LINE_CHARS = 2_000
MAX_ANSWER_CHARS = 60_000  # the contract's cut for tool output given back to a model (400 long lines were 800 KB)


def log_answer(store, log_id: int | str, lines: str | None = None, grep: str | None = None) -> str:
    """The answer's text, redacted: safe to send."""
    from terminus_edge.redact import redact

    record = store.get(log_id)  # LogStoreError: "no log with id …"
    first, last, from_end = _parse_range(lines)
    try:
        pattern = re.compile(grep) if grep else None
    except re.error as error:
        raise ToolInputError(f"grep is not a valid regular expression: {error}") from None
    picked: deque[tuple[int, str]] = deque(maxlen=from_end) if from_end else deque()
    candidates: list[int] = []  # with a grep: every line whose raw text matches, to be matched again redacted
    total = matched = 0
    for number, line in enumerate(store.iter_lines(record.id), start=1):
        total = number
        if number < first or (last and number > last) or (pattern and not pattern.search(line)):
            continue
        matched += 1
        if pattern:
            candidates.append(number)
        elif from_end or len(picked) < MAX_LINES:
            picked.append((number, line))
    if pattern:
        picked, matched = _grep_redacted(store, record, candidates, pattern, from_end)
    else:
        picked = _redact_picked(store, record, picked)
    shown = _fit([f"{n}: {_readable(line)}" for n, line in picked], MAX_ANSWER_CHARS - 1_000, bool(from_end))
    picked = picked[len(picked) - len(shown):] if from_end else picked[:len(shown)]
    body = "\n".join(shown)
    command = redact(record.command, command=record.command)  # before the cut: half a token is not found after it
    command = visible(command if len(command) <= 300 else command[:300] + " …")
    header = f"Log {record.id}: `{command}` {_ending(record)}, {total} lines"
    if pattern:
        header += f"; {matched} lines match /{grep}/"
    if from_end and matched > len(picked):  # the last lines were asked for (at most MAX_LINES): say which
        header += f"; showing the last {len(picked)}"
    elif matched > len(picked):
        header += f"; showing {len(picked)} (ask for a narrower range for more)"
    if first > max(total, 1) and not from_end:
        raise ToolInputError(f"line range starts at {first} but log {record.id} has {total} lines")
    if not (lines or grep) and (binary := binary_kind(store, record.id)) is not None:  # not a wall of ^@ escapes
        body = (f"(binary output{binary}, {record.bytes} bytes: not shown as text; ask for a `lines` range "
                "or a `grep` to see lines with their bytes escaped)")
    return redact(header + "\n" + body if body else header + "\n(no lines)", command=record.command)


def _readable(line: str) -> str:
    """A line as a model reads it: colours dropped, control bytes escaped (log_text.visible), a line over
    MAX_LINE_CHARS cut with the count of what is left out (the redaction ran on the whole line first)."""
    text = visible(line[:MAX_LINE_CHARS])
    return text if len(line) <= MAX_LINE_CHARS else f"{text} … [{len(line) - MAX_LINE_CHARS} more characters not shown]"


def _redact_picked(store, record, picked):
    """The picked lines redacted in their context (a line range inside a private key stays masked)."""
    from terminus_edge.integrations.redacted_lines import redacted_lines

    clean = redacted_lines(store.iter_lines(record.id), [n for n, _ in picked], record.command)
    return [(n, clean.get(n, line)) for n, line in picked]


def _grep_redacted(store, record, candidates: list[int], pattern, from_end: int):
    """(the lines to show, how many match): a line matches only when its redacted text does, and the count and
    the choice of lines (the first MAX_LINES, the last N) are made over those alone, so neither a line nor a
    count nor which lines are shown can tell a regex whether a secret starts with `ghp_SL`."""
    from terminus_edge.integrations.redacted_lines import redacted_lines

    clean = redacted_lines(store.iter_lines(record.id), candidates, record.command)
    kept = [(n, clean[n]) for n in candidates if n in clean and pattern.search(clean[n])]
    return (kept[-from_end:] if from_end else kept[:MAX_LINES]), len(kept)


def _parse_range(lines: str | None) -> tuple[int, int, int]:
    """A line range (terminus_edge.line_range) → (first, last or 0, from_end or 0), from_end capped."""
    try:
        picked = parse_line_range(lines)
    except LineRangeError as error:
        raise ToolInputError(str(error)) from None
    return picked.first, picked.last or 0, min(picked.from_end, MAX_LINES)


def _fit(lines: list[str], budget: int, from_end: bool) -> list[str]:
    """As many of `lines` as fit in `budget` characters (at least one), from the end when the last were asked for."""
    kept, size = [], 0
    for line in reversed(lines) if from_end else lines:
        size += len(line) + 1
        if kept and size > budget:
            break
        kept.append(line)
    return kept[::-1] if from_end else kept


def _cancelled_by(facts_json: str | None) -> str:
    """Who cancelled a logged command, as its facts say (runner.summarize_cancelled); older logs: the client."""
    import json

    try:
        facts = json.loads(facts_json) if facts_json else {}
    except ValueError:
        facts = {}
    by = facts.get("cancelled_by") if isinstance(facts, dict) else None
    return by if isinstance(by, str) and by else "the client"


def _ending(record) -> str:
    """How the logged command ended, in words an agent reads right ("exit None" read as a result)."""
    if record.status != "ok":
        return f"{record.status} (no exit code)"  # still running, or its writer was killed
    ending = "exit unknown" if record.exit_code is None else f"exit {record.exit_code}"
    if record.cancelled:
        ending = f"cancelled by {_cancelled_by(record.facts_json)} ({ending})"
    if record.timed_out:
        ending = f"timed out ({ending})"
    return ending + (", waiting for input" if record.waiting_for_input else "")
