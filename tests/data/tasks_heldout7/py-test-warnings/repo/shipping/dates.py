import warnings
from datetime import date


def parse_date(text):
    warnings.warn("parse_date() is deprecated; use date.fromisoformat()", DeprecationWarning, stacklevel=2)
    return date.fromisoformat(text)


def business_days(start, end):
    days = (end - start).days
    return days - (days // 7) * 2
