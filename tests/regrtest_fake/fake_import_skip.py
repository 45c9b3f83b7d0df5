"""A test module that skips itself at import, as Lib/test modules do for a missing
platform feature (test.support.import_helper.import_module)."""

import unittest

raise unittest.SkipTest("planted module skip")
