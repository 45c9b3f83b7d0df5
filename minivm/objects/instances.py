"""Instances of user classes, ``object``'s and ``type``'s methods, class creation
(``type.__new__``) and instance deallocation (CPython's ``subtype_dealloc``).

Deallocation order for an instance of a user class, as in CPython: ``__del__``
(once per object, PEP 442; it may resurrect), then weakref callbacks (newest
first), then ``__slots__`` values in slot order, then the ``__dict__`` values in
insertion order, then the builtin base's own references, then the reference to the
type.
"""

from __future__ import annotations

from typing import List, Optional

from . import abstract
from .abstract import CALLERS, call, call_method_obj, is_true
from .core import (
    HAVE_GC, IMMORTAL, UNCOUNTED, R, STATE, BuiltinKind, PyErr, PyInstance, PyObject, PyType,
    counted_new, decref, err, gc_del, gc_new, heap_layout, incref, is_subtype, tuple_kind,
    type_lookup, types_changed,
)
from ..versions import TYPE_VECTORCALL
from .dictobject import PyDict, dict_setitem, dict_setitem_str, new_dict
from .scalars import NONE, NOT_IMPLEMENTED, FALSE, TRUE, PyStr, new_bool, new_int, new_str
from .sequences import new_list, new_tuple
from .typeobject import (
    DESCR_GET, PyMemberDescr,
    PyMethodDescr, best_base, compute_mro, generic_getattr, generic_setattr, getset,
    GETATTRO, SETATTRO, install_heap_descr_slots, invalidate_slots, method, object_type,
    solid_base, type_getattro, type_type,
)

K = BuiltinKind

#: id -> object whose ``__del__`` already ran (PEP 442: at most once); the object is
#: kept with its id so that a later object reusing the id is not taken for it.
FINALIZED: dict = {}


def alloc_instance(tp: PyType) -> PyObject:
    """``tp_alloc``: a new instance of ``tp`` in its layout, with a reference to the
    type (heap types are counted), empty dict and slots."""
    layout = tp.tp_layout
    if tp.tp_flags & HAVE_GC and layout.__new__ is not counted_new:
        gc_new()  # first: a collection it starts must not meet a half-made object
    o = layout.__new__(layout)
    o.ob_refcnt = 1
    o.ob_type = tp
    if tp.tp_heap:
        tp.ob_refcnt += 1
        o.ob_dict = None
        o.ob_weak = None
        n = len(tp.tp_slotnames)
        o.ob_slots = [None] * n if n else None
    elif isinstance(o, PyInstance):
        o.ob_dict = None
        o.ob_weak = None
        o.ob_slots = None
    return o


def heap_dealloc_tail(o) -> None:
    """Kept for builtin deallocators; ``subtype_dealloc`` does the heap part."""


def call_finalizer(o: PyObject) -> bool:
    """Run ``__del__`` once; True if the object was resurrected."""
    tp = o.ob_type
    finalizer = type_lookup(tp, "__del__")
    if finalizer is None or FINALIZED.get(id(o)) is o:
        return False
    FINALIZED[id(o)] = o
    o.ob_refcnt = 1
    try:
        decref_result = call_method_obj(finalizer, o, [])
        decref(decref_result)
    except PyErr as e:
        STATE.vm.write_unraisable(e.exc, "Exception ignored in", finalizer)
    o.ob_refcnt -= 1
    return o.ob_refcnt > 0


def call_finalizer_for_gc(o: PyObject) -> None:
    """``finalize_garbage``'s ``tp_finalize`` of one object the collector found
    unreachable: ``__del__`` once (PEP 442), or a generator's close (a suspended one,
    and before 3.12 one that never started, whose close runs and clears its frame)."""
    from ..memory.gc import MATERIALIZED  # noqa: F401
    gen_close = _GEN_FINALIZERS.get(o.ob_type)
    if gen_close is not None:
        state = getattr(o, "state", None)
        if state == "suspended" or state == "created" and \
                not STATE.target.runtime("gen_close_keeps_unstarted_frame"):
            try:
                decref(gen_close(o))
            except PyErr as e:
                STATE.vm.write_unraisable(e.exc, "Exception ignored in", o)
        return
    finalizer = type_lookup(o.ob_type, "__del__")
    if finalizer is None or FINALIZED.get(id(o)) is o:
        return
    FINALIZED[id(o)] = o
    try:
        decref(call_method_obj(finalizer, o, []))
    except PyErr as e:
        STATE.vm.write_unraisable(e.exc, "Exception ignored in", finalizer)


#: ``tp_finalize`` of the generator types (filled in by minivm.vm.generators).
_GEN_FINALIZERS: dict = {}


def subtype_dealloc(o: PyObject) -> None:
    tp = o.ob_type
    if call_finalizer(o):
        return
    FINALIZED.pop(id(o), None)
    from ..memory.gc import MATERIALIZED
    MATERIALIZED.discard(id(o))
    if getattr(o, "ob_weak", None):
        from .weakrefs import clear_weakrefs
        clear_weakrefs(o)
    slots = o.ob_slots
    if slots:
        o.ob_slots = None
        for v in slots:
            if v is not None:
                decref(v)
    d = o.ob_dict
    if d is not None:
        o.ob_dict = None
        decref(d)
    base = solid_base(tp)
    if base.tp_dealloc is not None and base is not object_type:
        base.tp_dealloc(o)
    if not getattr(base.tp_dealloc, "counts_free", False) and tp.tp_flags & HAVE_GC:
        gc_del()  # the base's own deallocator did not count the object as freed
    decref(tp)


#: tp_flags bit of minivm's own (beyond CPython's 32): type_new made the type's
#: ``(object,)`` bases itself, so freeing the type frees that tuple
MADE_BASES = 1 << 40


def type_clear(tp: PyType) -> None:
    """``type_clear``: a heap type found in cyclic garbage empties its dict and drops
    its MRO, whose first item is the type itself (a cycle nothing else breaks;
    bases and the subclass list cannot be in one without a dict).  Lookups on the
    type find nothing from then on, as on a cleared type in CPython."""
    if not tp.tp_heap:
        return
    invalidate_slots()
    if tp.tp_dict is not None:
        from .dictobject import dict_clear
        dict_clear(tp.tp_dict)
    mro, tp.tp_mro = tp.tp_mro, ()
    if mro:
        gc_del(tuple_kind(len(mro)))
    for t in mro:
        decref(t)


def type_dealloc(tp: PyType) -> None:
    """``type_dealloc`` of a heap type (static types are immortal): weak references
    are cleared, the type leaves its base's subclasses (the weak reference there
    is freed), then its base, bases, what is left of its MRO and its dict are
    released, and the type object and the bases tuple it made are freed."""
    if not tp.tp_heap:
        return
    if tp.ob_weak:
        from .weakrefs import clear_weakrefs
        clear_weakrefs(tp)
    subclasses = tp.tp_base.tp_subclasses
    for i, s in enumerate(subclasses):
        if s is tp:
            del subclasses[i]
            break
    _SUBCLASS_DICTS.pop(id(tp), None)
    GETATTRO.pop(tp, None)
    SETATTRO.pop(tp, None)
    held = [tp.tp_base, *tp.tp_bases, *tp.tp_mro, tp.tp_dict]
    for _ in tp.tp_bases:
        gc_del()
    if tp.tp_flags & MADE_BASES:
        gc_del(tuple_kind(len(tp.tp_bases)))
    if tp.tp_mro:
        gc_del(tuple_kind(len(tp.tp_mro)))
    tp.tp_bases = tp.tp_mro = ()
    tp.tp_dict = None
    tp.tp_cache = {}
    gc_del()
    for x in held:
        decref(x)


type_dealloc.counts_free = True  # (subtype_dealloc of a metaclass's instance)
type_type.tp_dealloc = type_dealloc


# -- object ------------------------------------------------------------------------

def object_new(tp: PyType, args, kwargs):
    if args or kwargs:
        if not _is_object_new(type_lookup(tp, "__new__")):
            raise err("TypeError", "object.__new__() takes exactly one argument "
                      "(the type to instantiate)")
        if _is_object_init(type_lookup(tp, "__init__")):
            raise err("TypeError", "%s() takes no arguments" % tp.tp_name)
    if tp.tp_abstract:
        _raise_abstract(tp)
    return alloc_instance(tp)


def _raise_abstract(tp):
    methods = type_lookup(tp, "__abstractmethods__")
    names = sorted(x.value for x in abstract.sequence_list_decref(methods)) if methods else []
    if not STATE.target.runtime("abstract_message_312"):
        raise err("TypeError", "Can't instantiate abstract class %s with abstract method%s %s"
                  % (tp.tp_name, "s" if len(names) > 1 or
                     not STATE.target.runtime("abstract_singular_39") else "",
                     ", ".join(names)))
    raise err("TypeError", "Can't instantiate abstract class %s without an implementation "
              "for abstract method%s %s" % (tp.tp_name, "s" if len(names) > 1 else "",
                                            ", ".join("'%s'" % n for n in names)))


_OBJECT_NEW = []


def _is_object_new(m) -> bool:
    return bool(_OBJECT_NEW) and m is _OBJECT_NEW[0]


def _is_object_init(m) -> bool:
    return m.__class__ is PyMethodDescr and m.objclass is object_type


object_type.tp_new = object_new


@method(object_type, "__init__", K.KEYWORDS)
def object_init(self, args, kwargs):
    if args or kwargs:
        tp = self.ob_type
        if not _is_object_init(type_lookup(tp, "__init__")):
            raise err("TypeError", "object.__init__() takes exactly one argument "
                      "(the instance to initialize)")
        if _is_object_new(type_lookup(tp, "__new__")):
            raise err("TypeError", "%s.__init__() takes exactly one argument "
                      "(the instance to initialize)" % tp.tp_name)
    return NONE


def _object_new_static(args, kwargs):
    if not args:
        raise err("TypeError", "object.__new__(): not enough arguments")
    tp = args[0]
    if not isinstance(tp, PyType):
        raise err("TypeError", "object.__new__(X): X is not a type object (%s)"
                  % tp.ob_type.tp_name)
    return call_tp_new(tp, args[1:], kwargs, object_type)




def call_tp_new(tp: PyType, args, kwargs, owner: PyType):
    """``owner.__new__(tp, *args)`` for a builtin owner."""
    base = solid_base(tp)
    fn = owner.tp_new if owner is not object_type else object_new
    if owner is object_type and base is not object_type:
        fn = base.tp_new
    if fn is None:
        raise err("TypeError", "cannot create '%s' instances" % tp.tp_name)
    return fn(tp, list(args), kwargs)


def _builtin_new_descr(owner: PyType):
    from .typeobject import PyCFunction

    def fn(args, kwargs):
        if not args:
            raise err("TypeError", "%s.__new__(): not enough arguments" % owner.tp_name)
        tp = args[0]
        if not isinstance(tp, PyType):
            raise err("TypeError", "%s.__new__(X): X is not a type object (%s)"
                      % (owner.tp_name, tp.ob_type.tp_name))
        if not is_subtype(tp, owner):
            raise err("TypeError", "%s.__new__(%s): %s is not a subtype of %s" % (
                owner.tp_name, tp.tp_name, tp.tp_name, owner.tp_name))
        return call_tp_new(tp, args[1:], kwargs, owner)
    f = PyCFunction("__new__", fn, K.KEYWORDS, None)
    f.ob_refcnt = IMMORTAL
    return f


@method(object_type, "__repr__", K.NOARGS)
def object_repr(self):
    tp = self.ob_type
    module = type_module(tp)
    qual = tp.tp_qualname
    name = qual if module in (None, "builtins") else "%s.%s" % (module, qual)
    return new_str("<%s object at 0x%x>" % (name, STATE.vm.fake_address(self)))


@method(object_type, "__str__", K.NOARGS)
def object_str(self):
    return abstract.repr_of(self)


@method(object_type, "__hash__", K.NOARGS)
def object_hash(self):
    return new_int(STATE.vm.fake_address(self) >> 4)


@method(object_type, "__eq__")
def object_eq(self, other):
    return TRUE if self is other else NOT_IMPLEMENTED


@method(object_type, "__ne__")
def object_ne(self, other):
    eq = type_lookup(self.ob_type, "__eq__")
    r = call_method_obj(eq, self, [other])
    if r is NOT_IMPLEMENTED:
        return r
    try:
        return FALSE if is_true(r) else TRUE
    finally:
        decref(r)


for _name in ("__lt__", "__le__", "__gt__", "__ge__"):
    method(object_type, _name)(lambda self, other: NOT_IMPLEMENTED)


@method(object_type, "__getattribute__")
def object_getattribute(self, name):
    return generic_getattr(self, _name_str(name))


@method(object_type, "__setattr__", K.VARARGS, 2, 2)
def object_setattr(self, name, value):
    generic_setattr(self, _name_str(name), value)
    return NONE


@method(object_type, "__delattr__")
def object_delattr(self, name):
    generic_setattr(self, _name_str(name), None)
    return NONE


def _name_str(name):
    if not isinstance(name, PyStr):
        raise err("TypeError", "attribute name must be string, not '%s'"
                  % name.ob_type.tp_name)
    return name.value


@method(object_type, "__format__")
def object_format(self, spec):
    if spec.value:
        raise err("TypeError", "unsupported format string passed to %s.__format__"
                  % self.ob_type.tp_name)
    return abstract.str_of(self)


def object_init_subclass(args, kwargs):
    cls = args[0]
    if kwargs:
        raise err("TypeError", "%s.__init_subclass__() takes no keyword arguments"
                  % cls.tp_name)
    return NONE


@method(object_type, "__dir__", K.NOARGS)
def object_dir(self):
    names = set()
    if getattr(self, "ob_dict", None) is not None:
        names.update(k for k in self.ob_dict.vals if isinstance(k, str))
    for base in self.ob_type.tp_mro:
        names.update(k for k in base.tp_dict.vals if isinstance(k, str))
    return new_list([new_str(n) for n in names])


def object_getstate(self, required=False):
    """``object.__getstate__``: None, the instance dict (copied), or ``(dict or
    None, slots)`` when slots are set."""
    d = self.ob_dict if getattr(self, "ob_dict", None) is not None else None
    state = NONE if d is None or not d.vals else None
    if state is None:
        state = new_dict()
        from .mappings import dict_merge
        dict_merge(state, d)
    else:
        incref(state)
    slots = getattr(self, "ob_slots", None)
    names = self.ob_type.tp_slotnames if self.ob_type.tp_heap else ()
    if slots and names:
        sd = new_dict()
        for name, v in zip(names, slots):
            if v is not None:
                dict_setitem_str(sd, name, v)
        if sd.vals:
            pair = new_tuple([state, sd])
            return pair
        decref(sd)
    if required and solid_base(self.ob_type) is not object_type and state is NONE:
        decref(state)
        raise err("TypeError", "cannot pickle '%s' object" % self.ob_type.tp_name)
    return state


method(object_type, "__getstate__", K.NOARGS)(object_getstate)


def _reduce_newobj(self):
    """``reduce_newobj``: ``(copyreg.__newobj__, (cls, *args), state, listitems,
    dictitems)``."""
    from .typeobject import getattr_str
    tp = self.ob_type
    if tp.tp_new is None:
        raise err("TypeError", "cannot pickle '%s' object" % tp.tp_name)
    copyreg = STATE.vm.importer.load("copyreg")
    try:
        newobj = getattr_str(copyreg, "__newobj__")
    finally:
        decref(copyreg)
    getnewargs = type_lookup(tp, "__getnewargs__")
    if getnewargs is not None:
        extra = call_method_obj(getnewargs, self, [])
        args = [incref(x) for x in extra.items]
        decref(extra)
    else:
        args = []
    getstate = type_lookup(tp, "__getstate__")
    if getstate is not None and getattr(getstate, "fn", None) is not object_getstate:
        state = call_method_obj(getstate, self, [])
    else:
        state = object_getstate(self, required=getnewargs is None)
    listitems = abstract.get_iter(self) if is_subtype(tp, R.types["list"]) else incref(NONE)
    if is_subtype(tp, R.types["dict"]):
        items = abstract.vectorcall_method("items", self, [])
        dictitems = abstract.get_iter(items)
        decref(items)
    else:
        dictitems = incref(NONE)
    cls_args = new_tuple([incref(tp)] + args)
    return new_tuple([newobj, cls_args, state, listitems, dictitems])


@method(object_type, "__reduce_ex__")
def object_reduce_ex(self, protocol):
    reduce = type_lookup(self.ob_type, "__reduce__")
    if reduce is not None and getattr(reduce, "fn", None) is not object_reduce:
        return call_method_obj(reduce, self, [])
    return _reduce_newobj(self)


@method(object_type, "__reduce__", K.NOARGS)
def object_reduce(self):
    return _reduce_newobj(self)


@method(object_type, "__sizeof__", K.NOARGS)
def object_sizeof(self):
    return new_int(16)


def _get_class(self):
    return incref(self.ob_type)


def _set_class(self, value):
    if value is None or not isinstance(value, PyType):
        raise err("TypeError", "__class__ must be set to a class, not '%s' object"
                  % (value.ob_type.tp_name if value else "NoneType"))
    if solid_base(value).tp_layout is not solid_base(self.ob_type).tp_layout or \
            not value.tp_heap or not self.ob_type.tp_heap:
        raise err("TypeError", "__class__ assignment only supported for mutable types or "
                  "ModuleType subclasses")
    old = self.ob_type
    self.ob_type = incref(value)
    decref(old)


getset(object_type, "__class__", _set_class)(_get_class)


def _get_dict(self):
    if not self.ob_type.tp_hasdict:
        from .typeobject import attribute_error
        raise PyErr(attribute_error(self, "__dict__"))
    if self.ob_dict is None:
        self.ob_dict = R.new_instance_dict(self)
    from ..memory.gc import materialized
    materialized(self)
    return incref(self.ob_dict)


def _set_dict(self, value):
    if value is None or not isinstance(value, PyDict):
        raise err("TypeError", "__dict__ must be set to a dictionary, not a '%s'"
                  % (value.ob_type.tp_name if value else "NoneType"))
    old = self.ob_dict
    self.ob_dict = incref(value)
    if old is not None:
        decref(old)


# -- type -------------------------------------------------------------------------

def type_module(tp: PyType) -> Optional[str]:
    if tp.tp_heap:
        m = tp.tp_dict.vals.get("__module__")
        return m.value if isinstance(m, PyStr) else None
    return tp.tp_static_module


@method(type_type, "__repr__", K.NOARGS)
def type_repr(tp):
    module = type_module(tp)
    if module is None or module == "builtins":
        return new_str("<class '%s'>" % tp.tp_qualname)
    return new_str("<class '%s.%s'>" % (module, tp.tp_qualname))


def type_call(tp: PyType, args, kwargs):
    """Calling a type: where the target's type has no vectorcall, CPython first packs
    the arguments into a tuple (and a dict for keywords) that live until the call
    returns (``_PyObject_MakeTpCall``), which the collector counts.  An exception
    keeps that tuple as its ``args`` (_base_exc_new makes it)."""
    if not (args or kwargs) or not _packs_arguments(tp, len(args)):
        return _type_call(tp, args, kwargs)
    kind = tuple_kind(len(args)) if args else UNCOUNTED
    if args:
        gc_new(kind)
    if kwargs:
        gc_new("dict")
    try:
        return _type_call(tp, args, kwargs)
    finally:
        if kwargs:
            gc_del("dict")
        if args:
            gc_del(kind)


def _packs_arguments(tp: PyType, nargs: int) -> bool:
    if tp.tp_heap or tp is type_type and nargs != 1:
        return not is_subtype(tp, R.exc["BaseException"])
    since = TYPE_VECTORCALL.get(tp.tp_name)
    if since is None:
        return tp.tp_name not in _NO_PACKING and not is_subtype(tp, R.exc["BaseException"])
    return STATE.target.version < since


#: Types whose call minivm does not model as packing its arguments.
_NO_PACKING = frozenset(("object",))


def _type_call(tp: PyType, args, kwargs):
    """``type.__call__``: ``__new__`` then, for an instance of ``tp``, ``__init__``."""
    if tp is type_type and len(args) == 1 and not kwargs:
        return incref(args[0].ob_type)
    new_m = type_lookup(tp, "__new__")
    if new_m is None:
        raise err("TypeError", "cannot create '%s' instances" % tp.tp_name)
    if new_m.ob_type is R.types["builtin_function_or_method"] and new_m.self_obj is None \
            and new_m.kind == K.KEYWORDS and new_m.name == "__new__":
        obj = call_tp_new(tp, args, kwargs, _new_owner(tp))
    else:
        fn = new_m.func if new_m.ob_type is R.types["staticmethod"] else new_m
        obj = call(fn, [tp] + list(args), kwargs)
    if not is_subtype(obj.ob_type, tp):
        return obj
    init_m = type_lookup(obj.ob_type, "__init__")
    if init_m is not None:
        try:
            r = call_method_obj(init_m, obj, list(args), kwargs)
        except PyErr:
            decref(obj)
            raise
        if r is not NONE:
            t = r.ob_type.tp_name
            decref(r)
            decref(obj)
            raise err("TypeError", "__init__() should return None, not '%s'" % t)
    return obj


def _new_owner(tp):
    for base in tp.tp_mro:
        if "__new__" in base.tp_dict.vals:
            return base
    return object_type


CALLERS[type_type] = type_call
method(type_type, "__getattribute__")(lambda tp, name: type_getattro(tp, _name_str(name)))


@method(type_type, "__setattr__", K.VARARGS, 2, 2)
def _type_setattr_m(tp, name, value):
    from .typeobject import type_setattro
    type_setattro(tp, _name_str(name), value)
    return NONE


@method(type_type, "__delattr__")
def _type_delattr_m(tp, name):
    from .typeobject import type_setattro
    type_setattro(tp, _name_str(name), None)
    return NONE


method(type_type, "__call__", K.KEYWORDS)(lambda tp, args, kwargs: type_call(tp, args, kwargs))
type_type.tp_new = lambda tp, args, kwargs: _type_new_entry([tp] + list(args), kwargs)


def _type_new_entry(args, kwargs):
    """``type.__new__(meta, name, bases, ns, **kw)`` and ``type(name, bases, ns)``."""
    if len(args) != 4:
        if len(args) == 2:
            return incref(args[1].ob_type)
        raise err("TypeError", "type() takes 1 or 3 arguments")
    meta, name, bases, ns = args
    if not isinstance(name, PyStr):
        raise err("TypeError", "type.__new__() argument 1 must be str, not %s"
                  % name.ob_type.tp_name)
    if bases.ob_type is not R.types["tuple"]:
        raise err("TypeError", "type.__new__() argument 2 must be tuple, not %s"
                  % bases.ob_type.tp_name)
    if not isinstance(ns, PyDict):
        raise err("TypeError", "type.__new__() argument 3 must be dict, not %s"
                  % ns.ob_type.tp_name)
    winner = _calculate_metaclass(meta, list(bases.items))
    if winner is not meta:
        # type_new: a more derived metaclass with its own __new__ makes the class.
        new_m = type_lookup(winner, "__new__")
        type_new_m = type_type.tp_dict.vals.get("__new__")
        if new_m is not None and new_m is not type_new_m:
            fn = new_m.func if new_m.ob_type is R.types["staticmethod"] else new_m
            return call(fn, [winner, name, bases, ns], kwargs)
    return type_new(meta, name.value, list(bases.items), ns, kwargs)


def _calculate_metaclass(meta, bases):
    winner = meta
    for b in bases:
        bm = b.ob_type
        if is_subtype(winner, bm):
            continue
        if is_subtype(bm, winner):
            winner = bm
            continue
        raise err("TypeError", "metaclass conflict: the metaclass of a derived class must "
                  "be a (non-strict) subclass of the metaclasses of all its bases")
    return winner


def type_new(meta: PyType, name: str, bases: List[PyType], ns: PyDict, kwargs=None
             ) -> PyType:
    """Create a class: layout, MRO, ``__slots__``, the namespace copied into the type's
    dict, then ``__set_name__`` and ``__init_subclass__`` as ``type_new`` does."""
    for b in bases:
        if not isinstance(b, PyType):
            raise err("TypeError", "bases must be types")
    winner_meta = meta
    for b in bases:
        bm = b.ob_type
        if is_subtype(winner_meta, bm):
            continue
        if is_subtype(bm, winner_meta):
            winner_meta = bm
            continue
        raise err("TypeError", "metaclass conflict: the metaclass of a derived class must "
                  "be a (non-strict) subclass of the metaclasses of all its bases")
    made_bases = not bases
    if made_bases:
        bases = [object_type]
    base = best_base(bases)
    tp = PyType(winner_meta, name)
    tp.ob_refcnt = 1
    if winner_meta.tp_heap:
        incref(winner_meta)  # an instance of a heap type holds its type
    tp.tp_heap = True
    tp.tp_flags |= HAVE_GC | (MADE_BASES if made_bases else 0)
    tp.tp_base = base
    tp.tp_bases = tuple(bases)
    for b in bases:
        incref(b)
    tp.tp_dict = new_dict()
    for hk, k in ns.keys.items():
        dict_setitem(tp.tp_dict, k, ns.vals[hk])
    d = tp.tp_dict.vals
    qual = d.get("__qualname__")
    if qual is not None:
        tp.tp_qualname = qual.value
        from .dictobject import dict_delitem_str
        dict_delitem_str(tp.tp_dict, "__qualname__")
    else:
        tp.tp_qualname = name
    if "__module__" not in d:
        g = STATE.vm.current_globals()
        mod = g.vals.get("__name__") if g is not None else None
        if mod is not None:
            dict_setitem_str(tp.tp_dict, "__module__", mod)
    if "__eq__" in d and "__hash__" not in d:
        # type_new: a class that defines __eq__ but not __hash__ is unhashable.
        dict_setitem_str(tp.tp_dict, "__hash__", NONE)
    _wrap_implicit_methods(tp)
    tp.tp_mro = compute_mro(tp)
    # What CPython's heap type holds: its MRO tuple (itself included) and tp_base.
    for t in tp.tp_mro:
        incref(t)
    incref(base)
    _setup_layout(tp, base)
    if "__doc__" not in d:
        # After the slots: a "__doc__" slot is a member, not a conflict (type_new).
        dict_setitem_str(tp.tp_dict, "__doc__", NONE)
    tp.tp_new = base.tp_new
    tp.tp_dealloc = subtype_dealloc
    base.tp_subclasses.append(tp)
    cell = d.get("__classcell__")
    if cell is not None:
        old = cell.ref
        cell.ref = incref(tp)
        if old is not None:
            decref(old)
        from .dictobject import dict_delitem_str
        dict_delitem_str(tp.tp_dict, "__classcell__")
    invalidate_slots()
    install_heap_descr_slots(tp)
    _count_class_objects(tp, made_bases)
    _set_names(tp)
    _init_subclass(tp, kwargs)
    return tp


#: host id -> type known to have its subclass dict (tp_subclasses) in CPython
_SUBCLASS_DICTS: dict = {}


def _count_class_objects(tp: PyType, made_bases: bool) -> None:
    """What CPython's ``type_new`` allocates besides the dict (minivm keeps these as
    host objects or has none): the type object, its ``(object,)`` bases when none
    were given, the MRO tuple (from a list with several bases), the list and tuple
    of ``__slots__``, a weak reference in each base's subclass dict (the dict too,
    for a base's first subclass), and the copy of the dict ``__set_name__`` walks;
    the temporaries go back to their free lists."""
    gc_new()
    if made_bases:
        gc_new(tuple_kind(1))
    several = len(tp.tp_bases) > 1 and STATE.target.runtime("mro_list_for_several_bases")
    if several:
        gc_new("list")
    gc_new(tuple_kind(len(tp.tp_mro)))
    if several:
        gc_del("list")
    if "__slots__" in tp.tp_dict.vals:
        gc_new("list")
        own = len(tp.tp_slotnames) - (len(tp.tp_base.tp_slotnames) if tp.tp_base.tp_heap else 0)
        if own:
            gc_new(tuple_kind(own))
        gc_del("list")
    for b in tp.tp_bases:
        if id(b) not in _SUBCLASS_DICTS and not any(s is not tp for s in b.tp_subclasses):
            gc_new("dict")
        _SUBCLASS_DICTS[id(b)] = b
        gc_new()
    gc_new("dict")
    gc_del("dict")


def _wrap_implicit_methods(tp):
    from .functions import new_classmethod, new_staticmethod, function_type
    d = tp.tp_dict
    for name, wrap in (("__new__", new_staticmethod), ("__init_subclass__", new_classmethod),
                       ("__class_getitem__", new_classmethod)):
        v = d.vals.get(name)
        if v is not None and v.ob_type is function_type:
            w = wrap(v)
            dict_setitem_str(d, name, w)
            decref(w)


#: Static types whose objects are variable-sized (``tp_itemsize`` != 0): a subclass
#: cannot add a weakref list to them (type_new's may_add_weak)
_VAR_SIZED = frozenset({"int", "bytes", "tuple"})


def _setup_layout(tp, base):
    solid = solid_base(base)
    slots_obj = tp.tp_dict.vals.get("__slots__")
    inherited_slots = tuple(base.tp_slotnames) if base.tp_heap else ()
    if slots_obj is None:
        tp.tp_hasdict = True
        tp.tp_hasweak = base.tp_hasweak or solid.tp_name not in _VAR_SIZED
        tp.tp_slotnames = inherited_slots
    else:
        if isinstance(slots_obj, PyStr):
            names = [slots_obj.value]
        else:
            names = [x.value for x in abstract.sequence_list_decref(slots_obj)]
        tp.tp_hasdict = base.tp_hasdict or "__dict__" in names
        tp.tp_hasweak = base.tp_hasweak or "__weakref__" in names
        own = [n for n in names if n not in ("__dict__", "__weakref__")]
        for n in own:
            if n in tp.tp_dict.vals:
                raise err("ValueError", "'%s' in __slots__ conflicts with class variable" % n)
        start = len(inherited_slots)
        for i, n in enumerate(own):
            mangled = "_%s%s" % (tp.tp_name.lstrip("_"), n) if n.startswith("__") and \
                not n.endswith("__") else n
            _add_descr(tp, mangled, PyMemberDescr(tp, mangled, start + i))
        tp.tp_slotnames = inherited_slots + tuple(own)
    tp.tp_layout = heap_layout(solid.tp_layout)
    if tp.tp_hasdict and "__dict__" not in tp.tp_dict.vals and not base.tp_hasdict:
        from .typeobject import PyGetSetDescr
        _add_descr(tp, "__dict__", PyGetSetDescr(tp, "__dict__", _get_dict, _set_dict))
    if tp.tp_hasweak and not base.tp_hasweak:
        from .typeobject import PyGetSetDescr
        from .weakrefs import get_weakref_attr
        _add_descr(tp, "__weakref__", PyGetSetDescr(tp, "__weakref__", get_weakref_attr))


def _add_descr(tp, name, descr):
    """A slot or attribute descriptor in the new type's dict; it owns a reference
    to the type (``d_type``)."""
    descr.ob_refcnt = 1  # a heap type's descriptors are mortal, owned by its dict
    dict_setitem_str(tp.tp_dict, name, descr)
    decref(descr)
    incref(tp)


def _set_names(tp):
    for hk, k in list(tp.tp_dict.keys.items()):
        v = tp.tp_dict.vals.get(hk)
        if v is None:
            continue
        set_name = type_lookup(v.ob_type, "__set_name__")
        if set_name is not None:
            try:
                decref(call_method_obj(set_name, v, [tp, k]))
            except PyErr:
                raise


def _init_subclass(tp, kwargs):
    from .functions import new_super
    # super(type, type) packs its arguments where super has no vectorcall
    packs = _packs_arguments(R.types["super"], 2)
    if packs:
        gc_new(tuple_kind(2))
    sup = new_super(tp, tp)
    if packs:
        gc_del(tuple_kind(2))
    try:
        from .typeobject import getattr_str
        fn = getattr_str(sup, "__init_subclass__")
    finally:
        decref(sup)
    try:
        decref(call(fn, [], kwargs))
    finally:
        decref(fn)


@method(type_type, "mro", K.NOARGS)
def type_mro(tp):
    return new_list([incref(t) for t in tp.tp_mro])


@method(type_type, "__subclasses__", K.NOARGS)
def type_subclasses(tp):
    return new_list([incref(t) for t in tp.tp_subclasses])


@method(type_type, "__instancecheck__")
def type_instancecheck(tp, obj):
    return new_bool(is_subtype(obj.ob_type, tp))


@method(type_type, "__subclasscheck__")
def type_subclasscheck(tp, sub):
    return new_bool(isinstance(sub, PyType) and is_subtype(sub, tp))


@method(type_type, "__init__", K.KEYWORDS)
def type_init(tp, args, kwargs):
    """``type_init``: only checks the argument count (``type.__new__`` did the work)."""
    if kwargs and len(args) == 1:
        raise err("TypeError", "type.__init__() takes no keyword arguments")
    if len(args) not in (1, 3):
        raise err("TypeError", "type.__init__() takes 1 or 3 arguments")
    return incref(NONE)


@method(type_type, "__prepare__", K.KEYWORDS)
def type_prepare(tp, args, kwargs):
    return new_dict()


getset(type_type, "__name__")(lambda tp: new_str(tp.tp_name))
getset(type_type, "__qualname__")(lambda tp: new_str(tp.tp_qualname))
getset(type_type, "__mro__")(lambda tp: new_tuple([incref(t) for t in tp.tp_mro]))
def _type_set_bases(tp, value):
    """``type_set_bases``: a heap type takes new bases and recomputes its MRO."""
    if not tp.tp_heap:
        raise err("TypeError", "cannot set '__bases__' attribute of immutable type '%s'"
                  % tp.tp_name)
    if value is None:
        raise err("TypeError", "cannot delete '__bases__' attribute of immutable type '%s'"
                  % tp.tp_name)
    if value.ob_type is not R.types["tuple"]:
        raise err("TypeError", "can only assign tuple to %s.__bases__, not %s"
                  % (tp.tp_name, value.ob_type.tp_name))
    if not value.items:
        raise err("TypeError", "can only assign non-empty tuple to %s.__bases__, not ()"
                  % tp.tp_name)
    for b in value.items:
        if not isinstance(b, PyType):
            raise err("TypeError", "%s.__bases__ must be tuple of classes, not '%s'"
                      % (tp.tp_name, b.ob_type.tp_name))
        if is_subtype(b, tp):
            raise err("TypeError", "a __bases__ item causes an inheritance cycle")
    old_bases, old_mro = tp.tp_bases, tp.tp_mro
    tp.tp_bases = tuple(value.items)
    tp.tp_base = best_base(list(value.items))
    try:
        tp.tp_mro = compute_mro(tp)
    except PyErr:
        tp.tp_bases, tp.tp_mro = old_bases, old_mro
        raise
    for t in tp.tp_bases + tp.tp_mro:
        incref(t)
    for t in old_bases + old_mro:
        decref(t)
    invalidate_slots()


getset(type_type, "__bases__", _type_set_bases)(
    lambda tp: new_tuple([incref(t) for t in tp.tp_bases]))
getset(type_type, "__base__")(lambda tp: incref(tp.tp_base or NONE))
getset(type_type, "__dict__")(lambda tp: R.mappingproxy(tp.tp_dict))


def _type_get_module(tp):
    m = type_module(tp)
    return new_str(m) if m is not None else incref(NONE)


def _type_set_module(tp, v):
    if not tp.tp_heap:
        raise err("TypeError", "cannot set '__module__' attribute of immutable type '%s'"
                  % tp.tp_name)
    dict_setitem_str(tp.tp_dict, "__module__", v)


getset(type_type, "__module__", _type_set_module)(_type_get_module)


def _type_get_doc(tp):
    v = tp.tp_dict.vals.get("__doc__") if tp.tp_heap else None
    if v is not None:
        return incref(v)
    if tp.tp_doc is not None:
        return new_str(tp.tp_doc)
    return incref(NONE)


def _type_set_doc(tp, value):
    if not tp.tp_heap:
        raise err("TypeError", "cannot set '__doc__' attribute of immutable type '%s'"
                  % tp.tp_name)
    dict_setitem_str(tp.tp_dict, "__doc__", value if value is not None else NONE)
    types_changed()


getset(type_type, "__doc__", _type_set_doc)(_type_get_doc)


def _type_abstract_get(tp):
    v = tp.tp_dict.vals.get("__abstractmethods__") if tp is not type_type else None
    if v is None:
        raise err("AttributeError", "__abstractmethods__")
    return incref(v)


def _type_abstract_set(tp, value):
    if value is None:
        from .dictobject import dict_delitem_str
        dict_delitem_str(tp.tp_dict, "__abstractmethods__")
        tp.tp_abstract = False
    else:
        dict_setitem_str(tp.tp_dict, "__abstractmethods__", value)
        tp.tp_abstract = is_true(value)
    types_changed()


getset(type_type, "__abstractmethods__", _type_abstract_set)(_type_abstract_get)


def _type_set_name(tp, v):
    tp.tp_name = v.value


getset(type_type, "__name__", _type_set_name)(
    lambda tp: new_str(tp.tp_name if tp.tp_heap else tp.tp_name.rpartition(".")[2]))


def _type_set_qualname(tp, v):
    tp.tp_qualname = v.value


getset(type_type, "__qualname__", _type_set_qualname)(lambda tp: new_str(tp.tp_qualname))


@method(type_type, "__or__", since="type_union")
def type_or(a, b):
    return R.union_type(a, b)


@method(type_type, "__ror__", since="type_union")
def type_ror(a, b):
    return R.union_type(b, a)


def _dict_fromkeys_call(args, kwargs):
    """``dict.fromkeys(iterable, value=None)`` called on a class (first of ``args``)."""
    from .mappings import dict_fromkeys
    from .typeobject import _message_name
    if kwargs:
        raise err("TypeError", "%s() takes no keyword arguments" % _message_name("dict.fromkeys"))
    n = len(args) - 1
    if n < 1 or n > 2:
        raise err("TypeError", "fromkeys expected at %s, got %d" % (
            "least 1 argument" if n < 1 else "most 2 arguments", n))
    return dict_fromkeys(*args)


def builtin_classmethod(tp: PyType, name: str, fn) -> None:
    """A builtin class method (METH_CLASS) in ``tp``'s dict: ``fn(args, kwargs)``
    with the class first in ``args``."""
    from .typeobject import PyClassMethodDescr
    tp.tp_dict.vals[name] = PyClassMethodDescr(tp, name, fn)
    tp.tp_dict.keys[name] = R.intern(name)


def builtin_staticmethod(tp: PyType, name: str, fn, kind=K.KEYWORDS) -> None:
    """A builtin static method (METH_STATIC) in ``tp``'s dict."""
    from .functions import new_staticmethod
    from .typeobject import PyCFunction
    f = PyCFunction(name, fn, kind, None)
    f.ob_refcnt = IMMORTAL
    sm = new_staticmethod(f)
    sm.ob_refcnt = IMMORTAL
    tp.tp_dict.vals[name] = sm
    tp.tp_dict.keys[name] = R.intern(name)


def add_new_entry(tp: PyType) -> None:
    """Give a builtin type made after start-up (a native module's) its ``__new__``."""
    if "__new__" not in tp.tp_dict.vals:
        tp.tp_dict.vals["__new__"] = _builtin_new_descr(tp)
        tp.tp_dict.keys["__new__"] = R.intern("__new__")
        types_changed()


def _install_descriptor_methods() -> None:
    """``__get__``, ``__set__``, ``__delete__`` as methods of the builtin descriptor
    types (the slot wrappers CPython exposes), for code that calls them directly."""
    from .typeobject import DESCR_SET, method

    def getter(fn):
        def get(descr, obj, owner=None):
            if obj is NONE and (owner is None or owner is NONE):
                raise err("TypeError", "__get__(None, None) is invalid")
            target = None if obj is NONE else obj
            return fn(descr, target, owner if owner not in (None, NONE) else obj.ob_type)
        return get

    def setter(fn):
        def set_(descr, obj, value):
            fn(descr, obj, value)
            return incref(NONE)

        def delete(descr, obj):
            fn(descr, obj, None)
            return incref(NONE)
        return set_, delete
    for tp, fn in list(DESCR_GET.items()):
        if not tp.tp_heap and "__get__" not in tp.tp_dict.vals:
            method(tp, "__get__", K.VARARGS, 1, 2)(getter(fn))
    for tp, fn in list(DESCR_SET.items()):
        if not tp.tp_heap and "__set__" not in tp.tp_dict.vals:
            set_, delete = setter(fn)
            method(tp, "__set__", K.VARARGS, 2, 2)(set_)
            method(tp, "__delete__")(delete)


def install_new_functions() -> None:
    """Give ``object``, ``type`` and every builtin type with its own ``tp_new`` a
    ``__new__`` in its dict, and the builtin class and static methods (done once
    all builtin types exist)."""
    builtin_classmethod(object_type, "__init_subclass__", object_init_subclass)
    builtin_classmethod(object_type, "__subclasshook__",
                        lambda args, kwargs: incref(R.not_implemented))
    from .dictobject import dict_type
    builtin_classmethod(dict_type, "fromkeys", _dict_fromkeys_call)
    from . import bytesobject, genericalias, scalars, strings
    bytesobject.install()
    genericalias.install()
    R.types["types.UnionType"] = genericalias.union_type
    scalars.install_class_methods(builtin_classmethod)
    builtin_staticmethod(R.types["str"], "maketrans", strings.str_maketrans_entry)
    from .typeobject import PyCFunction
    f = PyCFunction("__new__", _type_new_entry, K.KEYWORDS, None)
    f.ob_refcnt = IMMORTAL
    type_type.tp_dict.vals["__new__"] = f
    type_type.tp_dict.keys["__new__"] = R.intern("__new__")
    seen = set()
    from .typeobject import STATIC_TYPES
    for tp in list(R.types.values()) + list(R.exc.values()) + STATIC_TYPES:
        if tp is type_type or id(tp) in seen:
            continue
        seen.add(id(tp))
        if tp is object_type or (tp.tp_new is not None and tp.tp_new is not
                                 (tp.tp_base.tp_new if tp.tp_base else None)):
            if "__new__" not in tp.tp_dict.vals:
                tp.tp_dict.vals["__new__"] = _builtin_new_descr(tp)
                if tp is object_type:
                    _OBJECT_NEW.append(tp.tp_dict.vals["__new__"])
                tp.tp_dict.keys["__new__"] = R.intern("__new__")
    _install_descriptor_methods()
    for tp in list(R.types.values()) + list(R.exc.values()):
        # PyType_Ready puts __doc__ in every type's dict (None without a tp_doc).
        if tp.tp_dict is not None and "__doc__" not in tp.tp_dict.vals:
            tp.tp_dict.vals["__doc__"] = new_str(tp.tp_doc) if tp.tp_doc else NONE
            tp.tp_dict.keys["__doc__"] = R.intern("__doc__")
    types_changed()
