"""Python session runners: tox's closing report (tox 4 `  py311: FAIL code 1 (0.32 seconds)`, `  docs: OK (…)`,
`evaluation failed :(` / `congratulations :)`; tox 3 `ERROR:   py311: commands failed`, `  docs: commands succeeded`)
and nox's (`nox > * tests: failed`). Each environment's result is a fact of its own: one failing env must not hide
that the others passed, nor the reverse."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "tox-nox"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(tox|nox)\b")
OUTPUT_RE = re.compile(r"^  \S+: (?:OK|FAIL code \d+|SKIP) \(|^nox > \* \S+: (?:success|failed|skipped)", re.M)

TOX4_RE = re.compile(r"^  (\S+): (OK|FAIL code \d+|SKIP|NOT OK)\b", re.M)
TOX3_RE = re.compile(r"^(?:ERROR: |  )[ \t]*(\S+): (commands succeeded|commands failed|InterpreterNotFound[^\n]*|skipped[^\n]*)$", re.M)
NOX_RE = re.compile(r"^nox > \* (\S+): (success|failed|skipped)", re.M)
VERDICT_RE = re.compile(r"^\s*(congratulations :\)|evaluation failed :\()", re.M)
# tox 4 says why an env failed above its report: `py38: failed with could not find python interpreter …`, or the
# command that exited non-zero: `py311: exit 1 (0.08 seconds) /home/dev/x> python -m pytest pid=8793`
WHY_RE = re.compile(r"^(\S+): (?:failed with (?P<why>.+)|exit (?P<code>-?\d+) \([\d.]+ seconds\) \S+> (?P<cmd>.+?)(?: pid=\d+)?)$", re.M)
FAILED = re.compile(r"FAIL|failed|NOT OK|InterpreterNotFound")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    results = TOX4_RE.findall(text) or TOX3_RE.findall(text)
    runner = "tox"
    if not results:
        results, runner = NOX_RE.findall(text), "nox"
    if results:
        failed = [(env, result) for env, result in results if FAILED.search(result)]
        word = "envs" if runner == "tox" else "sessions"
        facts.highlights.append(clip(f"{runner} {word}: " + ", ".join(f"{env} {result}" for env, result in results), 240))
        why = _why(text)
        facts.steps += [clip(f"{runner} {env}: {result}" + (f" ({why[env]})" if env in why else ""), 240) for env, result in failed]
    verdict = VERDICT_RE.search(text)
    if verdict:
        facts.highlights.append(verdict.group(1))
    return facts


def _why(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in WHY_RE.finditer(text):
        out.setdefault(m.group(1), m["why"] or f"`{m['cmd']}` exited {m['code']}")
    return out
