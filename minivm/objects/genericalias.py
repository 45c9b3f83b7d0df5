"""``types.GenericAlias`` (``list[int]``) and ``types.UnionType`` (``int | str``)
(Objects/genericaliasobject.c, Objects/unionobject.c).

A generic alias forwards every attribute but its own (``__origin__``,
``__args__``, ``__parameters__`` ...) to its origin, calls the origin when called
(setting ``__orig_class__`` on the result when it can), and stands for the origin
in a class's bases (``__mro_entries__``).  A union flattens nested unions and
drops duplicates; ``isinstance`` and ``issubclass`` accept it like a tuple.
"""

from __future__ import annotations

from typing import List

from . import abstract
from .core import R, BuiltinKind, PyErr, PyInstance, PyObject, PyType, decref, err, incref, \
    is_subtype, type_lookup
from .scalars import NONE, NOT_IMPLEMENTED, new_bool, new_int, new_str
from .sequences import PyTuple, new_tuple
from .typeobject import GETATTRO, generic_getattr, getset, make_type, method

K = BuiltinKind


class PyGenericAlias(PyInstance):
    __slots__ = ("origin", "args", "parameters", "starred")


def _ga_dealloc(o):
    for name in ("origin", "args", "parameters"):
        v = getattr(o, name, None)
        if v is not None:
            setattr(o, name, None)
            decref(v)


generic_alias_type = make_type("types.GenericAlias", layout=PyGenericAlias,
                               dealloc=_ga_dealloc, module="types")
generic_alias_type.tp_hasweak = True


def new_generic_alias(origin, args, tp=None, starred=False) -> PyGenericAlias:
    """``Py_GenericAlias(origin, args)``: ``args`` a tuple or a single argument."""
    o = PyGenericAlias.__new__(PyGenericAlias)
    o.ob_refcnt = 1
    o.ob_type = tp or generic_alias_type
    if o.ob_type.tp_heap:
        o.ob_type.ob_refcnt += 1
    o.ob_dict = None
    o.ob_weak = None
    o.ob_slots = [None] * len(o.ob_type.tp_slotnames) if o.ob_type.tp_slotnames else None
    o.origin = incref(origin)
    o.args = incref(args) if isinstance(args, PyTuple) else new_tuple([incref(args)])
    o.parameters = None
    o.starred = starred
    return o


def _ga_new(tp, args, kwargs):
    if kwargs:
        raise err("TypeError", "GenericAlias() takes no keyword arguments")
    if len(args) != 2:
        raise err("TypeError", "GenericAlias expected 2 arguments, got %d" % len(args))
    return new_generic_alias(args[0], args[1], tp)


generic_alias_type.tp_new = _ga_new
method(generic_alias_type, "__init__", K.KEYWORDS)(lambda self, a, k: incref(NONE))


def _is_typevar_like(o) -> bool:
    return not isinstance(o, PyType) and type_lookup(o.ob_type, "__typing_subst__") is not None


def _parameters(args) -> PyObject:
    """``_Py_make_parameters``: the type variables among the arguments, in order."""
    params: List[PyObject] = []
    for a in args.items:
        if isinstance(a, PyType):
            continue
        if _is_typevar_like(a):
            if a not in params:
                params.append(a)
            continue
        sub = _attr_or_none(a, "__parameters__")
        if sub is not None:
            try:
                if isinstance(sub, PyTuple):
                    for p in sub.items:
                        if p not in params:
                            params.append(p)
            finally:
                decref(sub)
    return new_tuple([incref(p) for p in params])


def _attr_or_none(o, name):
    from .typeobject import getattr_str
    try:
        return getattr_str(o, name)
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
        return None


def repr_item(o) -> str:
    """``ga_repr_item``: a type as ``module.qualname``, ``...``, aliases by repr."""
    if o is R.ellipsis:
        return "..."
    if isinstance(o, PyGenericAlias) or o.ob_type is union_type:
        return abstract.repr_text(o)
    if o.ob_type is R.types["list"]:
        return "[%s]" % ", ".join(repr_item(x) for x in o.items)
    origin = _attr_or_none(o, "__origin__")
    args = _attr_or_none(o, "__args__") if origin is not None else None
    if origin is not None:
        decref(origin)
    if args is not None:
        decref(args)
        return abstract.repr_text(o)
    qualname = _attr_or_none(o, "__qualname__")
    module = _attr_or_none(o, "__module__") if qualname is not None else None
    try:
        if qualname is None or module is None:
            return abstract.repr_text(o)
        if module.ob_type is R.types["str"] and module.value == "builtins":
            return abstract.str_text(qualname)
        return "%s.%s" % (abstract.str_text(module), abstract.str_text(qualname))
    finally:
        if qualname is not None:
            decref(qualname)
        if module is not None:
            decref(module)


@method(generic_alias_type, "__repr__", K.NOARGS)
def ga_repr(self):
    head = ("*" if self.starred else "") + repr_item(self.origin)
    if not self.args.items:
        return new_str(head + "[()]")
    return new_str("%s[%s]" % (head, ", ".join(repr_item(a) for a in self.args.items)))


_OWN_ATTRIBUTES = frozenset((
    "__class__", "__origin__", "__args__", "__unpacked__", "__parameters__",
    "__typing_unpacked_tuple_args__", "__mro_entries__", "__reduce_ex__", "__reduce__",
    "__copy__", "__deepcopy__",
))


def _ga_getattro(self, name):
    if name not in _OWN_ATTRIBUTES and not self.ob_type.tp_heap:
        from .typeobject import getattr_str
        return getattr_str(self.origin, name)
    if name not in _OWN_ATTRIBUTES:
        from .typeobject import getattr_str
        try:
            return generic_getattr(self, name)
        except PyErr as e:
            if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
                raise
            decref(e.exc)
        return getattr_str(self.origin, name)
    return generic_getattr(self, name)


GETATTRO[generic_alias_type] = _ga_getattro
getset(generic_alias_type, "__origin__")(lambda self: incref(self.origin))
getset(generic_alias_type, "__args__")(lambda self: incref(self.args))
getset(generic_alias_type, "__unpacked__")(lambda self: new_bool(self.starred))


@getset(generic_alias_type, "__parameters__")
def ga_parameters(self):
    if self.parameters is None:
        self.parameters = _parameters(self.args)
    return incref(self.parameters)


@getset(generic_alias_type, "__typing_unpacked_tuple_args__")
def ga_unpacked_args(self):
    if self.starred and self.origin is R.types["tuple"]:
        return incref(self.args)
    return incref(NONE)


@method(generic_alias_type, "__call__", K.KEYWORDS)
def ga_call(self, args, kwargs):
    obj = abstract.call(self.origin, args, kwargs)
    from .typeobject import setattr_str
    try:
        setattr_str(obj, "__orig_class__", self)
    except PyErr as e:
        if not (is_subtype(e.exc.ob_type, R.exc["AttributeError"]) or
                is_subtype(e.exc.ob_type, R.exc["TypeError"])):
            decref(obj)
            raise
        decref(e.exc)
    return obj


def _ga_caller(self, args, kwargs):
    return ga_call(self, args, kwargs)


abstract.CALLERS[generic_alias_type] = _ga_caller
method(generic_alias_type, "__mro_entries__")(
    lambda self, bases: new_tuple([incref(self.origin)]))


def _no_isinstance(self, other):
    raise err("TypeError", "isinstance() argument 2 cannot be a parameterized generic")


def _no_issubclass(self, other):
    raise err("TypeError", "issubclass() argument 2 cannot be a parameterized generic")


method(generic_alias_type, "__instancecheck__")(_no_isinstance)
method(generic_alias_type, "__subclasscheck__")(_no_issubclass)


@method(generic_alias_type, "__eq__")
def ga_eq(self, other):
    if not isinstance(other, PyGenericAlias):
        return incref(NOT_IMPLEMENTED)
    if self.starred != other.starred:
        return incref(R.false)
    if not abstract.rich_compare_bool(self.origin, other.origin, 2):
        return incref(R.false)
    return abstract.rich_compare(self.args, other.args, 2)


@method(generic_alias_type, "__ne__")
def ga_ne(self, other):
    r = ga_eq(self, other)
    if r is NOT_IMPLEMENTED:
        return r
    v = abstract.is_true(r)
    decref(r)
    return incref(R.false if v else R.true)


@method(generic_alias_type, "__hash__", K.NOARGS)
def ga_hash(self):
    return new_int(abstract.hash_of(self.origin) ^ abstract.hash_of(self.args))


@method(generic_alias_type, "__getitem__")
def ga_getitem(self, item):
    params = ga_parameters(self)
    try:
        if not params.items:
            raise err("TypeError", "%s is not a generic class" % abstract.repr_text(self))
        items = item.items if isinstance(item, PyTuple) else [item]
        if len(items) != len(params.items):
            raise err("TypeError", "Too %s arguments for %s; actual %d, expected %d" % (
                "many" if len(items) > len(params.items) else "few",
                abstract.repr_text(self), len(items), len(params.items)))
        mapping = dict(zip([id(p) for p in params.items], items))
        new_args = [_substitute(a, mapping, params, items) for a in self.args.items]
    finally:
        decref(params)
    t = new_tuple(new_args)
    try:
        return new_generic_alias(self.origin, t, self.ob_type, self.starred)
    finally:
        decref(t)


def _substitute(arg, mapping, params, items):
    if id(arg) in mapping:
        return incref(mapping[id(arg)])
    sub = _attr_or_none(arg, "__parameters__") if not isinstance(arg, PyType) else None
    if sub is None:
        return incref(arg)
    try:
        if not isinstance(sub, PyTuple) or not sub.items:
            return incref(arg)
        chosen = [mapping[id(p)] for p in sub.items if id(p) in mapping]
        key = chosen[0] if len(chosen) == 1 else new_tuple([incref(c) for c in chosen])
        try:
            return abstract.getitem(arg, key)
        finally:
            if len(chosen) != 1:
                decref(key)
    finally:
        decref(sub)


@method(generic_alias_type, "__or__")
def ga_or(self, other):
    return new_union(self, other)


@method(generic_alias_type, "__ror__")
def ga_ror(self, other):
    return new_union(other, self)


@method(generic_alias_type, "__iter__", K.NOARGS)
def ga_iter(self):
    starred = new_generic_alias(self.origin, self.args, self.ob_type, True)
    from .sequences import list_iter_type, new_iterator, new_list
    lst = new_list([starred])
    try:
        return new_iterator(list_iter_type, lst)
    finally:
        decref(lst)


method(generic_alias_type, "__dir__", K.NOARGS)(
    lambda self: abstract.vectorcall_method("__dir__", self.origin, []))


# -- types.UnionType ---------------------------------------------------------------------------

class PyUnion(PyObject):
    __slots__ = ("args", "parameters")


def _union_dealloc(o):
    for name in ("args", "parameters"):
        v = getattr(o, name)
        if v is not None:
            setattr(o, name, None)
            decref(v)


union_type = make_type("types.UnionType", layout=PyUnion, basetype=False,
                       dealloc=_union_dealloc, module="types")


def _union_arg_ok(o) -> bool:
    """``is_unionable``: None, a type, a generic alias, a union or a TypeVar-like."""
    return o is NONE or isinstance(o, PyType) or isinstance(o, PyGenericAlias) or \
        o.ob_type is union_type or _is_typevar_like(o)


def new_union(a, b):
    """``_Py_union_type_or``: ``a | b`` or NotImplemented."""
    if not _union_arg_ok(a) or not _union_arg_ok(b):
        return incref(NOT_IMPLEMENTED)
    flat: List[PyObject] = []
    for side in (a, b):
        items = side.args.items if side.ob_type is union_type else [side]
        for x in items:
            x = R.types["NoneType"] if x is NONE else x
            if not any(_same_arg(x, y) for y in flat):
                flat.append(x)
    if len(flat) == 1:
        return incref(flat[0])
    u = PyUnion.__new__(PyUnion)
    u.ob_refcnt = 1
    u.ob_type = union_type
    u.args = new_tuple([incref(x) for x in flat])
    u.parameters = None
    return u


def _same_arg(x, y) -> bool:
    if x is y:
        return True
    if isinstance(x, PyGenericAlias) and isinstance(y, PyGenericAlias):
        return abstract.rich_compare_bool(x, y, 2)
    return False


@method(union_type, "__repr__", K.NOARGS)
def union_repr(self):
    return new_str(" | ".join("None" if a is R.types["NoneType"] else repr_item(a)
                              for a in self.args.items))


getset(union_type, "__args__")(lambda self: incref(self.args))


@getset(union_type, "__parameters__")
def union_parameters(self):
    if self.parameters is None:
        self.parameters = _parameters(self.args)
    return incref(self.parameters)


method(union_type, "__or__")(lambda self, other: new_union(self, other))
method(union_type, "__ror__")(lambda self, other: new_union(other, self))


def _union_check(self, other, what):
    for a in self.args.items:
        if isinstance(a, PyGenericAlias):
            raise err("TypeError", "%s() argument 2 cannot be a parameterized generic" % what)


@method(union_type, "__instancecheck__")
def union_instancecheck(self, obj):
    _union_check(self, obj, "isinstance")
    from ..builtins.bltinmodule import _isinstance
    return new_bool(_isinstance(obj, self.args))


@method(union_type, "__subclasscheck__")
def union_subclasscheck(self, sub):
    _union_check(self, sub, "issubclass")
    from ..builtins.bltinmodule import _issubclass
    return new_bool(_issubclass(sub, self.args))


@method(union_type, "__eq__")
def union_eq(self, other):
    if other.ob_type is not union_type:
        return incref(NOT_IMPLEMENTED)
    a = set(id(x) for x in self.args.items)
    b = set(id(x) for x in other.args.items)
    return incref(R.true if a == b else R.false)


@method(union_type, "__hash__", K.NOARGS)
def union_hash(self):
    h = 0
    for x in self.args.items:
        h ^= abstract.hash_of(x)
    return new_int(h)


def _class_getitem(args, kwargs):
    cls, item = args
    return new_generic_alias(cls, item)


def install() -> None:
    """``__class_getitem__`` of the builtin generic types, ``type.__or__``."""
    from .instances import builtin_classmethod
    for name in ("list", "dict", "tuple", "set", "frozenset", "type", "enumerate",
                 "reversed", "zip", "map", "filter"):
        tp = R.types.get(name)
        if tp is not None and name not in ("zip", "map", "filter", "reversed"):
            builtin_classmethod(tp, "__class_getitem__", _class_getitem)
    R.generic_alias = new_generic_alias
    R.union_type = new_union
