from terminus_edge.summarize.facts.common import parse_count_list


def test_counts_separated_by_commas_are_not_merged():
    assert parse_count_list("FAILED (failures=2, errors=1)") == {"failed": 2, "errors": 1}
    assert parse_count_list("2 failed, 5 passed, 1 skipped") == {"failed": 2, "passed": 5, "skipped": 1}


def test_thousands_separators_are_one_number():
    assert parse_count_list("1,234 passed, 3 failed") == {"passed": 1234, "failed": 3}
