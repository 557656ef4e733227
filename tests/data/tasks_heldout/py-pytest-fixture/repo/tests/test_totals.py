from decimal import Decimal

from invoicing import invoice_total, line_total, vat


def test_line_total_plain():
    assert line_total(3, "2.50") == Decimal("7.50")


def test_line_total_discount():
    assert line_total(4, "10.00", discount_pct=25) == Decimal("30.00")


def test_vat_rounding():
    assert vat("10.05", "0.19") == Decimal("1.91")


def test_invoice_total():
    lines = [(2, "5.00"), (1, "3.20")]
    assert invoice_total(lines, "0.20") == Decimal("15.84")


def test_total_uses_customer_rate(customer_rates):
    lines = [(1, "100.00")]
    assert invoice_total(lines, customer_rates["DE"]) == Decimal("119.00")
