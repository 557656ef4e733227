"""An Azure Pipelines job log: tasks between `##[section]Starting: X` and `##[section]Finishing: X`, a failed one ending
`##[error]Bash exited with code '1'.` (the runner's own `##[error]` lines are read by interchange.py). The lines the
failed task printed before its `##[error]` say why; the task is named by the `Finishing:` line that follows."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.buildkit import cause_lines
from terminus_edge.summarize.facts.types import Facts

NAME = "azure-pipelines"
COMMAND_RE = re.compile(r"(?!)")  # fetched with curl / the az CLI: the log's layout says what it is
OUTPUT_RE = re.compile(r"^##\[section\](?:Starting|Finishing): ", re.M)

SECTION_RE = re.compile(r"^##\[section\](Starting|Finishing): (.+)$", re.M)
ERROR_RE = re.compile(r"^##\[error\].+$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    sections = list(SECTION_RE.finditer(text))
    for error in ERROR_RE.finditer(text):
        start = max((s.end() for s in sections if s.end() <= error.start()), default=0)
        facts.errors += cause_lines(text[start:error.start()].splitlines())
        after = next((s for s in sections if s.start() > error.end() and s.group(1) == "Finishing"), None)
        if after:
            facts.highlights.append(f"the failed Azure Pipelines task: {after.group(2).strip()}")  # the ##[error] is its step
    return facts
