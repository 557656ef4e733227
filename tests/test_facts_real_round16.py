"""Round 16 (session 13): outputs an agent meets that the earlier sets did not hold (tests/data/real_round16: git
situations, curl / wget / rsync progress, hyperfine / pytest-benchmark / go and cargo benchmarks, behave, cucumber-js,
Robot Framework, nose2, doctest, hypothesis, Sphinx and MkDocs builds, ansible, sqlite3 / duckdb, dpkg / apt, pip and
npm resolver errors; real_round16b captured after the fixes). Every case's summary must keep its hand-written facts
(the known misses below excepted) and make none of its false claims; the parsers behind the fixes are checked
directly."""

from __future__ import annotations

import pytest

from fidelity_sets import FidelitySet
from terminus_edge.summarize.compose import counts_phrase
from terminus_edge.summarize.facts import behave, pytest as pytest_facts, robot
from terminus_edge.summarize.facts.types import Facts

ROUND16 = FidelitySet("real_round16", "real_round16b", known_misses={
    # (session 14: autodoc's warning carries the exception it quotes and its traceback is not told twice, so all eight
    # `-W` warnings of sphinx-build-W-fails fit the budget)
    # (session 14: a Sphinx crash report's versions are said, so sphinx-build-crash-docutils-too-old names Docutils 0.18)
})


def test_the_sets_are_well_formed():
    ROUND16.check_well_formed(at_least=110)


@pytest.mark.parametrize("name", ROUND16.cases)
def test_summary_keeps_every_fact_and_no_false_claim(name):
    ROUND16.check_summary(name)


def test_robot_dotted_console_names_each_failure_with_its_message():
    facts = robot.parse(ROUND16.text_of("robot-dotted-two-suites"))
    assert [(f.name, f.reason) for f in facts.failures] == [
        ("Api.Health.Version Header", "'v1.2' does not match '^v2'"),
        ("Api.Users.Create User Returns Id", "no id returned"),
        ("Api.Users.Delete User", "'hello world' does not contain 'goodbye'")]
    assert facts.counts == {"total": 4, "failed": 3, "passed": 1}


def test_behave_listed_scenarios_take_the_message_under_their_heading():
    facts = behave.parse(ROUND16.text_of("behave-outline-failure-error-undefined"))
    assert [(f.name, f.reason, f.kind) for f in facts.failures] == [
        ("adding items -- @1.2", "ASSERT FAILED: total was 12", "failed"),
        ("removing from an empty cart", "IndexError: pop from empty list", "error"),
        ("applying a coupon", None, "error")]  # an undefined step: no message under its heading
    plain = behave.parse(ROUND16.text_of("behave-stop-first-failure"))  # `-f plain`: headings without `# file:line`
    assert plain.failures[0].reason == "ASSERT FAILED: total was 12"


def test_cucumber_js_failure_blocks_say_why():
    facts = behave.parse(ROUND16.text_of("cucumber-js-ambiguous-step"))
    assert [(f.name, f.location, f.kind) for f in facts.failures] == [
        ("valid user", "features/login.feature:3", "failed"), ("wrong password", "features/login.feature:8", "failed"),
        ("locked account", "features/login.feature:13", "error")]
    assert facts.failures[0].reason.endswith("dup.js:2; she sees the dashboard - features/step_definitions/steps.js:6")
    assert facts.failures[2].reason == 'undefined step: Given a locked user "cy"'
    assert facts.highlights[0] == "3 scenarios (2 ambiguous, 1 undefined)" and facts.counts == {}
    failed = behave.parse(ROUND16.text_of("cucumber-js-failure-undefined"))
    assert failed.failures[0].reason == "AssertionError [ERR_ASSERTION]: login was rejected"


def test_hypothesis_state_machine_steps_are_the_falsifying_example():
    facts = pytest_facts.parse(ROUND16.text_of("pytest-hypothesis-stateful-bag"))
    assert facts.failures[0].reason == ("AssertionError: total=4 (falsifying example: state = Bag(); "
                                        "state.put(n=3, name='a'); state.put(n=1, name='b'); state.take(name='a'); "
                                        "state.teardown())")


def test_progress_rows_count_a_run_that_ended_without_its_summary_line():
    assert pytest_facts.parse(ROUND16.text_of("pytest-benchmark-save-then-compare-fail")).counts == {"passed": 2, "total": 2}
    crashed = pytest_facts.parse(ROUND16.text_of("pytest-crash-after-progress"))  # the traceback starts on the row's line
    assert crashed.counts == {"passed": 2, "skipped": 1, "failed": 1, "total": 4}
    assert pytest_facts.parse(".F..   [ 40%]\n").counts == {}  # cut before 100%: not the run's counts
    assert pytest_facts.parse("..   [100%]\n\n2 passed in 0.1s\n").counts == {"passed": 2}  # the summary line wins


def test_errors_without_failures_do_not_read_as_zero_failed():
    facts = Facts(count_unit="tests", counts={"total": 4, "failed": 0, "errors": 1, "passed": 2, "skipped": 1})
    assert counts_phrase(facts) == "4 tests: 1 error, 2 passed, 1 skipped"
    assert counts_phrase(Facts(count_unit="tests", counts={"total": 3, "failed": 0, "passed": 3})) == "3 tests: 0 failed, 3 passed"
