from jobs.core import run
from jobs.runner import run_all


def test_run_dry():
    assert run([], dry_run=True) == []


def test_run_all_empty():
    assert run_all([]) == []
