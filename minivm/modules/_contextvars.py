"""The ``_contextvars`` module: minivm/modules/pylib/_contextvars.py run by minivm."""

from __future__ import annotations

from ..builtins import native
from ._util import pylib_module

native("_contextvars")(lambda vm: pylib_module(vm, "_contextvars"))
