def with_vat(cents, rate=0.2):
    return round(cents * (1 + rate))


def bulk_discount(cents, qty):
    return cents * qty * (90 if qty >= 10 else 100) // 100
