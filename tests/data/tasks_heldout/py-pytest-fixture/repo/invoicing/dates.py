import datetime as dt


def due_date(issued, days=30, business_days=False):
    if not business_days:
        return issued + dt.timedelta(days=days)
    d = issued
    left = days
    while left > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 6:
            left -= 1
    return d
