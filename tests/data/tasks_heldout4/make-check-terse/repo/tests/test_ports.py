import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))
from portcheck import is_valid_port  # noqa: E402


class PortTests(unittest.TestCase):
    def test_bounds(self):
        self.assertTrue(is_valid_port(1))
        self.assertTrue(is_valid_port(65535))
        self.assertFalse(is_valid_port(0))
        self.assertFalse(is_valid_port(65536))


if __name__ == "__main__":
    unittest.main()
