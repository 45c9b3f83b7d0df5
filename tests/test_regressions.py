"""Replay every reduced divergence kept in ``corpus/regressions/``.

Each regression is a program and a JSON sidecar naming the implementation, the
version and the layer it diverged on, its signature and its status.  An *open*
regression must still show exactly its signature (if it no longer does, the
implementation was fixed, or the harness stopped seeing the difference: either way
a person must look, and mark it ``fixed``); a *fixed* one must conform.  Only the
versions this test run covers (``CONFORM_VERSIONS``) are replayed, so the six tox
envs replay each regression once.
"""

from __future__ import annotations

import os

import pytest

from harness.impl import OracleInterpreter
from harness.campaign import load_regressions, replay_regression
from harness.cases import parse_header

from .conftest import oracle_versions

# The checkout's corpus, found from this file: under tox the harness is installed in
# site-packages, so nothing relative to the harness's own files would find it.
CORPUS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "corpus", "regressions")
REGRESSIONS = load_regressions(CORPUS)


def test_every_regression_has_its_program_and_a_complete_sidecar():
    for path, sidecar in REGRESSIONS:
        assert os.path.isfile(path), path
        for key in ("signature", "layer", "version", "impl", "status", "first_seen"):
            assert key in sidecar, (path, key)
        assert sidecar["status"] in ("open", "fixed"), path
        with open(path, "rb") as handle:
            features, requires = parse_header(handle.read())
        assert requires is not None and "%d.%d" % requires == sidecar["version"], path


@pytest.fixture(scope="module")
def implementations():
    """Implementations under test, started once for all regressions."""
    cache = {}
    yield cache
    for impl in cache.values():
        if isinstance(impl, OracleInterpreter):
            impl.close()


# Each regression is replayed in the environment of the version it diverged on.
HERE = [(p, s) for p, s in REGRESSIONS if s["version"] in oracle_versions()]


@pytest.mark.parametrize("path,sidecar", HERE, ids=[os.path.basename(p) for p, _ in HERE])
def test_regression_replays(oracle_pool, implementations, path, sidecar):
    found = replay_regression(oracle_pool, path, sidecar, impls=implementations)
    if sidecar["status"] == "open":
        assert sidecar["signature"] in found, (
            "%s no longer shows %s (now: %s); if the implementation was fixed, set its "
            "status to fixed" % (path, sidecar["signature"], found or "conforms"))
    else:
        assert found == [], "%s (fixed) diverges again: %s" % (path, found)
