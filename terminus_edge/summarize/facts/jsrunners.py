"""AVA and Jasmine, the JS runners with reports of their own (jest, vitest and mocha are in jest.py, TAP in nodetest.py).

AVA: `✘ [fail]: name` per failing test (`Error thrown in test` after it when it threw), a section per failure with its
`test/x.test.js:5` place and the assertion's difference, then `3 tests failed` / `1 test skipped` / `1 test todo`.
Jasmine: `5 specs, 2 failures, 1 pending spec`, and under `Failures:` a numbered `1) suite spec` with its `Message:`
and `Stack:` (jasmine's own frames shown as `at <Jasmine>`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "js-runners"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(ava|jasmine)\b")
OUTPUT_RE = re.compile(r"^  ✘ \[fail\]: |^\d+ specs?, \d+ failures?", re.M)

AVA_FAIL_RE = re.compile(r"^  ✘ \[fail\]: (.+?)(?: (Error thrown in test|Rejected promise returned by test))?$", re.M)
AVA_TALLY_RE = re.compile(r"^  (\d+) (?:tests? (failed|passed|skipped|todo)|(known failure)s?|(uncaught exception)s?)$", re.M)
AVA_PLACE_RE = re.compile(r"^  (\S+\.\w+:\d+)$", re.M)
JASMINE_TALLY_RE = re.compile(r"^(\d+) specs?, (\d+) failures?(?:, (\d+) pending specs?)?", re.M)
JASMINE_FAIL_RE = re.compile(r"^\d+\) (.+)\n  Message:\n((?:    .*\n)+)(?:  Stack:\n((?:        .*\n?)+))?", re.M)
OWN_FRAME_RE = re.compile(r"\(((?!node:)[^()\s]+?:\d+:\d+)\)$|at ((?!node:)/[^()\s]+?:\d+:\d+)$")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    _ava(text, facts)
    _jasmine(text, facts)
    return facts


def _ava(text: str, facts: Facts) -> None:
    for m in AVA_FAIL_RE.finditer(text):
        name, threw = m.group(1), m.group(2)
        section = re.search(rf"^  {re.escape(name)}\n\n", text[m.end():], re.M)
        place = AVA_PLACE_RE.search(text, m.end() + section.end()) if section else None
        facts.failures.append(TestFailure(name, threw.lower() if threw else None, place.group(1) if place else None))
    words = {"failed": "failed", "passed": "passed", "skipped": "skipped", "todo": "todo"}
    for n, word, known, uncaught in AVA_TALLY_RE.findall(text):
        if word:
            facts.counts[words[word]] = int(n)
        elif uncaught:
            facts.counts["errors"] = int(n)
    if facts.counts or facts.failures:
        facts.count_unit = "tests"


def _jasmine(text: str, facts: Facts) -> None:
    tally = JASMINE_TALLY_RE.search(text)
    if not tally:
        return
    facts.count_unit = "tests"
    facts.counts.update(total=int(tally.group(1)), failed=int(tally.group(2)))
    facts.count_words["failed"] = "failures"  # jasmine's words: `5 specs, 2 failures, 1 pending spec`
    if tally.group(3) and int(tally.group(3)):
        facts.counts["skipped"] = int(tally.group(3))
        facts.count_words["skipped"] = "pending"
    for m in JASMINE_FAIL_RE.finditer(text):
        message = m.group(2).strip().splitlines()[0]
        where = None
        for frame in (m.group(3) or "").splitlines():
            own = OWN_FRAME_RE.search(frame.strip())
            if own and "node_modules" not in frame:
                where = own.group(1) or own.group(2)
                break
        facts.failures.append(TestFailure(m.group(1).strip(), clip(message, 200), where))
