"""``tuple``, ``list``, ``range``, ``slice`` and the builtin iterators.

Tuples and lists hold a host list ``items`` of owned references.  Deallocation
drops items from last to first, as ``list_dealloc`` and ``tupledealloc`` do, which
is the order in which ``__del__`` of the items runs.
"""

from __future__ import annotations

from typing import List

from . import abstract
from .abstract import ITERNEXT, is_true, repr_text, rich_compare_bool
from .core import (
    IMMORTAL, R, BuiltinKind, PyErr, PyObject, decref, err, gc_new, incref, tuple_kind,
)
from .scalars import (
    FALSE, NONE, NOT_IMPLEMENTED, PY_SSIZE_T_MAX, TRUE, PyLong, alloc_items, from_host,
    index_value, new_bool, new_int, new_str, no_memory, ssize_value,
)
from .typeobject import count_objects, getset, make_type, method, uncounted_layout

K = BuiltinKind


class PyTuple(PyObject):
    __slots__ = ("items", "hash")


class PyList(PyObject):
    __slots__ = ("items",)


def _items_dealloc(o) -> None:
    items = o.items
    o.items = []
    for x in reversed(items):
        x.ob_refcnt -= 1
        if x.ob_refcnt == 0:
            x.ob_type.tp_dealloc(x)
    if o.ob_type.tp_heap:
        from .instances import heap_dealloc_tail
        heap_dealloc_tail(o)


# A tuple is counted where it is made, by its length (new_tuple).
uncounted_layout(PyTuple)
tuple_type = make_type("tuple", layout=PyTuple, dealloc=_items_dealloc)
count_objects(tuple_type, lambda t: tuple_kind(len(t.items)))
list_type = make_type("list", layout=PyList, dealloc=_items_dealloc)
count_objects(list_type, "list")

_EMPTY_TUPLE = PyTuple.__new__(PyTuple)
_EMPTY_TUPLE.ob_refcnt = IMMORTAL
_EMPTY_TUPLE.ob_type = tuple_type
_EMPTY_TUPLE.items = []
_EMPTY_TUPLE.hash = None
R.empty_tuple = _EMPTY_TUPLE


def new_tuple(items: List[PyObject]) -> PyTuple:
    """A tuple that steals the references in ``items``."""
    if not items:
        return _EMPTY_TUPLE
    gc_new(tuple_kind(len(items)))
    t = PyTuple.__new__(PyTuple)
    t.ob_refcnt = 1
    t.ob_type = tuple_type
    t.items = items
    t.hash = None
    return t


def new_list(items: List[PyObject]) -> PyList:
    """A list that steals the references in ``items``."""
    lst = PyList.__new__(PyList)
    lst.ob_refcnt = 1
    lst.ob_type = list_type
    lst.items = items
    return lst


R.new_tuple = new_tuple
R.new_list = new_list

_repr_active = set()


def _seq_repr(o, opening, closing):
    key = id(o)
    if key in _repr_active:
        return new_str(opening + "..." + closing)
    _repr_active.add(key)
    try:
        parts = [repr_text(x) for x in list(o.items)]
    finally:
        _repr_active.discard(key)
    if opening == "(" and len(parts) == 1:
        return new_str("(" + parts[0] + ",)")
    return new_str(opening + ", ".join(parts) + closing)


def _normalize_slice(sl, n):
    start = None if sl.start is NONE else index_value(sl.start)
    stop = None if sl.stop is NONE else index_value(sl.stop)
    step = None if sl.step is NONE else index_value(sl.step)
    try:
        return slice(start, stop, step).indices(n)
    except ValueError as e:
        raise err("ValueError", str(e)) from None


def _index(o, i_obj, n, what):
    """The index ``i_obj`` of a sequence of ``n`` items; ``what`` names it in the
    IndexError ("list assignment index out of range"), its type alone in the
    TypeError ("list indices must be integers or slices")."""
    if not isinstance(i_obj, PyLong):
        if abstract.type_lookup(i_obj.ob_type, "__index__") is None:
            raise err("TypeError", "%s indices must be integers or slices, not %s"
                      % (what.split()[0], i_obj.ob_type.tp_name))
    i = index_value(i_obj)
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise err("IndexError", "%s index out of range" % what)
    return i


def _seq_getitem(what, maker):
    def fn(self, key):
        items = self.items
        if key.ob_type is slice_type:
            rng = range(*_normalize_slice(key, len(items)))
            out = [items[i] for i in rng]
            for x in out:
                x.ob_refcnt += 1
            return maker(out)
        v = items[_index(self, key, len(items), what)]
        v.ob_refcnt += 1
        return v
    return fn


method(tuple_type, "__getitem__")(_seq_getitem("tuple", new_tuple))
method(list_type, "__getitem__")(_seq_getitem("list", new_list))
method(tuple_type, "__len__", K.NOARGS)(lambda self: new_int(len(self.items)))
method(list_type, "__len__", K.NOARGS)(lambda self: new_int(len(self.items)))
method(tuple_type, "__repr__", K.NOARGS)(lambda self: _seq_repr(self, "(", ")"))
method(list_type, "__repr__", K.NOARGS)(lambda self: _seq_repr(self, "[", "]"))


def _seq_contains(self, item):
    for x in list(self.items):
        if rich_compare_bool(x, item, 2):
            return TRUE
    return FALSE


method(tuple_type, "__contains__")(_seq_contains)
method(list_type, "__contains__")(_seq_contains)


def _seq_compare(op):
    def fn(self, other):
        if not isinstance(other, type(self)) or not (
                abstract.is_subtype(other.ob_type, self.ob_type.tp_mro[-2])):
            return NOT_IMPLEMENTED
        a, b = self.items, other.items
        n = min(len(a), len(b))
        for i in range(n):
            if not rich_compare_bool(a[i], b[i], 2):
                if op == 2:
                    return FALSE
                if op == 3:
                    return TRUE
                return abstract.rich_compare(a[i], b[i], op)
        la, lb = len(a), len(b)
        return new_bool((la < lb, la <= lb, la == lb, la != lb, la > lb, la >= lb)[op])
    return fn


for _op, _name in enumerate(abstract.CMP_NAMES):
    method(tuple_type, _name)(_seq_compare(_op))
    method(list_type, _name)(_seq_compare(_op))


def _concat(maker, what):
    def fn(self, other):
        if not isinstance(other, type(self)):
            if what == "list":
                raise err("TypeError", 'can only concatenate list (not "%s") to list'
                          % other.ob_type.tp_name)
            raise err("TypeError", 'can only concatenate tuple (not "%s") to tuple'
                      % other.ob_type.tp_name)
        out = self.items + other.items
        for x in out:
            x.ob_refcnt += 1
        return maker(out)
    return fn


method(tuple_type, "__add__")(_concat(new_tuple, "tuple"))
method(list_type, "__add__")(_concat(new_list, "list"))


def _repeat_count(n) -> int:
    """The count of ``seq * n`` (``sq_repeat``'s ssize_t argument)."""
    if not isinstance(n, PyLong) and abstract.type_lookup(n.ob_type, "__index__") is None:
        raise err("TypeError", "can't multiply sequence by non-int of type '%s'"
                  % n.ob_type.tp_name)
    return ssize_value(n)


def _repeated(items: list, k: int) -> list:
    """``items`` ``k`` (> 0) times, each item's count raised by ``k``; MemoryError when
    the result could not be allocated, as CPython's list and tuple repeat raise it."""
    if len(items) > PY_SSIZE_T_MAX // k:
        raise no_memory()
    alloc_items(len(items) * k)
    try:
        out = items * k
    except MemoryError:
        raise no_memory() from None
    for x in items:
        x.ob_refcnt += k
    return out


def _repeat(maker):
    def fn(self, n):
        k = _repeat_count(n)
        if self.ob_type is tuple_type and (k == 1 or not self.items):
            return incref(self)  # tuplerepeat: an exact tuple is its own repeat
        if k <= 0 or not self.items:
            return maker([])
        return maker(_repeated(self.items, k))
    return fn


for _tp, _maker in ((tuple_type, new_tuple), (list_type, new_list)):
    method(_tp, "__mul__")(_repeat(_maker))
    method(_tp, "__rmul__")(_repeat(_maker))


@method(tuple_type, "__hash__", K.NOARGS)
def tuple_hash(self):
    from .abstract import hash_of
    mask = (1 << 64) - 1
    acc = 2870177450012600261
    for x in self.items:
        lane = hash_of(x) & mask
        acc = (acc + lane * 14029467366897019727) & mask
        acc = ((acc << 31) | (acc >> 33)) & mask
        acc = (acc * 11400714785074694791) & mask
    acc = (acc + (len(self.items) ^ (2870177450012600261 ^ 3527539))) & mask
    if acc == mask:
        return new_int(1546275796)
    return new_int(acc - (1 << 64) if acc >= 1 << 63 else acc)


def _seq_index(self, args):
    if not args:
        raise err("TypeError", "index expected at least 1 argument, got 0")
    value = args[0]
    n = len(self.items)
    start = index_value(args[1]) if len(args) > 1 else 0
    stop = index_value(args[2]) if len(args) > 2 else n
    start, stop, _ = slice(start, stop).indices(n)
    for i in range(start, stop):
        if i < len(self.items) and rich_compare_bool(self.items[i], value, 2):
            return new_int(i)
    if self.ob_type is list_type or abstract.is_subtype(self.ob_type, list_type):
        raise err("ValueError", "%s is not in list" % repr_text(value))
    raise err("ValueError", "tuple.index(x): x not in tuple")


method(tuple_type, "index", K.VARARGS, 1, 3)(lambda self, *a: _seq_index(self, a))
method(list_type, "index", K.VARARGS, 1, 3)(lambda self, *a: _seq_index(self, a))


def _seq_count(self, value):
    return new_int(sum(1 for x in list(self.items) if rich_compare_bool(x, value, 2)))


method(tuple_type, "count")(_seq_count)
method(list_type, "count")(_seq_count)


def tuple_new(tp, args, kwargs):
    if kwargs:
        raise err("TypeError", "tuple() takes no keyword arguments")
    if len(args) > 1:
        raise err("TypeError", "tuple expected at most 1 argument, got %d" % len(args))
    items = abstract.sequence_list(args[0]) if args else []
    if tp is tuple_type:
        if args and args[0].ob_type is tuple_type:
            for x in items:
                decref(x)
            return incref(args[0])
        return new_tuple(items)
    from .instances import alloc_instance
    t = alloc_instance(tp)
    t.items = items
    t.hash = None
    return t


tuple_type.tp_new = tuple_new


@method(tuple_type, "__getnewargs__", K.NOARGS)
def tuple_getnewargs(self):
    for x in self.items:
        incref(x)
    return new_tuple([new_tuple(list(self.items))])


# -- list ----------------------------------------------------------------------------

@method(list_type, "append")
def list_append(self, x):
    x.ob_refcnt += 1
    self.items.append(x)
    return NONE


@method(list_type, "extend")
def list_extend(self, iterable):
    new = abstract.sequence_list(iterable)
    self.items.extend(new)
    return NONE


@method(list_type, "insert", K.VARARGS, 2, 2)
def list_insert(self, i, x):
    self.items.insert(index_value(i), incref(x))
    return NONE


@method(list_type, "pop", K.VARARGS, 0, 1)
def list_pop(self, i=None):
    items = self.items
    if not items:
        raise err("IndexError", "pop from empty list")
    n = -1 if i is None else index_value(i)
    if n < 0:
        n += len(items)
    if not 0 <= n < len(items):
        raise err("IndexError", "pop index out of range")
    return items.pop(n)


@method(list_type, "remove")
def list_remove(self, value):
    for i, x in enumerate(list(self.items)):
        if rich_compare_bool(x, value, 2):
            del self.items[i]
            decref(x)
            return NONE
    raise err("ValueError", "list.remove(x): x not in list")


@method(list_type, "clear", K.NOARGS)
def list_clear(self):
    items = self.items
    self.items = []
    for x in reversed(items):
        decref(x)
    return NONE


@method(list_type, "copy", K.NOARGS)
def list_copy(self):
    for x in self.items:
        x.ob_refcnt += 1
    return new_list(list(self.items))


@method(list_type, "reverse", K.NOARGS)
def list_reverse(self):
    self.items.reverse()
    return NONE


class _SortKey:
    """Host wrapper ordering minivm objects with ``<`` as ``list.sort`` does."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __lt__(self, other):
        return abstract.rich_compare_bool(self.obj, other.obj, 0)


@method(list_type, "sort", K.KEYWORDS)
def list_sort(self, args, kwargs):
    if args:
        raise err("TypeError", "sort() takes no positional arguments")
    kwargs = kwargs or {}
    key = kwargs.get("key")
    reverse = kwargs.get("reverse")
    for name in kwargs:
        if name not in ("key", "reverse"):
            raise err("TypeError", "sort() got an unexpected keyword argument '%s'" % name)
    sort_items(self, key if key is not NONE else None,
               reverse is not None and is_true(reverse))
    return NONE


class _EmptyWhileSorting(list):
    """The items of a list being sorted (none): remembers whether it was ever given
    one, as CPython's list knows by having been given room for one."""

    __slots__ = ("grew",)

    def __init__(self) -> None:
        super().__init__()
        self.grew = False

    def append(self, x) -> None:
        self.grew = True
        super().append(x)

    def insert(self, i, x) -> None:
        self.grew = True
        super().insert(i, x)

    def extend(self, xs) -> None:
        xs = list(xs)
        self.grew = self.grew or bool(xs)
        super().extend(xs)

    def __iadd__(self, xs):
        self.extend(xs)
        return self

    def __setitem__(self, where, value) -> None:
        if isinstance(where, slice):
            value = list(value)
            self.grew = self.grew or bool(value)
        super().__setitem__(where, value)


def sort_items(lst, key, reverse):
    """``list.sort``: while it sorts the list is empty; whatever was put in it
    meanwhile is dropped, and then ``ValueError: list modified during sort``."""
    items = lst.items
    marker = _EmptyWhileSorting()
    lst.items = marker
    keys = []
    try:
        if key is not None:
            keys = [abstract.call(key, [x]) for x in items]
            decorated = [(_SortKey(k), i) for i, k in enumerate(keys)]
            decorated.sort(key=lambda p: p[0], reverse=reverse)
            items[:] = [items[i] for _, i in decorated]
        else:
            items.sort(key=_SortKey, reverse=reverse)
    finally:
        for k in keys:
            decref(k)
        now = lst.items
        # CPython sees a change when the empty list was given room for an item (a
        # list emptied again still counts; clearing the empty list does not)
        modified = marker.grew or bool(marker) or bool(now)
        lst.items = items
        for x in now:  # (an operation that replaced the list released the old one's)
            decref(x)
    if modified:
        raise err("ValueError", "list modified during sort")


@method(list_type, "__setitem__", K.VARARGS, 2, 2)
def list_setitem(self, key, value):
    items = self.items
    if key.ob_type is slice_type:
        new = abstract.sequence_list(value)
        start, stop, step = _normalize_slice(key, len(items))
        if step == 1:
            stop = max(stop, start)
            old = items[start:stop]
            items[start:stop] = new
        else:
            idx = list(range(start, stop, step))
            if len(idx) != len(new):
                for x in new:
                    decref(x)
                raise err("ValueError", "attempt to assign sequence of size %d to extended "
                          "slice of size %d" % (len(new), len(idx)))
            old = [items[i] for i in idx]
            for i, x in zip(idx, new):
                items[i] = x
        for x in old:
            decref(x)
        return NONE
    i = _index(self, key, len(items), "list assignment")
    old = items[i]
    items[i] = incref(value)
    decref(old)
    return NONE


@method(list_type, "__delitem__")
def list_delitem(self, key):
    items = self.items
    if key.ob_type is slice_type:
        start, stop, step = _normalize_slice(key, len(items))
        idx = list(range(start, stop, step))
        old = [items[i] for i in idx]
        for i in sorted(idx, reverse=True):
            del items[i]
        for x in old:
            decref(x)
        return NONE
    i = _index(self, key, len(items), "list assignment")
    decref(items.pop(i))
    return NONE


@method(list_type, "__iadd__")
def list_iadd(self, other):
    list_extend(self, other)
    return incref(self)


@method(list_type, "__imul__")
def list_imul(self, n):
    k = _repeat_count(n)
    old = self.items
    if k <= 0 or not old:
        self.items = []
        for x in old:
            decref(x)
    elif k > 1:
        self.items = _repeated(old, k - 1)
        self.items[:0] = old
    return incref(self)


list_type.tp_dict.vals["__hash__"] = NONE
list_type.tp_dict.keys["__hash__"] = R.intern("__hash__")


def list_new(tp, args, kwargs):
    from .instances import alloc_instance
    lst = new_list([]) if tp is list_type else alloc_instance(tp)
    if tp is not list_type:
        lst.items = []
    return lst


list_type.tp_new = list_new


@method(list_type, "__init__", K.KEYWORDS)
def list_init(self, args, kwargs):
    # (list___init__: only list itself and subclasses keeping list's __new__ refuse
    # keywords; a subclass with a __new__ of its own may take them)
    if kwargs and (self.ob_type is list_type or abstract.type_lookup(
            self.ob_type, "__new__") is abstract.type_lookup(list_type, "__new__")):
        raise err("TypeError", "list() takes no keyword arguments")
    if len(args) > 1:
        raise err("TypeError", "list expected at most 1 argument, got %d" % len(args))
    list_clear(self)
    if args:
        self.items = abstract.sequence_list(args[0])
    return NONE


@method(list_type, "__reversed__", K.NOARGS)
def list_reversed(self):
    return new_iterator(reversed_iter_type, self, len(self.items) - 1)


# -- iterators -------------------------------------------------------------------------

class PyIter(PyObject):
    __slots__ = ("seq", "index")


def _iter_dealloc(it):
    seq = it.seq
    it.seq = None
    if seq is not None:
        decref(seq)


def new_iterator(tp, seq, index=0):
    it = PyIter.__new__(PyIter)
    it.ob_refcnt = 1
    it.ob_type = tp
    it.seq = incref(seq)
    it.index = index
    return it


def _make_iter_type(name):
    tp = make_type(name, layout=PyIter, basetype=False, dealloc=_iter_dealloc)
    method(tp, "__iter__", K.NOARGS)(incref)
    return tp


list_iter_type = _make_iter_type("list_iterator")
tuple_iter_type = _make_iter_type("tuple_iterator")
reversed_iter_type = _make_iter_type("list_reverseiterator")
seq_iter_type = _make_iter_type("iterator")


def _items_next(it):
    seq = it.seq
    if seq is None:
        return None
    i = it.index
    items = seq.items
    if i < len(items):
        it.index = i + 1
        v = items[i]
        v.ob_refcnt += 1
        return v
    it.seq = None
    decref(seq)
    return None


def _reversed_next(it):
    seq = it.seq
    if seq is None:
        return None
    i = it.index
    if 0 <= i < len(seq.items):
        it.index = i - 1
        return incref(seq.items[i])
    it.seq = None
    decref(seq)
    return None


def _seqiter_next(it):
    seq = it.seq
    if seq is None:
        return None
    try:
        v = abstract.getitem(seq, new_int(it.index))
    except PyErr as e:
        if abstract.is_subtype(e.exc.ob_type, R.exc["IndexError"]) or \
                abstract.is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
            decref(e.exc)
            it.seq = None
            decref(seq)
            return None
        raise
    it.index += 1
    return v


def _stop_iteration():
    from .core import new_exception
    return PyErr(new_exception("StopIteration", None))


def _register_next(tp, fn):
    ITERNEXT[tp] = fn

    def next_method(self):
        v = fn(self)
        if v is None:
            raise _stop_iteration()
        return v
    method(tp, "__next__", K.NOARGS)(next_method)


_register_next(list_iter_type, _items_next)
_register_next(tuple_iter_type, _items_next)
_register_next(reversed_iter_type, _reversed_next)
_register_next(seq_iter_type, _seqiter_next)


@method(list_iter_type, "__length_hint__", K.NOARGS)
def _items_length_hint(it):
    return new_int(0 if it.seq is None else max(len(it.seq.items) - it.index, 0))


method(tuple_iter_type, "__length_hint__", K.NOARGS)(_items_length_hint)
method(list_type, "__iter__", K.NOARGS)(lambda self: new_iterator(list_iter_type, self))
method(tuple_type, "__iter__", K.NOARGS)(lambda self: new_iterator(tuple_iter_type, self))


def new_seq_iter(o):
    return new_iterator(seq_iter_type, o)


# -- range -----------------------------------------------------------------------------

class PyRange(PyObject):
    __slots__ = ("r",)


range_type = make_type("range", layout=PyRange, basetype=False,
                       dealloc=lambda o: None)


def range_new(tp, args, kwargs):
    if kwargs:
        raise err("TypeError", "range() takes no keyword arguments")
    if not args:
        raise err("TypeError", "range expected at least 1 argument, got 0")
    if len(args) > 3:
        raise err("TypeError", "range expected at most 3 arguments, got %d" % len(args))
    values = [index_value(a) for a in args]
    if len(values) == 3 and values[2] == 0:
        raise err("ValueError", "range() arg 3 must not be zero")
    return new_range(range(*values))


def new_range(r: range) -> PyObject:
    """A new range object of host range ``r``."""
    o = PyRange.__new__(PyRange)
    o.ob_refcnt = 1
    o.ob_type = range_type
    o.r = r
    return o


range_type.tp_new = range_new


class PyRangeIter(PyObject):
    __slots__ = ("cur", "stop", "step", "first")


range_iter_type = make_type("range_iterator", layout=PyRangeIter, basetype=False,
                            dealloc=lambda o: None)
method(range_iter_type, "__iter__", K.NOARGS)(incref)


def _range_next(it):
    cur = it.cur
    if (it.step > 0 and cur < it.stop) or (it.step < 0 and cur > it.stop):
        it.cur = cur + it.step
        return new_int(cur)
    return None


_register_next(range_iter_type, _range_next)


@method(range_type, "__iter__", K.NOARGS)
def range_iter(self):
    it = PyRangeIter.__new__(PyRangeIter)
    it.ob_refcnt = 1
    it.ob_type = range_iter_type
    r = self.r
    it.cur, it.stop, it.step = r.start, r.stop, r.step
    it.first = r.start
    return it


@method(range_type, "__reversed__", K.NOARGS)
def range_reversed(self):
    it = range_iter(self)
    r = self.r[::-1]
    it.cur, it.stop, it.step = r.start, r.stop, r.step
    it.first = r.start
    return it


def _range_length(start: int, stop: int, step: int) -> int:
    """How many items ``range(start, stop, step)`` has, however many (the host's
    ``len`` stops at a Py_ssize_t)."""
    if step > 0:
        return max(0, (stop - start + step - 1) // step)
    return max(0, (stop - start + step + 1) // step)


@method(range_type, "__len__", K.NOARGS)
def range_len(self):
    r = self.r
    n = _range_length(r.start, r.stop, r.step)
    if n > PY_SSIZE_T_MAX:  # more items than a Py_ssize_t counts, as in CPython
        raise err("OverflowError", "Python int too large to convert to C ssize_t")
    return new_int(n)


method(range_type, "__bool__", K.NOARGS)(lambda self: new_bool(bool(self.r)))


@method(range_type, "__hash__", K.NOARGS)
def range_hash(self):
    """``range_hash``: the hash of (len, start, step), None for what the length makes
    irrelevant, so that equal ranges hash equal."""
    r = self.r
    n = _range_length(r.start, r.stop, r.step)
    parts = [new_int(n)]
    parts.append(incref(NONE) if n == 0 else new_int(r.start))
    parts.append(incref(NONE) if n <= 1 else new_int(r.step))
    t = new_tuple(parts)
    try:
        return tuple_hash(t)
    finally:
        decref(t)
method(range_type, "__repr__", K.NOARGS)(lambda self: new_str(repr(self.r)))


@method(range_type, "__getitem__")
def range_getitem(self, key):
    if key.ob_type is slice_type:
        start, stop, step = (None if x is NONE else index_value(x)
                             for x in (key.start, key.stop, key.step))
        return new_range(self.r[start:stop:step])
    try:
        return new_int(self.r[index_value(key)])
    except IndexError:
        raise err("IndexError", "range object index out of range") from None


@method(range_type, "__contains__")
def range_contains(self, item):
    if isinstance(item, PyLong):
        return new_bool(int(item.value) in self.r)
    return _seq_contains(type("L", (), {"items": [new_int(x) for x in self.r]})(), item)


@method(range_type, "__eq__")
def range_eq(self, other):
    if other.ob_type is not range_type:
        return NOT_IMPLEMENTED
    return new_bool(self.r == other.r)


getset(range_type, "start")(lambda self: new_int(self.r.start))
getset(range_type, "stop")(lambda self: new_int(self.r.stop))
getset(range_type, "step")(lambda self: new_int(self.r.step))
method(range_type, "index")(lambda self, v: new_int(host_range_index(self, v)))
method(range_type, "count")(lambda self, v: new_int(
    self.r.count(v.value) if isinstance(v, PyLong) else 0))


def host_range_index(self, v):
    try:
        return self.r.index(v.value)
    except (ValueError, AttributeError):
        raise err("ValueError", "%s is not in range" % repr_text(v)) from None


# -- slice -----------------------------------------------------------------------------

class PySlice(PyObject):
    __slots__ = ("start", "stop", "step")


def _slice_dealloc(s):
    decref(s.start)
    decref(s.stop)
    decref(s.step)


slice_type = make_type("slice", layout=PySlice, basetype=False, dealloc=_slice_dealloc)


def new_slice(start, stop, step):
    """A slice that steals its three references."""
    s = PySlice.__new__(PySlice)
    s.ob_refcnt = 1
    s.ob_type = slice_type
    s.start, s.stop, s.step = start, stop, step
    return s


def slice_new(tp, args, kwargs):
    if not 1 <= len(args) <= 3:
        raise err("TypeError", "slice expected at least 1 argument, got 0" if not args
                  else "slice expected at most 3 arguments, got %d" % len(args))
    if len(args) == 1:
        return new_slice(NONE, incref(args[0]), NONE)
    parts = [incref(a) for a in args] + [NONE] * (3 - len(args))
    return new_slice(*parts)


slice_type.tp_new = slice_new
method(slice_type, "__repr__", K.NOARGS)(lambda self: new_str("slice(%s, %s, %s)" % (
    repr_text(self.start), repr_text(self.stop), repr_text(self.step))))
getset(slice_type, "start")(lambda self: incref(self.start))
getset(slice_type, "stop")(lambda self: incref(self.stop))
getset(slice_type, "step")(lambda self: incref(self.step))


@method(slice_type, "indices")
def slice_indices(self, n):
    return from_host(_normalize_slice(self, index_value(n)))


# -- pickling of iterators, ranges and slices (their __reduce__ and __setstate__) ---------

def get_builtin(name: str) -> PyObject:
    """A new reference to the builtin ``name`` (``_PyEval_GetBuiltin``: a lookup in
    the builtins dict, which may compare keys with a program's ``__eq__``)."""
    from .core import STATE
    from .dictobject import dict_getitem
    key = new_str(name)
    try:
        value = dict_getitem(STATE.vm.builtins, key)
    finally:
        decref(key)
    if value is None:
        raise err("AttributeError", name)
    return incref(value)


def _reduce_index_iter(empty):
    """``__reduce__`` of an iterator over ``seq`` at ``index``: ``(iter, (seq,),
    index)``, or once exhausted ``(iter, (empty(),))``."""
    def reduce(it):
        fn = get_builtin("iter")  # first: the lookup can run code that exhausts ``it``
        if it.seq is None:
            return new_tuple([fn, new_tuple([empty()])])
        return new_tuple([fn, new_tuple([incref(it.seq)]), new_int(it.index)])
    return reduce


def _setstate_index_iter(length):
    """``__setstate__(index)``: the index clipped to 0 .. ``length(seq)`` (None:
    no upper bound), ignored once exhausted."""
    def setstate(it, state):
        index = ssize_value(state)
        if it.seq is not None:
            limit = length(it.seq) if length is not None else None
            it.index = 0 if index < 0 else index if limit is None else min(index, limit)
        return incref(NONE)
    return setstate


def _reversed_reduce(it):
    from .core import STATE
    fn = get_builtin("reversed")  # first: the lookup can run code that exhausts ``it``
    if it.seq is None:
        if not STATE.target.runtime("reversed_reduce_when_exhausted"):
            decref(fn)
            fn = get_builtin("iter")
        return new_tuple([fn, new_tuple([new_list([])])])
    return new_tuple([fn, new_tuple([incref(it.seq)]), new_int(it.index)])


def _reversed_setstate(it, state):
    index = ssize_value(state)
    if it.seq is not None:
        it.index = max(-1, min(index, len(it.seq.items) - 1))
    return incref(NONE)


def _items_length(seq) -> int:
    return len(seq.items)


def install_iterator_pickling(tp, empty, length) -> None:
    """Give iterator type ``tp`` (a PyIter over ``seq`` at ``index``) CPython's
    ``__reduce__`` and ``__setstate__``."""
    method(tp, "__reduce__", K.NOARGS)(_reduce_index_iter(empty))
    method(tp, "__setstate__")(_setstate_index_iter(length))


method(list_iter_type, "__reduce__", K.NOARGS)(_reduce_index_iter(lambda: new_list([])))
_clipped_setstate = _setstate_index_iter(_items_length)


@method(list_iter_type, "__setstate__")
def _list_iter_setstate(it, state):
    """From 3.13 a negative index exhausts a list iterator; before, it is clipped to 0
    as any index iterator's is."""
    from .core import STATE
    index = ssize_value(state)
    if index < 0 and it.seq is not None and \
            STATE.target.runtime("list_iter_negative_exhausts"):
        seq, it.seq = it.seq, None
        decref(seq)
        return incref(NONE)
    return _clipped_setstate(it, state)
install_iterator_pickling(tuple_iter_type, lambda: new_tuple([]), _items_length)
install_iterator_pickling(seq_iter_type, lambda: new_tuple([]), None)
method(reversed_iter_type, "__reduce__", K.NOARGS)(_reversed_reduce)
method(reversed_iter_type, "__setstate__")(_reversed_setstate)


@method(range_iter_type, "__reduce__", K.NOARGS)
def _range_iter_reduce(it):
    """3.12+: ``(iter, (range of what is left,), None)``; before, ``(iter, (the whole
    range,), how many were taken)``."""
    from .core import STATE
    step = it.step
    if STATE.target.runtime("range_iter_reduces_rest"):
        left = _range_length(it.cur, it.stop, step)
        rng = new_range(range(it.cur, it.cur + left * step, step))
        return new_tuple([get_builtin("iter"), new_tuple([rng]), incref(NONE)])
    total = _range_length(it.first, it.stop, step)
    taken = (it.cur - it.first) // step
    rng = new_range(range(it.first, it.first + total * step, step))
    return new_tuple([get_builtin("iter"), new_tuple([rng]), new_int(taken)])


@method(range_iter_type, "__setstate__")
def _range_iter_setstate(it, state):
    from .core import STATE
    index = ssize_value(state)
    step = it.step
    if STATE.target.runtime("range_iter_reduces_rest"):
        left = _range_length(it.cur, it.stop, step)
        it.cur += max(0, min(index, left)) * step
    else:
        total = _range_length(it.first, it.stop, step)
        it.cur = it.first + max(0, min(index, total)) * step
    return incref(NONE)


@method(range_type, "__reduce__", K.NOARGS)
def _range_reduce(self):
    r = self.r
    return new_tuple([incref(range_type), new_tuple([new_int(r.start), new_int(r.stop),
                                                     new_int(r.step)])])


def _slice_compare(op):
    """``slice_richcompare``: two slices compare as their (start, stop, step) tuples."""
    def compare(self, other):
        if other.ob_type is not slice_type:
            return incref(NOT_IMPLEMENTED)
        return compare_as(new_tuple, [self.start, self.stop, self.step],
                          [other.start, other.stop, other.step], op)
    return compare


def compare_as(make, left: List[PyObject], right: List[PyObject], op: int) -> PyObject:
    """Rich comparison ``op`` of two item lists (borrowed) as the containers ``make``
    builds of them (a slice compares as a tuple, a deque as a list)."""
    a = make([incref(x) for x in left])
    b = make([incref(x) for x in right])
    try:
        return abstract.rich_compare(a, b, op)
    finally:
        decref(a)
        decref(b)


for _op, _name in enumerate(("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__")):
    method(slice_type, _name)(_slice_compare(_op))


@method(slice_type, "__hash__", K.NOARGS)
def _slice_hash(self):
    """3.12+: tuple's xxHash of (start, stop, step) without the length step; before,
    slices are unhashable."""
    from .abstract import hash_of
    from .core import STATE
    if not STATE.target.runtime("slice_hashable"):
        raise err("TypeError", "unhashable type: 'slice'")
    mask = (1 << 64) - 1
    acc = 2870177450012600261
    for x in (self.start, self.stop, self.step):
        lane = hash_of(x) & mask
        acc = (acc + lane * 14029467366897019727) & mask
        acc = ((acc << 31) | (acc >> 33)) & mask
        acc = (acc * 11400714785074694791) & mask
    if acc == mask:
        return new_int(1546275796)
    return new_int(acc - (1 << 64) if acc >= 1 << 63 else acc)


@method(slice_type, "__reduce__", K.NOARGS)
def _slice_reduce(self):
    return new_tuple([incref(slice_type), new_tuple([incref(self.start), incref(self.stop),
                                                     incref(self.step)])])
