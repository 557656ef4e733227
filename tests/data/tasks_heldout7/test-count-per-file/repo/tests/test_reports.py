import time


def test_monthly_report():
    time.sleep(0)
    assert sum([1, 2]) == 3
