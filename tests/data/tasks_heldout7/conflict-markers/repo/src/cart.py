from pricing import gross


def cart_total(items):
    return sum(gross(price) * qty for price, qty in items)
