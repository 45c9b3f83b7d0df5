"""The cyclic garbage collector: ``tp_traverse``/``tp_clear`` for every container,
and ``gc.collect`` with CPython's algorithm (Modules/gcmodule.c).

**Traverse and clear.**  A container's references are the minivm objects held in
the slots of its host layout, directly or inside a host list, tuple or dict held
there (:func:`traverse`, overridable per layout in :data:`TRAVERSE`); clearing a
container drops those it owns the way its type's ``tp_clear`` does
(:func:`clear`, per layout in :data:`CLEAR`): instances lose their dict and slots,
lists, dicts, sets and deques their items, functions their defaults, closure and
dict, cells their content, frames their locals, exceptions their args, traceback
and context.  Immutable containers (tuples) and types have no ``tp_clear``, as in
CPython.

**The heap.**  minivm objects are host objects; while a program runs the host's
own collector is disabled (:func:`host_gc_paused`), so a minivm cycle stays in the
host heap until minivm collects it, and the host's list of tracked objects is
the heap to walk, oldest first (what a full collection merges into generation 2).

**collect.**  ``gc_refs`` starts at each object's reference count and loses one
for every reference from another candidate; objects left with references from
outside, and all they reach, are alive.  The rest is garbage: weak references to
it are cleared and the callbacks of the surviving ones called; ``__del__`` runs
once per object (PEP 442); objects a finalizer resurrected are spared; every
other object is cleared, which frees the cycles.  The count returned is what
CPython counts: its number of tracked objects in the garbage (an instance's
managed dict counts only once materialized, and only before 3.13; a heap type
also owns its ``__bases__`` and ``__mro__`` tuples, which minivm keeps as host
tuples).
"""

from __future__ import annotations

import contextlib
import gc as host_gc
from typing import Any, Callable, Dict, Iterator, List, Set

from ..objects.core import IMMORTAL, PyErr, PyObject, PyType, decref, incref

#: Layout-specific ``tp_traverse``: ``fn(obj) -> iterator of referenced objects``.
TRAVERSE: Dict[type, Callable[[Any], Iterator[Any]]] = {}
#: Layout-specific ``tp_clear``: ``fn(obj) -> None``.
CLEAR: Dict[type, Callable[[Any], None]] = {}
#: Host ids of instances whose ``__dict__`` a program materialized.
MATERIALIZED: Set[int] = set()

_NOT_CONTAINERS = frozenset(("int", "bool", "float", "complex", "str", "bytes", "NoneType",
                             "ellipsis", "NotImplementedType", "code", "range", "slice",
                             "bytearray"))


def _slot_names(cls: type) -> List[str]:
    names: List[str] = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name not in ("ob_refcnt", "ob_type", "ob_weak") and name not in names:
                names.append(name)
    return names


_SLOTS: Dict[type, List[str]] = {}
_CLEARS_READY: List[bool] = []


_OBJECT_TYPES: List[type] = [PyObject]


def _is_object(x: Any) -> bool:
    """A minivm object (frames are host lists, the rest PyObjects)."""
    if len(_OBJECT_TYPES) == 1:
        from ..vm.frame import Frame
        _OBJECT_TYPES.append(Frame)
    return isinstance(x, (_OBJECT_TYPES[0], _OBJECT_TYPES[-1]))


def _type_traverse(tp: Any) -> Iterator[Any]:
    """A heap type owns its dict, bases, MRO (itself included) and base; the
    lookup cache and the subclass list are borrowed."""
    if tp.ob_type is not None and tp.ob_type.tp_heap:
        yield tp.ob_type
    if tp.tp_dict is not None:
        yield tp.tp_dict
    yield from tp.tp_bases
    yield from tp.tp_mro
    if tp.tp_base is not None:
        yield tp.tp_base


TRAVERSE[PyType] = _type_traverse


def traverse(o: Any) -> Iterator[Any]:
    """``tp_traverse``: the minivm objects ``o`` holds references to."""
    fn = TRAVERSE.get(type(o))
    if fn is not None:
        yield from fn(o)
        return
    tp = o.ob_type
    if isinstance(tp, PyType) and tp.tp_heap and not isinstance(o, PyType):
        yield tp
    if isinstance(o, list):  # a frame: its value stack
        for x in o:
            if x is not None and _is_object(x):
                yield x
    names = _SLOTS.get(type(o))
    if names is None:
        names = _SLOTS[type(o)] = _slot_names(type(o))
    for name in names:
        value = getattr(o, name, None)
        if value is None:
            continue
        if _is_object(value):
            yield value
        elif isinstance(value, (list, tuple)):
            for x in value:
                if _is_object(x):
                    yield x
                elif isinstance(x, tuple):  # set table entries (hash, key, object)
                    for y in x:
                        if _is_object(y):
                            yield y
        elif isinstance(value, dict):
            for x in value.values():
                if _is_object(x):
                    yield x


def clear(o: Any) -> None:
    """``tp_clear``: drop the references ``o`` owns, if its type has a clear (types,
    tuples, strings and iterators have none, as in CPython: a cycle through them is
    broken at another member)."""
    fn = CLEAR.get(type(o))
    if fn is None:
        for klass in type(o).__mro__:
            fn = CLEAR.get(klass)
            if fn is not None:
                CLEAR[type(o)] = fn
                break
    if fn is not None:
        fn(o)


def _drop(o: Any, *names: str) -> None:
    """Set the named slots to None, then release what they held."""
    held = []
    for name in names:
        v = getattr(o, name, None)
        if v is not None:
            setattr(o, name, None)
            held.append(v)
    for v in held:
        decref(v)


def _clear_instance(o: Any) -> None:
    slots = o.ob_slots
    if slots:
        o.ob_slots = [None] * len(slots)
    _drop(o, "ob_dict")
    for v in slots or ():
        if v is not None:
            decref(v)


def _clear_list(o: Any) -> None:
    items, o.items = o.items, []
    for v in items:
        decref(v)


def _clear_dict(o: Any) -> None:
    keys, vals = o.keys, o.vals
    o.keys, o.vals = {}, {}
    for hk, k in keys.items():
        decref(k)
        decref(vals[hk])


def _clear_function(f: Any) -> None:
    _drop(f, "defaults", "kwdefaults", "closure", "ob_dict", "annotations", "module")


def _clear_exception(e: Any) -> None:
    _drop(e, "traceback", "context", "cause", "ob_dict")
    extra, e.extra = e.extra, None
    for v in (extra or {}).values():
        if v is not None:
            decref(v)


def _install_clears() -> None:
    """The ``tp_clear`` and ``tp_traverse`` of each layout that needs its own."""
    from ..objects.core import PyInstance
    from ..objects.dictobject import PyDict
    from ..objects.exceptions import PyBaseException, PyTraceback
    from ..objects.functions import PyCell, PyFunction, PyMethod
    from ..objects.mappings import PySet, _set_dealloc_keep
    from ..objects.sequences import PyList
    from ..vm.generators import PyGen
    from ..modules._collections import PyDeque, _deque_clear
    CLEAR.update({
        PySet: _set_dealloc_keep, PyInstance: _clear_instance, PyList: _clear_list,
        PyDict: _clear_dict, PyFunction: _clear_function, PyDeque: _deque_clear,
        PyCell: lambda c: _drop(c, "ref"), PyMethod: lambda m: _drop(m, "func", "self_obj"),
        PyBaseException: _clear_exception,
        PyTraceback: lambda tb: _drop(tb, "tb_next", "tb_frame"),
        PyGen: lambda g: _drop(g, "frame", "exc_value"),
    })

    def set_traverse(s):
        for e in s.table:
            if type(e) is tuple:
                yield e[2]
    TRAVERSE[PySet] = set_traverse

    def deque_traverse(d):
        yield from d.items
    TRAVERSE[PyDeque] = deque_traverse

    from ..objects.weakrefs import PyWeakref

    def weakref_traverse(r):
        # The referent is not owned: only the callback (and a subclass's parts).
        if r.callback is not None:
            yield r.callback
        if r.ob_type.tp_heap:
            yield r.ob_type
            if r.ob_dict is not None:
                yield r.ob_dict
            for x in r.ob_slots or ():
                if x is not None:
                    yield x
    TRAVERSE[PyWeakref] = weakref_traverse

    from ..vm.frame import Frame
    CLEAR[Frame] = lambda f: f.clear_locals()

    def frame_traverse(f):
        # Globals, builtins, the caller and the generator are borrowed.
        for x in f.fast:
            if x is not None:
                yield x
        for x in f:
            if x is not None:
                yield x
        if f.locals is not None and not f.is_module:
            yield f.locals
        if f.func is not None:
            yield f.func
    TRAVERSE[Frame] = frame_traverse


# -- accounting: how many CPython objects a garbage object stands for -----------------------

def counted(o: Any, target) -> int:
    name = o.ob_type.tp_name
    if name in _NOT_CONTAINERS:
        return 0
    if isinstance(o, PyType):
        return 3 if o.tp_heap else 0  # the type, its __bases__ and __mro__ tuples
    if name == "dict" and not any(_tracked(x) for x in traverse(o)):
        return 0  # a dict of atomic keys and values is untracked
    if name == "tuple" and not any(_tracked(x) for x in traverse(o)):
        return 0
    return 1


def _tracked(x: Any) -> bool:
    name = x.ob_type.tp_name
    if name in _NOT_CONTAINERS:
        return False
    return not (isinstance(x, PyType) and not x.tp_heap)


def _virtual_dicts(objs: List[Any], target) -> Set[int]:
    """Instance dicts that are part of their instance in CPython (managed dicts)
    and so are not objects of their own: every un-materialized one, and from 3.13
    every one."""
    out: Set[int] = set()
    if not target.runtime("managed_dicts"):
        return out  # before 3.11 every instance dict is an object of its own
    every = target.runtime("managed_dict_uncounted")
    for o in objs:
        d = getattr(o, "ob_dict", None)
        if d is None or isinstance(o, PyType) or not o.ob_type.tp_heap:
            continue  # only instances of classes have managed dicts
        if every or id(o) not in MATERIALIZED:
            out.add(id(d))
    return out


# -- the collection -------------------------------------------------------------------------

@contextlib.contextmanager
def host_gc_paused():
    """Keep the host's collector off while a program runs (see module docstring)."""
    was = host_gc.isenabled()
    host_gc.disable()
    try:
        yield
    finally:
        if was:
            host_gc.enable()


class GCList:
    """CPython's list of tracked objects, in its order: objects join at the end as
    they are made (the host's young generation lists them in allocation order);
    a collection reorders the survivors as move_unreachable does, which decides
    the order of later finalizers."""

    def __init__(self, foreign: Dict[int, Any]) -> None:
        self.order: List[Any] = []
        # Objects of earlier runs in this process (held, so their ids stay theirs):
        # not this program's to collect.
        self.foreign = foreign

    def refresh(self) -> List[Any]:
        known = {id(o) for o in self.order}
        known.update(self.foreign)
        alive = [o for o in self.order if 0 < o.ob_refcnt < IMMORTAL // 2]
        seen = {id(o) for o in alive}
        for generation in (2, 1, 0):
            for o in host_gc.get_objects(generation):
                if id(o) not in seen and id(o) not in known and _is_object(o) and \
                        0 < o.ob_refcnt < IMMORTAL // 2:
                    alive.append(o)
                    seen.add(id(o))
        self.order = alive
        return alive


def heap(vm) -> List[Any]:
    """The live minivm objects, in the collector's list order."""
    lst = getattr(vm, "gc_list", None)
    if lst is None:
        lst = vm.gc_list = GCList(getattr(vm, "gc_foreign", {}))
    return lst.refresh()


def foreign_objects() -> Dict[int, Any]:
    """The minivm objects that exist before a run starts (see GCList)."""
    return {id(o): o for o in host_gc.get_objects() if _is_object(o)}


def move_unreachable(young: List[Any]):
    """``deduce_unreachable``: ``(young, unreachable)`` in CPython's resulting
    orders.  gc_refs is the count of references from outside the list; an object
    found reachable after being set aside moves back to the end of young."""
    index = {id(o): o for o in young}
    gc_refs = {id(o): o.ob_refcnt for o in young}
    for o in young:
        for r in traverse(o):
            k = id(r)
            if k in gc_refs:
                gc_refs[k] -= 1
    alive: List[Any] = []
    tentative: Dict[int, Any] = {}   # insertion-ordered: the unreachable list
    queue = list(young)
    pos = 0
    while pos < len(queue):
        o = queue[pos]
        pos += 1
        k = id(o)
        if gc_refs[k] > 0:
            alive.append(o)
            for r in traverse(o):
                rk = id(r)
                if rk not in index:
                    continue
                if rk in tentative:
                    del tentative[rk]
                    gc_refs[rk] = 1
                    queue.append(r)
                elif gc_refs[rk] == 0:
                    gc_refs[rk] = 1
        else:
            tentative[k] = o
    return alive, list(tentative.values())


def collect(vm, generation: int = 2) -> int:
    from ..objects.instances import call_finalizer_for_gc
    if not _CLEARS_READY:
        _install_clears()
        _CLEARS_READY.append(True)
    young, garbage = move_unreachable(heap(vm))
    vm.gc_list.order = young + garbage
    if not garbage:
        return 0
    virtual = _virtual_dicts(garbage, vm.target)
    freed = _handle_weakrefs(vm, garbage)
    for o in garbage:
        # finalize_garbage holds each object only while its finalizer runs: the
        # finalizer may free others (and itself) for good.
        if 0 < o.ob_refcnt:
            incref(o)
            call_finalizer_for_gc(o)
            decref(o)
    live = [o for o in garbage if 0 < o.ob_refcnt < IMMORTAL // 2]
    still_alive, final = move_unreachable(live)
    count = freed + sum(counted(o, vm.target) for o in final if id(o) not in virtual)
    for o in final:
        if 0 < o.ob_refcnt:
            incref(o)
            clear(o)
            decref(o)
    return count


def _handle_weakrefs(vm, garbage: List[Any]) -> int:
    """Clear every weak reference to the garbage; call the callbacks of those that
    are not garbage themselves, in list order.  Returns the weakrefs freed."""
    ids = {id(o) for o in garbage}
    calls = []
    for o in garbage:
        refs = getattr(o, "ob_weak", None)
        if not refs:
            continue
        o.ob_weak = None
        for r in refs:
            r.referent = None
            if r.callback is not None and id(r) not in ids:
                calls.append(r)
    freed = 0
    for r in calls:
        cb, r.callback = r.callback, None
        incref(r)
        try:
            from ..objects.abstract import call
            decref(call(cb, [r]))
        except PyErr as e:
            vm.write_unraisable(e.exc, "Exception ignored in", cb)
        finally:
            decref(cb)
            if r.ob_refcnt == 1:
                freed += 1
            decref(r)
    return freed


def get_referents(o: Any) -> List[Any]:
    if not _CLEARS_READY:
        _install_clears()
        _CLEARS_READY.append(True)
    return list(traverse(o))
