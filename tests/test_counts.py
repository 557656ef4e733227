from terminus_edge.summarize.facts.common import parse_count_list


def test_counts_separated_by_commas_are_not_merged():
    assert parse_count_list("FAILED (failures=2, errors=1)") == {"failed": 2, "errors": 1}
    assert parse_count_list("2 failed, 5 passed, 1 skipped") == {"failed": 2, "passed": 5, "skipped": 1}


def test_thousands_separators_are_one_number():
    assert parse_count_list("1,234 passed, 3 failed") == {"passed": 1234, "failed": 3}


def test_expected_failures_and_unexpected_successes_are_not_failures():
    assert parse_count_list("OK (skipped=5, expected failures=1)") == {"xfailed": 1, "skipped": 5}
    assert parse_count_list("FAILED (failures=1, expected failures=2, unexpected successes=1)") == {
        "xfailed": 2, "xpassed": 1, "failed": 1}
    assert parse_count_list("3 expected failures, 2 failed") == {"xfailed": 3, "failed": 2}


def test_unittest_run_with_expected_failures_counts_no_failure():
    from terminus_edge.summarize.facts import unittest

    text = ("test_a (m.T.test_a) ... ok\ntest_b (m.T.test_b) ... skipped 'off'\ntest_c (m.T.test_c) ... expected failure\n"
            "test_d (m.T.test_d) ... unexpected success\n\n" + "=" * 70 + "\nUNEXPECTED SUCCESS: test_d (m.T.test_d)\n"
            + "-" * 70 + "\nRan 4 tests in 0.001s\n\nFAILED (skipped=1, expected failures=1, unexpected successes=1)\n")
    counts = unittest.parse(text).counts
    assert counts == {"total": 4, "failed": 0, "errors": 0, "skipped": 1, "xfailed": 1, "xpassed": 1, "passed": 1}


def test_a_run_of_zero_tests_says_no_tests_ran():
    from terminus_edge.summarize.compose import counts_phrase
    from terminus_edge.summarize.facts.types import Facts

    assert counts_phrase(Facts(counts={"total": 0, "failed": 0, "errors": 0, "passed": 0}, count_unit="tests")) == \
        "no tests ran: 0 failed, 0 errors"
    assert counts_phrase(Facts(counts={"total": 3, "failed": 0, "passed": 3}, count_unit="tests")) == "3 tests: 0 failed, 3 passed"
