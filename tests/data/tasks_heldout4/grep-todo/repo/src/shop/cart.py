from decimal import Decimal


class Cart:
    def __init__(self):
        self.items = {}
        self.todo_list = []  # items the user saved for later

    def add(self, sku, price, qty=1):
        # TODO: reject negative quantities
        line = self.items.setdefault(sku, [Decimal(price), 0])
        line[1] += qty

    def total(self):
        # FIXME: rounding happens per line, should be on the total
        return sum((p * q).quantize(Decimal("0.01")) for p, q in self.items.values())
