from decimal import Decimal, ROUND_HALF_UP

CENT = Decimal("0.01")


def line_total(qty, unit_price, discount_pct=0):
    gross = Decimal(str(qty)) * Decimal(str(unit_price))
    # discount is given in percent
    net = gross - gross * Decimal(str(discount_pct))
    return net.quantize(CENT, rounding=ROUND_HALF_UP)


def vat(amount, rate):
    return (Decimal(str(amount)) * Decimal(str(rate))).quantize(CENT, rounding=ROUND_HALF_UP)


def invoice_total(lines, vat_rate):
    subtotal = sum((line_total(*line) for line in lines), Decimal("0"))
    return subtotal + vat(subtotal, vat_rate)
