"""minivm's builtin functions, ``sys``, and the registry of native modules (the modules
themselves are in minivm/modules, one file each).

``NATIVE_MODULES`` maps a module name to ``maker(vm) -> module`` (a new reference).
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

NATIVE_MODULES: Dict[str, Callable] = {}

#: A native module that only some targets have: name -> (``RUNTIME_SINCE`` entry,
#: whether the module exists when the target has that entry).
NATIVE_GATES: Dict[str, Tuple[str, bool]] = {}


def native(name: str, when: Optional[Tuple[str, bool]] = None):
    """Register ``maker(vm)`` as native module ``name``; ``when`` gates it by target."""
    def register(maker):
        NATIVE_MODULES[name] = maker
        if when is not None:
            NATIVE_GATES[name] = when
        return maker
    return register


def native_maker(name: str, target) -> Optional[Callable]:
    """The maker of native module ``name`` on ``target``, or None if it has none."""
    gate = NATIVE_GATES.get(name)
    if gate is not None and target.runtime(gate[0]) != gate[1]:
        return None
    return NATIVE_MODULES.get(name)


from . import sysmodule  # noqa: E402,F401
from .. import modules  # noqa: E402,F401
