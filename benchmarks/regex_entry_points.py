"""The public entry points the regex sweep drives (summarize without a model and with a scripted one, extract_facts on
the text as is, redact, learn_secrets, the streaming redactor, input_wait, policy) on storms for every command family,
and WORST_CASES: the worst samples found, each through the entry point that reaches its pattern."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .regex_samples import STORM_CHARS, STORMS, Sample
from .regex_timing import HANG_S, RATIO, timed

COMMANDS = ("pip install x", "npm install", "pytest", "cargo build", "dotnet build", "go test ./...", "node --test",
            "npx jest", "npx vitest", "mvn test", "npx tsc", "npx eslint .", "mypy .", "ruff check", "gcc -c a.c",
            "shellcheck a.sh", "git status", "python a.py", "foo")


def entry_points() -> dict[str, Callable[[str, str], object]]:
    from terminus_edge import input_wait
    from terminus_edge.model import FakeModel
    from terminus_edge.policy import decide
    from terminus_edge.redact import learn_secrets, redact, redact_lines
    from terminus_edge.summarize import summarize
    from terminus_edge.summarize.facts import extract_facts

    def gist(messages):
        return "The command failed with error: boom. It printed 3 warnings in src/a.c:1 and exited with code 1."

    return {
        "summarize": lambda command, text: summarize(command, text.encode(), 1),
        "summarize+model": lambda command, text: summarize(command, text.encode(), 1, model=FakeModel(gist)),
        "extract_facts": lambda command, text: extract_facts(command, text, 1),
        "redact": lambda command, text: redact(text, command=command),
        "learn_secrets": lambda command, text: learn_secrets(text, command=command),
        "redact_lines": lambda command, text: sum(1 for _ in redact_lines(text.splitlines(True), command=command)),
        "input_wait": lambda command, text: (input_wait.ends_at_prompt(text), input_wait.prompt_loop(text)),
        "policy": lambda command, text: decide(text, cwd=Path.cwd(), config={}, unattended=True),  # text as a command
    }


# The worst cases the sweep found, each through the entry point that reaches its pattern (the commit that fixed the
# pattern names it): (entry, command, storm, characters). At that size each took 7 s to minutes before its fix and
# takes well under 0.5 s after it. (The guard's and context's patterns are reached only through 16 KB-capped lines:
# tests/test_regex_stress.py times them directly.)
WORST_CASES = (
    ("summarize", "git merge topic", Sample("git CONFLICT_RE: 'CONFLICT (' lines", "CONFLICT (\n"), 256_000),
    ("extract_facts", "gcc -c a.c", Sample("cc UNDEFINED_RE: ':(' repeated", ":(", suffix="!\n"), 200_000),
    ("extract_facts", "gcc -c a.c", Sample("cc LD_FAIL_RE: 'ld' repeated", "ld", suffix="!\n"), 128_000),
    ("extract_facts", "npx esbuild app.js", Sample("bundler ESBUILD_RE: blanks after the level", " ", prefix="\u2718 [ERROR] ", suffix="!\n"), 64_000),
    ("extract_facts", "npx webpack", Sample("bundler: webpack count digits", "0", prefix="webpack 5.1.0 compiled with ", suffix=" in 3 ms\n"), 64_000),
    ("extract_facts", "npx jest", Sample("jest AT_RE: path run after 'at '", ".", prefix="  \u25cf t \u203a x\n\n    Error: boom\n\n      at ", suffix="!\n"), 64_000),
    ("extract_facts", "mvn test", Sample("jvm_build SUREFIRE_HEAD_RE: blanks after [ERROR]", " ", prefix="[ERROR] ", suffix="!\n"), 64_000),
    ("extract_facts", "pip install x", Sample("pip CONFLICT_RE: version digits", "0", prefix="a ", suffix="!\n"), 64_000),
    ("extract_facts", "pip install x", Sample("pip: Requires-Python word", "a", suffix="!\n",
                                              prefix="ERROR: Ignored the following versions that require a different python version: "), 64_000),
    ("redact", "cat notes", Sample("redact _PHRASE: blanks after 'passphrase'", " ", prefix="passphrase", suffix="!\n"), 64_000),
    ("redact_lines", "cat notes", Sample("redact_lines _NAME_FIELD: a line of spaces", " ", suffix="- name: x!\n"), 64_000),
    ("policy", "", Sample("policy_checks: host:path operand", "a", prefix="cp x ", suffix="!"), 128_000),
)


def run_worst_case(entry: str, command: str, storm: Sample, size: int, limit_s: float = HANG_S) -> float:
    """Seconds one worst case takes through its entry point (inf past limit_s)."""
    fn = entry_points()[entry]
    text = storm.build(size)
    return timed(lambda: fn(command, text), limit_s)


BY_COMMAND = ("summarize", "summarize+model", "extract_facts")  # the others read the text alike for any command


def sweep_entry_points(size: int = STORM_CHARS, budget: float = 10.0, storms=STORMS, commands=COMMANDS,
                       names: tuple[str, ...] | None = None, on_row=None) -> list[dict]:
    rows = []
    for name, fn in entry_points().items():
        if names and name not in names:
            continue
        for storm in storms:
            small, large = storm.build(size), storm.build(4 * size)
            for command in commands if name in BY_COMMAND else commands[-1:]:
                t_n = timed(lambda: fn(command, small), budget)
                t_4n = timed(lambda: fn(command, large), budget) if t_n != float("inf") else t_n
                row = {"entry": name, "storm": storm.name, "command": command, "t_n": t_n, "t_4n": t_4n,
                       "flagged": t_4n == float("inf") or (t_4n > 0.2 and t_4n > RATIO * t_n)}
                if row["flagged"] and t_4n != float("inf"):  # confirm once more before reporting
                    t_n, t_4n = timed(lambda: fn(command, small), budget), timed(lambda: fn(command, large), budget)
                    row.update(t_n=t_n, t_4n=t_4n, flagged=t_4n == float("inf") or (t_4n > 0.2 and t_4n > RATIO * t_n))
                rows.append(row)
                if on_row:
                    on_row(row)
    return rows
