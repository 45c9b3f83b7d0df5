"""Every outcome the regrtest recorder knows, in the order unittest runs them (sorted
method names): tests/test_regrtest.py derives its expectations from EXPECTED."""

import os
import time
import unittest

#: test method -> the outcome the recorder must report for it
EXPECTED = {
    "test_a_pass": "pass",
    "test_b_fail": "fail",
    "test_c_error": "error",
    "test_d_skip": "skip",
    "test_e_xfail": "xfail",
    "test_f_xpass": "xpass",
    "test_g_subtest_fails": "fail",
    "test_h_crash": "crash",
    "test_i_after_crash": "pass",
    "test_j_hang": "timeout",
    "test_k_after_hang": "pass",
}


class Cases(unittest.TestCase):
    def test_a_pass(self):
        self.assertEqual(1 + 1, 2)

    def test_b_fail(self):
        self.assertEqual(1 + 1, 3, "planted failure")

    def test_c_error(self):
        raise KeyError("planted error")

    @unittest.skip("planted skip")
    def test_d_skip(self):
        pass

    @unittest.expectedFailure
    def test_e_xfail(self):
        self.assertTrue(False)

    @unittest.expectedFailure
    def test_f_xpass(self):
        pass

    def test_g_subtest_fails(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertNotEqual(i, 1)

    def test_h_crash(self):
        os._exit(3)

    def test_i_after_crash(self):
        pass

    def test_j_hang(self):
        while True:
            time.sleep(60)

    def test_k_after_hang(self):
        pass


class BrokenFixture(unittest.TestCase):
    """setUpClass raises: its tests never start; the error is a record of its own."""

    @classmethod
    def setUpClass(cls):
        raise RuntimeError("planted setUpClass error")

    def test_never_runs(self):
        pass
