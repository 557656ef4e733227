import os
import unittest

import shortener


class CodeTests(unittest.TestCase):
    def test_code_is_seven_hex_chars(self):
        code = shortener.code_for("https://example.org")
        self.assertEqual(len(code), 7)
        int(code, 16)

    def test_code_is_stable(self):
        self.assertEqual(shortener.code_for("a"), shortener.code_for("a"))


class StoreTests(unittest.TestCase):
    def test_shorten_creates_new_code(self):
        code, created = shortener.shorten("https://example.org/docs")
        self.assertTrue(created, f"code {code} already existed in {shortener.STORE}")

    def test_expand_unknown_code(self):
        self.assertIsNone(shortener.expand("zzzzzzz"))

    def test_roundtrip(self):
        code, _ = shortener.shorten("https://example.org/roundtrip")
        self.assertEqual(shortener.expand(code), "https://example.org/roundtrip")
        links = shortener.load()
        links.pop(code)
        shortener.save(links)
        if not links:
            os.remove(shortener.STORE)
