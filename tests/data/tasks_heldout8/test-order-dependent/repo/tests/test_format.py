from shop.money import format_price


def test_format_price():
    assert format_price(500) == "$5.00"


def test_format_cents():
    assert format_price(7) == "$0.07"
