"""A test module whose import fails."""

import unittest

raise ImportError("planted import error")


class Never(unittest.TestCase):
    def test_never(self):
        pass
