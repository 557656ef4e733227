"""A short output shown whole keeps the counts the parsers derived from it (`3 files with conflicts` from three
CONFLICT lines) above it; a count the output already prints in the same words is not said twice."""

from __future__ import annotations

import pytest
from real_captures import summary_of

from terminus_edge.summarize.compose import compose_body
from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.pipeline import summarize

@pytest.mark.parametrize("name, count", [
    ("git-merge-conflict-multi", "3 files with conflicts"),
    ("git-merge-modify-delete", "2 files with conflicts"),
    ("git-checkout-blocked-local-changes", "2 files with local changes would be overwritten"),
    ("isort-check", "imports incorrectly sorted in 2 files"),
    ("git-status-mixed", "2 untracked"),
])
def test_real_short_outputs_keep_their_derived_counts_above_the_output(name, count):
    text = summary_of(name)
    assert "Output:\n" in text, "the case is meant to pass verbatim"
    head, output = text.split("Output:\n", 1)
    assert count in head and count not in output


@pytest.mark.parametrize("name, not_said", [
    ("sh-ls-cannot-access", "2 lines of output"),  # the output's own size: the reader sees it
    ("git-pull-conflict", "1 file with conflicts"),  # one CONFLICT line is counted at a glance
])
def test_sizes_and_single_items_are_not_worth_a_line(name, not_said):
    assert not_said not in summary_of(name)


def test_a_count_the_output_prints_in_the_same_words_is_not_repeated():
    text = "Compiling a\nCompiling b\nbuild done: 12 targets, 3 skipped\n"
    facts = Facts(exit_code=0, n_lines=4, highlights=["build done: 12 targets, 3 skipped"])
    assert compose_body(facts, text, None, 200) == "succeeded (exit code 0). Output:\n" + text.strip()


def test_a_derived_count_is_kept_even_when_its_number_appears_elsewhere():
    # `3` occurs in the output (a line number), but nothing there says "3 files"
    text = "a.py:3: would reformat\nb.py\nc.py\n"
    facts = Facts(exit_code=1, n_lines=4, highlights=["3 files would be reformatted"])
    assert compose_body(facts, text, None, 200).startswith("exit code 1; 3 files would be reformatted. Output:\n")


def test_synthetic_merge_conflict_counts_its_files():
    out = ("Auto-merging a.py\nCONFLICT (content): Merge conflict in a.py\nCONFLICT (content): Merge conflict in b.py\n"
           "Automatic merge failed; fix conflicts and then commit the result.\n")
    body = summarize("git merge feature", out.encode(), 1).body
    assert body.startswith("exit code 1; 2 files with conflicts. Output:\nAuto-merging a.py")


def test_go_packages_tally_still_kept():
    out = "ok  \tex.com/a\t0.01s\nok  \tex.com/b\t0.01s\n"
    assert summarize("go test ./...", out.encode(), 0).body.startswith("succeeded (exit code 0); packages: 2 ok, 0 failed. Output:")
