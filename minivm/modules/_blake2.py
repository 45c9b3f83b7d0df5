"""The ``_blake2`` module: host hashlib objects (see _hash.py)."""

from __future__ import annotations

from ..builtins import native
from ._hash import hash_module

native("_blake2")(hash_module("_blake2", ("blake2b", "blake2s")))
