"""Answer sentences for history_questions.py's commands, read off their output only.

    history_reports(records) -> [str]
        "The newest commit that changed package-lock.json: 3f816a0 Update dependencies (…). Changed: express 4.18.2 ->
         4.19.2; … Removed: left-pad 1.3.0. (3 changed, 0 added, 1 removed, 2 unchanged …)"
        "Line 2 of config.py was last changed in 683f0e4 by Priya Natarajan on 2024-05-14 ('Fail fast …'): 30 -> 5 …"
        "Over the last 3 commits: 18 insertions(+), 10 deletions(-) in all; per commit: …"
        "git bisect: the first bad commit is e5aa6a2 'Round the net amount to whole euros' (Ana Ruiz, …)."
"""

from __future__ import annotations

import re

from terminus_edge.subagent.records import CommandRecord

MAX_LISTED = 15
_ENTRY = re.compile(r"^commit ([0-9a-f]{7,40})\t([^\t\n]*)\t([^\t\n]*)\t(.*)$", re.M)
_SHORTSTAT = re.compile(r"^ *(\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?", re.M)
_ONELINE = re.compile(r"^([0-9a-f]{7,40}) (.+)$", re.M)
_FIRST_BAD = re.compile(r"^([0-9a-f]{40}) is the first bad commit\s*$", re.M)


def history_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if not record.ran:
            continue
        if "def versions(text)" in record.command:
            out.append(_lock_diff(record))
        elif record.command.startswith("git log '-L") or record.command.startswith("git log -L"):
            out.append(_line_history(record))
        elif record.command.startswith("git log --shortstat --oneline -"):
            out.append(_churn(record))
        elif record.command.startswith("git bisect start "):
            out.append(_bisect(record))
    return [o for o in out if o]


def _lock_diff(record: CommandRecord) -> str:
    lines = record.output.splitlines()
    commit = next((line[len("commit "):] for line in lines if line.startswith("commit ")), "")
    total = next((line for line in reversed(lines) if " unchanged in " in line), "")
    if not commit or not total:
        return ""
    groups = []
    for label in ("changed", "added", "removed"):
        items = [line.split(": ", 1)[1] for line in lines if line.startswith(label + ": ")]
        if items:
            more = f" (+{len(items) - MAX_LISTED} more)" if len(items) > MAX_LISTED else ""
            groups.append(f"{label.capitalize()}: {'; '.join(items[:MAX_LISTED])}{more}.")
    lock = total.split(" unchanged in ", 1)[1]
    return (f"The newest commit that changed {lock}: {commit}. " + " ".join(groups or ["No package version changed."])
            + f" ({total}.)")


def _line_history(record: CommandRecord) -> str:
    entries = list(_ENTRY.finditer(record.output))
    where = re.search(r"-L(\d+),\d+:(\S+?)'?(?:\s|$)", record.command)
    if not entries or not where:
        return ""
    newest = entries[0]
    body = record.output[newest.end():entries[1].start() if len(entries) > 1 else len(record.output)]
    old = [line[1:] for line in body.splitlines() if line.startswith("-") and not line.startswith("---")]
    new = [line[1:] for line in body.splitlines() if line.startswith("+") and not line.startswith("+++")]
    sha, author, date, subject = newest.groups()
    text = f"Line {where.group(1)} of {where.group(2)} was last changed in {sha} by {author} on {date} ('{subject}')"
    if old and new:
        text += f": `{old[0].strip()}` -> `{new[0].strip()}`{_changed_values(old[0], new[0])}"
    elif new:
        text += f", which added it: `{new[0].strip()}`"
    text += "."
    if len(entries) > 1:
        text += " Earlier changes to it: " + "; ".join(f"{m.group(1)} {m.group(2)} {m.group(3)} ('{m.group(4)}')"
                                                      for m in entries[1:6]) + "."
    return text


def _changed_values(old: str, new: str) -> str:
    """'(30 -> 5)' when the two lines differ only in some of their words."""
    a, b = re.findall(r"[\w.]+|\S", old), re.findall(r"[\w.]+|\S", new)
    if len(a) != len(b):
        return ""
    pairs = [(x, y) for x, y in zip(a, b) if x != y]
    return " (" + ", ".join(f"{x} -> {y}" for x, y in pairs[:3]) + ")" if 0 < len(pairs) <= 3 else ""


def _churn(record: CommandRecord) -> str:
    commits = _ONELINE.findall(record.output)
    stats = _SHORTSTAT.findall(record.output)
    if not commits or not stats:
        return ""
    inserted = sum(int(i or 0) for _, i, _ in stats)
    deleted = sum(int(d or 0) for _, _, d in stats)
    per = []
    for (sha, subject), block in zip(commits, re.split(r"^[0-9a-f]{7,40} .+$", record.output, flags=re.M)[1:]):
        stat = _SHORTSTAT.search(block)
        per.append(f"{sha} {subject.strip()[:80]}: +{stat.group(2) or 0} -{stat.group(3) or 0}" if stat
                   else f"{sha} {subject.strip()[:80]}: no file changes")
    n = len(commits)
    return (f"Over the last {n} commit{'s' * (n != 1)}: {inserted} insertions(+), {deleted} deletions(-) in all "
            f"(lines added {inserted}, removed {deleted}). Per commit, newest first: {'; '.join(per[:MAX_LISTED])}.")


def _bisect(record: CommandRecord) -> str:
    bad = _FIRST_BAD.search(record.output)
    if not bad:
        tail = next((line.strip() for line in reversed(record.output.splitlines()) if line.strip()), "")
        return f"git bisect found no first bad commit: {tail[:200]}" if tail else ""
    after = record.output[bad.end():]
    author = re.search(r"^Author:\s*([^<\n]+?)\s*(?:<[^>\n]*>)?\s*$", after, re.M)
    date = re.search(r"^Date:\s*(.+?)\s*$", after, re.M)
    subject = re.search(r"^Date:.*\n\s*\n {4}(.+)$", after, re.M)
    failure = [line.strip() for line in record.output[:bad.start()].splitlines()
               if re.match(r"\s*[\w.]*(?:Error|Exception|Failure):", line) or line.lstrip().startswith("--- FAIL")]
    text = f"git bisect: the first bad commit is {bad.group(1)[:7]}"
    text += f" '{subject.group(1).strip()}'" if subject else ""
    who = ", ".join(x.group(1) for x in (author, date) if x)
    text += f" ({who})." if who else "."
    if failure:
        text += f" The test's failure there: {failure[-1][:200]}."
    return text
