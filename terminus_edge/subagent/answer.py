"""The final answer: a verdict line per main command, then the guarded per-command summary blocks.

Everything here is read off the records (exit codes, time-outs, extracted facts, the quoted output of
source views); no sentence is added that the commands' output does not support.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from terminus_edge.subagent.answer_questions import (findings_tally, json_diagnosis, missing_inputs, rule_tally,
                                                     search_tally, stage_note, tap_tally, usage_error_note, validity_line,
                                                     yes_no_line)
from terminus_edge.subagent.requirement_answers import requirement_line
from terminus_edge.subagent.bench_runs import benchmark_report
from terminus_edge.subagent.file_answers import file_reports
from terminus_edge.subagent.history_answers import history_reports
from terminus_edge.subagent.more_reports import more_reports
from terminus_edge.subagent.source_questions import env_vars_report, help_readme_report, unused_deps_report
from terminus_edge.subagent.answer_requests import (flag_report, flaky_line, lead_lines, repeated_duplicates,
                                                    repetition_report, status_tally, version_report)
from terminus_edge.subagent.compile_errors import cascade_note, werror_line
from terminus_edge.subagent.followup import finished_tests, stuck_test
from terminus_edge.subagent.pending_migrations import pending_report
from terminus_edge.subagent.pins import lock_sync_report, pin_report
from terminus_edge.subagent.repo_answers import git_status_report, lines_report, make_targets_report, since_tag_report
from terminus_edge.subagent.make_failure import make_details
from terminus_edge.subagent.records import CommandRecord
from terminus_edge.subagent.run_details import clean_files, skipped_sentence
from terminus_edge.subagent.native_crash import crash_report, crash_signal
from terminus_edge.subagent.script_trace import trace_report
from terminus_edge.subagent.suites import suite_tallies
from terminus_edge.subagent.test_timings import durations_report
from terminus_edge.summarize.facts.types import Diagnostic, Facts, TestFailure, TracebackInfo
from terminus_edge.summarize.status import problems_despite_exit_0
from terminus_edge import shell_words

MAX_QUOTED_LINES = 24
MAX_LINE_CHARS = 160
TRACE_TAIL_LINES = 12
MAX_FAIL_LINES = 8
_FAIL_LINE = re.compile(r"^\s*(?:FAIL(?:ED)?\b(?!\s*\()|✗|✘|×|not ok\b|\[\s*FAIL\s*\])")
_ASKS_SKIPPED = re.compile(r"\bskip\w*|\bignored\b|\bdisabled\b", re.I)


def assemble_answer(query: str, records: list[CommandRecord], cwd: Path | None = None) -> str:
    leads = lead_lines(query, records)
    if not records:
        return leads[0] if leads else "No command was run: nothing in the request or the project said what to run."
    hidden = repeated_duplicates(records)
    verdicts = [yes_no_line(query, records), werror_line(query, records)] + leads + [validity_line(records), requirement_line(records)]
    repeated = repetition_report(records)
    if repeated:
        verdicts += [flaky_line(query, records), repeated]
    for i, record in enumerate(records):
        if i in hidden:
            continue
        if record.kind == "trace" and not record.refused:
            verdicts.append(trace_report(record))
        elif record.kind == "debug" and not record.refused:
            verdicts.append(crash_report(record) + missing_inputs(record, cwd))
        elif record.kind in ("build", "test", "run", "check", "info") or record.refused:
            extra = make_details(cwd, record, records[i + 1:]) if cwd is not None else ""
            extra += status_tally(record) if record.kind == "info" else ""
            extra += json_diagnosis(record, cwd) + usage_error_note(record) + missing_inputs(record, cwd)
            extra += cascade_note(record, cwd) + rule_tally(query, record)
            verdicts.append(verdict(record) + _details(query, record) + extra)
        elif record.kind == "search":
            verdicts.append(search_tally(query, record))
    verdicts += [flag_report(query, records), version_report(query, records), pin_report(query, records),
                 lock_sync_report(records), git_status_report(records), since_tag_report(records),
                 make_targets_report(records), lines_report(records), durations_report(query, records),
                 benchmark_report(query, records), pending_report(records), env_vars_report(query, records),
                 unused_deps_report(records), help_readme_report(records)]
    verdicts += file_reports(records) + history_reports(records) + more_reports(query, records, cwd)
    verdicts = [v for v in verdicts if v]
    blocks = [block(r) for i, r in enumerate(records) if i not in hidden]
    if hidden:
        logs = [str(records[i].log_id) for i in sorted(hidden) if records[i].log_id is not None]
        blocks.append(f"({len(hidden)} more run{'s' * (len(hidden) != 1)} with the same result as one shown above"
                      + (f"; logs {', '.join(logs)}" if logs else "") + ".)")
    head = "\n".join(verdicts)
    return (head + "\n\n" if head else "") + "\n\n".join(blocks)


def verdict(record: CommandRecord) -> str:
    cmd = f"`{short_command(record.command)}`"
    if record.refused:
        return f"{cmd} was not run ({record.refused})."
    code = record.exit_code
    facts = record.facts or {}
    if record.timed_out:
        limit = f" within {record.timeout_s:g} s" if record.timeout_s else ""
        text = f"{cmd} did not finish{limit} and was stopped by the timeout (exit code {code})."
        if record.kind == "test":
            name = stuck_test(record.output)
            done = finished_tests(record.output)
            if name:
                text += f" It was still inside {name} (started, no result reported) when stopped."
            if done:
                text += " Finished before it: " + ", ".join(f"{n} {status}" for n, status in done[:8]) + "."
        return text
    if record.waiting_for_input:
        return f"{cmd} stopped waiting for input (stdin is closed); exit code {code}."
    if code == 127 and re.search(r"command not found|: not found$", record.output, re.M):
        return f"{cmd} could not run: the shell did not find its program (exit code 127)."
    counts = _counts(facts)
    # exit 0 with an unanswered prompt, dependency conflicts or error lines is not a success: say what went wrong
    problems = problems_despite_exit_0(facts_from_dict(facts)) if code == 0 else ""
    if problems:
        return _exit_0_with_problems(record, problems, counts)
    if record.kind == "build":
        return (f"Build succeeded: {cmd} exited with code 0{counts}." if code == 0
                else f"The build failed: {cmd} exited with code {code}{counts}.")
    if record.kind == "check":
        return (f"{cmd} reported no problems: exit code 0{counts}." if code == 0
                else f"Not clean: {cmd} reported problems: exit code {code}{counts}.")
    if record.kind == "test":
        per_suite = _per_suite(record)
        ran = (facts.get("counts") or {}).get("total")
        if ran == 0 and not facts.get("failures"):  # exit 0 (unittest < 3.12) or 5 (pytest): nothing passed either
            return f"No tests ran: {cmd} found no tests to run (exit code {code})."
        if code == 0 and not facts.get("failures") and not (facts.get("counts") or {}).get("failed"):
            return f"Tests passed, no failures: {cmd} exited with code 0{counts}.{per_suite}"
        return f"Tests failed: {cmd} exited with code {code}{counts}.{per_suite}"
    tb = facts.get("traceback") or {}
    if code not in (0, None) and tb.get("exc_type"):
        where = f" in {tb['file']}:{tb['line']}" if tb.get("file") and tb.get("line") else ""
        return f"{cmd} crashed with {tb['exc_type']}: {tb.get('message', '')}{where} (exit code {code})."
    crash = crash_signal(record.output) if code else None
    if crash:
        return f"{cmd} exited with code {code}{counts}: the output reports a crash ({crash})."
    return f"{cmd} exited with code {code}{counts}." if code else f"{cmd} ran and exited with code 0{counts}."


MAX_VERDICT_COMMAND = 200


def short_command(command: str) -> str:
    """The command as a verdict line names it: a long or multi-line one (a python3 -c check) by its start and end;
    its block below gives it whole."""
    if len(command) <= MAX_VERDICT_COMMAND and "\n" not in command:
        return command
    from terminus_edge.redact import redact

    command = redact(command, command=command)  # before the cut: half a token is not found after it
    first = command.split("\n", 1)[0][:80].rstrip()
    last = command.rsplit("\n", 1)[-1][-80:].lstrip() if "\n" in command else command[-80:]
    return f"{first} … {last}"


def _details(query: str, record: CommandRecord) -> str:
    """Sentences the request asks for that the verdict does not give: skipped tests, files a checker passed."""
    if record.refused:
        return ""
    extra = ""
    if record.kind == "test":
        extra += _unparsed_failures(record)
        if not (record.facts or {}).get("counts"):
            extra += tap_tally(record.output)
    if record.kind in ("check", "run"):
        extra += findings_tally(record)
    extra += stage_note(record)
    if record.kind == "test" and _ASKS_SKIPPED.search(query):
        skipped = ((record.facts or {}).get("counts") or {}).get("skipped")
        unnamed = (f"The output does not name the {skipped} skipped test{'s' * (skipped != 1)}." if skipped
                   else "The output names no skipped test.")
        extra += " " + (skipped_sentence(record.output) or unnamed)
    if record.kind == "check":
        clean = clean_files(record.command, record.output, record.facts or {})
        if clean:
            extra += f" No findings in {', '.join(clean)}."
    return extra


def _unparsed_failures(record: CommandRecord) -> str:
    """A runner the summarizer counted but could not read failures from (a hand-written PASS/FAIL runner): its
    own failure lines, quoted, so no failing test goes unnamed."""
    facts = record.facts or {}
    if facts.get("failures") or not (facts.get("counts") or {}).get("failed"):
        return ""
    lines = [clipped(line.strip()) for line in record.output.splitlines() if _FAIL_LINE.match(line)]
    if not lines:
        return ""
    more = f" (+{len(lines) - MAX_FAIL_LINES} more in the log)" if len(lines) > MAX_FAIL_LINES else ""
    return f" Failure lines: {'; '.join(lines[:MAX_FAIL_LINES])}{more}."


def _exit_0_with_problems(record: CommandRecord, problems: str, counts: str) -> str:
    facts = record.facts or {}
    failed = facts.get("failures") or (facts.get("counts") or {}).get("failed")
    if record.kind == "test":
        lead = "Tests failed: " if failed else "Not a clean test run: "
        return f"{lead}`{short_command(record.command)}` exited with code 0, but {problems}{counts}.{_per_suite(record)}"
    lead = "The build did not come out clean: " if record.kind == "build" else ""
    return f"{lead}`{short_command(record.command)}` exited with code 0, but {problems}{counts}."


def _per_suite(record: CommandRecord) -> str:
    suites = suite_tallies(record.output)
    return f" Per suite: {'; '.join(suites)}." if suites else ""


def facts_from_dict(data: dict) -> Facts:
    """The Facts a record keeps as `Facts.to_dict()` (or any part of it), back as the dataclass."""
    def build(cls, value):
        if not isinstance(value, dict):
            return value
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in names})

    names = {f.name for f in fields(Facts)}
    values = {k: v for k, v in (data or {}).items() if k in names}
    values["failures"] = [build(TestFailure, x) for x in values.get("failures") or []]
    values["diagnostics"] = [build(Diagnostic, x) for x in values.get("diagnostics") or []]
    values["traceback"] = build(TracebackInfo, values["traceback"]) if values.get("traceback") else None
    return Facts(**values)


def _counts(facts: dict) -> str:
    counts = facts.get("counts") or {}
    if not counts:
        return ""
    unit = facts.get("count_unit") or ""
    floor = set(facts.get("counts_at_least") or ())  # counted in a view of a large output: lower bounds
    parts = [f"{'at least ' if key in floor else ''}{value} {_singular(key, value)}"
             for key, value in counts.items() if key != "total"]
    total = (f" of {'at least ' if 'total' in floor else ''}{counts['total']} {unit}".rstrip() if "total" in counts
             else (f" {unit}" if unit else ""))
    return f" ({', '.join(parts)}{total})"


def _singular(key: str, value: int) -> str:
    return key[:-1] if value == 1 and key in ("errors", "warnings", "failures") else key


def block(record: CommandRecord) -> str:
    if record.refused:
        return f"Command: {record.command}\nSummary: not run: {record.refused}"
    log = f"\nLog: {record.log_id}" if record.log_id is not None else ""
    if record.kind == "source":
        lines = _quoted(record.output)
        return f"Command: {record.command}\nSummary: source lines (file:line: text):\n{lines}{log}"
    if record.kind == "preview":
        return (f"Command: {record.command}\nSummary: exit code {record.exit_code}; what it shows (nothing was "
                f"run):\n{_quoted(record.output)}{log}")
    if record.kind == "search":
        return f"Command: {record.command}\nSummary: {_search_summary(record)}{log}"
    if record.kind in ("trace", "debug"):
        tail = [line for line in record.output.splitlines() if line.strip()][-TRACE_TAIL_LINES:]
        what = "trace" if record.kind == "trace" else "debugger's output"
        return (f"Command: {record.command}\nSummary: exit code {record.exit_code}; the last lines of the {what}:\n"
                f"{_quoted(chr(10).join(tail))}{log}")
    if record.summary_text:
        return record.summary_text.strip()
    return f"Command: {record.command}\nSummary: exit code {record.exit_code}{log}"


def clipped(line: str) -> str:
    """`line` within MAX_LINE_CHARS, its cut said with `…` (a failure line that just stops reads as all of it)."""
    from terminus_edge.redact.cut import cut

    return line if len(line) <= MAX_LINE_CHARS else cut(line, MAX_LINE_CHARS) + " …"


def _quoted(output: str) -> str:
    lines = [clipped(line.rstrip()) for line in output.splitlines() if line.strip()]
    extra = len(lines) - MAX_QUOTED_LINES
    shown = lines[:MAX_QUOTED_LINES]
    return "\n".join(shown) + (f"\n[... {extra} more lines in the log ...]" if extra > 0 else "")


def _search_summary(record: CommandRecord) -> str:
    if record.exit_code == 1 and not record.output.strip():
        return "no matches (exit code 1)."
    names = _searched_names(record.command)
    text = f"matching lines (exit code {record.exit_code}):\n{_quoted(record.output)}"
    if len(names) > 1:
        wanted, similar = names[0], []
        for name in names[1:]:
            where = _lines_naming(record.output, name)
            if where:
                similar.append(f"{name} ({', '.join(where[:3])})")
        if similar:
            text += f"\nNames similar to {wanted} found in the project: {'; '.join(similar)}."
    return text


_GREP_PLACE = re.compile(r"^(\S+?:\d+):", re.M)


def _lines_naming(output: str, name: str) -> list[str]:
    """The file:line of each grep line whose text after its place names `name`. Two searches per line: one regex
    (place, then `.*` and the name) tried every longer `a:1:` prefix of a line, each re-reading the rest of it."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    places = []
    for match in _GREP_PLACE.finditer(output):
        end = output.find("\n", match.end())
        if word.search(output, match.end(), len(output) if end < 0 else end):
            places.append(match.group(1))
    return places


def _searched_names(command: str) -> list[str]:
    try:
        words = shell_words.split(command)
    except ValueError:
        return []
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word == "-e"]
