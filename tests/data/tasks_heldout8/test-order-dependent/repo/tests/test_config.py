from shop import money, settings


def test_switch_to_euro():
    money.use_currency("EUR")
    assert settings.CURRENCY == "EUR"


def test_symbols_known():
    assert set(settings.SYMBOLS) == {"USD", "EUR"}
