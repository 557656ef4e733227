from shop import settings


def format_price(cents):
    return f"{settings.SYMBOLS[settings.CURRENCY]}{cents / 100:.2f}"


def use_currency(code):
    settings.CURRENCY = code
