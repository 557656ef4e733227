"""benchmarks/gist_acceptance.py: each case's outcome and the guard's reasons, from FakeModel replies."""

from __future__ import annotations

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.benchmarks import gist_acceptance as ga
from terminus_edge.model import FakeModel

OUTPUT = (b"".join(b"tests/test_cart.py::test_%d PASSED\n" % i for i in range(20))
          + b"FAILED tests/test_cart.py::test_total - assert 3 == 2\n========= 1 failed, 20 passed in 0.1s =========\n")
CASE = fb.Case("pytest-one-failure", "pytest -v", OUTPUT, {"exit_code": 1, "facts": [{"id": "f", "any_of": ["test_total"]}]})
SHORT = fb.Case("short", "true", b"ok\n", {"exit_code": 0})


def test_outcomes_and_reasons():
    accepted = ga.run_case(CASE, ga.RecordingModel(FakeModel(["pytest failed because test_total asserts 3 == 2."])))
    assert accepted.outcome == "accepted" and accepted.gist == "pytest failed because test_total asserts 3 == 2."
    rejected = ga.run_case(CASE, ga.RecordingModel(FakeModel(["All 21 tests passed."])))
    assert rejected.outcome == "rejected" and rejected.reasons and rejected.recall == 1.0
    cut = ga.run_case(CASE, ga.RecordingModel(FakeModel(["pytest failed because the"])))
    assert cut.outcome == "unusable" and cut.reply == "pytest failed because the"
    not_asked = ga.run_case(SHORT, ga.RecordingModel(FakeModel(["unused"])))
    assert not_asked.outcome == "not asked"
    totals = ga.report([accepted, rejected, cut, not_asked])
    assert totals["asked"] == 3 and totals["outcomes"]["accepted"] == 1 and totals["accepted_share_of_asked"] == round(1 / 3, 3)
    assert totals["forbidden"] == 0 and sum(totals["rejection_reasons"].values()) == len(rejected.reasons)
