import unittest

try:
    import requests  # noqa: F401
    HAVE_REQUESTS = True
except ImportError:
    HAVE_REQUESTS = False

NETWORK = False  # the geocoder tests talk to a live service


@unittest.skipUnless(NETWORK, "geocoder tests need network access")
class GeocoderTests(unittest.TestCase):
    def test_lookup_city(self):
        pass

    def test_lookup_unknown(self):
        pass

    def test_reverse(self):
        pass


class FormattingTests(unittest.TestCase):
    def test_format_coordinates(self):
        self.assertEqual(f"{48.8566:.2f},{2.3522:.2f}", "48.86,2.35")

    @unittest.expectedFailure
    def test_format_negative_zero(self):
        self.assertEqual(f"{-0.0:.1f}", "0.0")
