import sys
import unittest

from shapes import circle_area


class ShapeTests(unittest.TestCase):
    def test_unit_circle(self):
        self.assertAlmostEqual(circle_area(1), 3.14159, places=4)

    @unittest.skip("polygon support is planned for 2.0")
    def test_polygon(self):
        self.fail()

    @unittest.skipUnless(sys.platform == "darwin", "uses the macOS graphics stack")
    def test_render(self):
        self.fail()

    def test_zero(self):
        self.assertEqual(circle_area(0), 0)


if __name__ == "__main__":
    unittest.main()
