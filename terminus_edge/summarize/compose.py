"""Build the `Command: … / Summary: … / Log: …` block: status and counts first, then the key errors, then the gist.

Facts are packed in priority order until the token budget is spent; anything left out is counted
("+3 more errors, see log") so a reader always knows more exists.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Diagnostic, Facts
from terminus_edge.summarize.normalize import fold_similar
from terminus_edge.summarize.tokens import count_tokens

COUNT_ORDER = ("failed", "errors", "passed", "skipped", "xfailed", "xpassed", "deselected", "todo", "cancelled", "warnings")
SINGULAR = {"errors": "error", "warnings": "warning"}


def status_phrase(facts: Facts) -> str:
    code = facts.exit_code
    if facts.timed_out:
        return f"timed out (exit code {code})" if code is not None else "timed out"
    if code is None:
        return "exit code unknown"
    if code == 0:
        return "succeeded (exit code 0)"
    return f"exit code {code}"


def counts_phrase(facts: Facts) -> str:
    counts = dict(facts.counts)
    if not counts:
        return ""
    tests = facts.count_unit == "tests"
    if tests and "failed" not in counts and ("passed" in counts or "total" in counts):
        counts["failed"] = 0  # say "0 failed" explicitly: silence could be read either way
    parts = []
    for key in COUNT_ORDER:
        if key in counts and (counts[key] or key in ("failed", "errors") and tests or key == "errors" and not tests):
            n = counts[key]
            word = SINGULAR.get(key, key) if n == 1 else key
            parts.append(f"{n} {word}")
    if not tests and "errors" not in counts and counts.get("warnings"):
        parts.insert(0, "0 errors")
    lead = ""
    if tests:
        total = counts.get("total")
        lead = f"{total} tests: " if total else "tests: "
        if counts.get("passed") and not counts.get("failed") and not counts.get("errors") and total is None:
            lead = f"all {counts['passed']} tests passed; " if len(parts) <= 2 else "tests: "
    phrase = lead + ", ".join(parts)
    if "collected" in counts:
        phrase += f" (of {counts['collected']} collected)"
    return phrase


def diagnostic_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """`path:line:col CODE: message`; a file already named is shortened to its basename."""
    lines, seen_files = [], set()
    for d in diagnostics:
        location = d.location()
        if d.file and d.file in seen_files and "/" in d.file:
            location = location[len(d.file) - len(d.file.rsplit("/", 1)[1]):]
        if d.file:
            seen_files.add(d.file)
        label = " ".join(x for x in ("warning" if d.severity != "error" else "", d.code or "") if x)
        message = d.message.rstrip(".")
        lines.append(f"{location} {label}: {message}".strip() if label else f"{location}: {message}" if location else message)
    return lines


def codes_phrase(diagnostics: list[Diagnostic]) -> str:
    """Which codes/rules fired, most frequent first: 'E0308 ×3, E0277 ×2'."""
    counts: dict[str, int] = {}
    for d in diagnostics:
        if d.code:
            counts[d.code] = counts.get(d.code, 0) + 1
    if len(counts) < 2 and sum(counts.values()) < 3:
        return ""
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return "codes: " + ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in ranked[:10])


def fact_items(facts: Facts) -> list[tuple[str, str]]:
    """(kind, text) in the order they must appear; kind 'error' items are never silently dropped."""
    items: list[tuple[str, str]] = []
    if facts.binary:
        items.append(("error", f"binary output, {facts.n_bytes} bytes"))
    if facts.waiting_for_input:
        prompt = f' at prompt "{facts.input_prompt}"' if facts.input_prompt else ""
        items.append(("error", f"waiting for input{prompt}; no answer was given"))
    if facts.stopped_early:
        items.append(("error", "stopped early, remaining tests not run"))
    for f in facts.failures:
        label = "ERROR" if f.kind == "error" else "FAILED"
        reason = f": {f.reason}" if f.reason else ""
        where = f" [{f.location}]" if f.location and f.location not in f.name else ""
        items.append(("error", f"{label} {f.name}{reason}{where}"))
    if facts.traceback:
        tb = facts.traceback
        where = f" at {tb.file}:{tb.line}" if tb.file else ""
        func = f" in {tb.function}()" if tb.function and not tb.function.startswith("<") else (f" in {tb.function}" if tb.function else "")
        message = f": {tb.message}" if tb.message else ""
        items.append(("error", f"{tb.exc_type}{message}{where}{func}"))
    for text in facts.missing:
        items.append(("error", f"missing {text}"))
    for text in facts.conflicts:
        items.append(("error", f"conflict: {text}"))
    errors = [d for d in facts.diagnostics if d.severity == "error"]
    warnings = [d for d in facts.diagnostics if d.severity != "error"]
    codes = codes_phrase(facts.diagnostics)
    if codes:
        items.append(("info", codes))
    items += [("error", line) for line in diagnostic_lines(errors)]
    items += [("error", text) for text in facts.errors]
    items += [("info", text) for text in facts.highlights]
    items += [("warning", line) for line in diagnostic_lines(warnings)]
    return _dedupe(items)


DEDUPE_CHARS = 20_000  # only the first items can reach the summary; comparing thousands would be quadratic


def _dedupe(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop an item whose core (before ' at ' / ' [') an earlier item already states."""
    out: list[tuple[str, str]] = []
    seen: list[str] = []
    size = 0
    for kind, text in items:
        core = re.split(r" at /| at [\w.-]+:\d| \[", text, maxsplit=1)[0].strip().lower()
        if size < DEDUPE_CHARS and len(core) >= 12 and core in "\n".join(seen):
            continue
        out.append((kind, text))
        if size < DEDUPE_CHARS:
            seen.append(text.lower())
            size += len(text) + 1
    return out


def pack(head: str, items: list[tuple[str, str]], budget: int) -> str:
    """Head plus as many items as fit; the rest become '+N more …' so nothing vanishes unannounced."""
    out = [head]
    used = count_tokens(head)
    left_errors = left_other = 0
    shown_error = False
    for kind, text in items:
        cost = count_tokens(text) + 1
        if used + cost <= budget or (kind == "error" and not shown_error):
            out.append(text)
            used += cost
            shown_error = shown_error or kind == "error"
        elif kind == "error":
            left_errors += 1
        else:
            left_other += 1
    more = []
    if left_errors:
        more.append(f"+{left_errors} more errors/failures")
    if left_other:
        more.append(f"+{left_other} more details")
    if more:
        out.append(" and ".join(more) + " in the log")
    return "; ".join(s for s in out if s)


SHOWN_LINE_CHARS = 300


OMITTED_RE = re.compile(r" … \[(\d+) characters omitted\] … ")


def clip_line(line: str) -> str:
    """A line shown in a summary stays readable: a 10 MB line of minified JSON is cut, and says so."""
    if len(line) <= SHOWN_LINE_CHARS:
        return line
    shown = SHOWN_LINE_CHARS - 60
    total = len(line) + sum(int(m.group(1)) - len(m.group(0)) for m in OMITTED_RE.finditer(line))
    return f"{line[:shown]} … [{total - shown} more characters]"


def verbatim(text: str) -> str:
    return "\n".join(clip_line(line) for line in fold_similar(text.splitlines()))


def compose_body(facts: Facts, text: str, gist: str | None, budget_tokens: int) -> str:
    """The Summary: text: facts first, then a little of the output's own words, then the gist.

    A short output passes verbatim (after the status line) when that is shorter than the facts.
    """
    head = status_phrase(facts)
    counts = counts_phrase(facts)
    if counts:
        head = f"{head}; {counts}"
    items = fact_items(facts)
    gist_cost = count_tokens(gist) + 1 if gist else 0
    budget = max(budget_tokens - gist_cost, count_tokens(head) + 40)
    plain = verbatim(text).strip()
    if not plain and not facts.binary:
        head = f"{head}; no output"
    body = pack(head, items, budget)
    if plain and not facts.binary:
        compact = f"{pack(head, _flags(items), budget)}. Output:\n{plain}"
        if count_tokens(compact) <= min(count_tokens(body), budget):
            body = compact
        else:
            structured = bool(facts.counts or facts.failures or facts.diagnostics or facts.traceback or facts.conflicts)
            room = budget - count_tokens(body) - 4
            extra = context_lines(plain, body, min(room, 40) if structured else room)
            if extra:
                body = f"{body}. Output lines:\n{extra}"
    if gist:
        body = f"{body}\n{gist}" if "\n" in body else f"{body}. {gist}"
    return body


def _flags(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The facts a raw output leaves implicit (waiting for input, stopped early): kept even in verbatim mode."""
    return [(k, t) for k, t in items if t.startswith(("waiting for input", "stopped early", "binary output"))]


SKIP_LINE_RE = re.compile(
    r"^\s*(\d+\s*)?\|"  # source excerpts with a gutter
    r"|^[\s^~|_\-+=*#]*$"  # carets, rules, separators (not dots: `....F..` is test progress)
    r'|^\s+File "|^\s+at |^Traceback \(most recent call last\)'  # stack frames
)


SEGMENT_SPLIT_RE = re.compile(r"; |\. |\n")
SHORT_LINE = 12


def stated(key: str, said: str, segments: set[str]) -> bool:
    """Whether the summary already says this line: a short line ("1", "ok") only when it is a whole
    segment of the summary, not whenever its characters occur somewhere (like "1" in "exit code 1")."""
    return key in segments if len(key) < SHORT_LINE else key in said


def context_lines(text: str, already: str, budget: int) -> str:
    """Output lines not already stated, taken alternately from the end and the start, within `budget`."""
    if budget < 8:
        return ""
    said = " ".join(already.lower().split())
    segments = {segment.strip() for segment in SEGMENT_SPLIT_RE.split(said)}
    lines, seen, in_traceback = [], set(), False
    for line in text.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and line[:1] not in (" ", "\t", ""):
            in_traceback = False  # the exception line closes it (and is a fact already)
            continue
        key = " ".join(line.lower().split())
        if in_traceback or SKIP_LINE_RE.match(line) or stated(key, said, segments) or key in seen:
            continue
        seen.add(key)
        lines.append(clip_line(line))
    picked: dict[int, str] = {}
    used = 0
    order = [i for pair in zip(range(len(lines) - 1, -1, -1), range(len(lines))) for i in pair]
    for i in order:
        if i in picked:
            continue
        cost = count_tokens(lines[i]) + 1
        if used + cost > budget:
            break
        picked[i] = lines[i]
        used += cost
    return "\n".join(picked[i] for i in sorted(picked))


def compose_block(command: str, body: str, log_id: str | None) -> str:
    lines = [f"Command: {command}", f"Summary: {body}"]
    if log_id:
        lines.append(f"Log: {log_id}")
    return "\n".join(lines)
