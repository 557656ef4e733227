import unittest

from units import scale, to_grams, to_ml


class MassTests(unittest.TestCase):
    def test_kg(self):
        self.assertEqual(to_grams(2, "kg"), 2000.0)

    def test_pound(self):
        self.assertAlmostEqual(to_grams(1, "lb"), 453.592)

    def test_unknown_unit(self):
        with self.assertRaises(KeyError):
            to_grams(1, "stone")


class VolumeTests(unittest.TestCase):
    def test_cup(self):
        self.assertEqual(to_ml(2, "cup"), 480.0)


class ScaleTests(unittest.TestCase):
    def test_double(self):
        self.assertEqual(scale(3, 2, 4), 6)

    def test_fractional(self):
        self.assertAlmostEqual(scale(1, 4, 6), 1.5)
