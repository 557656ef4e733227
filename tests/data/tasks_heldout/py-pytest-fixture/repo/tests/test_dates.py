import datetime as dt

from invoicing import due_date


def test_due_date_calendar():
    assert due_date(dt.date(2024, 1, 31), days=30) == dt.date(2024, 3, 1)


def test_due_date_business_days_skips_weekend():
    # Friday + 1 business day = Monday
    assert due_date(dt.date(2024, 3, 1), days=1, business_days=True) == dt.date(2024, 3, 4)


def test_due_date_zero_days():
    assert due_date(dt.date(2024, 3, 1), days=0, business_days=True) == dt.date(2024, 3, 1)
