"""Questions about the project's git history, each answered by commands a user can re-run (the answer sentences are in
history_answers.py):

    lock_diff_plan     "which dependency versions did the last commit change in package-lock.json?" -> a python3 diff
                       of the lock file between the newest commit that touched it and its parent (package-lock.json,
                       Cargo.lock / poetry.lock / uv.lock, go.sum, requirements-style name==version pins)
    line_history_plan  "who changed the timeout in config.py, and when?" -> git log -L N,N:FILE on the line the
                       request's words point at
    churn_plan         "how many lines were added and removed over the last 3 commits?" -> git log --shortstat -3
    bisect_plan        "which commit broke test_x?" -> git bisect run with the project's test command for that test,
                       from the root commit to HEAD, then git bisect reset
Each returns [] when the request is no such question or the project is no git checkout.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import PlannedCommand
from terminus_edge.subagent.repo_questions import _in_git

LOCK_FILES = ("package-lock.json", "npm-shrinkwrap.json", "Cargo.lock", "poetry.lock", "uv.lock", "Pipfile.lock",
              "go.sum", "requirements.lock", "requirements.txt", "constraints.txt")
_LOCK_WORDS = re.compile(r"\block\s*files?\b|(?<![\w.-])[\w.-]+\.lock\b|\bpackage-lock\.json\b|\bgo\.sum\b|"
                         r"\b(?:dependency|dependencies|package)\s+versions?\b|\bversions?\s+of\s+(?:the\s+)?dependencies\b",
                         re.I)
_CHANGE = re.compile(r"\b(?:chang\w*|bump\w*|updat\w*|upgrad\w*|downgrad\w*|differ\w*|diff)\b", re.I)
_WHEN = re.compile(r"\b(?:commit|last|latest|recent|previous|since|history)\b", re.I)
_LOCK_DIFF = (
    "import json, re, subprocess, sys\nf = sys.argv[1]\n"
    "def git(*a): return subprocess.run([\"git\", *a], capture_output=True, text=True).stdout\n"
    "rev = git(\"log\", \"-1\", \"--format=%h\", \"--\", f).strip()\n"
    "if not rev: sys.exit(f\"no commit changed {f}\")\n"
    "print(\"commit\", git(\"log\", \"-1\", \"--format=%h %s (%an, %ad)\", \"--date=short\", rev).strip())\n"
    "def versions(text):\n    if not text.strip(): return {}\n    if f.endswith(\".json\"):\n"
    "        d = json.loads(text); out = {}\n        for k, v in (d.get(\"packages\") or {}).items():\n"
    "            if k: out[k.split(\"node_modules/\")[-1] + (\" (nested)\" if k.count(\"node_modules/\") > 1 else \"\")] = "
    "v.get(\"version\")\n"
    "        def walk(deps):\n            for k, v in (deps or {}).items(): out.setdefault(k, v.get(\"version\")); "
    "walk(v.get(\"dependencies\"))\n        if not out: walk(d.get(\"dependencies\"))\n        return out\n"
    "    if \"[[package]]\" in text:\n        import tomllib\n"
    "        return {p[\"name\"]: p.get(\"version\") for p in tomllib.loads(text).get(\"package\", [])}\n"
    "    if f.endswith(\"go.sum\"): return dict(re.findall(r\"^(\\S+) (v[^\\s/]+)(?:/go\\.mod)? \", text, re.M))\n"
    "    return {k.lower(): v for k, v in re.findall(r\"^([A-Za-z0-9_.-]+)(?:\\[[^\\]]*\\])?\\s*==\\s*([^\\s;#,]+)\", text, re.M)}\n"
    "old, new = versions(git(\"show\", f\"{rev}~1:{f}\")), versions(git(\"show\", f\"{rev}:{f}\"))\n"
    "changed = [k for k in sorted(new) if k in old and old[k] != new[k]]\n"
    "added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))\n"
    "for k in changed: print(f\"changed: {k} {old[k]} -> {new[k]}\")\n"
    "for k in added: print(f\"added: {k} {new[k]}\")\nfor k in removed: print(f\"removed: {k} {old[k]}\")\n"
    "same = len(new) - len(changed) - len(added)\n"
    "print(f\"{len(changed)} changed, {len(added)} added, {len(removed)} removed, {same} unchanged in {f}\")")


def lock_diff_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_LOCK_WORDS.search(query) and _CHANGE.search(query) and _WHEN.search(query)) or not _in_git(cwd):
        return []
    named = [p for p in named_paths(query, cwd) if Path(p).name in LOCK_FILES or p.endswith(".lock")]
    lock = named[0] if named else next((n for n in LOCK_FILES if is_file(cwd / n)), None)
    if lock is None:
        return []
    return [planned(python_script(_LOCK_DIFF, lock), "info",
                    f"compare every package version in {lock} between the newest commit that changed it and its parent")]


_WHO = re.compile(r"\bwho\s+(?:last\s+|first\s+)?(?:changed|wrote|added|set|introduced|modified|touched|edited|bumped|"
                  r"lowered|raised|removed|updated)\b|\bgit\s+blame\b|\bblame\b|\bwhen\s+(?:was|did|were)\b[^?.!\n]{0,80}?"
                  r"\b(?:chang|add|introduc|set|modif|bump|lower|rais)\w*", re.I)
_STOP = {"who", "what", "when", "which", "changed", "change", "changes", "line", "file", "value", "this", "that", "there",
         "with", "from", "into", "last", "first", "commit", "were", "does", "have", "wrote", "added", "introduced",
         "modified", "touched", "edited", "bumped", "lowered", "raised", "removed", "updated", "blame", "git", "the",
         "and", "did", "was", "set", "seconds", "minutes", "where", "why"}


def line_history_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _WHO.search(query) or not _in_git(cwd):
        return []
    files = [p for p in named_paths(query, cwd) if is_file(cwd / p)]
    if not files:
        return []
    words = {w.lower() for w in re.findall(r"[A-Za-z_]{4,}", query)} - _STOP - {Path(files[0]).stem.lower()}
    numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", query))
    try:
        lines = (cwd / files[0]).read_text(encoding="utf-8", errors="replace").splitlines()[:5000]
    except OSError:
        return []
    best, best_score = 0, 0
    for number, line in enumerate(lines, 1):
        lowered = line.lower()
        score = 2 * sum(w in lowered for w in words) + sum(n in re.findall(r"\d+(?:\.\d+)?", line) for n in numbers)
        if score > best_score:
            best, best_score = number, score
    if not best or best_score < 2:
        return []
    target = f"-L{best},{best}:{files[0]}"
    return [planned(f"git log {shlex.quote(target)} --format='commit %h%x09%an%x09%ad%x09%s' --date=short", "info",
                    f"show each commit that changed line {best} of {files[0]}, newest first, with its diff")]


_CHURN = re.compile(r"\b(?:lines?|loc)\b[^.?!\n]{0,40}\b(?:add(?:ed|s)?|remov(?:e|ed|es)|chang(?:e|ed|es)|insert\w*|delet\w*)\b|"
                    r"\b(?:insertions|deletions|churn)\b|\b(?:added|removed)\b[^.?!\n]{0,30}\blines?\b", re.I)
_LAST_N = re.compile(r"\blast\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+commits\b|"
                     r"\b(?:last|latest|newest|most\s+recent)\s+(commit)\b", re.I)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def churn_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _LAST_N.search(query)
    if not match or not _CHURN.search(query) or not _in_git(cwd):
        return []
    word = (match.group(1) or "1").lower()
    count = int(word) if word.isdigit() else _NUMBERS.get(word, 1)
    return [planned(f"git log --shortstat --oneline -{max(1, min(count, 200))}", "info",
                    f"list the last {count} commit{'s' * (count != 1)} with the lines each inserted and deleted")]


_BISECT = re.compile(r"\bbisect\b|\bwhich\s+commit\b[^?.!\n]{0,60}\b(?:broke|break|breaks|introduc\w*|caus\w*)|"
                     r"\bcommit\s+(?:that\s+)?(?:broke|introduced|caused)\b|\bfirst\s+bad\s+commit\b|"
                     r"\bwhen\s+did\b[^?.!\n]{0,60}\bstart\s+failing\b", re.I)
_TEST_NAME = re.compile(r"(?<![\w.])(test_\w+|Test[A-Z]\w*|\w+_test)(?![\w(])")
BISECT_TEST_TIMEOUT_S = 60


def bisect_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _BISECT.search(query) or not _in_git(cwd):
        return []
    from terminus_edge.subagent.detect import detect

    tests = detect(cwd).test
    if not tests:
        return []
    name = _TEST_NAME.search(query)
    command = _for_test(tests[0], name.group(1)) if name else tests[0]
    if re.search(r"[;&|<>$`]", command):  # git bisect run takes one program and its arguments
        command = f"sh -c {shlex.quote(command)}"
    root = '"$(git rev-list --max-parents=0 HEAD | tail -n 1)"'
    return [planned(f"git bisect start HEAD {root} && git bisect run timeout {BISECT_TEST_TIMEOUT_S} {command}; "
                    "git bisect reset", "info",
                    "find the first commit where the test fails (git bisect run, from the first commit to HEAD), then "
                    "return to HEAD", timeout_s=300.0)]


def _for_test(command: str, name: str) -> str:
    """The test command limited to the one test the request names, where its runner takes a name filter."""
    quoted = shlex.quote(name)
    if re.search(r"\b(pytest|unittest)\b", command):
        return f"{command} -k {quoted}"
    if command.startswith("go test"):
        return f"{command} -run {shlex.quote('^' + name + '$')}"
    if command.startswith("cargo test"):
        return f"{command} {quoted}"
    if re.search(r"\bnode --test\b", command):
        return f"{command} --test-name-pattern={quoted}"
    return command
