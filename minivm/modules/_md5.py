"""The ``_md5`` module: host hashlib objects (see _hash.py)."""

from __future__ import annotations

from ..builtins import native
from ._hash import hash_module

native("_md5")(hash_module("_md5", ("md5",)))
