"""SipHash and ``source_hash`` against the real interpreters.

Each version's interpreter computes the expected values in one subprocess:
``importlib.util.source_hash`` for 10,000 random inputs (keyed SipHash, the variant
its ``_Py_KeyedHash`` uses) and ``hash()`` of random strings and bytes under
``PYTHONHASHSEED=0`` (SipHash with a zero key: the table order of sets before 3.11
depends on it).
"""

from __future__ import annotations

import os
import random
import subprocess

import pytest

from harness.oracle import find_interpreter
from minivm.pyc import pyc
from minivm.pyc.setorder import target_hash
from minivm.siphash import siphash, siphash13, siphash24
from minivm.versions import SUPPORTED_TARGETS, get_target

VERSIONS = [pytest.param("%d.%d" % v, id="%d.%d" % v) for v in SUPPORTED_TARGETS]

_SOURCE_HASHES = r'''
import importlib.util, sys
for line in sys.stdin.read().split():
    data = bytes.fromhex(line[1:])
    print(importlib.util.source_hash(data).hex())
'''

_HASHES = r'''
import sys
for line in sys.stdin.read().split():
    data = bytes.fromhex(line[1:])
    value = data if line[0] == "b" else data.decode("utf-8", "surrogatepass")
    print(hash(value))
'''


def _run(version, script, lines):
    python = find_interpreter(version).path
    env = dict(os.environ, PYTHONHASHSEED="0")
    # Not -I: that would ignore PYTHONHASHSEED.
    done = subprocess.run([python, "-s", "-c", script], input="\n".join(lines).encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                          timeout=120, check=True)
    return done.stdout.decode().split()


def _random_inputs(count, seed):
    rng = random.Random(seed)
    sizes = [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65]
    inputs = []
    for index in range(count):
        size = sizes[index] if index < len(sizes) else rng.randrange(0, 200)
        inputs.append(bytes(rng.randrange(256) for _ in range(size)))
    return inputs


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_source_hash_equals_importlib(version):
    inputs = _random_inputs(10000, seed=552)
    expected = _run(version, _SOURCE_HASHES, ["x" + data.hex() for data in inputs])
    assert len(expected) == len(inputs)
    for data, want in zip(inputs, expected):
        assert pyc.source_hash(data, version).hex() == want, data


def _random_texts(rng, count):
    alphabet = "abcXYZ_09 é\u00ff\u0100\u4e2d\U0001f600\ud800"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
            for _ in range(count)]


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_str_and_bytes_hash_under_seed_zero(version):
    rng = random.Random(13)
    texts = _random_texts(rng, 500)
    blobs = _random_inputs(500, seed=24)
    lines = ["s" + t.encode("utf-8", "surrogatepass").hex() for t in texts]
    lines += ["b" + b.hex() for b in blobs]
    expected = [int(x) for x in _run(version, _HASHES, lines)]
    target = get_target(version)
    got = [target_hash(value, target) for value in texts + blobs]
    assert got == expected


def test_rounds_are_parameters():
    # The two named variants are the general function with their round counts,
    # and they differ: a mix-up of the two cannot pass the oracle tests above.
    data = b"pyconform"
    assert siphash13(1, 2, data) == siphash(1, 2, data, 1, 3)
    assert siphash24(1, 2, data) == siphash(1, 2, data, 2, 4)
    assert siphash13(1, 2, data) != siphash24(1, 2, data)


def test_source_hash_needs_the_source():
    with pytest.raises(ValueError, match="source"):
        pyc.write_header("3.12", hash_based=True)
