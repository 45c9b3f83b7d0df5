"""minivm's builtin functions and native modules (``sys``, ``gc``, ``math``,
``weakref``, ``_weakref``, ``time``-free stand-ins ...).

``NATIVE_MODULES`` maps a module name to ``maker(vm) -> module`` (a new reference).
"""

from __future__ import annotations

from typing import Callable, Dict

NATIVE_MODULES: Dict[str, Callable] = {}


def native(name: str):
    def register(maker):
        NATIVE_MODULES[name] = maker
        return maker
    return register


from . import sysmodule, nativemods, nativelib  # noqa: E402,F401
