"""The ``_sha2`` module (and ``_sha256``, ``_sha512`` before 3.12): host hashlib objects
(see _hash.py)."""

from __future__ import annotations

from ..builtins import native
from ._hash import hash_module

# 3.12 merged _sha256 and _sha512 into _sha2; before it they are two modules
native("_sha2", when=("sha2_module", True))(
    hash_module("_sha2", ("sha224", "sha256", "sha384", "sha512")))
native("_sha256", when=("sha2_module", False))(hash_module("_sha256", ("sha224", "sha256")))
native("_sha512", when=("sha2_module", False))(hash_module("_sha512", ("sha384", "sha512")))
