"""``minivm.pyc.loads`` on bad input: ``PycError`` or a Code, nothing else, never slow.

The inputs come from ``harness.pycfuzz``: real .pyc files that each version's
``py_compile`` writes at test time, mutated deterministically.  The default suite runs
10,200 of them; the Hypothesis tests draw more of the same (1,000,000 under the
``nightly`` profile, and ``benchmarks/pyc_fuzz.py --cases 1000000`` replays a million
seeded ones).  Each input must finish in under a second.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minivm.pyc.pyc
from harness.pycfuzz import check, mutate, write_bases

_BASES = []


def bases(tmp_root):
    """Real .pyc files of every version (written once per test session)."""
    if not _BASES:
        _BASES.extend(write_bases(str(tmp_root)))
    return _BASES


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def test_ten_thousand_mutations(tmp_root):
    originals = bases(tmp_root)
    for data in originals:
        assert check(data) == "ok"
    rng = random.Random(20240552)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(10200):
        data = mutate(rng.choice(originals), rng, originals)
        outcomes[check(data)] += 1
    # Both kinds occur: the inputs are neither all fatal nor all harmless.
    assert outcomes["ok"] > 100 and outcomes["error"] > 5000, outcomes


def test_every_truncation_of_a_file(tmp_root):
    data = min(bases(tmp_root), key=len)
    for end in range(len(data)):
        assert check(data[:end]) == "error"


_NIGHTLY = os.environ.get("HYPOTHESIS_PROFILE") == "nightly"


@settings(deadline=None, max_examples=1000000 if _NIGHTLY else settings().max_examples)
@given(st.data())
def test_mutations_hypothesis(tmp_root, data):
    originals = bases(tmp_root)
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    sample = rng.choice(originals)
    for _ in range(data.draw(st.integers(1, 3))):
        sample = mutate(sample, rng, originals)
    check(sample)


@settings(deadline=None, max_examples=1000000 if _NIGHTLY else settings().max_examples)
@given(st.binary(max_size=300))
def test_random_bytes_hypothesis(blob):
    check(blob)
    check(minivm.pyc.pyc.write_header("3.12") + blob)


def test_check_fails_on_a_broken_contract(monkeypatch):
    import minivm.pyc
    from harness.pycfuzz import FuzzFailure

    def crash(data):
        raise IndexError("deep inside")
    monkeypatch.setattr(minivm.pyc, "loads", crash)
    with pytest.raises(FuzzFailure, match="IndexError: deep inside"):
        check(b"\x00" * 20)

    def vague(data):
        raise minivm.pyc.PycError("bad")
    monkeypatch.setattr(minivm.pyc, "loads", vague)
    with pytest.raises(FuzzFailure, match="without offset"):
        check(b"\x00" * 20)
