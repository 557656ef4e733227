# TODO: more tests (this one is outside src/)
import unittest
