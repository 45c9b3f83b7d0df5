"""Bad .pyc input for ``minivm.pyc.loads``: real files of every version, mutated.

The contract under test: ``loads`` returns a header and a :class:`Code`, or raises
:class:`minivm.pyc.PycError` whose message names an offset; nothing else, and
never slowly.  The same generator serves the test suite (10,200 inputs, plus the
Hypothesis tests) and ``benchmarks/pyc_fuzz.py`` (a million, nightly).

Inputs start from ``.pyc`` files that each installed interpreter's ``py_compile``
writes for three small standard-library modules, and get byte flips, interesting
values at 4-byte length fields, truncations, insertions, deletions, duplicated
ranges, splices of two files, another version's magic, random bodies after a
real header, or are plain random bytes.
"""

from __future__ import annotations

import os
import random
import struct
import subprocess
import time
from typing import List, Sequence

#: Seconds ``loads`` may take on one input.
LIMIT = 1.0

#: The modules whose real .pyc files the mutations start from.
BASE_MODULES = ("keyword.py", "colorsys.py", "bisect.py")

_WRITE = r'''
import py_compile, sys, sysconfig, os
top = sysconfig.get_paths()["stdlib"]
for index, name in enumerate(sys.argv[2:]):
    py_compile.compile(os.path.join(top, name), cfile=os.path.join(sys.argv[1], "%d.pyc" % index),
                       doraise=True)
'''

INTERESTING = [b"\x00", b"\xff", b"\x7f", b"\x80", b"0", b"r", b"(", b")", b"c", b"\xe3",
               b"\xa9", b"\xda", b"l", b"s", b"u", b"<", b">", b"{", b"[", b"?",
               struct.pack("<i", 2**31 - 1), struct.pack("<i", -1), struct.pack("<i", -2**31),
               struct.pack("<i", 65536), struct.pack("<i", 0)]


class FuzzFailure(AssertionError):
    """``loads`` broke its contract on one input (kept in ``data``)."""

    def __init__(self, message: str, data: bytes) -> None:
        super().__init__("%s on input %r..." % (message, data[:64]))
        self.data = data


def write_bases(folder: str) -> List[bytes]:
    """Real .pyc files of every supported version, written into ``folder`` by each
    installed interpreter's ``py_compile``; raises if an interpreter is missing."""
    from harness.oracle import find_interpreter
    from minivm.versions import SUPPORTED_TARGETS
    found = []
    for version in SUPPORTED_TARGETS:
        name = "%d.%d" % version
        where = os.path.join(folder, name)
        os.makedirs(where, exist_ok=True)
        subprocess.run([find_interpreter(name).path, "-I", "-c", _WRITE, where] +
                       list(BASE_MODULES), check=True, timeout=60)
        for index in range(len(BASE_MODULES)):
            with open(os.path.join(where, "%d.pyc" % index), "rb") as handle:
                found.append(handle.read())
    return found


def _random_bytes(rng: random.Random, count: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(count))


def mutate(data: bytes, rng: random.Random, others: Sequence[bytes]) -> bytes:
    """One mutation of ``data``, chosen by ``rng`` (the same seed gives the same input)."""
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
        data[at:at] = _random_bytes(rng, rng.randrange(1, 16))
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
        data[16:] = _random_bytes(rng, rng.randrange(64))
    else:                                      # random bytes
        data = bytearray(_random_bytes(rng, rng.randrange(48)))
    return bytes(data)


def check(data: bytes, limit: float = LIMIT) -> str:
    """Load ``data``: "ok" for a Code, "error" for a PycError naming an offset.
    Anything else, or taking ``limit`` seconds or more, raises :class:`FuzzFailure`."""
    import minivm.pyc
    from minivm.compiler.code import Code
    started = time.perf_counter()
    try:
        _, code = minivm.pyc.loads(data)
        outcome = "ok" if isinstance(code, Code) else "not a Code: %r" % type(code)
    except minivm.pyc.PycError as error:
        outcome = "error" if "offset" in str(error) else "PycError without offset: %s" % error
    except Exception as error:  # noqa: BLE001 - exactly what the contract forbids
        raise FuzzFailure("%s: %s" % (type(error).__name__, error), data) from error
    elapsed = time.perf_counter() - started
    if outcome not in ("ok", "error"):
        raise FuzzFailure(outcome, data)
    if elapsed >= limit:
        raise FuzzFailure("%.2f s" % elapsed, data)
    return outcome
