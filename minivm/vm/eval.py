"""The eval loop and the opcode handlers shared by the 3.12 and 3.13 dialects.

Design for speed: each code object is decoded once into ``(handler, arg, next)``
triples (``frame.CodeInfo.instrs``), where ``arg`` is already what the handler
needs (the constant object, the name string, the absolute jump target) and
``next`` is the index after the instruction's inline caches.  A handler is a plain
function ``handler(frame, arg, next) -> pc`` returning the index to run next, or
-1 to leave the frame (return, yield).  The frame is its own value stack.  Every
stack slot holds an owned reference (``None`` is CPython's NULL).

Errors travel as :class:`~minivm.objects.core.PyErr`; the loop catches them once
per instruction that fails and unwinds with the code's exception table.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional

from ..objects import abstract
from ..objects.abstract import (
    binary_op, call, contains, get_iter, inplace_op, is_true, iter_next,
    rich_compare, unary_op,
)
from ..objects.core import (
    ALLOC, R, STATE, PyErr, PyObject, PyType, decref, err, incref, is_subtype,
    new_exception, run_scheduled_gc, type_lookup,
)
from ..objects.dictobject import PyDict, dict_setitem, dict_setitem_str, hkey, new_dict
from ..objects.functions import (
    function_type, method_type, new_cell, new_function,
)
from ..objects.scalars import (
    _SMALL, FALSE, NONE, TRUE, PyFloat, PyLong, PyStr, float_type, from_num, int_type, new_float,
    new_int, new_str, str_type,
)
from ..objects.sequences import (
    list_type, new_list, new_slice, new_tuple, tuple_type,
)
from ..objects.typeobject import (
    DESCR_GET, DESCR_SET, GETATTRO, SETATTRO, getattr_str, get_getattro, setattr_str,
)
from ..objects.typeobject import generic_setattr as _GENERIC_SET


_new = object.__new__


class Reraise(PyErr):
    """An exception re-raised by RERAISE or a bare ``raise``: the unwinder adds no
    traceback entry and does no context chaining for it."""


# -- the loop ------------------------------------------------------------------------------

def eval_frame(vm, f, throw: Optional[PyObject] = None) -> Optional[PyObject]:
    """Run ``f`` from ``f.pc`` until it returns or yields; the result (new reference)
    is also left in ``f.retval``.  ``throw`` raises that exception (owned) at the
    suspension point first (``generator.throw``)."""
    instrs = f.code.instrs
    if throw is not None:
        pc = unwind(vm, f, f.pc - 1, PyErr(throw))
    else:
        pc = f.pc
    while True:
        try:
            while pc >= 0:
                handler, arg, nxt = instrs[pc]
                pc = handler(f, arg, nxt)
            return f.retval
        except PyErr as e:
            # ``pc`` is still the failing instruction (the assignment did not happen);
            # a fused handler says which of its instructions failed (fusion.py).
            at = e.__dict__.pop("at", None)
            pc = unwind(vm, f, pc if at is None else at, e)
        except RecursionError:
            pc = unwind(vm, f, pc, PyErr(new_exception(
                "RecursionError", "maximum recursion depth exceeded")))


def unwind(vm, f, offset: int, e: PyErr) -> int:
    """Find the handler for an exception raised at ``offset`` and prepare the stack
    for it; re-raise out of the frame when there is none."""
    exc = e.exc
    if not isinstance(e, Reraise):
        if not getattr(e, "chained", False):
            vm.chain_context(exc)
            e.chained = True
        vm.add_traceback(exc, f, offset)
    target = vm.unwinder.handler(f, offset, exc)
    if target is None:
        f.lasti = offset
        if isinstance(e, Reraise):
            raise PyErr_passthrough(e)
        raise e
    return target


def PyErr_passthrough(e: PyErr) -> PyErr:
    """An exception leaving a frame is an ordinary error for the caller's frame
    (which adds its own traceback entry), even if it was a re-raise here."""
    out = PyErr(e.exc)
    out.chained = True
    return out


# -- simple stack and local handlers ----------------------------------------------------------

def op_NOP(f, arg, nxt):
    return nxt


def op_POP_TOP(f, arg, nxt):
    v = f.pop()
    if v is not None:
        v.ob_refcnt -= 1
        if v.ob_refcnt == 0:
            v.ob_type.tp_dealloc(v)
    return nxt


def op_PUSH_NULL(f, arg, nxt):
    f.append(None)
    return nxt


def op_COPY(f, arg, nxt):
    v = f[-arg]
    if v is not None:
        v.ob_refcnt += 1
    f.append(v)
    return nxt


def op_SWAP(f, arg, nxt):
    f[-1], f[-arg] = f[-arg], f[-1]
    return nxt


def op_LOAD_CONST(f, arg, nxt):
    arg.ob_refcnt += 1
    f.append(arg)
    return nxt


def op_LOAD_FAST(f, arg, nxt):
    v = f.fast[arg]
    v.ob_refcnt += 1
    f.append(v)
    return nxt


def op_LOAD_FAST_CHECK(f, arg, nxt):
    v = f.fast[arg]
    if v is None:
        raise unbound_local(f, arg)
    v.ob_refcnt += 1
    f.append(v)
    return nxt


def _unbound_local_message(name: str) -> str:
    if STATE.target.runtime("unbound_local_message_311"):
        return "cannot access local variable '%s' where it is not associated with a value" % name
    return "local variable '%s' referenced before assignment" % name


def unbound_local(f, index: int) -> PyErr:
    name = f.code.localsplusnames[index]
    e = new_exception("UnboundLocalError", _unbound_local_message(name))
    from ..objects.exceptions import set_name_error_name
    set_name_error_name(e, name)
    return PyErr(e)


def op_LOAD_FAST_AND_CLEAR(f, arg, nxt):
    fast = f.fast
    f.append(fast[arg])
    fast[arg] = None
    return nxt


def op_STORE_FAST(f, arg, nxt):
    v = f.pop()
    fast = f.fast
    old = fast[arg]
    fast[arg] = v
    if old is not None:
        old.ob_refcnt -= 1
        if old.ob_refcnt == 0:
            old.ob_type.tp_dealloc(old)
    return nxt


def op_DELETE_FAST(f, arg, nxt):
    old = f.fast[arg]
    if old is None:
        raise unbound_local(f, arg)
    f.fast[arg] = None
    decref(old)
    return nxt


def op_MAKE_CELL(f, arg, nxt):
    f.fast[arg] = new_cell(f.fast[arg])
    return nxt


def op_COPY_FREE_VARS(f, arg, nxt):
    closure = f.func.closure.items
    fast = f.fast
    base = len(fast) - arg
    for i in range(arg):
        c = closure[i]
        c.ob_refcnt += 1
        fast[base + i] = c
    return nxt


def op_LOAD_CLOSURE(f, arg, nxt):
    v = f.fast[arg]
    v.ob_refcnt += 1
    f.append(v)
    return nxt


def op_LOAD_DEREF(f, arg, nxt):
    v = f.fast[arg].ref
    if v is None:
        raise unbound_deref(f, arg)
    v.ob_refcnt += 1
    f.append(v)
    return nxt


def unbound_deref(f, index: int) -> PyErr:
    name = f.code.localsplusnames[index]
    from ..versions import CO_FAST_FREE
    if f.code.kinds[index] & CO_FAST_FREE:
        if STATE.target.runtime("unbound_local_message_311"):
            msg = ("cannot access free variable '%s' where it is not associated with a value "
                   "in enclosing scope" % name)
        else:
            msg = "free variable '%s' referenced before assignment in enclosing scope" % name
        e = new_exception("NameError", msg)
    else:
        e = new_exception("UnboundLocalError", _unbound_local_message(name))
    from ..objects.exceptions import set_name_error_name
    set_name_error_name(e, name)
    return PyErr(e)


def op_STORE_DEREF(f, arg, nxt):
    v = f.pop()
    cell = f.fast[arg]
    old = cell.ref
    cell.ref = v
    if old is not None:
        decref(old)
    return nxt


def op_DELETE_DEREF(f, arg, nxt):
    cell = f.fast[arg]
    old = cell.ref
    if old is None:
        raise unbound_deref(f, arg)
    cell.ref = None
    decref(old)
    return nxt


def op_LOAD_FROM_DICT_OR_DEREF(f, arg, nxt):
    mapping = f.pop()
    name = f.code.localsplusnames[arg]
    v = _mapping_get(mapping, name)
    decref(mapping)
    if v is None:
        v = f.fast[arg].ref
        if v is None:
            raise unbound_deref(f, arg)
        incref(v)
    f.append(v)
    return nxt


def _mapping_get(mapping, name: str):
    """New reference to ``mapping[name]`` or None."""
    if mapping.ob_type is R.types["dict"]:
        v = mapping.vals.get(name)
        return incref(v) if v is not None else None
    key = new_str(name)
    try:
        return abstract.getitem(mapping, key)
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["KeyError"]):
            raise
        decref(e.exc)
        return None
    finally:
        decref(key)


# -- names ------------------------------------------------------------------------------------

def name_error(name: str) -> PyErr:
    e = new_exception("NameError", "name '%s' is not defined" % name)
    from ..objects.exceptions import set_name_error_name
    set_name_error_name(e, name)
    return PyErr(e)


def op_LOAD_NAME(f, arg, nxt):
    loc = f.locals
    if loc is None:
        raise err("SystemError", "no locals when loading '%s'" % arg)
    v = _mapping_get(loc, arg)
    if v is None:
        v = f.globals.vals.get(arg)
        if v is None:
            v = f.builtins.vals.get(arg)
            if v is None:
                raise name_error(arg)
        v.ob_refcnt += 1
    f.append(v)
    return nxt


def op_LOAD_FROM_DICT_OR_GLOBALS(f, arg, nxt):
    mapping = f.pop()
    v = _mapping_get(mapping, arg)
    decref(mapping)
    if v is None:
        v = f.globals.vals.get(arg)
        if v is None:
            v = f.builtins.vals.get(arg)
            if v is None:
                raise name_error(arg)
        v.ob_refcnt += 1
    f.append(v)
    return nxt


def op_STORE_NAME(f, arg, nxt):
    v = f.pop()
    loc = f.locals
    if loc.ob_type is R.types["dict"]:
        dict_setitem_str(loc, arg, v)
    else:
        key = new_str(arg)
        try:
            abstract.setitem(loc, key, v)
        finally:
            decref(key)
    decref(v)
    return nxt


def op_DELETE_NAME(f, arg, nxt):
    loc = f.locals
    if loc.ob_type is R.types["dict"]:
        if arg not in loc.vals:
            raise name_error(arg)
        from ..objects.dictobject import dict_delitem_str
        dict_delitem_str(loc, arg)
    else:
        key = new_str(arg)
        try:
            abstract.delitem(loc, key)
        except PyErr as e:
            decref(e.exc)
            raise name_error(arg) from None
        finally:
            decref(key)
    return nxt


def op_STORE_GLOBAL(f, arg, nxt):
    v = f.pop()
    dict_setitem_str(f.globals, arg, v)
    decref(v)
    return nxt


def op_DELETE_GLOBAL(f, arg, nxt):
    if arg not in f.globals.vals:
        raise name_error(arg)
    from ..objects.dictobject import dict_delitem_str
    dict_delitem_str(f.globals, arg)
    return nxt


def load_global(f, name):
    v = f.globals.vals.get(name)
    if v is None:
        v = f.builtins.vals.get(name)
        if v is None:
            raise name_error(name)
    v.ob_refcnt += 1
    return v


# -- attributes -------------------------------------------------------------------------------

def op_STORE_ATTR(f, arg, nxt):
    owner = f.pop()
    v = f.pop()
    tp = owner.ob_type
    if tp.tp_hasdict and SETATTRO.get(tp) is _GENERIC_SET and owner.ob_dict is not None:
        # generic_setattr's own path when no data descriptor intervenes: the
        # instance dict, without the three calls that lead there.
        descr = type_lookup(tp, arg)
        if descr is None or DESCR_SET.get(descr.ob_type) is None:
            dict_setitem_str(owner.ob_dict, arg, v)
            v.ob_refcnt -= 1  # the dict holds it now
            owner.ob_refcnt -= 1
            if owner.ob_refcnt == 0:
                tp.tp_dealloc(owner)
            return nxt
    try:
        setattr_str(owner, arg, v)
    finally:
        decref(v)
        decref(owner)
    return nxt


def op_DELETE_ATTR(f, arg, nxt):
    owner = f.pop()
    try:
        setattr_str(owner, arg, None)
    finally:
        decref(owner)
    return nxt


def get_method(owner, name: str):
    """``_PyObject_GetMethod``: (function, True) when ``owner.name`` is a plain method
    found on the type and not shadowed, else (bound attribute, False)."""
    tp = owner.ob_type
    getattro = GETATTRO.get(tp) or get_getattro(tp)
    if getattro is _GENERIC:
        descr = type_lookup(tp, name)
        if descr is not None:
            dtp = descr.ob_type
            if dtp is function_type or dtp is _METHOD_DESCR:
                if tp.tp_hasdict and owner.ob_dict is not None:
                    v = owner.ob_dict.vals.get(name)
                    if v is not None:
                        v.ob_refcnt += 1
                        return v, False
                descr.ob_refcnt += 1
                return descr, True
    return getattro(owner, name), False


from ..objects.typeobject import generic_getattr as _GENERIC  # noqa: E402


def load_attr(owner, name: str):
    """``owner.name`` (new reference): an instance's own attribute straight from its
    dict when the type has nothing by that name, else the type's getattro."""
    tp = owner.ob_type
    getattro = GETATTRO.get(tp) or get_getattro(tp)
    if getattro is _GENERIC and tp.tp_hasdict:
        d = owner.ob_dict
        if d is not None and type_lookup(tp, name) is None:
            v = d.vals.get(name)
            if v is not None:
                v.ob_refcnt += 1
                return v
    return getattro(owner, name)

_METHOD_DESCR = R.types["method_descriptor"]


def op_LOAD_ATTR_312(f, arg, nxt):
    name, is_method = arg
    owner = f.pop()
    if is_method:
        try:
            meth, found = get_method(owner, name)
        except PyErr:
            decref(owner)
            raise
        if found:
            f.append(meth)
            f.append(owner)
        else:
            decref(owner)
            f.append(None)
            f.append(meth)
        return nxt
    try:
        v = load_attr(owner, name)
    finally:
        decref(owner)
    f.append(v)
    return nxt


# -- operators --------------------------------------------------------------------------------

def op_UNARY_NEGATIVE(f, arg, nxt):
    v = f[-1]
    if v.ob_type is int_type:
        r = new_int(-v.value)
    elif v.ob_type is float_type:
        r = new_float(-v.value)
    else:
        r = unary_op(v, "-")
    f[-1] = r
    decref(v)
    return nxt


def op_UNARY_INVERT(f, arg, nxt):
    v = f[-1]
    f[-1] = unary_op(v, "~")
    decref(v)
    return nxt


def op_UNARY_NOT(f, arg, nxt):
    v = f[-1]
    f[-1] = FALSE if is_true(v) else TRUE
    decref(v)
    return nxt


def op_BINARY_OP(f, arg, nxt):
    symbol, inplace, fast = arg
    right = f.pop()
    left = f[-1]
    lt = left.ob_type
    rt = right.ob_type
    if fast is not None and (lt is int_type or lt is float_type) and \
            (rt is int_type or rt is float_type):
        try:
            r = fast(left.value, right.value)
        except Exception:  # noqa: BLE001 - overflow and friends take the general path
            r = None
        if r is not None:
            t = type(r)
            if t is float:
                res = _new(PyFloat)
                res.ob_refcnt = 1
                res.ob_type = float_type
                res.value = r
            elif t is int:
                if -5 <= r <= 256:
                    res = _SMALL[r + 5]
                else:
                    res = _new(PyLong)
                    res.ob_refcnt = 1
                    res.ob_type = int_type
                    res.value = r
            else:
                res = from_num(r)
            # Both operands are exact ints or floats: their deallocation does nothing.
            f[-1] = res
            left.ob_refcnt -= 1
            right.ob_refcnt -= 1
            return nxt
    if symbol == "+" and lt is str_type and rt is str_type:
        res = new_str(left.value + right.value)
    else:
        try:
            res = inplace_op(left, right, symbol) if inplace else binary_op(left, right, symbol)
        except PyErr:
            decref(right)
            raise
    f[-1] = res
    decref(left)
    decref(right)
    return nxt


_CMP_FAST = (
    lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a == b,
    lambda a, b: a != b, lambda a, b: a > b, lambda a, b: a >= b,
)


def compare(left, right, op: int):
    lt = left.ob_type
    if lt is right.ob_type and (lt is int_type or lt is float_type or lt is str_type):
        return TRUE if _CMP_FAST[op](left.value, right.value) else FALSE
    return rich_compare(left, right, op)


def op_IS_OP(f, arg, nxt):
    right = f.pop()
    left = f[-1]
    f[-1] = TRUE if (left is right) != bool(arg) else FALSE
    decref(left)
    decref(right)
    return nxt


def op_CONTAINS_OP(f, arg, nxt):
    right = f.pop()
    left = f[-1]
    try:
        r = contains(right, left)
    except PyErr:
        decref(right)
        raise
    f[-1] = TRUE if r != bool(arg) else FALSE
    decref(left)
    decref(right)
    return nxt


# -- subscripts -------------------------------------------------------------------------------

_SLICE_TYPE = R.types["slice"]
_DICT_TYPE = R.types["dict"]

def op_BINARY_SUBSCR(f, arg, nxt):
    sub = f.pop()
    container = f[-1]
    ct = container.ob_type
    st = sub.ob_type
    if (ct is list_type or ct is tuple_type) and st is int_type:
        items = container.items
        i = sub.value
        if -len(items) <= i < len(items):
            v = items[i]
            v.ob_refcnt += 1
            f[-1] = v
            container.ob_refcnt -= 1
            if container.ob_refcnt == 0:
                ct.tp_dealloc(container)
            sub.ob_refcnt -= 1  # an int needs no deallocation
            return nxt
    elif (ct is list_type or ct is tuple_type) and st is _SLICE_TYPE:
        lo, hi, step = _bound(sub.start), _bound(sub.stop), _bound(sub.step)
        if lo is not False and hi is not False and step is not False and step != 0:
            items = container.items[lo:hi:step]
            for x in items:
                x.ob_refcnt += 1
            f[-1] = new_list(items) if ct is list_type else new_tuple(items)
            decref(container)
            decref(sub)
            return nxt
    try:
        v = abstract.getitem(container, sub)
    finally:
        decref(sub)
    f[-1] = v
    decref(container)
    return nxt


def op_STORE_SUBSCR(f, arg, nxt):
    sub = f.pop()
    container = f.pop()
    v = f.pop()
    if container.ob_type is list_type and sub.ob_type is int_type:
        items = container.items
        i = sub.value
        if -len(items) <= i < len(items):
            old = items[i]
            items[i] = v
            # The order of the decrefs below: the replaced item, the list, the index.
            old.ob_refcnt -= 1
            if old.ob_refcnt == 0:
                old.ob_type.tp_dealloc(old)
            container.ob_refcnt -= 1
            if container.ob_refcnt == 0:
                list_type.tp_dealloc(container)
            sub.ob_refcnt -= 1  # an int needs no deallocation
            return nxt
    try:
        if container.ob_type is _DICT_TYPE:
            dict_setitem(container, sub, v)
        else:
            abstract.setitem(container, sub, v)
    finally:
        decref(v)
        decref(container)
        decref(sub)
    return nxt


def op_DELETE_SUBSCR(f, arg, nxt):
    sub = f.pop()
    container = f.pop()
    try:
        abstract.delitem(container, sub)
    finally:
        decref(container)
        decref(sub)
    return nxt


def _bound(o):
    """A slice bound as a host int or None; False when it needs the general path."""
    if o is NONE:
        return None
    if o.ob_type is int_type:
        return o.value
    return False


def op_BINARY_SLICE(f, arg, nxt):
    stop = f.pop()
    start = f.pop()
    container = f[-1]
    ct = container.ob_type
    if ct is list_type or ct is tuple_type:
        st, sp = start.ob_type, stop.ob_type
        if (st is int_type or start is NONE) and (sp is int_type or stop is NONE):
            items = container.items[start.value if st is int_type else None:
                                    stop.value if sp is int_type else None]
            for x in items:
                x.ob_refcnt += 1
            f[-1] = new_list(items) if ct is list_type else new_tuple(items)
            container.ob_refcnt -= 1
            if container.ob_refcnt == 0:
                ct.tp_dealloc(container)
            start.ob_refcnt -= 1  # ints or None: deallocation does nothing
            stop.ob_refcnt -= 1
            return nxt
    sl = new_slice(start, stop, incref(NONE))
    try:
        v = abstract.getitem(container, sl)
    finally:
        decref(sl)
    f[-1] = v
    decref(container)
    return nxt


def op_STORE_SLICE(f, arg, nxt):
    stop = f.pop()
    start = f.pop()
    container = f.pop()
    v = f.pop()
    vt = v.ob_type
    if container.ob_type is list_type and (vt is list_type or vt is tuple_type) \
            and v is not container:
        st, sp = start.ob_type, stop.ob_type
        if (st is int_type or start is NONE) and (sp is int_type or stop is NONE):
            # The host list clamps a step-1 slice as CPython's list does, for the
            # items read and the items replaced alike.
            items = container.items
            lo = start.value if st is int_type else None
            hi = stop.value if sp is int_type else None
            old = items[lo:hi]
            new = v.items
            for x in new:
                x.ob_refcnt += 1
            items[lo:hi] = new
            # Released in CPython's order: the replaced items, the value, the list,
            # the bounds (ints or None, whose deallocation does nothing).
            for x in old:
                x.ob_refcnt -= 1
                if x.ob_refcnt == 0:
                    x.ob_type.tp_dealloc(x)
            v.ob_refcnt -= 1
            if v.ob_refcnt == 0:
                vt.tp_dealloc(v)
            container.ob_refcnt -= 1
            if container.ob_refcnt == 0:
                list_type.tp_dealloc(container)
            start.ob_refcnt -= 1
            stop.ob_refcnt -= 1
            return nxt
    sl = new_slice(start, stop, incref(NONE))
    try:
        abstract.setitem(container, sl, v)
    finally:
        decref(sl)
        decref(container)
        decref(v)
    return nxt


def op_BUILD_SLICE(f, arg, nxt):
    step = f.pop() if arg == 3 else incref(NONE)
    stop = f.pop()
    start = f.pop()
    f.append(new_slice(start, stop, step))
    return nxt


# -- building containers ------------------------------------------------------------------------

def _pop_n(f, n: int) -> list:
    if n == 0:
        return []
    items = f[-n:]
    del f[-n:]
    return items


def op_BUILD_TUPLE(f, arg, nxt):
    f.append(new_tuple(_pop_n(f, arg)))
    return nxt


def op_BUILD_LIST(f, arg, nxt):
    f.append(new_list(_pop_n(f, arg)))
    return nxt


def op_BUILD_SET(f, arg, nxt):
    from ..objects.mappings import new_set, set_add
    items = _pop_n(f, arg)
    s = new_set()
    try:
        for x in items:
            set_add(s, x)
    finally:
        for x in items:
            decref(x)
    f.append(s)
    return nxt


def op_BUILD_MAP(f, arg, nxt):
    items = _pop_n(f, 2 * arg)
    d = new_dict()
    try:
        for i in range(0, len(items), 2):
            dict_setitem(d, items[i], items[i + 1])
    finally:
        for x in items:
            decref(x)
    f.append(d)
    return nxt


def op_BUILD_CONST_KEY_MAP(f, arg, nxt):
    keys = f.pop()
    values = _pop_n(f, arg)
    d = new_dict()
    try:
        for k, v in zip(keys.items, values):
            dict_setitem(d, k, v)
    finally:
        for v in values:
            decref(v)
        decref(keys)
    f.append(d)
    return nxt


def op_BUILD_STRING(f, arg, nxt):
    parts = _pop_n(f, arg)
    s = new_str("".join(p.value for p in parts))
    for p in parts:
        decref(p)
    f.append(s)
    return nxt


def op_LIST_APPEND(f, arg, nxt):
    v = f.pop()
    f[-arg].items.append(v)
    return nxt


def op_SET_ADD(f, arg, nxt):
    from ..objects.mappings import set_add
    v = f.pop()
    try:
        set_add(f[-arg], v)
    finally:
        decref(v)
    return nxt


def op_MAP_ADD(f, arg, nxt):
    v = f.pop()
    k = f.pop()
    try:
        dict_setitem(f[-arg], k, v)
    finally:
        decref(k)
        decref(v)
    return nxt


def op_LIST_EXTEND(f, arg, nxt):
    iterable = f.pop()
    lst = f[-arg]
    try:
        lst.items.extend(abstract.sequence_list(iterable))
    except PyErr as e:
        if e.exc.ob_type is R.exc["TypeError"] and \
                type_lookup(iterable.ob_type, "__iter__") is None and \
                type_lookup(iterable.ob_type, "__getitem__") is None:
            decref(e.exc)
            decref(iterable)
            raise err("TypeError", "Value after * must be an iterable, not %s"
                      % iterable.ob_type.tp_name) from None
        decref(iterable)
        raise
    decref(iterable)
    return nxt


def op_SET_UPDATE(f, arg, nxt):
    from ..objects.mappings import set_update
    iterable = f.pop()
    try:
        set_update(f[-arg], iterable)
    finally:
        decref(iterable)
    return nxt


def op_DICT_UPDATE(f, arg, nxt):
    from ..objects.mappings import dict_merge
    update = f.pop()
    try:
        if type_lookup(update.ob_type, "keys") is None:
            raise err("TypeError", "'%s' object is not a mapping" % update.ob_type.tp_name)
        dict_merge(f[-arg], update)
    finally:
        decref(update)
    return nxt


def op_DICT_MERGE(f, arg, nxt):
    # the callable, for the messages: under the NULL or self beside it (3.11+)
    func = f[-arg - 3] if f[-arg - 4] is None else f[-arg - 4]
    return dict_merge_for_call(f, arg, nxt, func)


def dict_merge_for_call(f, arg, nxt, func):
    """DICT_MERGE: merge the popped mapping into ``f[-arg]`` for a call of ``func``."""
    update = f.pop()
    target = f[-arg]
    try:
        if type_lookup(update.ob_type, "keys") is None:
            raise err("TypeError", "%s argument after ** must be a mapping, not %s"
                      % (STATE.vm.func_desc(func), update.ob_type.tp_name))
        from ..objects.mappings import dict_merge
        keys = abstract.sequence_list(update) if not isinstance(update, PyDict) else \
            [incref(k) for k in update.keys.values()]
        for k in keys:
            if hkey(k) in target.vals:
                name = k.value if isinstance(k, PyStr) else None
                for x in keys:
                    decref(x)
                raise err("TypeError", "%s got multiple values for keyword argument '%s'"
                          % (STATE.vm.func_desc(func), name))
        for x in keys:
            decref(x)
        dict_merge(target, update)
    finally:
        decref(update)
    return nxt


# -- unpacking --------------------------------------------------------------------------------

def op_UNPACK_SEQUENCE(f, arg, nxt):
    seq = f.pop()
    tp = seq.ob_type
    if (tp is tuple_type or tp is list_type) and len(seq.items) == arg:
        items = seq.items
        for i in range(arg - 1, -1, -1):
            v = items[i]
            v.ob_refcnt += 1
            f.append(v)
        decref(seq)
        return nxt
    try:
        items = unpack_iterable(seq, arg, -1)
    finally:
        decref(seq)
    items.reverse()
    f.extend(items)
    return nxt


def unpack_iterable(seq, count: int, after: int) -> list:
    """``unpack_iterable`` of ceval.c with its error messages."""
    try:
        it = get_iter(seq)
    except PyErr as e:
        if e.exc.ob_type is R.exc["TypeError"] and \
                type_lookup(seq.ob_type, "__iter__") is None:
            decref(e.exc)
            raise err("TypeError", "cannot unpack non-iterable %s object"
                      % seq.ob_type.tp_name) from None
        raise
    out = []
    try:
        for i in range(count):
            v = iter_next(it)
            if v is None:
                for x in out:
                    decref(x)
                if after < 0:
                    raise err("ValueError", "not enough values to unpack (expected %d, got %d)"
                              % (count, i))
                raise err("ValueError", "not enough values to unpack (expected at least %d, "
                          "got %d)" % (count + after, i))
            out.append(v)
        if after < 0:
            extra = iter_next(it)
            if extra is not None:
                decref(extra)
                for x in out:
                    decref(x)
                if seq.ob_type in (tuple_type, list_type) or STATE.vm.unpack_reports_count(seq):
                    n = abstract.length_of(seq)
                    raise err("ValueError", "too many values to unpack (expected %d%s)" % (
                        count, STATE.vm.target_got_suffix(n)))
                raise err("ValueError", "too many values to unpack (expected %d)" % count)
            return out
        rest = []
        while True:
            v = iter_next(it)
            if v is None:
                break
            rest.append(v)
        if len(rest) < after:
            for x in out + rest:
                decref(x)
            raise err("ValueError", "not enough values to unpack (expected at least %d, got %d)"
                      % (count + after, count + len(rest)))
        tail = rest[len(rest) - after:] if after else []
        middle = rest[:len(rest) - after] if after else rest
        return out + [new_list(middle)] + tail
    finally:
        decref(it)


def op_UNPACK_EX(f, arg, nxt):
    before, after = arg & 0xff, arg >> 8
    seq = f.pop()
    try:
        items = unpack_iterable(seq, before, after)
    finally:
        decref(seq)
    items.reverse()
    f.extend(items)
    return nxt


# -- iteration --------------------------------------------------------------------------------

def op_GET_ITER(f, arg, nxt):
    v = f[-1]
    f[-1] = get_iter(v)
    decref(v)
    return nxt


def op_GET_LEN(f, arg, nxt):
    f.append(new_int(abstract.length_of(f[-1])))
    return nxt


# -- jumps ------------------------------------------------------------------------------------

def op_JUMP(f, arg, nxt):
    return arg


def op_JUMP_BACKWARD_312(f, arg, nxt):
    """3.12+: a backward jump checks the eval breaker (a scheduled collection)."""
    if ALLOC.scheduled:
        run_scheduled_gc()
    return arg


def op_POP_JUMP_IF_FALSE(f, arg, nxt):
    v = f.pop()
    if v is FALSE:
        return arg
    if v is TRUE:
        return nxt
    t = is_true(v)
    decref(v)
    return nxt if t else arg


def op_POP_JUMP_IF_TRUE(f, arg, nxt):
    v = f.pop()
    if v is TRUE:
        return arg
    if v is FALSE:
        return nxt
    t = is_true(v)
    decref(v)
    return arg if t else nxt


def op_POP_JUMP_IF_NONE(f, arg, nxt):
    v = f.pop()
    if v is NONE:
        return arg
    decref(v)
    return nxt


def op_POP_JUMP_IF_NOT_NONE(f, arg, nxt):
    v = f.pop()
    if v is NONE:
        return nxt
    decref(v)
    return arg


# -- returns ----------------------------------------------------------------------------------

def op_RETURN_VALUE(f, arg, nxt):
    f.retval = f.pop()
    return -1


def op_RETURN_CONST(f, arg, nxt):
    arg.ob_refcnt += 1
    f.retval = arg
    return -1


# -- exceptions -------------------------------------------------------------------------------

def op_PUSH_EXC_INFO(f, arg, nxt):
    exc = f.pop()
    stack = STATE.vm.exc_stack
    prev = stack[-1]
    f.append(prev if prev is not None else NONE)
    stack[-1] = incref(exc)
    f.append(exc)
    return nxt


def op_POP_EXCEPT(f, arg, nxt):
    v = f.pop()
    stack = STATE.vm.exc_stack
    old = stack[-1]
    stack[-1] = None if v is NONE else v
    if old is not None:
        decref(old)
    return nxt


def op_RERAISE(f, arg, nxt):
    exc = f.pop()
    if arg:
        lasti = f[-arg]
        if lasti.ob_type is int_type:
            f.lasti = lasti.value
    raise Reraise(exc)


def check_except_type(t) -> None:
    bad = "catching classes that do not inherit from BaseException is not allowed"
    if t.ob_type is tuple_type:
        for x in t.items:
            if not (isinstance(x, PyType) and is_subtype(x, R.exc["BaseException"])):
                raise err("TypeError", bad)
    elif not (isinstance(t, PyType) and is_subtype(t, R.exc["BaseException"])):
        raise err("TypeError", bad)


def exception_matches(exc, t) -> bool:
    if t.ob_type is tuple_type:
        return any(exception_matches(exc, x) for x in t.items)
    return is_subtype(exc.ob_type, t)


def op_CHECK_EXC_MATCH(f, arg, nxt):
    t = f.pop()
    try:
        check_except_type(t)
        f.append(TRUE if exception_matches(f[-1], t) else FALSE)
    finally:
        decref(t)
    return nxt


def op_RAISE_VARARGS(f, arg, nxt):
    cause = f.pop() if arg == 2 else None
    exc = f.pop() if arg >= 1 else None
    STATE.vm.do_raise(exc, cause)


def op_LOAD_ASSERTION_ERROR(f, arg, nxt):
    f.append(incref(R.exc["AssertionError"]))
    return nxt


def op_CHECK_EG_MATCH(f, arg, nxt):
    match_type = f.pop()
    exc_value = f.pop()
    try:
        check_except_type(match_type)
        rest, match = STATE.vm.split_exception_group(exc_value, match_type)
    finally:
        decref(match_type)
    decref(exc_value)
    f.append(rest)
    f.append(match)
    if match is not NONE:
        stack = STATE.vm.exc_stack
        old = stack[-1]
        stack[-1] = incref(match)
        if old is not None:
            decref(old)
    return nxt


def op_CLEANUP_THROW(f, arg, nxt):
    exc = f.pop()
    last_sent = f.pop()
    sub_iter = f.pop()
    if is_subtype(exc.ob_type, R.exc["StopIteration"]):
        value = (exc.extra or {}).get("value") or NONE
        f.append(NONE)
        f.append(incref(value))
        decref(exc)
        decref(last_sent)
        decref(sub_iter)
        return nxt
    decref(last_sent)
    decref(sub_iter)
    raise Reraise(exc)


# -- with -------------------------------------------------------------------------------------

def _special_bound(mgr, name):
    meth = type_lookup(mgr.ob_type, name)
    if meth is None:
        return None
    get = DESCR_GET.get(meth.ob_type)
    if get is None:
        return incref(meth)
    return get(meth, mgr, mgr.ob_type)


def op_BEFORE_WITH(f, arg, nxt):
    mgr = f.pop()
    try:
        enter = _special_bound(mgr, "__enter__")
        if enter is None:
            raise err("TypeError", "'%s' object does not support the context manager protocol"
                      % mgr.ob_type.tp_name)
        exit_ = _special_bound(mgr, "__exit__")
        if exit_ is None:
            decref(enter)
            raise err("TypeError", "'%s' object does not support the context manager protocol "
                      "(missed __exit__ method)" % mgr.ob_type.tp_name)
        f.append(exit_)
        try:
            res = call(enter, [])
        finally:
            decref(enter)
        f.append(res)
    finally:
        decref(mgr)
    return nxt


def op_WITH_EXCEPT_START(f, arg, nxt):
    val = f[-1]
    exit_func = f[-4]
    tb = val.traceback or NONE
    f.append(call(exit_func, [val.ob_type, val, tb]))
    return nxt


# -- functions and calls ----------------------------------------------------------------------

def op_LOAD_BUILD_CLASS(f, arg, nxt):
    v = f.builtins.vals.get("__build_class__")
    if v is None:
        raise err("NameError", "__build_class__ not found")
    f.append(incref(v))
    return nxt


def op_LOAD_LOCALS(f, arg, nxt):
    if f.locals is None:
        raise err("SystemError", "no locals found")
    f.append(incref(f.locals))
    return nxt


def op_SETUP_ANNOTATIONS(f, arg, nxt):
    loc = f.locals
    if "__annotations__" not in loc.vals:
        d = new_dict()
        dict_setitem_str(loc, "__annotations__", d)
        decref(d)
    return nxt


def op_MAKE_FUNCTION_312(f, arg, nxt):
    code = f.pop()
    func = new_function(code, f.globals, incref(R.intern(code.info.co.co_qualname)))
    decref(func.qualname)
    if arg & 0x08:
        func.closure = f.pop()
    if arg & 0x04:
        func.annotations = annotations_dict(f.pop())
    if arg & 0x02:
        func.kwdefaults = f.pop()
    if arg & 0x01:
        func.defaults = f.pop()
    decref(code)
    f.append(func)
    return nxt


def annotations_dict(ann):
    """Annotations arrive as a tuple of name/value pairs (3.10+); a dict is kept."""
    if ann.ob_type is tuple_type:
        d = new_dict()
        items = ann.items
        for i in range(0, len(items), 2):
            dict_setitem(d, items[i], items[i + 1])
        decref(ann)
        return d
    return ann


def op_RESUME(f, arg, nxt):
    return nxt


def op_RESUME_312(f, arg, nxt):
    """3.12+: the start of a frame and the return to it after a ``yield`` (oparg 0
    and 1, not a resumed ``yield from``/``await``) check the eval breaker."""
    if ALLOC.scheduled and arg < 2:
        run_scheduled_gc()
    return nxt


def after_call(callable_: PyObject, methods_inline: bool = True) -> None:
    """The end of CALL checks the eval breaker (3.12+; the caller tests
    ``ALLOC.scheduled`` first), except after a Python function that CPython ran
    inline in the same loop: that call's RESUME was its check.  CALL takes a bound
    method apart first (``methods_inline``), CALL_FUNCTION_EX does not."""
    tp = callable_.ob_type
    if tp is method_type and methods_inline:
        tp = callable_.func.ob_type
    if tp is not function_type:
        run_scheduled_gc()


def op_EXTENDED_ARG(f, arg, nxt):
    return nxt


def op_RETURN_GENERATOR(f, arg, nxt):
    from .generators import new_generator
    f.pc = nxt
    f.retval = new_generator(f)
    return -1


def op_YIELD_VALUE(f, arg, nxt):
    f.retval = f.pop()
    f.pc = nxt
    f.gen.yielded = True
    return -1


def op_GET_YIELD_FROM_ITER(f, arg, nxt):
    from .generators import coroutine_type, generator_type
    v = f[-1]
    if v.ob_type is coroutine_type:
        if not f.code.flags & 0x180:
            raise err("TypeError", "cannot 'yield from' a coroutine object in a non-coroutine "
                      "generator")
        return nxt
    if v.ob_type is generator_type:
        return nxt
    f[-1] = get_iter(v)
    decref(v)
    return nxt


def send_top(f) -> bool:
    """Send the top of the stack into the receiver below it and push what comes back;
    True when the receiver returned (rather than yielded) it."""
    from .generators import send_value
    v = f.pop()
    receiver = f[-1]
    try:
        result, returned = send_value(receiver, v)
    finally:
        decref(v)
    f.append(result)
    return returned


def op_SEND(f, arg, nxt):
    return arg if send_top(f) else nxt


def op_END_SEND(f, arg, nxt):
    v = f.pop()
    receiver = f.pop()
    decref(receiver)
    f.append(v)
    return nxt


def op_GET_AWAITABLE(f, arg, nxt):
    from .generators import get_awaitable
    v = f[-1]
    try:
        f[-1] = get_awaitable(v, arg)
    except PyErr:
        f.pop()
        decref(v)
        raise
    decref(v)
    return nxt


def op_GET_AITER(f, arg, nxt):
    obj = f.pop()
    try:
        meth = type_lookup(obj.ob_type, "__aiter__")
        if meth is None:
            raise err("TypeError", "'async for' requires an object with __aiter__ method, got %s"
                      % obj.ob_type.tp_name)
        it = abstract.call_method_obj(meth, obj, [])
        if type_lookup(it.ob_type, "__anext__") is None:
            t = it.ob_type.tp_name
            decref(it)
            raise err("TypeError", "'async for' received an object from __aiter__ that does "
                      "not implement __anext__: %s" % t)
    finally:
        decref(obj)
    f.append(it)
    return nxt


def op_GET_ANEXT(f, arg, nxt):
    from .generators import get_awaitable
    aiter = f[-1]
    meth = type_lookup(aiter.ob_type, "__anext__")
    if meth is None:
        raise err("TypeError", "'async for' requires an iterator with __anext__ method, got %s"
                  % aiter.ob_type.tp_name)
    awaitable = abstract.call_method_obj(meth, aiter, [])
    try:
        it = get_awaitable(awaitable, 0, anext=True)
    finally:
        decref(awaitable)
    f.append(it)
    return nxt


def op_END_ASYNC_FOR(f, arg, nxt):
    exc = f.pop()
    awaitable = f.pop()
    if is_subtype(exc.ob_type, R.exc["StopAsyncIteration"]):
        decref(exc)
        decref(awaitable)
        return nxt
    decref(awaitable)
    raise Reraise(exc)


def op_BEFORE_ASYNC_WITH(f, arg, nxt):
    from .generators import get_awaitable
    mgr = f.pop()
    try:
        enter = _special_bound(mgr, "__aenter__")
        if enter is None:
            raise err("TypeError", "'%s' object does not support the asynchronous context "
                      "manager protocol" % mgr.ob_type.tp_name)
        exit_ = _special_bound(mgr, "__aexit__")
        if exit_ is None:
            decref(enter)
            raise err("TypeError", "'%s' object does not support the asynchronous context "
                      "manager protocol (missed __aexit__ method)" % mgr.ob_type.tp_name)
        f.append(exit_)
        try:
            res = call(enter, [])
        finally:
            decref(enter)
        try:
            aw = get_awaitable(res, 1)
        finally:
            decref(res)
        f.append(aw)
    finally:
        decref(mgr)
    return nxt


# -- formatting -------------------------------------------------------------------------------

_CONVERSIONS = {1: abstract.str_of, 2: abstract.repr_of, 3: None}


def convert_value(v, which: int):
    if which == 1:
        return abstract.str_of(v)
    if which == 2:
        return abstract.repr_of(v)
    r = abstract.repr_of(v)
    text = r.value
    decref(r)
    return new_str(text.encode("ascii", "backslashreplace").decode("ascii"))


def op_FORMAT_VALUE(f, arg, nxt):
    spec = f.pop() if arg & 4 else None
    v = f.pop()
    conv = arg & 3
    try:
        if conv:
            cv = convert_value(v, conv)
            decref(v)
            v = cv
        if v.ob_type is str_type and spec is None:
            res = v
            v = None
        else:
            res = abstract.format_of(v, spec if spec is not None else new_str(""))
    finally:
        if v is not None:
            decref(v)
        if spec is not None:
            decref(spec)
    f.append(res)
    return nxt


# -- intrinsics -------------------------------------------------------------------------------

def intrinsic_stopiteration_error(f, v):
    if is_subtype(v.ob_type, R.exc["StopIteration"]) or \
            is_subtype(v.ob_type, R.exc["StopAsyncIteration"]):
        flags = f.code.flags
        if flags & 0x200:
            msg = "async generator raised StopIteration" if is_subtype(
                v.ob_type, R.exc["StopIteration"]) else "async generator raised StopAsyncIteration"
        elif flags & 0x80:
            msg = "coroutine raised StopIteration"
        else:
            msg = "generator raised StopIteration"
        if is_subtype(v.ob_type, R.exc["StopAsyncIteration"]) and not flags & 0x200:
            return incref(v)
        new = new_exception("RuntimeError", msg)
        new.cause = incref(v)
        new.context = incref(v)
        new.suppress_context = True
        return new
    return incref(v)


def _typing_helper(name: str, args: list):
    """Call ``_typing.<name>(*args)`` (minivm's _typing module, see modules/pylib)."""
    from ..objects.typeobject import getattr_str
    module = STATE.vm.importer.load("_typing")
    try:
        fn = getattr_str(module, name)
    finally:
        decref(module)
    try:
        return call(fn, args)
    finally:
        decref(fn)


def _intrinsic_import_star(f, v):
    STATE.vm.import_star(f, v)
    return incref(NONE)


def _intrinsic_print(f, v):
    STATE.vm.display_hook(v)
    return incref(NONE)


def _async_gen_wrap(f, v):
    from .generators import wrap_async_value
    return wrap_async_value(v)


#: CALL_INTRINSIC_1 by intrinsic name: ``fn(frame, value) -> new reference``.
INTRINSICS_1: Dict[str, Callable] = {
    "INTRINSIC_UNARY_POSITIVE": lambda f, v: unary_op(v, "+"),
    "INTRINSIC_LIST_TO_TUPLE": lambda f, v: new_tuple([incref(x) for x in v.items]),
    "INTRINSIC_STOPITERATION_ERROR": lambda f, v: intrinsic_stopiteration_error(f, v),
    "INTRINSIC_ASYNC_GEN_WRAP": _async_gen_wrap,
    "INTRINSIC_IMPORT_STAR": _intrinsic_import_star,
    "INTRINSIC_PRINT": _intrinsic_print,
    "INTRINSIC_TYPEVAR": lambda f, v: _typing_helper("_intrinsic_typevar", [v]),
    "INTRINSIC_PARAMSPEC": lambda f, v: _typing_helper("_intrinsic_paramspec", [v]),
    "INTRINSIC_TYPEVARTUPLE": lambda f, v: _typing_helper("_intrinsic_typevartuple", [v]),
    "INTRINSIC_SUBSCRIPT_GENERIC": lambda f, v: _typing_helper(
        "_intrinsic_subscript_generic", [v]),
    "INTRINSIC_TYPEALIAS": lambda f, v: _typing_helper("_intrinsic_typealias", [v]),
}


def _set_function_type_params(f, func, params):
    from ..objects.typeobject import setattr_str
    setattr_str(func, "__type_params__", params)
    return incref(func)


#: CALL_INTRINSIC_2 by intrinsic name: ``fn(frame, value2, value1) -> new reference``.
INTRINSICS_2: Dict[str, Callable] = {
    "INTRINSIC_PREP_RERAISE_STAR": lambda f, v2, v1: STATE.vm.prep_reraise_star(v2, v1),
    "INTRINSIC_TYPEVAR_WITH_BOUND": lambda f, v2, v1: _typing_helper(
        "_intrinsic_typevar", [v2, v1]),
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS": lambda f, v2, v1: _typing_helper(
        "_intrinsic_typevar", [v2, NONE, v1]),
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS": _set_function_type_params,
    "INTRINSIC_SET_TYPEPARAM_DEFAULT": lambda f, v2, v1: _typing_helper(
        "_intrinsic_set_default", [v2, v1]),
}


def op_CALL_INTRINSIC_1(f, arg, nxt):
    fn = INTRINSICS_1.get(arg)
    if fn is None:
        raise err("SystemError", "intrinsic %s is not supported by minivm" % arg)
    v = f[-1]
    r = fn(f, v)
    f[-1] = r
    decref(v)
    return nxt


def op_CALL_INTRINSIC_2(f, arg, nxt):
    fn = INTRINSICS_2.get(arg)
    v1 = f.pop()
    v2 = f[-1]
    try:
        if fn is None:
            raise err("SystemError", "intrinsic %s is not supported by minivm" % arg)
        r = fn(f, v2, v1)
    finally:
        decref(v1)
    f[-1] = r
    decref(v2)
    return nxt


# -- match ------------------------------------------------------------------------------------

def op_MATCH_MAPPING(f, arg, nxt):
    from ..objects.dictobject import dict_type
    v = f[-1]
    ok = is_subtype(v.ob_type, dict_type) or STATE.vm.is_registered_abc(v, "Mapping")
    f.append(TRUE if ok else FALSE)
    return nxt


def op_MATCH_SEQUENCE(f, arg, nxt):
    v = f[-1]
    tp = v.ob_type
    ok = (is_subtype(tp, list_type) or is_subtype(tp, tuple_type) or
          tp is R.types["range"] or STATE.vm.is_registered_abc(v, "Sequence")) and not (
        is_subtype(tp, str_type) or is_subtype(tp, R.types["bytes"]))
    f.append(TRUE if ok else FALSE)
    return nxt


def op_MATCH_KEYS(f, arg, nxt):
    keys = f[-1]
    subject = f[-2]
    values = []
    try:
        get = getattr_str(subject, "get")
        try:
            dummy = R.match_dummy
            for k in keys.items:
                v = call(get, [k, dummy])
                if v is dummy:
                    decref(v)
                    for x in values:
                        decref(x)
                    f.append(incref(NONE))
                    return nxt
                values.append(v)
        finally:
            decref(get)
    except PyErr:
        for x in values:
            decref(x)
        raise
    f.append(new_tuple(values))
    return nxt


def op_MATCH_CLASS(f, arg, nxt):
    names = f.pop()
    cls = f.pop()
    subject = f.pop()
    try:
        r = STATE.vm.match_class(subject, cls, arg, names)
    finally:
        decref(names)
        decref(cls)
        decref(subject)
    f.append(r)
    return nxt
