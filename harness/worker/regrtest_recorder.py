"""Run one module of CPython's ``Lib/test`` and record each test's outcome as a JSON line.

Read by ``harness/regrtest.py``, which writes a small driver script per run::

    import regrtest_recorder
    regrtest_recorder.main("test.test_dict", "/tmp/.../records.jsonl", skip_through=None)

(``minivm run FILE`` takes no extra arguments, so the parameters travel in the driver,
not in argv.)  The driver sits next to a copy of this file, so the script's own
directory on ``sys.path`` is where it is imported from.

Output, one JSON object per line, each flushed and fsync-ed before the next step::

    {"started": "test.test_dict.DictTest.test_clear"}
    {"id": "test.test_dict.DictTest.test_clear", "outcome": "pass", "detail": "",
     "seconds": 0.001}
    ...
    {"done": true}

A ``started`` line without its record means the process died or hung in that test;
the harness records it as ``crash`` or ``timeout`` and runs the module again with
``skip_through`` set to that id, so every test before and including it is left out
(``{"lost": id}`` instead when the module no longer has a test of that id).
Outcomes: pass, fail, error, skip, xfail (expected failure), xpass (unexpected
success).  A failing subtest makes its test fail (error if it raised).  Errors outside
a test (``setUpClass``, ``setUpModule``) are records of their own, under the id
unittest gives them.  A module that cannot be imported is one record under the
module's own name (``skip`` when the import raised ``unittest.SkipTest``).

Standard library only (unittest, json, sys, os, traceback, time), plain enough to run
on CPython 3.8-3.13 and on the implementations under test.
"""

import json
import os
import sys
import time
import traceback
import unittest

DETAIL_LINES = 5
LINE_LIMIT = 300


class Recorder(object):
    """Appends JSON lines to a file, pushing each to disk before returning."""

    def __init__(self, path):
        self.handle = open(path, "a")

    def write(self, record):
        self.handle.write(json.dumps(record) + "\n")
        self.handle.flush()
        try:
            os.fsync(self.handle.fileno())
        except OSError:
            pass

    def close(self):
        self.handle.close()


def _clip(lines):
    out = []
    for line in lines:
        for part in line.rstrip("\n").split("\n"):
            out.append(part[:LINE_LIMIT])
    return "\n".join(out[:DETAIL_LINES])


def describe_error(err):
    """The error message first (what differs between implementations), then the
    innermost frame it came from, within DETAIL_LINES lines."""
    exc_type, value, tb = err
    try:
        lines = traceback.format_exception_only(exc_type, value)
    except Exception:  # noqa: BLE001 - a detail must never stop the run
        lines = ["%s: <unprintable>" % getattr(exc_type, "__name__", exc_type)]
    try:
        frames = traceback.extract_tb(tb)
        if frames:
            last = frames[-1]
            lines.append('at %s:%s in %s' % (os.path.basename(last[0]), last[1], last[2]))
    except Exception:  # noqa: BLE001
        pass
    return _clip(lines)


class RecordingResult(unittest.TestResult):
    """A TestResult writing one line when a test starts and one when it stops."""

    def __init__(self, recorder):
        unittest.TestResult.__init__(self)
        self.recorder = recorder
        self.current = None
        self.outcome = None
        self.detail = ""
        self.started_at = 0.0

    # -- a test's life ---------------------------------------------------------------------

    def startTest(self, test):
        unittest.TestResult.startTest(self, test)
        self.current = test.id()
        self.outcome = None
        self.detail = ""
        self.recorder.write({"started": self.current})
        self.started_at = time.time()

    def stopTest(self, test):
        unittest.TestResult.stopTest(self, test)
        if self.current is not None:
            self.recorder.write({"id": self.current, "outcome": self.outcome or "pass",
                                 "detail": self.detail,
                                 "seconds": round(time.time() - self.started_at, 4)})
        self.current = None

    def _set(self, test, outcome, detail):
        """Keep the worst outcome of a test; errors outside any test are records now."""
        test_id = test.id()
        if self.current is None or test_id != self.current:
            self.recorder.write({"id": test_id, "outcome": outcome, "detail": detail,
                                 "seconds": 0.0})
            return
        rank = {None: 0, "pass": 1, "skip": 2, "xfail": 2, "xpass": 3, "fail": 4,
                "error": 5}
        if rank[outcome] > rank[self.outcome]:
            self.outcome, self.detail = outcome, detail

    # -- unittest's hooks ------------------------------------------------------------------

    def addSuccess(self, test):
        unittest.TestResult.addSuccess(self, test)
        self._set(test, "pass", "")

    def addFailure(self, test, err):
        unittest.TestResult.addFailure(self, test, err)
        self._set(test, "fail", describe_error(err))

    def addError(self, test, err):
        unittest.TestResult.addError(self, test, err)
        self._set(test, "error", describe_error(err))

    def addSkip(self, test, reason):
        unittest.TestResult.addSkip(self, test, reason)
        owner = getattr(test, "test_case", None)
        if owner is not None:  # a skipped subtest: the test itself goes on
            return
        self._set(test, "skip", _clip([str(reason)]))

    def addExpectedFailure(self, test, err):
        unittest.TestResult.addExpectedFailure(self, test, err)
        self._set(test, "xfail", describe_error(err))

    def addUnexpectedSuccess(self, test):
        unittest.TestResult.addUnexpectedSuccess(self, test)
        self._set(test, "xpass", "")

    def addSubTest(self, test, subtest, err):
        unittest.TestResult.addSubTest(self, test, subtest, err)
        if err is None:
            return
        failed = issubclass(err[0], test.failureException)
        text = describe_error(err)
        self._set(test, "fail" if failed else "error",
                  _clip([str(subtest.id())[len(test.id()):].strip() or "subtest", text]))


def _flatten(suite):
    """The test cases of a suite, in the order unittest runs them."""
    out = []
    stack = [iter([suite])]
    while stack:
        try:
            item = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if isinstance(item, unittest.TestSuite):
            stack.append(iter(list(item)))
        else:
            out.append(item)
    return out


def load(module_name):
    """The module's tests as unittest's default loader finds them (``load_tests``
    respected); ImportError and friends propagate."""
    __import__(module_name)
    module = sys.modules[module_name]
    return unittest.defaultTestLoader.loadTestsFromModule(module)


def main(module_name, output, skip_through=None):
    recorder = Recorder(output)
    try:
        try:
            suite = load(module_name)
        except unittest.SkipTest as error:
            recorder.write({"id": module_name, "outcome": "skip", "detail": _clip([str(error)])})
            recorder.write({"done": True})
            return 0
        except BaseException:  # noqa: BLE001 - SystemExit at import is an error too
            recorder.write({"id": module_name, "outcome": "error",
                            "detail": describe_error(sys.exc_info())})
            recorder.write({"done": True})
            return 0
        tests = _flatten(suite)
        if skip_through is not None:
            ids = [t.id() for t in tests]
            if skip_through not in ids:
                # Not the tests of the run before: going on would run them twice.
                recorder.write({"lost": skip_through})
                return 0
            tests = tests[ids.index(skip_through) + 1:]
        result = RecordingResult(recorder)
        # One flat suite: TestSuite.run still calls setUpClass/setUpModule and their
        # teardowns as the test class and module change.
        unittest.TestSuite(tests).run(result)
        recorder.write({"done": True})
    finally:
        recorder.close()
    return 0


if __name__ == "__main__":
    # Also usable directly: regrtest_recorder.py MODULE OUTPUT [SKIP_THROUGH]
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
