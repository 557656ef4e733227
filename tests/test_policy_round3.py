"""Unattended policy, round 3: the shell's truncating redirects onto an existing file ask as tee does, formatters and
fixers that rewrite the project's files ask unless told only to check, and migration commands that change a database
ask while their listings and previews stay allowed."""

from __future__ import annotations

import pytest

from terminus_edge.benchmarks.policy_probe import scratch_tree
from terminus_edge.policy import decide
from terminus_edge.shell_syntax import parse


@pytest.fixture
def tree(tmp_path):
    return scratch_tree(tmp_path)


def unattended(command: str, cwd):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


REDIRECTS_ASKED = [  # (command, words of the reason); x, f, app.db, build/keep.txt exist in the scratch tree
    ("make > x", "overwrites the existing file x (the shell truncates it first)"),
    ("make >| x", "overwrites the existing file x"),
    ("make &> x", "overwrites the existing file x"),
    ("make 1> x", "overwrites the existing file x"),
    ("make 2> x", "overwrites the existing file x"),
    ("make >& x", "overwrites the existing file x"),
    ("make 2>&1 > x", "overwrites the existing file x"),
    ("make>x", "overwrites the existing file x"),
    ("pytest -q > build/keep.txt 2>&1", "overwrites the existing file build/keep.txt"),
    ("git diff > ./f", "overwrites the existing file ./f"),
    ("echo '>' > x", "overwrites the existing file x"),
    ("ls > a/../x", "overwrites the existing file a/../x"),
    ("cd a && ls > x", "overwrites the existing file x"),
    ("sudo sh -c 'echo 1 > x'", "overwrites the existing file x"),
    ("bash -c \"make > app.db\"", "overwrites the existing file app.db"),
    ("(make > x)", "overwrites the existing file x"),
    ("for i in 1 2; do echo $i > x; done", "overwrites the existing file x"),
    ("uv run pytest > f", "overwrites the existing file f"),
    ("sort x > x", "empties x before reading it"),
    ("> x", "truncates the existing file x"),
    (": >| x", "truncates the existing file x"),
]


@pytest.mark.parametrize("command, why", REDIRECTS_ASKED, ids=[c for c, _ in REDIRECTS_ASKED])
def test_truncating_redirects_onto_existing_files_ask_unattended(command, why, tree):
    decision = unattended(command, tree)
    assert decision.action == "ask", decision
    assert why in decision.reason, decision


REDIRECTS_ALLOWED = [
    # appending, like tee -a
    "make >> x", "make &>> x", "make 2>> x", "echo hi >> app.db",
    # a new file, /dev/*, a fresh temp file, a file opened read-write (not truncated)
    "make > new.log", "make 2> new.err", "make > /dev/null 2>&1", "make &> /dev/null", "make 2>/dev/stderr",
    "make > build/new.log", "make > \"$(mktemp)\"", "make > $(mktemp -t build.XXXXXX)", "echo hi | tee $(mktemp)",
    "cat <> x", "echo 2 > new.txt", "make 2>&1 | tee new.log",
    # quoted or escaped `>` is a word, not a redirect
    "echo '>' x", "echo \">\" x", "grep '>' x", "grep -c \"> \" x", "echo \\> x", "echo 'a > x'",
    "python3 -c 'print(1 > 0)' x", "awk '$1 > 2' x", "jq '.a > 1' x", "grep -E 'a>|b' x",
    # reading a file is not writing it
    "wc -l < x", "sort < x", "diff <(sort x) <(sort f)",
]


@pytest.mark.parametrize("command", REDIRECTS_ALLOWED)
def test_appends_new_files_and_quoted_arrows_stay_allowed_unattended(command, tree):
    decision = unattended(command, tree)
    assert decision.action == "allow", decision


@pytest.mark.parametrize("redirect, tee", [
    ("echo hi > x", "echo hi | tee x"), ("echo hi >> x", "echo hi | tee -a x"),
    ("echo hi > new.txt", "echo hi | tee new.txt"), ("echo hi > /dev/null", "echo hi | tee /dev/null"),
    ("echo hi > $(mktemp)", "echo hi | tee $(mktemp)"), ("make 2>&1 > build/keep.txt", "make 2>&1 | tee build/keep.txt"),
])
def test_redirects_are_decided_as_tee_is(redirect, tee, tree):
    assert unattended(redirect, tree).action == unattended(tee, tree).action


@pytest.mark.parametrize("command", ["make > x", "make 2> app.db", "echo hi >| f"])
def test_redirect_rule_applies_only_unattended(command, tree):
    assert decide(command, cwd=tree, mode="auto").action == "allow"
    assert unattended(command, tree).action == "ask"


def test_quoted_arrows_outside_the_tree_are_not_writes(tree):
    # `grep '>' /etc/passwd` reads /etc/passwd; a quoted `>` once made it "a write outside the working tree"
    for command in ("grep '>' /etc/passwd", "grep \\> /etc/hosts"):
        assert decide(command, cwd=tree, mode="auto").action == "allow"
    assert decide("grep x > /etc/passwd", cwd=tree, mode="auto").action == "deny"


@pytest.mark.parametrize("command, words, writes, appends", [
    ("echo '>' x", ["echo", ">", "x"], [], []),
    ("echo \\>\\> x", ["echo", ">>", "x"], [], []),
    ("echo 2 > f", ["echo", "2"], ["f"], []),
    ("echo 2>f", ["echo"], ["f"], []),
    ("cmd 2>>log >out", ["cmd"], ["log", "out"], ["log"]),
    ("cmd &>out 2>&1", ["cmd"], ["out"], []),
    ("cmd >|out", ["cmd"], ["out"], []),
    ("cat <>f", ["cat"], ["f"], ["f"]),
    ("echo \"a;b\" '|' \\&", ["echo", "a;b", "|", "&"], [], []),
])
def test_parse_tells_operators_from_quoted_words(command, words, writes, appends):
    (simple,) = parse(command)
    assert (simple.words, simple.writes, simple.appends) == (words, writes, appends)
