"""What a command line does, in words a user can check before approving it, and its kind for the answer.

    describe(command, kind=None) -> Purpose(category, explanation, goal, steps)
    command_kind(command) -> "check" | "test" | "build" | "run"   (the kind the answer's verdict line reads)

Each simple command is classed by the program it runs: policy.rules' shell parser looks through `&&`,
`;`, pipes, redirections, heredocs, `$(…)` and wrappers (timeout, env, sudo, xargs). Never by words in
its arguments: `cat tests/test_unittest.py` reads a file, `pip install pytest` installs, `pytest
--version` shows a version. A sequence is described step by step ("…, then …"), a pipeline by its first
program and what it feeds, a redirection by the file it writes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from terminus_edge.policy.rules import parse, split_substitutions, strip_heredocs, unwrap_wrappers
from terminus_edge.subagent.purpose_programs import classify
from terminus_edge.subagent.purpose_text import GOALS, SHELLS, Step, join_names, quote_short

# Most telling first: the category a whole command line is filed under.
RANK = ("test", "check", "build", "install", "git-change", "file-change", "network", "process", "run", "help",
        "version", "search", "read", "list", "git-query", "info", "print", "setup")
_CHANGING = {"install", "git-change", "file-change", "network", "process", "run"}  # worth naming inside a pipeline
_KEYWORDS = {"do", "then", "else", "elif", "if", "while", "until", "!"}
MAX_DEPTH = 3  # `bash -c '…'` inside `sh -c '…'` …


@dataclass(frozen=True)
class Purpose:
    category: str  # one of RANK
    explanation: str  # one sentence for the user: what the command does
    goal: str  # what running it should establish
    steps: tuple[Step, ...] = ()


def describe(command: str, kind: str | None = None) -> Purpose:
    """kind: the planner's own reason for a step ("test", "build", "check") when it knows better than the
    command line, e.g. a compile-and-run of the project's test program; it only sets the goal."""
    steps = command_steps(command)
    if not steps:
        return Purpose("run", f"Run `{quote_short(command)}`.", GOALS["run"])
    main = min(steps, key=lambda s: RANK.index(s.category))
    text = join_steps(steps)
    goals = list(dict.fromkeys(s.goal for s in steps if s.goal))
    goal = GOALS[kind] if kind in ("test", "build", "check") else "; then ".join(goals[:3]) or GOALS["run"]
    return Purpose(main.category, text[:1].upper() + text[1:] + ".", goal, tuple(steps))


def command_kind(command: str) -> str:
    """'check' or 'test' when a step runs a checker or tests, 'build' when every step builds, else 'run'."""
    cats = [s.category for s in command_steps(command) if s.category != "setup"]
    for kind in ("check", "test"):
        if kind in cats:
            return kind
    return "build" if cats and all(c == "build" for c in cats) else "run"


def command_steps(command: str, depth: int = 0) -> list[Step]:
    """One Step per sequence element (a pipeline counts as one); unparsable text is one generic run step."""
    try:
        flat, _ = split_substitutions(strip_heredocs(command)[0])
        simples = parse(flat)
    except ValueError:
        return [Step("run", f"run `{quote_short(command)}`", GOALS["run"])] if command.strip() else []
    heredoc = "<<" in command
    steps: list[Step] = []
    pipeline: list[Step] = []
    for simple in simples:
        if not simple.pipe_in and pipeline:
            steps.append(_join_pipeline(pipeline))
            pipeline = []
        if simple.words and all(w in ("+", ";", "\\;") for w in simple.words):
            continue  # the end of `find … -exec cmd {} +`, split off by the parser
        step = _simple_step(simple, heredoc and not pipeline, depth)
        if step is not None:
            pipeline.append(step)
    if pipeline:
        steps.append(_join_pipeline(pipeline))
    return steps


def join_steps(steps: list[Step]) -> str:
    """"a, then b"; a loop header ("for each f in *.py:") leads straight into its body."""
    text = ""
    for step in steps:
        text += step.text if not text else (" " if text.endswith(":") else ", then ") + step.text
    return text


def _simple_step(simple, heredoc: bool, depth: int) -> Step | None:
    raw = simple.words
    targets = [t for t in simple.writes if t and not t.startswith("/dev/")]
    if not raw and targets:  # `> out.txt`
        return Step("file-change", f"empty {join_names(targets)} (creating it if missing)", GOALS["file-change"])
    while raw and raw[0] in _KEYWORDS:  # `do cmd`, `then cmd`, `if cmd`: the command after the keyword
        raw = raw[1:]
    if not raw or raw[0] in ("done", "fi", "esac"):
        return None
    if raw[0] in ("for", "select") and len(raw) > 1:
        items = raw[3:] if raw[2:3] == ["in"] else ["the arguments"]
        return Step("setup", f"for each {raw[1]} in {join_names(items)}:", name=raw[0])
    words, wrappers = unwrap_wrappers(raw)
    if "command" in wrappers and raw[raw.index("command") + 1:][:1] in (["-v"], ["-V"]):
        words, wrappers = ["which", *words], [w for w in wrappers if w != "command"]  # `command -v X` looks X up
    if not words and wrappers:  # `env`, `time` alone
        words = [wrappers.pop()]
    if not words:
        return None
    inner = _inline_script(words)
    if inner is not None and depth < MAX_DEPTH:
        nested = command_steps(inner, depth + 1)
        if nested:
            main = min(nested, key=lambda s: RANK.index(s.category))
            step = Step(main.category, join_steps(nested),
                        "; then ".join(dict.fromkeys(s.goal for s in nested if s.goal)))
        else:
            step = None
    else:
        step = classify(words, pipe_in=simple.pipe_in, heredoc=heredoc)
    if step is None:
        return None
    step = _with_writes(step, words, targets)
    return _with_wrappers(step, raw, wrappers)


def _inline_script(words: list[str]) -> str | None:
    """The script of `bash -c '…'` / `sh -ec '…'`."""
    if os.path.basename(words[0]) not in SHELLS:
        return None
    for i, word in enumerate(words[1:], 1):
        if word.startswith("-") and not word.startswith("--") and "c" in word[1:]:
            return words[i + 1] if i + 1 < len(words) else None
        if not word.startswith("-"):
            return None
    return None


def _with_writes(step: Step, words: list[str], targets: list[str]) -> Step:
    if not targets:
        return step
    where = join_names(targets)
    if step.category == "print" or (step.category == "read" and step.text.startswith("show the text that follows")):
        what = step.text.removeprefix("print ").removeprefix("show ")
        return replace(step, category="file-change", text=f"write {what} to {where}", goal=GOALS["file-change"])
    if step.category in ("read", "list", "search", "info", "git-query", "version", "help", "setup"):
        return replace(step, category="file-change", goal=GOALS["file-change"],
                       text=f"write the output of `{quote_short(' '.join(words))}` to {where}")
    return replace(step, text=f"{step.text}, writing its output to {where}")


def _with_wrappers(step: Step, raw: list[str], wrappers: list[str]) -> Step:
    text = step.text
    if "timeout" in wrappers:
        limit = _timeout_limit(raw)
        if limit:
            text += f" (stopped if still running after {limit})"
    if set(wrappers) & {"sudo", "doas"}:
        text += " as root"
    if "xargs" in wrappers:
        text += ", once per batch of names its input gives"
    return replace(step, text=text)


def _timeout_limit(raw: list[str]) -> str | None:
    """'60 s' from `timeout -k 5 60 …` (the duration after timeout's own options)."""
    words = raw[raw.index("timeout") + 1:] if "timeout" in raw else []
    while words and words[0].startswith("-"):
        words = words[2:] if words[0] in ("-k", "-s", "--signal", "--kill-after") else words[1:]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", words[0]) if words else None
    if not match:
        return None
    unit = {"": "s", "s": "s", "m": "min", "h": "h", "d": "days"}[match.group(2)]
    return f"{match.group(1)} {unit}"


def _join_pipeline(stages: list[Step]) -> Step:
    """A pipeline reads as its first program; later programs are named, and described when they change things."""
    first, rest = stages[0], stages[1:]
    if not rest:
        return first
    parts = [first.text]
    category, goals = first.category, [first.goal]
    passive = [s.name for s in rest if s.category not in _CHANGING]
    if passive:
        parts.append(f"filtered through {join_names(passive, code=True)}")
    for stage in rest:
        if stage.category in _CHANGING:
            parts.append(f"fed into `{stage.name}` to {stage.text}")
            goals.append(stage.goal)
            category = min((category, stage.category), key=RANK.index)
    return Step(category, ", ".join(parts), "; then ".join(dict.fromkeys(g for g in goals if g)), first.name)
