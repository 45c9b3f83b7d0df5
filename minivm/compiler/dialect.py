"""Per-target facts of the bytecode dialect the compiler needs: stack effects and the
opcode families CPython's ``flowgraph.c`` names (``IS_SCOPE_EXIT_OPCODE`` and friends).

These are data, written per target from CPython's opcode metadata;
``tests/test_compiler.py`` checks every stack effect against ``dis.stack_effect`` of
the real interpreter.
"""

from __future__ import annotations

from typing import Callable, Dict, FrozenSet, Union

from ..versions import Target

Effect = Union[int, Callable[[int], int]]


def _make_function_312(oparg: int) -> int:
    return -((oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1))


# Net stack effect of each opcode when it does not jump (3.12).
_EFFECTS_312: Dict[str, Effect] = {
    "NOP": 0, "POP_TOP": -1, "PUSH_NULL": 1, "END_FOR": -2, "END_SEND": -1,
    "UNARY_NEGATIVE": 0, "UNARY_NOT": 0, "UNARY_INVERT": 0, "BINARY_SUBSCR": -1,
    "BINARY_SLICE": -2, "STORE_SLICE": -4, "GET_LEN": 1, "MATCH_MAPPING": 1,
    "MATCH_SEQUENCE": 1, "MATCH_KEYS": 1, "PUSH_EXC_INFO": 1, "CHECK_EXC_MATCH": 0,
    "CHECK_EG_MATCH": 0, "WITH_EXCEPT_START": 1, "GET_AITER": 0, "GET_ANEXT": 1,
    "BEFORE_ASYNC_WITH": 1, "BEFORE_WITH": 1, "END_ASYNC_FOR": -2, "CLEANUP_THROW": -1,
    "STORE_SUBSCR": -3, "DELETE_SUBSCR": -2, "GET_ITER": 0, "GET_YIELD_FROM_ITER": 0,
    "LOAD_BUILD_CLASS": 1, "LOAD_ASSERTION_ERROR": 1, "RETURN_GENERATOR": 0,
    "RETURN_VALUE": -1, "SETUP_ANNOTATIONS": 0, "LOAD_LOCALS": 1, "POP_EXCEPT": -1,
    "STORE_NAME": -1, "DELETE_NAME": 0, "UNPACK_SEQUENCE": lambda n: n - 1,
    "FOR_ITER": 1, "UNPACK_EX": lambda n: (n & 0xFF) + (n >> 8),
    "STORE_ATTR": -2, "DELETE_ATTR": -1, "STORE_GLOBAL": -1, "DELETE_GLOBAL": 0,
    "SWAP": 0, "LOAD_CONST": 1, "LOAD_NAME": 1, "BUILD_TUPLE": lambda n: 1 - n,
    "BUILD_LIST": lambda n: 1 - n, "BUILD_SET": lambda n: 1 - n,
    "BUILD_MAP": lambda n: 1 - 2 * n, "LOAD_ATTR": lambda n: n & 1, "COMPARE_OP": -1,
    "IMPORT_NAME": -1, "IMPORT_FROM": 1, "JUMP_FORWARD": 0, "POP_JUMP_IF_FALSE": -1,
    "POP_JUMP_IF_TRUE": -1, "LOAD_GLOBAL": lambda n: (n & 1) + 1, "IS_OP": -1,
    "CONTAINS_OP": -1, "RERAISE": -1, "COPY": 1, "RETURN_CONST": 0, "BINARY_OP": -1,
    "SEND": 0, "LOAD_FAST": 1, "STORE_FAST": -1, "DELETE_FAST": 0, "LOAD_FAST_CHECK": 1,
    "POP_JUMP_IF_NOT_NONE": -1, "POP_JUMP_IF_NONE": -1, "RAISE_VARARGS": lambda n: -n,
    "GET_AWAITABLE": 0, "MAKE_FUNCTION": _make_function_312,
    "BUILD_SLICE": lambda n: -2 if n == 3 else -1, "JUMP_BACKWARD_NO_INTERRUPT": 0,
    "MAKE_CELL": 0, "LOAD_CLOSURE": 1, "LOAD_DEREF": 1, "STORE_DEREF": -1,
    "DELETE_DEREF": 0, "JUMP_BACKWARD": 0, "LOAD_SUPER_ATTR": lambda n: -2 + (n & 1),
    "CALL_FUNCTION_EX": lambda n: -2 - (n & 1), "LOAD_FAST_AND_CLEAR": 1,
    "EXTENDED_ARG": 0, "LIST_APPEND": -1, "SET_ADD": -1, "MAP_ADD": -2,
    "COPY_FREE_VARS": 0, "YIELD_VALUE": 0, "RESUME": 0, "MATCH_CLASS": -2,
    "FORMAT_VALUE": lambda n: -1 if (n & 0x04) == 0x04 else 0,
    "BUILD_CONST_KEY_MAP": lambda n: -n, "BUILD_STRING": lambda n: 1 - n,
    "LIST_EXTEND": -1, "SET_UPDATE": -1, "DICT_MERGE": -1, "DICT_UPDATE": -1,
    "CALL": lambda n: -1 - n, "KW_NAMES": 0, "CALL_INTRINSIC_1": 0,
    "CALL_INTRINSIC_2": -1, "LOAD_FROM_DICT_OR_GLOBALS": 0,
    "LOAD_FROM_DICT_OR_DEREF": 0,
    # pseudo-instructions
    "SETUP_FINALLY": 0, "SETUP_CLEANUP": 0, "SETUP_WITH": 0, "POP_BLOCK": 0, "JUMP": 0,
    "JUMP_NO_INTERRUPT": 0, "LOAD_METHOD": 1, "LOAD_SUPER_METHOD": -1,
    "LOAD_ZERO_SUPER_METHOD": -1, "LOAD_ZERO_SUPER_ATTR": -1,
    "STORE_FAST_MAYBE_NULL": -1,
}

# Effects that differ when the instruction jumps: a handler starts with the exception
# pushed (and for cleanup handlers the saved lasti too).
_JUMP_EFFECTS_312: Dict[str, Effect] = {
    "SETUP_FINALLY": 1, "SETUP_CLEANUP": 2, "SETUP_WITH": 1,
}

_EFFECTS_313: Dict[str, Effect] = dict(_EFFECTS_312)
_EFFECTS_313.update({
    "END_FOR": -1, "POP_ITER": -1, "TO_BOOL": 0, "FORMAT_SIMPLE": 0, "FORMAT_WITH_SPEC": -1,
    "CONVERT_VALUE": 0, "MAKE_FUNCTION": 0, "SET_FUNCTION_ATTRIBUTE": -1,
    "CALL": lambda n: -1 - n, "CALL_KW": lambda n: -2 - n, "LOAD_FAST_LOAD_FAST": 2,
    "STORE_FAST_LOAD_FAST": 0, "STORE_FAST_STORE_FAST": -2, "EXIT_INIT_CHECK": -1,
    "CALL_FUNCTION_EX": lambda n: -2 - (n & 1), "RETURN_GENERATOR": 1,
})
for _gone in ("KW_NAMES", "FORMAT_VALUE"):
    _EFFECTS_313.pop(_gone, None)

_EFFECTS = {(3, 12): (_EFFECTS_312, _JUMP_EFFECTS_312),
            (3, 13): (_EFFECTS_313, _JUMP_EFFECTS_312)}


# The smallest ``co_stacksize`` a target's compiler gives (3.13: 1, even for an
# empty module).
_MIN_STACKSIZE = {(3, 13): 1}


def min_stacksize(target: Target) -> int:
    return _MIN_STACKSIZE.get(target.version, 0)


class StackEffectError(ValueError):
    """An opcode without a known stack effect for the target."""


def stack_effect(target: Target, opname: str, oparg: int, jump: bool) -> int:
    """``PyCompile_OpcodeStackEffectWithJump`` for ``target``."""
    try:
        effects, jumps = _EFFECTS[target.version]
    except KeyError:
        raise StackEffectError("no stack-effect table for %s yet" % target.name) from None
    effect = jumps.get(opname) if jump else None
    if effect is None:
        effect = effects.get(opname)
        if effect is None:
            raise StackEffectError("no stack effect for %s on %s" % (opname, target.name))
    return effect(oparg) if callable(effect) else effect


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
        self.jumps: FrozenSet[str] = frozenset(
            target.groups.get("hasjrel", frozenset()) | target.groups.get("hasjabs",
                                                                          frozenset()))
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
