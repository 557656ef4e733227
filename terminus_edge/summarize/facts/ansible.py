"""ansible-playbook: `TASK [name] ****` headers, a failed task's `fatal: [host]: FAILED! => {json}` (or `UNREACHABLE!`,
`failed: [host] (item=x)`), ansible-core 2.19's `[ERROR]: …` with `Origin: site.yml:16:18`, older `ERROR! …`, and
the PLAY RECAP (`localhost : ok=1 changed=1 unreachable=0 failed=1 …`)."""

from __future__ import annotations

import bisect
import json
import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "ansible"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(ansible-playbook|ansible)\b")
OUTPUT_RE = re.compile(r"^PLAY RECAP \*+|^(?:fatal|failed): \[[^\]]+\]", re.M)

TASK_RE = re.compile(r"^TASK \[(.+?)\] \*+$", re.M)
# `fatal: [web]: FAILED! => {…}`, `fatal: [db1]: UNREACHABLE! => {…}`, a loop's `failed: [web] (item=9090) => {…}`
FAILED_RE = re.compile(
    r"^(?:fatal|failed): \[(?P<host>[^\]]+)\](?: \(item=(?P<item>[^)\n]*)\))?(?:: (?P<what>FAILED|UNREACHABLE)!)? => (?P<body>.*)$", re.M)
ORIGIN_RE = re.compile(r"^Origin: (\S+:\d+(?::\d+)?)$", re.M)
RECAP_RE = re.compile(r"^(\S+)\s+: (ok=\d+\s+changed=\d+\s+unreachable=\d+\s+failed=\d+.*?)\s*$", re.M)
ERROR_RE = re.compile(r"^(?:\[ERROR\]: |ERROR! )(.+)$", re.M)
CHANGED_SHOWN = 8
CHANGED_RE = re.compile(r"^changed: \[[^\]]+\]", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    tasks = list(TASK_RE.finditer(text))
    starts = [t.start() for t in tasks]
    origins = list(ORIGIN_RE.finditer(text))
    origin_starts = [o.start() for o in origins]
    # One failure per task and host: a loop's failed items are listed together, and the task's closing line
    # (`fatal: [db1]: UNREACHABLE! => {"msg": "All items completed", …}`) adds nothing once its items are listed.
    failed: dict[tuple[str | None, str], dict] = {}
    for m in FAILED_RE.finditer(text):
        task = _task_before(tasks, starts, m.start())
        i = bisect.bisect_left(origin_starts, m.start())  # the last `Origin:` since this task began
        origin = origins[i - 1].group(1) if i and origin_starts[i - 1] > _task_start(starts, m.start()) else None
        if text.startswith("\n...ignoring", m.end()):  # ignore_errors: the play went on, the recap counts it as ignored
            facts.highlights.append(clip(f"ignored failure: TASK [{task}] on {m['host']}: {_reason(m['body'])}", 200))
            continue
        entry = failed.setdefault((task, m["host"]), {"items": [], "reason": None, "origin": origin})
        if m["item"] is not None:
            entry["items"].append(m["item"])
        elif entry["items"]:
            continue
        if entry["reason"] is None:
            reason = _reason(m["body"]) or m["what"] or "failed"
            unreachable = m["what"] == "UNREACHABLE" or '"unreachable": true' in m["body"]
            entry["reason"] = f"UNREACHABLE: {reason}" if unreachable else reason
    for (task, host), entry in failed.items():
        name = f"TASK [{task}] on {host}" if task else host
        if entry["items"]:
            name += f" ({'item' if len(entry['items']) == 1 else 'items'} {', '.join(entry['items'])})"
        facts.failures.append(TestFailure(clip(name, 160), clip(entry["reason"], 240), entry["origin"]))
    if not FAILED_RE.search(text):  # `[ERROR]:` / `ERROR!` alone: a syntax or inventory error before any task ran
        facts.errors += [clip(e, 240) for e in ERROR_RE.findall(text)]
    changed: dict[str, None] = {}  # task names in order, once each
    for m in CHANGED_RE.finditer(text):
        task = _task_before(tasks, starts, m.start())
        if task:
            changed[task] = None
    if changed:
        names = list(changed)
        shown = ", ".join(names[:CHANGED_SHOWN]) + (f" and {len(names) - CHANGED_SHOWN} more" if len(names) > CHANGED_SHOWN else "")
        facts.highlights.append(clip(f"changed ({len(names)} {'task' if len(names) == 1 else 'tasks'}): {shown}", 240))
    for host, tally in RECAP_RE.findall(text):
        facts.highlights.append(f"PLAY RECAP {host} : " + " ".join(tally.split()))  # the line as printed, spaces folded
    return facts


def _task_start(starts: list[int], before: int) -> int:
    i = bisect.bisect_left(starts, before)
    return starts[i - 1] if i else 0


def _task_before(tasks: list[re.Match], starts: list[int], before: int) -> str | None:
    """The name of the last `TASK [name]` header above `before` (bisect: a playbook may run thousands of tasks)."""
    i = bisect.bisect_left(starts, before)
    return tasks[i - 1].group(1) if i else None


def _reason(body: str) -> str:
    """The result's `msg`, and the first line of a module's stderr (`pyenv: python3.13: command not found`)."""
    try:
        result = json.loads(body)
    except ValueError:
        return body.strip()
    if not isinstance(result, dict):
        return body.strip()
    looped = result.get("results")
    if result.get("msg") == "All items completed" and isinstance(looped, list):
        failed = [r for r in looped if isinstance(r, dict) and (r.get("failed") or r.get("unreachable"))]
        result = failed[0] if failed else result  # the items were listed one by one above; say what went wrong
    parts = [str(result.get("msg") or "").strip()]
    stderr = str(result.get("module_stderr") or result.get("stderr") or "").strip().splitlines()
    if stderr:
        parts.append(stderr[0])
    if result.get("rc") not in (None, 0):
        parts.append(f"rc={result['rc']}")
    return "; ".join(p for p in parts if p)
