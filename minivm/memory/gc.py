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
    """``tp_clear``: drop the references ``o`` owns (types and tuples keep theirs)."""
    fn = CLEAR.get(type(o))
    if fn is not None:
        fn(o)
        return
    if isinstance(o, PyType) or o.ob_type.tp_name in ("tuple",) or \
            o.ob_type.tp_name in _NOT_CONTAINERS:
        return
    dealloc = o.ob_type.tp_dealloc
    # A container's deallocator already drops everything it owns, and leaves the
    # object empty and valid: run its clearing part through a private count.
    if dealloc is not None:
        o.ob_refcnt += 1 << 40
        try:
            _generic_clear(o)
        finally:
            o.ob_refcnt -= 1 << 40


def _generic_clear(o: Any) -> None:
    names = _SLOTS.get(type(o))
    if names is None:
        names = _SLOTS[type(o)] = _slot_names(type(o))
    dropped: List[Any] = []
    for name in names:
        if name in ("code", "name", "qualname", "info", "tp_dict", "referent", "value",
                    "host", "state", "hash"):
            continue
        value = getattr(o, name, None)
        if value is None:
            continue
        if _is_object(value):
            setattr(o, name, None)
            dropped.append(value)
        elif isinstance(value, list) and not isinstance(o, PyType):
            items = [x for x in value if _is_object(x)]
            if items or not value:
                value[:] = []
                dropped.extend(items)
        elif isinstance(value, dict) and name in ("keys", "vals", "extra", "lookup"):
            dropped.extend(x for x in value.values() if _is_object(x))
            value.clear()
    if isinstance(o, list):
        dropped.extend(x for x in o if x is not None and _is_object(x))
        del o[:]
    clear_locals = getattr(o, "clear_locals", None)
    if clear_locals is not None:
        clear_locals()
    for x in _unique(dropped):
        decref(x)


def _unique(items):
    return items


def _install_clears() -> None:
    """The layouts whose clearing is their own (a set's table and lookup index hold
    one reference per key between them)."""
    from ..objects.mappings import PySet, _set_dealloc_keep
    CLEAR[PySet] = _set_dealloc_keep
    from ..builtins.nativelib import PyDeque, _deque_clear
    CLEAR[PyDeque] = _deque_clear

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


def heap() -> List[Any]:
    """The live minivm objects, oldest first."""
    objs = []
    for generation in (2, 1, 0):
        for o in host_gc.get_objects(generation):
            if _is_object(o) and 0 < o.ob_refcnt < IMMORTAL // 2:
                objs.append(o)
    return objs


def _unreachable(objs: List[Any]) -> List[Any]:
    """move_unreachable: the objects no outside reference keeps alive."""
    index = {id(o): o for o in objs}
    gc_refs = {id(o): o.ob_refcnt for o in objs}
    for o in objs:
        for r in traverse(o):
            k = id(r)
            if k in gc_refs:
                gc_refs[k] -= 1
    reachable: Set[int] = set()
    stack = [index[k] for k, n in gc_refs.items() if n > 0]
    reachable.update(id(o) for o in stack)
    while stack:
        o = stack.pop()
        for r in traverse(o):
            k = id(r)
            if k in index and k not in reachable:
                reachable.add(k)
                stack.append(r)
    return [o for o in objs if id(o) not in reachable]


def collect(vm, generation: int = 2) -> int:
    from ..objects.instances import call_finalizer_for_gc
    if not _CLEARS_READY:
        _install_clears()
        _CLEARS_READY.append(True)
    objs = heap()
    garbage = _unreachable(objs)
    if not garbage:
        return 0
    virtual = _virtual_dicts(garbage, vm.target)
    for o in garbage:
        incref(o)  # hold the garbage while callbacks and finalizers run
    try:
        freed = _handle_weakrefs(vm, garbage)
        for o in garbage:
            call_finalizer_for_gc(o)
        alive = [o for o in garbage if o.ob_refcnt > 1]
        final = _still_garbage(garbage) if alive else garbage
        count = freed + sum(counted(o, vm.target) for o in final if id(o) not in virtual)
        for o in final:
            if o.ob_refcnt > 1:
                clear(o)
    finally:
        for o in garbage:
            decref(o)
    return count


def _still_garbage(garbage: List[Any]) -> List[Any]:
    """handle_resurrected_objects: redo the reachability test inside the garbage,
    counting the collector's own hold (one reference each)."""
    ids = {id(o) for o in garbage}
    gc_refs = {id(o): o.ob_refcnt - 1 for o in garbage}
    for o in garbage:
        for r in traverse(o):
            if id(r) in ids:
                gc_refs[id(r)] -= 1
    alive: Set[int] = set()
    stack = [o for o in garbage if gc_refs[id(o)] > 0]
    alive.update(id(o) for o in stack)
    while stack:
        o = stack.pop()
        for r in traverse(o):
            if id(r) in ids and id(r) not in alive:
                alive.add(id(r))
                stack.append(r)
    return [o for o in garbage if id(o) not in alive]


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
