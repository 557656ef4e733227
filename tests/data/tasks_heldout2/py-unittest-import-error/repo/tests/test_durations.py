import unittest

from timeparse import parse_seconds


class DurationTests(unittest.TestCase):
    def test_hours_minutes(self):
        self.assertEqual(parse_seconds("1h30m"), 5400)

    def test_seconds(self):
        self.assertEqual(parse_seconds("45s"), 45)

    def test_garbage(self):
        with self.assertRaises(ValueError):
            parse_seconds("soon")
