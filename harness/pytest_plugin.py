"""pytest plugin: ``assert_conforms`` for projects that test their own implementation.

Installed with pyconform (entry point ``pytest11``), it adds a session fixture
``conform`` whose ``assert_conforms(source, versions=..., layers=..., impl=...)``
judges one program against CPython and fails with the first difference::

    def test_dict_union(conform):
        conform.assert_conforms("print({'a': 1} | {'b': 2})", versions=["3.9", "3.13"],
                                impl="./mypython")

The function is also importable (``from harness.pytest_plugin import assert_conforms``)
and then starts its own oracles for the call.
"""

from __future__ import annotations

import textwrap
from typing import Iterable, List, Optional, Union

import pytest

from .cases import Case, parse_header
from .compare import CRASH, DIVERGE, ORACLE_ERROR
from .impl import make_implementation
from .oracle import OraclePool, parse_versions
from .runner import Settings, judge_case


class ConformanceError(AssertionError):
    """Raised by assert_conforms; its message lists each divergence."""


class Conform:
    """Oracles kept for a session, so many assertions share the workers."""

    def __init__(self) -> None:
        self._pools: dict = {}

    def _pool(self, versions: List[str]) -> OraclePool:
        key = tuple(versions)
        if key not in self._pools:
            self._pools[key] = OraclePool(versions)
        return self._pools[key]

    def assert_conforms(self, source: Union[str, bytes], versions: Optional[Iterable[str]] = None,
                        layers: Iterable[str] = ("exec",), impl: str = "minivm",
                        timeout: float = 10.0, allow_not_implemented: bool = False) -> List[dict]:
        """Judge ``source`` on every version and layer; raise ConformanceError on a
        divergence, a crash, an oracle error, or (unless allowed) a stage that is
        not implemented.  Returns the result records."""
        chosen = parse_versions(list(versions) if versions is not None else None)
        if isinstance(source, str):
            source = textwrap.dedent(source).encode("utf-8")
        features, requires = parse_header(source)
        case = Case(id="assert_conforms", source=source, features=features, requires=requires)
        settings = Settings(versions=chosen, layers=list(layers), impl=impl, timeout=timeout)
        implementation = make_implementation(impl)
        pool = self._pool(chosen)
        records = []
        for version in chosen:
            records.extend(judge_case(pool, implementation, case, version, settings))
        bad = [r for r in records if r["verdict"] in (DIVERGE, CRASH, ORACLE_ERROR) or
               (r["verdict"] == "not_implemented" and not allow_not_implemented)]
        if bad:
            lines = []
            for r in bad:
                why = (r.get("divergence") or {}).get("explanation") or \
                    (r.get("detail") or "").strip().splitlines()[-1:] or [""]
                lines.append("%s %s %s: %s" % (r["layer"], r["version"], r["verdict"],
                                               why if isinstance(why, str) else why[0]))
            raise ConformanceError("does not conform to CPython:\n  " + "\n  ".join(lines))
        return records

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()


_DEFAULT = Conform()


def assert_conforms(source: Union[str, bytes], versions: Optional[Iterable[str]] = None,
                    layers: Iterable[str] = ("exec",), impl: str = "minivm",
                    timeout: float = 10.0, allow_not_implemented: bool = False) -> List[dict]:
    """Module-level form of :meth:`Conform.assert_conforms` (shared oracles)."""
    return _DEFAULT.assert_conforms(source, versions, layers, impl, timeout,
                                    allow_not_implemented)


@pytest.fixture(scope="session")
def conform():
    """A :class:`Conform` whose oracles live for the test session."""
    session = Conform()
    yield session
    session.close()
