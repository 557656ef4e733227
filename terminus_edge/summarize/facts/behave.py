"""BDD runners with behave's report (behave, also cucumber's `Failing Scenarios:`): the scenarios listed under
`Failing scenarios:` / `Errored scenarios:` as `features/x.feature:9  Name`, and the tallies of features, scenarios
and steps (`1 scenario passed, 1 failed, 2 error, 0 skipped`; `6 steps passed, ..., 2 undefined`). A listed scenario's
message is the first `ASSERT FAILED: …` or `SomeError: …` line under its `Scenario: Name` heading in the report above.
cucumber-js lists `1) Scenario: Name # features/x.feature:8` blocks under `Failures:`, the failing (`✖`), undefined
(`?`) or ambiguous step with its message indented below, and closes with `3 scenarios (1 failed, 1 undefined, …)`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "behave"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(behave|cucumber(?:-js)?)\b")
OUTPUT_RE = re.compile(r"^(?:Failing|Errored) scenarios:$|^\d+ scenarios? passed, \d+ failed|^\d+ scenarios? \(\d+ \w+", re.M | re.I)

LIST_HEAD_RE = re.compile(r"^(Failing|Errored) scenarios:$", re.M | re.I)
LISTED_RE = re.compile(r"^[ \t]+(\S+\.feature:\d+)[ \t]+(.+?)\s*$")
TALLY_RE = re.compile(r"^\d+ (features?|scenarios?|steps?) passed, .+$", re.M)
HEADING_RE = re.compile(r"^[ \t]*Scenario(?: Outline)?: (\S.*?)[ \t]*(?:#[^#\n]*)?$", re.M)
MESSAGE_RE = re.compile(r"^[ \t]*(ASSERT FAILED: \S.*|(?:[A-Za-z_][\w.]*)?(?:Error|Exception)(?:: \S.*)?)$", re.M)

CUKE_BLOCK_RE = re.compile(r"^\d+\) Scenario(?: Outline)?: (?P<name>\S.*?) # (?P<loc>\S+:\d+)$", re.M)
CUKE_TALLY_RE = re.compile(r"^\d+ (?:scenarios?|steps?) \(\d+ \w+(?:, \d+ \w+)*\)$", re.M)
CUKE_STEP_RE = re.compile(r"^[ \t]+([✖?]) (\S.*?)(?: # \S+)?$")


def _cucumber_js(text: str, facts: Facts) -> None:
    blocks = list(CUKE_BLOCK_RE.finditer(text))
    for block, after in zip(blocks, blocks[1:] + [None]):
        lines = text[block.end():after.start() if after else len(text)].splitlines()
        for i, line in enumerate(lines):
            step = CUKE_STEP_RE.match(line)
            if step:
                facts.failures.append(TestFailure(block["name"], _cucumber_reason(step, lines[i + 1:]), block["loc"],
                                                  "failed" if step.group(1) == "✖" else "error"))
                break
    facts.highlights += CUKE_TALLY_RE.findall(text)


def _cucumber_reason(step: re.Match, below: list[str]) -> str:
    said = [line.strip() for line in below[:4] if line.strip()]
    if step.group(1) == "?" or not said:
        return f"undefined step: {step.group(2)}" if step.group(1) == "?" else step.group(2)
    if said[0].startswith("Multiple step definitions match"):  # ambiguous: name the definitions that collide
        return clip(f"ambiguous step {step.group(2)}: " + "; ".join(line for line in said[1:3]), 240)
    return clip(said[0], 200)


def _messages(text: str) -> dict[str, str]:
    """Each scenario heading's name and the first failure message in the lines up to the next heading."""
    headings = list(HEADING_RE.finditer(text))
    found = {}
    for heading, after in zip(headings, headings[1:] + [None]):
        message = MESSAGE_RE.search(text, heading.end(), after.start() if after else len(text))
        if message and heading.group(1) not in found:
            found[heading.group(1)] = message.group(1).strip()
    return found


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    messages = _messages(text) if LIST_HEAD_RE.search(text) else {}
    for head in LIST_HEAD_RE.finditer(text):
        kind = "error" if head.group(1).lower() == "errored" else "failed"
        for line in text[head.end():].splitlines()[1:]:
            listed = LISTED_RE.match(line)
            if not listed:
                break
            name = listed.group(2)
            facts.failures.append(TestFailure(name, messages.get(name), listed.group(1), kind))
    for tally in TALLY_RE.finditer(text):
        line = tally.group(0)
        facts.highlights.append(line)
        if tally.group(1).startswith("scenario"):
            counts = {word: int(n) for n, word in re.findall(r"(\d+) (?:scenarios? )?(passed|failed|errors?|skipped|untested)\b", line)}
            facts.counts = {"failed": counts.get("failed", 0), "errors": counts.get("error", counts.get("errors", 0)),
                            "passed": counts.get("passed", 0)}
            if counts.get("skipped"):
                facts.counts["skipped"] = counts["skipped"]
    if not facts.failures and CUKE_BLOCK_RE.search(text):
        _cucumber_js(text, facts)
    return facts
