import warnings

RATES = {"standard": 4.90, "express": 9.90}


def rate(kind, weight_kg, **options):
    if "insurance" in options:
        warnings.warn("the insurance option is ignored since 2.0", UserWarning)
    return round(RATES[kind] + 0.5 * max(0, weight_kg - 1), 2)
