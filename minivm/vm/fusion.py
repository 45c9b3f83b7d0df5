"""Fused handlers: a decoded instruction that runs the next one (or two) as well.

Decoding turns each instruction into ``(handler, arg, next)``; this pass replaces
the entry of the *first* instruction of a frequent sequence (``LOAD_FAST
LOAD_CONST BINARY_OP``, ``COMPARE_OP POP_JUMP_IF_FALSE`` ...) by one handler that
does the work of the whole sequence and returns the index after its last
instruction.  The entries of the later instructions stay as they were, so a jump
into the middle of a sequence runs it unfused.

A fused handler behaves exactly as the sequence: on the fast path (ints, floats,
strings) it skips the value stack; otherwise it runs the original handlers in
order.  An exception raised by a later instruction carries its index in the
``at`` attribute of the PyErr, so the unwinder reports the instruction that
failed (traceback position, exception-table entry), as if unfused.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from ..objects.abstract import is_true
from ..objects.core import PyErr, type_lookup
from ..objects.scalars import _SMALL, FALSE, TRUE, float_type, int_type, str_type
from ..objects.scalars import PyFloat as _PyFloat
from ..objects.scalars import PyLong as _PyLong
from ..objects.typeobject import GETATTRO

from . import eval as ev

_new = object.__new__

_CMP = ev._CMP_FAST
_bound = ev._bound


def _failed_at(e: PyErr, index: int) -> PyErr:
    e.at = index
    return e


# -- pairs of stack moves ------------------------------------------------------------------------

def fused_load_fast_load_fast(f, arg, nxt):
    a, b, n2 = arg
    fast = f.fast
    v = fast[a]
    v.ob_refcnt += 1
    w = fast[b]
    w.ob_refcnt += 1
    f.append(v)
    f.append(w)
    return n2


def fused_load_fast_load_const(f, arg, nxt):
    a, c, n2 = arg
    v = f.fast[a]
    v.ob_refcnt += 1
    c.ob_refcnt += 1
    f.append(v)
    f.append(c)
    return n2


def fused_load_const_load_const(f, arg, nxt):
    c, d, n2 = arg
    c.ob_refcnt += 1
    d.ob_refcnt += 1
    f.append(c)
    f.append(d)
    return n2


def fused_load_const_load_fast(f, arg, nxt):
    c, b, n2 = arg
    w = f.fast[b]
    c.ob_refcnt += 1
    w.ob_refcnt += 1
    f.append(c)
    f.append(w)
    return n2


def fused_store_fast_load_fast(f, arg, nxt):
    a, b, n2 = arg
    fast = f.fast
    old = fast[a]
    fast[a] = f[-1]
    w = fast[b]
    w.ob_refcnt += 1
    f[-1] = w
    if old is not None:
        old.ob_refcnt -= 1
        if old.ob_refcnt == 0:
            old.ob_type.tp_dealloc(old)
    return n2


def fused_store_fast_store_fast(f, arg, nxt):
    a, b, n2 = arg
    fast = f.fast
    old1 = fast[a]
    fast[a] = f.pop()
    old2 = fast[b]
    fast[b] = f.pop()
    for old in (old1, old2):
        if old is not None:
            old.ob_refcnt -= 1
            if old.ob_refcnt == 0:
                old.ob_type.tp_dealloc(old)
    return n2


def fused_load_fast_load_attr(f, arg, nxt):
    """LOAD_FAST then LOAD_ATTR (``self.x``, ``self.m(``): generic lookup finding
    a plain method of the class or an instance attribute in the dict pushes the
    result without the owner's round trip through the stack (its count goes up
    and down again with no code in between); anything else runs both handlers."""
    a, attr, load_attr, index, n2 = arg
    owner = f.fast[a]
    tp = owner.ob_type
    if GETATTRO.get(tp) is ev._GENERIC:
        name, is_method = attr
        descr = type_lookup(tp, name)
        if is_method:
            if descr is not None and (descr.ob_type is ev.function_type
                                      or descr.ob_type is ev._METHOD_DESCR) and \
                    (not tp.tp_hasdict or owner.ob_dict is None
                     or owner.ob_dict.vals.get(name) is None):
                # (method, self): the same order in the 3.12 and 3.13 stacks.
                descr.ob_refcnt += 1
                owner.ob_refcnt += 1
                f.append(descr)
                f.append(owner)
                return n2
        elif descr is None and tp.tp_hasdict and owner.ob_dict is not None:
            v = owner.ob_dict.vals.get(name)
            if v is not None:
                v.ob_refcnt += 1
                f.append(v)
                return n2
    owner.ob_refcnt += 1
    f.append(owner)
    try:
        return load_attr(f, attr, n2)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_copy_load_attr(f, arg, nxt):
    """COPY 1 then LOAD_ATTR (the load of ``o.x += y``): an instance attribute in
    the dict is pushed above the owner; anything else runs LOAD_ATTR itself."""
    attr, load_attr, index, n2 = arg
    owner = f[-1]
    tp = owner.ob_type
    name = attr[0]
    if not attr[1] and GETATTRO.get(tp) is ev._GENERIC and tp.tp_hasdict and \
            owner.ob_dict is not None and type_lookup(tp, name) is None:
        v = owner.ob_dict.vals.get(name)
        if v is not None:
            v.ob_refcnt += 1
            f.append(v)
            return n2
    owner.ob_refcnt += 1
    f.append(owner)
    try:
        return load_attr(f, attr, n2)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_swap_store_attr(f, arg, nxt):
    """SWAP 2 then STORE_ATTR (the store of ``o.x += y``)."""
    name, store_attr, index, n2 = arg
    f[-2], f[-1] = f[-1], f[-2]
    try:
        return store_attr(f, name, n2)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_copy_copy_subscr(f, arg, nxt):
    """COPY 2, COPY 2, BINARY_SUBSCR (the load of ``c[i] += y``): an exact list or
    tuple indexed by an int in range pushes the item above ``c, i``."""
    subscr, subscr_arg, index, n3 = arg
    return _index_both(f, f[-2], f[-1], subscr, subscr_arg, index, n3)


def fused_swap_swap_store_subscr(f, arg, nxt):
    """SWAP 3, SWAP 2, STORE_SUBSCR (the store of ``c[i] += y``): ``c, i, v`` is
    rotated to ``v, c, i`` as the two swaps leave it, then stored."""
    store, store_arg, index, n3 = arg
    f[-3], f[-2], f[-1] = f[-1], f[-3], f[-2]
    try:
        return store(f, store_arg, n3)
    except PyErr as e:
        raise _failed_at(e, index)


def _index_tail(f, sub, subscr, subscr_arg, index, n2):
    """``container[sub]`` with ``sub`` just loaded (borrowed): an exact list or tuple
    and an int in range take the item at once; anything else pushes ``sub`` and
    runs BINARY_SUBSCR."""
    container = f[-1]
    ct = container.ob_type
    if (ct is ev.list_type or ct is ev.tuple_type) and sub.ob_type is int_type:
        items = container.items
        i = sub.value
        if -len(items) <= i < len(items):
            v = items[i]
            v.ob_refcnt += 1
            f[-1] = v
            container.ob_refcnt -= 1
            if container.ob_refcnt == 0:
                ct.tp_dealloc(container)
            return n2
    sub.ob_refcnt += 1
    f.append(sub)
    try:
        return subscr(f, subscr_arg, n2)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_load_const_subscr(f, arg, nxt):
    """LOAD_CONST then BINARY_SUBSCR (``c[0]``)."""
    c, subscr, subscr_arg, index, n2 = arg
    return _index_tail(f, c, subscr, subscr_arg, index, n2)


def fused_load_fast_subscr(f, arg, nxt):
    """LOAD_FAST then BINARY_SUBSCR (``c[i]``)."""
    a, subscr, subscr_arg, index, n2 = arg
    return _index_tail(f, f.fast[a], subscr, subscr_arg, index, n2)


def _index_both(f, container, sub, subscr, subscr_arg, index, n):
    """``container[sub]``, both just loaded (borrowed): the item of an exact list
    or tuple at an int in range is pushed at once; anything else pushes both and
    runs BINARY_SUBSCR."""
    ct = container.ob_type
    if (ct is ev.list_type or ct is ev.tuple_type) and sub.ob_type is int_type:
        items = container.items
        i = sub.value
        if -len(items) <= i < len(items):
            v = items[i]
            v.ob_refcnt += 1
            f.append(v)
            return n
    container.ob_refcnt += 1
    sub.ob_refcnt += 1
    f.append(container)
    f.append(sub)
    try:
        return subscr(f, subscr_arg, n)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_load_fast_load_const_subscr(f, arg, nxt):
    """LOAD_FAST, LOAD_CONST, BINARY_SUBSCR (``c[0]``)."""
    a, c, subscr, subscr_arg, index, n3 = arg
    return _index_both(f, f.fast[a], c, subscr, subscr_arg, index, n3)


def fused_load_fast_load_fast_subscr(f, arg, nxt):
    """LOAD_FAST, LOAD_FAST, BINARY_SUBSCR (``c[i]``, 3.12)."""
    a, b, subscr, subscr_arg, index, n3 = arg
    fast = f.fast
    return _index_both(f, fast[a], fast[b], subscr, subscr_arg, index, n3)


def fused_pair_subscr(f, arg, nxt):
    """LOAD_FAST_LOAD_FAST then BINARY_SUBSCR (``c[i]``, 3.13)."""
    pair, subscr, subscr_arg, index, n2 = arg
    fast = f.fast
    return _index_both(f, fast[pair >> 4], fast[pair & 15], subscr, subscr_arg, index, n2)


# -- arithmetic ----------------------------------------------------------------------------------

def _fast_binary(left, right, fast):
    """The result object of an int/float operation, or None for the general path."""
    lt = left.ob_type
    rt = right.ob_type
    if fast is None or (lt is not int_type and lt is not float_type) or \
            (rt is not int_type and rt is not float_type):
        return None
    try:
        r = fast(left.value, right.value)
    except Exception:  # noqa: BLE001 - overflow and friends take the general path
        return None
    t = type(r)
    if t is float:
        o = _new(_PyFloat)
        o.ob_refcnt = 1
        o.ob_type = float_type
        o.value = r
        return o
    if t is int:
        if -5 <= r <= 256:
            return _SMALL[r + 5]
        o = _new(_PyLong)
        o.ob_refcnt = 1
        o.ob_type = int_type
        o.value = r
        return o
    return None


def _binary_tail(f, left, right, binarg, n, index):
    """Push both operands and run BINARY_OP itself (the general path)."""
    left.ob_refcnt += 1
    right.ob_refcnt += 1
    f.append(left)
    f.append(right)
    try:
        return ev.op_BINARY_OP(f, binarg, n)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_load_fast_load_const_binary(f, arg, nxt):
    a, c, binarg, index, n3 = arg
    left = f.fast[a]
    r = _fast_binary(left, c, binarg[2])
    if r is not None:
        f.append(r)
        return n3
    return _binary_tail(f, left, c, binarg, n3, index)


def fused_load_fast_load_fast_binary(f, arg, nxt):
    a, b, binarg, index, n3 = arg
    fast = f.fast
    left = fast[a]
    right = fast[b]
    r = _fast_binary(left, right, binarg[2])
    if r is not None:
        f.append(r)
        return n3
    return _binary_tail(f, left, right, binarg, n3, index)


def _stack_binary_tail(f, right, binarg, index, n2):
    """TOS (op) right by BINARY_OP itself, right just loaded (reference not taken)."""
    right.ob_refcnt += 1
    f.append(right)
    try:
        return ev.op_BINARY_OP(f, binarg, n2)
    except PyErr as e:
        raise _failed_at(e, index)


# The two handlers below are the commonest of all: their fast path is written out
# in each rather than shared through one more call.

def fused_load_const_binary(f, arg, nxt):
    """LOAD_CONST then BINARY_OP: TOS (op) constant."""
    c, binarg, index, n2 = arg
    left = f[-1]
    r = _fast_binary(left, c, binarg[2])
    if r is not None:
        f[-1] = r
        left.ob_refcnt -= 1  # an exact int or float: deallocation does nothing
        return n2
    return _stack_binary_tail(f, c, binarg, index, n2)


def fused_load_fast_binary(f, arg, nxt):
    """LOAD_FAST then BINARY_OP: TOS (op) local."""
    a, binarg, index, n2 = arg
    left = f[-1]
    right = f.fast[a]
    r = _fast_binary(left, right, binarg[2])
    if r is not None:
        f[-1] = r
        left.ob_refcnt -= 1  # an exact int or float: deallocation does nothing
        return n2
    return _stack_binary_tail(f, right, binarg, index, n2)


def _host_binary(lv, rv, fast):
    """``fast(lv, rv)`` on host ints/floats when it gives an int or float, else None."""
    try:
        r = fast(lv, rv)
    except Exception:  # noqa: BLE001 - overflow and friends take the general path
        return None
    t = type(r)
    return r if t is int or t is float else None


def _binary_binary(f, right, binarg, outer, i2, i3, n3):
    """TOS1 (outer op) (TOS (op) right), right just loaded (borrowed): when all three
    are exact ints or floats the inner result is never made as an object (nothing
    could see it: it would be consumed at once); anything else runs both
    BINARY_OPs."""
    left = f[-1]
    first = f[-2]
    fast, fast2 = binarg[2], outer[2]
    if fast is not None and fast2 is not None:
        lt, rt, ft = left.ob_type, right.ob_type, first.ob_type
        if (lt is int_type or lt is float_type) and (rt is int_type or rt is float_type) \
                and (ft is int_type or ft is float_type):
            r1 = _host_binary(left.value, right.value, fast)
            r = None if r1 is None else _host_binary(first.value, r1, fast2)
            if r is not None:
                if type(r) is float:
                    o = _new(_PyFloat)
                    o.ob_refcnt = 1
                    o.ob_type = float_type
                    o.value = r
                elif -5 <= r <= 256:
                    o = _SMALL[r + 5]
                else:
                    o = _new(_PyLong)
                    o.ob_refcnt = 1
                    o.ob_type = int_type
                    o.value = r
                del f[-1]
                f[-1] = o
                left.ob_refcnt -= 1  # exact ints or floats: deallocation does nothing
                first.ob_refcnt -= 1
                return n3
    right.ob_refcnt += 1
    f.append(right)
    try:
        ev.op_BINARY_OP(f, binarg, i3)
    except PyErr as e:
        raise _failed_at(e, i2)
    try:
        return ev.op_BINARY_OP(f, outer, n3)
    except PyErr as e:
        raise _failed_at(e, i3)


def fused_load_const_binary_binary(f, arg, nxt):
    """LOAD_CONST, BINARY_OP, BINARY_OP (``a * (b + 1)``)."""
    c, binarg, outer, i2, i3, n3 = arg
    return _binary_binary(f, c, binarg, outer, i2, i3, n3)


def fused_load_fast_binary_binary(f, arg, nxt):
    """LOAD_FAST, BINARY_OP, BINARY_OP (``a * (b + c)``)."""
    a, binarg, outer, i2, i3, n3 = arg
    return _binary_binary(f, f.fast[a], binarg, outer, i2, i3, n3)


def fused_binary_store_fast(f, arg, nxt):
    binarg, a, n2 = arg
    right = f[-1]
    left = f[-2]
    r = _fast_binary(left, right, binarg[2])
    if r is None:
        ev.op_BINARY_OP(f, binarg, nxt)
        r = f.pop()
    else:
        del f[-2:]
        left.ob_refcnt -= 1  # exact ints or floats: deallocation does nothing
        right.ob_refcnt -= 1
    fast = f.fast
    old = fast[a]
    fast[a] = r
    if old is not None:
        old.ob_refcnt -= 1
        if old.ob_refcnt == 0:
            old.ob_type.tp_dealloc(old)
    return n2


# -- compare and branch ------------------------------------------------------------------------

def fused_to_bool_jump(f, arg, nxt):
    """TO_BOOL then POP_JUMP_IF_FALSE/TRUE (3.13)."""
    jump_if, target, index, n2 = arg
    v = f.pop()
    tp = v.ob_type
    if v is TRUE:
        taken = True
    elif v is FALSE:
        taken = False
    elif tp is int_type or tp is float_type or tp is str_type:
        # int.__bool__, float.__bool__ and str.__len__ as the host's truth of the
        # value; nothing to deallocate.
        taken = bool(v.value)
        v.ob_refcnt -= 1
    else:
        f.append(v)
        taken = is_true(v)
        f.pop()
        v.ob_refcnt -= 1
        if v.ob_refcnt == 0:
            v.ob_type.tp_dealloc(v)
    return target if taken == jump_if else n2


def fused_load_const_compare_jump(f, arg, nxt):
    """LOAD_CONST, COMPARE_OP, POP_JUMP_IF_FALSE/TRUE (``if n > 0:``): as
    fused_compare_jump, with the constant as the right operand."""
    c, cmp_handler, cmp_arg, op, jump_handler, target, i2, i3, n3 = arg
    left = f[-1]
    lt = left.ob_type
    if op is not None and lt is c.ob_type and (lt is int_type or lt is float_type
                                               or lt is str_type):
        taken = _CMP[op](left.value, c.value)
        f.pop()
        left.ob_refcnt -= 1  # an exact int, float or str: deallocation does nothing
        if jump_handler is None:  # POP_JUMP_IF_FALSE
            return n3 if taken else target
        return target if taken else n3
    c.ob_refcnt += 1
    f.append(c)
    try:
        cmp_handler(f, cmp_arg, i3)
    except PyErr as e:
        raise _failed_at(e, i2)
    jump = jump_handler or _JUMP_IF_FALSE[0]
    try:
        return jump(f, target, n3)
    except PyErr as e:
        raise _failed_at(e, i3)


def fused_build_slice_subscr(f, arg, nxt):
    """BUILD_SLICE (2 or 3) then BINARY_SUBSCR of an exact list or tuple, without
    making the slice object; anything else runs both instructions."""
    count, build, subscr, index, n2 = arg
    container = f[-1 - count]
    ct = container.ob_type
    if ct is ev.list_type or ct is ev.tuple_type:
        # Each bound an int or None (``is``, not ``==``: a bound of 0 equals False).
        lo = _bound(f[-count])
        hi = _bound(f[1 - count])
        step = _bound(f[-1]) if count == 3 else None
        if lo is not False and hi is not False and step is not False and step != 0:
            items = container.items[lo:hi:step]
            for x in items:
                x.ob_refcnt += 1
            r = ev.new_list(items) if ct is ev.list_type else ev.new_tuple(items)
            bounds = f[-count:]
            del f[-count:]
            f[-1] = r
            container.ob_refcnt -= 1
            if container.ob_refcnt == 0:
                ct.tp_dealloc(container)
            for v in bounds:
                v.ob_refcnt -= 1  # ints or None: deallocation does nothing
            return n2
    build(f, count, index)
    try:
        return subscr(f, None, n2)
    except PyErr as e:
        raise _failed_at(e, index)


def fused_pair_binary(f, arg, nxt):
    """LOAD_FAST_LOAD_FAST then BINARY_OP (3.13)."""
    pair, binarg, index, n2 = arg
    fast = f.fast
    left = fast[pair >> 4]
    right = fast[pair & 15]
    r = _fast_binary(left, right, binarg[2])
    if r is not None:
        f.append(r)
        return n2
    return _binary_tail(f, left, right, binarg, n2, index)


def fused_compare_jump(f, arg, nxt):
    cmp_handler, cmp_arg, op, jump_handler, target, index, n2 = arg
    right = f[-1]
    left = f[-2]
    lt = left.ob_type
    if op is not None and lt is right.ob_type and (lt is int_type or lt is float_type
                                                   or lt is str_type):
        taken = _CMP[op](left.value, right.value)
        del f[-2:]
        left.ob_refcnt -= 1  # exact ints, floats or strs: deallocation does nothing
        right.ob_refcnt -= 1
        if jump_handler is None:  # POP_JUMP_IF_FALSE
            return n2 if taken else target
        return target if taken else n2
    cmp_handler(f, cmp_arg, nxt)
    jump = jump_handler or _JUMP_IF_FALSE[0]
    try:
        return jump(f, target, n2)
    except PyErr as e:
        raise _failed_at(e, index)


_JUMP_IF_FALSE: List[Any] = [ev.op_POP_JUMP_IF_FALSE]


# -- the pass ------------------------------------------------------------------------------------

def _pairs(h) -> Dict[Tuple[str, str], Callable]:
    return {
        ("LOAD_FAST", "LOAD_FAST"): fused_load_fast_load_fast,
        ("LOAD_FAST", "LOAD_CONST"): fused_load_fast_load_const,
        ("LOAD_CONST", "LOAD_CONST"): fused_load_const_load_const,
        ("LOAD_CONST", "LOAD_FAST"): fused_load_const_load_fast,
        ("STORE_FAST", "LOAD_FAST"): fused_store_fast_load_fast,
        ("STORE_FAST", "STORE_FAST"): fused_store_fast_store_fast,
    }


_JUMPS = ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE")


def _rich(arg) -> bool:
    """Whether a COMPARE_OP argument is one of the six rich comparisons the fused
    paths index by (3.8's COMPARE_OP also does in, is and the exception match)."""
    return not (type(arg) is int and arg >= 6)


def fuse(instrs: List[Any], names: List[Optional[str]], handlers: Dict[str, Callable]) -> None:
    """Rewrite the entries of ``instrs`` (see module docstring); ``names`` gives
    each entry's opcode name (None inside inline caches)."""
    n = len(instrs)
    pairs = _pairs(handlers)
    binary = handlers.get("BINARY_OP")
    compare = handlers.get("COMPARE_OP")
    # The fused LOAD_FAST paths assume a bound local, as 3.12's LOAD_FAST may
    skip_fast = handlers.get("LOAD_FAST") is not ev.op_LOAD_FAST
    for i in range(n):
        entry = instrs[i]
        if entry is None:
            continue
        h1, a1, n1 = entry
        if n1 >= n or instrs[n1] is None:
            continue
        h2, a2, n2 = instrs[n1]
        name1, name2 = names[i], names[n1]
        if h1 is not handlers.get(name1) or h2 is not handlers.get(name2):
            continue
        name3 = names[n2] if n2 < n else None
        if skip_fast and "LOAD_FAST" in (name1, name2, name3):
            continue
        h3 = instrs[n2] if n2 < n else None
        if name3 == "BINARY_OP" and h3 is not None and h3[0] is binary and \
                name1 == "LOAD_FAST" and name2 in ("LOAD_CONST", "LOAD_FAST"):
            fused = fused_load_fast_load_const_binary if name2 == "LOAD_CONST" \
                else fused_load_fast_load_fast_binary
            instrs[i] = (fused, (a1, a2, h3[1], n2, h3[2]), n1)
            continue
        if name2 == "BINARY_OP" and h2 is binary and name1 in ("LOAD_CONST", "LOAD_FAST") \
                and name3 == "BINARY_OP" and h3 is not None and h3[0] is binary:
            fused = fused_load_const_binary_binary if name1 == "LOAD_CONST" \
                else fused_load_fast_binary_binary
            instrs[i] = (fused, (a1, a2, h3[1], n1, n2, h3[2]), n1)
            continue
        if name2 == "BINARY_OP" and h2 is binary and name1 in ("LOAD_CONST", "LOAD_FAST"):
            fused = fused_load_const_binary if name1 == "LOAD_CONST" else fused_load_fast_binary
            instrs[i] = (fused, (a1, a2, n1, n2), n1)
            continue
        if name1 == "BINARY_OP" and name2 == "STORE_FAST" and h1 is binary:
            instrs[i] = (fused_binary_store_fast, (a1, a2, n2), n1)
            continue
        if name1 == "LOAD_CONST" and name2 == "COMPARE_OP" and h2 is compare and \
                _rich(a2) and name3 in _JUMPS and h3 is not None and h3[0] is handlers[name3]:
            op = a2 if type(a2) is int else (a2[0] if type(a2) is tuple else None)
            _JUMP_IF_FALSE[0] = handlers["POP_JUMP_IF_FALSE"]
            jump = None if name3 == "POP_JUMP_IF_FALSE" else h3[0]
            instrs[i] = (fused_load_const_compare_jump,
                         (a1, h2, a2, op, jump, h3[1], n1, n2, h3[2]), n1)
            continue
        if name1 == "COMPARE_OP" and h1 is compare and _rich(a1) and name2 in _JUMPS:
            op = a1 if type(a1) is int else (a1[0] if type(a1) is tuple else None)
            _JUMP_IF_FALSE[0] = handlers["POP_JUMP_IF_FALSE"]
            jump = None if name2 == "POP_JUMP_IF_FALSE" else h2
            instrs[i] = (fused_compare_jump, (h1, a1, op, jump, a2, n1, n2), n1)
            continue
        if name1 == "TO_BOOL" and name2 in _JUMPS:
            instrs[i] = (fused_to_bool_jump, (name2 == "POP_JUMP_IF_TRUE", a2, n1, n2), n1)
            continue
        if name1 == "BUILD_SLICE" and name2 == "BINARY_SUBSCR" and a1 in (2, 3):
            instrs[i] = (fused_build_slice_subscr, (a1, h1, h2, n1, n2), n1)
            continue
        if name1 == "COPY" and a1 == 2 and name2 == "COPY" and a2 == 2 and \
                name3 == "BINARY_SUBSCR" and h3 is not None and h3[0] is handlers[name3]:
            instrs[i] = (fused_copy_copy_subscr, (h3[0], h3[1], n2, h3[2]), n1)
            continue
        if name1 == "SWAP" and a1 == 3 and name2 == "SWAP" and a2 == 2 and \
                name3 == "STORE_SUBSCR" and h3 is not None and h3[0] is handlers[name3]:
            instrs[i] = (fused_swap_swap_store_subscr, (h3[0], h3[1], n2, h3[2]), n1)
            continue
        if name1 == "COPY" and a1 == 1 and name2 == "LOAD_ATTR":
            instrs[i] = (fused_copy_load_attr, (a2, h2, n1, n2), n1)
            continue
        if name1 == "SWAP" and a1 == 2 and name2 == "STORE_ATTR":
            instrs[i] = (fused_swap_store_attr, (a2, h2, n1, n2), n1)
            continue
        if name3 == "BINARY_SUBSCR" and h3 is not None and h3[0] is handlers[name3] and \
                name1 == "LOAD_FAST" and name2 in ("LOAD_CONST", "LOAD_FAST"):
            fused = fused_load_fast_load_const_subscr if name2 == "LOAD_CONST" \
                else fused_load_fast_load_fast_subscr
            instrs[i] = (fused, (a1, a2, h3[0], h3[1], n2, h3[2]), n1)
            continue
        if name1 == "LOAD_FAST_LOAD_FAST" and name2 == "BINARY_SUBSCR":
            instrs[i] = (fused_pair_subscr, (a1, h2, a2, n1, n2), n1)
            continue
        if name2 == "BINARY_SUBSCR" and name1 in ("LOAD_CONST", "LOAD_FAST"):
            fused = fused_load_const_subscr if name1 == "LOAD_CONST" else fused_load_fast_subscr
            instrs[i] = (fused, (a1, h2, a2, n1, n2), n1)
            continue
        if name1 == "LOAD_FAST" and name2 == "LOAD_ATTR":
            instrs[i] = (fused_load_fast_load_attr, (a1, a2, h2, n1, n2), n1)
            continue
        if name1 == "LOAD_FAST_LOAD_FAST" and name2 == "BINARY_OP" and h2 is binary:
            instrs[i] = (fused_pair_binary, (a1, a2, n1, n2), n1)
            continue
        fused = pairs.get((name1, name2))
        if fused is not None:
            instrs[i] = (fused, (a1, a2, n2), n1)
    _skip_no_ops(instrs, names, handlers)


_CANNOT_FAIL = (fused_load_fast_load_fast, fused_load_fast_load_const,
                fused_load_const_load_const, fused_load_const_load_fast)


def _skip_no_ops(instrs: List[Any], names: List[Optional[str]],
                 handlers: Dict[str, Callable]) -> None:
    """A RESUME or NOP followed by an instruction that cannot fail (pushing locals
    or constants, jumping) takes that instruction's entry: the no-op's index then
    does both in one dispatch.  Likewise an unconditional jump takes the entry of
    its target when that cannot fail.  Nothing can be reported at the wrong index,
    since nothing there can raise; a jump to the second instruction still runs it
    alone."""
    n = len(instrs)
    # Only the plain handlers: from 3.12 RESUME and JUMP_BACKWARD check the eval
    # breaker, so their entries must stay.
    no_ops = {name: h for name, h in (("RESUME", handlers.get("RESUME")),
                                      ("NOP", handlers.get("NOP")))
              if h is ev.op_RESUME or h is ev.op_NOP}
    jump = ev.op_JUMP
    safe = set(_CANNOT_FAIL)
    safe.update(handlers[name] for name in ("LOAD_FAST", "LOAD_CONST", "PUSH_NULL",
                                            "LOAD_FAST_LOAD_FAST", "JUMP_BACKWARD")
                if name in handlers)
    safe.discard(ev.op_LOAD_FAST_CHECK)  # 3.11's LOAD_FAST raises for an unbound local
    for i in range(n - 1, -1, -1):
        entry = instrs[i]
        if entry is None or entry[0] is not no_ops.get(names[i]) or entry[2] >= n:
            continue
        following = instrs[entry[2]]
        if following is not None and following[0] in safe:
            instrs[i] = following
    for i in range(n):
        entry = instrs[i]
        if entry is not None and entry[0] is jump and names[i] in _PLAIN_JUMPS and \
                0 <= entry[1] < n:
            target = instrs[entry[1]]
            if target is not None and target[0] in safe:
                instrs[i] = target


_PLAIN_JUMPS = ("JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT")
