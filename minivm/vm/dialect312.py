"""The handlers of 3.12 bytecode, registered for the versions they serve (many from
3.11 on, those that 3.13 replaces until 3.13), and the argument decoders of the oparg
kinds.

Registration is by name and version range (:mod:`minivm.vm.registry`); a later
dialect registers only what it changes.
"""

from __future__ import annotations

import operator

from ..objects import abstract
from ..objects.core import ALLOC, R, STATE, decref
from ..opcodes import oparg as kinds
from . import eval as ev
from . import registry

_FAST_BINOPS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "//": None, "%": None,
    "/": None, "<<": None, ">>": None, "&": operator.and_, "|": operator.or_,
    "^": operator.xor, "**": None, "@": None,
}


def _safe_div(a, b):
    return a / b if b else None


def _safe_floordiv(a, b):
    return a // b if b else None


def _safe_mod(a, b):
    return a % b if b else None


_FAST_BINOPS.update({"/": _safe_div, "//": _safe_floordiv, "%": _safe_mod})


def decode_binary_op(info, oparg, index, nxt):
    symbol = STATE.target.nb_ops[oparg]
    inplace = symbol.endswith("=") and symbol not in ("==",)
    base = symbol[:-1] if inplace else symbol
    return (base, inplace, _FAST_BINOPS.get(base))


def const(info, oparg, index, nxt):
    return info.consts[oparg]


def name(info, oparg, index, nxt):
    return info.names[oparg]


def intrinsic1(info, oparg, index, nxt):
    return STATE.target.intrinsic_1[oparg]


def intrinsic2(info, oparg, index, nxt):
    return STATE.target.intrinsic_2[oparg]


def compare_312(info, oparg, index, nxt):
    return kinds.COMPARE_312.decode(oparg)


# -- handlers particular to 3.12 ----------------------------------------------------------------

def op_LOAD_GLOBAL(f, arg, nxt):
    name_, push_null = arg
    v = f.globals.vals.get(name_)
    if v is None:
        v = f.builtins.vals.get(name_)
        if v is None:
            raise ev.name_error(name_)
    v.ob_refcnt += 1
    if push_null:
        f.append(None)
    f.append(v)
    return nxt


def op_KW_NAMES(f, arg, nxt):
    f.kwnames = arg
    return nxt


def op_CALL(f, arg, nxt):
    f.call_pc = nxt  # where the caller is, for f_lineno
    kwnames = f.kwnames
    f.kwnames = None
    base = len(f) - arg - 2
    callable_ = f[base]
    if callable_ is None:
        callable_ = f[base + 1]
        args = f[base + 2:]
    else:
        args = f[base + 1:]
    del f[base:]
    f.append(STATE.vm.call_stack(callable_, args, kwnames, f))
    if ALLOC.scheduled:
        ev.after_call(callable_)
    return nxt


def op_CALL_FUNCTION_EX(f, arg, nxt):
    f.call_pc = nxt  # where the caller is, for f_lineno
    kwargs = f.pop() if arg & 1 else None
    callargs = f.pop()
    func = f.pop()
    f.pop()  # the NULL pushed below the callable
    f.append(STATE.vm.call_ex(func, callargs, kwargs))
    if ALLOC.scheduled:
        ev.after_call(func, methods_inline=False)
    return nxt


def op_COMPARE_OP(f, arg, nxt):
    right = f.pop()
    left = f[-1]
    try:
        r = ev.compare(left, right, arg)
    finally:
        decref(right)
    f[-1] = r
    decref(left)
    return nxt


def op_FOR_ITER(f, arg, nxt):
    it = f[-1]
    nxt_fn = abstract.ITERNEXT.get(it.ob_type)
    if nxt_fn is not None:
        v = nxt_fn(it)
    else:
        from .generators import PyGen
        if isinstance(it, PyGen) and it.ob_type is R.types["generator"]:
            from .generators import gen_next
            v = gen_next(it)
        else:
            v = abstract.iter_next(it)
    if v is None:
        f.pop()
        decref(it)
        return arg + 1
    f.append(v)
    return nxt


def op_END_FOR(f, arg, nxt):
    for _ in range(2):
        v = f.pop()
        if v is not None:
            decref(v)
    return nxt


def op_LOAD_SUPER_ATTR(f, arg, nxt):
    name_, load_method = arg
    self_obj = f.pop()
    cls = f.pop()
    global_super = f.pop()
    try:
        meth, found = STATE.vm.super_attr(global_super, cls, self_obj, name_, load_method)
    finally:
        decref(global_super)
        decref(cls)
    if load_method and found:
        f.append(meth)
        f.append(self_obj)
    else:
        decref(self_obj)
        if load_method:
            f.append(None)
        f.append(meth)
    return nxt


# Handlers that behave alike from 3.11 on (until a version registers its own).
registry.register({
    "NOP": ev.op_NOP, "CACHE": ev.op_NOP,
    "EXTENDED_ARG": ev.op_EXTENDED_ARG, "POP_TOP": ev.op_POP_TOP,
    "PUSH_NULL": ev.op_PUSH_NULL, "COPY": ev.op_COPY, "SWAP": ev.op_SWAP,
    "LOAD_CONST": ev.op_LOAD_CONST,
    "STORE_FAST": ev.op_STORE_FAST, "DELETE_FAST": ev.op_DELETE_FAST,
    "MAKE_CELL": ev.op_MAKE_CELL, "COPY_FREE_VARS": ev.op_COPY_FREE_VARS,
    "LOAD_CLOSURE": ev.op_LOAD_CLOSURE, "LOAD_DEREF": ev.op_LOAD_DEREF,
    "STORE_DEREF": ev.op_STORE_DEREF, "DELETE_DEREF": ev.op_DELETE_DEREF,
    "LOAD_NAME": ev.op_LOAD_NAME, "STORE_NAME": ev.op_STORE_NAME,
    "DELETE_NAME": ev.op_DELETE_NAME, "STORE_GLOBAL": ev.op_STORE_GLOBAL,
    "DELETE_GLOBAL": ev.op_DELETE_GLOBAL, "STORE_ATTR": ev.op_STORE_ATTR,
    "DELETE_ATTR": ev.op_DELETE_ATTR, "UNARY_NEGATIVE": ev.op_UNARY_NEGATIVE,
    "UNARY_INVERT": ev.op_UNARY_INVERT, "BINARY_OP": ev.op_BINARY_OP, "IS_OP": ev.op_IS_OP,
    "CONTAINS_OP": ev.op_CONTAINS_OP, "BINARY_SUBSCR": ev.op_BINARY_SUBSCR,
    "STORE_SUBSCR": ev.op_STORE_SUBSCR, "DELETE_SUBSCR": ev.op_DELETE_SUBSCR,
    "BUILD_SLICE": ev.op_BUILD_SLICE, "BUILD_TUPLE": ev.op_BUILD_TUPLE,
    "BUILD_LIST": ev.op_BUILD_LIST, "BUILD_SET": ev.op_BUILD_SET,
    "BUILD_MAP": ev.op_BUILD_MAP, "BUILD_CONST_KEY_MAP": ev.op_BUILD_CONST_KEY_MAP,
    "BUILD_STRING": ev.op_BUILD_STRING, "LIST_APPEND": ev.op_LIST_APPEND,
    "SET_ADD": ev.op_SET_ADD, "MAP_ADD": ev.op_MAP_ADD, "LIST_EXTEND": ev.op_LIST_EXTEND,
    "SET_UPDATE": ev.op_SET_UPDATE, "DICT_UPDATE": ev.op_DICT_UPDATE,
    "DICT_MERGE": ev.op_DICT_MERGE, "UNPACK_SEQUENCE": ev.op_UNPACK_SEQUENCE,
    "UNPACK_EX": ev.op_UNPACK_EX, "GET_ITER": ev.op_GET_ITER, "GET_LEN": ev.op_GET_LEN,
    "JUMP_FORWARD": ev.op_JUMP, "JUMP_BACKWARD_NO_INTERRUPT": ev.op_JUMP,
    "RETURN_VALUE": ev.op_RETURN_VALUE,
    "PUSH_EXC_INFO": ev.op_PUSH_EXC_INFO, "POP_EXCEPT": ev.op_POP_EXCEPT,
    "RERAISE": ev.op_RERAISE, "CHECK_EXC_MATCH": ev.op_CHECK_EXC_MATCH,
    "CHECK_EG_MATCH": ev.op_CHECK_EG_MATCH, "RAISE_VARARGS": ev.op_RAISE_VARARGS,
    "LOAD_ASSERTION_ERROR": ev.op_LOAD_ASSERTION_ERROR, "BEFORE_WITH": ev.op_BEFORE_WITH,
    "WITH_EXCEPT_START": ev.op_WITH_EXCEPT_START,
    "LOAD_BUILD_CLASS": ev.op_LOAD_BUILD_CLASS,
    "SETUP_ANNOTATIONS": ev.op_SETUP_ANNOTATIONS,
    "RETURN_GENERATOR": ev.op_RETURN_GENERATOR, "YIELD_VALUE": ev.op_YIELD_VALUE,
    "GET_YIELD_FROM_ITER": ev.op_GET_YIELD_FROM_ITER, "GET_AWAITABLE": ev.op_GET_AWAITABLE,
    "GET_AITER": ev.op_GET_AITER, "GET_ANEXT": ev.op_GET_ANEXT,
    "END_ASYNC_FOR": ev.op_END_ASYNC_FOR, "BEFORE_ASYNC_WITH": ev.op_BEFORE_ASYNC_WITH,
    "FORMAT_VALUE": ev.op_FORMAT_VALUE, "MATCH_MAPPING": ev.op_MATCH_MAPPING,
    "MATCH_SEQUENCE": ev.op_MATCH_SEQUENCE, "MATCH_KEYS": ev.op_MATCH_KEYS,
    "MATCH_CLASS": ev.op_MATCH_CLASS,
}, since=(3, 11))

# Handlers of opcodes new in 3.12, or of ones 3.12 changed, that later versions keep
# (LOAD_FAST: from 3.12 the compiler proves the local bound, or uses LOAD_FAST_CHECK).
registry.register({
    "LOAD_FAST": ev.op_LOAD_FAST,
    "RETURN_CONST": ev.op_RETURN_CONST, "LOAD_FAST_CHECK": ev.op_LOAD_FAST_CHECK,
    "LOAD_FAST_AND_CLEAR": ev.op_LOAD_FAST_AND_CLEAR,
    "LOAD_FROM_DICT_OR_DEREF": ev.op_LOAD_FROM_DICT_OR_DEREF,
    "LOAD_FROM_DICT_OR_GLOBALS": ev.op_LOAD_FROM_DICT_OR_GLOBALS,
    "BINARY_SLICE": ev.op_BINARY_SLICE, "STORE_SLICE": ev.op_STORE_SLICE,
    "POP_JUMP_IF_NONE": ev.op_POP_JUMP_IF_NONE,
    "POP_JUMP_IF_NOT_NONE": ev.op_POP_JUMP_IF_NOT_NONE,
    "CLEANUP_THROW": ev.op_CLEANUP_THROW, "LOAD_LOCALS": ev.op_LOAD_LOCALS,
    "SEND": ev.op_SEND, "END_SEND": ev.op_END_SEND,
    "CALL_INTRINSIC_1": ev.op_CALL_INTRINSIC_1, "CALL_INTRINSIC_2": ev.op_CALL_INTRINSIC_2,
}, since=(3, 12))

# Handlers that 3.13 replaces or drops: from 3.11, and from 3.12.
registry.register({
    "LOAD_GLOBAL": op_LOAD_GLOBAL, "UNARY_NOT": ev.op_UNARY_NOT,
    "COMPARE_OP": op_COMPARE_OP, "MAKE_FUNCTION": ev.op_MAKE_FUNCTION_312,
    "KW_NAMES": op_KW_NAMES, "CALL": op_CALL, "CALL_FUNCTION_EX": op_CALL_FUNCTION_EX,
}, since=(3, 11), until=(3, 13))
# Until 3.12 a collection runs inside the allocation that starts it; from 3.12
# these check whether one is scheduled (versions: gc_from_eval_breaker).
registry.register({"RESUME": ev.op_RESUME, "JUMP_BACKWARD": ev.op_JUMP},
                  since=(3, 11), until=(3, 12))
registry.register({"RESUME": ev.op_RESUME_312, "JUMP_BACKWARD": ev.op_JUMP_BACKWARD_312},
                  since=(3, 12))
registry.register({
    "LOAD_ATTR": ev.op_LOAD_ATTR_312, "LOAD_SUPER_ATTR": op_LOAD_SUPER_ATTR,
    "FOR_ITER": op_FOR_ITER, "END_FOR": op_END_FOR,
    "POP_JUMP_IF_FALSE": ev.op_POP_JUMP_IF_FALSE,
    "POP_JUMP_IF_TRUE": ev.op_POP_JUMP_IF_TRUE,
}, since=(3, 12), until=(3, 13))


def _flagged_name(kind):
    def decode(info, oparg, index, nxt):
        index_, flag = kind.decode(oparg)
        return (info.names[index_], flag)
    return decode


def _jump(kind):
    # the VM counts in code units, the kinds in bytes
    def decode(info, oparg, index, nxt):
        return kind.target(oparg, 2 * nxt) >> 1
    return decode


#: The argument decoder of each oparg kind (registry.decoders_for): what the VM's
#: handlers take instead of the raw oparg.
KIND_DECODERS = {
    kinds.CONST: const, kinds.CONST_UNSHOWN: const, kinds.NAME: name,
    kinds.GLOBAL_NULL: _flagged_name(kinds.GLOBAL_NULL),
    kinds.ATTR_METHOD: _flagged_name(kinds.ATTR_METHOD),
    kinds.SUPER_ATTR: _flagged_name(kinds.SUPER_ATTR),
    kinds.BINARY_OP: decode_binary_op, kinds.COMPARE_312: compare_312,
    kinds.INTRINSIC_1: intrinsic1, kinds.INTRINSIC_2: intrinsic2,
}
KIND_DECODERS.update((kind, _jump(kind)) for kind in (
    kinds.JREL, kinds.JBACKWARD, kinds.JREL_BYTES, kinds.JABS, kinds.JABS_BYTES))
