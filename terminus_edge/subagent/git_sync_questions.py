"""Questions about a branch against its upstream and about files git does not see, each answered by read-only git
commands a user can re-run, with the answer sentences read off their output.

    upstream_plan     "is main up to date with origin? what would a push send?" -> git status -sb, then the commits
                      on each side (as of the last fetch: nothing is fetched)
    ignored_plan      "git status does not show config/local.yaml, why?" -> git check-ignore -v PATH (the rule)
    git_sync_reports(records) -> [str]
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.repo_questions import _in_git as in_git

_UPSTREAM = re.compile(r"\b(?:up[\s-]to[\s-]date|in\s+sync|behind|ahead)\b[^.?!\n]{0,40}\b(?:origin|upstream|remote)\b|"
                       r"\b(?:origin|upstream|remote)\b[^.?!\n]{0,40}\b(?:up[\s-]to[\s-]date|in\s+sync|behind|ahead)\b|"
                       r"\b(?:unpushed|not\s+(?:yet\s+)?pushed|need\s+to\s+(?:push|pull)|would\s+(?:a\s+)?push\s+send|"
                       r"what\s+would\s+(?:a\s+|I\s+)?push|(?:still\s+)?need\s+to\s+pull|ahead\s+of|behind\s+(?:origin|upstream))\b",
                       re.I)
LOG_FORMAT = "--format='%h %s (%an, %ad)' --date=short"
STATUS = "git status -sb"


def upstream_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _UPSTREAM.search(query) or not in_git(cwd):
        return []
    return [planned(f"{STATUS} | head -n 1", "info", "show the branch, its upstream and how far ahead / behind it is "
                                                       "(as of the last fetch)"),
            planned(f"git log {LOG_FORMAT} @{{upstream}}..HEAD", "info", "list the commits a push would send"),
            planned(f"git log {LOG_FORMAT} HEAD..@{{upstream}}", "info", "list the upstream's commits not merged here")]


_IGNORED = re.compile(r"\b(?:ignored|ignores?|gitignore|check-ignore)\b|\bgit\s+(?:status|add)\b[^.?!\n]{0,60}\b(?:does(?:n't|"
                      r"\s+not)\s+(?:show|list|see|pick|add)|nothing|not\s+(?:shown|listed)|won't|ignores)|\b(?:does(?:n't|\s+not)|"
                      r"won't)\s+(?:show\s+up|appear)\s+in\s+git\b|\b(?:doesn't|does\s+not|won't)\s+git\s+(?:status|add)\b", re.I)
_PATH_WORD = re.compile(r"(?<![\w./-])((?:\./)?[\w.-]+(?:/[\w.-]+)*\.[A-Za-z0-9]{1,8}|[\w.-]+/[\w./-]*[\w-])(?![\w/-])")


def ignored_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _IGNORED.search(query) or not in_git(cwd):
        return []
    paths = [p for p in dict.fromkeys(m.group(1) for m in _PATH_WORD.finditer(query))
             if not p.startswith(".git") and ".." not in p.split("/")][:4]
    if not paths:
        return []
    quoted = " ".join(shlex.quote(p) for p in paths)
    return [planned(f"git check-ignore -v --no-index {quoted}", "info",
                    "name the ignore rule (file:line:pattern) that hides each path; exit 1 when none does")]


_STATUS_LINE = re.compile(r"^## (\S+?)(?:\.\.\.(\S+))?(?: \[(.*)\])?$", re.M)
_COMMIT = re.compile(r"^([0-9a-f]{7,40}) (.+)$", re.M)
_RULE = re.compile(r"^(.+?):(\d+):(.*?)\t(.+)$", re.M)
MAX_NAMED = 10


def git_sync_reports(records: list[CommandRecord]) -> list[str]:
    return [_upstream(records), _ignored(records)]


def _upstream(records: list[CommandRecord]) -> str:
    status = next((r for r in records if not r.refused and r.exit_code == 0 and r.command.startswith(STATUS)), None)
    line = _STATUS_LINE.search(status.output) if status else None
    if not line:
        return ""
    branch, upstream, state = line.groups()
    if not upstream:
        return f"{branch} has no upstream branch set, so there is nothing to compare it with."
    ahead = re.search(r"ahead (\d+)", state or "")
    behind = re.search(r"behind (\d+)", state or "")
    if not ahead and not behind:
        return f"{branch} is up to date with {upstream} as of the last fetch (git status shows no ahead / behind)."
    parts = [f"{branch} is not up to date with {upstream} (as of the last fetch):"]
    if ahead:
        parts.append(f"{ahead.group(1)} commit{'s' * (ahead.group(1) != '1')} ahead (a push would send"
                     + _commits(records, "@{upstream}..HEAD") + ")")
    if behind:
        parts.append(("; " if ahead else "") + f"{behind.group(1)} commit{'s' * (behind.group(1) != '1')} behind "
                     f"(to pull" + _commits(records, "HEAD..@{upstream}") + ")")
    return " ".join(parts[:2]) + "".join(parts[2:]) + "."


def _commits(records: list[CommandRecord], span: str) -> str:
    log = next((r for r in records if not r.refused and r.exit_code == 0 and r.command.endswith(span)), None)
    commits = _COMMIT.findall(log.output) if log else []
    return (": " + "; ".join(f"{h} {s.strip()[:100]}" for h, s in commits[:MAX_NAMED])) if commits else ""


def _ignored(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith("git check-ignore -v")), None)
    if record is None or record.exit_code not in (0, 1):
        return ""
    rules = [(path, f"{source}:{line}", pattern) for source, line, pattern, path in _RULE.findall(record.output)
             if not pattern.startswith("!")]
    if not rules:
        return "No ignore rule matches the path(s) asked about (`git check-ignore` exit code 1): git does not ignore them."
    return " ".join(f"{path} is ignored by {where} (pattern {pattern})." for path, where, pattern in rules[:MAX_NAMED])
