"""The heart of minivm's object model: objects, types, reference counts, errors.

Every value a minivm program sees is a :class:`PyObject` with ``ob_refcnt`` and
``ob_type``, like CPython's ``PyObject`` header.  Host classes (``PyLong``,
``PyList`` ...) are only *layouts*; the type a program sees is the
:class:`PyType` in ``ob_type``, which may be a user class whose instances share a
builtin layout (``class L(list)`` instances are ``PyListHeap`` host objects).

Reference counting follows CPython's discipline: a function that returns an object
returns a *new reference*; ``incref``/``decref`` pair up; when the count reaches
zero the type's ``tp_dealloc`` runs at once (``__del__``, weakref callbacks, then
the object's references are dropped in CPython's order).  Immortal objects (PEP
683: ``None``, ``True``, small ints ...) start with a count so large it never
reaches zero, so the hot paths need no immortality test; ``sys.getrefcount``
reports the target's immortal value for them.

Errors raised *inside* the VM travel through host code as :class:`PyErr`, a host
exception that carries the minivm exception object.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

#: Count given to immortal objects: never reaches zero however many decrefs.
IMMORTAL = 1 << 60


class PyObject:
    """Header of every minivm object."""

    __slots__ = ("ob_refcnt", "ob_type")

    def __init__(self, tp: "PyType") -> None:
        self.ob_refcnt = 1
        self.ob_type = tp

    def __repr__(self) -> str:  # host-side debugging only
        return "<minivm %s at 0x%x>" % (self.ob_type.tp_name, id(self))


class PyInstance(PyObject):
    """Layout of instances of ``object`` subclasses: a dict, weakrefs and slots."""

    __slots__ = ("ob_dict", "ob_weak", "ob_slots")

    def __init__(self, tp: "PyType") -> None:
        self.ob_refcnt = 1
        self.ob_type = tp
        self.ob_dict = None
        self.ob_weak = None
        self.ob_slots = None


_HEAP_LAYOUTS: Dict[type, type] = {PyObject: PyInstance, PyInstance: PyInstance}


def heap_layout(layout: type) -> type:
    """The host class for instances of a user subclass of a builtin layout: the same
    layout plus a dict, weakref list and ``__slots__`` storage."""
    heap = _HEAP_LAYOUTS.get(layout)
    if heap is None:
        heap = type(layout.__name__ + "Heap", (layout,),
                    {"__slots__": ("ob_dict", "ob_weak", "ob_slots")})
        _HEAP_LAYOUTS[layout] = heap
    return heap


class PyType(PyObject):
    """A type object.  ``tp_dict`` is a minivm dict (``A.__dict__``); lookups along
    ``tp_mro`` go through a per-type cache that any class mutation invalidates."""

    __slots__ = ("tp_name", "tp_qualname", "tp_base", "tp_bases", "tp_mro", "tp_dict",
                 "tp_layout", "tp_heap", "tp_dealloc", "tp_basetype", "tp_slotnames",
                 "tp_hasdict", "tp_hasweak", "tp_cache", "tp_cache_version", "ob_dict",
                 "ob_weak", "ob_slots", "tp_new", "tp_init_builtin", "tp_subclasses",
                 "tp_abstract", "tp_doc", "tp_static_module", "tp_flags")

    def __init__(self, meta: Optional["PyType"], name: str) -> None:
        self.ob_refcnt = IMMORTAL
        self.ob_type = meta  # type: ignore[assignment]
        self.tp_name = name
        self.tp_qualname = name
        self.tp_base = None
        self.tp_bases = ()
        self.tp_mro = ()
        self.tp_dict = None
        self.tp_layout = PyObject
        self.tp_heap = False
        self.tp_dealloc = None
        self.tp_basetype = True
        self.tp_slotnames = ()
        self.tp_hasdict = False
        self.tp_hasweak = False
        self.tp_cache = {}
        self.tp_cache_version = -1
        self.ob_dict = None
        self.ob_weak = None
        self.ob_slots = None
        self.tp_new = None
        self.tp_init_builtin = None
        self.tp_subclasses = []
        self.tp_abstract = False
        self.tp_doc = None
        self.tp_static_module = "builtins"
        self.tp_flags = 0

    def __repr__(self) -> str:
        return "<minivm type %s>" % self.tp_name


class PyErr(Exception):
    """A minivm exception travelling through host code.  ``exc`` is the minivm
    exception instance (owned: one reference)."""

    def __init__(self, exc: PyObject) -> None:
        Exception.__init__(self)
        self.exc = exc

    def __str__(self) -> str:
        try:
            return "%s: %s" % (self.exc.ob_type.tp_name, self.exc.args_repr())
        except Exception:
            return "minivm %s" % self.exc.ob_type.tp_name


class InternalError(Exception):
    """A bug in minivm itself, reported with where in the program it happened."""


class MinivmCrash(InternalError):
    """A host exception escaped minivm's VM: a minivm bug, never the program's outcome.

    ``stack`` is the program's frames at the point of failure, outermost first, as
    (filename, line, qualified name); ``host`` the host exception's type and text.
    ``stdout``/``stderr`` are what the program wrote before it.  ``str()`` is the report:
    a Python-level traceback of the program, then the host error.
    """

    def __init__(self, host: str, stack, stdout: str = "", stderr: str = "") -> None:
        super().__init__(host)
        self.host = host
        self.stack = list(stack)
        self.stdout = stdout
        self.stderr = stderr

    @classmethod
    def from_host(cls, error: BaseException) -> "MinivmCrash":
        host = "%s: %s" % (type(error).__name__, error)
        stdout, stderr = getattr(error, "minivm_output", ("", ""))
        return cls(host, getattr(error, "minivm_stack", ()), stdout, stderr)

    def __str__(self) -> str:
        lines = ["minivm crashed (a bug in minivm, not in the program)",
                 "Program traceback (most recent call last):"]
        for filename, line, name in self.stack:
            lines.append('  File "%s", line %s, in %s' % (filename, line, name))
        if not self.stack:
            lines.append("  (outside any program frame)")
        lines.append("Host error: %s" % self.host)
        return "\n".join(lines)


# -- reference counting --------------------------------------------------------

def incref(o: PyObject) -> PyObject:
    o.ob_refcnt += 1
    return o


def decref(o: Optional[PyObject]) -> None:
    if o is None:
        return
    o.ob_refcnt -= 1
    if o.ob_refcnt == 0:
        o.ob_type.tp_dealloc(o)


def xdecref_all(objs) -> None:
    for o in objs:
        if o is not None:
            o.ob_refcnt -= 1
            if o.ob_refcnt == 0:
                o.ob_type.tp_dealloc(o)


def dealloc_nothing(o: PyObject) -> None:
    """``tp_dealloc`` of objects that hold no references (ints, floats, str)."""


# -- the collector's allocation count -------------------------------------------------

#: Names of the builtin types whose objects are not GC objects in CPython (no
#: Py_TPFLAGS_HAVE_GC): the collector neither counts nor tracks them.  Frames are
#: counted by their own rules (minivm.vm.frame).
NOT_GC = frozenset(("int", "bool", "float", "complex", "str", "bytes", "NoneType", "ellipsis",
                    "NotImplementedType", "code", "range", "bytearray", "range_iterator",
                    "longrange_iterator", "object", "frame"))

#: ``tp_flags`` bit of a type whose objects are GC objects (CPython's value).
HAVE_GC = 1 << 14

#: ``AllocCount.limit`` while automatic collection is off.
NEVER = 1 << 62


class AllocCount:
    """What gcmodule.c learns from every allocation and free of an object of a GC
    type: the count of generation 0 (made minus freed, never below 0), and the free
    lists through which CPython reuses a list, dict, tuple or (3.8-3.10) frame
    without allocating: taking one from a free list, or freeing one into a list
    with room, leaves the count alone.  When a count passes ``limit`` (the
    threshold, or :data:`NEVER` while collection is off) ``over`` is called: the
    collector sets both for a run (minivm.memory.gc.arm).

    ``free`` maps a free list's kind (``"list"``, ``"dict"``, ``"frame"``, or a
    tuple's length) to the objects in it, ``caps`` to its capacity on the target;
    ``zombies``, where the target keeps one spare frame per code object (3.8-3.10),
    holds the ids of the code objects that have one, else it is None.

    Where the target collects from the eval breaker (3.12+), ``over`` only sets
    ``scheduled``; the loop's periodic checks (:func:`run_scheduled_gc`) then call
    ``run``, so the object whose allocation passed the threshold is already made
    and young when the collection starts."""

    __slots__ = ("count", "limit", "free", "caps", "over", "zombies", "scheduled", "run")

    def __init__(self) -> None:
        self.count = 0
        self.limit = NEVER
        self.free: Dict[Any, int] = {}
        self.caps: Dict[Any, int] = {}
        self.over: Any = None
        self.zombies: Any = None
        self.scheduled = False
        self.run: Any = None


ALLOC = AllocCount()


def gc_new(kind: Any = None) -> None:
    """An object of a GC type is made (``_PyObject_GC_Link``), or taken from the free
    list ``kind`` when that holds one."""
    a = ALLOC
    if kind is not None:
        n = a.free.get(kind)
        if n:
            a.free[kind] = n - 1
            return
    a.count += 1
    if a.count > a.limit:
        a.over()


def run_scheduled_gc() -> None:
    """The eval breaker found a collection scheduled (``_Py_RunGC``): run it.  The
    eval loop calls this where CPython checks the breaker (RESUME, a backward
    jump, the end of a call) and only when ``ALLOC.scheduled`` is set."""
    a = ALLOC
    a.scheduled = False
    if a.run is not None:
        a.run()


def gc_del(kind: Any = None) -> None:
    """An object of a GC type is freed (``PyObject_GC_Del``), or kept in the free list
    ``kind`` while that has room."""
    a = ALLOC
    if kind is not None:
        cap = a.caps.get(kind)
        if cap:
            n = a.free.get(kind, 0)
            if n < cap:
                a.free[kind] = n + 1
                return
    if a.count > 0:
        a.count -= 1


def frame_made(code: Any) -> None:
    """A frame for ``code`` is made.  Where frames are GC objects from the start
    (3.8-3.10) one comes from the code's zombie frame, else from the frame free
    list, else it is allocated; later a frame is a GC object only once a program
    can see it (:func:`frame_object`)."""
    z = ALLOC.zombies
    if z is not None:
        if id(code) in z:
            z.discard(id(code))
        else:
            gc_new("frame")


def frame_object(f: Any) -> None:
    """From 3.11: the frame object of ``f`` is made (a traceback or the program asks
    for it)."""
    if f.counted is False and ALLOC.zombies is None:
        f.counted = True
        gc_new()


def frame_freed(f: Any) -> None:
    """``f``'s last reference went: before 3.11 it becomes its code's zombie frame
    when that has none, else goes to the free list, else is freed; later only a
    frame object made for it is freed."""
    counted = f.counted
    if counted is None:
        return
    f.counted = None
    z = ALLOC.zombies
    if z is not None:
        if id(f.code) not in z:
            z.add(id(f.code))
        else:
            gc_del("frame")
    elif counted:
        gc_del()


def tuple_kind(n: int) -> Any:
    """The free list of tuples of length ``n`` (1 to 19 have one), or None."""
    return n if 0 < n < 20 else None


#: A ``kind_of`` result: this object is not one of the collector's (see PyManagedDict).
UNCOUNTED = "uncounted"


def counted_new(cls, *args, **kwargs):
    """``__new__`` of the host class of a GC type's objects: each one made is counted
    (an exact list or dict may come from its free list)."""
    gc_new(_LAYOUT_KIND.get(cls))
    return object.__new__(cls)


#: host class -> the free list its exact objects come from
_LAYOUT_KIND: Dict[type, str] = {}


def counting_dealloc(dealloc, tp: "PyType", kind_of=None):
    """``dealloc`` followed by the count's ``PyObject_GC_Del``, unless a finalizer
    resurrected the object.  ``kind_of(o)``, for objects of exactly ``tp``, names
    the free list they go to (taken before ``dealloc`` empties them)."""
    if getattr(dealloc, "counts_free", False):
        dealloc = dealloc.inner

    def counted(o) -> None:
        kind = kind_of(o) if kind_of is not None and o.ob_type is tp else None
        dealloc(o)
        if o.ob_refcnt == 0 and kind is not UNCOUNTED:
            gc_del(kind)
    counted.counts_free = True  # type: ignore[attr-defined]
    counted.inner = dealloc  # type: ignore[attr-defined]
    return counted


# -- type dictionaries and lookups ---------------------------------------------

_type_version = [0]


def types_changed() -> None:
    """Invalidate every type's lookup cache (a class attribute was set or deleted)."""
    _type_version[0] += 1


def type_lookup(tp: PyType, name: str) -> Optional[PyObject]:
    """``_PyType_Lookup``: the first ``name`` in the MRO's dicts, borrowed, or None."""
    if tp.tp_cache_version != _type_version[0]:
        tp.tp_cache = {}
        tp.tp_cache_version = _type_version[0]
    cache = tp.tp_cache
    try:
        return cache[name]
    except KeyError:
        pass
    found = None
    for base in tp.tp_mro:
        found = base.tp_dict.vals.get(name)
        if found is not None:
            break
    cache[name] = found
    return found


def is_subtype(a: PyType, b: PyType) -> bool:
    if a is b or b in a.tp_mro:
        return True
    if a.tp_mro:
        return False
    while a is not None:  # a type the collector cleared: its chain of bases
        if a is b:
            return True
        a = a.tp_base
    return False


# -- registry: objects later modules need early -------------------------------

class Registry:
    """Late-bound references to singletons and types, filled in as modules load, so
    the object modules can refer to each other without import cycles."""

    def __init__(self) -> None:
        self.types: Dict[str, PyType] = {}
        self.exc: Dict[str, PyType] = {}
        # Filled in by the modules that define them.
        self.none: Any = None
        self.true: Any = None
        self.false: Any = None
        self.not_implemented: Any = None
        self.new_dict: Any = None
        self.new_instance_dict: Any = None
        self.new_str: Any = None
        self.intern: Any = None
        self.dict_setitem_str: Any = None
        self.dict_delitem_str: Any = None


R = Registry()

#: The running interpreter (a :class:`minivm.vm.interpreter.Interpreter`); the VM
#: sets it while a program runs so builtins can call back into minivm code.
class _State:
    vm: Any = None
    target: Any = None


STATE = _State()


def new_exception(kind: str, message: Optional[str] = None, *args: PyObject) -> PyObject:
    """A new instance of builtin exception ``kind`` with ``message`` (a host str) as
    its single argument, or with ``args`` (minivm objects, borrowed)."""
    from . import exceptions
    tp = R.exc[kind]
    if message is not None:
        return exceptions.make_exception(tp, [R.new_str(message)], steal=True)
    return exceptions.make_exception(tp, list(args), steal=False)


def err(kind: str, message: str) -> PyErr:
    """``PyErr(new exception)``, to be raised: ``raise err("TypeError", "...")``."""
    return PyErr(new_exception(kind, message))


def type_name(o: PyObject) -> str:
    return o.ob_type.tp_name


class BuiltinKind:
    """Calling conventions of builtin functions and methods (CPython's METH_* flags)."""
    NOARGS = 0   # fn(self)
    O = 1        # fn(self, arg)  # noqa: E741 - CPython's METH_O
    VARARGS = 2  # fn(self, *args): args fixed between min and max
    KEYWORDS = 3  # fn(self, args: list, kwargs: dict or None)
