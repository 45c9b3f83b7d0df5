"""The ``_sha3`` module: host hashlib objects (see _hash.py)."""

from __future__ import annotations

from ..builtins import native
from ._hash import hash_module

native("_sha3")(hash_module("_sha3", ("sha3_224", "sha3_256", "sha3_384", "sha3_512",
                                         "shake_128", "shake_256")))
