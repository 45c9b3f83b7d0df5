"""The ``gc`` probes (``corpus/gc``, see harness/gcprobes.py) on the host's version:
each probe's stdout and stderr under minivm equal CPython's on the refcount layer.

A probe that exercises a capability not built yet is a strict xfail naming it.
"""

from __future__ import annotations

import os

import pytest

import minivm
from harness import gcprobes
from minivm.versions import host_version

from tests.test_runtime import _has_compiler

VERSION = "%d.%d" % host_version()

# The checkout's probes, found from this file: under tox the harness is installed in
# site-packages, where no corpus lies beside it (the probes were once silently skipped).
PROBES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "corpus", "gc")

#: (probe, version or None for every version) -> the capability it waits for.
NOT_YET = {
    ("alloc_counts_bases", v): "type_new's allocations for a class with several bases "
                               "after a __slots__ subclass of one (3.11+): one too many "
                               "counted" for v in ("3.11", "3.12", "3.13")
}


def _params():
    for path in gcprobes.probes(PROBES):
        name = os.path.basename(path)[:-3]
        marks = []
        if not _has_compiler(host_version()):
            marks.append(pytest.mark.xfail(
                strict=True, raises=minivm.NotImplementedStage,
                reason="not implemented: minivm's compiler for %s (the probes are source)"
                       % VERSION))
        else:
            reason = NOT_YET.get((name, VERSION)) or NOT_YET.get((name, None))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
        yield pytest.param(path, id=name, marks=marks)


@pytest.mark.parametrize("path", list(_params()))
def test_gc_probe_matches_cpython(path):
    verdict = gcprobes.judge(path, VERSION)
    assert verdict.divergence is None, verdict.divergence.explanation


def test_each_layouts_own_traverse_reads_what_its_slots_hold():
    """The collector's traverse of the commonest layouts is written out for speed;
    on every object a run of each probe leaves, it equals the traverse read off
    the layout's slots (the definition for any other layout), order included
    (a list's reversed, as CPython's list_traverse)."""
    from minivm.memory import gc as collector
    from minivm.objects.core import PyInstance
    from minivm.objects.sequences import PyList
    seen = {PyList: 0, PyInstance: 0}

    def check(vm):
        for o in collector.heap(vm):
            if type(o) in seen:
                seen[type(o)] += 1
                expected = collector._slots_traverse(type(o))(o)
                if type(o) is PyList:
                    expected.reverse()  # list_traverse visits the last item first
                assert collector.TRAVERSE[type(o)](o) == expected, o
    source = (b"import gc\nclass A:\n    __slots__ = ('x', 'y')\nclass B:\n    pass\n"
              b"a = A(); a.x = [a, B()]; b = B(); b.me = b; b.l = [1, 'x', b, [a]]\n"
              b"class L(list):\n    pass\nl = L([b]); l.d = l\nprint(gc.collect())\n")
    from minivm.vm import interpreter
    original = interpreter.Interpreter.run_main

    def run_main(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        finally:
            check(self)
    interpreter.Interpreter.run_main = run_main
    try:
        minivm.run(source, target=VERSION)
    finally:
        interpreter.Interpreter.run_main = original
    assert seen[PyList] > 3 and seen[PyInstance] > 2
