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
import operator
import time
from typing import Any, Callable, Dict, List, Optional, Set

from ..objects.core import (
    ALLOC, IMMORTAL, NEVER, NOT_GC, STATE, PyErr, PyObject, PyType, decref, incref,
)
from ..versions import FREE_LISTS, GC_STARTUP_TRACKED, MINIVM_STARTUP_TRACKED

#: Layout-specific ``tp_traverse``: ``fn(obj) -> iterator of referenced objects``.
TRAVERSE: Dict[type, Callable[[Any], List[Any]]] = {}
#: Layout-specific ``tp_clear``: ``fn(obj) -> None``.
CLEAR: Dict[type, Callable[[Any], None]] = {}
#: Names of the types whose objects are not containers for the collector (frames are).
_NOT_CONTAINERS = NOT_GC - {"frame"}
#: Host ids of instances whose ``__dict__`` a program materialized.
MATERIALIZED: Set[int] = set()



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


_OBJECTS: tuple = (PyObject,)


def _object_types() -> tuple:
    """The host classes of minivm objects, for isinstance: PyObject and Frame
    (frames are host lists; imported on first use, the VM being a later layer)."""
    global _OBJECTS
    if len(_OBJECTS) == 1:
        from ..vm.frame import Frame
        _OBJECTS = (PyObject, Frame)
    return _OBJECTS


def _is_object(x: Any) -> bool:
    """A minivm object (frames are host lists, the rest PyObjects)."""
    return isinstance(x, _object_types())


def _type_traverse(tp: Any) -> List[Any]:
    """A heap type owns its dict, bases, MRO (itself included) and base; the
    lookup cache and the subclass list are borrowed."""
    out = []
    if tp.ob_type is not None and tp.ob_type.tp_heap:
        out.append(tp.ob_type)
    if tp.tp_dict is not None:
        out.append(tp.tp_dict)
    out.extend(tp.tp_bases)
    out.extend(tp.tp_mro)
    if tp.tp_base is not None:
        out.append(tp.tp_base)
    return out


TRAVERSE[PyType] = _type_traverse


def traverse(o: Any) -> List[Any]:
    """``tp_traverse``: the minivm objects ``o`` holds references to, in the order
    its type's traverse visits them.  A layout in :data:`TRAVERSE` has its own;
    any other is read off its host slots (:func:`_slots_traverse`), a function made
    once per host class."""
    fn = TRAVERSE.get(type(o))
    if fn is None:
        fn = TRAVERSE[type(o)] = _slots_traverse(type(o))
    return fn(o)


def _slots_traverse(cls: type) -> Callable[[Any], List[Any]]:
    """The traverse of host class ``cls`` by its layout: a heap type's instance
    holds its type; a frame its value stack; then each slot in layout order, an
    object held directly or inside a host list, tuple (set table entries are
    ``(hash, key, object)`` tuples inside a list) or dict."""
    names = tuple(_slot_names(cls))
    owns_type = not issubclass(cls, PyType)
    stack = issubclass(cls, list)
    # All slots at once; a slot never set makes it fall back to one at a time.
    read_all = operator.attrgetter(*names) if len(names) > 1 else None

    def slots_traverse(o: Any) -> List[Any]:
        objects = _object_types()
        out: List[Any] = []
        if owns_type:
            tp = o.ob_type
            if isinstance(tp, PyType) and tp.tp_heap:
                out.append(tp)
        if stack:
            out.extend(x for x in o if isinstance(x, objects))
        try:
            values = read_all(o) if read_all is not None else [getattr(o, n) for n in names]
        except AttributeError:
            values = [getattr(o, n, None) for n in names]
        for value in values:
            if value is None:
                continue
            if isinstance(value, objects):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                for x in value:
                    if isinstance(x, objects):
                        out.append(x)
                    elif isinstance(x, tuple):
                        out.extend(y for y in x if isinstance(y, objects))
            elif isinstance(value, dict):
                out.extend(x for x in value.values() if isinstance(x, objects))
        return out
    return slots_traverse


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


def _clear_function(f: Any) -> None:
    _drop(f, "defaults", "kwdefaults", "closure", "ob_dict", "annotations", "module")


def _clear_exception(e: Any) -> None:
    _drop(e, "traceback", "context", "cause", "ob_dict")
    extra, e.extra = e.extra, None
    for v in (extra or {}).values():
        if v is not None:
            decref(v)


def _clear_generator(g: Any) -> None:
    _drop(g, "frame")
    ev, g.exc_value = g.exc_value, None
    if ev is not None:
        if STATE.target.runtime("exc_info_holds_type"):
            from ..vm.unwind import drop_exc_state
            drop_exc_state(ev)  # the generator's triple held the class too
        else:
            decref(ev)


def _install_clears() -> None:
    """The ``tp_clear`` and ``tp_traverse`` of each layout that needs its own."""
    from ..objects.core import PyInstance
    from ..objects.dictobject import PyDict, dict_clear, entries
    from ..objects.exceptions import PyBaseException, PyTraceback
    from ..objects.functions import PyCell, PyFunction, PyMethod
    from ..objects.instances import type_clear
    from ..objects.mappings import PySet, _set_dealloc_keep
    from ..objects.sequences import PyList
    from ..vm.generators import PyGen
    from ..modules._collections import PyDeque, _deque_clear
    _object_types()
    CLEAR.update({
        PySet: _set_dealloc_keep, PyInstance: _clear_instance, PyList: _clear_list,
        PyDict: dict_clear, PyFunction: _clear_function, PyDeque: _deque_clear,
        PyCell: lambda c: _drop(c, "ref"), PyMethod: lambda m: _drop(m, "func", "self_obj"),
        PyBaseException: _clear_exception,
        PyTraceback: lambda tb: _drop(tb, "tb_next", "tb_frame"),
        PyGen: _clear_generator,
        PyType: type_clear,
    })

    from ..objects.scalars import PyStr
    from ..objects.sequences import PyTuple

    # The commonest layouts, read directly (the same order as _slots_traverse
    # reads them: tests.test_gc holds the two equal).

    def list_traverse(o):
        objects = _OBJECTS  # list_traverse visits the last item first
        return [x for x in reversed(o.items) if isinstance(x, objects)]
    TRAVERSE[PyList] = list_traverse

    def instance_traverse(o):
        tp = o.ob_type
        out = [tp] if isinstance(tp, PyType) and tp.tp_heap else []
        d = o.ob_dict
        if d is not None:
            out.append(d)
        slots = o.ob_slots
        if slots:
            objects = _OBJECTS
            out.extend(x for x in slots if isinstance(x, objects))
        return out
    TRAVERSE[PyInstance] = instance_traverse

    def tuple_traverse(t):
        return t.items[::-1]  # tupletraverse visits the last item first
    TRAVERSE[PyTuple] = tuple_traverse

    def dict_traverse(d):
        # A table of str keys only is traversed for its values (the keys cannot be
        # in a cycle); any other, key then value per entry, in order.
        if all(type(k) is PyStr for k in d.keys.values()):
            return list(d.vals.values())
        out = []
        for k, v in entries(d):
            out.append(k)
            out.append(v)
        return out
    TRAVERSE[PyDict] = dict_traverse

    def set_traverse(s):
        return [e[2] for e in s.table if type(e) is tuple]
    TRAVERSE[PySet] = set_traverse

    def deque_traverse(d):
        return list(d.items)
    TRAVERSE[PyDeque] = deque_traverse

    from ..objects.weakrefs import PyWeakref

    def weakref_traverse(r):
        # The referent is not owned: only the callback (and a subclass's parts).
        out = []
        if r.callback is not None:
            out.append(r.callback)
        if r.ob_type.tp_heap:
            out.append(r.ob_type)
            if r.ob_dict is not None:
                out.append(r.ob_dict)
            out.extend(x for x in r.ob_slots or () if x is not None)
        return out
    TRAVERSE[PyWeakref] = weakref_traverse

    from ..vm.frame import Frame
    CLEAR[Frame] = lambda f: f.clear_locals()

    def frame_traverse(f):
        # Globals, builtins and the generator are borrowed; the caller only while
        # the frame runs (see vm.frame.keep_back).
        out = [f.back] if f.owns_back else []
        out.extend(x for x in f.fast if x is not None)
        out.extend(x for x in f if x is not None)
        if f.locals is not None and not f.is_module:
            out.append(f.locals)
        if f.func is not None:
            out.append(f.func)
        return out
    TRAVERSE[Frame] = frame_traverse


# -- accounting: how many CPython objects a garbage object stands for -----------------------

def counted(o: Any, st: "GCState") -> int:
    """How many tracked CPython objects ``o`` stands for: a heap type 3 (itself, its
    ``__bases__`` and ``__mro__`` tuples; 2 once a collection found it alive with
    only static types as bases, which untracks the bases tuple as any such
    tuple), an untracked object 0, else 1."""
    if isinstance(o, PyType):
        if not o.tp_heap:
            return 0
        if generation_of(st, o) != 0 and not any(b.tp_heap for b in o.tp_bases):
            return 2
        return 3
    return 1 if is_tracked(o, st) else 0


def is_tracked(o: Any, st: "GCState", depth: int = 0) -> bool:
    """``gc.is_tracked``: objects of GC types are, except a dict holding no tracked
    object (dicts start untracked and are tracked when one is stored) and a tuple
    that a collection found holding none (tuples start tracked; a collection that
    finds one alive untracks it, _PyTuple_MaybeUntrack)."""
    if not _tracked(o):
        return False
    name = o.ob_type.tp_name
    if name != "dict" and name != "tuple":
        # from 3.11 a frame is part of its call (or generator) until a frame object
        # is made for it (objects.core.frame_object)
        return name != "frame" or bool(o.counted) or ALLOC.zombies is not None
    if name == "tuple" and id(o) in st.untracked and st.untracked[id(o)] is o:
        return False
    if name == "tuple" and generation_of(st, o) == 0:
        return bool(o.items)  # () is a static singleton, never tracked
    if depth > 50:  # deep nesting: CPython keeps the answer per object; assume tracked
        return True
    return any(_may_be_tracked(x, st, depth + 1) for x in traverse(o))


def _may_be_tracked(x: Any, st: "GCState", depth: int) -> bool:
    """``_PyObject_GC_MAY_BE_TRACKED``: whether ``x`` keeps a dict or tuple holding it
    tracked: any object of a GC type but a tuple, which only if it is tracked itself
    (an empty dict or list can be filled later, so holding one is enough)."""
    if not _tracked(x):
        return False
    return x.ob_type.tp_name != "tuple" or is_tracked(x, st, depth)


def _tracked(x: Any) -> bool:
    """Whether ``x`` is of a GC type (tracked unless untracked as above)."""
    name = x.ob_type.tp_name
    if name in _NOT_CONTAINERS:
        return False
    return not (isinstance(x, PyType) and not x.tp_heap)


def _never_tracked(x: Any) -> bool:
    """Whether ``x`` is of a static type whose objects are never GC objects (a str,
    an int, a static type ...): such objects are not in CPython's list, so they are
    kept out of the collector's (they cannot be in a cycle, and a weak reference
    to one is cleared when it is freed, not by a collection)."""
    if isinstance(x, PyType):
        return not x.tp_heap
    tp = x.ob_type
    return tp is not None and not tp.tp_heap and tp.tp_name in _NOT_CONTAINERS


def _virtual_dicts(objs: List[Any], target) -> Set[int]:
    """Instance dicts that are part of their instance in CPython (managed dicts)
    and so are not objects of their own: every un-materialized one, and from 3.13
    every one in a collection's count."""
    from ..objects.dictobject import dict_kept_in_instance
    out: Set[int] = set()
    if not target.runtime("managed_dicts"):
        return out  # before 3.11 every instance dict is an object of its own
    every = target.runtime("managed_dict_uncounted")
    for o in objs:
        d = getattr(o, "ob_dict", None)
        if d is None or isinstance(o, PyType) or not dict_kept_in_instance(o.ob_type):
            continue
        if every or id(o) not in MATERIALIZED:
            out.add(id(d))
    return out


# -- the collection -------------------------------------------------------------------------

@contextlib.contextmanager
def host_gc_paused():
    """Keep the host's collector off while a program runs (see module docstring);
    what GCList froze of the host's heap meanwhile is unfrozen after."""
    was = host_gc.isenabled()
    host_gc.disable()
    try:
        yield
    finally:
        host_gc.unfreeze()
        if was:
            host_gc.enable()


class GCList:
    """CPython's list of tracked objects, in its order: objects join at the end as
    they are made (the host's young generation lists them in allocation order);
    a collection reorders the survivors as move_unreachable does, which decides
    the order of later finalizers.

    ``old`` holds the objects up to the last collection, ``new`` those found since
    (generation 0 is exactly ``new``: every collection takes all of it).  Finding
    new objects looks only at what the host made since the last look: while the
    host's collector is paused each look ends with ``gc.freeze()`` of the host, so
    its generations then hold only later objects (:func:`host_gc_paused` unfreezes).
    A young collection therefore costs what the young objects cost, not the heap."""

    def __init__(self, foreign: Dict[int, Any]) -> None:
        self.old: List[Any] = []
        self.new: List[Any] = []
        #: ids of the objects in ``old`` and ``new`` (held, so their ids stay theirs)
        self.ids: Set[int] = set()
        #: minivm objects found while being made (no count yet): looked at again once
        self.unborn: List[Any] = []
        #: ids of objects of ``old`` made young again (a managed dict materialized):
        #: they were appended to ``new``, and their place in ``old`` is void
        self.moved: Set[int] = set()
        # Objects of earlier runs in this process (held, so their ids stay theirs):
        # not this program's to collect.
        self.foreign = foreign

    def _discover(self) -> None:
        ids, foreign, new = self.ids, self.foreign, self.new
        found, self.unborn = self.unborn, []
        retry = len(found)
        for generation in (2, 1, 0):
            found.extend(host_gc.get_objects(generation))
        objects = _object_types()
        for i, o in enumerate(found):
            k = id(o)
            if k in ids or k in foreign or not isinstance(o, objects) or _never_tracked(o):
                continue
            n = getattr(o, "ob_refcnt", 0)
            if 0 < n < IMMORTAL // 2:
                new.append(o)
                ids.add(k)
            elif n <= 0 and i >= retry:
                # (an object being made when an allocation starts a collection has
                # no count yet: it is not the collector's until it has one)
                self.unborn.append(o)
        if not host_gc.isenabled():
            host_gc.freeze()

    def _alive(self, objs: List[Any]) -> List[Any]:
        alive = [o for o in objs if 0 < o.ob_refcnt < IMMORTAL // 2]
        if len(alive) != len(objs):
            kept = {id(o) for o in alive}
            self.ids.difference_update(id(o) for o in objs if id(o) not in kept)
        return alive

    def rejuvenate(self, o: Any) -> None:
        """``o`` (already listed) is young again, as if made now."""
        if id(o) in self.ids and id(o) not in self.moved:
            self.moved.add(id(o))
            self.new.append(o)

    def drop_moved(self, objs: List[Any]) -> List[Any]:
        """``objs`` without the void places of moved objects."""
        if not self.moved:
            return objs
        moved, self.moved = self.moved, set()
        return [o for o in objs if id(o) not in moved]

    def refresh(self) -> List[Any]:
        """Every live object, in list order."""
        self._discover()
        self.old = self._alive(self.drop_moved(self.old))
        self.new = self._alive(self.new)
        return self.old + self.new

    def young(self) -> List[Any]:
        """The live objects made since the last collection, in allocation order."""
        self._discover()
        self.new = self._alive(self.new)
        return self.new


def _gc_list(vm) -> GCList:
    lst = getattr(vm, "gc_list", None)
    if lst is None:
        lst = vm.gc_list = GCList(getattr(vm, "gc_foreign", {}))
    return lst


def heap(vm) -> List[Any]:
    """The live minivm objects, in the collector's list order."""
    return _gc_list(vm).refresh()


def foreign_objects() -> Dict[int, Any]:
    """The minivm objects that exist before a run starts (see GCList)."""
    objects = _object_types()
    return {id(o): o for o in host_gc.get_objects() if isinstance(o, objects)}


def move_unreachable(young: List[Any]):
    """``deduce_unreachable``: ``(young, unreachable)`` in CPython's resulting
    orders.  gc_refs is the count of references from outside the list; an object
    found reachable after being set aside moves back to the end of young."""
    table = TRAVERSE
    gc_refs = {id(o): o.ob_refcnt for o in young}
    # Nothing runs between the two passes, so each object's references into the
    # list are read once (as host ids).
    inside: Dict[int, List[int]] = {}
    for o in young:
        ks = [k for k in map(id, (table.get(type(o)) or traverse)(o)) if k in gc_refs]
        inside[id(o)] = ks
        for k in ks:
            gc_refs[k] -= 1
    alive: List[Any] = []
    tentative: Dict[int, Any] = {}   # insertion-ordered: the unreachable list
    queue = list(young)
    for o in queue:  # grows while it is walked: objects moved back from tentative
        k = id(o)
        if gc_refs[k] > 0:
            alive.append(o)
            for rk in inside[k]:
                if rk in tentative:
                    queue.append(tentative.pop(rk))
                    gc_refs[rk] = 1
                elif gc_refs[rk] == 0:
                    gc_refs[rk] = 1
        else:
            tentative[k] = o
    return alive, list(tentative.values())


#: ``gc.DEBUG_*`` flags (gcmodule.c).
DEBUG_STATS, DEBUG_COLLECTABLE, DEBUG_UNCOLLECTABLE, DEBUG_SAVEALL = 1, 2, 4, 32
DEBUG_LEAK = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL
NUM_GENERATIONS = 3


class GCState:
    """What gcmodule.c keeps per interpreter: the switch, thresholds, debug flags,
    the collection counts of generations 1 and 2, per-generation statistics, the
    generation each survivor lives in, the permanent (frozen) generation, and the
    module's ``garbage`` and ``callbacks`` lists.

    Generation 0 is every tracked object no collection has seen yet; its count is
    the allocation count every GC object's allocation and free keeps
    (:data:`~minivm.objects.core.ALLOC`), which starts collections (:func:`arm`).
    ``long_lived_total`` and ``long_lived_pending`` are gcmodule.c's: the objects
    the last full collection left in the oldest generation, and those moved there
    since, which decide whether the oldest is collected.
    """

    def __init__(self, target) -> None:
        self.enabled = True
        self.threshold = list(target.gc_threshold)
        self.debug = 0
        self.count = [0] * NUM_GENERATIONS
        #: per generation: [collections, collected, uncollectable]
        self.stats = [[0, 0, 0] for _ in range(NUM_GENERATIONS)]
        #: host id -> (object, generation 1 or 2) of the survivors of a collection
        self.older: Dict[int, Any] = {}
        #: host id -> object of generation 1's survivors, in list order (stale
        #: entries are possible: ``older`` decides)
        self.gen1: Dict[int, Any] = {}
        #: host id -> object of the frozen (permanent generation)
        self.frozen: Dict[int, Any] = {}
        self.garbage: Any = None
        self.callbacks: Any = None
        self.collecting = False
        #: host id -> tuple untracked when it was made (see untrack_constant)
        self.untracked: Dict[int, Any] = {}
        self.long_lived_total = 0
        self.long_lived_pending = 0
        #: objects of CPython's start-up heap that minivm's lacks (versions)
        self.heap_not_held = max(0, GC_STARTUP_TRACKED.get(target.version, 0)
                                 - MINIVM_STARTUP_TRACKED)


def arm(vm) -> None:
    """A run starts: the allocation count starts at 0 with empty free lists, as
    after a full collection, and passing the threshold starts a collection."""
    ALLOC.count = 0
    ALLOC.free = {}
    version = vm.target.version
    ALLOC.caps = {kind: cap for kind, (cap, since, until) in FREE_LISTS.items()
                  if since <= version < until}
    ALLOC.zombies = set() if vm.target.runtime("frame_zombies") else None
    ALLOC.scheduled = False
    if vm.target.runtime("gc_from_eval_breaker"):
        ALLOC.over = _schedule
        ALLOC.run = lambda: _run_scheduled(vm)
    else:
        ALLOC.over = lambda: collect_generations(vm)
        ALLOC.run = None
    rearm(vm)


def age_startup_heap(vm) -> None:
    """The objects made before the program's code (its module dict, sys's, the
    builtins') move to generation 1, in list order: in ``python3.X FILE`` the
    young collections while site was imported promoted them there, and none of
    generation 1 ran yet (``gc.get_objects(1)`` holds ``globals()``, generation 2
    is empty).  It decides the order of a full collection's list, which puts
    generation 1 after the young objects, and so of the finalizers at exit.  The
    code's constants, made after, stay young (a constant tuple of atomic values
    is still tracked).  (An installation whose start-up runs a full collection, a
    .pth file that imports much, has them in generation 2 instead; minivm models
    the plain one.)"""
    st = gc_state(vm)
    lst = _gc_list(vm)
    lst.refresh()
    lst.old, lst.new = lst.old + lst.new, []
    for o in lst.old:
        if generation_of(st, o) == 0:
            _promote(st, o, 1)


def _schedule() -> None:
    """``_Py_ScheduleGC``: the collection waits for the next eval-breaker check."""
    ALLOC.scheduled = True


def _run_scheduled(vm) -> None:
    """``_Py_RunGC``: nothing if collection was switched off meanwhile; else the
    generation the counts call for now (an explicit collection since may have
    reset them, and then none is)."""
    st = gc_state(vm)
    if st.enabled and not st.collecting:
        collect_generations(vm)


def disarm() -> None:
    """The run is over: nothing starts a collection any more."""
    ALLOC.limit = NEVER
    ALLOC.over = None
    ALLOC.run = None
    ALLOC.scheduled = False


def rearm(vm) -> None:
    """The switch, the threshold or a collection changed: the count at which the
    next automatic collection starts (never while one runs or collection is off)."""
    st = gc_state(vm)
    t = st.threshold[0]
    ALLOC.limit = t if st.enabled and t and not st.collecting else NEVER


def collect_generations(vm) -> None:
    """The count passed the threshold (``collect_generations``): collect the
    oldest generation whose count is past its threshold, the oldest only once
    the objects moved into it since the last full collection are a quarter of
    those that one left there."""
    st = gc_state(vm)
    counts = [ALLOC.count, st.count[1], st.count[2]]
    for g in range(NUM_GENERATIONS - 1, -1, -1):
        if counts[g] > st.threshold[g]:
            if g == NUM_GENERATIONS - 1 and \
                    st.long_lived_pending < st.long_lived_total // 4:
                continue
            collect(vm, g)
            return


def gc_state(vm) -> GCState:
    """The interpreter's :class:`GCState`, made on first use."""
    st = getattr(vm, "gc_state", None)
    if st is None:
        st = vm.gc_state = GCState(vm.target)
    return st


def materialized(o: Any) -> None:
    """``o.__dict__`` was asked for: where the target keeps instance dicts inside
    the instance, this is when CPython makes the dict object, so it is young."""
    if id(o) in MATERIALIZED:
        return
    MATERIALIZED.add(id(o))
    from ..objects.dictobject import dict_kept_in_instance
    if not dict_kept_in_instance(o.ob_type):
        return  # the dict was made with the instance's first attribute, not now
    if o.ob_dict is not None:
        from ..objects.dictobject import materialize_dict
        materialize_dict(o.ob_dict)
    st = getattr(STATE.vm, "gc_state", None)
    if st is not None and o.ob_dict is not None:
        if st.older.pop(id(o.ob_dict), None) is not None:
            st.gen1.pop(id(o.ob_dict), None)
            _gc_list(STATE.vm).rejuvenate(o.ob_dict)


def _ready() -> None:
    if not _CLEARS_READY:
        _install_clears()
        _CLEARS_READY.append(True)


def untrack_constant(vm, o: Any) -> None:
    """A constant tuple of a code object was made: on targets that untrack those
    holding only untracked objects before the program runs, untrack it."""
    if not vm.target.runtime("code_constant_tuples_untracked"):
        return
    _ready()
    st = gc_state(vm)
    if all(not _tracked(x) or id(x) in st.untracked for x in o.items):
        st.untracked[id(o)] = o


def generation_of(st: GCState, o: Any) -> int:
    """The generation ``o`` lives in: -1 frozen, 0 young, else 1 or 2."""
    k = id(o)
    if k in st.frozen and st.frozen[k] is o:
        return -1
    entry = st.older.get(k)
    return entry[1] if entry is not None and entry[0] is o else 0


def tracked_objects(vm, generation: Optional[int] = None) -> List[Any]:
    """The tracked objects a program could be given by ``gc.get_objects``, in list
    order: every generation's, or the one named (-1 the permanent generation)."""
    _ready()
    st = gc_state(vm)
    objs = heap(vm)
    virtual = _virtual_dicts(objs, vm.target)
    out = []
    for o in objs:
        if id(o) in virtual or not counted(o, st):
            continue
        g = generation_of(st, o)
        if generation is None and g >= 0 or g == generation:
            out.append(o)
    return out


def young_count(vm) -> int:
    """Generation 0's count (see GCState)."""
    return ALLOC.count


def collect(vm, generation: int = 2, callbacks: bool = True) -> int:
    """``gc_collect_main`` with its callbacks (``gc.collect``, or shutdown's
    collection with ``callbacks=False``): collect ``generation`` and the younger
    ones, update counts and statistics, and return collected + uncollectable.
    A collection started while one runs does nothing and returns 0."""
    from ..builtins.sysmodule import write_sys_stderr
    st = gc_state(vm)
    if st.collecting:
        return 0
    st.collecting = True
    ALLOC.limit = NEVER
    try:
        if callbacks:
            _invoke_callbacks(vm, st, "start", generation, 0, 0)
        if st.debug & DEBUG_STATS:
            sizes = [len(tracked_objects(vm, g)) for g in (0, 1, 2, -1)]
            write_sys_stderr(vm, "gc: collecting generation %d...\n"
                            "gc: objects in each generation: %d %d %d\n"
                            "gc: objects in permanent generation: %d\n"
                            % ((generation,) + tuple(sizes)))
            t0 = time.perf_counter()
        if generation + 1 < NUM_GENERATIONS:
            st.count[generation + 1] += 1
        for g in range(generation + 1):
            st.count[g] = 0
        ALLOC.count = 0
        collected = _collect(vm, st, generation)
        if generation == NUM_GENERATIONS - 1:
            ALLOC.free = {}  # clear_freelists
        uncollectable = 0  # only tp_del (legacy) finalizers are; no Python type has one
        stats = st.stats[generation]
        stats[0] += 1
        stats[1] += collected
        stats[2] += uncollectable
        if st.debug & DEBUG_STATS:
            write_sys_stderr(vm, "gc: done, %d unreachable, %d uncollectable, %.4fs elapsed\n"
                            % (collected + uncollectable, uncollectable,
                               time.perf_counter() - t0))
        if callbacks:
            _invoke_callbacks(vm, st, "stop", generation, collected, uncollectable)
    finally:
        st.collecting = False
        rearm(vm)
    return collected + uncollectable


def int_dict(pairs) -> Any:
    """A new minivm dict of str keys and int values (callback info, statistics)."""
    from ..objects.dictobject import dict_setitem_str, new_dict
    from ..objects.scalars import new_int
    d = new_dict()
    for key, value in pairs:
        v = new_int(value)
        dict_setitem_str(d, key, v)
        decref(v)
    return d


def _invoke_callbacks(vm, st: GCState, phase: str, generation: int, collected: int,
                      uncollectable: int) -> None:
    """Call each of ``gc.callbacks`` (a copy of the list) with ``phase`` and the info
    dict; an error in one is unraisable and the rest still run."""
    if st.callbacks is None or not st.callbacks.items:
        return
    from ..objects.abstract import call
    from ..objects.scalars import new_str
    info = int_dict((("generation", generation), ("collected", collected),
                     ("uncollectable", uncollectable)))
    name = new_str(phase)
    cbs = [incref(cb) for cb in st.callbacks.items]
    try:
        for cb in cbs:
            try:
                decref(call(cb, [name, info]))
            except PyErr as e:
                vm.write_unraisable(e.exc, "Exception ignored in", cb)
    finally:
        for cb in cbs:
            decref(cb)
        decref(name)
        decref(info)


def _collect(vm, st: GCState, generation: int) -> int:
    """Collect the objects of generations 0..``generation``; survivors move to the
    next generation (the oldest keeps its own).  Returns the objects collected."""
    from ..builtins.sysmodule import write_sys_stderr
    from ..objects.instances import call_finalizer_for_gc
    _ready()
    lst = _gc_list(vm)
    # The generations collected are merged into the oldest of them first, the
    # younger ones appended in order (gc_list_merge), which sets the list order.
    if generation == NUM_GENERATIONS - 1:
        objs = lst.refresh()
        rank = {g: i for i, g in enumerate([generation] + list(range(generation)))}
        gens = [(generation_of(st, o), o) for o in objs]
        candidates = [o for _, o in sorted(((rank[g], i), o)
                                           for i, (g, o) in enumerate(gens)
                                           if 0 <= g <= generation)]
        rest = [o for g, o in gens if not 0 <= g <= generation]
    else:
        # Only the young objects and (collecting generation 1) the middle
        # generation's are looked at: generation 0 is all of ``new``, and the
        # middle generation is in ``st.gen1`` in its list order.
        gens = [(generation_of(st, o), o) for o in lst.young()]
        candidates = [o for g, o in gens if g == 0]
        rest = lst.drop_moved(lst.old)
        if generation == 1:
            middle = [o for o in st.gen1.values()
                      if 0 < o.ob_refcnt < IMMORTAL // 2 and generation_of(st, o) == 1]
            taken = {id(o) for o in middle}
            rest = [o for o in lst._alive(rest) if id(o) not in taken]
            candidates = middle + candidates
        rest.extend(o for g, o in gens if g != 0)
    if generation >= 1:
        st.gen1 = {}  # all of it was collected
    young, garbage = move_unreachable(candidates)
    rest.extend(young)
    rest.extend(garbage)
    lst.old, lst.new = rest, []
    older = min(generation + 1, NUM_GENERATIONS - 1)
    for o in young:
        _promote(st, o, older)
    if generation >= NUM_GENERATIONS - 2:
        survivors = sum(counted(o, st) for o in young)
        if generation == NUM_GENERATIONS - 2:
            st.long_lived_pending += survivors
        else:
            # CPython's total counts its whole heap, which minivm does not hold
            st.long_lived_total = survivors + st.heap_not_held
            st.long_lived_pending = 0
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
    if still_alive and not vm.target.runtime("gc_spares_only_resurrected"):
        still_alive, final = live, []
    for o in still_alive:  # resurrected: they join the survivors
        _promote(st, o, older)
    count = freed + sum(counted(o, st) for o in final if id(o) not in virtual)
    if st.debug & DEBUG_COLLECTABLE:
        for o in final:
            if id(o) not in virtual and counted(o, st):
                write_sys_stderr(vm, "gc: collectable <%s 0x%x>\n"
                                 % (o.ob_type.tp_name, vm.fake_address(o)))
    if st.debug & DEBUG_SAVEALL and st.garbage is not None:
        from ..objects.sequences import list_append
        for o in final:
            if id(o) not in virtual and counted(o, st):
                list_append(st.garbage, o)
                _promote(st, o, older)
        return count
    for o in final:
        if 0 < o.ob_refcnt:
            incref(o)
            clear(o)
            decref(o)
    return count


def _promote(st: GCState, o: Any, generation: int) -> None:
    """``o`` survived a collection (or was resurrected or saved): it moves to
    ``generation``."""
    st.older[id(o)] = (o, generation)
    if generation == 1:
        st.gen1[id(o)] = o


def freeze(vm) -> None:
    """``gc.freeze``: every tracked object moves to the permanent generation."""
    st = gc_state(vm)
    for o in tracked_objects(vm):
        st.frozen[id(o)] = o
        st.older.pop(id(o), None)
    st.gen1 = {}


def unfreeze(vm) -> None:
    """``gc.unfreeze``: the permanent generation joins the oldest."""
    st = gc_state(vm)
    for k, o in st.frozen.items():
        st.older[k] = (o, NUM_GENERATIONS - 1)
    st.frozen.clear()


def get_referrers(vm, targets: List[Any]) -> List[Any]:
    """``gc.get_referrers``: the tracked objects (frozen ones aside) that refer to
    any of ``targets``."""
    wanted = {id(t) for t in targets}
    return [o for o in tracked_objects(vm) if any(id(r) in wanted for r in traverse(o))]


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
    _ready()
    return traverse(o)
