"""RSpec: the `Failures:` section's numbered blocks (`  1) Inventory#total multiplies` / `Failure/Error: code` / the
expectation's words), the `Failed examples:` list (`rspec ./spec/x_spec.rb:20 # Inventory#total multiplies`) and the
tally `7 examples, 3 failures, 1 pending`. The `Pending:` section's failures are expected ones: not failures."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "rspec"
COMMAND_RE = re.compile(r"(^|[\s/;&|])rspec\b")
OUTPUT_RE = re.compile(r"^\d+ examples?, \d+ failures?", re.M)

TALLY_RE = re.compile(r"^(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?(?:, (\d+) errors? occurred outside of examples)?$", re.M)
FAILED_EXAMPLE_RE = re.compile(r"^rspec (\S+:\d+(?:\[[\d:]+\])?) # (.+)$", re.M)
BLOCK_HEAD_RE = re.compile(r"^  \d+\) (.+)$")
OUTSIDE_RE = re.compile(r"^(An error occurred (?:while loading|in a `before\(:suite\)` hook)[^\n]*)$", re.M)
# `LoadError:` / `  cannot load such file -- lib/x`: the exception under a `Failure/Error:` line
EXCEPTION_RE = re.compile(r"^([A-Z]\w*(?:::[A-Z]\w*)*):\n[ \t]+(\S[^\n]*)$", re.M)
REASON_LINES = 2


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = last_match(TALLY_RE, text)
    if tally:
        examples, failures = int(tally.group(1)), int(tally.group(2))
        pending = int(tally.group(3) or 0)
        facts.counts = {"total": examples, "failed": failures, "passed": max(examples - failures - pending, 0)}
        if pending:
            facts.counts["skipped"] = pending
        if tally.group(4):
            facts.counts["errors"] = int(tally.group(4))
    reasons = _reasons(text)
    for where, name in FAILED_EXAMPLE_RE.findall(text):
        facts.failures.append(TestFailure(name.strip(), reasons.get(name.strip()), where.removeprefix("./")))
    for outside in OUTSIDE_RE.finditer(text):
        exception = EXCEPTION_RE.search(text, outside.end(), outside.end() + 2000)
        why = f": {exception.group(1)}: {exception.group(2).strip()}" if exception else ""
        facts.errors.append(clip(outside.group(1).split(" - Did you mean?")[0].rstrip(".") + why, 240))
    return facts


def _reasons(text: str) -> dict[str, str]:
    """Example name -> the first words of its expectation failure, from the `Failures:` section only."""
    start = text.find("\nFailures:\n")
    if start < 0:
        return {}
    end = text.find("\nFailed examples:", start)
    out, name, said, after_error = {}, None, [], False
    for line in text[start:end if end > 0 else len(text)].splitlines():
        head = BLOCK_HEAD_RE.match(line)
        if head:
            if name and said:
                out[name] = clip(" / ".join(said), 200)
            name, said, after_error = head.group(1).strip(), [], False
            continue
        stripped = line.strip()
        if stripped.startswith("Failure/Error:"):
            after_error = True
        elif after_error and stripped and not stripped.startswith("#") and len(said) < REASON_LINES:
            said.append(stripped)
    if name and said:
        out[name] = clip(" / ".join(said), 200)
    return out
