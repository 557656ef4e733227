import sys
sys.path.insert(0, "src")
from db.store import Store


def test_empty():
    assert Store().all() == []  # TODO: test get()
