"""The handlers particular to 3.11 bytecode; everything else 3.11 shares with 3.12 is
registered from 3.11 on in dialect312.

What 3.11 does its own way: LOAD_ATTR carries no method bit (LOAD_METHOD is its own
opcode), FOR_ITER jumps past the loop with no END_FOR, SEND replaces the receiver with
the returned value, JUMP_IF_FALSE_OR_POP/JUMP_IF_TRUE_OR_POP, conditional jumps with a
direction in their name, PRECALL before CALL, LOAD_CLASSDEREF, and real opcodes for
what 3.12 made intrinsics (UNARY_POSITIVE, LIST_TO_TUPLE, IMPORT_STAR, ASYNC_GEN_WRAP,
PREP_RERAISE_STAR).
"""

from __future__ import annotations

from ..objects.abstract import is_true
from ..objects.core import decref, incref
from ..objects.scalars import FALSE, TRUE
from . import eval as ev
from . import registry


# 3.12's LOAD_ATTR serves both: LOAD_METHOD pushes (method, self) when found on the
# type, else (NULL, attribute), as 3.12's LOAD_ATTR with the method bit does.
@registry.decoder("LOAD_ATTR", since=(3, 11), until=(3, 12))
def attr_name(info, oparg, index, nxt):
    return (info.names[oparg], False)


@registry.decoder("LOAD_METHOD", since=(3, 11), until=(3, 12))
def method_name(info, oparg, index, nxt):
    return (info.names[oparg], True)


def op_FOR_ITER(f, arg, nxt):
    from . import dialect312
    target = dialect312.op_FOR_ITER(f, arg, nxt)
    # 3.12's handler skips the END_FOR at the target; 3.11 has none
    return target - 1 if target != nxt else nxt


def op_SEND(f, arg, nxt):
    if ev.send_top(f):
        # 3.11 replaces the receiver with the returned value at once (3.12: END_SEND)
        return ev.op_END_SEND(f, arg, arg)
    return nxt


def _truth(v) -> bool:
    if v is TRUE:
        return True
    if v is FALSE:
        return False
    return is_true(v)


def op_JUMP_IF_FALSE_OR_POP(f, arg, nxt):
    if not _truth(f[-1]):
        return arg
    decref(f.pop())
    return nxt


def op_JUMP_IF_TRUE_OR_POP(f, arg, nxt):
    if _truth(f[-1]):
        return arg
    decref(f.pop())
    return nxt


def op_PRECALL(f, arg, nxt):
    # 3.11 unpacks a bound method here; 3.12's CALL (which 3.11 shares) does it itself
    return nxt


def op_LOAD_CLASSDEREF(f, arg, nxt):
    f.append(incref(f.locals))
    return ev.op_LOAD_FROM_DICT_OR_DEREF(f, arg, nxt)


def _as_intrinsic_1(name):
    def handler(f, arg, nxt):
        return ev.op_CALL_INTRINSIC_1(f, name, nxt)
    handler.__name__ = "op_" + name[len("INTRINSIC_"):]
    return handler


def op_IMPORT_STAR(f, arg, nxt):
    ev.op_CALL_INTRINSIC_1(f, "INTRINSIC_IMPORT_STAR", nxt)
    decref(f.pop())  # the intrinsic's None: 3.11's opcode pushes nothing
    return nxt


def op_PREP_RERAISE_STAR(f, arg, nxt):
    return ev.op_CALL_INTRINSIC_2(f, "INTRINSIC_PREP_RERAISE_STAR", nxt)


registry.register({
    "LOAD_ATTR": ev.op_LOAD_ATTR_312, "LOAD_METHOD": ev.op_LOAD_ATTR_312,
    "FOR_ITER": op_FOR_ITER,
    "SEND": op_SEND, "JUMP_IF_FALSE_OR_POP": op_JUMP_IF_FALSE_OR_POP,
    "JUMP_IF_TRUE_OR_POP": op_JUMP_IF_TRUE_OR_POP, "PRECALL": op_PRECALL,
    "LOAD_CLASSDEREF": op_LOAD_CLASSDEREF, "IMPORT_STAR": op_IMPORT_STAR,
    "PREP_RERAISE_STAR": op_PREP_RERAISE_STAR,
    # every 3.11 LOAD_FAST checks that the local is bound
    "LOAD_FAST": ev.op_LOAD_FAST_CHECK,
    "UNARY_POSITIVE": _as_intrinsic_1("INTRINSIC_UNARY_POSITIVE"),
    "LIST_TO_TUPLE": _as_intrinsic_1("INTRINSIC_LIST_TO_TUPLE"),
    "ASYNC_GEN_WRAP": _as_intrinsic_1("INTRINSIC_ASYNC_GEN_WRAP"),
    # the direction is the oparg kind's business: the decoded target is absolute
    "POP_JUMP_FORWARD_IF_FALSE": ev.op_POP_JUMP_IF_FALSE,
    "POP_JUMP_BACKWARD_IF_FALSE": ev.op_POP_JUMP_IF_FALSE,
    "POP_JUMP_FORWARD_IF_TRUE": ev.op_POP_JUMP_IF_TRUE,
    "POP_JUMP_BACKWARD_IF_TRUE": ev.op_POP_JUMP_IF_TRUE,
    "POP_JUMP_FORWARD_IF_NONE": ev.op_POP_JUMP_IF_NONE,
    "POP_JUMP_BACKWARD_IF_NONE": ev.op_POP_JUMP_IF_NONE,
    "POP_JUMP_FORWARD_IF_NOT_NONE": ev.op_POP_JUMP_IF_NOT_NONE,
    "POP_JUMP_BACKWARD_IF_NOT_NONE": ev.op_POP_JUMP_IF_NOT_NONE,
}, since=(3, 11), until=(3, 12))
