from shop.rates import rate_for


def apply_tax(amount, region):
    return round(amount * (1 + rate_for(region)), 2)


def total(items, region):
    return apply_tax(sum(i.price * i.qty for i in items), region)
