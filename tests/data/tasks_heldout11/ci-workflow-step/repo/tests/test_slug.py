import sys
import unittest

sys.path.insert(0, "src")
from slugkit import slugify  # noqa: E402


class SlugTest(unittest.TestCase):
    def test_spaces(self):
        self.assertEqual(slugify("Hello World"), "hello-world")

    def test_symbols(self):
        self.assertEqual(slugify("a & b!"), "a-b")
