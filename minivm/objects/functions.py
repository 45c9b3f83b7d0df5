"""Function-like objects: ``function``, ``method``, ``cell``, ``code``,
``staticmethod``, ``classmethod``, ``property``, ``super`` and ``mappingproxy``.

A :class:`PyFunction` is called by the VM (``STATE.vm.call_function``); binding it
to an instance makes a :class:`PyMethod` holding references to both, as CPython's
``func_descr_get`` does.
"""

from __future__ import annotations

from . import abstract
from .abstract import CALLERS, call, repr_text
from .core import (
    R, STATE, BuiltinKind, PyErr, PyInstance, PyObject, PyType, decref, err,
    incref, is_subtype, type_lookup,
)
from .dictobject import PyDict, new_dict
from .scalars import NONE, PyStr, new_bool, new_int, new_str
from .sequences import new_tuple
from .typeobject import (
    DESCR_GET, DESCR_SET, GETATTRO, count_objects, generic_getattr, getset, make_type,
    method,
)

K = BuiltinKind


class PyFunction(PyObject):
    __slots__ = ("code", "globals", "builtins", "name", "qualname", "defaults",
                 "kwdefaults", "closure", "doc", "ob_dict", "annotations", "module",
                 "ob_weak", "ob_slots", "type_params")


def _function_dealloc(f):
    from .weakrefs import clear_weakrefs
    if f.ob_weak:
        clear_weakrefs(f)
    for name in ("code", "globals", "name", "qualname", "defaults", "kwdefaults", "closure",
                 "doc", "ob_dict", "annotations", "module"):
        v = getattr(f, name)
        if v is not None:
            setattr(f, name, None)
            decref(v)


function_type = make_type("function", layout=PyFunction, basetype=False,
                          dealloc=_function_dealloc)
function_type.tp_hasdict = True
function_type.tp_hasweak = True


def new_function(code, globals_: PyDict, qualname: PyStr) -> PyFunction:
    """``PyFunction_New``: references to code, globals and qualname are taken."""
    f = PyFunction.__new__(PyFunction)
    f.ob_refcnt = 1
    f.ob_type = function_type
    f.code = incref(code)
    f.globals = incref(globals_)
    f.builtins = None
    info = code.info
    f.name = incref(R.intern(info.co.co_name))
    f.qualname = incref(qualname)
    f.defaults = None
    f.kwdefaults = None
    f.closure = None
    consts = info.consts
    doc = consts[0] if consts and consts[0].ob_type is R.types["str"] and \
        info.has_docstring else NONE
    f.doc = incref(doc)
    f.ob_dict = None
    f.ob_weak = None
    f.ob_slots = None
    f.annotations = None
    f.type_params = None
    mod = globals_.vals.get("__name__")
    f.module = incref(mod) if mod is not None else None
    return f


def _function_get(f, obj, owner):
    if obj is None:
        return incref(f)
    return new_method(f, obj)


DESCR_GET[function_type] = _function_get
CALLERS[function_type] = lambda f, args, kwargs: STATE.vm.call_function(f, args, kwargs)


@method(function_type, "__repr__", K.NOARGS)
def function_repr(f):
    return new_str("<function %s at 0x%x>" % (f.qualname.value, STATE.vm.fake_address(f)))


def _fattr(name, writable=True):
    def get(f):
        v = getattr(f, name)
        return incref(v if v is not None else NONE)

    def put(f, v):
        old = getattr(f, name)
        setattr(f, name, None if v is None or v is NONE and name in
                ("defaults", "kwdefaults") else incref(v))
        if old is not None:
            decref(old)
    getset(function_type, {"name": "__name__", "qualname": "__qualname__",
                           "defaults": "__defaults__", "kwdefaults": "__kwdefaults__",
                           "closure": "__closure__", "doc": "__doc__",
                           "module": "__module__", "globals": "__globals__",
                           "code": "__code__"}[name], put if writable else None)(get)


for _n in ("name", "qualname", "defaults", "kwdefaults", "doc", "module", "code"):
    _fattr(_n)
_fattr("closure", writable=False)
_fattr("globals", writable=False)


def _get_annotations(f):
    if f.annotations is None:
        f.annotations = new_dict()
    return incref(f.annotations)


def _set_annotations(f, v):
    old = f.annotations
    f.annotations = incref(v) if v is not None else None
    if old is not None:
        decref(old)


getset(function_type, "__annotations__", _set_annotations)(_get_annotations)


def _get_fdict(f):
    if f.ob_dict is None:
        f.ob_dict = new_dict()
    return incref(f.ob_dict)


getset(function_type, "__dict__")(_get_fdict)


@method(function_type, "__get__", K.VARARGS, 1, 2)
def function_get_m(f, obj, owner=None):
    return _function_get(f, None if obj is NONE else obj, owner)


# -- bound methods ----------------------------------------------------------------------

class PyMethod(PyObject):
    __slots__ = ("func", "self_obj", "ob_weak")


def _method_dealloc(m):
    from .weakrefs import clear_weakrefs
    if m.ob_weak:
        clear_weakrefs(m)
    decref(m.func)
    decref(m.self_obj)


method_type = make_type("method", layout=PyMethod, basetype=False, dealloc=_method_dealloc)
count_objects(method_type, "method")
method_type.tp_hasweak = True
method_type.tp_new = lambda tp, a, k: _method_new(tp, a, k)


def _method_new(tp, args, kwargs):
    if kwargs or len(args) != 2:
        raise err("TypeError", "method expected 2 arguments, got %d" % len(args))
    func, self_obj = args
    if not abstract.callable_check(func):
        raise err("TypeError", "first argument must be callable")
    if self_obj is NONE:
        raise err("TypeError", "instance must not be None")
    return new_method(func, self_obj)


def new_method(func: PyObject, self_obj: PyObject) -> PyMethod:
    m = PyMethod.__new__(PyMethod)
    m.ob_refcnt = 1
    m.ob_type = method_type
    m.func = incref(func)
    m.self_obj = incref(self_obj)
    m.ob_weak = None
    return m


def _call_method(m, args, kwargs):
    return call(m.func, [m.self_obj] + list(args), kwargs)


CALLERS[method_type] = _call_method
getset(method_type, "__func__")(lambda m: incref(m.func))
getset(method_type, "__self__")(lambda m: incref(m.self_obj))


def _method_getattro(m, name):
    try:
        return generic_getattr(m, name)
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
    from .typeobject import getattr_str
    return getattr_str(m.func, name)


GETATTRO[method_type] = _method_getattro


@method(method_type, "__repr__", K.NOARGS)
def method_repr(m):
    from .typeobject import getattr_str
    try:
        name = getattr_str(m.func, "__qualname__")
    except PyErr as e:
        decref(e.exc)
        name = getattr_str(m.func, "__name__")
    try:
        return new_str("<bound method %s of %s>" % (name.value, repr_text(m.self_obj)))
    finally:
        decref(name)


@method(method_type, "__eq__")
def method_eq(m, other):
    if other.ob_type is not method_type:
        return R.not_implemented
    return new_bool(m.func is other.func and m.self_obj is other.self_obj)


@method(method_type, "__hash__", K.NOARGS)
def method_hash(m):
    return new_int(hash((id(m.func), id(m.self_obj))) & 0xFFFFFFFF)


def _slot_call(self, args, kwargs):
    """``tp_call`` seen as the ``__call__`` slot wrapper (3.10's inspect takes
    ``type(all.__call__)``)."""
    return call(self, args, kwargs)


for _tp in (function_type, method_type, R.types["builtin_function_or_method"]):
    method(_tp, "__call__", K.KEYWORDS)(_slot_call)


# -- cells ---------------------------------------------------------------------------------

class PyCell(PyObject):
    __slots__ = ("ref",)


def _cell_dealloc(c):
    v = c.ref
    if v is not None:
        c.ref = None
        decref(v)


cell_type = make_type("cell", layout=PyCell, basetype=False, dealloc=_cell_dealloc)


def new_cell(value=None) -> PyCell:
    c = PyCell.__new__(PyCell)
    c.ob_refcnt = 1
    c.ob_type = cell_type
    c.ref = value
    return c


def _cell_contents(c):
    if c.ref is None:
        raise err("ValueError", "Cell is empty")
    return incref(c.ref)


getset(cell_type, "cell_contents")(_cell_contents)


# -- code objects as seen by programs ------------------------------------------------

class PyCodeObj(PyObject):
    """Wraps the VM's per-code runtime record (``minivm.vm.frame.CodeInfo``)."""
    __slots__ = ("info",)


code_type = make_type("code", layout=PyCodeObj, basetype=False, dealloc=lambda o: None)
for _attr in ("co_name", "co_qualname", "co_filename", "co_firstlineno", "co_argcount",
              "co_flags", "co_varnames", "co_names", "co_freevars", "co_cellvars",
              "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize",
              "co_code", "co_linetable", "co_exceptiontable"):
    def _get(o, _attr=_attr):
        from .scalars import from_host
        return from_host(getattr(o.info.co, _attr))
    getset(code_type, _attr)(_get)
getset(code_type, "co_consts")(
    lambda o: new_tuple([incref(c) for c in o.info.consts]))


@method(code_type, "replace", K.KEYWORDS)
def code_replace(o, args, kwargs):
    """``code.replace(**changes)``: the same code with new fields (host values)."""
    if args:
        raise err("TypeError", "replace() takes no positional arguments")
    from .scalars import to_host
    changes = {}
    for name, value in (kwargs or {}).items():
        if not name.startswith("co_") or name == "co_consts":
            raise err("TypeError", "replace() got an unexpected keyword argument '%s'" % name)
        changes[name] = to_host(value)
        if isinstance(changes[name], list):
            changes[name] = tuple(changes[name])
    co = o.info.co.replace(**changes)
    return STATE.vm.new_code_object(co)


@method(code_type, "co_lines", K.NOARGS)
def code_co_lines(o):
    info = o.info
    rows = []
    n = len(info.co.co_code) // 2
    start = 0
    line = info.line_of(0)
    for i in range(1, n + 1):
        cur = info.line_of(i) if i < n else object()
        if cur != line:
            rows.append((2 * start, 2 * i, line))
            start, line = i, cur
    from .scalars import from_host
    lst = from_host(rows)
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)


@method(code_type, "co_positions", K.NOARGS)
def code_co_positions(o):
    """``(lineno, end_lineno, col, end_col)`` for each code unit (PEP 657)."""
    info = o.info
    rows = [tuple(info.location(i)) for i in range(len(info.co.co_code) // 2)]
    from .scalars import from_host
    lst = from_host(rows)
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)


method(code_type, "__repr__", K.NOARGS)(lambda o: new_str(
    '<code object %s at 0x%x, file "%s", line %d>' % (
        o.info.co.co_name, STATE.vm.fake_address(o), o.info.co.co_filename,
        o.info.co.co_firstlineno)))


# -- staticmethod, classmethod, property ---------------------------------------------

class PyWrapper(PyInstance):
    __slots__ = ("func",)


def _wrapper_dealloc(o):
    f = o.func
    o.func = None
    if f is not None:
        decref(f)
    if o.ob_dict is not None:
        d, o.ob_dict = o.ob_dict, None
        decref(d)


staticmethod_type = make_type("staticmethod", layout=PyWrapper, dealloc=_wrapper_dealloc)
classmethod_type = make_type("classmethod", layout=PyWrapper, dealloc=_wrapper_dealloc)
for _tp in (staticmethod_type, classmethod_type):
    _tp.tp_hasdict = True


def _new_wrapper(tp, func):
    o = PyWrapper.__new__(PyWrapper)
    o.ob_refcnt = 1
    o.ob_type = tp
    o.func = incref(func)
    o.ob_dict = None
    o.ob_weak = None
    o.ob_slots = None
    return o


def new_staticmethod(func):
    return _new_wrapper(staticmethod_type, func)


def new_classmethod(func):
    return _new_wrapper(classmethod_type, func)


def _wrapper_new(tp, args, kwargs):
    from .instances import alloc_instance
    if len(args) != 1:
        raise err("TypeError", "%s expected 1 argument, got %d" % (tp.tp_name, len(args)))
    o = alloc_instance(tp)
    o.func = incref(args[0])
    return o


staticmethod_type.tp_new = _wrapper_new
classmethod_type.tp_new = _wrapper_new
method(staticmethod_type, "__init__", K.KEYWORDS)(lambda self, a, k: NONE)
method(classmethod_type, "__init__", K.KEYWORDS)(lambda self, a, k: NONE)
DESCR_GET[staticmethod_type] = lambda sm, obj, owner: incref(sm.func)


def _classmethod_get(cm, obj, owner):
    if owner is None:
        owner = obj.ob_type
    return new_method(cm.func, owner)


DESCR_GET[classmethod_type] = _classmethod_get
CALLERS[staticmethod_type] = lambda sm, args, kwargs: call(sm.func, args, kwargs)
getset(staticmethod_type, "__func__")(lambda o: incref(o.func))
getset(classmethod_type, "__func__")(lambda o: incref(o.func))
for _tp in (staticmethod_type, classmethod_type):
    getset(_tp, "__isabstractmethod__")(lambda o: abstract_flag(o.func))


def abstract_flag(func):
    from .typeobject import getattr_str
    try:
        return getattr_str(func, "__isabstractmethod__")
    except PyErr as e:
        decref(e.exc)
        return incref(R.false)


class PyProperty(PyInstance):
    #: ``getter_doc``: the doc was taken from the getter (so a copy takes its new one)
    __slots__ = ("fget", "fset", "fdel", "doc", "name", "getter_doc")


def _property_dealloc(p):
    for name in ("fget", "fset", "fdel", "doc", "name"):
        v = getattr(p, name)
        if v is not None:
            setattr(p, name, None)
            decref(v)


property_type = make_type("property", layout=PyProperty, dealloc=_property_dealloc)


def _property_new(tp, args, kwargs):
    from .instances import alloc_instance
    p = alloc_instance(tp)
    p.fget = p.fset = p.fdel = p.doc = p.name = None
    p.getter_doc = False
    return p


property_type.tp_new = _property_new


@method(property_type, "__init__", K.KEYWORDS)
def property_init(p, args, kwargs):
    kwargs = kwargs or {}
    names = ("fget", "fset", "fdel", "doc")
    values = dict(zip(names, args))
    values.update(kwargs)
    for name in names:
        v = values.get(name)
        old = getattr(p, name)
        setattr(p, name, incref(v) if v is not None and v is not NONE else None)
        if old is not None:
            decref(old)
    doc, p.doc = p.doc, None
    p.getter_doc = False
    if doc is None and p.fget is not None:
        doc = _getattr_or_none(p.fget, "__doc__")
        if doc is NONE:
            decref(doc)
            doc = None
        p.getter_doc = doc is not None
    if p.ob_type is property_type:
        p.doc = doc
        return NONE
    # A subclass's instance keeps its doc in its own dict, or the subclass's __doc__
    # would shadow it: 3.12+ always (None too), before only a getter's doc.
    if STATE.target.runtime("property_subclass_doc_always") or p.getter_doc:
        from .typeobject import setattr_str
        try:
            setattr_str(p, "__doc__", doc if doc is not None else NONE)
        except PyErr as e:
            if p.getter_doc or not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
                raise
            decref(e.exc)  # (dropped silently through 3.11, and still for __slots__)
        finally:
            if doc is not None:
                decref(doc)
    else:
        p.doc = doc
    return NONE


def _getattr_or_none(o, name):
    from .typeobject import getattr_str
    try:
        return getattr_str(o, name)
    except PyErr as e:
        decref(e.exc)
        return None


def _property_get(p, obj, owner):
    if obj is None:
        return incref(p)
    if p.fget is None:
        raise err("AttributeError", _property_message(p, obj, "getter", "unreadable attribute"))
    return call(p.fget, [obj])


def _property_message(p, obj, missing: str, old: str) -> str:
    """3.11+: "property 'x' of 'A.T' object has no setter" (the name and the type's
    qualified name as reprs; "property of 'A.T' object ..." without a name); 3.10:
    "can't set attribute 'x'"; 3.8 and 3.9 leave the name out."""
    target = STATE.target
    if target.runtime("property_message_311"):
        qualname = repr(obj.ob_type.tp_qualname)
        if p.name is not None:
            return "property %s of %s object has no %s" % (
                abstract.repr_text(p.name), qualname, missing)
        return "property of %s object has no %s" % (qualname, missing)
    if target.runtime("property_name_in_message") and p.name is not None:
        return "%s %s" % (old, abstract.repr_text(p.name))
    return old


def _property_set(p, obj, value):
    if value is None:
        if p.fdel is None:
            raise err("AttributeError", _property_message(p, obj, "deleter",
                                                          "can't delete attribute"))
        decref(call(p.fdel, [obj]))
        return
    if p.fset is None:
        raise err("AttributeError", _property_message(p, obj, "setter", "can't set attribute"))
    decref(call(p.fset, [obj, value]))


DESCR_GET[property_type] = _property_get
DESCR_SET[property_type] = _property_set


def _property_copy(p, **changes):
    """``property_copy``: ``type(p)(fget, fset, fdel, doc)`` with one of them changed,
    the doc left to the new getter when the old one came from the getter; the
    name is kept."""
    parts = []
    for name in ("fget", "fset", "fdel"):
        v = changes.get(name, getattr(p, name))
        parts.append(NONE if v is None else v)
    if p.getter_doc and parts[0] is not NONE:
        doc = NONE
    else:
        doc = p.doc if p.doc is not None else NONE
    q = call(p.ob_type, parts + [doc])
    if isinstance(q, PyProperty) and p.name is not None:
        old, q.name = q.name, incref(p.name)
        if old is not None:
            decref(old)
    return q


method(property_type, "getter")(lambda p, f: _property_copy(p, fget=f))
method(property_type, "setter")(lambda p, f: _property_copy(p, fset=f))
method(property_type, "deleter")(lambda p, f: _property_copy(p, fdel=f))
getset(property_type, "fget")(lambda p: incref(p.fget or NONE))
getset(property_type, "fset")(lambda p: incref(p.fset or NONE))
getset(property_type, "fdel")(lambda p: incref(p.fdel or NONE))
def _property_set_doc(p, value):
    old = p.doc
    p.doc = incref(value) if value is not None and value is not NONE else None
    if old is not None:
        decref(old)


getset(property_type, "__doc__", _property_set_doc)(lambda p: incref(p.doc or NONE))


@method(property_type, "__set_name__", K.VARARGS, 2, 2)
def property_set_name(p, owner, name):
    old = p.name
    p.name = incref(name)
    if old is not None:
        decref(old)
    return NONE


@getset(property_type, "__isabstractmethod__")
def property_isabstract(p):
    for f in (p.fget, p.fset, p.fdel):
        if f is not None:
            r = abstract_flag(f)
            if r is R.true:
                return r
            decref(r)
    return incref(R.false)


# -- super ---------------------------------------------------------------------------------

class PySuper(PyObject):
    __slots__ = ("type", "obj", "obj_type")


def _super_dealloc(s):
    for name in ("type", "obj", "obj_type"):
        v = getattr(s, name)
        if v is not None:
            setattr(s, name, None)
            decref(v)


super_type = make_type("super", layout=PySuper, dealloc=_super_dealloc)


def _supercheck(tp, obj):
    if isinstance(obj, PyType) and is_subtype(obj, tp):
        return obj
    if is_subtype(obj.ob_type, tp):
        return obj.ob_type
    raise err("TypeError", "super(type, obj): obj must be an instance or subtype of type")


def new_super(tp: PyType, obj: PyObject) -> PySuper:
    s = PySuper.__new__(PySuper)
    s.ob_refcnt = 1
    s.ob_type = super_type
    s.type = incref(tp)
    s.obj = incref(obj) if obj is not None else None
    s.obj_type = incref(_supercheck(tp, obj)) if obj is not None else None
    return s


def _super_new(tp, args, kwargs):
    if not args:
        return STATE.vm.zero_arg_super()
    if not isinstance(args[0], PyType):
        raise err("TypeError", "super() argument 1 must be a type, not %s"
                  % args[0].ob_type.tp_name)
    return new_super(args[0], args[1] if len(args) > 1 else None)


super_type.tp_new = _super_new


def super_lookup(s: PySuper, name: str):
    """Attribute ``name`` after ``s.type`` in the MRO of ``s.obj_type``: new reference,
    or None when absent (then the caller falls back to the super object itself)."""
    start = s.obj_type
    if start is None or name == "__class__":
        return None
    mro = start.tp_mro
    try:
        i = mro.index(s.type) + 1
    except ValueError:
        return None
    for base in mro[i:]:
        v = base.tp_dict.vals.get(name)
        if v is not None:
            get = DESCR_GET.get(v.ob_type)
            if get is None:
                return incref(v)
            obj = None if s.obj is s.obj_type else s.obj
            return get(v, obj, start)
    return None


def _super_getattro(s, name):
    v = super_lookup(s, name)
    if v is not None:
        return v
    try:
        return generic_getattr(s, name)
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
        raise err("AttributeError", "'super' object has no attribute '%s'" % name) from None


GETATTRO[super_type] = _super_getattro


@method(super_type, "__repr__", K.NOARGS)
def super_repr(s):
    if s.obj_type is not None:
        return new_str("<super: <class '%s'>, <%s object>>" % (s.type.tp_name,
                                                                s.obj_type.tp_name))
    return new_str("<super: <class '%s'>, NULL>" % s.type.tp_name)


getset(super_type, "__thisclass__")(lambda s: incref(s.type))
getset(super_type, "__self__")(lambda s: incref(s.obj or NONE))


# -- mappingproxy --------------------------------------------------------------------

class PyMappingProxy(PyObject):
    __slots__ = ("mapping",)


mappingproxy_type = make_type("mappingproxy", layout=PyMappingProxy, basetype=False,
                              dealloc=lambda o: decref(o.mapping))


def new_mappingproxy(d):
    o = PyMappingProxy.__new__(PyMappingProxy)
    o.ob_refcnt = 1
    o.ob_type = mappingproxy_type
    o.mapping = incref(d)
    return o


R.mappingproxy = new_mappingproxy


def _mappingproxy_new(tp, args, kwargs):
    if len(args) != 1 or kwargs:
        raise err("TypeError", "mappingproxy() takes exactly one argument (%d given)"
                  % (len(args) + len(kwargs or {})))
    mapping = args[0]
    if type_lookup(mapping.ob_type, "__getitem__") is None or \
            mapping.ob_type in (R.types["list"], R.types["tuple"]):
        raise err("TypeError", "mappingproxy() argument must be a mapping, not %s"
                  % mapping.ob_type.tp_name)
    return new_mappingproxy(mapping)


mappingproxy_type.tp_new = _mappingproxy_new
method(mappingproxy_type, "__eq__")(
    lambda p, other: abstract.rich_compare(p.mapping, other, 2))
method(mappingproxy_type, "__reversed__", K.NOARGS)(
    lambda p: abstract.vectorcall_method("__reversed__", p.mapping, []))
method(mappingproxy_type, "__or__", since="dict_union")(
    lambda p, other: abstract.binary_op(p.mapping, other, "|"))
method(mappingproxy_type, "__str__", K.NOARGS)(lambda p: abstract.str_of(p.mapping))
for _name in ("__getitem__", "__contains__", "get", "keys", "values", "items", "__iter__",
              "__len__", "copy"):
    def _fwd(p, *args, _name=_name):
        return abstract.call_method_obj(type_lookup(p.mapping.ob_type, _name), p.mapping,
                                        list(args))
    kind = K.NOARGS if _name in ("keys", "values", "items", "__iter__", "__len__", "copy") \
        else (K.VARARGS if _name == "get" else K.O)
    method(mappingproxy_type, _name, kind, 1, 2)(_fwd)
method(mappingproxy_type, "__repr__", K.NOARGS)(
    lambda p: new_str("mappingproxy(%s)" % repr_text(p.mapping)))


# -- attributes of builtin functions and descriptors ---------------------------------------

def _install_builtin_attributes():
    from .scalars import (
        builtin_function_type, classmethod_descriptor_type, getset_descriptor_type,
        member_descriptor_type, method_descriptor_type,
    )

    def cfunc_qualname(f):
        if f.self_obj is None or f.qualprefix == "":
            return new_str(f.name)
        owner = f.self_obj if isinstance(f.self_obj, PyType) else f.self_obj.ob_type
        if f.self_obj.ob_type.tp_name == "module":
            return new_str(f.name)
        return new_str("%s.%s" % (owner.tp_qualname, f.name))

    def cfunc_self(f):
        if f.self_obj is not None:
            return incref(f.self_obj)
        modules = STATE.vm.modules.vals if STATE.vm is not None else {}
        m = modules.get(f.module) if f.module else None
        return incref(m if m is not None else NONE)

    def cfunc_module(f):
        if f.self_obj is not None and f.self_obj.ob_type.tp_name != "module":
            return incref(NONE)
        return new_str(f.module) if f.module else incref(NONE)
    getset(builtin_function_type, "__name__")(lambda f: new_str(f.name))
    getset(builtin_function_type, "__qualname__")(cfunc_qualname)
    getset(builtin_function_type, "__self__")(cfunc_self)
    getset(builtin_function_type, "__module__")(cfunc_module)
    getset(builtin_function_type, "__doc__")(lambda f: incref(NONE))
    getset(builtin_function_type, "__text_signature__")(lambda f: incref(NONE))

    @method(builtin_function_type, "__reduce__", K.NOARGS)
    def cfunc_reduce(f):
        # meth_reduce: a module's function pickles by name (pickle finds it as a global
        # of __module__), a bound method as getattr(self, name)
        if f.self_obj is None or f.self_obj.ob_type.tp_name == "module":
            return new_str(f.name)
        getattr_fn = incref(STATE.vm.builtins.vals["getattr"])
        return new_tuple([getattr_fn, new_tuple([incref(f.self_obj), new_str(f.name)])])
    @method(builtin_function_type, "__repr__", K.NOARGS)
    def cfunc_repr(f):
        if f.self_obj is None or f.self_obj.ob_type.tp_name == "module":
            return new_str("<built-in function %s>" % f.name)
        return new_str("<built-in method %s of %s object at 0x%x>" % (
            f.name, f.self_obj.ob_type.tp_name, STATE.vm.fake_address(f.self_obj)))

    for tp in (method_descriptor_type, classmethod_descriptor_type):
        method(tp, "__repr__", K.NOARGS)(
            lambda d: new_str("<method '%s' of '%s' objects>" % (d.name, d.objclass.tp_name)))
        getset(tp, "__text_signature__")(lambda d: incref(NONE))
    for tp in (method_descriptor_type, classmethod_descriptor_type, getset_descriptor_type,
               member_descriptor_type):
        getset(tp, "__name__")(lambda d: new_str(d.name))
        getset(tp, "__qualname__")(
            lambda d: new_str("%s.%s" % (d.objclass.tp_qualname, d.name)))
        getset(tp, "__objclass__")(lambda d: incref(d.objclass))
        getset(tp, "__doc__")(lambda d: incref(NONE))


_install_builtin_attributes()
