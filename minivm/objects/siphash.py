"""SipHash-1-3 and SipHash-2-4 with the all-zero key of ``PYTHONHASHSEED=0``, as
CPython's Python/pyhash.c hashes str and bytes (so set order matches the target).

A str is hashed over its internal representation: one byte per character when every
character is below U+0100, two (UTF-16-LE units) below U+10000, four otherwise.
"""

from __future__ import annotations

import struct

_MASK = (1 << 64) - 1


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def siphash(data: bytes, c_rounds: int, d_rounds: int) -> int:
    """The unsigned 64-bit SipHash-c-d of ``data`` with key (0, 0)."""
    v0 = 0x736f6d6570736575
    v1 = 0x646f72616e646f6d
    v2 = 0x6c7967656e657261
    v3 = 0x7465646279746573
    n = len(data)
    whole = n - n % 8

    def rounds(count, v0, v1, v2, v3):
        for _ in range(count):
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

    for (m,) in struct.iter_unpack("<Q", data[:whole]):
        v3 ^= m
        v0, v1, v2, v3 = rounds(c_rounds, v0, v1, v2, v3)
        v0 ^= m
    b = ((n & 0xff) << 56) | int.from_bytes(data[whole:], "little")
    v3 ^= b
    v0, v1, v2, v3 = rounds(c_rounds, v0, v1, v2, v3)
    v0 ^= b
    v2 ^= 0xff
    v0, v1, v2, v3 = rounds(d_rounds, v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def hash_bytes(data: bytes, algorithm: str = "siphash13") -> int:
    """``_Py_HashBytes``: signed, 0 for empty input, never -1."""
    if not data:
        return 0
    c, d = (1, 3) if algorithm == "siphash13" else (2, 4)
    x = siphash(data, c, d)
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
