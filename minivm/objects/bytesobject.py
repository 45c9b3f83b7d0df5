"""``bytes`` methods beyond the basics of strings.py, and ``bytearray``
(Objects/bytesobject.c, Objects/bytearrayobject.c).

Both types keep their bytes as a host value (``bytes`` / ``bytearray``); the
byte-string algorithms are the host's, whose results CPython shares.  A method is
delegated by name: arguments become host values (bytes-like objects their bytes),
results come back as minivm objects of the receiver's kind.
"""

from __future__ import annotations

from typing import Any

from . import abstract
from .core import R, BuiltinKind, PyObject, decref, err, incref
from .scalars import (
    NONE, NOT_IMPLEMENTED, PyBytes, PyLong, PyStr, bytes_type, from_host, host_call,
    index_value, new_bool, new_bytes, new_int, new_str, to_host,
)
from .sequences import (
    PyIter, _register_next, install_iterator_pickling, new_iterator, new_tuple, slice_type,
)
from .typeobject import make_type, method

K = BuiltinKind


class PyByteArray(PyObject):
    __slots__ = ("value",)


bytearray_type = make_type("bytearray", layout=PyByteArray)
bytearray_type.tp_dict.vals["__hash__"] = NONE
bytearray_type.tp_dict.keys["__hash__"] = R.intern("__hash__")


def new_bytearray(v: Any) -> PyByteArray:
    o = PyByteArray.__new__(PyByteArray)
    o.ob_refcnt = 1
    o.ob_type = bytearray_type
    o.value = bytearray(v)
    return o


def buffer_bytes(o: PyObject, what: str = "a bytes-like object") -> bytes:
    """The bytes of a bytes-like object, or TypeError naming ``what`` was needed."""
    if isinstance(o, (PyBytes, PyByteArray)):
        return bytes(o.value)
    if isinstance(o, PyMemoryView):
        return _mv_bytes(o)
    host_buffer = getattr(o, "host_buffer", None)
    if host_buffer is not None:
        return host_buffer().tobytes()
    raise err("TypeError", "%s is required, not '%s'" % (what, o.ob_type.tp_name))


def _host_arg(o: PyObject) -> Any:
    if isinstance(o, PyByteArray):
        return bytes(o.value)
    if o.ob_type is R.types["tuple"]:
        return tuple(_host_arg(x) for x in o.items)
    return to_host(o)


def _result(value: Any, kind: type) -> PyObject:
    """A host result as a minivm object; byte strings of the receiver's ``kind``."""
    t = type(value)
    if t is bytes or t is bytearray:
        return new_bytearray(value) if kind is bytearray else new_bytes(bytes(value))
    if t is list:
        from .sequences import new_list
        return new_list([_result(v, kind) for v in value])
    if t is tuple:
        from .sequences import new_tuple
        return new_tuple([_result(v, kind) for v in value])
    return from_host(value)


def _delegate(tp, name: str) -> None:
    kind = bytearray if tp is bytearray_type else bytes

    def fn(self, args, kwargs):
        host_args = [_host_arg(a) for a in args]
        host_kwargs = {k: _host_arg(v) for k, v in (kwargs or {}).items()}
        value = self.value if kind is bytes else bytearray(self.value)
        return _result(host_call(lambda: getattr(value, name)(*host_args, **host_kwargs)),
                       kind)
    method(tp, name, K.KEYWORDS)(fn)


_COMMON = (
    "capitalize", "center", "count", "decode", "endswith", "expandtabs", "find", "hex",
    "index", "isalnum", "isalpha", "isascii", "isdigit", "islower", "isspace", "istitle",
    "isupper", "ljust", "lower", "lstrip", "partition",
    "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill",
)
for _name in _COMMON:
    if _name not in bytes_type.tp_dict.vals or _name in ("split", "decode", "hex"):
        _delegate(bytes_type, _name)
    _delegate(bytearray_type, _name)


def _affix_test(name: str):
    """``startswith``/``endswith`` (METH_VARARGS: see PARSE_TUPLE_ARITY_UNTIL)."""
    def fn(self, *args):
        return from_host(host_call(getattr(bytes(self.value), name),
                                   *[_host_arg(a) for a in args]))
    return fn


for _tp in (bytes_type, bytearray_type):
    for _name in ("startswith", "endswith"):
        method(_tp, _name, K.VARARGS, 1, 3)(_affix_test(_name))


def _remove_affix(kind, suffix: bool):
    """``removeprefix``/``removesuffix`` (3.9+; the host may be 3.8)."""
    def fn(self, affix):
        a = buffer_bytes(affix)
        v = bytes(self.value)
        if a and (v.endswith(a) if suffix else v.startswith(a)):
            v = v[:len(v) - len(a)] if suffix else v[len(a):]
        return _result(v, kind)
    return fn


for _tp, _kind in ((bytes_type, bytes), (bytearray_type, bytearray)):
    method(_tp, "removeprefix", since="remove_affix")(_remove_affix(_kind, False))
    method(_tp, "removesuffix", since="remove_affix")(_remove_affix(_kind, True))


def _join(kind):
    def fn(self, iterable):
        parts = []
        for i, x in enumerate(abstract.iterate(iterable)):
            try:
                if not isinstance(x, (PyBytes, PyByteArray)):
                    raise err("TypeError", "sequence item %d: expected a bytes-like object, "
                              "%s found" % (i, x.ob_type.tp_name))
                parts.append(bytes(x.value))
            finally:
                decref(x)
        return _result(bytes(self.value).join(parts), kind)
    return fn


method(bytes_type, "join")(_join(bytes))
method(bytearray_type, "join")(_join(bytearray))


# -- construction -------------------------------------------------------------------------

def bytes_source(args, kwargs, name: str) -> bytes:
    """The initial bytes of ``bytes(...)``/``bytearray(...)`` (bytes_new's rules)."""
    kwargs = kwargs or {}
    source = args[0] if args else kwargs.get("source")
    encoding = args[1] if len(args) > 1 else kwargs.get("encoding")
    errors = args[2] if len(args) > 2 else kwargs.get("errors")
    if source is None:
        if encoding is not None or errors is not None:
            raise err("TypeError", "encoding or errors without sequence argument")
        return b""
    if isinstance(source, PyStr):
        if encoding is None:
            raise err("TypeError", "string argument without an encoding")
        host = [to_host(x) for x in (encoding, errors) if x is not None]
        return host_call(lambda: source.value.encode(*host))
    if encoding is not None or errors is not None:
        raise err("TypeError", "encoding without a string argument" if encoding is not None
                  else "errors without a string argument")
    if isinstance(source, (PyBytes, PyByteArray)):
        return bytes(source.value)
    if source.ob_type.tp_name == "memoryview":
        return _mv_bytes(source)
    if hasattr(source, "host_buffer"):
        return buffer_bytes(source)
    if isinstance(source, PyLong) or (abstract.type_lookup(source.ob_type, "__index__")
                                      is not None and not isinstance(source, PyStr)):
        n = index_value(source)
        if n < 0:
            raise err("ValueError", "negative count")
        return bytes(n)
    if abstract.type_lookup(source.ob_type, "__iter__") is None and \
            abstract.type_lookup(source.ob_type, "__getitem__") is None:
        raise err("TypeError", "cannot convert '%s' object to %s" % (source.ob_type.tp_name,
                                                                     name))
    items = []
    for x in abstract.iterate(source):
        try:
            if not isinstance(x, PyLong) and \
                    abstract.type_lookup(x.ob_type, "__index__") is None:
                raise err("TypeError", "'%s' object cannot be interpreted as an integer"
                          % x.ob_type.tp_name)
            v = index_value(x)
        finally:
            decref(x)
        if not 0 <= v < 256:
            raise err("ValueError", "%s must be in range(0, 256)"
                      % ("bytes" if name == "bytes" else "byte"))
        items.append(v)
    return bytes(items)


def bytearray_new(tp, args, kwargs):
    if tp is bytearray_type:
        return new_bytearray(b"")
    from .instances import alloc_instance
    o = alloc_instance(tp)
    o.value = bytearray()
    return o


bytearray_type.tp_new = bytearray_new


@method(bytearray_type, "__init__", K.KEYWORDS)
def bytearray_init(self, args, kwargs):
    self.value[:] = bytes_source(args, kwargs, "bytearray")
    return incref(NONE)


def fromhex(args, kwargs):
    """``bytes.fromhex`` / ``bytearray.fromhex`` (class methods)."""
    if kwargs or len(args) != 2:
        raise err("TypeError", "fromhex() takes exactly one argument (%d given)"
                  % (len(args) - 1))
    cls, text = args
    if not isinstance(text, PyStr):
        raise err("TypeError", "fromhex() argument must be str, not %s" % text.ob_type.tp_name)
    value = host_call(bytes.fromhex, text.value)
    made = new_bytearray(value) if abstract.is_subtype(cls, bytearray_type) else new_bytes(value)
    if cls is bytes_type or cls is bytearray_type:
        return made
    try:
        return abstract.call(cls, [made])
    finally:
        decref(made)


# -- bytearray as a mutable sequence ------------------------------------------------------

method(bytearray_type, "__len__", K.NOARGS)(lambda self: new_int(len(self.value)))


def _byte_value(o) -> int:
    if not isinstance(o, PyLong) and abstract.type_lookup(o.ob_type, "__index__") is None:
        raise err("TypeError", "'%s' object cannot be interpreted as an integer"
                  % o.ob_type.tp_name)
    v = index_value(o)
    if not 0 <= v < 256:
        raise err("ValueError", "byte must be in range(0, 256)")
    return v


def _index(self, key) -> int:
    if not isinstance(key, PyLong) and abstract.type_lookup(key.ob_type, "__index__") is None:
        raise err("TypeError", "bytearray indices must be integers or slices, not %s"
                  % key.ob_type.tp_name)
    i = index_value(key)
    if i < 0:
        i += len(self.value)
    if not 0 <= i < len(self.value):
        raise err("IndexError", "bytearray index out of range")
    return i


def _host_slice(key):
    from .strings import _host_slice as host_slice
    return host_slice(key)


@method(bytearray_type, "__getitem__")
def bytearray_getitem(self, key):
    if key.ob_type is slice_type:
        return new_bytearray(self.value[_host_slice(key)])
    return new_int(self.value[_index(self, key)])


@method(bytearray_type, "__setitem__", K.VARARGS, 2, 2)
def bytearray_setitem(self, key, value):
    if key.ob_type is slice_type:
        if isinstance(value, PyLong):
            raise err("TypeError", "can assign only bytes, buffers, or iterables of ints in "
                      "range(0, 256)")
        data = buffer_bytes(value) if isinstance(value, (PyBytes, PyByteArray)) else \
            bytes_source([value], None, "bytearray")
        host_call(self.value.__setitem__, _host_slice(key), data)
    else:
        self.value[_index(self, key)] = _byte_value(value)
    return incref(NONE)


@method(bytearray_type, "__delitem__")
def bytearray_delitem(self, key):
    if key.ob_type is slice_type:
        del self.value[_host_slice(key)]
    else:
        del self.value[_index(self, key)]
    return incref(NONE)


@method(bytearray_type, "append")
def bytearray_append(self, item):
    self.value.append(_byte_value(item))
    return incref(NONE)


@method(bytearray_type, "extend")
def bytearray_extend(self, iterable):
    if isinstance(iterable, (PyBytes, PyByteArray)):
        self.value.extend(bytes(iterable.value))
    else:
        if isinstance(iterable, PyStr):
            raise err("TypeError", "expected iterable of integers; got: 'str'")
        self.value.extend(bytes_source([iterable], None, "bytearray"))
    return incref(NONE)


@method(bytearray_type, "insert", K.VARARGS, 2, 2)
def bytearray_insert(self, index, item):
    self.value.insert(index_value(index), _byte_value(item))
    return incref(NONE)


@method(bytearray_type, "pop", K.VARARGS, 0, 1)
def bytearray_pop(self, index=None):
    if not self.value:
        raise err("IndexError", "pop from empty bytearray")
    i = -1 if index is None else index_value(index)
    if not -len(self.value) <= i < len(self.value):
        raise err("IndexError", "pop index out of range")
    return new_int(self.value.pop(i))


@method(bytearray_type, "remove")
def bytearray_remove(self, item):
    v = _byte_value(item)
    if v not in self.value:
        raise err("ValueError", "value not found in bytearray")
    self.value.remove(v)
    return incref(NONE)


method(bytearray_type, "clear", K.NOARGS)(lambda self: (self.value.clear(), incref(NONE))[1])
method(bytearray_type, "reverse", K.NOARGS)(
    lambda self: (self.value.reverse(), incref(NONE))[1])
method(bytearray_type, "copy", K.NOARGS)(lambda self: new_bytearray(self.value))


@method(bytearray_type, "__iadd__")
def bytearray_iadd(self, other):
    if not isinstance(other, (PyBytes, PyByteArray)):
        raise err("TypeError", "can't concat %s to bytearray" % other.ob_type.tp_name)
    self.value += bytes(other.value)
    return incref(self)


@method(bytearray_type, "__add__")
def bytearray_add(self, other):
    if not isinstance(other, (PyBytes, PyByteArray)):
        raise err("TypeError", "can't concat %s to bytearray" % other.ob_type.tp_name)
    return new_bytearray(self.value + bytes(other.value))


def _repeat(self, n):
    if not isinstance(n, PyLong) and abstract.type_lookup(n.ob_type, "__index__") is None:
        return NOT_IMPLEMENTED
    return new_bytearray(self.value * index_value(n))


method(bytearray_type, "__mul__")(_repeat)
method(bytearray_type, "__rmul__")(_repeat)


@method(bytearray_type, "__imul__")
def bytearray_imul(self, n):
    self.value *= index_value(n)
    return incref(self)


@method(bytearray_type, "__contains__")
def bytearray_contains(self, item):
    if isinstance(item, (PyBytes, PyByteArray)):
        return new_bool(bytes(item.value) in self.value)
    return new_bool(_byte_value(item) in self.value)


@method(bytearray_type, "__repr__", K.NOARGS)
def bytearray_repr(self):
    # bytes' repr, except that bytearray_repr escapes every single quote, even
    # inside double quotes (b"a\'b"), where bytes' leaves it as it is
    name = self.ob_type.tp_name
    text = repr(bytes(self.value))
    if text.startswith('b"'):
        text = 'b"' + text[2:-1].replace("'", "\\'") + '"'
    return new_str("%s(%s)" % (name, text))


def _compare(op):
    import operator
    fn_ = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge)[op]

    def fn(self, other):
        if not isinstance(other, (PyBytes, PyByteArray)):
            return NOT_IMPLEMENTED
        return new_bool(fn_(bytes(self.value), bytes(other.value)))
    return fn


for _op, _cname in enumerate(abstract.CMP_NAMES):
    method(bytearray_type, _cname)(_compare(_op))


bytearray_iter_type = make_type("bytearray_iterator", layout=PyIter, basetype=False,
                                dealloc=lambda it: decref(it.seq) if it.seq is not None
                                else None)
method(bytearray_iter_type, "__iter__", K.NOARGS)(incref)


def _bytearray_next(it):
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


_register_next(bytearray_iter_type, _bytearray_next)
install_iterator_pickling(bytearray_iter_type, lambda: new_tuple([]), None)
method(bytearray_type, "__iter__", K.NOARGS)(
    lambda self: new_iterator(bytearray_iter_type, self))


def _format_arg(o):
    from .strings import to_proxy
    if isinstance(o, (PyBytes, PyByteArray)):
        return bytes(o.value)
    return to_proxy(o)


def _mod(kind):
    """``bytes % args`` (PEP 461), by the host's formatter on host values."""
    def fn(self, other):
        if other.ob_type is R.types["tuple"]:
            host = tuple(_format_arg(x) for x in other.items)
        elif other.ob_type is R.types["dict"]:
            from .strings import _MappingProxy, proxy_class
            host = proxy_class(other.ob_type, _MappingProxy)(other)
        else:
            host = _format_arg(other)
        from .strings import percent_format
        return _result(host_call(lambda: percent_format(bytes(self.value), host)), kind)
    return fn


method(bytes_type, "__mod__")(_mod(bytes))
method(bytearray_type, "__mod__")(_mod(bytearray))


def _maketrans(args, kwargs):
    if kwargs or len(args) != 2:
        raise err("TypeError", "maketrans expected 2 arguments, got %d" % len(args))
    return new_bytes(host_call(bytes.maketrans, buffer_bytes(args[0]), buffer_bytes(args[1])))


def install() -> None:
    """Class and static methods (once ``classmethod`` and ``staticmethod`` exist)."""
    from .instances import builtin_classmethod, builtin_staticmethod
    for tp in (bytes_type, bytearray_type):
        builtin_classmethod(tp, "fromhex", fromhex)
        builtin_staticmethod(tp, "maketrans", _maketrans)


# -- memoryview (one-dimensional byte views, enough for the library's uses) ----------------

class PyMemoryView(PyObject):
    """A view of ``obj``'s bytes ``start:stop``. ``export`` is None when ``obj`` is a
    bytes or bytearray (the view reads ``obj.value``); for an exporter whose storage lives
    in a host object (``BytesIO.getbuffer()``) it is the host memoryview of that storage,
    the whole of the view. Holding it keeps the host object's export count up, so the
    host refuses to resize while the view lives, which is CPython's rule for exporters."""
    __slots__ = ("obj", "start", "stop", "released", "ob_weak", "fmt", "export")


def _mv_drop_export(m):
    export, m.export = m.export, None
    if export is not None:
        export.release()


def _mv_dealloc(m):
    _mv_drop_export(m)
    obj, m.obj = m.obj, None
    if obj is not None:
        decref(obj)


memoryview_type = make_type("memoryview", layout=PyMemoryView, basetype=False,
                            dealloc=_mv_dealloc)
memoryview_type.tp_hasweak = True


def new_memoryview(obj, start: int = 0, stop: int = -1, export=None) -> PyMemoryView:
    """A view of ``obj``'s bytes ``start:stop`` (``stop`` -1: to the end); ``export``, a
    host memoryview the new view owns, replaces ``obj.value`` as the bytes (see
    PyMemoryView)."""
    m = PyMemoryView.__new__(PyMemoryView)
    m.ob_refcnt = 1
    m.ob_type = memoryview_type
    m.obj = incref(obj)
    m.export = export
    m.start = start
    m.stop = len(export if export is not None else obj.value) if stop < 0 else stop
    m.released = False
    m.ob_weak = None
    m.fmt = "B"
    return m


def _mv_host(m):
    """A host memoryview of the bytes in the view's format."""
    view = memoryview(_mv_bytes(m))
    return view if m.fmt == "B" else view.cast(m.fmt)


@method(memoryview_type, "cast", K.VARARGS, 1, 2)
def mv_cast(m, fmt, shape=None):
    if shape is not None:
        raise err("NotImplementedError", "minivm memoryviews are one-dimensional")
    if not isinstance(fmt, PyStr):
        raise err("TypeError", "cast() argument 'format' must be str, not %s"
                  % fmt.ob_type.tp_name)
    host_call(lambda: memoryview(_mv_bytes(m)).cast(fmt.value))
    new = _mv_sub(m, m.start, m.stop)
    new.fmt = fmt.value
    return new


def _mv_new(tp, args, kwargs):
    source = args[0] if args else (kwargs or {}).get("object")
    if source is None or len(args) > 1:
        raise err("TypeError", "memoryview() missing required argument 'object' (pos 1)")
    if isinstance(source, PyMemoryView):
        return _mv_sub(source, source.start, source.stop)
    if hasattr(source, "host_buffer"):
        return _mv_exported(source)
    if not isinstance(source, (PyBytes, PyByteArray)):
        raise err("TypeError", "memoryview: a bytes-like object is required, not '%s'"
                  % source.ob_type.tp_name)
    return new_memoryview(source)


memoryview_type.tp_new = _mv_new


def _mv_exported(source) -> PyMemoryView:
    """``memoryview(source)`` of an exporter whose layout keeps its storage in a host
    object and says so with ``host_buffer()``, a host memoryview of it (``array.array``).
    The view keeps the host format where minivm's views can cast to it."""
    view = source.host_buffer()
    m = new_memoryview(source, export=view.cast("B"))
    if view.format in ("b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"):
        m.fmt = view.format
    return m


def _mv_sub(m, start: int, stop: int) -> PyMemoryView:
    """A new view of ``m``'s exporter, bytes ``start:stop`` of it. A host export is
    sliced on the host, so the exporter stays locked until every view is released."""
    if m.export is not None:
        return new_memoryview(m.obj, export=m.export[start:stop])
    return new_memoryview(m.obj, start, stop)


def _mv_bytes(m) -> bytes:
    if m.released:
        raise err("ValueError", "operation forbidden on released memoryview object")
    if m.export is not None:
        return m.export[m.start:m.stop].tobytes()
    return bytes(m.obj.value[m.start:m.stop])


method(memoryview_type, "tobytes", K.KEYWORDS)(lambda m, a, k: new_bytes(_mv_bytes(m)))
method(memoryview_type, "tolist", K.NOARGS)(lambda m: from_host(_mv_host(m).tolist()))
method(memoryview_type, "hex", K.KEYWORDS)(lambda m, a, k: new_str(_mv_bytes(m).hex()))
method(memoryview_type, "__len__", K.NOARGS)(lambda m: new_int(len(_mv_host(m))))


@method(memoryview_type, "__getitem__")
def mv_getitem(m, key):
    data = _mv_bytes(m)
    if key.ob_type is slice_type:
        start, stop, step = _host_slice(key).indices(len(data))
        if step != 1:
            raise err("NotImplementedError", "minivm memoryview slices have step 1")
        return _mv_sub(m, m.start + start, m.start + max(start, stop))
    host = _mv_host(m)
    i = index_value(key)
    if i < 0:
        i += len(host)
    if not 0 <= i < len(host):
        raise err("IndexError", "index out of bounds on dimension 1")
    return from_host(host[i])


@method(memoryview_type, "release", K.NOARGS)
def mv_release(m):
    m.released = True
    _mv_drop_export(m)
    return incref(NONE)


method(memoryview_type, "__enter__", K.NOARGS)(incref)
method(memoryview_type, "__exit__", K.VARARGS, 0, 3)(lambda m, *a: mv_release(m))


@method(memoryview_type, "__eq__")
def mv_eq(m, other):
    if isinstance(other, PyMemoryView):
        return new_bool(_mv_bytes(m) == _mv_bytes(other))
    if isinstance(other, (PyBytes, PyByteArray)):
        return new_bool(_mv_bytes(m) == bytes(other.value))
    return incref(NOT_IMPLEMENTED)


for _name, _value in (("readonly", lambda m: new_bool(isinstance(m.obj, PyBytes))),
                      ("nbytes", lambda m: new_int(len(_mv_bytes(m)))),
                      ("itemsize", lambda m: new_int(_mv_host(m).itemsize)),
                      ("ndim", lambda m: new_int(1)),
                      ("format", lambda m: new_str(m.fmt)), ("obj", lambda m: incref(m.obj))):
    from .typeobject import getset as _getset
    _getset(memoryview_type, _name)(_value)
