"""Ask mode's read-only list: a listed tool with an option or operand that writes or changes something is not
read-only (`sort -o`, `uniq IN OUT`, `date -s`, `git branch NAME`, `git remote remove`, `git diff --output`), and
the unattended policy asks for the git ones that drop or overwrite state."""

from __future__ import annotations

import pytest

from terminus_edge import policy

ASK_MODE_WRITES = [
    "sort -o data.txt data.txt", "sort --output=sorted.txt data.txt", "uniq data.txt out.txt", "date -s 2020-01-01",
    "date --set='2020-01-01'", "file -C -m magic", "tree -o listing.txt", "find . -fls listing.txt",
    "find . -name '*.tmp' -ok rm {} ;", "git branch feature", "git branch -D main", "git branch -m old new",
    "git branch --set-upstream-to=origin/main", "git remote remove origin", "git remote set-url origin git@x:y.git",
    "git remote add upstream https://example.com/r.git", "git diff --output=changes.patch", "git log -p --output log.txt",
    "git show --output=show.txt HEAD",
]
ASK_MODE_READS = [
    "sort -u data.txt", "sort -k2 -n data.txt", "uniq -c data.txt", "date +%s", "date -d yesterday", "file data.txt",
    "tree -L 2", "find . -name '*.py'", "cat token-ok.txt", "git branch", "git branch -a", "git branch -av",
    "git branch --list 'feat*'", "git branch --contains HEAD", "git branch --merged main -r",
    "git branch --sort=-committerdate --format='%(refname:short)'", "git branch --show-current", "git remote",
    "git remote -v", "git remote show origin", "git remote get-url origin", "git diff --stat HEAD~1",
    "git log --oneline -5", "git show HEAD",
]


@pytest.mark.parametrize("command", ASK_MODE_WRITES)
def test_a_read_only_tool_that_writes_asks_in_ask_mode(command, tmp_path):
    (tmp_path / "data.txt").write_text("b\na\n")
    assert policy.decide(command, cwd=tmp_path, mode="ask").action == "ask"


@pytest.mark.parametrize("command", ASK_MODE_READS)
def test_read_only_forms_stay_allowed_in_ask_mode(command, tmp_path):
    (tmp_path / "data.txt").write_text("b\na\n")
    assert policy.decide(command, cwd=tmp_path, mode="ask").action == "allow"


@pytest.mark.parametrize("command,reason", [
    ("git remote remove origin", "remotes"), ("git remote rm origin", "remotes"),
    ("git remote set-url origin x", "remotes"), ("git remote rename origin old", "remotes"),
    ("git remote prune origin", "remotes"), ("git remote update --prune", "remotes"),
    ("git branch -M main", "overwrites an existing branch"), ("git branch -f main HEAD~2", "overwrites an existing branch"),
    ("git diff --output=existing.patch", "overwrites the existing file existing.patch"),
])
def test_unattended_git_changes_to_remotes_branches_and_files_ask(command, reason, tmp_path):
    (tmp_path / "existing.patch").write_text("old\n")
    decision = policy.decide(command, cwd=tmp_path, mode="auto", unattended=True)
    assert decision.action == "ask" and reason in decision.reason


@pytest.mark.parametrize("command", [
    "git remote -v", "git remote prune origin --dry-run", "git remote update", "git remote add upstream x",
    "git branch -m old new", "git branch feature", "git diff --output=new.patch",
])
def test_unattended_git_forms_that_lose_nothing_stay_allowed(command, tmp_path):
    assert policy.decide(command, cwd=tmp_path, mode="auto", unattended=True).action == "allow"
