"""Runners of several commands at once: concurrently (`[1] npm run build:b exited with code 2` per command, its output
prefixed `[0]` / `[name]`), npm-run-all / run-p / run-s (`ERROR: "build:b" exited with 2.`) and the Procfile runners
honcho / foreman (`system | web.1 stopped (rc=1)`, then SIGTERM to the others, which stop with rc=-15) and turbo
(` Tasks:    0 successful, 4 total` then `Failed:    api#lint, web#test`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Facts

NAME = "script-runners"
READS_PREFIXES = True  # the `[name]` in front of each line says which command printed it (prefixes.py takes it off)
COMMAND_RE = re.compile(r"(^|[\s/;&|])(concurrently|conc|npm-run-all|run-p|run-s|honcho|foreman|turbo)\b")
OUTPUT_RE = re.compile(r'^\[[\w:.-]+\] .+ exited with code \d+$|^ERROR: "[^"]+" exited with \d+\.$|^system +\| \S+ stopped \(rc='
                       r"|^ Tasks: +\d+ successful, \d+ total$", re.M)

EXITED_RE = re.compile(r"^\[(?P<tag>[\w:.-]+)\] (?P<cmd>.+) exited with code (?P<code>\d+|SIG\w+)$", re.M)
RUN_ALL_RE = re.compile(r'^ERROR: "(?P<cmd>[^"]+)" exited with (?P<code>\d+)\.$', re.M)
PROCESS_STOPPED_RE = re.compile(r"^system +\| (?P<name>[\w.-]+) stopped \(rc=(?P<code>-?\d+)\)$", re.M)
TERMINATED_RE = re.compile(r"^system +\| sending SIG(?:TERM|KILL) to (?P<name>[\w.-]+)", re.M)
TURBO_TASKS_RE = re.compile(r"^ Tasks: +(?P<ok>\d+) successful, (?P<total>\d+) total$", re.M)
TURBO_FAILED_RE = re.compile(r"^Failed: +(?P<tasks>\S.*)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    ended = [(m["cmd"], m["code"]) for m in EXITED_RE.finditer(text)]
    ended += [(m["cmd"], m["code"]) for m in RUN_ALL_RE.finditer(text)]
    failed = [f"{cmd} exited with code {code}" for cmd, code in ended if code != "0"]
    facts.errors = failed
    facts.highlights = [f"{cmd} exited with code 0" for cmd, code in ended if code == "0"]
    if len(ended) > 1:
        facts.highlights.append(f"{len(failed)} of {len(ended)} commands failed")
    _procfile(text, facts)
    _turbo(text, facts)
    return facts


def _turbo(text: str, facts: Facts) -> None:
    tasks = TURBO_TASKS_RE.search(text)
    if not tasks:
        return
    failed = TURBO_FAILED_RE.search(text, tasks.end())
    said = f"turbo: {tasks['ok']} of {tasks['total']} tasks successful"
    (facts.steps if failed else facts.highlights).append(f"{said}; failed: {failed['tasks'].strip()}" if failed else said)


def _procfile(text: str, facts: Facts) -> None:
    """The process that stopped on its own with a failing code is what ended the run; those the runner then sent
    SIGTERM to stopped because it did."""
    terminated = set(TERMINATED_RE.findall(text))
    for m in PROCESS_STOPPED_RE.finditer(text):
        if m["name"] in terminated:
            continue
        said = f"{m['name']} stopped (rc={m['code']})"
        (facts.steps if m["code"] != "0" else facts.highlights).append(said)
    if terminated:
        facts.highlights.append("then stopped by the runner (SIGTERM): " + ", ".join(sorted(terminated)))
