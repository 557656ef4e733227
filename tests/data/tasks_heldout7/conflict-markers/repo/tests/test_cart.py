import sys

sys.path.insert(0, "src")

from cart import cart_total  # noqa: E402


def test_cart_total():
    assert cart_total([(10, 2)]) == 24
