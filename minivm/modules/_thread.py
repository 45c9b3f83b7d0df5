"""The ``_thread`` module: minivm/modules/pylib/_thread.py run by minivm.

minivm is single-threaded: a started thread runs its function to completion before
``start_new_thread`` / ``start_joinable_thread`` returns, under a thread identity of its
own; locks keep real state and a blocking acquire that could never succeed raises
RuntimeError instead of hanging (see the pylib file and docs/runtime.md)."""

from __future__ import annotations

from ..builtins import native
from ._util import pylib_module

native("_thread")(lambda vm: pylib_module(vm, "_thread"))
