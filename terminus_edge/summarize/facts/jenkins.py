"""A Jenkins console log (`…/consoleText`): the build's result (`Finished: FAILURE`), a declarative pipeline's stages
(`[Pipeline] { (Build)` … `[Pipeline] // stage`, `Stage "Deploy" skipped due to earlier failure(s)`), the step that
failed (`ERROR: script returned exit code 1`) and a freestyle job's `Build step 'Execute shell' marked build as failure`.
The tools' own lines between the `[Pipeline]` lines are read by their own parsers."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "jenkins"
COMMAND_RE = re.compile(r"(?!)")  # fetched with curl / a CLI: the log's layout says what it is
OUTPUT_RE = re.compile(r"^Finished: (?:SUCCESS|FAILURE|UNSTABLE|ABORTED|NOT_BUILT)$|^\[Pipeline\] (?:Start of Pipeline|stage)$", re.M)

RESULT_RE = re.compile(r"^Finished: ([A-Z_]+)$", re.M)
STAGE_OPEN_RE = re.compile(r"^\[Pipeline\] \{ \((.+)\)$", re.M)
SKIPPED_RE = re.compile(r'^Stage "(.+)" skipped due to (.+)$', re.M)
SCRIPT_EXIT_RE = re.compile(r"^ERROR: (script returned exit code \d+|.+)$", re.M)
FREESTYLE_RE = re.compile(r"^Build step '(.+)' marked build as (failure|unstable)$", re.M)
OWN_STAGES = ("Declarative: Checkout SCM", "Declarative: Post Actions", "Declarative: Tool Install")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    result = RESULT_RE.findall(text)
    skipped = SKIPPED_RE.findall(text)
    ran = [m for m in STAGE_OPEN_RE.finditer(text) if m.group(1) not in OWN_STAGES and m.group(1) not in {s for s, _ in skipped}]
    failing = result and result[-1] != "SUCCESS"
    if failing:
        first_skip = text.find('skipped due to')
        before = [m.group(1) for m in ran if first_skip < 0 or m.start() < first_skip]
        stage = f" in stage {before[-1]}" if before else ""
        facts.steps.append(f"Jenkins build result {result[-1]}{stage}")
        facts.steps += [clip(f"Jenkins: {m.group(1)}", 160) for m in SCRIPT_EXIT_RE.finditer(text)][:3]
        facts.steps += [f"Jenkins build step '{step}' marked the build as {how}" for step, how in FREESTYLE_RE.findall(text)]
    elif result:
        facts.highlights.append(f"Jenkins build result {result[-1]}")
    if skipped:
        facts.highlights.append(clip("stages skipped: " + ", ".join(f"{stage} ({why})" for stage, why in skipped), 200))
    return facts
