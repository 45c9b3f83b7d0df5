"""``dict`` (Objects/dictobject.c) and the hash keys every hashed container uses.

A :class:`PyDict` keeps two host dicts in step, ``keys`` and ``vals``, both keyed by
a *host key* (:func:`hkey`) that has the same equality as the minivm object: the
host ``str``/``int``/``float``/``bytes`` value for exact builtin scalars (so
namespace lookups by a host ``str`` are one host dict probe), a host tuple of host
keys for tuples, the object itself for identity-hashed objects, and a
:class:`CustomKey` that calls back into minivm's ``__hash__``/``__eq__`` otherwise.
Host dicts keep insertion order exactly as CPython's dicts do, including after
deletions, so iteration order needs no table of our own (sets, whose order depends
on the hash values, have one: see setobject.py).
"""

from __future__ import annotations

import contextlib

from typing import Any, Dict, List, Optional

from .core import UNCOUNTED, R, STATE, PyErr, PyObject, PyType, decref, err, gc_new, incref
from .typeobject import count_objects, make_type, object_type, type_type


class PyDict(PyObject):
    __slots__ = ("keys", "vals")


def new_dict() -> PyDict:
    d = PyDict.__new__(PyDict)
    d.ob_refcnt = 1
    d.ob_type = dict_type
    d.keys = {}
    d.vals = {}
    return d


dict_type = make_type("dict", layout=PyDict)
R.new_dict = new_dict
for _tp in (object_type, type_type, dict_type):
    _tp.tp_dict = new_dict()


def entries(d: PyDict):
    """The ``(key, value)`` of each entry in order, borrowed, found without looking a
    key up: ``keys`` and ``vals`` hold their entries in the same order, and a lookup
    by a custom key could call its ``__eq__`` (from a collection, on an object whose
    dict is already cleared)."""
    return zip(d.keys.values(), d.vals.values())


def _dict_dealloc(d: PyDict) -> None:
    dict_clear(d)
    _heap_tail(d)


def _heap_tail(o) -> None:
    """Drop what a user subclass instance adds (dict, slots) and its type reference."""
    tp = o.ob_type
    if tp.tp_heap:
        from .instances import heap_dealloc_tail
        heap_dealloc_tail(o)


dict_type.tp_dealloc = _dict_dealloc


class PyManagedDict(PyDict):
    """The dict of an instance of a class where CPython keeps it inside the instance
    (3.11+ managed dicts): not an object of its own for the collector's count until
    a program asks for it (:func:`materialize_dict`)."""

    __slots__ = ()


def _dict_free_list(d: PyDict) -> Any:
    return UNCOUNTED if type(d) is PyManagedDict else "dict"


count_objects(dict_type, _dict_free_list, new_kind="dict")


def dict_kept_in_instance(tp: PyType) -> bool:
    """Whether instances of ``tp`` keep their attributes inside the object, with no
    dict object until a program asks for ``__dict__``: from 3.11 a class whose
    only static base is ``object`` (a managed dict: classes of ``Exception``,
    ``int``, ``list``, ... have a dict slot of their own), from 3.13 only when no
    ``__slots__`` storage either (inline values need the bare object layout).
    Measured with gc.collect() of a self-referencing instance per base."""
    if not tp.tp_heap or not STATE.target.runtime("managed_dicts"):
        return False
    for t in tp.tp_mro:
        if not t.tp_heap and t is not object_type:
            return False
    return not (tp.tp_slotnames and STATE.target.runtime("managed_dict_uncounted"))


def new_instance_dict(obj: PyObject) -> PyDict:
    """The dict ``obj`` gets with its first attribute."""
    if not dict_kept_in_instance(obj.ob_type):
        return new_dict()
    d = object.__new__(PyManagedDict)
    d.ob_refcnt = 1
    d.ob_type = dict_type
    d.keys = {}
    d.vals = {}
    return d


R.new_instance_dict = new_instance_dict


def materialize_dict(d: PyDict) -> None:
    """A program asked for an instance's managed dict: it becomes a dict object."""
    if type(d) is PyManagedDict:
        d.__class__ = PyDict
        gc_new("dict")


class CustomKey:
    """Host key for an object with a user ``__hash__``/``__eq__``."""

    __slots__ = ("obj", "h")

    def __init__(self, obj: PyObject, h: int) -> None:
        self.obj = obj
        self.h = h

    def __hash__(self) -> int:
        return self.h

    def __eq__(self, other: Any) -> bool:
        from . import abstract
        if _BY_IDENTITY[0]:
            return isinstance(other, CustomKey) and other.obj is self.obj
        if isinstance(other, CustomKey):
            other_obj = other.obj
            if other_obj is self.obj:
                return True
            if other_obj.ob_refcnt <= 0:
                # a key of a table an __eq__ emptied while the host searched it: gone
                # (the caller's lookup starts again on the new table)
                return False
            other_obj.ob_refcnt += 1  # (an __eq__ may empty the table that holds it)
        else:
            other_obj = from_hkey(other)
        obj = incref(self.obj)
        try:
            return abstract.rich_compare_bool(obj, other_obj, 2)
        finally:
            decref(obj)
            decref(other_obj)


_BY_IDENTITY = [False]


@contextlib.contextmanager
def keys_by_identity():
    """Host key comparisons inside match custom keys by identity alone: no
    program ``__eq__`` runs (CPython's dict iteration compares no keys, and one
    that empties the dict must not run between finding an entry and reading it)."""
    was, _BY_IDENTITY[0] = _BY_IDENTITY[0], True
    try:
        yield
    finally:
        _BY_IDENTITY[0] = was


def get_by_identity(table: dict, hk: Any) -> Any:
    """``table.get(hk)`` under :func:`keys_by_identity`."""
    if type(hk) in (str, int):
        return table.get(hk)
    with keys_by_identity():
        return table.get(hk)


def from_hkey(hk: Any) -> PyObject:
    """A new minivm object equal to host key ``hk`` (for comparing a CustomKey
    with a plain key)."""
    from .scalars import from_host
    if isinstance(hk, PyObject):
        return incref(hk)
    return from_host(hk)


#: How ``hkey`` treats each type: "value", "tuple", "identity", "custom", "unhashable".
HASH_KIND: Dict[PyType, str] = {}


def hash_kind(tp: PyType) -> str:
    kind = HASH_KIND.get(tp)
    if kind is None:
        kind = _compute_hash_kind(tp)
        HASH_KIND[tp] = kind
    return kind


def _compute_hash_kind(tp: PyType) -> str:
    from .core import type_lookup
    h = type_lookup(tp, "__hash__")
    if h is None or h is R.none:
        return "unhashable"
    eq = type_lookup(tp, "__eq__")
    owner_h = getattr(h, "objclass", None)
    owner_eq = getattr(eq, "objclass", None)
    if owner_h is object_type and owner_eq is object_type:
        return "identity"
    if owner_h is not None and owner_h is owner_eq and not owner_h.tp_heap:
        if owner_h is R.types["tuple"]:
            return "tuple"
        if owner_h is R.types["frozenset"]:
            return "frozenset"
        if owner_h in VALUE_KEYED:
            return "value"
        return "custom" if owner_h not in IDENTITY_KEYED else "identity"
    return "custom"


#: Builtin types whose ``value`` attribute is a host value with the same equality.
VALUE_KEYED = set()
#: Builtin types with their own ``__hash__``/``__eq__`` that still compare by identity.
IDENTITY_KEYED = set()


def hkey(o: PyObject) -> Any:
    """The host key of ``o`` (raises TypeError for unhashable objects)."""
    tp = o.ob_type
    if tp is str_type:
        return o.value
    kind = HASH_KIND.get(tp) or hash_kind(tp)
    if kind == "value":
        v = o.value
        if v != v:  # NaN: equal only to itself
            return o
        return v
    if kind == "identity":
        return o
    if kind == "tuple":
        return tuple([hkey(x) for x in o.items])
    if kind == "frozenset":
        return frozenset([hkey(x) for x in o.set_items()])
    if kind == "unhashable":
        raise err("TypeError", "unhashable type: '%s'" % tp.tp_name)
    from .abstract import hash_of
    return CustomKey(o, hash_of(o))


str_type: Optional[PyType] = None  # set by scalars.py


# -- the dict operations the VM and builtins use ------------------------------------

def dict_getitem(d: PyDict, key: PyObject) -> Optional[PyObject]:
    """Borrowed value or None (``PyDict_GetItemWithError``)."""
    return d.vals.get(hkey(key))


def dict_setitem(d: PyDict, key: PyObject, value: PyObject) -> None:
    """``PyDict_SetItem``: key and value borrowed; an existing key object is kept."""
    hk = hkey(key)
    vals = d.vals
    old = vals.get(hk)
    value.ob_refcnt += 1
    if old is None:
        key.ob_refcnt += 1
        d.keys[hk] = key
        vals[hk] = value
    else:
        vals[hk] = value
        decref(old)


def dict_setitem_str(d: PyDict, name: str, value: PyObject) -> None:
    vals = d.vals
    old = vals.get(name)
    value.ob_refcnt += 1
    if old is None:
        d.keys[name] = R.intern(name)
        vals[name] = value
    else:
        vals[name] = value
        decref(old)


#: id(dict) -> the deletion logs (sets of host keys) of its live iterators: a key
#: deleted and added again is a new entry at the end of CPython's table, which
#: the host dict's order alone cannot tell from the entry that was there
ITERATED: Dict[int, List[set]] = {}


def note_deleted(d: PyDict, hk: Any) -> None:
    """Every deletion of an entry from ``d`` tells its live iterators."""
    logs = ITERATED.get(id(d))
    if logs:
        for log in logs:
            log.add(hk)


def dict_delitem_hk(d: PyDict, hk: Any) -> None:
    key = d.keys.pop(hk)
    value = d.vals.pop(hk)
    note_deleted(d, hk)
    decref(key)
    decref(value)


def dict_delitem_str(d: PyDict, name: str) -> None:
    dict_delitem_hk(d, name)


def dict_delitem(d: PyDict, key: PyObject) -> None:
    hk = hkey(key)
    if hk not in d.vals:
        raise PyErr(key_error(key))
    dict_delitem_hk(d, hk)


def key_error(key: PyObject) -> PyObject:
    from .core import new_exception
    return new_exception("KeyError", None, key)


def dict_clear(d: PyDict) -> None:
    """``PyDict_Clear`` (also the dict's ``tp_clear``): empty ``d`` first, then
    release its keys and values in entry order."""
    old = list(entries(d))
    d.keys = {}
    d.vals = {}
    for key, value in old:
        decref(key)
        decref(value)


def dict_items(d: PyDict):
    """(key, value) pairs, borrowed, in order (a snapshot list)."""
    return list(entries(d))


R.dict_setitem_str = dict_setitem_str
R.dict_delitem_str = dict_delitem_str
