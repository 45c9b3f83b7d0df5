"""Four tests of 0.8 s each: longer together than the 2 s timeout tests/test_regrtest.py
gives them, each well inside it (the timeout bounds a test, not the module)."""

import time
import unittest


class Slow(unittest.TestCase):
    def test_1(self):
        time.sleep(0.8)

    def test_2(self):
        time.sleep(0.8)

    def test_3(self):
        time.sleep(0.8)

    def test_4(self):
        time.sleep(0.8)
