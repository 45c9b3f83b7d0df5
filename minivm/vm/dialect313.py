"""Handlers and decoders particular to 3.13: the callable/self order of CALL,
CALL_KW, TO_BOOL and bool-only conditional jumps, superinstructions, the split
FORMAT_* and CONVERT_VALUE, MAKE_FUNCTION with SET_FUNCTION_ATTRIBUTE."""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import ALLOC, R, STATE, decref, incref, type_lookup
from ..objects.functions import function_type
from ..objects.scalars import FALSE, TRUE, new_str, str_type
from ..objects.typeobject import GETATTRO
from ..opcodes import oparg as kinds
from . import dialect312 as d312
from . import registry
from . import eval as ev
from .frame import Frame


def op_LOAD_GLOBAL(f, arg, nxt):
    name, push_null = arg
    v = f.globals.vals.get(name)
    if v is None:
        v = f.builtins.vals.get(name)
        if v is None:
            raise ev.name_error(name)
    v.ob_refcnt += 1
    f.append(v)
    if push_null:
        f.append(None)
    return nxt


def op_LOAD_ATTR(f, arg, nxt):
    name, is_method = arg
    owner = f[-1]
    tp = owner.ob_type
    if GETATTRO.get(tp) is ev._GENERIC:
        # The two commonest outcomes of generic attribute lookup, without the
        # calls: a plain method of the class, an instance attribute in the dict.
        descr = type_lookup(tp, name)
        if is_method:
            if descr is not None and (descr.ob_type is function_type
                                      or descr.ob_type is ev._METHOD_DESCR) and \
                    (not tp.tp_hasdict or owner.ob_dict is None
                     or owner.ob_dict.vals.get(name) is None):
                descr.ob_refcnt += 1
                f[-1] = descr
                f.append(owner)  # the stack's reference moves up
                return nxt
        elif descr is None and tp.tp_hasdict and owner.ob_dict is not None:
            v = owner.ob_dict.vals.get(name)
            if v is not None:
                v.ob_refcnt += 1
                f[-1] = v
                owner.ob_refcnt -= 1
                if owner.ob_refcnt == 0:
                    tp.tp_dealloc(owner)
                return nxt
    f.pop()
    if is_method:
        try:
            meth, found = ev.get_method(owner, name)
        except Exception:
            decref(owner)
            raise
        f.append(meth)
        if found:
            f.append(owner)
        else:
            decref(owner)
            f.append(None)
        return nxt
    try:
        v = ev.load_attr(owner, name)
    finally:
        decref(owner)
    f.append(v)
    return nxt


def op_LOAD_SUPER_ATTR(f, arg, nxt):
    name, load_method = arg
    self_obj = f.pop()
    cls = f.pop()
    global_super = f.pop()
    try:
        meth, found = STATE.vm.super_attr(global_super, cls, self_obj, name, load_method)
    finally:
        decref(global_super)
        decref(cls)
    f.append(meth)
    if load_method:
        if found:
            f.append(self_obj)
            return nxt
        f.append(None)
    decref(self_obj)
    return nxt


def _call(f, nargs, kwnames):
    base = len(f) - nargs - 2
    callable_ = f[base]
    self_or_null = f[base + 1]
    args = f[base + 2:] if self_or_null is None else f[base + 1:]
    del f[base:]
    return STATE.vm.call_stack(callable_, args, kwnames, f)


def op_CALL(f, arg, nxt):
    f.call_pc = nxt  # where the caller is, for f_lineno
    base = len(f) - arg - 2
    func = f[base]
    if func.ob_type is function_type:
        # Interpreter.call_stack's common case, without its two calls: a Python
        # function taking exactly these positional arguments into its first slots.
        info = func.code.info
        start = base + 2 if f[base + 1] is None else base + 1
        if info.simple_args and len(f) - start == info.argcount:
            vm = STATE.vm
            frame = Frame(info, func.globals, vm.builtins, None, func)
            frame.fast[:len(f) - start] = f[start:]
            del f[base:]
            f.append(vm.execute(frame))
            return nxt
    f.append(_call(f, arg, None))
    if ALLOC.scheduled:
        ev.after_call(func)
    return nxt


def op_CALL_KW(f, arg, nxt):
    f.call_pc = nxt  # where the caller is, for f_lineno
    kwnames = f.pop()
    func = f[len(f) - arg - 2]
    try:
        r = _call(f, arg, kwnames)
    finally:
        decref(kwnames)
    f.append(r)
    if ALLOC.scheduled:
        ev.after_call(func)
    return nxt


def op_CALL_FUNCTION_EX(f, arg, nxt):
    f.call_pc = nxt  # where the caller is, for f_lineno
    kwargs = f.pop() if arg & 1 else None
    callargs = f.pop()
    f.pop()  # the NULL pushed below the callable
    func = f.pop()
    f.append(STATE.vm.call_ex(func, callargs, kwargs))
    if ALLOC.scheduled:
        ev.after_call(func, methods_inline=False)
    return nxt


def op_TO_BOOL(f, arg, nxt):
    v = f[-1]
    if v is TRUE or v is FALSE:
        return nxt
    f[-1] = TRUE if abstract.is_true(v) else FALSE
    decref(v)
    return nxt


def op_UNARY_NOT(f, arg, nxt):
    v = f[-1]
    f[-1] = FALSE if v is TRUE else TRUE
    return nxt


def op_POP_JUMP_IF_FALSE(f, arg, nxt):
    return arg if f.pop() is FALSE else nxt


def op_POP_JUMP_IF_TRUE(f, arg, nxt):
    return arg if f.pop() is TRUE else nxt


def op_COMPARE_OP(f, arg, nxt):
    op, to_bool = arg
    right = f.pop()
    left = f[-1]
    try:
        r = ev.compare(left, right, op)
    finally:
        decref(right)
    if to_bool and r is not TRUE and r is not FALSE:
        b = abstract.is_true(r)
        decref(r)
        r = TRUE if b else FALSE
    f[-1] = r
    decref(left)
    return nxt


def op_FOR_ITER(f, arg, nxt):
    r = d312.op_FOR_ITER(f, arg, nxt)
    return r + 1 if r != nxt else r


def op_END_FOR(f, arg, nxt):
    v = f.pop()
    if v is not None:
        decref(v)
    return nxt


def op_LOAD_FAST_LOAD_FAST(f, arg, nxt):
    fast = f.fast
    a = fast[arg >> 4]
    b = fast[arg & 15]
    a.ob_refcnt += 1
    b.ob_refcnt += 1
    f.append(a)
    f.append(b)
    return nxt


def op_STORE_FAST_LOAD_FAST(f, arg, nxt):
    fast = f.fast
    i = arg >> 4
    old = fast[i]
    fast[i] = f[-1]
    v = fast[arg & 15]
    v.ob_refcnt += 1
    f[-1] = v
    if old is not None:
        old.ob_refcnt -= 1
        if old.ob_refcnt == 0:
            old.ob_type.tp_dealloc(old)
    return nxt


def op_STORE_FAST_STORE_FAST(f, arg, nxt):
    fast = f.fast
    for i in (arg >> 4, arg & 15):
        old = fast[i]
        fast[i] = f.pop()
        if old is not None:
            old.ob_refcnt -= 1
            if old.ob_refcnt == 0:
                old.ob_type.tp_dealloc(old)
    return nxt


def op_CONVERT_VALUE(f, arg, nxt):
    v = f[-1]
    f[-1] = ev.convert_value(v, arg)
    decref(v)
    return nxt


def op_FORMAT_SIMPLE(f, arg, nxt):
    v = f[-1]
    if v.ob_type is str_type:
        return nxt
    f[-1] = abstract.format_of(v, new_str(""))
    decref(v)
    return nxt


def op_FORMAT_WITH_SPEC(f, arg, nxt):
    spec = f.pop()
    v = f[-1]
    try:
        f[-1] = abstract.format_of(v, spec)
    finally:
        decref(spec)
    decref(v)
    return nxt


def op_MAKE_FUNCTION(f, arg, nxt):
    from ..objects.functions import new_function
    code = f.pop()
    func = new_function(code, f.globals, R.intern(code.info.co.co_qualname))
    decref(func.qualname)
    incref(func.qualname)
    decref(code)
    f.append(func)
    return nxt


def op_SET_FUNCTION_ATTRIBUTE(f, arg, nxt):
    func = f.pop()
    attr = f.pop()
    if arg == 0x08:
        func.closure = attr
    elif arg == 0x04:
        func.annotations = ev.annotations_dict(attr)
    elif arg == 0x02:
        func.kwdefaults = attr
    elif arg == 0x01:
        func.defaults = attr
    else:
        decref(attr)
    f.append(func)
    return nxt


def compare_313(info, oparg, index, nxt):
    return (kinds.COMPARE_313.decode(oparg), bool(oparg & kinds.COMPARE_313.bool_bit))


registry.register({
    "LOAD_GLOBAL": op_LOAD_GLOBAL, "LOAD_ATTR": op_LOAD_ATTR,
    "LOAD_SUPER_ATTR": op_LOAD_SUPER_ATTR, "CALL": op_CALL, "CALL_KW": op_CALL_KW,
    "CALL_FUNCTION_EX": op_CALL_FUNCTION_EX, "TO_BOOL": op_TO_BOOL, "UNARY_NOT": op_UNARY_NOT,
    "POP_JUMP_IF_FALSE": op_POP_JUMP_IF_FALSE, "POP_JUMP_IF_TRUE": op_POP_JUMP_IF_TRUE,
    "COMPARE_OP": op_COMPARE_OP, "FOR_ITER": op_FOR_ITER, "END_FOR": op_END_FOR,
    "LOAD_FAST_LOAD_FAST": op_LOAD_FAST_LOAD_FAST,
    "STORE_FAST_LOAD_FAST": op_STORE_FAST_LOAD_FAST,
    "STORE_FAST_STORE_FAST": op_STORE_FAST_STORE_FAST, "CONVERT_VALUE": op_CONVERT_VALUE,
    "FORMAT_SIMPLE": op_FORMAT_SIMPLE, "FORMAT_WITH_SPEC": op_FORMAT_WITH_SPEC,
    "MAKE_FUNCTION": op_MAKE_FUNCTION, "SET_FUNCTION_ATTRIBUTE": op_SET_FUNCTION_ATTRIBUTE,
}, since=(3, 13))

d312.KIND_DECODERS[kinds.COMPARE_313] = compare_313
