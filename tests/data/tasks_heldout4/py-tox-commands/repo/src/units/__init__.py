"""Unit conversions for the recipe scaler."""

GRAMS_PER = {"g": 1.0, "kg": 1000.0, "oz": 28.3495, "lb": 453.592}
ML_PER = {"ml": 1.0, "l": 1000.0, "tsp": 4.92892, "tbsp": 14.7868, "cup": 240.0}


def to_grams(amount, unit):
    return amount * GRAMS_PER[unit]


def to_ml(amount, unit):
    return amount * ML_PER[unit]


def scale(amount, servings_from, servings_to):
    return amount * servings_to // servings_from
