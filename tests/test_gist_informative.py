"""Junk gists (session 10): a model sentence that tells nothing the Command line and the exit code do not is left out
(summarize/informative.py), as is a word mixing letters and digits that the output never has whole
(grounding.unseen_mixed_words). Both ways: on the held-out set of guard-accepted gists labelled by hand before the
rules (tests/data/gist_junk_s10), every junk sentence goes and every informative one stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.benchmarks import gist_acceptance as ga
from terminus_edge.model import FakeModel
from terminus_edge.summarize.grounding import unseen_mixed_words
from terminus_edge.summarize.informative import says_nothing

DATA = Path(__file__).parent / "data"
LABELLED = [json.loads(line) for line in (DATA / "gist_junk_s10" / "accepted.jsonl").read_text().splitlines()]
REAL = [row for row in LABELLED if row["corpus"] == "real"]  # the dev cases live outside the repository


def _case(case_id: str) -> fb.Case:
    folder = DATA / "real" / case_id
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return fb.Case(case_id, (folder / "command.txt").read_text(encoding="utf-8").strip(),
                   (folder / "output.txt").read_bytes(), meta)


@pytest.mark.parametrize("row", REAL, ids=[row["case"] for row in REAL])
def test_the_labelled_accepted_gists(row):
    record = ga.run_case(_case(row["case"]), ga.RecordingModel(FakeModel([row["gist"]])))
    if row["label"] == "junk" or row.get("why", "").startswith("false"):  # false ones are the guard's to remove
        assert record.outcome == "rejected", (row["gist"], row["why"])
    else:
        assert record.outcome == "accepted" and record.gist == row["gist"], (row["gist"], record.reasons)


def test_the_held_out_set_has_both_labels():
    labels = [row["label"] for row in LABELLED]
    assert labels.count("junk") == 6 and labels.count("informative") == 53


@pytest.mark.parametrize("sentence, command", [
    ("mvn failed because -B compile.", "mvn -o -B compile"),  # the command's own arguments
    ("fpc stats.pas failed because fpc stats.pas failed.", "fpc stats.pas"),  # the claim again
    ("Cargo failed because the test suite failed.", "cargo test"),  # only words for failing
    ("python failed because the test suite has a bug.", "python -m unittest tests.test_units -v"),
    ("gradle failed because --offline build failed.", "gradle --offline tset"),  # a flag
    ("make failed due to an error.", "make"),
    ("pytest tests/test_a.py failed because tests/test_a.py failed.", "pytest -x tests/test_a.py"),  # the claim again
    ("Cargo failed.", "cargo build"),
    ("The command failed with exit code 2.", "make"),
    ("npm-run-all build:a build:b failed.", "npm-run-all build:a build:b"),  # every operand: nothing picked out
])
def test_a_sentence_made_of_the_command_and_its_status_says_nothing(sentence, command):
    assert says_nothing(sentence, command)


@pytest.mark.parametrize("sentence, command", [
    ("npm-run-all failed because build:b failed.", "npm-run-all build:a build:b build:c"),  # which of several
    ("dune failed because 1 error.", "dune build"),  # a count, though it equals the exit code
    ("mvn failed because 1 test failed and 1 error.", "mvn -o -B test"),
    ("git am failed because patch does not apply.", "git am ../patches2/0001-calc-tune-mul.patch"),
    ("npx failed because src/broken.js:2,46.", "npx terser src/broken.js -c -m -o dist/broken.min.js"),  # a place
    ("make failed because of a timeout.", "make"),
    ("make failed because cc was killed.", "make CC=cc"),
    ("pytest passed.", "pytest"),  # the outcome is the exit-code line's, but checked elsewhere
    ("gcc compiled main.c with 3 warnings.", "gcc -c main.c"),
    ("pytest failed on test_total because of an error.", "pytest"),  # the claim tells which test
    ("The linker failed because of the linker.", "gcc -o app main.o"),  # what failed: not the compiler
])
def test_a_sentence_with_its_own_content_says_something(sentence, command):
    assert says_nothing(sentence, command) is None


def test_a_word_mixing_letters_and_digits_must_occur_whole():
    haystack = ("263e866e7a354349161e1c2980ee54b0909a708d is the first bad commit\n"
                "npm notice 17b index.js\nfinished in 0.54s")
    assert unseen_mixed_words("git bisect found 263e866e7b.", haystack) == ["263e866e7b"]  # a prefix of another hash
    assert unseen_mixed_words("npm notice 1B tarball.", haystack) == ["1B"]  # not 17B
    assert unseen_mixed_words("It finished in 0.54s after 17B were read.", haystack) == []
    assert unseen_mixed_words("The first bad commit is 263e866e7a354349161e1c2980ee54b0909a708d.", haystack) == []
