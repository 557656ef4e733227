"""The relation check (relations.py): a gist made of the fact lines' own words must relate them as one line does.

tests/data/gist_adversarial.jsonl holds 130 gists of real captures written for this check: 65 faithful restatements
the guard must keep, 65 rearrangements of the same words (a test's outcome or message given to another, a location
moved, a warning called an error, counts swapped, a value swapped with its label) it must remove. Before the check the
guard removed 6 of the 65 rearrangements. The last 20 were written after the check was built (held out).
tests/data/gist_adversarial_s10/gists.jsonl (session 10) holds 70 more, written before the count-pair, nested-count,
suggestion and run-success rules: counts and values swapped inside one line, a name given another file's error,
negation flips, success claims, sums; the guard got 59 of them right before those rules. Its last 6 were written after
them (same-line swaps of names and of compared values) and prompted the comparison-order and quoted-label rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linear_time import assert_linear
from real_captures import load
from terminus_edge.model import FakeModel
from terminus_edge.summarize.claims import wrong_counts
from terminus_edge.summarize.evidence import Line, supports
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.grounding import ungrounded_words
from terminus_edge.summarize.guard import _says_run_passed, program_name
from terminus_edge.summarize.pipeline import facts_text, summarize
from terminus_edge.summarize.relations import clauses, unrelated_claims
from terminus_edge.summarize.tallies import counts_said_apart, nested_counts_apart, wrong_counts_per_name

DATA = Path(__file__).parent / "data" / "gist_adversarial.jsonl"
ROUND_10 = Path(__file__).parent / "data" / "gist_adversarial_s10" / "gists.jsonl"
DEV = Path(__file__).parents[2] / "shared" / "corpus" / "dev"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows(DATA)
KNOWN = {  # what the guard still gets wrong: faithful gists the word check removes, each with a word the model was
    # not shown (grounding.py asks every word to come from the facts, the excerpt or the command)
    "gcc compiled crc32.c with 3 warnings, one an unused variable 'unused'.",  # the facts say "succeeded"
    "Flake8 found 7 problems, including the undefined name 'undefined_fee'.",  # "including"
    "The test test_unknown_zone raised KeyError: 'moon'.",  # "raised"
    "Prove failed: 3 of 4 subtests failed in t/02-div.t.",  # "subtests": the facts say "3 of 4 tests failed"
    # rearranged inside one line, kept: two names (or plain words) swapped where no label or operator fixes their roles;
    # word order alone would also remove "'capacity' is not a member of 'ringbuf'" (a faithful reordering)
    "Tsc failed because at src/main.ts:5 an argument of type 'string' is not assignable to parameter of type 'number'.",
    "Mypy failed because inventory/models.py:16 has a generator with incompatible item type bool, expected float.",
}


def _case(row):
    if row["corpus"] == "real":
        return load(row["case"])
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not here")
    from terminus_edge.benchmarks import fidelity as fb

    return next(c for c in fb.load_corpus(str(DEV)) if c.id == row["case"])


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r['case']}-{'F' if r['faithful'] else 'R'}{i}",
                                              marks=[pytest.mark.xfail(strict=True)] if r["gist"] in KNOWN else [])
                                 for i, r in enumerate(ROWS + _rows(ROUND_10))])
def test_the_guard_keeps_a_faithful_gist_and_removes_a_rearranged_one(row):
    case = _case(row)
    s = summarize(case.command, case.output, case.meta.get("exit_code"), model=FakeModel([row["gist"]]))
    assert s.model_used is row["faithful"], (row["why"], s.model_note)


def test_the_set_is_half_faithful_half_rearranged():
    assert len(ROWS) >= 60 and sum(r["faithful"] for r in ROWS) * 2 == len(ROWS)


@pytest.mark.parametrize("sentence, parts", [
    ("Make failed because of a ValueError in a.py and a missing command, pandoc.",
     ["Make failed", "because of a ValueError in a.py", "a missing command", "pandoc"]),
    ("Go test failed: Discount(100, 10) = 0, want 90.", ["Go test failed: Discount(100, 10) = 0", "want 90"]),
    ("'a, b and c' is undefined; x.c passed.", ["'a, b and c' is undefined", "x.c passed"]),
])
def test_a_sentence_is_cut_into_clauses_outside_brackets_and_quotes(sentence, parts):
    assert clauses(sentence) == parts


def _unrelated(output: str, command: str, exit_code: int, sentence: str) -> list[str]:
    facts = extract_facts(command, output, exit_code)
    return unrelated_claims(sentence, facts, facts_text(facts), output, command)


PYTEST = ("FAILED tests/test_a.py::test_alpha - assert 3 == 2\nFAILED tests/test_b.py::test_beta - KeyError: 'sku'\n"
          "tests/test_c.py::test_gamma PASSED\n========= 2 failed, 1 passed in 0.1s =========\n")


@pytest.mark.parametrize("sentence, unrelated", [
    ("The tests test_alpha and test_beta failed while test_gamma passed.", []),  # a list shares its outcome
    ("The test test_alpha failed because 3 == 2.", []),
    ("The test test_beta failed because 3 == 2.", ["The test test_beta failed"]),
    ("The test test_gamma failed and test_alpha passed.", ["The test test_gamma failed", "test_alpha passed"]),
    ("The test test_alpha hit KeyError: 'sku' in tests/test_b.py.", ["The test test_alpha hit KeyError: 'sku' in tests/test_b.py"]),
])
def test_each_clause_needs_one_line_relating_its_pieces(sentence, unrelated):
    assert _unrelated(PYTEST, "pytest", 1, sentence) == unrelated


GCC = ("ring.c:19:40: error: expected ';' before 'return'\n"
       "ring.c:35:5: warning: implicit declaration of function 'rb_free' [-Wimplicit-function-declaration]\n")


def test_a_warning_and_an_error_keep_their_severity():
    assert _unrelated(GCC, "gcc ring.c", 1, "Gcc warned that ring.c:35 has an implicit declaration of function 'rb_free'.") == []
    assert _unrelated(GCC, "gcc ring.c", 1, "Gcc failed with an error: implicit declaration of function 'rb_free'.") != []
    assert _unrelated(GCC, "gcc ring.c", 1, "Gcc warned that ring.c:19 expected ';' before 'return'.") != []
    assert supports(Line("x", frozenset({"error"})), {"failed"}) and not supports(Line("x", frozenset({"warning"})), {"error"})


def test_a_value_keeps_its_label():
    output = "assertion `left == right` failed\n  left: -7\n right: 7\n"
    assert _unrelated(output, "cargo test", 101, "Cargo test failed: left was -7 and right 7.") == []
    assert _unrelated(output, "cargo test", 101, "Cargo test failed: left was 7 and right -7.") == [
        "Cargo test failed: left was 7", "right -7"]


def test_a_negation_needs_one_in_its_line():
    output = "FAILED math_div: 7/2 expected 3.5 got 3\nNot Run math_missing: Unable to find executable\n"
    assert _unrelated(output, "ctest", 8, "The test math_missing was not run.") == []
    assert _unrelated(output, "ctest", 8, "The test math_div was not run.") == ["The test math_div was not run"]


def test_a_count_said_for_one_file_is_that_files_count():
    output = ("src/app.js:1:1 error no-undef 'a' is not defined\nsrc/app.js:2:1 error semi Missing semicolon\n"
              "src/util.js:4:3 warning no-console Unexpected console statement\n")
    facts = extract_facts("eslint src", "\n".join(["/w/src/app.js", "  1:1  error  'a' is not defined  no-undef",
                                                    "  2:1  error  Missing semicolon  semi", "", "/w/src/util.js",
                                                    "  4:3  warning  Unexpected console statement  no-console", "",
                                                    "✖ 3 problems (2 errors, 1 warning)"]), 1)
    assert wrong_counts_per_name("Eslint reported 2 errors in app.js and 1 warning in util.js.", facts, []) == []
    assert wrong_counts_per_name("Eslint reported 1 error in app.js and 2 in util.js.", facts, []) == [
        "1 error in app.js", "2 in util.js"]
    assert output  # the same three diagnostics, as lines


def test_a_count_whose_verb_comes_first_is_that_verbs_count():
    output = "3 failed, 7 passed in 0.1s\n"
    facts = extract_facts("pytest -q", output, 1)
    assert wrong_counts("Pytest passed 7 tests and failed 3.", facts, output) == []
    assert wrong_counts("Pytest failed 7 tests.", facts, output) == ["7 tests"]
    assert wrong_counts("Pytest reported 7 failed tests.", facts, output) == ["7 failed tests"]


def _undeclared_run(lines: int):
    output = "".join(f"src/m{i}.c:{i}:1: error: 'v{i}' undeclared\n" for i in range(lines))
    facts = extract_facts("make", output, 2)
    return facts, facts_text(facts), output


def test_the_check_stays_linear_on_a_huge_output_and_a_long_sentence():
    runs = {lines: _undeclared_run(lines) for lines in (5_000, 20_000)}  # the parsers are timed elsewhere

    def check(lines: int) -> None:
        facts, text, output = runs[lines]
        unrelated_claims("Make failed because src/m7.c:7 has 'v8' undeclared and " + "a_b " * (lines // 10) + ".", facts,
                         text, output, "make")
        unrelated_claims("x" * lines + ":1 " + "a-" * (lines // 4) + "'" * (lines // 7), facts, "", output, "make")

    assert_linear(check, 5_000, "unrelated_claims")


CARGO = ("test result: FAILED. 2 passed; 1 failed; 0 ignored\ntest result: FAILED. 1 passed; 1 failed; 1 ignored\n"
         "test result: ok. 1 passed; 0 failed; 0 ignored\n")


@pytest.mark.parametrize("sentence, apart", [
    ("Cargo test failed: 2 passed and 1 failed.", []),  # one target's tally line
    ("Cargo test failed: 1 passed, 1 failed and 1 ignored.", []),
    ("Cargo test failed: 1 passed and 2 failed.", ["1 passed and 2 failed"]),  # each said somewhere, never together
    ("Cargo test failed: 1 passed, 2 failed.", ["1 passed and 2 failed"]),
    ("Cargo test failed: 2 failed.", []),  # one outcome: the count checks' alone
])
def test_counts_of_two_outcomes_must_be_one_lines(sentence, apart):
    assert counts_said_apart(sentence, [Line(line) for line in CARGO.splitlines()]) == apart


def test_a_count_within_a_count_must_be_said_so():
    lines = [Line("found 5 errors in 2 files (checked 3 source files)")]
    assert nested_counts_apart("Mypy found 5 errors in 2 files.", lines) == []
    assert nested_counts_apart("Mypy found 5 errors in 3 files.", lines) == ["5 errors in 3 files"]
    assert nested_counts_apart("Mypy found 5 errors in 2 files after checking 3.", lines) == []
    assert nested_counts_apart("Mypy found 5 errors in 2 source files.", lines) == []


def test_a_name_a_tool_suggests_is_not_the_name_of_the_problem():
    output = "Main.hs:9:23: error:\n    • Variable not in scope: nam :: [Char]\n    • Perhaps you meant ‘name’ (line 9)\n"
    assert _unrelated(output, "ghc Main.hs", 1, "GHC failed because the variable nam is not in scope.") == []
    assert _unrelated(output, "ghc Main.hs", 1, "GHC failed because the variable name is not in scope.") != []

    gradle = "Task 'tset' not found in root project 'ledger'. Some candidates are: 'test'.\n"
    assert _unrelated(gradle, "gradle tset", 1, "Gradle failed because task 'tset' is not found.") == []
    assert _unrelated(gradle, "gradle tset", 1, "Gradle failed because task 'test' is not found.") != []
    git = "git: 'stauts' is not a git command. See 'git --help'.\n\nThe most similar command is\n\tstatus\n"
    assert _unrelated(git, "git stauts", 1, "Git failed because 'stauts' is not a git command.") == []



def test_a_name_said_in_two_roles_needs_a_line_that_says_it_twice():
    output = "Core must not use the web layer BROKEN\n\napp.core is not allowed to import app.web:\n"
    said = "Lint-imports failed because {} is not allowed to import {}."
    assert _unrelated(output, "lint-imports", 1, said.format("app.core", "app.web")) == []
    assert _unrelated(output, "lint-imports", 1, said.format("app.web", "app.web")) != []
    assert _unrelated("a.py imports a.py (a cycle)\n", "lint", 1, "Lint failed because a.py imports a.py.") == []
    missing = "src/main.c:1:10: fatal error: missing_config.h: No such file or directory\n"
    said = "cmake failed because missing_config.h is missing: missing_config.h: No such file or directory."
    assert _unrelated(missing, "cmake --build build", 2, said) == []  # one name on its line: no other role to swap


def test_values_listed_after_a_location_are_that_locations():
    output = "src/ring.c:33:23: error: too many arguments to function call, expected 2, have 3\n"
    said = "Clang failed because src/ring.c:33 has too many arguments to a function call, expected {}, have {}."
    assert _unrelated(output, "clang -c src/ring.c", 1, said.format(2, 3)) == []
    assert _unrelated(output, "clang -c src/ring.c", 1, said.format(3, 2)) != []


def test_a_cleanly_merged_file_is_no_conflict():
    output = ("Auto-merging a.py\nCONFLICT (content): Merge conflict in a.py\nAuto-merging b.py\n"
              "Automatic merge failed; fix conflicts and then commit the result.\n")
    assert _unrelated(output, "git merge x", 1, "Git merge failed with conflicts in a.py and b.py.") == ["b.py"]


def test_the_run_said_to_pass_after_a_failure_is_removed_but_a_named_part_may_pass():
    assert _says_run_passed("Cargo test passed in every target.", "cargo")
    assert _says_run_passed("Robot will pass all 5 tests.", "robot")
    assert not _says_run_passed("Pytest passed 7 of 10 tests and failed 3.", "pytest")
    assert not _says_run_passed("Go test passed in example.com/shop/util.", "go")
    assert not _says_run_passed("Cargo test passed tests::parses but failed tests::sums.", "cargo")
    assert program_name("unset RUST_BACKTRACE; cargo test --offline") == "cargo"
    assert program_name("cd app && npm test | tail -5") == "npm"
    assert program_name("gdc -o run run.d && ./run") == "gdc" and program_name("A=1 B=2") == ""


def test_a_short_word_inflected_is_grounded_and_a_total_counts_expected_failures():
    assert ungrounded_words("Clang reckons it uses an undeclared identifier.", "clang: use of undeclared identifier") == ["reckons"]
    assert ungrounded_words("The user added it.", "use of x; add y") == ["user"]
    output = "collected 10 items\n=== 7 passed, 2 skipped, 1 xfailed in 0.04s ===\n"
    facts = extract_facts("pytest -rsx", output, 0)
    assert wrong_counts("Pytest passed 7 of 10 tests.", facts, output) == []
    assert wrong_counts("Pytest passed 7 of 11 tests.", facts, output) == ["7 of 11 tests"]


def test_a_comparison_keeps_its_sides_and_a_quoted_name_its_label():
    output = "EU Rate | FAIL |\n12.42 != 12.0\napp.js:6:12 error Expected '===' and instead saw '==' eqeqeq\n"
    assert _unrelated(output, "robot t", 1, "Robot failed because the EU Rate test failed with 12.42 != 12.0.") == []
    assert _unrelated(output, "robot t", 1, "Robot failed because the EU Rate test failed with 12.0 != 12.42.") != []
    assert _unrelated(output, "eslint .", 1, "Eslint reported that app.js:6 expected '===' and instead saw '=='.") == []
    assert _unrelated(output, "eslint .", 1, "Eslint reported that app.js:6 expected '==' and instead saw '==='.") != []
