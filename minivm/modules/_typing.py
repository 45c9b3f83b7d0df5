"""The ``_typing`` module: minivm/modules/pylib/_typing.py run by minivm."""

from __future__ import annotations

from ..builtins import native
from ._util import pylib_module

native("_typing")(lambda vm: pylib_module(vm, "_typing"))
