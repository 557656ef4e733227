import unittest

from pricing import bulk_discount, with_vat


class PricingTests(unittest.TestCase):
    def test_vat(self):
        self.assertEqual(with_vat(1000), 1200)

    def test_vat_zero_rate(self):
        self.assertEqual(with_vat(1000, 0), 1000)

    def test_bulk_small_order(self):
        self.assertEqual(bulk_discount(500, 2), 1000)

    def test_bulk_ten_items(self):
        self.assertEqual(bulk_discount(500, 10), 4500)
