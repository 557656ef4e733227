"""The subagent's answer line says 'at least' for counts the summarizer could only bound (large outputs)."""

from terminus_edge.subagent.answer import _counts
from terminus_edge.summarize.facts.types import Facts


def test_lower_bounds_are_said_and_exact_counts_are_not_touched():
    facts = Facts(counts={"passed": 2451, "total": 2451}, counts_at_least=["passed", "total"], count_unit="tests")
    assert _counts(facts.to_dict()) == " (at least 2451 passed of at least 2451 tests)"
    assert _counts({"counts": {"failed": 1, "passed": 3, "total": 4}, "count_unit": "tests"}) == " (1 failed, 3 passed of 4 tests)"
    assert _counts({"counts": {"errors": 1}, "counts_at_least": ["errors"]}) == " (at least 1 error)"
