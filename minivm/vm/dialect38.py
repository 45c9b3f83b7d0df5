"""The handlers of 3.8 bytecode: only what 3.8 does otherwise than 3.9 and 3.10.

``finally`` bodies are entered three ways and say on the stack which one it was:
BEGIN_FINALLY pushes NULL (fell off the end of the ``try``), CALL_FINALLY the
offset to come back to (``return``, ``break``, ``continue`` through the block), and
the unwinder the exception's triple above the previous one (an exception).
END_FINALLY and POP_FINALLY read that top again; WITH_CLEANUP_START/FINISH call
``__exit__`` for each case.  COMPARE_OP still does ``in``, ``is`` and the
exception match, and the BUILD_*_UNPACK family builds the displays and call
arguments that 3.9 builds with LIST_EXTEND, SET_UPDATE and DICT_MERGE
(``Python/ceval.c`` of 3.8.18).

minivm keeps NULL on the stack as the host's None, and the offset pushed by
CALL_FINALLY as a minivm int in code units (the VM's counter), never seen by the
program.
"""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import R, STATE, decref, err, incref
from ..objects.mappings import new_set, set_update
from ..objects.scalars import FALSE, NONE, TRUE, new_int
from ..objects.sequences import new_list, new_tuple
from . import dialect310, dialect312, registry
from . import eval as ev
from .unwind import EXCEPT_HANDLER, _cut_stack, restore_exc_info

SINCE, UNTIL = (3, 8), (3, 9)


# -- finally -----------------------------------------------------------------------------------

def op_BEGIN_FINALLY(f, arg, nxt):
    f.append(None)
    return nxt


def op_CALL_FINALLY(f, arg, nxt):
    f.append(new_int(nxt))
    return arg


def _is_offset(v) -> bool:
    return v.ob_type is R.types["int"]


def _unwind_except_handler(f) -> None:
    """``UNWIND_EXCEPT_HANDLER`` of the innermost block, which must be one."""
    kind, _, level = f.blocks.pop()
    if kind is not EXCEPT_HANDLER:
        raise err("SystemError", "popped block is not an except handler")
    _cut_stack(f, level + 3)
    restore_exc_info(f)


def op_END_FINALLY(f, arg, nxt):
    top = f[-1]
    if top is None:
        f.pop()
        return nxt
    if _is_offset(top):
        f.pop()
        target = top.value
        decref(top)
        return target
    dialect310.reraise_triple(f)


def op_POP_FINALLY(f, arg, nxt):
    res = f.pop() if arg else None  # the return value kept over the finally body
    exc = f.pop()
    if exc is not None:
        decref(exc)
        if not _is_offset(exc):
            for _ in range(2):  # the rest of the exception's triple
                v = f.pop()
                if v is not None:
                    decref(v)
            kind = f.blocks.pop()[0]
            if kind is not EXCEPT_HANDLER:
                if res is not None:
                    decref(res)
                raise err("SystemError", "popped block is not an except handler")
            restore_exc_info(f)
    if arg:
        f.append(res)
    return nxt


# -- with --------------------------------------------------------------------------------------

def op_WITH_CLEANUP_START(f, arg, nxt):
    """Call ``__exit__`` with (None, None, None) after NULL, or with the exception's
    triple, which first moves over the exit method's slot (the handler block's
    level drops by one and a NULL stands where the previous triple began)."""
    exc = f[-1]
    if exc is None:
        f.pop()
        exit_func = f[-1]
        f[-1] = None
        args = [NONE, NONE, NONE]
        exc = NONE
    else:
        exit_func = f[-7]
        args = [exc, f[-2], f[-3]]
        f[-7], f[-6], f[-5] = f[-6], f[-5], f[-4]
        f[-4] = None
        kind, target, level = f.blocks[-1]
        f.blocks[-1] = (kind, target, level - 1)
    try:
        res = abstract.call(exit_func, args)
    finally:
        decref(exit_func)
    f.append(incref(exc))
    f.append(res)
    return nxt


def op_WITH_CLEANUP_FINISH(f, arg, nxt):
    res = f.pop()
    exc = f.pop()
    try:
        suppress = exc is not NONE and abstract.is_true(res)
    finally:
        decref(res)
        decref(exc)
    if suppress:
        _unwind_except_handler(f)
        f.append(None)
    return nxt


# -- COMPARE_OP --------------------------------------------------------------------------------

def _exception_match(f, arg, nxt):
    right = f.pop()
    left = f[-1]
    try:
        ev.check_except_type(right)
        matched = dialect310._class_matches(left, right)
    finally:
        decref(right)
    f[-1] = TRUE if matched else FALSE
    decref(left)
    return nxt


#: ``cmp_op`` of 3.8 past the six rich comparisons: the 3.9 opcode and its oparg.
_CMP_EXTRA = {
    6: (ev.op_CONTAINS_OP, 0), 7: (ev.op_CONTAINS_OP, 1),
    8: (ev.op_IS_OP, 0), 9: (ev.op_IS_OP, 1), 10: (_exception_match, None),
}


def op_COMPARE_OP(f, arg, nxt):
    if arg < 6:
        return dialect312.op_COMPARE_OP(f, arg, nxt)
    handler, oparg = _CMP_EXTRA[arg]
    return handler(f, oparg, nxt)


# -- BUILD_*_UNPACK ----------------------------------------------------------------------------

def _unpacked_items(f, n: int, func=None):
    """New references to the items of the ``n`` iterables on top, in order (the
    iterables stay on the stack until the caller pops them)."""
    items = []
    try:
        for i in range(n, 0, -1):
            iterable = f[-i]
            if func is not None and abstract.type_lookup(iterable.ob_type, "__iter__") is None \
                    and abstract.type_lookup(iterable.ob_type, "__getitem__") is None:
                raise err("TypeError", "%s argument after * must be an iterable, not %s"
                          % (STATE.vm.func_desc(func), iterable.ob_type.tp_name))
            items.extend(abstract.sequence_list(iterable))
    except BaseException:
        for v in items:
            decref(v)
        raise
    return items


def _replace_top(f, n: int, result) -> None:
    for _ in range(n):
        decref(f.pop())
    f.append(result)


def op_BUILD_LIST_UNPACK(f, arg, nxt):
    _replace_top(f, arg, new_list(_unpacked_items(f, arg)))
    return nxt


def op_BUILD_TUPLE_UNPACK(f, arg, nxt):
    _replace_top(f, arg, new_tuple(_unpacked_items(f, arg)))
    return nxt


def op_BUILD_TUPLE_UNPACK_WITH_CALL(f, arg, nxt):
    _replace_top(f, arg, new_tuple(_unpacked_items(f, arg, func=f[-arg - 1])))
    return nxt


def op_BUILD_SET_UNPACK(f, arg, nxt):
    result = new_set()
    try:
        for i in range(arg, 0, -1):
            set_update(result, f[-i])
    except BaseException:
        decref(result)
        raise
    _replace_top(f, arg, result)
    return nxt


def _build_map_unpack(f, arg, nxt, merge):
    """Merge the ``arg`` mappings on top into a new dict pushed above them (so an
    error leaves the stack to the unwinder), then replace them by it."""
    from ..objects.dictobject import new_dict
    f.append(new_dict())
    for i in range(arg, 0, -1):
        f.append(incref(f[-i - 1]))
        merge(f)
    result = f.pop()
    _replace_top(f, arg, result)
    return nxt


def op_BUILD_MAP_UNPACK(f, arg, nxt):
    return _build_map_unpack(f, arg, nxt, lambda f: ev.op_DICT_UPDATE(f, 1, nxt))


def op_BUILD_MAP_UNPACK_WITH_CALL(f, arg, nxt):
    # the callable is under the positional tuple (and the new dict, while merging)
    return _build_map_unpack(
        f, arg, nxt, lambda f: ev.dict_merge_for_call(f, 1, nxt, f[-arg - 4]))


registry.register({
    "BEGIN_FINALLY": op_BEGIN_FINALLY, "CALL_FINALLY": op_CALL_FINALLY,
    "END_FINALLY": op_END_FINALLY, "POP_FINALLY": op_POP_FINALLY,
    "WITH_CLEANUP_START": op_WITH_CLEANUP_START,
    "WITH_CLEANUP_FINISH": op_WITH_CLEANUP_FINISH, "COMPARE_OP": op_COMPARE_OP,
    "BUILD_LIST_UNPACK": op_BUILD_LIST_UNPACK, "BUILD_TUPLE_UNPACK": op_BUILD_TUPLE_UNPACK,
    "BUILD_TUPLE_UNPACK_WITH_CALL": op_BUILD_TUPLE_UNPACK_WITH_CALL,
    "BUILD_SET_UNPACK": op_BUILD_SET_UNPACK, "BUILD_MAP_UNPACK": op_BUILD_MAP_UNPACK,
    "BUILD_MAP_UNPACK_WITH_CALL": op_BUILD_MAP_UNPACK_WITH_CALL,
}, since=SINCE, until=UNTIL)
