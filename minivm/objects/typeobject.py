"""``object``, ``type``, descriptors and generic attribute access (CPython's
Objects/typeobject.c, descrobject.c and the generic parts of object.c).

Builtin types are built with :func:`make_type` and get their methods with
:func:`method`; a method is a :class:`PyMethodDescr` around a host function with
one of the calling conventions of :class:`~minivm.objects.core.BuiltinKind`.
User classes are made by :func:`type_new` (``__build_class__`` calls it through
the metaclass).  Attribute access goes through two host-level slots per type,
``tp_getattro`` and ``tp_setattro``, chosen when the type is made and whenever a
dunder is assigned on it, so the common case never looks up ``__getattr__``.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional

from .core import (
    _LAYOUT_KIND, HAVE_GC, IMMORTAL, NOT_GC, R, STATE, BuiltinKind, PyErr, PyInstance,
    PyObject, PyType, counted_new, counting_dealloc, decref, err, incref, is_subtype,
    type_lookup, types_changed,
)

# -- descriptor slots: host functions per type, keyed by the type -------------------
# ``DESCR_GET[tp]`` is ``get(descr, obj_or_None, owner) -> new ref``; ``DESCR_SET[tp]``
# is ``set(descr, obj, value_or_None)``.  Only types with the slot appear.
DESCR_GET: Dict[PyType, Callable] = {}
DESCR_SET: Dict[PyType, Callable] = {}


def _bootstrap():
    object_type = PyType(None, "object")
    type_type = PyType(None, "type")
    object_type.ob_type = type_type
    type_type.ob_type = type_type
    object_type.tp_mro = (object_type,)
    type_type.tp_base = object_type
    type_type.tp_bases = (object_type,)
    type_type.tp_mro = (type_type, object_type)
    type_type.tp_layout = PyType
    type_type.tp_hasdict = True
    type_type.tp_hasweak = True
    return object_type, type_type


object_type, type_type = _bootstrap()
R.types["object"] = object_type
R.types["type"] = type_type


def make_type(name: str, base: Optional[PyType] = None, layout: Optional[type] = None,
              basetype: bool = True, module: str = "builtins", meta: Optional[PyType] = None,
              dealloc: Optional[Callable] = None) -> PyType:
    """A builtin (static) type.  ``layout`` is the host class of its instances."""
    base = object_type if base is None else base
    tp = PyType(meta or type_type, name)
    tp.tp_base = base
    tp.tp_bases = (base,)
    tp.tp_mro = (tp,) + base.tp_mro
    tp.tp_layout = layout or base.tp_layout
    tp.tp_basetype = basetype
    tp.tp_dealloc = dealloc or base.tp_dealloc
    tp.tp_hasdict = base.tp_hasdict
    tp.tp_hasweak = base.tp_hasweak
    tp.tp_static_module = module
    # A static type's tp_name may be dotted ("itertools.count"): the module part
    # is __module__, the rest __name__ and __qualname__.
    tp.tp_qualname = name.rpartition(".")[2]
    tp.tp_new = base.tp_new
    tp.tp_init_builtin = base.tp_init_builtin
    base.tp_subclasses.append(tp)
    if R.new_dict is not None:
        tp.tp_dict = R.new_dict()
    if name not in R.types and module == "builtins":
        R.types[name] = tp
    STATIC_TYPES.append(tp)
    if name not in NOT_GC:
        count_objects(tp)
    return tp


#: Host classes shared by builtin types of which some are not GC types, or whose
#: objects are counted where they are made (tuples: by length).
_UNCOUNTED_LAYOUTS: List[type] = [PyObject, PyInstance]


def count_objects(tp: PyType, kind=None, layout: Optional[type] = None,
                  new_kind: Optional[str] = None) -> None:
    """Make ``tp`` a GC type for the collector's count: its objects are counted when
    made (through their host class's ``__new__``, unless that class is shared) and
    when freed (its ``tp_dealloc``); ``kind`` names the free list its exact objects
    use, ``kind(o)`` for one whose list depends on the object (tuples).  ``layout``
    is the host class of its objects where that is not the type's layout;
    ``new_kind`` the free list a new one comes from when ``kind`` is a function."""
    tp.tp_flags |= HAVE_GC
    layout = layout or tp.tp_layout
    if layout not in _UNCOUNTED_LAYOUTS:
        layout.__new__ = counted_new  # type: ignore[assignment]
        if isinstance(kind, str) or new_kind:
            _LAYOUT_KIND[layout] = new_kind or kind
    kind_of = kind if callable(kind) else (lambda o, k=kind: k) if kind else None
    if tp.tp_dealloc is not None:
        tp.tp_dealloc = counting_dealloc(tp.tp_dealloc, tp, kind_of)


def uncounted_layout(layout: type) -> None:
    """``layout``'s objects are counted where they are made, not by ``__new__``."""
    _UNCOUNTED_LAYOUTS.append(layout)
    if layout.__dict__.get("__new__") is counted_new:
        del layout.__new__


#: Every static type made, builtins or not (install_new_functions gives each its
#: ``__new__``).
STATIC_TYPES: List[PyType] = []


class PyMethodDescr(PyObject):
    """``method_descriptor``: a builtin method in a type's dict."""

    __slots__ = ("name", "fn", "kind", "objclass", "minargs", "maxargs", "doc")

    def __init__(self, objclass: PyType, name: str, fn: Callable, kind: int,
                 minargs: int = 0, maxargs: int = 0) -> None:
        PyObject.__init__(self, R.types["method_descriptor"])
        self.ob_refcnt = IMMORTAL
        self.name = name
        self.fn = fn
        self.kind = kind
        self.objclass = objclass
        self.minargs = minargs
        self.maxargs = maxargs


class PyClassMethodDescr(PyMethodDescr):
    """``classmethod_descriptor``: a builtin class method (METH_CLASS) in a type's
    dict, ``fn(args, kwargs)`` taking the class first; bound to a class it is a
    builtin method of that class (``dict.fromkeys``)."""

    __slots__ = ("bound",)

    def __init__(self, objclass: PyType, name: str, fn: Callable) -> None:
        PyMethodDescr.__init__(self, objclass, name, fn, BuiltinKind.KEYWORDS)
        self.ob_type = R.types["classmethod_descriptor"]
        self.bound = lambda cls, args, kwargs: fn([cls, *args], kwargs)


def _classmethod_descr_get(descr, obj, owner):
    cls = owner if owner is not None and owner is not R.none else obj.ob_type
    return PyCFunction(descr.name, descr.bound, BuiltinKind.KEYWORDS, incref(cls),
                       qualprefix=descr.objclass.tp_qualname + ".")


class PyCFunction(PyObject):
    """``builtin_function_or_method``: a builtin function, or a builtin method bound to
    ``self_obj`` (``[].append``)."""

    __slots__ = ("name", "fn", "kind", "self_obj", "minargs", "maxargs", "qualprefix",
                 "module")

    def __init__(self, name: str, fn: Callable, kind: int, self_obj: Optional[PyObject],
                 minargs: int = 0, maxargs: int = 0, qualprefix: str = "",
                 module: str = "builtins") -> None:
        PyObject.__init__(self, R.types["builtin_function_or_method"])
        self.name = name
        self.fn = fn
        self.kind = kind
        self.self_obj = self_obj
        self.minargs = minargs
        self.maxargs = maxargs
        self.qualprefix = qualprefix
        self.module = module


def _descr_dealloc(o):
    pass


def _cfunction_dealloc(o):
    if o.self_obj is not None:
        decref(o.self_obj)


def method(tp: PyType, name: str, kind: int = BuiltinKind.O, minargs: int = 0,
           maxargs: int = 0, since: Optional[str] = None):
    """Decorator: add host function as builtin method ``name`` of ``tp``; with
    ``since`` (a ``RUNTIME_SINCE`` entry) only targets having it see the method."""
    def register(fn):
        descr = PyMethodDescr(tp, name, fn, kind, minargs, maxargs)
        tp.tp_dict.vals[name] = descr
        tp.tp_dict.keys[name] = R.intern(name)
        if since is not None:
            GATED_METHODS.append((tp, name, descr, since))
        return fn
    return register


#: Builtin methods and attributes not every target has: (type, name, descriptor,
#: RUNTIME_SINCE entry).
GATED_METHODS: List[tuple] = []
#: (type, RUNTIME_SINCE entry, name with it, name without): builtin types renamed
#: between versions
GATED_NAMES: List[tuple] = []


def gate_name(tp: PyType, since: str, name: str, before: str) -> None:
    """``tp`` is called ``name`` on targets with behaviour ``since``, else ``before``."""
    GATED_NAMES.append((tp, since, name, before))


def apply_method_gates(target) -> None:
    """Show or hide each gated builtin method for ``target``, and name each renamed
    type (the builtin types are shared by every run in the process, so each
    interpreter sets them anew)."""
    for tp, name, descr, since in GATED_METHODS:
        if target.runtime(since):
            tp.tp_dict.vals[name] = descr
            tp.tp_dict.keys[name] = R.intern(name)
        else:
            tp.tp_dict.vals.pop(name, None)
            tp.tp_dict.keys.pop(name, None)
    for tp, since, name, before in GATED_NAMES:
        tp.tp_name = tp.tp_qualname = name if target.runtime(since) else before
    types_changed()


def invoke_builtin(name: str, fn: Callable, kind: int, minargs: int, maxargs: int,
                   self_obj: Optional[PyObject], args: List[PyObject],
                   kwargs: Optional[dict]) -> PyObject:
    """Call a builtin with its convention, raising CPython's arity errors."""
    if kind == BuiltinKind.KEYWORDS:
        return fn(self_obj, args, kwargs) if self_obj is not None else fn(args, kwargs)
    if kwargs:
        raise err("TypeError", "%s() takes no keyword arguments" % _message_name(name))
    n = len(args)
    if kind == BuiltinKind.O:
        if n != 1:
            raise err("TypeError", "%s() takes exactly one argument (%d given)"
                      % (_message_name(name), n))
        return fn(self_obj, args[0]) if self_obj is not None else fn(args[0])
    if kind == BuiltinKind.NOARGS:
        if n:
            raise err("TypeError", "%s() takes no arguments (%d given)"
                      % (_message_name(name), n))
        return fn(self_obj) if self_obj is not None else fn()
    if n < minargs or n > maxargs:
        raise arity_error(name, minargs, maxargs, n)
    return fn(self_obj, *args) if self_obj is not None else fn(*args)


def arity_error(name: str, minargs: int, maxargs: int, n: int) -> PyErr:
    """The positional-count error of a METH_VARARGS builtin (``name`` may be
    qualified, ``type.method``): Argument Clinic's
    (``_PyArg_CheckPositional``) unless the target still parses it with
    ``PyArg_ParseTuple`` (versions ``PARSE_TUPLE_ARITY_UNTIL``)."""
    from ..versions import PARSE_TUPLE_ARITY_UNTIL
    short = name.rpartition(".")[2]
    bound = minargs if n < minargs else maxargs
    plural = "" if bound == 1 else "s"
    until = PARSE_TUPLE_ARITY_UNTIL.get(name)
    if until is not None and STATE.target is not None and STATE.target.version < until:
        how = "exactly" if minargs == maxargs else "at least" if n < minargs else "at most"
        return err("TypeError", "%s() takes %s %d argument%s (%d given)"
                   % (short, how, bound, plural, n))
    return err("TypeError", "%s expected at %s %d argument%s, got %d"
               % (short, "least" if n < minargs else "most", bound, plural, n))


def unexpected_keyword(fname: str, name: str) -> PyErr:
    """Argument Clinic's error for a keyword ``fname()`` does not take, in the
    target's wording (versions ``clinic_unexpected_keyword``)."""
    if STATE.target is not None and STATE.target.runtime("clinic_unexpected_keyword"):
        return err("TypeError", "%s() got an unexpected keyword argument '%s'" % (fname, name))
    return err("TypeError", "'%s' is an invalid keyword argument for %s()" % (name, fname))


def given_twice(fname: str, name: str, index: int) -> PyErr:
    """Argument Clinic's error for parameter ``name`` (0-based ``index``) of
    ``fname()`` given both by position and by name."""
    return err("TypeError", "argument for %s() given by name ('%s') and position (%d)"
               % (fname, name, index + 1))


def _message_name(name: str) -> str:
    """A builtin's name in its calling-convention errors: ``list.append`` from 3.9,
    the bare ``append`` before."""
    if STATE.target is None or STATE.target.runtime("qualified_builtin_messages"):
        return name
    return name.rpartition(".")[2]


def _method_descr_get(descr, obj, owner):
    if obj is None:
        return incref(descr)
    return PyCFunction(descr.name, descr.fn, descr.kind, incref(obj), descr.minargs,
                       descr.maxargs, descr.objclass.tp_qualname + ".")


def call_descr(descr: PyMethodDescr, args: List[PyObject], kwargs=None) -> PyObject:
    """``list.append(l, 1)``: a method descriptor called with self first."""
    # the descriptor's __qualname__: "deque.append", not the dotted tp_name
    qual = "%s.%s" % (descr.objclass.tp_qualname, descr.name)
    if not args:
        raise err("TypeError", "unbound method %s() needs an argument" % qual)
    self_obj = args[0]
    if not is_subtype(self_obj.ob_type, descr.objclass):
        raise err("TypeError", "descriptor '%s' for '%s' objects doesn't apply to a '%s' object"
                  % (descr.name, descr.objclass.tp_name, self_obj.ob_type.tp_name))
    return invoke_builtin(qual, descr.fn, descr.kind, descr.minargs, descr.maxargs,
                          self_obj, args[1:], kwargs)


class PyGetSetDescr(PyObject):
    """``getset_descriptor``: a computed attribute of a builtin type (``f.__name__``)."""

    __slots__ = ("name", "getter", "setter", "objclass")

    def __init__(self, objclass, name, getter, setter=None):
        PyObject.__init__(self, R.types["getset_descriptor"])
        self.ob_refcnt = IMMORTAL
        self.name = name
        self.getter = getter
        self.setter = setter
        self.objclass = objclass


def getset(tp: PyType, name: str, setter: Optional[Callable] = None,
           since: Optional[str] = None):
    """Decorator: a computed attribute ``name`` on ``tp`` (getter returns new ref);
    ``since`` as for :func:`method`."""
    def register(fn):
        descr = PyGetSetDescr(tp, name, fn, setter)
        tp.tp_dict.vals[name] = descr
        tp.tp_dict.keys[name] = R.intern(name)
        if since is not None:
            GATED_METHODS.append((tp, name, descr, since))
        return fn
    return register


def _getset_get(descr, obj, owner):
    if obj is None:
        return incref(descr)
    return descr.getter(obj)


def _getset_set(descr, obj, value):
    if descr.setter is None:
        if value is None:
            raise err("AttributeError", "attribute '%s' of '%s' objects is not writable"
                      % (descr.name, descr.objclass.tp_name))
        raise err("AttributeError", "attribute '%s' of '%s' objects is not writable"
                  % (descr.name, descr.objclass.tp_name))
    descr.setter(obj, value)


class PyMemberDescr(PyObject):
    """``member_descriptor``: one ``__slots__`` entry, stored in ``ob_slots[index]``."""

    __slots__ = ("name", "index", "objclass")

    def __init__(self, objclass, name, index):
        PyObject.__init__(self, R.types["member_descriptor"])
        self.name = name
        self.index = index
        self.objclass = objclass


def _member_get(descr, obj, owner):
    if obj is None:
        return incref(descr)
    value = obj.ob_slots[descr.index]
    if value is None:
        if STATE.target.runtime("slot_attribute_error_310"):
            raise PyErr(attribute_error(obj, descr.name))
        raise err("AttributeError", descr.name)
    return incref(value)


def _member_set(descr, obj, value):
    slots = obj.ob_slots
    old = slots[descr.index]
    if value is None:
        if old is None:
            raise err("AttributeError", descr.name)  # (every version: no name, no obj)
        slots[descr.index] = None
    else:
        slots[descr.index] = incref(value)
    if old is not None:
        decref(old)


def attribute_error(obj: PyObject, name: str) -> PyObject:
    """The AttributeError CPython raises for a missing attribute (with name/obj set)."""
    from .exceptions import set_attribute_error_context
    if obj.ob_type is type_type or is_subtype(obj.ob_type, type_type):
        msg = "type object '%s' has no attribute '%s'" % (obj.tp_name, name)
    elif obj.ob_type is R.types.get("module"):
        modname = obj.module_name()
        msg = "module '%s' has no attribute '%s'" % (modname, name)
    else:
        msg = "'%s' object has no attribute '%s'" % (obj.ob_type.tp_name, name)
    from .core import new_exception
    exc = new_exception("AttributeError", msg)
    set_attribute_error_context(exc, obj, name)
    return exc


# -- generic attribute access ----------------------------------------------------

def generic_getattr(obj: PyObject, name: str) -> PyObject:
    """``PyObject_GenericGetAttr``: data descriptor, instance dict, then the class."""
    tp = obj.ob_type
    descr = type_lookup(tp, name)
    get = None
    if descr is not None:
        dtp = descr.ob_type
        get = DESCR_GET.get(dtp)
        if get is not None and dtp in DESCR_SET:
            return get(descr, obj, tp)
    if tp.tp_hasdict:
        d = obj.ob_dict
        if d is not None:
            value = d.vals.get(name)
            if value is not None:
                value.ob_refcnt += 1
                return value
    if get is not None:
        return get(descr, obj, tp)
    if descr is not None:
        descr.ob_refcnt += 1
        return descr
    raise PyErr(attribute_error(obj, name))


def generic_setattr(obj: PyObject, name: str, value: Optional[PyObject]) -> None:
    """``PyObject_GenericSetAttr``; ``value`` None deletes.  Borrowed ``value``."""
    tp = obj.ob_type
    descr = type_lookup(tp, name)
    if descr is not None:
        setter = DESCR_SET.get(descr.ob_type)
        if setter is not None:
            setter(descr, obj, value)
            return
    if not tp.tp_hasdict:
        if descr is None:
            if value is None:
                raise PyErr(attribute_error(obj, name))
            raise PyErr(_no_attr_to_set(obj, name))
        raise err("AttributeError", "'%s' object attribute '%s' is read-only"
                  % (tp.tp_name, name))
    d = obj.ob_dict
    if d is None:
        if value is None:
            raise PyErr(attribute_error(obj, name))
        d = obj.ob_dict = R.new_instance_dict(obj)
    if value is None:
        if name not in d.vals:
            raise PyErr(attribute_error(obj, name))
        R.dict_delitem_str(d, name)
    else:
        R.dict_setitem_str(d, name, value)


def _no_attr_to_set(obj, name):
    from .core import new_exception
    from .exceptions import set_attribute_error_context
    suffix = " and no __dict__ for setting new attributes" \
        if STATE.target.runtime("no_dict_setattr_message") else ""
    exc = new_exception("AttributeError", "'%s' object has no attribute '%s'%s"
                        % (obj.ob_type.tp_name, name, suffix))
    set_attribute_error_context(exc, obj, name)
    return exc


def getattr_str(obj: PyObject, name: str) -> PyObject:
    """``PyObject_GetAttr`` with a host-str name; new reference."""
    return GETATTRO[obj.ob_type](obj, name) if obj.ob_type in GETATTRO else \
        get_getattro(obj.ob_type)(obj, name)


def setattr_str(obj: PyObject, name: str, value: Optional[PyObject]) -> None:
    get_setattro(obj.ob_type)(obj, name, value)


GETATTRO: Dict[PyType, Callable] = {}
SETATTRO: Dict[PyType, Callable] = {}


def get_getattro(tp: PyType) -> Callable:
    fn = GETATTRO.get(tp)
    if fn is None:
        fn = _compute_getattro(tp)
        GETATTRO[tp] = fn
    return fn


def get_setattro(tp: PyType) -> Callable:
    fn = SETATTRO.get(tp)
    if fn is None:
        fn = _compute_setattro(tp)
        SETATTRO[tp] = fn
    return fn


BUILTIN_GETATTRO: Dict[PyType, Callable] = {}
BUILTIN_SETATTRO: Dict[PyType, Callable] = {}


def _compute_getattro(tp: PyType) -> Callable:
    getattribute = type_lookup(tp, "__getattribute__")
    getattr_hook = type_lookup(tp, "__getattr__")
    base_fn = generic_getattr
    if isinstance(getattribute, PyMethodDescr):
        base_fn = BUILTIN_GETATTRO.get(getattribute.objclass, generic_getattr)
    elif getattribute is not None:
        def base_fn(obj, name, _m=getattribute):
            from .abstract import call_method_obj
            return call_method_obj(_m, obj, [R.new_str(name)], steal_args=True)
    if getattr_hook is None:
        return base_fn

    def with_hook(obj, name, _base=base_fn):
        try:
            return _base(obj, name)
        except PyErr as e:
            if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
                raise
            decref(e.exc)
        hook = type_lookup(obj.ob_type, "__getattr__")
        from .abstract import call_method_obj
        return call_method_obj(hook, obj, [R.new_str(name)], steal_args=True)
    return with_hook


def _compute_setattro(tp: PyType) -> Callable:
    setattr_m = type_lookup(tp, "__setattr__")
    delattr_m = type_lookup(tp, "__delattr__")
    builtin_set = isinstance(setattr_m, PyMethodDescr)
    builtin_del = isinstance(delattr_m, PyMethodDescr)
    if builtin_set and builtin_del:
        return BUILTIN_SETATTRO.get(setattr_m.objclass, generic_setattr)

    def slot_setattro(obj, name, value):
        from .abstract import call_method_obj
        if value is None:
            if builtin_del:
                return BUILTIN_SETATTRO.get(delattr_m.objclass, generic_setattr)(obj, name, None)
            decref(call_method_obj(delattr_m, obj, [R.new_str(name)], steal_args=True))
        else:
            if builtin_set:
                return BUILTIN_SETATTRO.get(setattr_m.objclass, generic_setattr)(obj, name, value)
            decref(call_method_obj(setattr_m, obj, [R.new_str(name), incref(value)],
                                   steal_args=True))
    return slot_setattro


def invalidate_slots() -> None:
    """A class attribute changed: recompute attribute slots on next use."""
    types_changed()
    for tp in list(GETATTRO):
        if tp.tp_heap:
            del GETATTRO[tp]
    for tp in list(SETATTRO):
        if tp.tp_heap:
            del SETATTRO[tp]
    from . import abstract
    abstract.heap_slots_changed()


def install_heap_descr_slots(tp: PyType) -> None:
    """A user class with ``__get__`` / ``__set__`` / ``__delete__`` is a descriptor type."""
    from .abstract import call_method_obj
    get_m = type_lookup(tp, "__get__")
    set_m = type_lookup(tp, "__set__")
    del_m = type_lookup(tp, "__delete__")
    if get_m is not None:
        if isinstance(get_m, PyMethodDescr) or get_m.ob_type in (R.types["method_descriptor"],):
            base_get = None
            for base in tp.tp_mro[1:]:
                if base in DESCR_GET:
                    base_get = DESCR_GET[base]
                    break
            if base_get is not None:
                DESCR_GET[tp] = base_get
        else:
            def slot_get(descr, obj, owner, _m=get_m):
                none = R.none
                return call_method_obj(_m, descr, [incref(obj if obj is not None else none),
                                                   incref(owner)], steal_args=True)
            DESCR_GET[tp] = slot_get
    if set_m is not None or del_m is not None:
        def slot_set(descr, obj, value, _s=set_m, _d=del_m):
            if value is None:
                if _d is None:
                    raise err("AttributeError", "__delete__")
                decref(call_method_obj(_d, descr, [incref(obj)], steal_args=True))
            else:
                if _s is None:
                    raise err("AttributeError", "__set__")
                decref(call_method_obj(_s, descr, [incref(obj), incref(value)],
                                       steal_args=True))
        DESCR_SET[tp] = slot_set


# -- type attribute access -------------------------------------------------------

def type_getattro(tp: PyType, name: str) -> PyObject:
    """``type_getattro``: metatype data descriptors, the type's MRO, metatype attrs."""
    meta = tp.ob_type
    meta_attr = type_lookup(meta, name)
    meta_get = None
    if meta_attr is not None:
        meta_get = DESCR_GET.get(meta_attr.ob_type)
        if meta_get is not None and meta_attr.ob_type in DESCR_SET:
            return meta_get(meta_attr, tp, meta)
    attr = type_lookup(tp, name)
    if attr is not None:
        local_get = DESCR_GET.get(attr.ob_type)
        if local_get is not None:
            return local_get(attr, None, tp)
        return incref(attr)
    if meta_get is not None:
        return meta_get(meta_attr, tp, meta)
    if meta_attr is not None:
        return incref(meta_attr)
    raise PyErr(attribute_error(tp, name))


def type_setattro(tp: PyType, name: str, value: Optional[PyObject]) -> None:
    if not tp.tp_heap:
        raise err("TypeError", "cannot set '%s' attribute of immutable type '%s'"
                  % (name, tp.tp_name))
    meta_attr = type_lookup(tp.ob_type, name)
    if meta_attr is not None and meta_attr.ob_type in DESCR_SET:
        DESCR_SET[meta_attr.ob_type](meta_attr, tp, value)
        return
    d = tp.tp_dict
    if value is None:
        if name not in d.vals:
            raise PyErr(attribute_error(tp, name))
        R.dict_delitem_str(d, name)
    else:
        R.dict_setitem_str(d, name, value)
    invalidate_slots()
    if name in ("__get__", "__set__", "__delete__"):
        DESCR_GET.pop(tp, None)
        DESCR_SET.pop(tp, None)
        install_heap_descr_slots(tp)


GETATTRO[type_type] = type_getattro
SETATTRO[type_type] = type_setattro
BUILTIN_GETATTRO[type_type] = type_getattro
BUILTIN_SETATTRO[type_type] = type_setattro
BUILTIN_GETATTRO[object_type] = generic_getattr
BUILTIN_SETATTRO[object_type] = generic_setattr


# -- MRO (C3) -----------------------------------------------------------------------

def compute_mro(tp: PyType) -> tuple:
    """C3 linearization, with CPython's error text for an inconsistent hierarchy."""
    seqs = [list(b.tp_mro) for b in tp.tp_bases] + [list(tp.tp_bases)]
    result = [tp]
    while True:
        seqs = [s for s in seqs if s]
        if not seqs:
            return tuple(result)
        for seq in seqs:
            head = seq[0]
            if not any(head in s[1:] for s in seqs):
                break
        else:
            names = []
            for seq in seqs:
                if seq[0].tp_name not in names:
                    names.append(seq[0].tp_name)
            sep = " " if STATE.target.runtime("mro_error_one_line") else "\n"
            raise err("TypeError", "Cannot create a consistent method resolution%sorder (MRO) "
                      "for bases %s" % (sep, ", ".join(names)))
        result.append(head)
        for seq in seqs:
            if seq[0] is head:
                del seq[0]


def solid_base(tp: PyType) -> PyType:
    """The builtin type whose layout instances of ``tp`` use."""
    while tp.tp_heap:
        tp = tp.tp_base
    return tp


def best_base(bases) -> PyType:
    winner = None
    for base in bases:
        if not base.tp_basetype:
            raise err("TypeError", "type '%s' is not an acceptable base type" % base.tp_name)
        if winner is None:
            winner = base
            continue
        wl, bl = solid_base(winner).tp_layout, solid_base(base).tp_layout
        if issubclass(bl, wl) and bl is not wl:
            winner = base
        elif not issubclass(wl, bl):
            raise err("TypeError", "multiple bases have instance lay-out conflict")
    return winner
