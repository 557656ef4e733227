"""git status says how many changes a section holds when its list is cut (long form), and how the short (porcelain v1)
form's two letters group the paths."""
from terminus_edge.summarize.facts import git

LONG = """On branch main
Changes to be committed:
  (use "git restore --staged <file>..." to unstage)
\tmodified:   f1
\tnew file:   f2

Changes not staged for commit:
  (use "git add <file>..." to update what will be committed)
""" + "".join(f"\tmodified:   m{i}\n" for i in range(9)) + """
Untracked files:
  (use "git add <file>..." to include in what will be committed)
\tnew1
"""

SHORT = "## main...origin/main [ahead 1]\nM  f1\nMM f2\n M m1\n D gone\nUU both\n?? new1\n?? new2\n!! ignored.log\n"


def test_long_status_counts_each_section():
    highlights = git.parse(LONG).highlights
    assert "staged: modified f1, new file f2" in highlights  # seen whole: no count
    assert any(h.startswith("9 not staged: modified m0,") and h.endswith("(+3 more)") for h in highlights)
    assert "1 untracked: new1" in highlights


def test_short_status_counts_each_group():
    highlights = git.parse(SHORT).highlights
    assert "on branch main...origin/main [ahead 1]" in highlights
    assert "2 staged: f1, f2" in highlights
    assert "3 not staged: f2, m1, gone" in highlights
    assert "1 unmerged: both" in highlights
    assert "2 untracked: new1, new2" in highlights


def test_lines_that_are_not_all_status_lines_are_not_read_as_status():
    assert not any("staged" in h for h in git.parse("M  f1\nthis is not a status line\n").highlights)
    assert git.parse("a1b2c3d fix: x\ne4f5a6b feat: y\n").highlights[0].startswith("2 commits listed")
