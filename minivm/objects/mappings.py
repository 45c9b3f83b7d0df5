"""Methods of ``dict``, its views and iterators; ``set`` and ``frozenset``.

Sets keep CPython's open-addressing table (setobject.c: linear probes of 9, then
perturbed jumps; a fill of 3/5 grows the table to 4x used) over the *target's* hash
values, because the order in which a set iterates is the order of its table.
"""

from __future__ import annotations

from typing import List, Optional

from . import abstract
from .abstract import repr_text, rich_compare_bool
from .core import R, STATE, BuiltinKind, PyErr, PyObject, decref, err, incref, type_lookup
from .dictobject import (
    ITERATED, CustomKey, PyDict, dict_clear, dict_delitem, dict_setitem, dict_type,
    get_by_identity, hkey, key_error, keys_by_identity, new_dict, note_deleted,
)
from .scalars import FALSE, NONE, NOT_IMPLEMENTED, TRUE, new_bool, new_int, new_str
from .sequences import PyIter, _register_next, _repr_active, new_tuple
from .typeobject import getset, make_type, method

K = BuiltinKind


@method(dict_type, "__getitem__")
def dict_subscript(self, key):
    v = self.vals.get(hkey(key))
    if v is not None:
        return incref(v)
    if self.ob_type is not dict_type:
        missing = abstract.type_lookup(self.ob_type, "__missing__")
        if missing is not None:
            return abstract.call_method_obj(missing, self, [key])
    raise PyErr(key_error(key))


@method(dict_type, "__setitem__", K.VARARGS, 2, 2)
def dict_ass_sub(self, key, value):
    dict_setitem(self, key, value)
    return NONE


@method(dict_type, "__delitem__")
def dict_del_sub(self, key):
    dict_delitem(self, key)
    return NONE


@method(dict_type, "__contains__")
def dict_contains(self, key):
    return TRUE if hkey(key) in self.vals else FALSE


method(dict_type, "__len__", K.NOARGS)(lambda self: new_int(len(self.vals)))


@method(dict_type, "__repr__", K.NOARGS)
def dict_repr(self):
    key = id(self)
    if key in _repr_active:
        return new_str("{...}")
    _repr_active.add(key)
    try:
        parts = []
        for k, v in list(zip(self.keys.values(), self.vals.values())):
            parts.append(repr_text(k) + ": " + repr_text(v))
    finally:
        _repr_active.discard(key)
    return new_str("{" + ", ".join(parts) + "}")


@method(dict_type, "get", K.VARARGS, 1, 2)
def dict_get(self, key, default=None):
    v = self.vals.get(hkey(key))
    if v is None:
        v = NONE if default is None else default
    return incref(v)


@method(dict_type, "setdefault", K.VARARGS, 1, 2)
def dict_setdefault(self, key, default=None):
    hk = hkey(key)
    v = self.vals.get(hk)
    if v is None:
        v = NONE if default is None else default
        dict_setitem(self, key, v)
    return incref(v)


@method(dict_type, "pop", K.VARARGS, 1, 2)
def dict_pop(self, key, default=None):
    hk = hkey(key)
    if hk not in self.vals:
        if default is None:
            raise PyErr(key_error(key))
        return incref(default)
    k = self.keys.pop(hk)
    v = self.vals.pop(hk)
    note_deleted(self, hk)
    decref(k)
    return v


@method(dict_type, "popitem", K.NOARGS)
def dict_popitem(self):
    if not self.vals:
        raise err("KeyError", "popitem(): dictionary is empty")
    hk, k = self.keys.popitem()
    v = self.vals.popitem()[1]
    note_deleted(self, hk)
    return new_tuple([k, v])


@method(dict_type, "clear", K.NOARGS)
def dict_clear_m(self):
    dict_clear(self)
    return NONE


@method(dict_type, "copy", K.NOARGS)
def dict_copy(self):
    d = new_dict()
    for (hk, k), v in zip(self.keys.items(), self.vals.values()):
        d.keys[hk] = incref(k)
        d.vals[hk] = incref(v)
    return d


def dict_merge(d: PyDict, other: PyObject, override: bool = True) -> None:
    """``PyDict_Merge``: a mapping with ``keys()``, or an iterable of pairs."""
    if isinstance(other, PyDict) and abstract.type_lookup(other.ob_type, "__iter__") is \
            abstract.type_lookup(dict_type, "__iter__"):
        for hk, k in list(other.keys.items()):
            if override or hk not in d.vals:
                dict_setitem(d, k, other.vals[hk])
        return
    if abstract.type_lookup(other.ob_type, "keys") is not None:
        keys = abstract.vectorcall_method("keys", other, [])
        try:
            for k in abstract.iterate(keys):
                try:
                    if override or hkey(k) not in d.vals:
                        v = abstract.getitem(other, k)
                        dict_setitem(d, k, v)
                        decref(v)
                finally:
                    decref(k)
        finally:
            decref(keys)
        return
    for i, item in enumerate(abstract.iterate(other)):
        try:
            pair = abstract.sequence_list(item)
        except PyErr as e:
            decref(item)
            decref(e.exc)
            raise err("TypeError", "cannot convert dictionary update sequence element #%d "
                      "to a sequence" % i) from None
        decref(item)
        if len(pair) != 2:
            for x in pair:
                decref(x)
            raise err("ValueError", "dictionary update sequence element #%d has length %d; "
                      "2 is required" % (i, len(pair)))
        dict_setitem(d, pair[0], pair[1])
        decref(pair[0])
        decref(pair[1])


@method(dict_type, "update", K.KEYWORDS)
def dict_update(self, args, kwargs):
    if len(args) > 1:
        raise err("TypeError", "update expected at most 1 argument, got %d" % len(args))
    if args:
        dict_merge(self, args[0])
    for name, v in (kwargs or {}).items():
        k = new_str(name)
        dict_setitem(self, k, v)
        decref(k)
    return NONE


def dict_new(tp, args, kwargs):
    if tp is dict_type:
        return new_dict()
    from .instances import alloc_instance
    d = alloc_instance(tp)
    d.keys = {}
    d.vals = {}
    return d


dict_type.tp_new = dict_new


@method(dict_type, "__init__", K.KEYWORDS)
def dict_init(self, args, kwargs):
    return dict_update(self, args, kwargs)


def dict_fromkeys(cls, iterable, value=None):
    """``dict.fromkeys``: ``cls()``, then each key set to ``value`` (an exact dict
    directly, anything else through its ``__setitem__``)."""
    d = abstract.call(cls, [])
    value = NONE if value is None else value
    try:
        exact = d.ob_type is dict_type
        for k in abstract.iterate(iterable):
            try:
                if exact:
                    dict_setitem(d, k, value)
                else:
                    abstract.setitem(d, k, value)
            finally:
                decref(k)
    except PyErr:
        decref(d)
        raise
    return d


@method(dict_type, "__eq__")
def dict_eq(self, other):
    if not isinstance(other, PyDict):
        return NOT_IMPLEMENTED
    if len(self.vals) != len(other.vals):
        return FALSE
    for hk, v in list(self.vals.items()):
        w = other.vals.get(hk)
        if w is None or not rich_compare_bool(v, w, 2):
            return FALSE
    return TRUE


@method(dict_type, "__or__", since="dict_union")
def dict_or(self, other):
    if not isinstance(other, PyDict):
        return NOT_IMPLEMENTED
    d = dict_copy(self)
    dict_merge(d, other)
    return d


@method(dict_type, "__ior__", since="dict_union")
def dict_ior(self, other):
    dict_merge(self, other)
    return incref(self)


dict_type.tp_dict.vals["__hash__"] = NONE
dict_type.tp_dict.keys["__hash__"] = R.intern("__hash__")

# -- views and iterators ----------------------------------------------------------------


class PyDictView(PyObject):
    __slots__ = ("dict",)


def _view_dealloc(v):
    decref(v.dict)


def _make_view(name, what):
    tp = make_type(name, layout=PyDictView, basetype=False, dealloc=_view_dealloc)
    it_tp = make_type(name.replace("dict_", "dict_") .replace("s", "", 0) + "iterator"
                      if False else "dict_%siterator" % what, layout=PyIter,
                      basetype=False,
                      dealloc=_dict_iter_release)
    method(it_tp, "__iter__", K.NOARGS)(incref)

    def nxt(it):
        d = it.seq
        if d is None:
            return None
        if it.index == -1:
            it.index = 0
        if len(d.vals) != it.hash_len:
            _dict_iter_release(it)
            raise err("RuntimeError", "dictionary changed size during iteration")
        entry = _next_entry(it, d)
        if entry is None:
            _dict_iter_release(it)
            return None
        hk, key = entry
        if what == "key":
            return incref(key)
        value = get_by_identity(d.vals, hk)
        if what == "value":
            return incref(value)
        return new_tuple([incref(key), incref(value)])
    _register_next(it_tp, nxt)

    def view_iter(view):
        return new_dict_iter(it_tp, view.dict)

    method(tp, "__iter__", K.NOARGS)(view_iter)

    method(tp, "__reversed__", K.NOARGS)(
        lambda view: new_dict_iter(it_tp, view.dict, reverse=True))
    method(tp, "__len__", K.NOARGS)(lambda v: new_int(len(v.dict.vals)))

    def view_repr(v):
        items = abstract.sequence_list(v)
        try:
            return new_str("%s([%s])" % (name, ", ".join(repr_text(x) for x in items)))
        finally:
            for x in items:
                decref(x)
    method(tp, "__repr__", K.NOARGS)(view_repr)

    def view_new(d):
        o = PyDictView.__new__(PyDictView)
        o.ob_refcnt = 1
        o.ob_type = tp
        o.dict = incref(d)
        return o
    return tp, it_tp, view_new


class PyDictIter(PyIter):
    """A dict iterator: ``keys_snapshot`` the table's entries in order as the
    iterator knows them (the host keys of the dict when it began, then those added
    since, found once it reaches the end), ``index`` the next of them, ``hash_len``
    the size it expects (``di_used``), ``left`` the entries it may still give
    (``di->len``), ``reverse`` whether it walks backwards."""
    __slots__ = ("keys_snapshot", "hash_len", "left", "reverse", "deleted")


def _dict_iter_release(it) -> None:
    """The iterator lets its dict go (exhausted, failed or freed)."""
    d, it.seq = it.seq, None
    if d is None:
        return
    logs = ITERATED.get(id(d))
    if logs is not None:
        for i, log in enumerate(logs):
            if log is it.deleted:
                del logs[i]
                break
        if not logs:
            del ITERATED[id(d)]
    decref(d)


def _next_entry(it, d):
    """``(host key, key)`` of the next live entry, or None at the end (dictiter_iternext):
    entries deleted since are skipped; keys added since follow the last ones, as
    in CPython's table; one found when the iterator has given as many entries as
    the dict had raises "dictionary keys changed during iteration"."""
    snapshot, keys = it.keys_snapshot, d.keys
    while True:
        if it.index >= len(snapshot):
            if it.reverse or not _extend_with_added(it, d):
                return None
        hk = snapshot[it.index]
        it.index += 1
        key = get_by_identity(keys, hk)
        if key is not None and hk not in it.deleted:
            break
        # a deleted entry; if the key is back, it is a new entry further on
    if it.left <= 0 and not it.reverse:
        _dict_iter_release(it)
        raise err("RuntimeError", "dictionary keys changed during iteration")
    it.left -= 1
    return hk, key


def _extend_with_added(it, d) -> bool:
    """Append the keys added to ``d`` since the iterator began; whether any were."""
    with keys_by_identity():
        known = set(it.keys_snapshot) - it.deleted
        if not d.keys.keys() - known:  # (the common end: nothing added)
            return False
        it.keys_snapshot.extend(hk for hk in d.keys if hk not in known)
        it.deleted.clear()  # (those added again are entries of the snapshot now)
    return True


def new_dict_iter(tp, d, reverse: bool = False):
    it = PyDictIter.__new__(PyDictIter)
    it.ob_refcnt = 1
    it.ob_type = tp
    it.seq = incref(d)
    it.index = 0
    it.keys_snapshot = list(reversed(d.keys)) if reverse else list(d.keys)
    it.hash_len = it.left = len(d.vals)
    it.reverse = reverse
    it.deleted = set()
    ITERATED.setdefault(id(d), []).append(it.deleted)
    return it


def _sequence_list_decref(o):
    items = abstract.sequence_list(o)
    out = list(items)
    for x in items:
        decref(x)
    return out


abstract.sequence_list_decref = _sequence_list_decref

keys_type, keyiter_type, new_keys_view = _make_view("dict_keys", "key")
values_type, valueiter_type, new_values_view = _make_view("dict_values", "value")
items_type, itemiter_type, new_items_view = _make_view("dict_items", "item")
method(dict_type, "keys", K.NOARGS)(new_keys_view)
method(dict_type, "values", K.NOARGS)(new_values_view)
method(dict_type, "items", K.NOARGS)(new_items_view)
method(dict_type, "__iter__", K.NOARGS)(lambda d: new_dict_iter(keyiter_type, d))
method(keys_type, "__contains__")(lambda v, k: dict_contains(v.dict, k))


@method(items_type, "__contains__")
def _items_contains(v, pair):
    if pair.ob_type is not R.types["tuple"] or len(pair.items) != 2:
        return FALSE
    w = v.dict.vals.get(hkey(pair.items[0]))
    return new_bool(w is not None and rich_compare_bool(w, pair.items[1], 2))


# -- set operations of keys and items views (dictviews_and/or/sub/xor) ---------------------

def _view_to_set(v):
    """``dictviews_to_set``: a set of the view (or of any iterable operand)."""
    if isinstance(v, PyDictView) and v.ob_type is keys_type:
        return make_set(R.types["set"], v.dict)
    return make_set(R.types["set"], v)


def _views_with_method(name):
    def op(left, right):
        result = _view_to_set(left)
        try:
            decref(abstract.vectorcall_method(name, result, [right]))
        except PyErr:
            decref(result)
            raise
        return result
    return op


def _views_and(left, right):
    """``_PyDictView_Intersect``: iterate the smaller operand, keep what the view has."""
    view, other = (left, right) if isinstance(left, PyDictView) else (right, left)
    n = len(view.dict.vals)
    if other.ob_type is R.types["set"] and n <= abstract.length_of(other):
        return abstract.vectorcall_method("intersection", other, [view])
    if isinstance(other, PyDictView) and len(other.dict.vals) > n:
        view, other = other, view
    contains = type_lookup(view.ob_type, "__contains__")
    result = new_set(R.types["set"])
    try:
        for key in abstract.iterate(other):
            try:
                r = abstract.call_method_obj(contains, view, [key])
                if r is TRUE:
                    set_add(result, key)
            finally:
                decref(key)
    except PyErr:
        decref(result)
        raise
    return result


def _views_isdisjoint(view, other):
    contains = type_lookup(view.ob_type, "__contains__")
    for key in abstract.iterate(other):
        r = abstract.call_method_obj(contains, view, [key])
        decref(key)
        if r is TRUE:
            return incref(FALSE)
    return incref(TRUE)


def _is_setlike(o):
    return isinstance(o, (PySet, PyDictView)) or type_lookup(o.ob_type, "__iter__") is not None


def _binary(fn):
    def forward(self, other):
        if not _is_setlike(other):
            return incref(NOT_IMPLEMENTED)
        return fn(self, other)

    def reflected(self, other):
        if not _is_setlike(other):
            return incref(NOT_IMPLEMENTED)
        return fn(other, self)
    return forward, reflected


for _view_tp in (keys_type, items_type):
    for _sym, _fn in (("and", _views_and), ("or", _views_with_method("update")),
                      ("sub", _views_with_method("difference_update")),
                      ("xor", _views_with_method("symmetric_difference_update"))):
        _fwd, _ref = _binary(_fn)
        method(_view_tp, "__%s__" % _sym)(_fwd)
        method(_view_tp, "__r%s__" % _sym)(_ref)
    method(_view_tp, "isdisjoint")(_views_isdisjoint)


def _all_contained_in(left, right) -> bool:
    """``all_contained_in``: every item of ``left`` is in ``right``."""
    for x in abstract.iterate(left):
        try:
            if not abstract.contains(right, x):
                return False
        finally:
            decref(x)
    return True


def _view_richcompare(op):
    """``dictview_richcompare``: keys and items views compare as sets with any set
    or keys or items view, by length first, then containment."""
    def compare(view, other):
        if not isinstance(other, (PySet, PyDictView)) or \
                isinstance(other, PyDictView) and other.ob_type is values_type:
            return incref(NOT_IMPLEMENTED)
        n, m = abstract.length_of(view), abstract.length_of(other)
        if op in ("__eq__", "__ne__"):
            same = n == m and _all_contained_in(view, other)
            return new_bool(same if op == "__eq__" else not same)
        if op in ("__lt__", "__le__"):
            ok = (n < m if op == "__lt__" else n <= m) and _all_contained_in(view, other)
        else:
            ok = (n > m if op == "__gt__" else n >= m) and _all_contained_in(other, view)
        return new_bool(ok)
    return compare


def _view_mapping(view):
    """A view's ``mapping``: a read-only proxy of its dict."""
    return R.mappingproxy(view.dict)


def _dict_iter_reduce(it):
    """``dictiter_reduce``: ``(iter, (list,))`` of what a copy of the iterator would
    still give (the iterator itself is left where it is)."""
    from .sequences import get_builtin, new_list
    fn = get_builtin("iter")  # first: the lookup can run code that exhausts ``it``
    items = []
    d = it.seq
    if d is not None:
        tp = it.ob_type
        for hk in it.keys_snapshot[max(it.index, 0):]:
            if hk not in d.vals:
                continue
            if tp is keyiter_type:
                items.append(incref(d.keys[hk]))
            elif tp is valueiter_type:
                items.append(incref(d.vals[hk]))
            else:
                items.append(new_tuple([incref(d.keys[hk]), incref(d.vals[hk])]))
    return new_tuple([fn, new_tuple([new_list(items)])])


for _view_tp in (keys_type, items_type):
    for _op in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
        method(_view_tp, _op)(_view_richcompare(_op))
for _view_tp in (keys_type, values_type, items_type):
    getset(_view_tp, "mapping", since="dict_view_mapping")(_view_mapping)
for _iter_tp in (keyiter_type, valueiter_type, itemiter_type):
    method(_iter_tp, "__reduce__", K.NOARGS)(_dict_iter_reduce)


@method(dict_type, "__reversed__", K.NOARGS)
def dict_reversed(d):
    return new_dict_iter(keyiter_type, d, reverse=True)


# -- set and frozenset --------------------------------------------------------------------

_DUMMY = object()
_PERTURB_SHIFT = 5
_LINEAR_PROBES = 9


class PySet(PyObject):
    """A set: ``table`` is a host list of ``None``, the dummy marker or
    ``(hash, hostkey, key)`` entries; ``lookup`` maps each entry's host key to the
    entry itself (immutable, so sets copied from one another share entries).

    A key's ``__eq__`` runs inside host operations on ``lookup`` and may mutate any set,
    or claim equality with a key it does not equal. Invariants kept for that: every
    entry in ``table`` is a value of ``lookup`` and the reverse; each insertion or
    removal is one host dict operation whose result decides the table change; a clear
    gives the set a new ``lookup`` dict, so an operation that finds another dict after
    its host operation starts again (CPython's set_lookkey restarts likewise). Loops
    over a set's keys hold references to them (``held_keys``), as CPython's do since
    bpo-46615, so a key the loop's comparisons discard stays alive."""

    __slots__ = ("table", "fill", "used", "lookup", "hash", "ob_weak")

    def set_items(self):
        """The keys in table order, borrowed: for loops that run no user code."""
        return [e[2] for e in self.table if e is not None and e is not _DUMMY]

    def held_keys(self) -> "HeldKeys":
        """The keys in table order as new references, released when the ``with``
        block ends: for loops whose comparisons may mutate or clear the set."""
        return HeldKeys([incref(e[2]) for e in self.table
                         if e is not None and e is not _DUMMY])


class HeldKeys:
    """A context manager over a list of owned references (``PySet.held_keys``)."""

    __slots__ = ("keys",)

    def __init__(self, keys) -> None:
        self.keys = keys

    def __enter__(self):
        return self.keys

    def __exit__(self, *exc) -> None:
        keys, self.keys = self.keys, []
        for key in keys:
            decref(key)


def _set_dealloc(s):
    if s.ob_weak:
        from .weakrefs import clear_weakrefs
        clear_weakrefs(s)
    entries = [e for e in s.table if e is not None and e is not _DUMMY]
    s.table = [None] * 8
    s.lookup = {}
    s.used = s.fill = 0
    for e in entries:
        decref(e[2])
    if s.ob_type.tp_heap:
        from .instances import heap_dealloc_tail
        heap_dealloc_tail(s)


set_type = make_type("set", layout=PySet, dealloc=_set_dealloc)
frozenset_type = make_type("frozenset", layout=PySet, dealloc=_set_dealloc)
set_type.tp_hasweak = frozenset_type.tp_hasweak = True  # tp_weaklistoffset


def new_set(tp=None) -> PySet:
    s = PySet.__new__(PySet)
    s.ob_refcnt = 1
    s.ob_type = tp or set_type
    s.table = [None] * 8
    s.fill = 0
    s.used = 0
    s.lookup = {}
    s.hash = None
    s.ob_weak = None
    return s


def _insert_clean(table, h, entry):
    mask = len(table) - 1
    perturb = h & ((1 << 64) - 1)
    i = h & mask
    while True:
        if table[i] is None:
            table[i] = entry
            return
        if i + _LINEAR_PROBES <= mask:
            for j in range(1, _LINEAR_PROBES + 1):
                if table[i + j] is None:
                    table[i + j] = entry
                    return
        perturb >>= _PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def _resize(s, minused):
    size = 8
    while size <= minused:
        size <<= 1
    old = s.table
    table = [None] * size
    for e in old:
        if e is not None and e is not _DUMMY:
            _insert_clean(table, e[0], e)
    s.table = table
    s.fill = s.used


def set_add(s: PySet, key: PyObject) -> None:
    """``set_add_entry`` (key borrowed): CPython's probe sequence, reusing the first
    dummy slot seen."""
    hk = hkey(key)
    h = hk.h if isinstance(hk, CustomKey) else abstract.hash_of(key)
    entry = (h, hk, key)
    while True:
        # setdefault looks up and claims the host key in one host operation: any later
        # dict operation could run a key's __eq__ again (and another key's)
        lookup = s.lookup
        if lookup.setdefault(hk, entry) is not entry:
            return
        if lookup is s.lookup:
            break
        # cleared while a key's __eq__ ran: the claim went to the old dict
    table = s.table
    mask = len(table) - 1
    perturb = h & ((1 << 64) - 1)
    i = h & mask
    free = None
    while True:
        probes = [i] + ([i + j for j in range(1, _LINEAR_PROBES + 1)]
                        if i + _LINEAR_PROBES <= mask else [])
        for p in probes:
            e = table[p]
            if e is None:
                if free is None:
                    free = p
                    s.fill += 1
                table[free] = entry
                incref(key)
                s.used += 1
                if s.fill * 5 >= mask * 3:
                    _resize(s, s.used * 2 if s.used > 50000 else s.used * 4)
                return
            if e is _DUMMY and free is None:
                free = p
        perturb >>= _PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def _slot_of(table, entry) -> int:
    """The slot holding ``entry`` (by identity), found along its probe sequence."""
    mask = len(table) - 1
    h = entry[0]
    perturb = h & ((1 << 64) - 1)
    i = h & mask
    while True:
        for p in ([i] + ([i + j for j in range(1, _LINEAR_PROBES + 1)]
                         if i + _LINEAR_PROBES <= mask else [])):
            if table[p] is entry:
                return p
            if table[p] is None:
                raise AssertionError("set entry missing from its table")
        perturb >>= _PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def _remove_entry(s: PySet, entry) -> None:
    """Drop ``entry`` (already popped from ``s.lookup``) from the table; its key
    reference is the caller's."""
    s.table[_slot_of(s.table, entry)] = _DUMMY
    s.used -= 1


def set_discard(s: PySet, key: PyObject) -> bool:
    hk = hkey(key)
    while True:
        lookup = s.lookup
        entry = lookup.pop(hk, None)
        if lookup is s.lookup:
            break
        # cleared while the key's __eq__ ran: what the old dict held is gone already
    if entry is None:
        return False
    _remove_entry(s, entry)
    decref(entry[2])
    return True


def set_contains_key(s: PySet, key: PyObject) -> bool:
    if key.ob_type is set_type:
        with key.held_keys() as keys:
            hk = frozenset([hkey(x) for x in keys])
        return hk in s.lookup
    hk = hkey(key)
    while True:
        lookup = s.lookup
        found = hk in lookup
        if lookup is s.lookup:
            return found
        # cleared while a key's __eq__ ran: look again in the new table


def set_update(s: PySet, iterable: PyObject) -> None:
    if isinstance(iterable, PySet):
        _set_merge(s, iterable)
        return
    if isinstance(iterable, PyDict):
        with HeldKeys([incref(k) for k in iterable.keys.values()]) as keys:
            for key in keys:
                set_add(s, key)
        return
    for key in abstract.iterate(iterable):
        try:
            set_add(s, key)
        finally:
            decref(key)


def _set_merge(s: PySet, other: PySet) -> None:
    """``set_merge``: one resize up front; into an empty set, ``other``'s entries are
    copied slot for slot (same size, no dummies) or re-inserted along their probe
    sequences, else added one by one."""
    if other is s or other.used == 0:
        return
    if (s.fill + other.used) * 5 >= (len(s.table) - 1) * 3:
        _resize(s, (s.used + other.used) * 2)
    if s.fill == 0:
        _copy_body(s, other, len(s.table) == len(other.table) and other.fill == other.used)
        return
    with other.held_keys() as keys:
        for key in keys:
            set_add(s, key)


def _copy_body(s: PySet, source: PySet, same_slots: bool) -> None:
    """Make empty ``s`` hold ``source``'s entries (shared: they are immutable), in the
    same slots or inserted clean into ``s``'s table. The new lookup compares keys of
    equal hash; a key whose ``__eq__`` claims equality with an earlier one is left
    out, so table and lookup agree whatever the comparisons did."""
    lookup = {}
    snapshot = list(source.table)
    entries = [e for e in snapshot if e is not None and e is not _DUMMY]
    for e in entries:  # held first: a key's __eq__ may empty ``source``
        incref(e[2])
    for e in entries:
        lookup.setdefault(e[1], e)
    dropped = []
    if len(lookup) != len(entries):
        kept = set(map(id, lookup.values()))
        dropped = [e for e in entries if id(e) not in kept]
        entries = [e for e in entries if id(e) in kept]
        same_slots = False
    if same_slots:
        table = snapshot
    else:
        table = s.table
        for e in entries:
            _insert_clean(table, e[0], e)
    s.table, s.lookup = table, lookup
    s.used = s.fill = len(entries)
    for e in dropped:
        decref(e[2])


def make_set(tp, items: Optional[PyObject] = None) -> PySet:
    s = new_set(tp)
    if items is not None:
        set_update(s, items)
    return s


def _set_new(tp, args, kwargs):
    if tp is set_type or tp is frozenset_type:
        if kwargs:
            raise err("TypeError", "%s() takes no keyword arguments" % tp.tp_name)
        if tp is frozenset_type:
            if args and args[0].ob_type is frozenset_type:
                return incref(args[0])
            if STATE.target.runtime("empty_frozenset_singleton"):
                return _frozenset_or_empty(args[0] if args else None)
            return make_set(tp, args[0] if args else None)
        return new_set(tp)
    from .instances import alloc_instance
    s = alloc_instance(tp)
    s.table = [None] * 8
    s.fill = s.used = 0
    s.lookup = {}
    s.hash = None
    if tp.tp_mro[-2] is frozenset_type or frozenset_type in tp.tp_mro:
        if args:
            set_update(s, args[0])
    return s


#: The interpreter's empty frozenset before 3.10, made on first use and never freed.
_EMPTY_FROZENSET: List[PySet] = []


def _frozenset_or_empty(iterable):
    """``frozenset_new`` before 3.10: an empty result is the one empty frozenset
    (the set made from an empty iterable is freed again)."""
    if iterable is not None:
        s = make_set(frozenset_type, iterable)
        if s.used:
            return s
        decref(s)
    if not _EMPTY_FROZENSET:
        _EMPTY_FROZENSET.append(incref(make_set(frozenset_type, None)))
    return incref(_EMPTY_FROZENSET[0])


set_type.tp_new = _set_new
frozenset_type.tp_new = _set_new


@method(set_type, "__init__", K.KEYWORDS)
def set_init(self, args, kwargs):
    if len(args) > 1:
        raise err("TypeError", "set expected at most 1 argument, got %d" % len(args))
    if args:
        set_update(self, args[0])
    return NONE


class PySetIter(PyIter):
    __slots__ = ("snapshot", "used")


def _set_iter_dealloc(it):
    if it.seq is not None:
        decref(it.seq)


set_iter_type = make_type("set_iterator", layout=PySetIter, basetype=False,
                          dealloc=_set_iter_dealloc)
method(set_iter_type, "__iter__", K.NOARGS)(incref)


def _set_next(it):
    s = it.seq
    if s is None:
        return None
    if s.used != it.used:
        it.seq = None
        decref(s)
        raise err("RuntimeError", "Set changed size during iteration")
    table = s.table
    i = it.index
    while i < len(table):
        e = table[i]
        i += 1
        if e is not None and e is not _DUMMY:
            it.index = i
            return incref(e[2])
    it.seq = None
    decref(s)
    return None


_register_next(set_iter_type, _set_next)


def _set_iter(self):
    it = PySetIter.__new__(PySetIter)
    it.ob_refcnt = 1
    it.ob_type = set_iter_type
    it.seq = incref(self)
    it.index = 0
    it.used = self.used
    return it


def _set_repr(self):
    key = id(self)
    name = self.ob_type.tp_name
    if key in _repr_active:
        return new_str("%s(...)" % name)
    if not self.used:
        return new_str("%s()" % name)
    _repr_active.add(key)
    try:
        with self.held_keys() as keys:
            body = "{" + ", ".join([repr_text(x) for x in keys]) + "}"
    finally:
        _repr_active.discard(key)
    if self.ob_type is set_type:
        return new_str(body)
    return new_str("%s(%s)" % (name, body))


def _other_set(o):
    if isinstance(o, PySet):
        return o, False
    return None, False


def _set_binop(kind):
    def fn(self, other):
        if not isinstance(other, PySet):
            return NOT_IMPLEMENTED
        return set_algebra(self, other, kind, self.ob_type if self.ob_type in
                           (set_type, frozenset_type) else
                           (frozenset_type if frozenset_type in self.ob_type.tp_mro
                            else set_type))
    return fn


def set_algebra(a: PySet, b: PyObject, kind: str, tp) -> PySet:
    """Union, intersection, difference and symmetric difference in the orders
    setobject.c builds them."""
    if kind == "|":
        out = make_set(tp, a)
        set_update(out, b)
        return out
    if kind == "&":
        out = new_set(tp)
        # set_intersection walks the other set and looks its keys up in this
        # one, the other way round when the other is larger
        small, big = (b, a)
        if isinstance(b, PySet) and len(b.lookup) > len(a.lookup):
            small, big = a, b
        if isinstance(b, PySet):
            with small.held_keys() as keys:
                for key in keys:
                    if set_contains_key(big, key):
                        set_add(out, key)
        else:
            for key in abstract.iterate(b):
                if set_contains_key(a, key):
                    set_add(out, key)
                decref(key)
        return out
    if kind == "-":
        # set_difference: a new set of this one's keys the other lacks, unless the
        # other is no set or dict, or this one is over four times its size: then
        # a copy with the other's keys discarded
        if isinstance(b, PySet) or b.ob_type is dict_type:
            if (len(a.lookup) >> 2) <= len(_host_keys(b)):
                out = new_set(tp)
                with a.held_keys() as keys:
                    for key in keys:
                        # b's keys read afresh: a comparison may have cleared b
                        if hkey(key) not in _host_keys(b):
                            set_add(out, key)
                return out
        return _copy_and_difference(a, b, tp)
    # set_symmetric_difference: a copy of the other operand with each key of this
    # one toggled in (the table that results decides the order).
    out = make_set(tp, b)
    try:
        _symmetric_difference_update(out, a)
    except PyErr:
        decref(out)
        raise
    return out


def _host_keys(o):
    """The host dict keyed by the host keys of set or dict ``o``."""
    return o.lookup if isinstance(o, PySet) else o.keys


def _copy_and_difference(a: PySet, b: PyObject, tp) -> PySet:
    """``set_copy_and_difference``: a copy of ``a`` without ``b``'s keys."""
    out = make_set(tp, a)
    others = b if isinstance(b, PySet) else make_set(set_type, b)
    with others.held_keys() as keys:
        for key in keys:
            set_discard(out, key)
    if others is not b:
        decref(others)
    return out


for _tp in (set_type, frozenset_type):
    method(_tp, "__iter__", K.NOARGS)(_set_iter)
    method(_tp, "__repr__", K.NOARGS)(_set_repr)
    method(_tp, "__len__", K.NOARGS)(lambda self: new_int(self.used))
    method(_tp, "__contains__")(lambda self, k: new_bool(set_contains_key(self, k)))
    for _sym, _name in (("|", "or"), ("&", "and"), ("-", "sub"), ("^", "xor")):
        method(_tp, "__%s__" % _name)(_set_binop(_sym))

    def _named(kind, _tp=_tp):
        def fn(self, *others):
            out = make_set(self.ob_type if self.ob_type in (set_type, frozenset_type)
                           else set_type, self)
            for i, o in enumerate(others):
                if kind == "-" and i:
                    # set_difference_multi: the first other makes the result,
                    # the rest are discarded from it
                    nxt = _copy_and_difference(out, o, out.ob_type)
                else:
                    nxt = set_algebra(out, o, kind, out.ob_type)
                decref(out)
                out = nxt
            return out
        return fn
    method(_tp, "union", K.VARARGS, 0, 99)(_named("|"))
    method(_tp, "intersection", K.VARARGS, 0, 99)(_named("&"))
    method(_tp, "difference", K.VARARGS, 0, 99)(_named("-"))
    method(_tp, "symmetric_difference", K.VARARGS, 1, 1)(_named("^"))


def _is_subset(a: PySet, b: PySet) -> bool:
    """``set_issubset`` for two sets: every key of ``a``, in table order, is in ``b``."""
    if a.used > b.used:
        return False
    with a.held_keys() as keys:
        return all(set_contains_key(b, key) for key in keys)


def _contains_any(s: PySet, iterable: PyObject) -> bool:
    """Whether some item of ``iterable`` is in ``s``, iterating no further than it."""
    it = abstract.get_iter(iterable)
    try:
        while True:
            key = abstract.iter_next(it)
            if key is None:
                return False
            try:
                if set_contains_key(s, key):
                    return True
            finally:
                decref(key)
    finally:
        decref(it)


def set_issubset_m(self, other):
    if isinstance(other, PySet):
        return new_bool(_is_subset(self, other))
    tmp = make_set(set_type, other)
    try:
        return new_bool(_is_subset(self, tmp))
    finally:
        decref(tmp)


def set_issuperset_m(self, other):
    if isinstance(other, PySet):
        return new_bool(_is_subset(other, self))
    it = abstract.get_iter(other)
    try:
        while True:
            key = abstract.iter_next(it)
            if key is None:
                return TRUE
            try:
                if not set_contains_key(self, key):
                    return FALSE
            finally:
                decref(key)
    finally:
        decref(it)


def set_isdisjoint_m(self, other):
    if other is self:
        return new_bool(self.used == 0)
    if isinstance(other, PySet):
        small, big = (other, self) if self.used > other.used else (self, other)
        with small.held_keys() as keys:
            return new_bool(not any(set_contains_key(big, key) for key in keys))
    return new_bool(not _contains_any(self, other))


def _set_richcompare(op):
    """``set_richcompare`` for ``CMP_NAMES[op]``: sizes first, then subset tests."""
    def fn(self, other):
        if not isinstance(other, PySet):
            return NOT_IMPLEMENTED
        if op in (2, 3):  # == and !=
            equal = self.used == other.used and not (
                self.hash is not None and other.hash is not None and
                self.hash != other.hash) and _is_subset(self, other)
            return new_bool(equal if op == 2 else not equal)
        if op == 0:
            return new_bool(self.used < other.used and _is_subset(self, other))
        if op == 1:
            return new_bool(_is_subset(self, other))
        if op == 4:
            return new_bool(self.used > other.used and _is_subset(other, self))
        return new_bool(_is_subset(other, self))
    return fn


def set_copy_m(self):
    """``set.copy``/``frozenset.copy``: a set or frozenset (never a subclass); an
    exact frozenset is its own copy."""
    if self.ob_type is frozenset_type:
        return incref(self)
    base = frozenset_type if frozenset_type in self.ob_type.tp_mro else set_type
    return make_set(base, self)


for _tp in (set_type, frozenset_type):
    method(_tp, "copy", K.NOARGS)(set_copy_m)
    method(_tp, "issubset")(set_issubset_m)
    method(_tp, "issuperset")(set_issuperset_m)
    method(_tp, "isdisjoint")(set_isdisjoint_m)
    for _op, _cname in enumerate(abstract.CMP_NAMES):
        method(_tp, _cname)(_set_richcompare(_op))


@method(frozenset_type, "__hash__", K.NOARGS)
def frozenset_hash(self):
    if self.hash is not None:
        return new_int(self.hash)
    mask = (1 << 64) - 1
    h = 0
    for e in self.table:
        if e is not None and e is not _DUMMY:
            x = e[0] & mask
            h ^= (((x ^ 89869747) ^ (x << 16)) * 3644798167) & mask
    if self.used & 1 == 0 and False:
        pass
    h ^= ((self.used + 1) * 1927868237) & mask
    h ^= (h >> 11) ^ (h >> 25)
    h = (h * 69069 + 907133923) & mask
    if h == mask:
        h = 590923713
    v = h - (1 << 64) if h >= 1 << 63 else h
    self.hash = v
    return new_int(v)


set_type.tp_dict.vals["__hash__"] = NONE
set_type.tp_dict.keys["__hash__"] = R.intern("__hash__")


@method(set_type, "add")
def set_add_m(self, key):
    set_add(self, key)
    return NONE


@method(set_type, "discard")
def set_discard_m(self, key):
    set_discard(self, key)
    return NONE


@method(set_type, "remove")
def set_remove_m(self, key):
    if not set_discard(self, key):
        raise PyErr(key_error(key))
    return NONE


@method(set_type, "pop", K.NOARGS)
def set_pop_m(self):
    for e in self.table:
        if e is not None and e is not _DUMMY:
            # popped by host key, which runs no __eq__ for e itself (found by identity)
            # but may for keys of equal hash probed first: remove what the pop found
            lookup = self.lookup
            found = lookup.pop(e[1])
            if lookup is not self.lookup:
                return set_pop_m(self)
            _remove_entry(self, found)
            return found[2]
    raise err("KeyError", "pop from an empty set")


@method(set_type, "clear", K.NOARGS)
def set_clear_m(self):
    _set_dealloc_keep(self)
    return NONE


def _set_dealloc_keep(s):
    entries = s.set_items()
    s.table = [None] * 8
    s.lookup = {}
    s.used = s.fill = 0
    for key in entries:
        decref(key)


@method(set_type, "update", K.VARARGS, 0, 99)
def set_update_m(self, *others):
    for o in others:
        set_update(self, o)
    return NONE


def _inplace(kind):
    def fn(self, other):
        if not isinstance(other, PySet):
            return NOT_IMPLEMENTED
        if kind == "|":
            set_update(self, other)
        elif kind == "-":
            _difference_update(self, other)
        elif kind == "^":
            _symmetric_difference_update(self, other)
        else:
            result = set_algebra(self, other, kind, set_type)
            _swap_bodies(self, result)
            decref(result)
        return incref(self)
    return fn


for _sym, _name in (("|", "ior"), ("&", "iand"), ("-", "isub"), ("^", "ixor")):
    method(set_type, "__%s__" % _name)(_inplace(_sym))


@method(set_type, "intersection_update", K.VARARGS, 0, 99)
def set_intersection_update(self, *others):
    for o in others:
        result = set_algebra(self, o, "&", set_type)
        _swap_bodies(self, result)
        decref(result)
    return NONE


def _swap_bodies(a, b):
    """``set_swap_bodies``: ``a`` takes ``b``'s table as it is (and ``b`` ``a``'s)."""
    for name in ("table", "fill", "used", "lookup"):
        va, vb = getattr(a, name), getattr(b, name)
        setattr(a, name, vb)
        setattr(b, name, va)


def _symmetric_difference_update(self, other):
    """``set_symmetric_difference_update``: toggle each key of ``other`` in place."""
    if other is self:
        _set_dealloc_keep(self)
        return
    if isinstance(other, PyDict):
        keys = [incref(k) for k in other.keys.values()]
        try:
            for key in keys:
                if not set_discard(self, key):
                    set_add(self, key)
        finally:
            for key in keys:
                decref(key)
        return
    otherset = other if isinstance(other, PySet) else make_set(set_type, other)
    try:
        with otherset.held_keys() as keys:
            for key in keys:
                if not set_discard(self, key):
                    set_add(self, key)
    finally:
        if otherset is not other:
            decref(otherset)


@method(set_type, "symmetric_difference_update")
def set_symmetric_difference_update(self, other):
    _symmetric_difference_update(self, other)
    return incref(NONE)


@method(set_type, "difference_update", K.VARARGS, 0, 99)
def set_difference_update(self, *others):
    for o in others:
        _difference_update(self, o)
    return NONE


def _difference_update(self, other):
    """``set_difference_update_internal``: discard each key of ``other`` from ``self``."""
    if other is self:
        _set_dealloc_keep(self)
        return
    if isinstance(other, (PySet, PyDict)):
        held = other.held_keys() if isinstance(other, PySet) else \
            HeldKeys([incref(k) for k in other.keys.values()])
        with held as keys:
            for key in keys:
                set_discard(self, key)
        return
    for key in abstract.iterate(other):
        try:
            set_discard(self, key)
        finally:
            decref(key)
