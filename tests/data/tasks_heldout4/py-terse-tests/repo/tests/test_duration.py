import unittest

from duration import format_seconds, parse


class ParseTests(unittest.TestCase):
    def test_hours_minutes(self):
        self.assertEqual(parse("1h30m"), 5400)

    def test_days(self):
        self.assertEqual(parse("2d"), 172800)

    def test_rejects_garbage(self):
        with self.assertRaises(ValueError):
            parse("soon")

    def test_fractional_hours(self):
        self.assertEqual(parse("1.5h"), 5400)


class FormatTests(unittest.TestCase):
    def test_roundtrip(self):
        self.assertEqual(format_seconds(parse("1h30m")), "1h30m")

    def test_zero(self):
        self.assertEqual(format_seconds(0), "0s")

    def test_float_seconds(self):
        self.assertEqual(format_seconds(90.0), "1m30s")
