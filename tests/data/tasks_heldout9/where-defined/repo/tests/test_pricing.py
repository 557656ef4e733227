from shop.pricing import apply_tax


def test_apply_tax_de():
    assert apply_tax(100, "de") == 119.0
