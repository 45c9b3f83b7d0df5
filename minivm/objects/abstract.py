"""The abstract object protocols (CPython's Objects/abstract.c and object.c):
calling, repr/str, hashing, truth, rich comparison, the number operators with their
reflected fallbacks, iteration, len and subscription.

Every function takes borrowed arguments and returns a new reference, like the C API.
Special methods are found on the *type* (``type_lookup``); a builtin one is a
:class:`~minivm.objects.typeobject.PyMethodDescr` called directly as a host
function, anything else is called through :func:`call`.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from ..versions import C_RECURSION_REPR_LIMIT
from .core import R, STATE, BuiltinKind, PyErr, PyObject, PyType, decref, err, incref, \
    is_subtype, type_lookup
from .typeobject import (
    DESCR_GET, PyCFunction, PyMethodDescr, invoke_builtin, type_type,
)

_EQ, _NE, _LT, _LE, _GT, _GE = 2, 3, 0, 1, 4, 5
CMP_NAMES = ("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")
CMP_SWAPPED = (4, 5, 2, 3, 0, 1)
CMP_SYMBOLS = ("<", "<=", "==", "!=", ">", ">=")


def heap_slots_changed() -> None:
    from . import dictobject
    dictobject.HASH_KIND.clear()


# -- calling ---------------------------------------------------------------------

def call(callable_: PyObject, args: List[PyObject], kwargs: Optional[Dict[str, PyObject]] = None
         ) -> PyObject:
    """``PyObject_Call``: ``args`` a host list and ``kwargs`` a host dict of borrowed
    objects; returns a new reference."""
    tp = callable_.ob_type
    handler = CALLERS.get(tp)
    if handler is not None:
        return handler(callable_, args, kwargs)
    meta_call = type_lookup(tp, "__call__")
    if meta_call is None:
        raise err("TypeError", "'%s' object is not callable" % tp.tp_name)
    if is_subtype(tp, type_type) and isinstance(meta_call, PyMethodDescr):
        return CALLERS[type_type](callable_, args, kwargs)
    return call_method_obj(meta_call, callable_, [incref(a) for a in args], kwargs,
                           steal_args=True)


def callable_check(o: PyObject) -> bool:
    """``PyCallable_Check``."""
    return o.ob_type in CALLERS or type_lookup(o.ob_type, "__call__") is not None


#: ``tp_call`` of builtin callable types, filled in by the modules defining them.
CALLERS: Dict[PyType, Callable] = {}


def _call_cfunction(f: PyCFunction, args, kwargs):
    return invoke_builtin(f.qualprefix + f.name, f.fn, f.kind, f.minargs, f.maxargs,
                          f.self_obj, args, kwargs)


def call_method_obj(meth: PyObject, self_obj: PyObject, args: List[PyObject],
                    kwargs=None, steal_args: bool = False) -> PyObject:
    """Call special method ``meth`` (found on the type) with ``self_obj`` prepended.
    With ``steal_args`` the references in ``args`` are consumed."""
    try:
        if meth.__class__ is PyMethodDescr:
            name = meth.objclass.tp_qualname + "." + meth.name
            return invoke_builtin(name, meth.fn, meth.kind, meth.minargs, meth.maxargs,
                                  self_obj, args, kwargs)
        tp = meth.ob_type
        if tp is R.types["function"]:
            return STATE.vm.call_function(meth, [self_obj] + args, kwargs)
        get = DESCR_GET.get(tp)
        if get is None:
            return call(meth, args, kwargs)
        bound = get(meth, self_obj, self_obj.ob_type)
        try:
            return call(bound, args, kwargs)
        finally:
            decref(bound)
    finally:
        if steal_args:
            for a in args:
                decref(a)


def lookup_special_call(o: PyObject, name: str, args: List[PyObject]) -> Optional[PyObject]:
    """Call ``type(o).name(o, *args)`` (args borrowed) or return None if absent."""
    meth = type_lookup(o.ob_type, name)
    if meth is None:
        return None
    return call_method_obj(meth, o, args)


def warn(category: str, message: str) -> None:
    """``PyErr_WarnEx(category, message, 1)``: the library's ``warnings.warn``,
    attributed to the Python frame that called the native code; raises what it
    raises (a warning turned into an error)."""
    from .scalars import new_str
    from .typeobject import getattr_str
    warnings_module = STATE.vm.importer.load("warnings")
    try:
        fn = getattr_str(warnings_module, "warn")
    finally:
        decref(warnings_module)
    text = new_str(message)
    try:
        decref(call(fn, [text, R.exc[category]]))
    finally:
        decref(text)
        decref(fn)


def vectorcall_method(name: str, o: PyObject, args: List[PyObject]) -> PyObject:
    """``PyObject_CallMethod``: ``o.name(*args)`` via normal attribute lookup."""
    from .typeobject import getattr_str
    bound = getattr_str(o, name)
    try:
        return call(bound, args)
    finally:
        decref(bound)


# -- repr, str, hash, truth ----------------------------------------------------------

class _NoVM:
    """Stands for the interpreter where objects are used without one running:
    its count is its own, so the caller's leaving changes nothing shared."""
    __slots__ = ("c_depth",)

    def __init__(self) -> None:
        self.c_depth = 1


def _enter_recursive_call(where: str) -> Any:
    """``_Py_EnterRecursiveCall``: one more nested C-level call, or RecursionError
    past the target's limit (see versions ``C_RECURSION_REPR_LIMIT``); returns
    what the caller leaves through (``.c_depth -= 1``)."""
    vm = STATE.vm
    if vm is None:
        return _NoVM()
    vm.c_depth += 1
    limit = C_RECURSION_REPR_LIMIT.get(STATE.target.version)
    over = vm.c_depth > limit if limit is not None else \
        vm.depth + vm.c_depth + 1 > vm.recursion_limit
    if over:
        vm.c_depth -= 1
        raise err("RecursionError", "maximum recursion depth exceeded" + where)
    return vm


def repr_of(o: PyObject) -> PyObject:
    """``PyObject_Repr`` (a new str), with CPython's recursion guard for containers."""
    vm = _enter_recursive_call(" while getting the repr of an object")
    try:
        return _repr_slot(o)
    finally:
        vm.c_depth -= 1


def _repr_slot(o: PyObject) -> PyObject:
    """``tp_repr``: ``type(o).__repr__(o)``, which must be a str."""
    meth = type_lookup(o.ob_type, "__repr__")
    if meth.__class__ is PyMethodDescr and meth.kind == BuiltinKind.NOARGS:
        r = meth.fn(o)
    else:
        r = call_method_obj(meth, o, [])
    if not is_subtype(r.ob_type, R.types["str"]):
        t = r.ob_type.tp_name
        decref(r)
        raise err("TypeError", "__repr__ returned non-string (type %s)" % t)
    return r


def repr_text(o: PyObject) -> str:
    r = repr_of(o)
    v = r.value
    decref(r)
    return v


def str_of(o: PyObject) -> PyObject:
    """``PyObject_Str`` (a new str)."""
    if o.ob_type is R.types["str"]:
        return incref(o)
    vm = _enter_recursive_call(" while getting the str of an object")
    try:
        meth = type_lookup(o.ob_type, "__str__")
        if meth is None or getattr(meth, "objclass", None) is R.types["object"]:
            # object_str calls the type's repr slot itself, not PyObject_Repr
            return _repr_slot(o)
        if meth.__class__ is PyMethodDescr and meth.kind == BuiltinKind.NOARGS:
            r = meth.fn(o)
        else:
            r = call_method_obj(meth, o, [])
    finally:
        vm.c_depth -= 1
    if not is_subtype(r.ob_type, R.types["str"]):
        t = r.ob_type.tp_name
        decref(r)
        raise err("TypeError", "__str__ returned non-string (type %s)" % t)
    return r


def str_text(o: PyObject) -> str:
    r = str_of(o)
    v = r.value
    decref(r)
    return v


def hash_of(o: PyObject) -> int:
    """``PyObject_Hash`` as a host int (the target's value)."""
    tp = o.ob_type
    if tp is R.types["str"]:
        from .scalars import str_hash
        return str_hash(o)
    meth = type_lookup(tp, "__hash__")
    if meth is None or meth is R.none:
        raise err("TypeError", "unhashable type: '%s'" % tp.tp_name)
    r = call_method_obj(meth, o, [])
    if not is_subtype(r.ob_type, R.types["int"]):
        decref(r)
        raise err("TypeError", "__hash__ method should return an integer")
    v = int(r.value)
    decref(r)
    if not -(1 << 63) <= v < (1 << 63):
        v = hash(v)
    return -2 if v == -1 else v


def is_true(o: PyObject) -> bool:
    """``PyObject_IsTrue``."""
    if o is R.true:
        return True
    if o is R.false or o is R.none:
        return False
    tp = o.ob_type
    meth = type_lookup(tp, "__bool__")
    if meth is not None:
        if meth.__class__ is PyMethodDescr:
            r = meth.fn(o)
        else:
            r = call_method_obj(meth, o, [])
        if r.ob_type is not R.types["bool"]:
            t = r.ob_type.tp_name
            decref(r)
            raise err("TypeError", "__bool__ should return bool, returned %s" % t)
        return r is R.true
    meth = type_lookup(tp, "__len__")
    if meth is not None:
        return length_of_via(meth, o) > 0
    return True


_PyLong: List[Any] = []


def length_of_via(meth, o) -> int:
    if meth.__class__ is PyMethodDescr:
        r = meth.fn(o)
    else:
        r = call_method_obj(meth, o, [])
    if not isinstance(r, _PyLong[0]):
        t = r.ob_type.tp_name
        decref(r)
        raise err("TypeError", "'%s' object cannot be interpreted as an integer" % t)
    v = int(r.value)
    decref(r)
    if v < 0:
        raise err("ValueError", "__len__() should return >= 0")
    return v


def length_of(o: PyObject) -> int:
    meth = type_lookup(o.ob_type, "__len__")
    if meth is None:
        raise err("TypeError", "object of type '%s' has no len()" % o.ob_type.tp_name)
    return length_of_via(meth, o)


# -- rich comparison ----------------------------------------------------------------

def rich_compare(v: PyObject, w: PyObject, op: int) -> PyObject:
    """``PyObject_RichCompare``: the reflected method of a subclass first, then v's,
    then w's reflected, then identity for == and !=."""
    vt, wt = v.ob_type, w.ob_type
    name = CMP_NAMES[op]
    swapped = CMP_NAMES[CMP_SWAPPED[op]]
    checked_reverse = False
    if vt is not wt and is_subtype(wt, vt):
        wm = type_lookup(wt, swapped)
        if wm is not None and wm is not type_lookup(vt, swapped):
            checked_reverse = True
            r = call_method_obj(wm, w, [v])
            if r is not R.not_implemented:
                return r
    vm = type_lookup(vt, name)
    if vm is not None:
        r = call_method_obj(vm, v, [w])
        if r is not R.not_implemented:
            return r
    if not checked_reverse:
        wm = type_lookup(wt, swapped)
        if wm is not None:
            r = call_method_obj(wm, w, [v])
            if r is not R.not_implemented:
                return r
    if op == _EQ:
        return R.true if v is w else R.false
    if op == _NE:
        return R.true if v is not w else R.false
    raise err("TypeError", "'%s' not supported between instances of '%s' and '%s'"
              % (CMP_SYMBOLS[op], vt.tp_name, wt.tp_name))


def rich_compare_bool(v: PyObject, w: PyObject, op: int) -> bool:
    """``PyObject_RichCompareBool``: identity implies equality."""
    if v is w:
        if op == _EQ:
            return True
        if op == _NE:
            return False
    r = rich_compare(v, w, op)
    if r is R.true:
        return True
    if r is R.false:
        return False
    try:
        return is_true(r)
    finally:
        decref(r)


# -- number operators --------------------------------------------------------------

BINARY_NAMES = {
    "+": ("__add__", "__radd__", "__iadd__"), "-": ("__sub__", "__rsub__", "__isub__"),
    "*": ("__mul__", "__rmul__", "__imul__"), "/": ("__truediv__", "__rtruediv__", "__itruediv__"),
    "//": ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
    "%": ("__mod__", "__rmod__", "__imod__"), "**": ("__pow__", "__rpow__", "__ipow__"),
    "<<": ("__lshift__", "__rlshift__", "__ilshift__"),
    ">>": ("__rshift__", "__rrshift__", "__irshift__"),
    "&": ("__and__", "__rand__", "__iand__"), "|": ("__or__", "__ror__", "__ior__"),
    "^": ("__xor__", "__rxor__", "__ixor__"), "@": ("__matmul__", "__rmatmul__", "__imatmul__"),
    "divmod()": ("__divmod__", "__rdivmod__", None),
}


def binary_op(v: PyObject, w: PyObject, symbol: str) -> PyObject:
    """``binary_op1`` with CPython's order: a subclass's reflected method first."""
    r = binary_op1(v, w, symbol)
    if r is R.not_implemented:
        if symbol == "+" or symbol == "*":
            seq = _sequence_fallback(v, w, symbol)
            if seq is not None:
                return seq
        raise err("TypeError", _unsupported(symbol, v, w))
    return r


def _unsupported(symbol: str, v: PyObject, w: PyObject) -> str:
    if symbol == "**":
        symbol = "** or pow()"
    return "unsupported operand type(s) for %s: '%s' and '%s'" % (
        symbol, v.ob_type.tp_name, w.ob_type.tp_name)


def _sequence_fallback(v, w, symbol):
    return None


def binary_op1(v: PyObject, w: PyObject, symbol: str) -> PyObject:
    name, rname, _ = BINARY_NAMES[symbol]
    vt, wt = v.ob_type, w.ob_type
    slotv = type_lookup(vt, name)
    slotw = None
    if wt is not vt:
        slotw = type_lookup(wt, rname)
        if slotw is not None and slotw is type_lookup(vt, rname) and \
                getattr(slotw, "objclass", 1) is getattr(slotv, "objclass", 2):
            slotw = None
    if slotv is not None:
        if slotw is not None and is_subtype(wt, vt):
            r = call_method_obj(slotw, w, [v])
            if r is not R.not_implemented:
                return r
            slotw = None
        r = call_method_obj(slotv, v, [w])
        if r is not R.not_implemented:
            return r
    if slotw is not None:
        return call_method_obj(slotw, w, [v])
    return R.not_implemented


def inplace_op(v: PyObject, w: PyObject, symbol: str) -> PyObject:
    iname = BINARY_NAMES[symbol][2]
    meth = type_lookup(v.ob_type, iname)
    if meth is not None:
        r = call_method_obj(meth, v, [w])
        if r is not R.not_implemented:
            return r
    r = binary_op1(v, w, symbol)
    if r is R.not_implemented:
        raise err("TypeError", _unsupported(symbol + "=", v, w))
    return r


UNARY_NAMES = {"-": "__neg__", "+": "__pos__", "~": "__invert__", "abs()": "__abs__"}


def unary_op(v: PyObject, symbol: str) -> PyObject:
    meth = type_lookup(v.ob_type, UNARY_NAMES[symbol])
    if meth is None:
        if symbol == "abs()":
            raise err("TypeError", "bad operand type for abs(): '%s'" % v.ob_type.tp_name)
        raise err("TypeError", "bad operand type for unary %s: '%s'" % (symbol, v.ob_type.tp_name))
    return call_method_obj(meth, v, [])


# -- iteration ---------------------------------------------------------------------

def get_iter(o: PyObject) -> PyObject:
    """``PyObject_GetIter``: ``__iter__``, or the sequence protocol's iterator."""
    tp = o.ob_type
    meth = type_lookup(tp, "__iter__")
    if meth is None or meth is R.none:
        if meth is None and type_lookup(tp, "__getitem__") is not None:
            from .sequences import new_seq_iter
            return new_seq_iter(o)
        raise err("TypeError", "'%s' object is not iterable" % tp.tp_name)
    if meth.__class__ is PyMethodDescr and meth.kind == BuiltinKind.NOARGS:
        it = meth.fn(o)
    else:
        it = call_method_obj(meth, o, [])
    if type_lookup(it.ob_type, "__next__") is None:
        t = it.ob_type.tp_name
        decref(it)
        raise err("TypeError", "iter() returned non-iterator of type '%s'" % t)
    return it


def iter_next(it: PyObject) -> Optional[PyObject]:
    """``PyIter_Next``: the next item (new ref) or None when exhausted; StopIteration
    raised by a Python ``__next__`` is swallowed."""
    meth = type_lookup(it.ob_type, "__next__")
    if meth is None:
        raise err("TypeError", "'%s' object is not an iterator" % it.ob_type.tp_name)
    if meth.__class__ is PyMethodDescr:
        nxt = ITERNEXT.get(meth.objclass)
        if nxt is not None:
            return nxt(it)
    try:
        return call_method_obj(meth, it, [])
    except PyErr as e:
        if is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
            decref(e.exc)
            return None
        raise


#: Host ``tp_iternext`` of builtin iterators: return the next item or None.
ITERNEXT: Dict[PyType, Callable] = {}


def iterate(o: PyObject):
    """Host generator over a minivm iterable, yielding new references."""
    it = get_iter(o)
    try:
        while True:
            item = iter_next(it)
            if item is None:
                return
            yield item
    finally:
        decref(it)


def sequence_list(o: PyObject) -> List[PyObject]:
    """A host list of new references to the items of iterable ``o``."""
    items = getattr(o, "items", None)
    if items is not None and o.ob_type in (R.types["list"], R.types["tuple"]):
        for x in items:
            x.ob_refcnt += 1
        return list(items)
    return list(iterate(o))


# -- subscription and containment ---------------------------------------------------

def getitem(o: PyObject, key: PyObject) -> PyObject:
    tp = o.ob_type
    meth = type_lookup(tp, "__getitem__")
    if meth is None:
        if is_subtype(tp, type_type):
            if o is R.types["type"]:
                return R.generic_alias(o, key)
            cg = type_lookup(o, "__class_getitem__")
            if cg is not None:
                bound = DESCR_GET[cg.ob_type](cg, None, o) if cg.ob_type in DESCR_GET \
                    else incref(cg)
                try:
                    return call(bound, [key])
                finally:
                    decref(bound)
            raise err("TypeError", "type '%s' is not subscriptable" % o.tp_name)
        raise err("TypeError", "'%s' object is not subscriptable" % tp.tp_name)
    return call_method_obj(meth, o, [key])


def setitem(o: PyObject, key: PyObject, value: PyObject) -> None:
    meth = type_lookup(o.ob_type, "__setitem__")
    if meth is None:
        raise err("TypeError", "'%s' object does not support item assignment"
                  % o.ob_type.tp_name)
    decref(call_method_obj(meth, o, [key, value]))


def delitem(o: PyObject, key: PyObject) -> None:
    meth = type_lookup(o.ob_type, "__delitem__")
    if meth is None:
        raise err("TypeError", "'%s' object does not support item deletion"
                  % o.ob_type.tp_name)
    decref(call_method_obj(meth, o, [key]))


def contains(container: PyObject, item: PyObject) -> bool:
    """``PySequence_Contains``: ``__contains__`` or a search by iteration."""
    meth = type_lookup(container.ob_type, "__contains__")
    if meth is not None:
        r = call_method_obj(meth, container, [item])
        try:
            return is_true(r)
        finally:
            decref(r)
    if type_lookup(container.ob_type, "__iter__") is None and \
            type_lookup(container.ob_type, "__getitem__") is None:
        raise err("TypeError", "argument of type '%s' is not iterable"
                  % container.ob_type.tp_name)
    for x in iterate(container):
        try:
            if rich_compare_bool(x, item, _EQ):
                return True
        finally:
            decref(x)
    return False


def format_of(o: PyObject, spec: PyObject) -> PyObject:
    """``PyObject_Format``."""
    if o.ob_type is R.types["str"] and not spec.value:
        return incref(o)
    meth = type_lookup(o.ob_type, "__format__")
    r = call_method_obj(meth, o, [spec])
    if not is_subtype(r.ob_type, R.types["str"]):
        t = r.ob_type.tp_name
        decref(r)
        raise err("TypeError", "__format__ must return a str, not %s" % t)
    return r
