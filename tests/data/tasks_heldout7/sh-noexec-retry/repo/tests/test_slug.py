import unittest

from slug import slugify


class SlugTests(unittest.TestCase):
    def test_lowercase(self):
        self.assertEqual(slugify("Hello"), "hello")

    def test_spaces(self):
        self.assertEqual(slugify("hello big world"), "hello-big-world")

    def test_trailing_punctuation(self):
        self.assertEqual(slugify("Done!"), "done")
