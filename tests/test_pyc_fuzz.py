"""``minivm.pyc.loads`` on bad input: ``PycError`` or a Code, nothing else, never slow.

The inputs are derived deterministically from real .pyc files that each version's
``py_compile`` writes at test time: byte flips, interesting values at 4-byte length
fields, truncations, insertions, deletions, duplicated ranges, splices of two files,
bodies under another version's magic, and plain random bytes.  The default suite runs
10,200 of them; the Hypothesis test draws more of the same (1,000,000 under the
``nightly`` profile).  Each input must finish in under a second.
"""

from __future__ import annotations

import os
import random
import struct
import subprocess
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minivm.pyc
import minivm.pyc.pyc
from harness.oracle import find_interpreter
from minivm.compiler.code import Code
from minivm.pyc import PycError
from minivm.versions import SUPPORTED_TARGETS

#: The reader's time limit per input.
LIMIT = 1.0

_WRITE = r'''
import py_compile, sys, sysconfig, os
top = sysconfig.get_paths()["stdlib"]
for index, name in enumerate(sys.argv[2:]):
    py_compile.compile(os.path.join(top, name), cfile=os.path.join(sys.argv[1], "%d.pyc" % index),
                       doraise=True)
'''
_NAMES = ("keyword.py", "colorsys.py", "bisect.py")

_BASES = []


def bases(tmp_root):
    """Real .pyc files of every version (three small standard-library modules each)."""
    if not _BASES:
        for version in SUPPORTED_TARGETS:
            name = "%d.%d" % version
            folder = os.path.join(str(tmp_root), name)
            os.makedirs(folder)
            subprocess.run([find_interpreter(name).path, "-I", "-c", _WRITE, folder] +
                           list(_NAMES), check=True, timeout=60)
            for index in range(len(_NAMES)):
                with open(os.path.join(folder, "%d.pyc" % index), "rb") as handle:
                    _BASES.append(handle.read())
    return _BASES


INTERESTING = [b"\x00", b"\xff", b"\x7f", b"\x80", b"0", b"r", b"(", b")", b"c", b"\xe3",
               b"\xa9", b"\xda", b"l", b"s", b"u", b"<", b">", b"{", b"[", b"?",
               struct.pack("<i", 2**31 - 1), struct.pack("<i", -1), struct.pack("<i", -2**31),
               struct.pack("<i", 65536), struct.pack("<i", 0)]


def mutate(data: bytes, rng: random.Random, others) -> bytes:
    """One deterministic mutation of a .pyc, chosen by ``rng``."""
    data = bytearray(data)
    kind = rng.randrange(10) if data else 9
    size = len(data)
    at = rng.randrange(size) if size else 0
    if kind == 0:                              # flip a few bytes
        for _ in range(rng.randrange(1, 5)):
            data[rng.randrange(size)] = rng.randrange(256)
    elif kind == 1:                            # an interesting value somewhere
        value = rng.choice(INTERESTING)
        data[at:at + len(value)] = value
    elif kind == 2:                            # truncate
        del data[at:]
    elif kind == 3:                            # insert random bytes
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    elif kind == 4:                            # delete a range
        del data[at:at + rng.randrange(1, 64)]
    elif kind == 5:                            # duplicate a range
        end = min(size, at + rng.randrange(1, 200))
        data[at:at] = data[at:end]
    elif kind == 6:                            # splice with another file
        other = rng.choice(others)
        cut = rng.randrange(len(other))
        data = data[:at] + other[cut:]
    elif kind == 7:                            # another version's magic
        data[:4] = rng.choice(others)[:4]
    elif kind == 8:                            # random body after a real header
        data[16:] = bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    else:                                      # random bytes
        data = bytearray(rng.randrange(256) for _ in range(rng.randrange(48)))
    return bytes(data)


def check(data: bytes) -> str:
    """Load ``data``; return "ok" or "error", failing on anything else or on time."""
    started = time.perf_counter()
    try:
        header, code = minivm.pyc.loads(data)
        assert isinstance(code, Code)
        outcome = "ok"
    except PycError as error:
        assert "offset" in str(error), str(error)
        outcome = "error"
    elapsed = time.perf_counter() - started
    assert elapsed < LIMIT, "%.2f s on %r..." % (elapsed, data[:64])
    return outcome


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
