"""Build the `Command: … / Summary: … / Log: …` block: status and counts first, then the key errors, then the gist.

Facts are packed in priority order until the token budget is spent; anything left out is counted
("+3 more errors, see log") so a reader always knows more exists.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.context import SHOWN_LINE_CHARS, clip_line, context_lines
from terminus_edge.summarize.diagnostic_lines import diagnostic_lines, one_of_each_code_first  # noqa: F401 - callers import them here
from terminus_edge.summarize.facts.cut_run import CUT_PREFIX
from terminus_edge.summarize.facts.generic import BENIGN_RE, ERROR_RE
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.items import CODES, fact_items, grouped_items
from terminus_edge.summarize.normalize import fold_similar
from terminus_edge.summarize.omitted import FAILED, group_of, omitted_phrase, unnamed_failed
from terminus_edge.summarize.screen import ALTERNATE_LAST, REDRAWN
from terminus_edge.summarize.status import status_phrase
from terminus_edge.summarize.tokens import count_tokens

COUNT_ORDER = ("failed", "errors", "passed", "skipped", "xfailed", "xpassed", "deselected", "todo", "cancelled", "rerun", "warnings")
SINGULAR = {"errors": "error", "warnings": "warning"}


def counts_phrase(facts: Facts) -> str:
    counts = dict(facts.counts)
    if not counts:
        return ""
    tests = facts.count_unit == "tests"
    if tests and "failed" not in counts and ("passed" in counts or "total" in counts) and not facts.failures \
            and "passed" not in facts.counts_at_least:  # a cut run's "0 failed" would read as its result
        counts["failed"] = 0  # say "0 failed" explicitly: silence could be read either way
    parts = []
    floor = set(facts.counts_at_least)  # counted in a view of a large output: lower bounds, said so
    for key in COUNT_ORDER:
        if key == "failed" and tests and counts.get(key) == 0 and counts.get("errors"):
            continue  # "0 failed, 1 error" reads as a pass at a glance: the errors carry the result
        if key in counts and (counts[key] or key in ("failed", "errors") and tests or key == "errors" and not tests):
            n = counts[key]
            own = facts.count_words.get(key)  # the tool's word, in the plural: `failures`, `ignored`
            word = (own[:-1] if n == 1 and own.endswith("s") else own) if own else SINGULAR.get(key, key) if n == 1 else key
            parts.append(f"{'at least ' if key in floor else ''}{n} {word}")
    if not tests and "errors" not in counts and counts.get("warnings") and not _has_errors(facts):
        parts.insert(0, "0 errors")
    lead = ""
    if tests:
        total = counts.get("total")
        if total:
            lead = f"{'at least ' if 'total' in floor else ''}{total} {'test' if total == 1 else 'tests'}: "
        else:
            lead = "tests: " if total is None else "no tests ran: "
        if counts.get("passed") and not counts.get("failed") and not counts.get("errors") and total is None:
            passed = "the 1 test passed" if counts["passed"] == 1 else f"all {counts['passed']} tests passed"
            lead = f"{passed}; " if len(parts) <= 2 and "passed" not in floor else "tests: "
    at_least_collected = "at least " if "collected" in floor else ""
    if not parts and "collected" in counts:  # a run that ended before its summary: only the collection is known
        return f"{at_least_collected}{counts['collected']} tests collected"
    phrase = lead + ", ".join(parts)
    if "collected" in counts:
        phrase += f" (of {at_least_collected}{counts['collected']} collected)"
    return phrase


def _has_errors(facts: Facts) -> bool:
    """Errors the counts do not tally (a make recipe's crash beside a linter's warnings): no "0 errors" then."""
    said_error = any(ERROR_RE.search(text) and not BENIGN_RE.search(text) for text in facts.errors)  # not a tally of warnings
    return bool(said_error or facts.steps or facts.failures or facts.traceback or facts.missing)


def _pack(head: str, items: list[tuple[str, str]], budget: int, partial: bool = False,
          groups: list[str] | None = None, failed_count: int | None = None) -> tuple[str, set[int]]:
    """Head plus as many items as fit, and the indexes of the items shown. `partial`: the items come from a view
    of a large output, so those left out are a lower bound of what the log holds. `groups`: what each item is
    counted as when left out (omitted.NOUNS; by its kind when not given); `failed_count`: the tool's own tally
    of failed tests, which the failed tests named plus those said to be left out must reach."""
    out = [head]
    used = count_tokens(head)
    left: dict[str, int] = {}
    shown: set[int] = set()
    shown_error = False
    for i, (kind, text) in enumerate(items):
        cost = count_tokens(text) + 1
        if used + cost <= budget or (kind == "error" and not shown_error):
            out.append(text[:-1] if text.endswith(".") and not text.endswith("..") else text)  # items end with ";"
            used += cost
            shown.add(i)
            shown_error = shown_error or kind == "error"
        else:
            group = groups[i] if groups else group_of(kind)
            left[group] = left.get(group, 0) + 1
    if groups and not partial:
        named = sum(1 for i in shown if groups[i] == FAILED)
        left[FAILED] = unnamed_failed(left.get(FAILED, 0), named, failed_count)
    out.append(omitted_phrase(left, partial))
    return "; ".join(s for s in out if s), shown


def pack(head: str, items: list[tuple[str, str]], budget: int, partial: bool = False) -> str:
    """Head plus as many items as fit; the rest become '+N more …' so nothing vanishes unannounced."""
    return _pack(head, items, budget, partial)[0]


def pack_facts(head: str, facts: Facts, budget: int) -> str:
    """The facts within `budget`. The 'codes:' list is left out when every diagnostic is listed anyway;
    when they cannot all be listed it stays, and one diagnostic of each code (and the first failures of each
    reason) come before the rest."""
    failed = facts.counts.get("failed") if facts.count_unit == "tests" else None
    items = [item for item in grouped_items(facts) if item[0] != CODES]
    text, shown = _pack(head, [(kind, line) for kind, line, _, _ in items], budget, facts.partial,
                        [item[3] for item in items], failed)
    if all(i in shown for i, item in enumerate(items) if item[2]):
        return text
    items = grouped_items(facts, spread_codes=True)
    return _pack(head, [(kind, line) for kind, line, _, _ in items], budget, facts.partial, [item[3] for item in items], failed)[0]


def then(text: str, more: str) -> str:
    """`text. more`, without a second full stop when `text` already ends a sentence."""
    return f"{text} {more}" if text.endswith((".", "!", "?")) else f"{text}. {more}"


def verbatim(text: str) -> str:
    return "\n".join(clip_line(line) for line in fold_similar(text.splitlines()))


def head_phrase(facts) -> str:
    """The status, the counts and every other tool's tally: what opens a summary and is never cut."""
    head = status_phrase(facts)
    counts = counts_phrase(facts)
    if counts and not head.endswith(f"reports {counts}"):  # `exit code 0, but the output reports 5 errors` says it already
        head = f"{head}; {counts}"
    return "; ".join([head, *facts.tallies])  # counts are never left out: another tool's beside the tests' too


def compose_body(facts: Facts, text: str, gist: str | None, budget_tokens: int) -> str:
    """The Summary: text: facts first, then a little of the output's own words, then the gist.

    A short output passes verbatim (after the status line and counts) when that is shorter than the facts
    with the output lines they add.
    """
    head = head_phrase(facts)
    # The gist comes on top of the budget: a model sentence never pushes a fact or an output line out of the summary
    # (a gist of ~20 tokens had taken the place of make's "Target 'all' not remade because of errors").
    budget = max(budget_tokens, count_tokens(head) + 40)
    plain = verbatim(text).strip()
    if facts.full_screen and not facts.binary:
        head = f"{head}; {full_screen_phrase(facts.full_screen, bool(plain))}"
    elif not plain and not facts.binary:
        head = f"{head}; no output"
    body = pack_facts(head, facts, budget)
    if plain and not facts.binary:
        structured = bool(facts.counts or facts.failures or facts.diagnostics or facts.traceback or facts.conflicts)
        room = budget - count_tokens(body) - 4
        extra = context_lines(plain, body, min(room, 40) if structured else room)
        if extra:
            body = then(body, f"Output lines:\n{extra}")
        # Only a whole output passes verbatim: a view of a large one (head, tail, windows) is not what it printed, nor
        # is a cut line (a one-line JSON report shown as its first 240 characters) when the parsers read all of it.
        whole = text.count("\n") + 1 >= facts.n_lines and not (structured and _has_cut_line(text))
        compact = then(pack(head, _flags(fact_items(facts), plain), budget), f"Output:\n{plain}")
        if whole and count_tokens(compact) <= min(count_tokens(body), budget):
            body = compact
    if gist:
        body = f"{body}\n{gist}" if "\n" in body else then(body, gist)
    return body


# A count and the word it counts: `3 files`, `2 untracked`, `2 ok`; not a position (`a.py:3 x`), a version or an id.
COUNT_PHRASE_RE = re.compile(r"(?<![\w.:/×#@+-])(\d+) ([a-z][\w-]*)", re.I)


# Lines a diff adds or removes are counted, not seen: its `---` / `+++` lines may be content or headers.
CHANGED_LINES_RE = re.compile(r"(?<![\w.:/×#@+-])(?!1 )\d+ lines? (?:added|removed|changed|deleted|inserted)\b")


def _derived_count(text: str, said: str) -> bool:
    """`text` holds a count the output never prints in those words. One of a thing is seen at a glance in a
    short output, and its own size (`12 lines of output`) a reader sees too: those are not worth the tokens."""
    return any(
        n != "1" and word.lower() not in ("line", "lines") and f"{n} {word.lower()}" not in said
        for n, word in COUNT_PHRASE_RE.findall(text)
    ) or bool(CHANGED_LINES_RE.search(text))


def _has_cut_line(text: str) -> bool:
    return any(len(line) > SHOWN_LINE_CHARS for line in text.splitlines())


PAUSED_RE = re.compile(r"the [\w-]+ stopped: ")  # a git rebase / am paused for the user: its prompt says so only between the lines


def _flags(items: list[tuple[str, str]], plain: str = "") -> list[tuple[str, str]]:
    """The facts a raw output leaves implicit, kept even in verbatim mode: waiting for input, stopped early, no tests ran,
    counts the parsers derived that the output never prints as such (`3 files with conflicts` from three
    CONFLICT lines, `packages: 2 ok, 0 failed` over two `ok` lines). A count the output states in the same
    words (`2 failed, 5 passed`) is there for the reader already."""
    said = " ".join(plain.lower().split())
    return [
        (k, t) for k, t in items
        if t.startswith(("waiting for input", "stopped early", "binary output", CUT_PREFIX)) or PAUSED_RE.match(t)
        or t == "no tests ran" and t not in said  # `5 deselected` alone does not say it
        or k in ("info", "error") and _derived_count(t, said)
    ]


def full_screen_phrase(kind: str, kept_lines: bool) -> str:
    """What a summary says of a full-screen program's screens (screen.FULL_SCREEN_KINDS): the terminal showed them,
    so "no output" would be false, and they are not lines a reader can be told either."""
    if kind == REDRAWN:
        return "full-screen program (redrawn in place): only its last screen is kept as output"
    if kind == ALTERNATE_LAST and kept_lines:
        return "full-screen program left on the alternate screen: its last screen is kept as output"
    if kept_lines:
        return "full-screen program (alternate screen): its screens are not kept as line output"
    return "full-screen program (alternate screen): nothing kept as line output"


def compose_block(command: str, body: str, log_id: str | None) -> str:
    lines = [f"Command: {command}", f"Summary: {body}"]
    if log_id:
        lines.append(f"Log: {log_id}")
    return "\n".join(lines)
