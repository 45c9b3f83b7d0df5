"""Per-target facts of the bytecode dialect the compiler needs: stack effects (from the
target's opcode spec, :mod:`minivm.opcodes`) and the opcode families CPython's
``flowgraph.c`` names (``IS_SCOPE_EXIT_OPCODE`` and friends).
"""

from __future__ import annotations

from typing import Dict, FrozenSet

from ..opcodes import StackEffectError, compiler_spec_for
from ..versions import Target

__all__ = ["StackEffectError", "stack_effect", "dialect", "min_stacksize"]

# The smallest ``co_stacksize`` a target's compiler gives (3.13: 1, even for an
# empty module).
_MIN_STACKSIZE = {(3, 13): 1}


def min_stacksize(target: Target) -> int:
    return _MIN_STACKSIZE.get(target.version, 0)


def stack_effect(target: Target, opname: str, oparg: int, jump: bool) -> int:
    """``PyCompile_OpcodeStackEffectWithJump`` for ``target``, from its opcode spec."""
    try:
        op = target.spec[opname]
    except KeyError:
        raise StackEffectError("no opcode %s on %s" % (opname, target.name)) from None
    return op.stack_effect(oparg, jump)


SCOPE_EXIT: FrozenSet[str] = frozenset(("RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS",
                                        "RERAISE"))
UNCONDITIONAL_JUMP: FrozenSet[str] = frozenset((
    "JUMP", "JUMP_NO_INTERRUPT", "JUMP_FORWARD", "JUMP_BACKWARD",
    "JUMP_BACKWARD_NO_INTERRUPT"))
BLOCK_PUSH: FrozenSet[str] = frozenset(("SETUP_FINALLY", "SETUP_WITH", "SETUP_CLEANUP"))
CONDITIONAL_JUMP_REVERSED = {
    "POP_JUMP_IF_NOT_NONE": "POP_JUMP_IF_NONE", "POP_JUMP_IF_NONE": "POP_JUMP_IF_NOT_NONE",
    "POP_JUMP_IF_FALSE": "POP_JUMP_IF_TRUE", "POP_JUMP_IF_TRUE": "POP_JUMP_IF_FALSE",
}


class Dialect:
    """The opcode families of one target, precomputed for the passes."""

    def __init__(self, target: Target) -> None:
        self.target = target
        #: the target's opcodes and its compiler-only pseudo-instructions
        self.spec = compiler_spec_for(target.version)
        pseudo = set(self.spec.groups().get("hasjrel", ())) if self.spec is not target.spec \
            else set()
        self.jumps: FrozenSet[str] = frozenset(
            target.groups.get("hasjrel", frozenset()) | target.groups.get("hasjabs",
                                                                          frozenset())
            | pseudo)
        self.has_target = self.jumps | BLOCK_PUSH
        self.terminators = self.jumps | SCOPE_EXIT
        self.has_const = frozenset(target.groups.get("hasconst", ()))
        self.caches = dict(target.cache_entries)


_DIALECTS: Dict[tuple, Dialect] = {}


def dialect(target: Target) -> Dialect:
    found = _DIALECTS.get(target.version)
    if found is None:
        found = _DIALECTS[target.version] = Dialect(target)
    return found
