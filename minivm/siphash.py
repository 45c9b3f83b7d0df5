"""SipHash-c-d, the keyed hash CPython uses for ``str``/``bytes`` hashes (so set and
dict order match the target under ``PYTHONHASHSEED=0``) and for
``importlib.util.source_hash``.  One implementation serves the VM's object model and
the .pyc writer.

A str is hashed over its internal (PEP 393) representation: one byte per character
when every character is below U+0100, two (UTF-16-LE units) below U+10000, four
otherwise.

CPython hashes strings with SipHash-2-4 before 3.11 and SipHash-1-3 from 3.11
(``sys.hash_info.algorithm``).  ``source_hash`` (PEP 552) calls ``_Py_KeyedHash``
with the magic number as the first key half and zero as the second, with the
same variant as the string hash: ``Target.hash_algorithm`` (measured against
``importlib.util.source_hash``: 2-4 on 3.8-3.10, 1-3 on 3.11-3.13).  Both are one
function here, parameterised by the number of compression rounds (c) and
finalisation rounds (d), following the reference description by Aumasson and
Bernstein.  All arithmetic is on Python ints masked to 64 bits.
"""

from __future__ import annotations

import struct
from typing import Tuple

_MASK = 0xFFFFFFFFFFFFFFFF

#: Rounds (c, d) per algorithm name as ``sys.hash_info.algorithm`` spells it.
ROUNDS = {"siphash13": (1, 3), "siphash24": (2, 4)}


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def _sipround(v0: int, v1: int, v2: int, v3: int) -> Tuple[int, int, int, int]:
    v0 = (v0 + v1) & _MASK
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _MASK
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _MASK
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _MASK
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash(k0: int, k1: int, data: bytes, c_rounds: int = 2, d_rounds: int = 4) -> int:
    """SipHash-c-d of ``data`` under the 128-bit key (``k0``, ``k1``) as an unsigned
    64-bit int.  ``k0``/``k1`` are the little-endian halves of the key."""
    k0 &= _MASK
    k1 &= _MASK
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    size = len(data)
    whole = size - size % 8
    for (m,) in struct.iter_unpack("<Q", memoryview(data)[:whole]):
        v3 ^= m
        for _ in range(c_rounds):
            v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
        v0 ^= m
    # The last block holds the remaining bytes and the message length mod 256
    # in its top byte.
    m = int.from_bytes(bytes(data[whole:]), "little") | ((size & 0xFF) << 56)
    v3 ^= m
    for _ in range(c_rounds):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    v0 ^= m
    v2 ^= 0xFF
    for _ in range(d_rounds):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def siphash13(k0: int, k1: int, data: bytes) -> int:
    return siphash(k0, k1, data, 1, 3)


def siphash24(k0: int, k1: int, data: bytes) -> int:
    return siphash(k0, k1, data, 2, 4)


def keyed_hash(key: int, data: bytes, algorithm: str) -> int:
    """``_Py_KeyedHash``: ``algorithm`` ("siphash13" or "siphash24") with
    ``key`` as the first key half and 0 as the second."""
    c_rounds, d_rounds = ROUNDS[algorithm]
    return siphash(key, 0, data, c_rounds, d_rounds)


def source_hash(magic: bytes, source: bytes, algorithm: str) -> bytes:
    """``importlib.util.source_hash``: the 8 little-endian bytes of the keyed hash of
    ``source``, keyed by the 4-byte magic (``_RAW_MAGIC_NUMBER``) read little-endian."""
    key = int.from_bytes(magic[:4], "little")
    return keyed_hash(key, source, algorithm).to_bytes(8, "little")


# -- str and bytes hashes under PYTHONHASHSEED=0 (the all-zero key) ------------------------


def hash_bytes(data: bytes, algorithm: str = "siphash13") -> int:
    """``_Py_HashBytes``: signed, 0 for empty input, never -1."""
    if not data:
        return 0
    c_rounds, d_rounds = ROUNDS[algorithm]
    x = siphash(0, 0, data, c_rounds, d_rounds)
    if x >= 1 << 63:
        x -= 1 << 64
    return -2 if x == -1 else x


def str_representation(text: str) -> bytes:
    """The bytes CPython hashes for ``text`` (its PEP 393 storage)."""
    top = max(map(ord, text)) if text else 0
    if top < 0x100:
        return text.encode("latin-1")
    if top < 0x10000:
        return text.encode("utf-16-le")
    return text.encode("utf-32-le")


def hash_str(text: str, algorithm: str = "siphash13") -> int:
    return hash_bytes(str_representation(text), algorithm)
