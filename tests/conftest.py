"""Shared test configuration: Hypothesis profiles, which versions to test, oracles.

Versions.  A test env runs on one host (tox: py38 ... py313).  Tests of minivm's
stages target the host's version, whose real interpreter is the oracle.  Tests of
the harness's oracles cover every version named by ``CONFORM_VERSIONS`` (a comma
list, or "all", the default), since they do not depend on the host.

Slow tests (whole standard library, tens of thousands of fuzz cases) are marked
``slow`` and deselected unless ``--slow`` is given, as the nightly job does.

Hypothesis profiles: ``dev`` (default), ``ci`` (derandomized: the same examples on
every run, so CI is reproducible) and ``nightly`` (many more examples, with an
example database kept between runs); pick one with ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

from harness.oracle import ALL_VERSIONS, OraclePool, parse_versions
from harness.store import example_database

HOST_VERSION = "%d.%d" % sys.version_info[:2]

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "nightly", max_examples=5000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
    # CONFORM_STORE=redis://...: the directory multiplexed with the shared store.
    database=example_database(os.environ.get("CONFORM_HYPOTHESIS_DB", ".hypothesis/nightly"),
                              os.environ.get("CONFORM_STORE")))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

def oracle_versions():
    """The versions oracle tests cover: ``CONFORM_VERSIONS`` as a comma list, "all"
    (the default) or "host" (the env's own version: tox sets this, so the six envs
    together cover the six versions once)."""
    chosen = os.environ.get("CONFORM_VERSIONS", "all")
    return [HOST_VERSION] if chosen == "host" else parse_versions(chosen)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run tests marked slow (stdlib-wide, nightly fuzzing)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("slow") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def oracle_pool():
    """Workers for every version in ``oracle_versions()``, started on first use."""
    with OraclePool(oracle_versions()) as pool:
        yield pool


@pytest.fixture(scope="session")
def host_version():
    return HOST_VERSION


@pytest.fixture(scope="session")
def host_target():
    from minivm.versions import get_target
    return get_target(None)


@pytest.fixture(scope="session")
def host_oracle():
    """The static oracle worker of the host's own version."""
    with OraclePool([HOST_VERSION]) as pool:
        yield pool.worker(HOST_VERSION)


__all__ = ["ALL_VERSIONS", "HOST_VERSION", "oracle_versions"]
