from shop.pricing import apply_tax, total


class Cart:
    def __init__(self, region):
        self.region, self.items = region, []

    def checkout(self):
        return total(self.items, self.region)

    def shipping(self, fee):
        return apply_tax(fee, self.region)
