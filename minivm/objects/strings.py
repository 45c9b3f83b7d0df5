"""``str`` and ``bytes`` methods, done on the host value (CPython's algorithms for
text are the host's), and ``%``/``format`` formatting through :class:`HostProxy`,
which lets the host formatter call back into minivm's ``__str__``, ``__repr__``,
``__format__``, ``__index__``, attribute and item access for minivm objects.
"""

from __future__ import annotations

from typing import Any, Dict

from . import abstract
from .abstract import repr_text, str_text
from .core import R, STATE, BuiltinKind, PyObject, decref, err, incref
from .scalars import (
    FALSE, NONE, NOT_IMPLEMENTED, TRUE, PyBytes, PyLong, PyStr, bytes_type,
    from_host, host_call, index_value, int_type, new_bool, new_bytes, new_int, new_str,
    str_hash, str_type, to_host,
)
from .sequences import PyTuple as _PyTuple
from .sequences import (
    PyIter, _normalize_slice, _register_next, install_iterator_pickling, new_iterator, new_tuple,
    slice_type,
)
from .typeobject import gate_name, make_type, method

K = BuiltinKind


class HostProxy:
    """A minivm object seen by host formatting code.  :func:`to_proxy` makes it of a
    class named after the object's type, with ``__index__`` and ``__int__`` only
    when the type has them: the host's ``%`` then decides "is it a number" and
    words its errors as CPython does for that type."""

    __slots__ = ("obj",)

    def __init__(self, obj: PyObject) -> None:
        self.obj = obj

    def __str__(self) -> str:
        return str_text(self.obj)

    def __repr__(self) -> str:
        return repr_text(self.obj)

    def __format__(self, spec: str) -> str:
        r = abstract.format_of(self.obj, new_str(spec))
        v = r.value
        decref(r)
        return v

    def __float__(self) -> float:
        r = abstract.lookup_special_call(self.obj, "__float__", [])
        if r is None:
            if abstract.type_lookup(self.obj.ob_type, "__index__") is not None:
                return float(index_value(self.obj))  # PyFloat_AsDouble's fallback
            raise TypeError("must be real number, not %s" % self.obj.ob_type.tp_name)
        v = r.value
        decref(r)
        return v

    def __getattr__(self, name: str) -> Any:
        from .typeobject import getattr_str
        return to_proxy(getattr_str(self.obj, name))

    def __getitem__(self, key: Any) -> Any:
        k = from_host(key)
        try:
            return to_proxy(abstract.getitem(self.obj, k))
        finally:
            decref(k)

    def __len__(self) -> int:
        return abstract.length_of(self.obj)

    def keys(self):
        return [to_proxy(k) for k in abstract.iterate(abstract.vectorcall_method(
            "keys", self.obj, []))]


class _IndexProxy:
    __slots__ = ()

    def __index__(self) -> int:
        return index_value(self.obj)


class _IntProxy:
    __slots__ = ()

    def __int__(self) -> int:
        r = abstract.lookup_special_call(self.obj, "__int__", [])
        if r is None:
            return index_value(self.obj)
        v = int(r.value)
        decref(r)
        return v


_PROXY_CLASSES: Dict[Any, type] = {}


def proxy_class(tp: Any, base: type = HostProxy) -> type:
    """The proxy class for minivm type ``tp``: named as ``tp`` is, a number to the
    host's formatting exactly when ``tp`` has ``__index__`` or ``__int__``."""
    index = abstract.type_lookup(tp, "__index__") is not None
    as_int = abstract.type_lookup(tp, "__int__") is not None
    key = (tp.tp_name, index, as_int, base)
    cls = _PROXY_CLASSES.get(key)
    if cls is None:
        bases = tuple(b for b, has in ((_IndexProxy, index), (_IntProxy, as_int)) if has)
        cls = _PROXY_CLASSES[key] = type(tp.tp_name, bases + (base,), {"__slots__": ()})
    return cls


def to_proxy(o: PyObject) -> Any:
    """Host value for exact scalars (formatted exactly as the host does), else a proxy."""
    t = o.ob_type
    if t is str_type or t is int_type or t is R.types["float"] or t is R.types["bool"]:
        return o.value
    if t is R.types["tuple"]:
        return tuple(to_proxy(x) for x in o.items)
    if o is NONE:
        return None
    return proxy_class(t)(o)


def _s(o: PyObject, what: str = "str") -> str:
    if not isinstance(o, PyStr):
        raise err("TypeError", "must be str, not %s" % o.ob_type.tp_name)
    return o.value


def _opt(args, i, default=None):
    if len(args) > i and args[i] is not NONE:
        return to_host(args[i])
    return default


def _wrap_simple(tp, name, kind, minargs=0, maxargs=0):
    """Register ``name`` calling the host method of the same name on host values."""
    def fn(self, *args):
        host_args = [to_host(a) for a in args]
        return from_host(host_call(getattr(self.value, name), *host_args))
    method(tp, name, kind, minargs, maxargs)(fn)


for _name in ("upper", "lower", "capitalize", "title", "swapcase", "casefold", "isdigit",
              "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle",
              "isidentifier", "isnumeric", "isdecimal", "isascii", "isprintable"):
    _wrap_simple(str_type, _name, K.NOARGS)
for _name, _lo, _hi in (("strip", 0, 1), ("lstrip", 0, 1), ("rstrip", 0, 1), ("zfill", 1, 1),
                        ("center", 1, 2), ("ljust", 1, 2), ("rjust", 1, 2),
                        ("partition", 1, 1), ("rpartition", 1, 1), ("expandtabs", 0, 1),
                        ("replace", 2, 3),
                        ("find", 1, 3), ("rfind", 1, 3), ("index", 1, 3), ("rindex", 1, 3),
                        ("count", 1, 3), ("startswith", 1, 3), ("endswith", 1, 3)):
    _wrap_simple(str_type, _name, K.VARARGS, _lo, _hi)
for _name in ("upper", "lower", "strip", "hex", "isdigit", "isalpha", "decode", "split",
              "startswith", "endswith", "find", "count", "replace", "join", "rstrip",
              "lstrip", "center", "ljust", "rjust", "capitalize", "title"):
    if _name in ("hex", "upper", "lower", "isdigit", "isalpha", "capitalize", "title"):
        _wrap_simple(bytes_type, _name, K.NOARGS)
    elif _name not in ("join", "split", "decode", "startswith", "endswith"):
        _wrap_simple(bytes_type, _name, K.VARARGS, 0, 3)


def _remove_affix(suffix: bool):
    """``str.removeprefix``/``removesuffix`` (3.9+; not the host's: it may be 3.8)."""
    def fn(self, affix):
        if not isinstance(affix, PyStr):
            raise err("TypeError", "%s() argument must be str, not %s" % (
                "removesuffix" if suffix else "removeprefix", affix.ob_type.tp_name))
        v, a = self.value, affix.value
        if a and (v.endswith(a) if suffix else v.startswith(a)):
            return new_str(v[:len(v) - len(a)] if suffix else v[len(a):])
        return new_str(v) if self.ob_type is not str_type else incref(self)
    return fn


method(str_type, "removeprefix", since="remove_affix")(_remove_affix(False))
method(str_type, "removesuffix", since="remove_affix")(_remove_affix(True))


def _split_like(name):
    def fn(self, args, kwargs):
        kwargs = kwargs or {}
        sep = args[0] if args else kwargs.get("sep", NONE)
        maxsplit = args[1] if len(args) > 1 else kwargs.get("maxsplit")
        host_args = [None if sep is NONE else to_host(sep)]
        if maxsplit is not None:
            host_args.append(index_value(maxsplit))
        return from_host(host_call(getattr(self.value, name), *host_args))
    return fn


method(str_type, "split", K.KEYWORDS)(_split_like("split"))
method(str_type, "rsplit", K.KEYWORDS)(_split_like("rsplit"))
method(bytes_type, "split", K.KEYWORDS)(_split_like("split"))


@method(str_type, "splitlines", K.KEYWORDS)
def str_splitlines(self, args, kwargs):
    keep = args[0] if args else (kwargs or {}).get("keepends", FALSE)
    return from_host(self.value.splitlines(abstract.is_true(keep)))


@method(str_type, "join")
def str_join(self, iterable):
    parts = []
    for i, x in enumerate(abstract.iterate(iterable)):
        if not isinstance(x, PyStr):
            t = x.ob_type.tp_name
            decref(x)
            raise err("TypeError", "sequence item %d: expected str instance, %s found" % (i, t))
        parts.append(x.value)
        decref(x)
    return new_str(self.value.join(parts))


@method(str_type, "encode", K.KEYWORDS)
def str_encode(self, args, kwargs):
    host = [to_host(a) for a in args]
    hk = {k: to_host(v) for k, v in (kwargs or {}).items()}
    return new_bytes(host_call(lambda: self.value.encode(*host, **hk)))


@method(str_type, "format", K.KEYWORDS)
def str_format(self, args, kwargs):
    host_args = [to_proxy(a) for a in args]
    host_kwargs = {k: to_proxy(v) for k, v in (kwargs or {}).items()}
    return new_str(host_call(lambda: self.value.format(*host_args, **host_kwargs)))


@method(str_type, "__mod__")
def str_mod(self, other):
    if isinstance(other, _PyTuple):
        host = tuple(to_proxy(x) for x in other.items)
    elif abstract.type_lookup(other.ob_type, "__getitem__") is not None and \
            other.ob_type is not str_type:
        host = proxy_class(other.ob_type, _MappingProxy)(other)
    else:
        host = to_proxy(other)
    return new_str(host_call(lambda: percent_format(self.value, host)))


def percent_format(fmt: Any, args: Any) -> Any:
    """The host's ``%`` with the target's wording of a non-number for ``%d``/``%i``
    ("a real number is required" from 3.10, "a number is required" before): the
    host may be either side of that change."""
    try:
        return fmt % args
    except TypeError as e:
        text = str(e)
        real = STATE.target.runtime("real_number_messages")
        old, new = ("format: a number is", "format: a real number is") if real else \
            ("format: a real number is", "format: a number is")
        if old in text:
            raise TypeError(text.replace(old, new)) from None
        raise


class _MappingProxy(HostProxy):
    __slots__ = ()


method(str_type, "__rmod__")(lambda self, other: NOT_IMPLEMENTED)


def _text_getitem(maker):
    def fn(self, key):
        v = self.value
        if key.ob_type is slice_type:
            return maker(v[_host_slice(key)])
        if not isinstance(key, PyLong) and abstract.type_lookup(key.ob_type, "__index__") is None:
            what = "string" if maker is new_str else "byte"
            raise err("TypeError", "%s indices must be integers, not '%s'"
                      % (what, key.ob_type.tp_name))
        i = index_value(key)
        try:
            item = v[i]
        except IndexError:
            raise err("IndexError", "string index out of range" if maker is new_str
                      else "index out of range") from None
        return new_str(item) if maker is new_str else new_int(item)
    return fn


method(str_type, "__getitem__")(_text_getitem(new_str))
method(bytes_type, "__getitem__")(_text_getitem(new_bytes))
for _tp in (str_type, bytes_type):
    method(_tp, "__len__", K.NOARGS)(lambda self: new_int(len(self.value)))


@method(str_type, "__contains__")
def str_contains(self, item):
    if not isinstance(item, PyStr):
        raise err("TypeError", "'in <string>' requires string as left operand, not %s"
                  % item.ob_type.tp_name)
    return new_bool(item.value in self.value)


@method(bytes_type, "__contains__")
def bytes_contains(self, item):
    return new_bool(host_call(lambda: to_host(item) in self.value))


def _host_slice(key):
    """The host slice for a minivm slice (bounds as host ints or None)."""
    _normalize_slice(key, 0)
    return slice(*(None if x is NONE else index_value(x)
                   for x in (key.start, key.stop, key.step)))


def _text_add(self, other):
    if isinstance(self, PyBytes) and other.ob_type is R.types["bytearray"]:
        return new_bytes(self.value + bytes(other.value))
    if not isinstance(other, PyStr if isinstance(self, PyStr) else PyBytes):
        if isinstance(self, PyStr):
            raise err("TypeError", 'can only concatenate str (not "%s") to str'
                      % other.ob_type.tp_name)
        raise err("TypeError", "can't concat %s to bytes" % other.ob_type.tp_name)
    return (new_str if isinstance(self, PyStr) else new_bytes)(self.value + other.value)


method(str_type, "__add__")(_text_add)
method(bytes_type, "__add__")(_text_add)


def _text_mul(self, n):
    if not isinstance(n, PyLong) and abstract.type_lookup(n.ob_type, "__index__") is None:
        raise err("TypeError", "can't multiply sequence by non-int of type '%s'"
                  % n.ob_type.tp_name)
    return (new_str if isinstance(self, PyStr) else new_bytes)(self.value * index_value(n))


for _tp in (str_type, bytes_type):
    method(_tp, "__mul__")(_text_mul)
    method(_tp, "__rmul__")(_text_mul)


def _text_cmp(op):
    import operator as _o
    fn_ = (_o.lt, _o.le, _o.eq, _o.ne, _o.gt, _o.ge)[op]

    def fn(self, other):
        if not isinstance(other, PyStr if isinstance(self, PyStr) else PyBytes):
            return NOT_IMPLEMENTED
        return TRUE if fn_(self.value, other.value) else FALSE
    return fn


for _op, _name in enumerate(abstract.CMP_NAMES):
    method(str_type, _name)(_text_cmp(_op))
    method(bytes_type, _name)(_text_cmp(_op))


@method(str_type, "__hash__", K.NOARGS)
def str_hash_method(self):
    return new_int(str_hash(self))


@method(bytes_type, "__hash__", K.NOARGS)
def bytes_hash_method(self):
    from .core import STATE
    from ..siphash import hash_bytes
    return new_int(hash_bytes(self.value, STATE.target.hash_algorithm))


method(str_type, "__repr__", K.NOARGS)(lambda self: new_str(repr(self.value)))
method(bytes_type, "__repr__", K.NOARGS)(lambda self: new_str(repr(self.value)))


@method(str_type, "__str__", K.NOARGS)
def str_str(self):
    if self.ob_type is str_type:
        return incref(self)
    return new_str(self.value)


@method(str_type, "__format__")
def str_format_spec(self, spec):
    return new_str(host_call(format, self.value, _s(spec)))


# str iterator
str_iter_type = make_type("str_ascii_iterator", layout=PyIter, basetype=False,
                          dealloc=lambda it: decref(it.seq) if it.seq is not None else None)
method(str_iter_type, "__iter__", K.NOARGS)(incref)


def _str_next(it):
    seq = it.seq
    if seq is None:
        return None
    i = it.index
    if i < len(seq.value):
        it.index = i + 1
        return new_str(seq.value[i])
    it.seq = None
    decref(seq)
    return None


_register_next(str_iter_type, _str_next)
install_iterator_pickling(str_iter_type, lambda: new_str(""), lambda seq: len(seq.value))
gate_name(str_iter_type, "str_ascii_iterator", "str_ascii_iterator", "str_iterator")
method(str_type, "__iter__", K.NOARGS)(lambda self: new_iterator(str_iter_type, self))
bytes_iter_type = make_type("bytes_iterator", layout=PyIter, basetype=False,
                            dealloc=lambda it: decref(it.seq) if it.seq is not None else None)
method(bytes_iter_type, "__iter__", K.NOARGS)(incref)


def _bytes_next(it):
    seq = it.seq
    if seq is None:
        return None
    i = it.index
    if i < len(seq.value):
        it.index = i + 1
        return new_int(seq.value[i])
    it.seq = None
    decref(seq)
    return None


_register_next(bytes_iter_type, _bytes_next)
install_iterator_pickling(bytes_iter_type, lambda: new_tuple([]), lambda seq: len(seq.value))
method(bytes_type, "__iter__", K.NOARGS)(lambda self: new_iterator(bytes_iter_type, self))


def str_new(tp, args, kwargs):
    kwargs = kwargs or {}
    if not args and not kwargs:
        value = ""
    elif len(args) == 1 and not kwargs:
        r = abstract.str_of(args[0])
        value = r.value
        if tp is str_type:
            return r
        decref(r)
    else:
        obj = args[0] if args else kwargs.get("object")
        encoding = args[1] if len(args) > 1 else kwargs.get("encoding")
        errors = args[2] if len(args) > 2 else kwargs.get("errors")
        host = [to_host(x) for x in (encoding, errors) if x is not None]
        value = host_call(lambda: str(obj.value, *host))
    if tp is str_type:
        return new_str(value)
    from .instances import alloc_instance
    o = alloc_instance(tp)
    o.value = value
    o.hash = None
    return o


str_type.tp_new = str_new


def bytes_new(tp, args, kwargs):
    from .bytesobject import bytes_source
    source = args[0] if args else (kwargs or {}).get("source")
    if source is not None and not isinstance(source, (PyStr, PyBytes)) and \
            abstract.type_lookup(source.ob_type, "__bytes__") is not None:
        r = abstract.lookup_special_call(source, "__bytes__", [])
        if not isinstance(r, PyBytes):
            t = r.ob_type.tp_name
            decref(r)
            raise err("TypeError", "__bytes__ returned non-bytes (type %s)" % t)
        value = r.value
        decref(r)
    else:
        value = bytes_source(args, kwargs, "bytes")
    if tp is bytes_type:
        return new_bytes(value)
    from .instances import alloc_instance
    o = alloc_instance(tp)
    o.value = value
    return o


bytes_type.tp_new = bytes_new


def str_maketrans(*args):
    """``str.maketrans`` (a static method: see instances.install_new_functions)."""
    if not 1 <= len(args) <= 3:
        raise err("TypeError", "maketrans expected at most 3 arguments, got %d" % len(args))
    if len(args) == 1:
        from .dictobject import PyDict
        table = args[0]
        if not isinstance(table, PyDict):
            raise err("TypeError", "if you give only one argument to maketrans it must be "
                      "a dict")
        host = {}
        for k in list(table.keys.values()):
            v = to_host(table.vals[abstract_hkey(k)])
            if isinstance(k, PyStr):
                if len(k.value) != 1:
                    raise err("ValueError", "string keys in translate table must be of "
                              "length 1")
                host[ord(k.value)] = v
            elif isinstance(k, PyLong):
                host[int(k.value)] = v
            else:
                raise err("TypeError", "keys in translate table must be strings or integers")
        return from_host_dict(host)
    for a in args:
        if not isinstance(a, PyStr):
            raise err("TypeError", "maketrans() argument %d must be str, not %s"
                      % (args.index(a) + 1, a.ob_type.tp_name))
    return from_host_dict(host_call(str.maketrans, *[a.value for a in args]))


def str_maketrans_entry(args, kwargs):
    if kwargs:
        raise err("TypeError", "maketrans() takes no keyword arguments")
    return str_maketrans(*args)


def abstract_hkey(k):
    from .dictobject import hkey
    return hkey(k)


def from_host_dict(d):
    from .dictobject import dict_setitem, new_dict
    out = new_dict()
    for k, v in d.items():
        ko, vo = from_host(k), from_host(v)
        dict_setitem(out, ko, vo)
        decref(ko)
        decref(vo)
    return out


@method(str_type, "translate")
def str_translate(self, table):
    from .dictobject import PyDict
    if isinstance(table, PyDict):
        mapping = {}
        for hk, v in table.vals.items():
            mapping[hk] = to_host(v)
        return new_str(host_call(self.value.translate, mapping))
    raise err("TypeError", "translate table must be a dict")
