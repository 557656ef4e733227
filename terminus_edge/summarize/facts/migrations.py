"""Database migration runners: alembic (`INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, add email`, and its
`FAILED: …` for a command error) and Django's `migrate` (`  Applying orders.0002_placed... OK`). A migration that
crashed is the last one started with no end after it: the step to look at, which the traceback alone does not name."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "migrations"
COMMAND_RE = re.compile(r"(^|[\s/;&|])alembic\b|\bmanage\.py (?:migrate|test)\b")
OUTPUT_RE = re.compile(r"^INFO  \[alembic\.runtime\.migration\] Running |^  Applying \w+\.\w+\.\.\.", re.M)

ALEMBIC_STEP_RE = re.compile(r"^INFO  \[alembic\.runtime\.migration\] Running (upgrade|downgrade) (\S*) ?-> ([^\s,]+)(?:, (.*))?$", re.M)
ALEMBIC_FAILED_RE = re.compile(r"^FAILED: (.+)$", re.M)
DJANGO_STEP_RE = re.compile(r"^  Applying (\S+?)\.\.\.(.*)$", re.M)
# what follows a step that did not finish: a traceback or a runner's error line
CRASH_RE = re.compile(r"^Traceback \(most recent call last\):$|^(?:ERROR|FAILED|CommandError)\b", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    steps = list(ALEMBIC_STEP_RE.finditer(text))
    if steps and CRASH_RE.search(text, steps[-1].end()):
        direction, source, target, message = steps[-1].groups()
        step = " ".join(part for part in (direction, source, "->", target) if part)
        facts.highlights.append(clip(f"failed in alembic {step}" + (f" ({message})" if message else ""), 160))
    facts.errors += [clip(f"alembic: {message}", 200) for message in ALEMBIC_FAILED_RE.findall(text)]
    applying = list(DJANGO_STEP_RE.finditer(text))
    if applying:  # a crash writes its traceback on the step's own line: `  Applying app.0002_x...Traceback (most …`
        last, tail = applying[-1], applying[-1].group(2).strip()
        if not tail.startswith(("OK", "FAKED")) and (tail.startswith("Traceback") or CRASH_RE.search(text, last.end())):
            facts.highlights.append(f"failed while applying migration {last.group(1)}")
    return facts
