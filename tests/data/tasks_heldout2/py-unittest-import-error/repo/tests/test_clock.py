import unittest

from timeparse import parse_clock, format_clock


class ClockTests(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_clock("07:45"), 465)

    def test_roundtrip(self):
        self.assertEqual(format_clock(parse_clock("23:05")), "23:05")
