from datetime import date

from shipping.dates import business_days, parse_date


def test_parse():
    assert parse_date("2024-03-01") == date(2024, 3, 1)


def test_business_days_week():
    assert business_days(date(2024, 3, 4), date(2024, 3, 11)) == 5
