"""A process that dies between two tests (in a tearDownClass): the module goes on."""

import os
import unittest


class A(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        os._exit(4)

    def test_first(self):
        pass


class B(unittest.TestCase):
    def test_second(self):
        pass
