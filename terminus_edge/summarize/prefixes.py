"""Prefixes a wrapper puts in front of every line of a tool's output, taken off before the parsers read it.

A CI log (`gh run view --log`: `job<TAB>step<TAB>2026-11-26T18:22:13.7843Z line`), a timestamper (moreutils `ts`, a log
shipper: `[2026-11-26 18:22:14] line`, `Nov 26 18:22:14 line`, `00:00:03 line`), a process manager (docker compose
`web-1  | line`, honcho / foreman `18:24:06 web.1 | line`), a parallel script runner (npm-run-all `--print-label`,
concurrently: `[lint] line`, `[0] line`, `{time} {name}`'s bare `lint line`) and a monorepo's task runner (turbo, nx:
`web:build: line`) all keep the tool's own lines intact behind the prefix, and every parser anchors its
patterns at the start of a line. A prefix is taken off only where most lines carry it: one layer at a time (a CI log's
columns, then its timestamp), from the lines that have it; the others (a runner's own closing line) stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter

# A layer counts when this share of the non-blank lines (and at least MIN_LINES of them) carry it.
SHARE = 0.8
MIN_LINES = 3
MAX_LAYERS = 3
MAX_NAMES = 12  # a service or label prefix names a few processes, not one per line

_TIME = r"\d\d:\d\d:\d\d(?:[.,]\d{1,9})?"
_ZONE = r"(?:Z|[+-]\d\d:?\d\d|\s?UTC)?"
LAYERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # gh run view --log: the job and the step, tab-separated, before the runner's timestamp
    ("ci-columns", re.compile(r"[^\t\n]{1,100}\t[^\t\n]{1,160}\t(?=\d{4}-\d\d-\d\dT\d\d:\d\d)")),
    ("timestamp", re.compile(
        rf"(?:\[?\d{{4}}-\d\d-\d\d[T ]{_TIME}{_ZONE}\]?|\[{_TIME}\]|{_TIME}{_ZONE}"  # ISO, [time], bare time
        rf"|[A-Z][a-z]{{2}} [ \d]\d {_TIME}"  # syslog's `Nov 26 18:22:14`
        r"|\d{1,6}\.\d{6})(?: |$)")),  # ts -s / -i with %.s: seconds since the start or the last line
    # docker compose `web-1  | `, honcho `web.1   | ` / `system  | `: the bars stand in one column
    ("service", re.compile(r"(?P<name>[A-Za-z][\w.-]{0,40}) *\|(?: |$)")),
    ("label", re.compile(r"\[(?P<name>[\w.:@-]{1,40}) *\](?: |$)")),  # npm-run-all pads its labels: `[lint     ]`
    # turbo / nx `web:build: line`: a package and its task (a letter after the colon: `a.py:3:` is a place)
    ("task", re.compile(r"(?P<name>[@\w./-]{1,60}:[A-Za-z][\w.-]{0,40}): ")),
    # concurrently `--prefix "{time} {name}"` once the clock is off: a bare process name (see _plausible)
    ("word", re.compile(r"(?P<name>[A-Za-z][\w.@-]{1,40})(?: |$)")),
)
# `[INFO] …` / `[ERROR] …` (maven, sbt) and `[OK]` / `[FAIL]` marks are the tool's own words, not a wrapper's label.
LEVEL_WORDS = {
    "INFO", "ERROR", "ERR", "WARN", "WARNING", "DEBUG", "TRACE", "FATAL", "NOTICE", "CRITICAL", "SEVERE", "SUCCESS", "OK",
    "PASS", "PASSED", "FAIL", "FAILED", "SKIP", "SKIPPED", "TODO", "NOTE", "HINT", "DONE", "V", "D", "I", "W", "E", "F",
}
WORD_RE = re.compile(r"[A-Za-z]{3}")
WHOLE_LINE = {kind: re.compile(f"^(?:{pattern.pattern})", re.M) for kind, pattern in LAYERS}


ALL_KINDS = tuple(kind for kind, _ in LAYERS)
PROCESS_KINDS = ("service", "label", "task", "word")  # a prefix that names the process that printed the line
# What says nothing about the output: a wrapper's clock and a CI log's columns. A service or label name says which
# process printed a line, which a reader of the lines needs and the parsers (reading one tool's lines) do not.
NOISE_KINDS = ("ci-columns", "timestamp")
DMESG_TIME_RE = re.compile(r"\d+\.\d+")  # `[48668.192569]`: the kernel's own clock, not a label


def strip_line_prefixes(text: str, kinds: tuple[str, ...] = ALL_KINDS) -> str:
    """`text` with the prefixes (of these kinds) most of its lines share taken off; the text itself when none is found.
    Which layer a text has is judged on its first and last lines; taking it off is one pass over the whole text."""
    for _ in range(MAX_LAYERS):
        kind = _layer(_sample(text), kinds) if text else None
        if kind is None:
            break
        text = WHOLE_LINE[kind].sub("", text)
    return text


SAMPLE_HEAD, SAMPLE_TAIL = 300, 100  # lines
SAMPLE_CHARS = 60_000


def _sample(text: str) -> list[str]:
    if len(text) <= SAMPLE_CHARS:
        return text.split("\n")
    head = text[: SAMPLE_CHARS // 2].split("\n")[:-1][:SAMPLE_HEAD]  # the last piece may be a cut line
    tail = text[-SAMPLE_CHARS // 2:].split("\n")[1:][-SAMPLE_TAIL:]
    return head + tail


def _layer(lines: list[str], kinds: tuple[str, ...]) -> str | None:
    """The kind of prefix most of these lines carry, if any."""
    body = [line for line in lines if line.strip()]
    if len(body) < MIN_LINES:
        return None
    for kind, pattern in LAYERS:
        if kind not in kinds:
            continue
        hits, misses, allowed = [], 0, (1 - SHARE) * len(body) + 1e-9
        for line in body:
            m = pattern.match(line)
            if m:
                hits.append((m, line))
            else:
                misses += 1
                if misses > allowed:
                    break  # most texts carry no prefix: a fifth of their lines says so
        if misses > allowed or len(hits) < MIN_LINES or not _plausible(kind, [m for m, _ in hits]):
            continue
        if any(WORD_RE.search(line[m.end():]) for m, line in hits):  # not a table of numbers, whose first column is data
            return kind
    return None


def _plausible(kind: str, hits: list[re.Match[str]]) -> bool:
    if kind not in PROCESS_KINDS:
        return True
    names = {m["name"] for m in hits}
    if len(names) > MAX_NAMES or any(name.upper() in LEVEL_WORDS or DMESG_TIME_RE.fullmatch(name) for name in names):
        return False
    if kind == "word":  # any text's first words could be a few: several processes' names, one on a blank line of its own
        lines = Counter(m["name"] for m in hits)
        return len(names) > 1 and min(lines.values()) > 1 and any(not m.string[m.end():].strip() for m in hits)
    # a process manager pads its names so that the bars line up
    return kind != "service" or len({m.group(0).rindex("|") for m in hits}) == 1


def process_streams(text: str) -> dict[str, str]:
    """Each process's own lines (its prefix taken off), when most lines carry the name of one of several processes
    (compose services, npm-run-all / concurrently labels): two tools' reports interleaved line by line are read apart."""
    text = strip_line_prefixes(text, NOISE_KINDS)
    kind = _layer(_sample(text), PROCESS_KINDS) if text else None
    if kind is None:
        return {}
    streams: dict[str, list[str]] = {}
    for line in text.split("\n"):
        m = LAYERS[ALL_KINDS.index(kind)][1].match(line)
        if m:
            streams.setdefault(m["name"], []).append(line[m.end():])
    return {name: "\n".join(lines) for name, lines in streams.items()} if len(streams) > 1 else {}
