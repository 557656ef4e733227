"""The status line a summary opens with: the exit code and what it means.

"succeeded" is said only for exit 0 with nothing in the output saying otherwise; an exit status 128+N names
signal N the way a shell reports a child killed by it.
"""

from __future__ import annotations

import re
import signal

from terminus_edge.signal_exit import SIGNAL_EXIT_BASE
from terminus_edge.summarize.facts.types import Facts


def status_phrase(facts: Facts) -> str:
    code = facts.exit_code
    if facts.timed_out:
        return f"timed out (exit code {code})" if code is not None else "timed out"
    if code is None:
        return "exit code unknown"
    if code == 0:
        problems = problems_despite_exit_0(facts)
        return f"exit code 0, but {problems}" if problems else "succeeded (exit code 0)"
    return f"exit code {code}{signal_note(code)}"


def _at_least(facts: Facts, key: str) -> str:
    """"at least " for a count made in a view of a large output: the tool's own tally or a lower bound."""
    if facts.counts.get(key):
        return "at least " if key in facts.counts_at_least else ""
    return "at least " if facts.partial else ""  # counted from the listed failures / diagnostics of that view


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# An error stated as one: `error: …`, `fatal: …`, `[error]`, `ERROR …`, `npm ERR!`, `ValueError: …`, `make: *** …`; not the word
# anywhere (`"error": null`, `on_error: retry`, `RAISE_ON_ERROR=false`, `log_level: error`).
ERROR_STATEMENT_RE = re.compile(
    r"^\W{0,3}(?:[\w./@-]+(?: \d+)?:[ \t]*)*(?i:error|fatal|critical|panic)\b[ \t]*[:!\]]"
    r"|(?<![\w-])(?:ERROR|FATAL|CRITICAL|ERR!)(?![\w-])"
    r"|\b[A-Z]\w*(?:Error|Exception)\b:"
    r"|^[\w.-]+(?:\[\d+\])?: \*\*\* "  # make marks its errors with `***` (`make[1]: *** [all] Error 2`, `*** No rule …`)
    r"|^exception (?:error|exit|throw): "  # an uncaught Erlang exception, as facts.erlang states it
)
PACKAGE_MANAGERS = {"pip", "npm"}  # fact families whose conflicts are between package versions


def problems_despite_exit_0(facts: Facts) -> str:
    """What went wrong although the exit code says success ("" when nothing did): a prompt nobody answered
    (`rm -i` with stdin closed), dependency conflicts pip reports before exiting 0, failures, error-level
    diagnostics, lines that state an error, a printed traceback. Any of them takes the word "succeeded" away."""
    said = []
    if facts.waiting_for_input:
        said.append("a prompt went unanswered")
    if facts.stopped_early:
        said.append("the run stopped early")
    reported = []
    failed = facts.counts.get("failed") or len(facts.failures)
    if failed:
        reported.append(_at_least(facts, "failed") + _n(failed, "failure"))
    errors = facts.counts.get("errors") or sum(d.severity == "error" for d in facts.diagnostics)
    if errors:
        reported.append(_at_least(facts, "errors") + _n(errors, "error"))
    if facts.conflicts:
        kind = "dependency conflict" if set(facts.tools) & PACKAGE_MANAGERS else "conflict"
        reported.append(_n(len(facts.conflicts), kind))
    if facts.missing:
        reported.append(f"missing {facts.missing[0]}" if len(facts.missing) == 1 else f"{len(facts.missing)} missing items")
    # Only when nothing more specific was found (pip's conflicts come with an ERROR: line of their own), and only
    # for lines that state an error: the fallback's error-like lines include `"error": null` and `on_error: retry`.
    if not reported and any(ERROR_STATEMENT_RE.search(line) for line in facts.errors):
        reported.append("errors")
    elif not reported and facts.steps:
        reported.append(_n(len(facts.steps), "failed step"))
    elif not reported and facts.traceback:
        reported.append(f"a traceback ({facts.traceback.exc_type})")
    if reported:
        said.append("the output reports " + (", ".join(reported[:-1]) + " and " + reported[-1] if len(reported) > 1 else reported[0]))
    return " and ".join(said)


STOP_SIGNALS = ("SIGTSTP", "SIGSTOP", "SIGTTIN", "SIGTTOU")  # 128+N for these means stopped, not killed


def signal_note(code: int) -> str:
    """' (128+9: by shell convention, killed by SIGKILL — …)' for an exit status in 129..159; '' otherwise."""
    number = code - SIGNAL_EXIT_BASE
    if not 1 <= number <= 31:
        return ""
    try:
        name = signal.Signals(number).name
    except ValueError:  # a number this platform has no signal for
        return ""
    if name in STOP_SIGNALS:  # the job was suspended (Ctrl-Z, a background read), not ended
        return f" ({SIGNAL_EXIT_BASE}+{number}: by shell convention, stopped by {name} — suspended, not ended)"
    if name == "SIGKILL":
        why = " — the OOM killer or `kill -9` are common causes"
    else:
        description = (signal.strsignal(number) or "").split(":")[0].strip().lower()
        why = f" — {description}" if description and not description.startswith("unknown signal") else ""
    return f" ({SIGNAL_EXIT_BASE}+{number}: by shell convention, killed by {name}{why})"
