"""The ``_sha1`` module: host hashlib objects (see _hash.py)."""

from __future__ import annotations

from ..builtins import native
from ._hash import hash_module

native("_sha1")(hash_module("_sha1", ("sha1",)))
