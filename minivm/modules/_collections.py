"""The ``_collections`` module: deque, defaultdict, _count_elements, _deque_iterator."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyErr, PyObject, decref, err, incref, \
    is_subtype
from ..objects.scalars import (
    FALSE, NONE, NOT_IMPLEMENTED, TRUE, index_value, new_int, new_str,
)
from ..objects.sequences import compare_as, new_list
from ..objects.typeobject import getset, make_type, method
from ..builtins import native
from ._util import _release, make_module

K = BuiltinKind


# -- _collections: deque, defaultdict, _count_elements ---------------------------------------

import collections as _host_collections  # noqa: E402  (a host container for deque items)

from ..objects.dictobject import PyDict, dict_setitem  # noqa: E402


class PyDeque(PyObject):
    """``collections.deque``: ``items`` a host deque of owned references."""
    __slots__ = ("items", "maxlen", "state", "ob_weak")


def _deque_clear(d):
    items = d.items
    d.items = _host_collections.deque()
    d.state += 1
    for x in items:  # left to right, as deque_clear does
        decref(x)


def _deque_dealloc(d):
    if d.ob_weak:
        from ..objects.weakrefs import clear_weakrefs
        clear_weakrefs(d)
    _deque_clear(d)
    if d.ob_type.tp_heap:
        from ..objects.instances import heap_dealloc_tail
        heap_dealloc_tail(d)


deque_type = make_type("collections.deque", layout=PyDeque, dealloc=_deque_dealloc,
                       module="collections")
deque_type.tp_hasweak = True
deque_type.tp_dict.vals["__hash__"] = NONE
deque_type.tp_dict.keys["__hash__"] = R.intern("__hash__")


def _deque_new(tp, args, kwargs):
    if tp is deque_type:
        d = PyDeque.__new__(PyDeque)
        d.ob_refcnt = 1
        d.ob_type = tp
        d.ob_weak = None
    else:
        from ..objects.instances import alloc_instance
        d = alloc_instance(tp)
    d.items = _host_collections.deque()
    d.maxlen = None
    d.state = 0
    return d


deque_type.tp_new = _deque_new


def _deque_append(d, x, left=False):
    """Add ``x`` (borrowed); a full bounded deque drops from the other end."""
    if d.maxlen == 0:
        return
    d.state += 1
    if left:
        d.items.appendleft(incref(x))
        if d.maxlen is not None and len(d.items) > d.maxlen:
            decref(d.items.pop())
    else:
        d.items.append(incref(x))
        if d.maxlen is not None and len(d.items) > d.maxlen:
            decref(d.items.popleft())


@method(deque_type, "__init__", K.KEYWORDS)
def deque_init(d, args, kwargs):
    kwargs = dict(kwargs or {})
    if len(args) > 2:
        raise err("TypeError", "deque() takes at most 2 arguments (%d given)" % len(args))
    iterable = args[0] if args else kwargs.pop("iterable", None)
    maxlen = args[1] if len(args) > 1 else kwargs.pop("maxlen", None)
    if kwargs:
        raise err("TypeError", "deque() got an unexpected keyword argument '%s'"
                  % next(iter(kwargs)))
    if maxlen is not None and maxlen is not NONE:
        n = index_value(maxlen)
        if n < 0:
            raise err("ValueError", "maxlen must be non-negative")
        d.maxlen = n
    else:
        d.maxlen = None
    if d.items:
        _deque_clear(d)
    if iterable is not None:
        _deque_extend(d, iterable, False)
    return incref(NONE)


def _deque_extend(d, iterable, left):
    if iterable is d:
        items = [incref(x) for x in d.items]
    else:
        items = abstract.sequence_list(iterable)
    try:
        for x in items:
            _deque_append(d, x, left)
    finally:
        _release(items)


method(deque_type, "append")(lambda d, x: (_deque_append(d, x), incref(NONE))[1])
method(deque_type, "appendleft")(lambda d, x: (_deque_append(d, x, True), incref(NONE))[1])
method(deque_type, "extend")(lambda d, it: (_deque_extend(d, it, False), incref(NONE))[1])
method(deque_type, "extendleft")(lambda d, it: (_deque_extend(d, it, True), incref(NONE))[1])


def _deque_pop(left):
    def pop(d):
        if not d.items:
            raise err("IndexError", "pop from an empty deque")
        d.state += 1
        return d.items.popleft() if left else d.items.pop()
    return pop


method(deque_type, "pop", K.NOARGS)(_deque_pop(False))
method(deque_type, "popleft", K.NOARGS)(_deque_pop(True))
method(deque_type, "clear", K.NOARGS)(lambda d: (_deque_clear(d), incref(NONE))[1])
method(deque_type, "__len__", K.NOARGS)(lambda d: new_int(len(d.items)))
getset(deque_type, "maxlen")(lambda d: new_int(d.maxlen) if d.maxlen is not None
                             else incref(NONE))


@method(deque_type, "rotate", K.VARARGS, 0, 1)
def deque_rotate(d, n=None):
    k = 1 if n is None else index_value(n)
    d.state += 1
    d.items.rotate(k)
    return incref(NONE)


@method(deque_type, "reverse", K.NOARGS)
def deque_reverse(d):
    d.state += 1
    d.items.reverse()
    return incref(NONE)


@method(deque_type, "count")
def deque_count(d, x):
    n = 0
    state = d.state
    for item in list(d.items):
        if item is x or abstract.rich_compare_bool(item, x, 2):
            n += 1
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
    return new_int(n)


@method(deque_type, "index", K.VARARGS, 1, 3)
def deque_index(d, x, start=None, stop=None):
    n = len(d.items)
    lo = 0 if start is None else index_value(start)
    hi = n if stop is None else index_value(stop)
    lo, hi, _ = slice(lo, hi).indices(n)
    state = d.state
    for i in range(lo, hi):
        item = d.items[i]
        if item is x or abstract.rich_compare_bool(item, x, 2):
            return new_int(i)
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
    raise err("ValueError", "%s is not in deque" % abstract.repr_text(x))


@method(deque_type, "insert", K.VARARGS, 2, 2)
def deque_insert(d, index, x):
    if d.maxlen is not None and len(d.items) >= d.maxlen:
        raise err("IndexError", "deque already at its maximum size")
    d.state += 1
    d.items.insert(index_value(index), incref(x))
    return incref(NONE)


@method(deque_type, "remove")
def deque_remove(d, x):
    for i, item in enumerate(list(d.items)):
        if item is x or abstract.rich_compare_bool(item, x, 2):
            d.state += 1
            del d.items[i]
            decref(item)
            return incref(NONE)
    raise err("ValueError", "deque.remove(x): x not in deque")


def _deque_index_of(d, key) -> int:
    i = index_value(key)
    if i < 0:
        i += len(d.items)
    if not 0 <= i < len(d.items):
        raise err("IndexError", "deque index out of range")
    return i


@method(deque_type, "__getitem__")
def deque_getitem(d, key):
    if key.ob_type is R.types["slice"]:
        raise err("TypeError", "sequence index must be integer, not 'slice'")
    return incref(d.items[_deque_index_of(d, key)])


@method(deque_type, "__setitem__", K.VARARGS, 2, 2)
def deque_setitem(d, key, value):
    i = _deque_index_of(d, key)
    old = d.items[i]
    d.items[i] = incref(value)
    decref(old)
    return incref(NONE)


@method(deque_type, "__delitem__")
def deque_delitem(d, key):
    i = _deque_index_of(d, key)
    d.state += 1
    item = d.items[i]
    del d.items[i]
    decref(item)
    return incref(NONE)


@method(deque_type, "__contains__")
def deque_contains(d, x):
    state = d.state
    for item in list(d.items):
        if item is x or abstract.rich_compare_bool(item, x, 2):
            return incref(TRUE)
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
    return incref(FALSE)


@method(deque_type, "__repr__", K.NOARGS)
def deque_repr(d):
    from ..objects.sequences import _repr_active
    name = d.ob_type.tp_name.rpartition(".")[2] if not d.ob_type.tp_heap else d.ob_type.tp_name
    key = id(d)
    if key in _repr_active:
        return new_str("[...]")
    _repr_active.add(key)
    try:
        body = "[%s]" % ", ".join(abstract.repr_text(x) for x in list(d.items))
    finally:
        _repr_active.discard(key)
    if d.maxlen is not None:
        return new_str("%s(%s, maxlen=%d)" % (name, body, d.maxlen))
    return new_str("%s(%s)" % (name, body))


def _deque_copy(d):
    args = [d] if d.maxlen is None else [d, new_int(d.maxlen)]
    try:
        return abstract.call(d.ob_type, args)
    finally:
        if d.maxlen is not None:
            decref(args[1])


method(deque_type, "copy", K.NOARGS)(_deque_copy)
method(deque_type, "__copy__", K.NOARGS)(_deque_copy)


@method(deque_type, "__add__")
def deque_add(d, other):
    if not is_subtype(other.ob_type, deque_type):
        raise err("TypeError", 'can only concatenate deque (not "%s") to deque'
                  % other.ob_type.tp_name)
    new = _deque_copy(d)
    _deque_extend(new, other, False)
    return new


@method(deque_type, "__iadd__")
def deque_iadd(d, other):
    _deque_extend(d, other, False)
    return incref(d)


@method(deque_type, "__mul__")
def deque_mul(d, n):
    new = _deque_copy(d)
    _deque_imul(new, n)
    return new


def _deque_imul(d, n):
    times = index_value(n)
    items = [incref(x) for x in d.items]
    if times <= 0:
        _deque_clear(d)
    else:
        for _ in range(times - 1):
            for x in items:
                _deque_append(d, x)
    _release(items)


method(deque_type, "__imul__")(lambda d, n: (_deque_imul(d, n), incref(d))[1])
method(deque_type, "__rmul__")(deque_mul)


def _deque_compare(op):
    def fn(d, other):
        if not is_subtype(other.ob_type, deque_type):
            return incref(NOT_IMPLEMENTED)
        return compare_as(new_list, list(d.items), list(other.items), op)
    return fn


for _op, _cname in enumerate(abstract.CMP_NAMES):
    method(deque_type, _cname)(_deque_compare(_op))


def _deque_iterator_type(name, reverse):
    from ..objects.sequences import PyIter, _register_next
    tp = make_type(name, layout=PyIter, basetype=False, module="_collections",
                   dealloc=lambda it: decref(it.seq) if it.seq is not None else None)
    method(tp, "__iter__", K.NOARGS)(incref)

    def nxt(it):
        d = it.seq
        if d is None:
            return None
        pos, state = it.index
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
        if pos >= len(d.items):
            it.seq = None
            decref(d)
            return None
        it.index = (pos + 1, state)
        return incref(d.items[-1 - pos] if reverse else d.items[pos])
    _register_next(tp, nxt)
    return tp


deque_iter_type = _deque_iterator_type("_collections._deque_iterator", False)
deque_reviter_type = _deque_iterator_type("_collections._deque_reverse_iterator", True)


def _deque_iter(tp):
    def fn(d):
        from ..objects.sequences import new_iterator
        return new_iterator(tp, d, (0, d.state))
    return fn


method(deque_type, "__iter__", K.NOARGS)(_deque_iter(deque_iter_type))
method(deque_type, "__reversed__", K.NOARGS)(_deque_iter(deque_reviter_type))


class PyDefaultDict(PyDict):
    __slots__ = ("default_factory",)


def _defaultdict_dealloc(d):
    factory, d.default_factory = d.default_factory, None
    if factory is not None:
        decref(factory)
    from ..objects.dictobject import dict_type
    dict_type.tp_dealloc(d)


def _make_defaultdict_type():
    from ..objects.dictobject import dict_type
    tp = make_type("collections.defaultdict", base=dict_type, layout=PyDefaultDict,
                   dealloc=_defaultdict_dealloc, module="collections")

    def new(tp_, args, kwargs):
        if tp_ is tp:
            d = PyDefaultDict.__new__(PyDefaultDict)
            d.ob_refcnt = 1
            d.ob_type = tp_
        else:
            from ..objects.instances import alloc_instance
            d = alloc_instance(tp_)
        d.keys = {}
        d.vals = {}
        d.default_factory = None
        return d
    tp.tp_new = new

    @method(tp, "__init__", K.KEYWORDS)
    def init(d, args, kwargs):
        factory = args[0] if args else NONE
        if factory is not NONE and not abstract.callable_check(factory):
            raise err("TypeError", "first argument must be callable or None")
        old, d.default_factory = d.default_factory, (incref(factory) if factory is not NONE
                                                     else None)
        if old is not None:
            decref(old)
        from ..objects.mappings import dict_update
        return dict_update(d, list(args[1:]), kwargs)

    @method(tp, "__missing__")
    def missing(d, key):
        if d.default_factory is None:
            from ..objects.dictobject import key_error
            raise PyErr(key_error(key))
        value = abstract.call(d.default_factory, [])
        try:
            dict_setitem(d, key, value)
        except PyErr:
            decref(value)
            raise
        return value

    @method(tp, "__repr__", K.NOARGS)
    def repr_(d):
        from ..objects.mappings import dict_repr
        base = dict_repr(d)
        try:
            if d.default_factory is None:
                factory = "None"
            else:
                from ..objects.sequences import _repr_active
                key = id(d.default_factory)
                if key in _repr_active:
                    factory = "..."
                else:
                    _repr_active.add(key)
                    try:
                        factory = abstract.repr_text(d.default_factory)
                    finally:
                        _repr_active.discard(key)
            name = d.ob_type.tp_name.rpartition(".")[2] if not d.ob_type.tp_heap \
                else d.ob_type.tp_name
            return new_str("%s(%s, %s)" % (name, factory, base.value))
        finally:
            decref(base)

    def copy(d):
        return abstract.call(d.ob_type, [d.default_factory or NONE, d])
    method(tp, "copy", K.NOARGS)(copy)
    method(tp, "__copy__", K.NOARGS)(copy)

    def get_factory(d):
        return incref(d.default_factory if d.default_factory is not None else NONE)

    def set_factory(d, value):
        old = d.default_factory
        d.default_factory = incref(value) if value is not None and value is not NONE \
            else None
        if old is not None:
            decref(old)
    getset(tp, "default_factory", set_factory)(get_factory)

    @method(tp, "__or__")
    def or_(d, other):
        if not isinstance(other, PyDict):
            return incref(NOT_IMPLEMENTED)
        new = copy(d)
        from ..objects.mappings import dict_merge
        dict_merge(new, other)
        return new
    return tp


defaultdict_type = _make_defaultdict_type()


def _count_elements(mapping, iterable):
    one = new_int(1)
    zero = new_int(0)
    try:
        for elem in abstract.iterate(iterable):
            try:
                old = abstract.vectorcall_method("get", mapping, [elem, zero])
                try:
                    new = abstract.binary_op(old, one, "+")
                finally:
                    decref(old)
                try:
                    abstract.setitem(mapping, elem, new)
                finally:
                    decref(new)
            finally:
                decref(elem)
    finally:
        decref(one)
        decref(zero)
    return incref(NONE)


@native("_collections")
def _collections_module(vm):
    funcs = {"_count_elements": (_count_elements, K.VARARGS, 2, 2)}
    values = {"deque": deque_type, "defaultdict": defaultdict_type,
              "_deque_iterator": deque_iter_type,
              "_deque_reverse_iterator": deque_reviter_type}
    return make_module("_collections", funcs, values)
