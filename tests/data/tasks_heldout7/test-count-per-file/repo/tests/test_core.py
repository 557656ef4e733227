import pytest

from inventory.core import restock, slug


def test_restock():
    assert restock(1, 2) == 3


def test_restock_zero():
    assert restock(5, 0) == 5


@pytest.mark.parametrize("name,expected", [("Blue Cup", "blue-cup"), (" Mug ", "mug"), ("A B C", "a-b-c")])
def test_slug(name, expected):
    assert slug(name) == expected
