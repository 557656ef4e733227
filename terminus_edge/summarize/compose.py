"""Build the `Command: … / Summary: … / Log: …` block: status and counts first, then the key errors, then the gist.

Facts are packed in priority order until the token budget is spent; anything left out is counted
("+3 more errors, see log") so a reader always knows more exists.
"""

from __future__ import annotations

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


def diagnostic_line(d: Diagnostic) -> str:
    code = f"[{d.code}]" if d.code else ""
    where = f"{d.location()}: " if d.location() else ""
    return f"{where}{d.severity}{code}: {d.message}"


def fact_items(facts: Facts) -> list[tuple[str, str]]:
    """(kind, text) in the order they must appear; kind 'error' items are never silently dropped."""
    items: list[tuple[str, str]] = []
    if facts.binary:
        items.append(("error", f"binary output, {facts.n_bytes} bytes"))
    if facts.waiting_for_input:
        prompt = f' at prompt "{facts.input_prompt}"' if facts.input_prompt else ""
        items.append(("error", f"waiting for input{prompt}; no answer was given"))
    if facts.stopped_early:
        items.append(("error", "run stopped early (stop-on-first-failure or interruption); remaining tests not run"))
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
    items += [("error", diagnostic_line(d)) for d in errors]
    items += [("error", text) for text in facts.errors]
    items += [("info", text) for text in facts.highlights]
    items += [("warning", diagnostic_line(d)) for d in warnings]
    return items


def pack(head: str, items: list[tuple[str, str]], budget: int) -> str:
    """Head plus as many items as fit; the rest become '+N more …' so nothing vanishes unannounced."""
    out = [head]
    used = count_tokens(head)
    left_errors = left_other = 0
    for kind, text in items:
        cost = count_tokens(text) + 1
        if used + cost <= budget or (kind == "error" and not any(k == "error" for k, t in items if t in out)):
            out.append(text)
            used += cost
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


def verbatim(text: str) -> str:
    return "\n".join(fold_similar(text.splitlines()))


def compose_body(facts: Facts, text: str, gist: str | None, budget_tokens: int) -> str:
    """The Summary: text. Short outputs pass verbatim when that is shorter than the facts."""
    head = status_phrase(facts)
    counts = counts_phrase(facts)
    if counts:
        head = f"{head}; {counts}"
    gist_cost = count_tokens(gist) + 1 if gist else 0
    body = pack(head, fact_items(facts), max(budget_tokens - gist_cost, count_tokens(head) + 40))
    plain = verbatim(text).strip()
    if plain and not facts.binary:
        with_output = f"{body}. Output:\n{plain}"
        if count_tokens(with_output) + gist_cost <= budget_tokens:
            body = with_output if count_tokens(plain) > 0 else body
        else:
            tail = tail_lines(plain, budget_tokens - gist_cost - count_tokens(body) - 4)
            if tail:
                body = f"{body}. Last lines:\n{tail}"
    if gist:
        body = f"{body}\n{gist}" if "\n" in body else f"{body}. {gist}"
    return body


def tail_lines(text: str, budget: int) -> str:
    """The last lines of output that fit in `budget` tokens (final status lines usually live there)."""
    if budget < 12:
        return ""
    picked: list[str] = []
    used = 0
    for line in reversed(text.splitlines()):
        cost = count_tokens(line) + 1
        if used + cost > budget:
            break
        picked.append(line)
        used += cost
    return "\n".join(reversed(picked))


def compose_block(command: str, body: str, log_id: str | None) -> str:
    lines = [f"Command: {command}", f"Summary: {body}"]
    if log_id:
        lines.append(f"Log: {log_id}")
    return "\n".join(lines)
