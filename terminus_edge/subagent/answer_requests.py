"""Answer sentences for what the request asked beyond pass/fail, read off the records only.

    lead_lines(query, records) -> [str]      "Reproduced: …", "Not run, as the request asks …"
    repetition_report(records) -> str       the same command run N times: which runs and which tests failed
    flaky_line(query, records) -> str       for "which tests are flaky?": the tests whose result changed between runs
    flag_report(query, records) -> str      whether the program accepted the option the request asks about
    repeated_duplicates(records) -> set[int]  indexes of repeated runs whose block would only repeat an earlier one
    status_tally(record) -> str             a status listing counted by its status column ("2 applied, 2 PENDING")
    version_report(query, records) -> str   the installed version of the package the request asks about
"""

from __future__ import annotations

import re

from terminus_edge.subagent.intent import (asked_flags, asked_package, asks_flaky, asks_nothing_to_run, asks_reproduce,
                                           no_run)
from terminus_edge.subagent.records import CommandRecord

_MAIN_KINDS = ("build", "test", "run", "check")
_REJECTED = [r"unrecognized arguments?:[^\n]*{f}", r"unknown (?:option|flag|argument|switch)[^\n]{{0,20}}{f}",
             r"no such option:?\s*{f}", r"unexpected argument [`'‘\"]?{f}", r"(?:invalid|illegal|unrecognized) option"
             r"[^\n]{{0,10}}{f}", r"{f}[`'’\"]?:? (?:is )?(?:not a valid|unknown|unrecognized|not recognized)"]


NOTHING_TO_RUN = ("No command was run: the request names no command or check to run and asks nothing about the project. "
                  "I run terminal commands in the project and report what they print: name a command (in backticks), "
                  "or ask me to run the tests, build it, lint it, run the program with some options, check an "
                  "installed version, or reproduce a failure.")


def lead_lines(query: str, records: list[CommandRecord]) -> list[str]:
    if not records and asks_nothing_to_run(query):
        return [NOTHING_TO_RUN]
    lines = []
    if no_run(query):
        shown = [r for r in records if r.kind == "preview" and not r.refused]
        refused = [r for r in records if r.refused and "request says not to run" in r.refused]
        if shown:
            lines.append("Not run, as the request asks: " + "; ".join(
                f"`{r.command}` shows what it would do instead" for r in shown) + ".")
        elif refused or not records:
            lines.append("Nothing the request says not to run was run.")
    main = next((r for r in records if r.kind in _MAIN_KINDS and not r.refused), None)
    if main is not None and asks_reproduce(query):
        if main.failed:
            lines.append(f"Reproduced: `{main.command}` fails (exit code {main.exit_code}).")
        else:
            lines.append(f"Did not reproduce: `{main.command}` exited with code {main.exit_code}.")
    return lines


def _failing_names(record: CommandRecord) -> set[str]:
    return {str(f.get("name")) for f in (record.facts or {}).get("failures") or [] if f.get("name")}


def _runs(numbers: list[int]) -> str:
    """[2, 3, 4, 5] -> 'runs 2-5'; [1] -> 'run 1'; [1, 3] -> 'runs 1, 3'."""
    if len(numbers) == 1:
        return f"run {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"runs {numbers[0]}-{numbers[-1]}"
    return "runs " + ", ".join(map(str, numbers))


def _groups(records: list[CommandRecord]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        if not record.refused:
            groups.setdefault(record.command, []).append(i)
    return {c: idx for c, idx in groups.items() if len(idx) >= 2}


def repetition_report(records: list[CommandRecord]) -> str:
    sentences = []
    for command, indexes in _groups(records).items():
        runs = [records[i] for i in indexes]
        n = len(runs)
        failed = [k + 1 for k, r in enumerate(runs) if r.failed]
        passed = [k + 1 for k, r in enumerate(runs) if not r.failed]
        if not failed:
            how = "passed" if runs[0].kind == "test" else "exited with code 0"
            sentences.append(f"Ran `{command}` {n} times: it {how} every time.{_output_changes(runs)}")
            continue
        if not passed:
            text = f"Ran `{command}` {n} times: it failed every time."
        else:
            text = (f"Ran `{command}` {n} times: it passed in {_runs(passed)} and failed in {_runs(failed)} "
                    f"({len(failed)} of {n}), so the result changes from run to run.")
        names: dict[str, list[int]] = {}
        for k, record in enumerate(runs, 1):
            for name in sorted(_failing_names(record)):
                names.setdefault(name, []).append(k)
        for name, where in names.items():
            steady = "every run" if len(where) == n else f"{_runs(where)} ({len(where)} of {n})"
            text += f" {name} failed in {steady}" + ("." if len(where) == n else ", passed in the others.")
        totals = [((r.facts or {}).get("counts") or {}).get("total") for r in runs]
        total = max((t for t in totals if isinstance(t, int)), default=None)
        if names and total and total > len(names):
            others = total - len(names)
            text += f" The other {others} test{'s' * (others != 1)} passed in every run."
        sentences.append(text)
    return " ".join(sentences)


def flaky_line(query: str, records: list[CommandRecord]) -> str:
    """The tests that passed in some runs of the same test command and failed in others (a test failing in every run is
    broken, not flaky)."""
    if not asks_flaky(query):
        return ""
    for command, indexes in _groups(records).items():
        runs = [records[i] for i in indexes]
        if runs[0].kind != "test":
            continue
        n = len(runs)
        failing = [_failing_names(r) for r in runs]
        changed = sorted(set().union(*failing) - set.intersection(*failing))
        if changed:
            named = "; ".join(f"{name} passed in {_runs([k + 1 for k in range(n) if name not in failing[k]])} and failed "
                              f"in {_runs([k + 1 for k in range(n) if name in failing[k]])}" for name in changed[:8])
            return f"Flaky (the result changed between the {n} runs of `{command}`): {named}."
        if len({r.failed for r in runs}) > 1:
            return f"The result of `{command}` changed between its {n} runs, but the output names no test that changed."
        return f"No test changed its result over {n} runs of `{command}`: none showed as flaky here."
    return ""


def _output_changes(runs: list[CommandRecord]) -> str:
    """Whether a program's output (not a test runner's, whose timings always differ) changed between runs."""
    if runs[0].kind == "test":
        return ""
    first = runs[0].output.splitlines()
    for k, record in enumerate(runs[1:], 2):
        other = record.output.splitlines()
        if other != first:
            line = next((i for i, (a, b) in enumerate(zip(first, other)) if a != b), min(len(first), len(other)))
            was = first[line][:80] if line < len(first) else "(end of output)"
            now = other[line][:80] if line < len(other) else "(end of output)"
            return f" Its output differed: run {k}, line {line + 1}: `{now}` where run 1 had `{was}`."
    return " Its output was the same every time."


def repeated_duplicates(records: list[CommandRecord]) -> set[int]:
    """Repeated runs with the same outcome (pass/fail, failing tests) as an earlier run of the same command."""
    seen: set[tuple] = set()
    hidden: set[int] = set()
    for command, indexes in _groups(records).items():
        for i in indexes:
            # a program's own output is its result; a test runner's differs in its timings only
            output = records[i].output if records[i].kind != "test" else ""
            key = (command, records[i].failed, frozenset(_failing_names(records[i])), output)
            if key in seen:
                hidden.add(i)
            seen.add(key)
    return hidden


def flag_report(query: str, records: list[CommandRecord]) -> str:
    flags = asked_flags(query)
    sentences = []
    for flag in flags:
        runs = [r for r in records if not r.refused and re.search(rf"(?<!\S){re.escape(flag)}(?![\w-])", r.command)
                and "--help" not in r.command.split()]
        for record in runs[:1]:
            quoted = re.escape(flag)
            line = next((m.group(0) for rx in _REJECTED
                         for m in [re.search(r"[^\n]*" + rx.format(f=quoted) + r"[^\n]*", record.output, re.I)] if m),
                        None)
            if line:
                sentences.append(f"`{flag}` is not accepted: `{record.command}` says \"{line.strip()[:160]}\" "
                                 f"(exit code {record.exit_code}).")
            elif record.exit_code == 0:
                sentences.append(f"`{flag}` was accepted (no error): `{record.command}` exited with code 0.")
        helps = [r for r in records if not r.refused and "--help" in r.command.split() and r.exit_code == 0]
        word = flag.lstrip("-").split("=")[0]
        for record in helps[:1]:
            mentions = [line.strip() for line in record.output.splitlines()
                        if re.search(rf"\b{re.escape(word)}\b", line, re.I)]
            listed = any(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", m) for m in mentions)
            if listed:
                sentences.append(f"Its --help lists `{flag}`.")
            elif mentions:
                sentences.append(f"Its --help does not list `{flag}`; it mentions {word} here: "
                                 + "; ".join(f"`{m[:120]}`" for m in mentions[:3]) + ".")
            else:
                sentences.append(f"Its --help does not mention `{flag}`.")
    return " ".join(sentences)


_STATUS_LINE = re.compile(r"^\s*(?:(\[[ xX*]\])|([A-Za-z][\w-]{1,15}):?)\s+\S")


def status_tally(record: CommandRecord) -> str:
    """Lines that all start with a status word or a [X]/[ ] box, few distinct ones: counted per status."""
    lines = [line for line in record.output.splitlines() if line.strip()]
    if record.failed or not 2 <= len(lines) <= 500:
        return ""
    marks = []
    for line in lines:
        match = _STATUS_LINE.match(line)
        if not match:
            return ""
        box = match.group(1)
        marks.append(("applied" if box.strip("[]").strip() else "not applied") if box else match.group(2))
    counts = {mark: marks.count(mark) for mark in dict.fromkeys(marks)}
    if not 2 <= len(counts) <= 3:
        return ""
    return " Listed: " + ", ".join(f"{n} {mark}" for mark, n in counts.items()) + "."


def version_report(query: str, records: list[CommandRecord]) -> str:
    """'Installed: tiny-semver 1.1.4 (npm ls: invalid: "^1.2.0" from the root project).' from a listing's own line."""
    name = asked_package(query)
    if not name:
        return ""
    quoted = re.escape(name)
    patterns = [rf"(?<![\w@/-]){quoted}@(?P<v>\d[\w.+-]*)(?P<rest>[^\n]*)",  # npm ls
                r"^Version:\s*(?P<v>\S+)(?P<rest>)",  # pip show
                rf"^{quoted}\s+v?(?P<v>\d[\w.+-]*)(?P<rest>[^\n]*)"]  # go list -m, cargo tree -i, X --version
    for record in records:
        if record.kind != "info" or record.refused:
            continue
        for rx in patterns:
            match = re.search(rx, record.output, re.M | re.I)
            if match:
                rest = match.group("rest").strip()
                note = f" ({record.command.split()[0]} says: {rest[:120]})" if re.search(
                    r"invalid|extraneous|missing|deduped|UNMET", rest, re.I) else ""
                return f"Installed: {name} {match.group('v')}{note}."
        if record.failed and re.search(r"\(empty\)|not found|No matching|WARNING: Package\(s\) not found", record.output):
            return f"`{record.command}` finds no installed {name}."
    return ""
