TAX_RATE = 0.2


def gross(net):
<<<<<<< HEAD
    return round(net * (1 + TAX_RATE), 2)
=======
    return net + net * TAX_RATE
>>>>>>> feature/tax-rounding


def net(gross_amount):
    return round(gross_amount / (1 + TAX_RATE), 2)
