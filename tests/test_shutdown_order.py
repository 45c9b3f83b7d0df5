"""The order of finalizers at interpreter exit, against ``python3.X FILE`` of the
host's version: objects still held by ``__main__`` when the program ends die in
the collector's order (``Py_FinalizeEx`` collects while ``__main__`` lives, then
``finalize_modules`` drops it and collects its dict's cycle), which depends on
the generations the program's objects and the start-up heap live in."""

from __future__ import annotations

import subprocess

import pytest

from harness.known import REGISTRY
from harness.oracle import find_interpreter

from .test_native_modules import HOST, pytestmark, run_both  # noqa: F401  (same xfails)

_FIN = '''class Fin:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name, type(globals().get('held')).__name__)
'''

PROGRAMS = {
    # the list's items revived last-first (list_traverse) by the exit collection
    "list_items": _FIN + "held = [Fin('c%d' % i) for i in range(3)]\n",
    # a full collection before the objects are made: they are younger than the
    # module's dict, so its exit collection keeps them in allocation order
    "collected_first": "import gc\ngc.collect()\n" + _FIN +
                       "held = [Fin('c%d' % i) for i in range(3)]\n",
    # and one after: the collection while __main__ lived already reordered them
    "collected_after": _FIN + "held = [Fin('c%d' % i) for i in range(3)]\n"
                       "import gc\ngc.collect()\n",
    # collection switched off: only the exit's own collection (it runs regardless)
    "gc_disabled": "import gc\ngc.disable()\n" + _FIN +
                   "held = [Fin('c%d' % i) for i in range(3)]\n",
    # a dict's values, a tuple's items, instances that refer to each other
    "containers": _FIN + "held = {'a': Fin('a'), 'b': Fin('b')}\n"
                  "t = (Fin('t0'), Fin('t1'))\n"
                  "x = Fin('x'); y = Fin('y'); x.o = y; y.o = x\n",
    # no function or class keeps the module's dict alive: it dies by its count
    "no_cycle": "import sys\nclass C:\n    pass\n"
                "held = [C() for i in range(2)]\nprint(len(held))\n",
    # a program that holds its own module: the module is cleared, names with a
    # single leading underscore first
    "module_held": _FIN + "import sys\nme = sys.modules[__name__]\n"
                   "_first = Fin('_first'); held = Fin('held'); last = Fin('last')\n",
    # a finalizer's error at exit: the traceback shows its source line in the
    # collection while __main__ lives, none once sys.modules is emptied
    "exit_tracebacks": "class A:\n    def __del__(self):\n"
                       "        raise ValueError('boom %s' % self.n)\n"
                       "a = A(); a.n = 1; a.me = a\ndel a\nb = A(); b.n = 2\n",
    # gc.callbacks run in the collection while __main__ lives, and not after
    "exit_callbacks": "import gc, sys\ndef cb(phase, info):\n"
                      "    print('cb', phase, info['generation'])\n"
                      "gc.callbacks.append(cb)\nclass A:\n    def __del__(self):\n"
                      "        print('del A', sys.modules.get('__main__') is None)\n"
                      "a = A()\nb = [A(), A()]\nb.append(b)\nprint('end')\n",
}


def _startup_collects_fully() -> bool:
    """Whether this installation's start-up runs a full collection (a .pth file
    that imports much, as this machine's 3.11 has): the start-up heap is then in
    generation 2, which minivm does not model."""
    python = find_interpreter(HOST.name).path
    probe = "import gc; print(any(o is globals() for o in gc.get_objects(2)))"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True,
                         timeout=60).stdout.strip()
    return out == "True"


#: the programs whose order the generation of the start-up heap decides
_BY_STARTUP_HEAP = ("list_items", "collected_after")


def _params():
    full = _startup_collects_fully()
    for name in sorted(PROGRAMS):
        marks = [pytest.mark.xfail(strict=True, reason=(
            "not implemented: a start-up heap a full collection moved to generation 2 "
            "(this installation's site imports)"))] if full and name in _BY_STARTUP_HEAP \
            else []
        yield pytest.param(name, marks=marks)


@pytest.mark.parametrize("name", list(_params()))
def test_exit_order(tmp_path, name):
    expected, actual = run_both(tmp_path, PROGRAMS[name])
    if actual != expected:  # as the harness judges: raw first, then known differences
        address = REGISTRY["memory-address"].rewrite
        expected, actual = ([address(x) if isinstance(x, str) else x for x in side]
                            for side in (expected, actual))
    assert actual == expected
