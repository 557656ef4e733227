RATES = {"DE": 19, "FR": 20, "NL": 21}


def vat(amount, country):
    # TODO: reduced rates for books and food
    rate = RATES.get(country, 0)  # TODO: unknown countries should raise
    return amount * rate / 100
