"""The fact guard on real captures (tests/data/real) with the gists SmolLM2-135M actually wrote for them.

Session 4 ran the default model over every real capture: these sentences came through the old guard although the
output does not support them (the reader addressed as "you", talk about "the output of the command", one output line
echoed from a failed run, a frame paired with another frame's line number, "the test was executed" when none ran).
The count and exit-code sentences are the same model's failure modes at their sharpest: real numbers paired wrongly.
Each bad gist has a faithful control on the same capture that must survive, so no rule can pass by removing all.
"""

from __future__ import annotations


import pytest

from linear_time import assert_linear
from real_captures import load
from terminus_edge.model import FakeModel
from terminus_edge.summarize.claims import claims_timeout, unsupported_claims, wrong_counts, wrong_exit_code, wrong_locations
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.pipeline import summarize

FROM_THE_MODEL = [  # survived the guard before session 4, verbatim from the default bundle's replies
    ("gradle-compile-errors-tty", "You're right."),
    ("gradle-offline-missing-dependency", "You're asked to provide a summary of a problem you're solving."),
    ("mocha-failing", "You summarize the output of a function with a specific command."),
    ("pip-externally-managed", "Extracting the output from the command pip install requests."),
    ("cmake-configure-missing-package", "The output of the command cmake -S build."),
    ("configure-missing-header", "The output of the command `CC=clang ./configure` is `checking for clang options.."),
    ("git-push-hook-declined", "The output of the command `git push origin main` is a rejection of a remote merge request."),
    ("jest-console-blocks", "PASS src/mod3.test.js."),  # one passing file, from a run that failed
    ("git-merge-conflict-multi", "Auto-merging README.md."),  # the merge did not merge it: a conflict
    ("java-caused-by-chain", "Exception in string at App.parsePort(13)."),  # line 13 is App.load's
    ("poetry-check-warnings", "Tool.poetry.authors is deprecated and deprecated in the latest version of the tool."),
    ("rspec-load-error", "A failure occurred when the test was executed."),  # 0 examples ran
    ("meson-setup-missing-dependency", "The Meson build system."),
    # from a prompt variant (session 4, not kept): the reader addressed mid-sentence, a phrase looped
    ("pip-build-deps-module-not-found",
     "When you run pip install numpy and the output is a list of the missing module names and the missing module names."),
]
WRONG_PAIRINGS = [  # every number in them occurs in the output; the pairing is what is false
    ("jest-console-blocks", "Two tests failed in src/mod4.test.js."),  # 1 failed
    ("jest-console-blocks", "All 18 tests failed in the jest run."),  # 18 in all, 17 passed
    ("perlcritic-violations", "Perlcritic exited with code 3 on report.pl."),  # exit 2; "Severity: 3" in the output
    ("ctest-parallel-rerun-failed", "Two of the 4 tests failed: math_div and math_slow."),  # all 4 failed
    ("mix-test-pass", "All 5 tests passed."),  # 4 passed, 1 skipped
    # from a facts-only prompt variant: the command said to run and "the output" talked about, "a user" narrated
    ("git-stash-pop-automerged", 'The command "git stash pop" was executed and the output was saved to the git stash URL.'),
    ("pip-no-matching-version", 'The command "pip install requests==2.99.1" was executed and the output was printed to the console.'),
    ("pyright-errors", 'The command "pyright inventory" failed to match the expected output.'),
    ("pip-requires-python", "The command pip install django==6.0 was skipped and the 21 versions skipped were skipped and ignored."),
    ("pip-build-deps-module-not-found", "A user reports a missing module numpy and a failure to build wheel when building a wheel image."),
    # from a one-shot prompt variant: `timeout 60 cargo build` set a limit; cargo stopped on a missing crate
    ("cargo-build-offline-missing-crate", "The server crashed with a timeout of 60 seconds."),
]
SUCCESS_ON_FAILURE = [  # no "all" and no "success": the old success pattern missed these
    ("jest-console-blocks", "The tests passed in the jest run."),
    ("ctest-parallel-rerun-failed", "Every test has passed."),
]
FAITHFUL = [
    ("mix-test-pass", "The tests passed and one was skipped."),
    ("jest-console-blocks", "One test failed in src/mod4.test.js: case 2 received 6 instead of -1."),
    ("jest-console-blocks", "17 tests passed and 1 failed."),
    ("ctest-parallel-rerun-failed", "All 4 tests failed: math_div failed, math_slow timed out and math_missing was not run."),
    ("ctest-parallel-rerun-failed", "CTest exited with code 8 because 4 tests failed."),
    ("perlcritic-violations", "Perlcritic exited with code 2 on report.pl."),
    ("git-merge-conflict-multi", "The merge stopped on conflicts in README.md, app.py and config.toml."),
    ("mix-test-pass", "Four of the 5 tests passed and 1 was skipped."),
    # (a restatement keeps to the facts' words: "the port value 80a" and "in offline mode" say what the output shows,
    # but the facts do not, and the guard now removes a model's words from beyond the facts: test_gist_grounding.py)
    ("java-caused-by-chain", "The input string 80a is not a number, so App.parsePort failed at App.java:6."),
    ("rspec-load-error", "No examples ran because spec2/pricing_spec.rb could not load lib/missing_pricing."),
    ("cargo-build-offline-missing-crate", "Cargo found no package named serde offline."),
    # the facts-only variant's one faithful reply, verbatim
    ("cargo-build-offline-missing-crate",
     'The command `timeout 60 cargo build --offline` fails with a message saying "No matching package named `serde` found."'),
]


def summarize_with(name: str, gist: str):
    case = load(name)
    return summarize(case.command, case.output, case.meta["exit_code"], model=FakeModel([gist]))


@pytest.mark.parametrize("name, gist", FROM_THE_MODEL + WRONG_PAIRINGS + SUCCESS_ON_FAILURE)
def test_an_unsupported_gist_from_a_real_capture_is_removed(name, gist):
    s = summarize_with(name, gist)
    assert not s.model_used and gist not in s.body
    assert s.model_note == "the local model's sentence was left out: it could not be checked against the output"
    assert s.model_detail["fact_guard"]["removed_sentences"] == 1 and s.model_detail["fact_guard"]["reasons"][0]
    assert s.body.endswith("(the local model's sentence was left out: it could not be checked against the output)")


@pytest.mark.parametrize("name, gist", FAITHFUL)
def test_a_faithful_gist_of_the_same_capture_stays(name, gist):
    s = summarize_with(name, gist)
    assert s.model_used and s.body.endswith(gist), s.model_note


def test_counts_are_checked_against_the_count_facts():
    output = "collected 10 items\n\nFAILED a.py::t1\nFAILED a.py::t2\nFAILED a.py::t3\n3 failed, 7 passed in 0.1s\n"
    facts = extract_facts("pytest -q", output, 1)
    haystack = output.lower()
    assert wrong_counts("Three tests failed.", facts, haystack) == []
    assert wrong_counts("3 of 10 tests failed.", facts, haystack) == []
    assert wrong_counts("Seven tests passed.", facts, haystack) == []
    assert wrong_counts("Ten tests failed.", facts, haystack) == ["Ten tests failed"]
    assert wrong_counts("7 of the 10 tests failed.", facts, haystack) == ["7 of the 10 tests failed"]
    assert wrong_counts("One of the tests failed.", facts, haystack) == []  # at least one: no count claimed


def test_a_count_the_output_states_is_supported_without_a_count_fact():
    output = "Found 2 errors in 1 file (checked 4 source files)\n"
    facts = extract_facts("some-checker .", output, 1)
    assert wrong_counts("The checker found 2 errors in 1 file.", facts, output.lower()) == []
    assert wrong_counts("The checker found 4 errors.", facts, output.lower()) == ["4 errors"]


def test_exit_code_and_location_claims():
    facts = extract_facts("make", "make: *** [Makefile:3: all] Error 2\n", 2)
    assert wrong_exit_code("Make exited with code 2.", facts) == []
    assert wrong_exit_code("The exit code was 3.", facts) == ["exit code was 3"]
    haystack = "at App.parsePort(App.java:8)\nat App.load(App.java:13)\n".lower()
    assert wrong_locations("App.load failed at App.java:13.", haystack) == []
    assert wrong_locations("It failed at line 8 of App.java.", haystack) == []
    assert wrong_locations("App.parsePort(13) threw.", haystack) == ["App.parsePort(13)"]


def test_tests_said_to_run_when_none_ran():
    case = load("rspec-load-error")
    facts = extract_facts(case.command, case.output.decode(), case.meta["exit_code"])
    assert unsupported_claims("The tests were run.", facts, "")
    assert not unsupported_claims("No examples were run.", facts, "")
    assert not unsupported_claims("Loading the spec file failed.", facts, "")


def test_off_topic_voice_and_meta_talk():
    from terminus_edge.summarize.guard import off_topic

    assert off_topic("Sure, the build broke on main.c.")
    assert off_topic("The build broke, as you can see in main.c.")
    assert off_topic("The output of the build lists two errors.")
    assert not off_topic("I/O errors stopped the copy of data.bin.")  # "I/O" is not the assistant speaking
    assert not off_topic("The build broke on main.c because config.h is missing.")


def test_a_timeout_claim_needs_a_timeout():
    facts = extract_facts("timeout 60 make", "make: *** [all] Error 2\n", 2)
    assert claims_timeout("The build timed out.", facts, "make: *** [all] Error 2\n")
    assert not claims_timeout("The build did not time out; make stopped with Error 2.", facts, "")
    assert not claims_timeout("The slow test timed out.", facts, "4/4 Test #4: slow ***Timeout 1.00 sec\n")
    timed_out = extract_facts("sleep 100", "", 124, timed_out=True)
    assert not claims_timeout("The command timed out.", timed_out, "")


def _count_checks(k: int) -> None:
    """The count and location checks on a k-character haystack, and on storms of k characters as sentences."""
    from terminus_edge.summarize.claims import _said_together

    haystack = "fail" * (k // 2) + "!\n" + "1 " * (k // 2) + "\n" + "a" * k
    _said_together(18, "fail", haystack)
    wrong_locations("App.parsePort(13) and x.py:4", haystack)
    facts = extract_facts("make", "", 2)
    for storm in ("a" * k + "!", "a." * (k // 2) + "!", "1 " * (k // 2) + "!", "tests " * (k // 6)):
        unsupported_claims(storm, facts, "", "")  # sentences are short; a pattern must still not be quadratic
        wrong_locations(storm, "")


def test_count_checks_stay_linear_on_a_huge_output():
    assert_linear(_count_checks, 32_000, "count checks")  # 128,000 characters at 4n
