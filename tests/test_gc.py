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
