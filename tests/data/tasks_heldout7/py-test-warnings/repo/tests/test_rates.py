from shipping.rates import rate


def test_standard():
    assert rate("standard", 1) == 4.90


def test_express_heavy():
    assert rate("express", 3) == 10.90


def test_insured():
    assert rate("standard", 2, insurance=True) == 5.40
