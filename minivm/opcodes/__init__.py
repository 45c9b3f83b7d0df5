"""The opcodes of every target version, as one spec per version.

``spec_for((3, 11))`` is the :class:`~minivm.opcodes.spec.Spec` of 3.11.  Each
version's module (``v38`` ... ``v313``) is written as the change from the one before
(:meth:`Spec.derive`); the oparg kinds (:mod:`.oparg`) and the oparg-dependent stack
effects (:mod:`.effects`) are shared by all of them.
"""

from __future__ import annotations

import importlib
from typing import Dict, Tuple

from .spec import Op, Spec, StackEffectError, op

__all__ = ["Op", "Spec", "StackEffectError", "compiler_spec_for", "op", "spec_for"]

_MODULES = {(3, 8): "v38", (3, 9): "v39", (3, 10): "v310", (3, 11): "v311",
            (3, 12): "v312", (3, 13): "v313"}
_SPECS: Dict[Tuple[int, int], Spec] = {}


def spec_for(version: Tuple[int, int]) -> Spec:
    """The spec of ``version`` (one of minivm's targets); KeyError for any other."""
    found = _SPECS.get(version)
    if found is None:
        module = importlib.import_module("." + _MODULES[version], __name__)
        found = _SPECS[version] = module.SPEC
    return found


_COMPILER_SPECS: Dict[Tuple[int, int], Spec] = {}


def compiler_spec_for(version: Tuple[int, int]) -> Spec:
    """The spec the compiler works in: ``spec_for(version)`` plus the version's
    compiler-only pseudo-instructions where ``opcode`` does not list them (3.11's
    ``compile.c`` numbers them below zero; here they take 3.12's numbers)."""
    found = _COMPILER_SPECS.get(version)
    if found is None:
        module = importlib.import_module("." + _MODULES[version], __name__)
        found = getattr(module, "COMPILER_SPEC", None) or spec_for(version)
        _COMPILER_SPECS[version] = found
    return found
