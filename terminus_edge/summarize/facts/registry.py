"""Pick the parsers for a command's output (by its command line and by the output itself) and merge their facts."""

from __future__ import annotations

import re
from types import ModuleType

from terminus_edge import shell_words
from terminus_edge.summarize.facts import (
    ansible, automake, azurepipelines, bandit, behave, benchmark, buildkit, bundler, buntest, busted, cargo, cc, checkstyle, composer, coverage, cspell, ctest, doctest, dotnet, eslint, erlang, exunit, faulthandler, findings, flawfinder, formatcheck, gdb, generic, git, gnu, golang,
    haskell, hlint, hstest, httplog, importlinter, interchange, java, jenkins, jest, jslinters, jsondoc, jsontests, jsrunners, jsonreport, jvm_build, listing, lintr, lizard, luacheck, mesontest, migrations, minitest, mkdocs, mypy, nodejs, nodetest, npm, ocaml, perlcritic, phpcs, phpmd, phpunit, pip,
    precommit, prompt, psql, publint, pydocstyle, pyprofile, pytest, pytraceback, rcheck, robot, rspec, rubocop, ruff, rulecodes, sbcl, scriptrunners, semgrep, shellcheck, snippets, sphinx, sqlfluff, strace, testthat, toxnox, tsc,
    unittest, unidiff, valgrind, zig,
)
from terminus_edge.summarize.facts import cut_run
from terminus_edge.summarize.facts.bounds import exact_located, lower_bounds, mark_derived_counts
from terminus_edge.summarize.facts.command_match import names_program
from terminus_edge.summarize.facts.types import Facts, other_units, tally_line
from terminus_edge.summarize.located import count_located
from terminus_edge.summarize.prefixes import NOISE_KINDS, process_streams, strip_line_prefixes
from terminus_edge.summarize.window import LARGE_OUTPUT, view_of_text

# Order matters only for ties: the more specific family first (pytest before unittest before plain python).
FAMILIES: tuple[ModuleType, ...] = (
    pytest, unittest, doctest, minitest, rspec, phpunit, robot, exunit, buntest, busted, zig, behave, benchmark, ctest, mesontest, automake, testthat, toxnox, mypy, ruff, pydocstyle, pip, cargo, tsc, eslint,
    jslinters, jsonreport, jsontests, interchange, jsondoc, jest, jsrunners, nodetest, bundler, composer, npm, checkstyle, jvm_build, java, ocaml, golang, dotnet, formatcheck, shellcheck, rubocop, perlcritic, phpcs, phpmd, lintr, bandit, flawfinder, cspell, semgrep, precommit, sphinx, mkdocs, sbcl,
    haskell, hlint, hstest, importlinter, jenkins, buildkit, azurepipelines, scriptrunners, lizard, publint, valgrind, gdb, erlang, ansible, sqlfluff, psql, migrations, luacheck, cc, git, unidiff, strace, httplog, listing, pyprofile, pytraceback, faulthandler, nodejs,
    rcheck, coverage, snippets, rulecodes, gnu, findings,
)
# Layouts many tools share, read only when no tool's own parser read the diagnostics (pylint's rows look like pymarkdown's).
FALLBACK_DIAGNOSTICS = (snippets, rulecodes, gnu, findings)
TIMEOUT_EXIT_CODES = {124}  # what coreutils `timeout` returns when the time ran out
PLACE_RE = re.compile(r"(?<![^\s:'\"(\[])[^\s:'\"(\[]+:\d+")  # `src/a.c:9` in `src/a.c:9:12: warning: ...`
# Families whose facts are counts over every line (listings, access logs, commit logs) read the whole text;
# the others read the bounded view of a large output (head, tail, windows around errors; see window.py).
FULL_TEXT_FAMILIES = {"listing", "http-log", "git", "json-report", "json-tests", "ci-annotations", "diff", "strace"}


def needs_full_text(command: str, head: str) -> bool:
    """Whether a counting parser will read this output (chosen by the command line or by the output's start)."""
    words = _command_words(command)
    return any(
        family.NAME in FULL_TEXT_FAMILIES and (names_program(family.COMMAND_RE, words) or family.OUTPUT_RE.search(head))
        for family in FAMILIES
    )


def _command_words(command: str) -> str:
    """Drop env assignments, sudo/time/timeout wrappers so `timeout 30 pytest` is seen as pytest."""
    return re.sub(r"(?:^|(?<=[;&|]\s))\s*(?:\w+=\S+\s+|sudo\s+|time\s+|timeout\s+(?:-\w+\s+)*[\d.]+[smh]?\s+|nice\s+)+", "", command.strip())


# Wrappers in front of the real command, with their options that take a value (`sudo -u ci`, `nice -n 10`).
WRAPPERS = {
    "sudo": {"-u", "-g", "-p", "-C", "-D", "-h", "-r", "-t", "-U", "-T", "--user", "--group", "--chdir", "--prompt"},
    "doas": {"-u", "-C"}, "env": {"-u", "-C", "-S", "--unset", "--chdir"}, "nice": {"-n", "--adjustment"},
    "ionice": {"-c", "-n", "-p"}, "time": {"-f", "-o", "--format", "--output"}, "stdbuf": {"-i", "-o", "-e"},
    "nohup": set(), "command": set(), "exec": {"-a"}, "xargs": {"-n", "-I", "-P", "-L", "-d", "-a", "-s", "-E"},
}
TIMEOUT_PROGRAMS = {"timeout", "gtimeout"}  # gtimeout: coreutils' name on macOS (Homebrew)
SHELLS = {"sh", "bash", "dash", "zsh", "ksh"}
# The output saying it ran out of time: `timeout -v`'s own line, `timed out`, `deadline exceeded`, `time limit exceeded`.
TIMED_OUT_SAID_RE = re.compile(
    r"\btimed[ -]?out\b|^g?timeout: sending signal\b|\bdeadline exceeded\b|\btime ?limit (?:exceeded|reached)\b", re.I | re.M)


def ran_under_timeout(command: str) -> bool:
    """Whether a simple command of `command` runs under coreutils `timeout` (after env assignments and wrappers
    such as sudo/env/nice, inside `bash -c '…'` too): its exit 124 then says the time ran out. Not with
    `--preserve-status`, where `timeout` exits with the command's own status instead."""
    for words in _simple_commands(command):
        words = _unwrapped(words)
        if not words:
            continue
        program = words[0].rsplit("/", 1)[-1]
        if program in TIMEOUT_PROGRAMS and "--preserve-status" not in words[1:]:
            return True
        script = next((words[i + 1] for i, w in enumerate(words[1:-1], 1) if re.fullmatch(r"-[a-z]*c[a-z]*", w)), None)
        if program in SHELLS and script is not None and ran_under_timeout(script):
            return True  # bash -c 'timeout 5 make', bash -lc '…'
    return False


def says_timed_out(text: str) -> bool:
    return bool(TIMED_OUT_SAID_RE.search(text[-2000:]))


def _simple_commands(command: str) -> list[list[str]]:
    out, current = [], []
    for token in shell_words.tokens_or_rough(command) + [";"]:
        if set(token) <= set("|&;()<>"):
            if current:
                out.append(current)
            current = []
        else:
            current.append(token)
    return out


def _unwrapped(words: list[str]) -> list[str]:
    """The words from the real command on: env assignments, wrappers and the wrappers' options dropped."""
    i, takes_value = 0, None
    while i < len(words):
        word = words[i]
        name = word.rsplit("/", 1)[-1]
        if re.match(r"[A-Za-z_]\w*=", word):
            i += 1
        elif name in WRAPPERS:
            takes_value = WRAPPERS[name]
            i += 1
        elif takes_value is not None and word.startswith("-") and len(word) > 1:
            i += 2 if word in takes_value else 1
        else:
            return words[i:]
    return []


_FREE_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9])\d+(?![xX][0-9a-fA-F])")  # a hex literal's `0x` stays
DETECTION_DEDUPE_AT = 16_384  # characters; below this, every family's signature is searched in the text itself


def detection_text(text: str) -> str:
    """What the families' OUTPUT_RE signatures are searched in: for a large output, its distinct lines once free-
    standing numbers are made uniform (each digit becomes 1, so `\\d{3}` and `[1-5]` still match; numbers glued to
    letters, as in `collect2` or `E0308`, are kept). A log whose thousands of lines differ only in their numbers
    becomes a few hundred lines, and 25 signature searches over it cost ~1 ms instead of ~35."""
    if len(text) < DETECTION_DEDUPE_AT:
        return text
    uniform = _FREE_NUMBER_RE.sub(lambda m: "1" * len(m.group()), text)
    return "\n".join(dict.fromkeys(uniform.splitlines()))


def select_families(command: str, text: str) -> list[ModuleType]:
    words = _command_words(command)
    chosen = [family for family in FAMILIES if names_program(family.COMMAND_RE, words)]
    probe = detection_text(text)
    chosen += [family for family in FAMILIES if family not in chosen and family.OUTPUT_RE.search(probe)]
    return chosen


def _told_by_a_diagnostic(traceback, facts: Facts) -> bool:
    """A traceback a tool's own message already quotes (Sphinx's autodoc warning ends with the exception it caught)."""
    said = f"{traceback.exc_type}: {traceback.message}"
    return bool(traceback.message) and any(said in d.message for d in facts.diagnostics)


def extract_facts(
    command: str, text: str, exit_code: int | None, *, timed_out: bool = False, waiting_for_input: bool = False,
    full_text: str | None = None, partial: bool = False, located: dict[str, int] | None = None, prefixed: str | None = None,
) -> Facts:
    """All facts about one command's normalized output. Never raises on odd input: a parser bug loses only its facts.

    `text` may be the whole output or a bounded view of it (window.read_output); `full_text`, when given,
    is the whole output for the parsers that count every line. A large `text` is viewed here the same way.
    `partial` says `text` is such a view: then a count a parser made by counting its lines is a lower bound, unless
    it counted located diagnostics, which `located` (window.count_located over the whole output) holds exactly.
    A wrapper's prefix on each line (a CI log's columns, timestamps, the name of the process that printed it) is
    taken off first (prefixes.py); `prefixed`, when the caller did that, is its text with the process names still on,
    which the runners of several commands read (READS_PREFIXES).
    """
    if prefixed is None:
        prefixed = strip_line_prefixes(text, NOISE_KINDS)
        text = strip_line_prefixes(prefixed)
        full_text = strip_line_prefixes(full_text) if full_text is not None else None
    # The caller says timed_out when our capture stopped the command at its deadline; 124 alone is only a number
    # (any script may exit 124): it means a timeout under a `timeout` wrapper or when the output says so.
    timed_out = timed_out or exit_code in TIMEOUT_EXIT_CODES and (ran_under_timeout(command) or says_timed_out(text))
    facts = Facts(exit_code=exit_code, timed_out=timed_out, n_lines=text.count("\n") + 1 if text else 0)
    if len(text) > LARGE_OUTPUT:
        full_text = full_text if full_text is not None else text
        located = count_located(text)
        prefixed = view_of_text(prefixed) if prefixed is not text else None
        text = view_of_text(text)
        prefixed = text if prefixed is None else prefixed
        partial = True
    whole = full_text if full_text is not None else text
    families = select_families(command, text)
    if prefixed is not text:
        families += [f for f in select_families(command, prefixed) if f not in families and getattr(f, "READS_PREFIXES", False)]
    view_lower = None
    for family in families:
        if family in (pytraceback, nodejs) and facts.failures:
            continue  # a test runner already reported each traceback with its test
        if family in FALLBACK_DIAGNOSTICS and facts.diagnostics:
            continue  # the tool's own parser read its diagnostics
        if family is findings and (facts.failures or facts.traceback):
            continue  # a test runner's `tests/test_a.py:4: AssertionError` is no finding of its own
        try:
            own = prefixed if getattr(family, "READS_PREFIXES", False) else text
            part = family.parse(whole if family.NAME in FULL_TEXT_FAMILIES else own)
        except Exception as error:  # noqa: BLE001 - one bad parser must not cost the summary
            facts.highlights.append(f"({family.NAME} parser failed: {type(error).__name__})")
            continue
        if _has_content(part) or names_program(family.COMMAND_RE, _command_words(command)):
            if partial and not (family.NAME in FULL_TEXT_FAMILIES and full_text is not None):
                part.partial, part.counts_at_least = True, lower_bounds(part.counts, text)
                exact_located(part, text, located)
                view_lower = view_lower if view_lower is not None else text.lower()
                part.highlights = [mark_derived_counts(h, view_lower) for h in part.highlights]
            if family is pytraceback and part.traceback and _told_by_a_diagnostic(part.traceback, facts):
                part.traceback = None
            facts.merge(part)
    if prefixed is not text and not partial:
        _read_each_process(prefixed, facts)
    if not facts.tools or not _has_content(facts) or (facts.failed and not _explains_failure(facts)):
        facts.merge(_unstated(generic.parse(text, partial=partial), facts))
    facts.partial = facts.partial or partial
    cut_run.apply(facts, text)
    waiting = prompt.parse(text[-4000:], timed_out=timed_out)
    facts.merge(waiting)
    facts.waiting_for_input = facts.waiting_for_input or waiting_for_input
    return facts


def _read_each_process(prefixed: str, facts: Facts) -> None:
    """What each of several processes printed, read as its own output: one tool's report must not hide what another
    printed between its lines (a bundler's error among a type checker's diagnostics under `run-p`)."""
    totals: dict[str, list[int]] = {}
    tallies = []
    for process, stream in process_streams(prefixed).items():
        own = extract_facts("", stream, None, prefixed=stream)
        for name in ("failures", "diagnostics", "missing", "errors"):
            _extend_unique_facts(facts, own, name)
        if own.traceback and not facts.traceback:
            facts.traceback = own.traceback
        if own.counts.keys() & {"errors", "warnings"}:
            tallies.append(tally_line(own, process))
        if other_units(facts, own):
            continue  # a linter's tally beside the tests' is said apart (Facts.merge), not summed into them
        for key, value in own.counts.items():
            totals.setdefault(key, []).append(value)
    summed = [key for key, values in totals.items() if len(values) > 1]
    for key in summed:  # two processes' tallies (tsc's 1 error, eslint's 4) are one sum, not the first
        facts.counts[key] = sum(totals[key])
    if summed and len(totals.get("total", ())) == 1:  # one runner's total is not the sum's (jest's 70 beside pytest's 15)
        del facts.counts["total"]
    if {"errors", "warnings"} & set(summed) or facts.tallies:  # each one's own, as it printed it: read from the
        facts.tallies = tallies  # whole text, `Found 50 errors` (mypy's) had read as tsc's too


def _extend_unique_facts(facts: Facts, own: Facts, name: str) -> None:
    merged = Facts()
    setattr(merged, name, list(getattr(own, name)))
    facts.merge(merged)


def _has_content(facts: Facts) -> bool:
    return bool(
        facts.counts or facts.failures or facts.diagnostics or facts.traceback or facts.missing
        or facts.conflicts or facts.errors or facts.steps or facts.highlights
    )


def _explains_failure(facts: Facts) -> bool:
    """Whether the facts say why the command failed. Findings below error level (warnings, info, conventions)
    do not count: they may be why a linter exits 1, but a crash after them must still be found, so the
    fallback runs and keeps only what they do not already say (see `_unstated`)."""
    return bool(
        facts.failures or facts.traceback or facts.missing or facts.conflicts or facts.errors  # a failed step says what, not why
        or any(d.severity == "error" for d in facts.diagnostics) or facts.counts.get("failed") or facts.counts.get("errors")
    )


def _restates(line: str, places: set[str], messages: list[str]) -> bool:
    """`src/a.c:9:12: warning: unused variable 'buf'` restates the finding at a.c:9 with that message."""
    lower = line.lower()
    at = {m.group(0) for m in PLACE_RE.finditer(lower)}
    return bool(at & places) or any(message in lower for message in messages)


def _unstated(fallback: Facts, facts: Facts) -> Facts:
    """The generic fallback's lines, less those that restate a finding a parser already read: a non-zero exit
    caused by warnings alone (shellcheck, `--max-warnings`, pylint's conventions) must not list them twice."""
    if not facts.diagnostics:
        return fallback
    # a line at a warning's place that does not repeat it is news (`raised CONSTRAINT_ERROR : idx.adb:8 range check
    # failed` after gnat's compile-time warning at idx.adb:8): only an error's place makes a line a restatement
    places = {f"{d.file.lower()}:{d.line}" for d in facts.diagnostics if d.file and d.line is not None and d.severity == "error"}
    messages = [d.message.lower().rstrip(".")[:80] for d in facts.diagnostics if len(d.message) >= 12]
    errors = [line for line in fallback.errors if not _restates(line, places, messages)]
    dropped = len(fallback.errors) - len(errors)
    fallback.errors = errors
    fallback.highlights = [
        line for line in fallback.highlights
        if not _restates(line, places, messages) and not (dropped and line.endswith(("error-like lines in all", "error-like lines (in the lines read)")))
        # a parser counted the warnings: the fallback's count of lines that look like warnings only contradicts it
        and not ("warnings" in facts.counts and line.endswith(("warnings in all", "distinct warnings (in the lines read)")))
    ]
    return fallback
