"""Pick the parsers for a command's output (by its command line and by the output itself) and merge their facts."""

from __future__ import annotations

import re
from types import ModuleType

from terminus_edge.summarize.facts import (
    cargo, cc, dotnet, eslint, generic, git, golang, httplog, java, jest, jvm_build, listing, mypy, nodetest, npm,
    pip, prompt, pytest, pytraceback, ruff, tsc, unittest,
)
from terminus_edge.summarize.facts.types import Facts

# Order matters only for ties: the more specific family first (pytest before unittest before plain python).
FAMILIES: tuple[ModuleType, ...] = (
    pytest, unittest, mypy, ruff, pip, cargo, tsc, eslint, jest, nodetest, npm, jvm_build, java, golang, dotnet,
    cc, git, httplog, listing, pytraceback,
)
TIMEOUT_EXIT_CODES = {124}
# Families whose facts are counts over every line (listings, access logs, commit logs) read the whole text;
# the others read a reduced view of very large outputs, so extraction time stays flat as logs grow.
FULL_TEXT_FAMILIES = {"listing", "http-log", "git"}
LARGE_OUTPUT = 256_000
EDGE_CHARS = 64_000
INTERESTING_RE = re.compile(
    r"[Ee]rror|ERROR|[Ff]ail|FAIL|[Ww]arn|WARN|[Ee]xception|Traceback|[Pp]anic|[Ff]atal|FATAL|not ok|✖|●|CONFLICT|"
    r"[Dd]enied|[Nn]ot found|[Cc]annot|[Uu]ndefined|[Kk]illed|[Aa]bort"
)


def reduce_for_parsing(text: str, max_windows: int = 300) -> str:
    """Head, tail and the stretches around error-looking lines of a very large output; small outputs unchanged."""
    if len(text) <= LARGE_OUTPUT:
        return text
    head_end = text.rfind("\n", 0, EDGE_CHARS) + 1
    tail_start = text.find("\n", len(text) - EDGE_CHARS) + 1
    pieces, last_end = [text[:head_end]], head_end
    for m in INTERESTING_RE.finditer(text, head_end, tail_start):
        if m.start() < last_end:
            continue
        start = text.rfind("\n", 0, max(m.start() - 1500, last_end)) + 1
        start = max(start, last_end)
        end = text.find("\n", min(m.end() + 3000, tail_start))
        end = tail_start if end < 0 or end > tail_start else end + 1
        pieces.append(text[start:end])
        last_end = end
        if len(pieces) > max_windows:
            break
    pieces.append(text[tail_start:])
    return "".join(pieces)


def _command_words(command: str) -> str:
    """Drop env assignments, sudo/time/timeout wrappers so `timeout 30 pytest` is seen as pytest."""
    return re.sub(r"(?:^|(?<=[;&|]\s))\s*(?:\w+=\S+\s+|sudo\s+|time\s+|timeout\s+(?:-\w+\s+)*[\d.]+[smh]?\s+|nice\s+)+", "", command.strip())


def select_families(command: str, text: str) -> list[ModuleType]:
    words = _command_words(command)
    chosen = [family for family in FAMILIES if family.COMMAND_RE.search(words)]
    chosen += [family for family in FAMILIES if family not in chosen and family.OUTPUT_RE.search(text)]
    return chosen


def extract_facts(
    command: str, text: str, exit_code: int | None, *, timed_out: bool = False, waiting_for_input: bool = False
) -> Facts:
    """All facts about one command's normalized output. Never raises on odd input: a parser bug loses only its facts."""
    timed_out = timed_out or exit_code in TIMEOUT_EXIT_CODES
    facts = Facts(exit_code=exit_code, timed_out=timed_out, n_lines=text.count("\n") + 1 if text else 0)
    reduced = reduce_for_parsing(text)
    families = select_families(command, reduced)
    for family in families:
        if family is pytraceback and facts.failures:
            continue  # a test runner already reported each traceback with its test
        try:
            part = family.parse(text if family.NAME in FULL_TEXT_FAMILIES else reduced)
        except Exception as error:  # noqa: BLE001 - one bad parser must not cost the summary
            facts.highlights.append(f"({family.NAME} parser failed: {type(error).__name__})")
            continue
        if _has_content(part) or family.COMMAND_RE.search(_command_words(command)):
            facts.merge(part)
    if not facts.tools or not _has_content(facts) or (facts.failed and not _explains_failure(facts)):
        fallback = generic.parse(reduced)
        facts.merge(fallback)
    waiting = prompt.parse(text[-4000:], timed_out=timed_out)
    facts.merge(waiting)
    facts.waiting_for_input = facts.waiting_for_input or waiting_for_input
    return facts


def _has_content(facts: Facts) -> bool:
    return bool(
        facts.counts or facts.failures or facts.diagnostics or facts.traceback or facts.missing
        or facts.conflicts or facts.errors or facts.highlights
    )


def _explains_failure(facts: Facts) -> bool:
    return bool(
        facts.failures or facts.traceback or facts.missing or facts.conflicts or facts.errors
        or any(d.severity == "error" for d in facts.diagnostics) or facts.counts.get("failed") or facts.counts.get("errors")
    )
