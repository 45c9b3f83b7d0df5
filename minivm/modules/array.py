"""The ``array`` module (Modules/arraymodule.c): ``array.array`` is a native type whose
items live in a host ``array.array`` of the same typecode (:class:`PyArray`).

Why a host array: it has the target's item layout, byte order and range checks, and
its messages are CPython's own ("signed char is greater than maximum", "can only
append array (not "list") to array"). minivm arguments are handed to it as host
values (:func:`host_value`): ints, floats, strs and bytes as themselves, an array as
its host storage, any other object as a stand-in of a host class named like the
object's type, with ``__index__``/``__float__`` calling back into minivm when the
type has them. So the host's conversions run the program's own methods, and its
messages name the program's types. The host must be the target's version (as the
harness runs it) for the messages to be that version's.

The array holds no minivm references, so it needs no traversal for the collector;
a buffer export (``memoryview(a)``) is a host memoryview of the storage, which makes
the host refuse to resize while it lives, CPython's rule.
"""

from __future__ import annotations

import array as _host_array
import operator
import sys
import warnings
from typing import Any, Dict, Optional

from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyErr, PyObject, PyType, decref, err, \
    incref, is_subtype, type_lookup
from ..objects.scalars import (
    NONE, NOT_IMPLEMENTED, PyBytes, PyFloat, PyLong, PyStr, clinic_int, convert_host_error,
    from_host, host_call, new_bool, new_int, new_str,
)
from ..objects.sequences import PyIter, _register_next, new_iterator, new_tuple
from ..objects.typeobject import getset, make_type, method
from ..builtins import native
from ._util import make_module

K = BuiltinKind

#: The host exceptions a host array operation raises for a program's error.
_HOST_ERRORS = (TypeError, ValueError, OverflowError, IndexError, BufferError, EOFError,
                MemoryError, UnicodeError)

#: sizeof(BLOCKSIZE) of array_array_tofile: tofile writes in chunks of this many bytes.
_BLOCKSIZE = 64 * 1024


class PyArray(PyObject):
    """``array.array``: ``data`` the host array holding the items."""
    __slots__ = ("data", "ob_weak")


def _host(fn, *args):
    """``fn(*args)`` on host values, a host error of the array's kinds becoming the
    minivm one."""
    return host_call(fn, *args, errors=_HOST_ERRORS)


# -- minivm values as host values -----------------------------------------------------------

class _Standin:
    """A minivm object the host array converts; subclasses are named like its type."""
    __slots__ = ("o",)

    def __init__(self, o):
        self.o = o


_STANDINS: Dict[PyType, type] = {}


def _standin_index(self):
    from ..objects.scalars import index_value
    return index_value(self.o)


def _standin_float(self):
    f = abstract.call_method_obj(type_lookup(self.o.ob_type, "__float__"), self.o, [])
    try:
        if not isinstance(f, PyFloat):
            raise err("TypeError", "%s.__float__ returned non-float (type %s)"
                      % (self.o.ob_type.tp_name, f.ob_type.tp_name))
        return float(f.value)
    finally:
        decref(f)


def _standin(o):
    tp = o.ob_type
    cls = _STANDINS.get(tp)
    if cls is None:
        attrs: Dict[str, Any] = {"__slots__": ()}
        if type_lookup(tp, "__index__") is not None:
            attrs["__index__"] = _standin_index
        if type_lookup(tp, "__float__") is not None:
            attrs["__float__"] = _standin_float
        cls = type(tp.tp_name.rpartition(".")[2], (_Standin,), attrs)
        _STANDINS[tp] = cls
    return cls(o)


def host_value(o: PyObject) -> Any:
    """The host value the host array sees for minivm object ``o`` (borrowed)."""
    from ..objects.bytesobject import PyByteArray, PyMemoryView, _mv_bytes
    if isinstance(o, PyLong):
        return bool(o.value) if isinstance(o.value, bool) else int(o.value)
    if isinstance(o, PyFloat):
        return float(o.value)
    if isinstance(o, PyStr):
        return str(o.value)
    if isinstance(o, PyBytes):
        return bytes(o.value)
    if isinstance(o, PyByteArray):
        return bytearray(o.value)
    if isinstance(o, PyArray):
        return o.data
    if isinstance(o, PyMemoryView):
        return _mv_bytes(o)
    if o.ob_type is R.types["list"]:
        return [host_value(x) for x in o.items]
    if o.ob_type is R.types["tuple"]:
        return tuple(host_value(x) for x in o.items)
    return _standin(o)


def _item(a: PyArray, i: int) -> PyObject:
    return from_host(a.data[i])


# -- the type -------------------------------------------------------------------------------

def _array_dealloc(a):
    if a.ob_weak:
        from ..objects.weakrefs import clear_weakrefs
        clear_weakrefs(a)
    a.data = None


array_type = make_type("array.array", layout=PyArray, dealloc=_array_dealloc, module="array")
array_type.tp_hasweak = True
array_type.tp_dict.vals["__hash__"] = NONE
array_type.tp_dict.keys["__hash__"] = R.intern("__hash__")


def _host_new(typecode: str, *init):
    """A host array, quiet about 3.13's deprecated 'u' (minivm warns for the target)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _host(_host_array.array, typecode, *init)


def new_array(tp: PyType, data) -> PyArray:
    """A new array of type ``tp`` (array.array or a subclass) over host array ``data``."""
    if tp is array_type:
        a = PyArray.__new__(PyArray)
        a.ob_refcnt = 1
        a.ob_type = tp
        a.ob_weak = None
    else:
        from ..objects.instances import alloc_instance
        a = alloc_instance(tp)
    a.data = data
    return a


def _array_new(tp, args, kwargs):
    if tp is array_type and kwargs:
        raise err("TypeError", "array.array() takes no keyword arguments")
    if not 1 <= len(args) <= 2:
        raise err("TypeError", "array() takes %s (%d given)" % (
            "at least 1 argument" if not args else "at most 2 arguments", len(args)))
    code = args[0]
    if not (isinstance(code, PyStr) and len(code.value) == 1):
        _host_new(host_value(code))  # raises the host's "must be a unicode character"
    tc = code.value
    if tc == "u" and STATE.target.runtime("array_u_deprecated"):
        _warn_deprecated_u()
    if len(args) == 1:
        return new_array(tp, _host_new(tc))
    init = args[1]
    unicode = tc in ("u", "w")
    if not unicode and (isinstance(init, PyStr) or (isinstance(init, PyArray)
                                                    and init.data.typecode in ("u", "w"))):
        _host_new(tc, host_value(init))  # the host's "cannot use a str ..." TypeError
    from ..objects.bytesobject import PyByteArray
    direct = (init.ob_type in (R.types["list"], R.types["tuple"])
              or isinstance(init, (PyBytes, PyByteArray))
              or (unicode and isinstance(init, PyStr))
              or (isinstance(init, PyArray) and init.data.typecode == tc))
    if direct:
        return new_array(tp, _host_new(tc, host_value(init)))
    it = abstract.get_iter(init)
    try:
        data = _host_new(tc)
        _extend_from_iter(data, it)
    finally:
        decref(it)
    return new_array(tp, data)


array_type.tp_new = _array_new


def _warn_deprecated_u():
    abstract.warn("DeprecationWarning",
                  "The 'u' type code is deprecated and will be removed in Python 3.16")


def _extend_from_iter(data, it) -> None:
    """Append each item of minivm iterator ``it`` (array_iter_extend: the items before a
    bad one stay appended)."""
    while True:
        x = abstract.iter_next(it)
        if x is None:
            return
        try:
            _host(data.append, host_value(x))
        finally:
            decref(x)


def _positional(name: str, args, kwargs, lo: int, hi: int) -> None:
    """Argument Clinic's positional-only checks (_PyArg_CheckPositional's messages)."""
    if kwargs:
        raise err("TypeError", "%s() takes no keyword arguments" % name)
    n = len(args)
    if lo <= n <= hi:
        return
    bound = lo if n < lo else hi
    qualifier = "" if lo == hi else ("at least " if n < lo else "at most ")
    raise err("TypeError", "%s expected %s%d argument%s, got %d"
              % (name, qualifier, bound, "" if bound == 1 else "s", n))


def _none(_result=None):
    return incref(NONE)


# -- plain methods: the host array does the work ----------------------------------------

getset(array_type, "typecode")(lambda a: new_str(a.data.typecode))
getset(array_type, "itemsize")(lambda a: new_int(a.data.itemsize))
method(array_type, "__len__", K.NOARGS)(lambda a: new_int(len(a.data)))
method(array_type, "append")(lambda a, v: _none(_host(a.data.append, host_value(v))))
method(array_type, "byteswap", K.NOARGS)(lambda a: _none(_host(a.data.byteswap)))
method(array_type, "reverse", K.NOARGS)(lambda a: _none(a.data.reverse()))
method(array_type, "buffer_info", K.NOARGS)(lambda a: from_host(a.data.buffer_info()))
method(array_type, "tobytes", K.NOARGS)(lambda a: from_host(a.data.tobytes()))
method(array_type, "tolist", K.NOARGS)(lambda a: from_host(a.data.tolist()))
method(array_type, "tounicode", K.NOARGS)(lambda a: new_str(_host(a.data.tounicode)))
method(array_type, "frombytes")(lambda a, b: _none(_host(a.data.frombytes, host_value(b))))
method(array_type, "fromlist")(lambda a, v: _none(_host(a.data.fromlist, host_value(v))))
method(array_type, "__sizeof__", K.NOARGS)(lambda a: new_int(a.data.__sizeof__()))


@method(array_type, "fromunicode")
def array_fromunicode(a, s):
    if not isinstance(s, PyStr):
        raise err("TypeError", "fromunicode() argument must be str, not %s" % s.ob_type.tp_name)
    _host(a.data.fromunicode, s.value)
    return incref(NONE)


@method(array_type, "extend")
def array_extend(a, bb):
    if isinstance(bb, PyArray) or bb.ob_type.tp_name in ("list", "tuple"):
        _host(a.data.extend, host_value(bb))
    else:
        it = abstract.get_iter(bb)
        try:
            _extend_from_iter(a.data, it)
        finally:
            decref(it)
    return incref(NONE)


@method(array_type, "insert", K.KEYWORDS)
def array_insert(a, args, kwargs):
    _positional("insert", args, kwargs, 2, 2)
    _host(a.data.insert, host_value(args[0]), host_value(args[1]))
    return incref(NONE)


@method(array_type, "pop", K.KEYWORDS)
def array_pop(a, args, kwargs):
    _positional("pop", args, kwargs, 0, 1)
    return from_host(_host(a.data.pop, *[host_value(x) for x in args]))


def _copy(a):
    """``a[:]``: a copy is an array.array whatever the type of ``a``."""
    return new_array(array_type, _host_new(a.data.typecode, a.data))


method(array_type, "__copy__", K.NOARGS)(_copy)
method(array_type, "__deepcopy__")(lambda a, memo: _copy(a))


# -- searching: equality is the program's own ----------------------------------------------

def _plain(v) -> bool:
    """Whether ``v`` compares with the items as its host value does (exact builtins)."""
    return v.ob_type in (R.types["int"], R.types["bool"], R.types["float"], R.types["str"])


def _find(a, v, start: int = 0, stop: Optional[int] = None) -> int:
    """The first index in ``start:stop`` of an item equal to ``v`` (array_array_index's
    clamping), or -1; each comparison is ``item == v`` in minivm."""
    n = len(a.data)
    stop = n if stop is None else stop
    if start < 0:
        start = max(start + n, 0)
    if stop < 0:
        stop = max(stop + n, 0)
    i = start
    while i < min(stop, len(a.data)):
        item = _item(a, i)
        try:
            if abstract.rich_compare_bool(item, v, 2):
                return i
        finally:
            decref(item)
        i += 1
    return -1


def _not_found(name: str) -> PyErr:
    """The host's ValueError of ``array.<name>`` for a missing item."""
    try:
        getattr(_host_array.array("b"), name)(0)
    except ValueError as e:
        return convert_host_error(e)
    raise AssertionError("host array.%s found an item in an empty array" % name)


@method(array_type, "index", K.KEYWORDS)
def array_index(a, args, kwargs):
    ranged = STATE.target.runtime("array_index_range")
    if ranged:
        _positional("index", args, kwargs, 1, 3)
    elif kwargs or len(args) != 1:
        raise err("TypeError", "index() takes %s" % (
            "no keyword arguments" if kwargs else
            "exactly one argument (%d given)" % len(args)))
    bounds = [clinic_int(x) for x in args[1:]]
    v = args[0]
    if _plain(v):
        return new_int(_host(a.data.index, host_value(v), *bounds))
    i = _find(a, v, *bounds)
    if i < 0:
        raise _not_found("index")
    return new_int(i)


@method(array_type, "count")
def array_count(a, v):
    if _plain(v):
        return new_int(a.data.count(host_value(v)))
    n = 0
    for i in range(len(a.data)):
        if i >= len(a.data):
            break
        item = _item(a, i)
        try:
            n += abstract.rich_compare_bool(item, v, 2)
        finally:
            decref(item)
    return new_int(n)


@method(array_type, "remove")
def array_remove(a, v):
    if _plain(v):
        _host(a.data.remove, host_value(v))
        return incref(NONE)
    i = _find(a, v)
    if i < 0:
        raise _not_found("remove")
    _host(a.data.pop, i)
    return incref(NONE)


@method(array_type, "__contains__")
def array_contains(a, v):
    if _plain(v):
        return new_bool(host_value(v) in a.data)
    return new_bool(_find(a, v) >= 0)


# -- subscripts -----------------------------------------------------------------------------

def _key(key):
    """A host index or slice for ``a[key]``."""
    from ..objects.sequences import slice_type
    if key.ob_type is slice_type:
        from ..objects.strings import _host_slice
        return _host_slice(key)
    return host_value(key)


@method(array_type, "__getitem__")
def array_getitem(a, key):
    r = _host(operator.getitem, a.data, _key(key))
    if isinstance(r, _host_array.array):
        return new_array(array_type, r)
    return from_host(r)


@method(array_type, "__setitem__", K.VARARGS, 2, 2)
def array_setitem(a, key, value):
    _host(operator.setitem, a.data, _key(key), host_value(value))
    return incref(NONE)


@method(array_type, "__delitem__")
def array_delitem(a, key):
    _host(operator.delitem, a.data, _key(key))
    return incref(NONE)


# -- operators ------------------------------------------------------------------------------

method(array_type, "__add__")(
    lambda a, b: new_array(array_type, _host(operator.add, a.data, host_value(b))))


def _repeat(a, n):
    if not isinstance(n, PyLong) and type_lookup(n.ob_type, "__index__") is None:
        raise err("TypeError", "can't multiply sequence by non-int of type '%s'"
                  % n.ob_type.tp_name)
    return new_array(array_type, _host(operator.mul, a.data, host_value(n)))


method(array_type, "__mul__")(_repeat)
method(array_type, "__rmul__")(_repeat)


@method(array_type, "__iadd__")
def array_iadd(a, b):
    _host(operator.iadd, a.data, host_value(b))
    return incref(a)


@method(array_type, "__imul__")
def array_imul(a, n):
    _host(operator.imul, a.data, host_value(n))
    return incref(a)


def _compare(op):
    host_op = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt,
               operator.ge)[op]

    def fn(a, b):
        if not isinstance(b, PyArray):
            return incref(NOT_IMPLEMENTED)
        return new_bool(host_op(a.data, b.data))
    return fn


for _op, _cname in enumerate(abstract.CMP_NAMES):
    method(array_type, _cname)(_compare(_op))


@method(array_type, "__repr__", K.NOARGS)
def array_repr(a):
    name = a.ob_type.tp_name.rpartition(".")[2]
    tc = a.data.typecode
    if not a.data:
        return new_str("%s('%s')" % (name, tc))
    items = a.data.tounicode() if tc in ("u", "w") else a.data.tolist()
    return new_str("%s('%s', %r)" % (name, tc, items))


# -- files ----------------------------------------------------------------------------------

@method(array_type, "tofile")
def array_tofile(a, f):
    data = a.data.tobytes()
    from ..objects.scalars import new_bytes
    for start in range(0, len(data), _BLOCKSIZE):
        chunk = new_bytes(data[start:start + _BLOCKSIZE])
        try:
            decref(abstract.vectorcall_method("write", f, [chunk]))
        finally:
            decref(chunk)
    return incref(NONE)


@method(array_type, "fromfile", K.KEYWORDS)
def array_fromfile(a, args, kwargs):
    _positional("fromfile", args, kwargs, 2, 2)
    f, count = args
    n = clinic_int(count)
    if n < 0:
        raise err("ValueError", "negative count")
    if n > sys.maxsize // a.data.itemsize:
        raise err("MemoryError", "")
    nbytes = n * a.data.itemsize
    size = new_int(nbytes)
    try:
        b = abstract.vectorcall_method("read", f, [size])
    finally:
        decref(size)
    try:
        if not isinstance(b, PyBytes):
            raise err("TypeError", "read() didn't return bytes")
        _host(a.data.frombytes, b.value)
        if len(b.value) != nbytes:
            raise err("EOFError", "read() didn't return enough bytes")
    finally:
        decref(b)
    return incref(NONE)


# -- buffer export --------------------------------------------------------------------------

def _host_buffer(self):
    """A host memoryview of the array's storage, in its format (bytesobject's hook for
    exporters that keep their bytes in a host object)."""
    return memoryview(self.data)


PyArray.host_buffer = _host_buffer  # type: ignore[attr-defined]


# -- iteration ------------------------------------------------------------------------------

arrayiter_type = make_type("array.arrayiterator", layout=PyIter, basetype=False,
                           module="array",
                           dealloc=lambda it: decref(it.seq) if it.seq is not None else None)
arrayiter_type.tp_new = None  # only iter(array) makes one
method(arrayiter_type, "__iter__", K.NOARGS)(incref)


def _arrayiter_next(it):
    a = it.seq
    if a is None:
        return None
    i = it.index
    if i < len(a.data):
        it.index = i + 1
        return _item(a, i)
    it.seq = None  # an exhausted iterator stays exhausted, however the array grows
    decref(a)
    return None


_register_next(arrayiter_type, _arrayiter_next)
method(array_type, "__iter__", K.NOARGS)(lambda a: new_iterator(arrayiter_type, a))


@method(arrayiter_type, "__reduce__", K.NOARGS)
def arrayiter_reduce(it):
    from ..objects.sequences import get_builtin
    fn = get_builtin("iter")
    if it.seq is None:  # iter(()): an exhausted iterator unpickles exhausted
        return new_tuple([fn, new_tuple([new_tuple([])])])
    return new_tuple([fn, new_tuple([incref(it.seq)]), new_int(it.index)])


@method(arrayiter_type, "__setstate__")
def arrayiter_setstate(it, state):
    from ..objects.scalars import index_value
    index = index_value(state)
    if it.seq is not None:
        it.index = min(max(index, 0), len(it.seq.data))
    return incref(NONE)


# -- pickling -------------------------------------------------------------------------------

#: Machine format codes (arraymodule.c's enum machine_format_code), by (kind, size).
_MFORMAT_MIN, _MFORMAT_MAX = 0, 21
_BIG = sys.byteorder == "big"


def _mformat_code(typecode: str) -> int:
    """The machine format code of the host's ``typecode`` items."""
    size = _host_array.array(typecode).itemsize if typecode != "u" else \
        _host_new("u").itemsize
    if typecode == "f":
        return 14 + _BIG
    if typecode == "d":
        return 16 + _BIG
    if typecode in ("u", "w"):
        return (18 if size == 2 else 20) + _BIG
    if size == 1:
        return 1 if typecode.islower() else 0
    return {2: 2, 4: 6, 8: 10}[size] + 2 * typecode.islower() + _BIG


def _mformat_decode(code: int, items: bytes):
    """Host items of bytes in machine format ``code``: ``(kind, values)`` where kind is
    the (signed, size) of an integer code, "float" or "str"."""
    import struct
    if code in (14, 15, 16, 17):
        fmt = "<>"[code % 2] + ("f" if code < 16 else "d")
        size = struct.calcsize(fmt)
        if len(items) % size:
            raise err("ValueError", "string length not a multiple of item size")
        return "float", [v for (v,) in struct.iter_unpack(fmt, items)]
    if code >= 18:
        size = 2 if code < 20 else 4
        if len(items) % size:
            raise err("ValueError", "string length not a multiple of item size")
        codec = ("utf-16-" if code < 20 else "utf-32-") + ("le", "be")[code % 2]
        return "str", _host(items.decode, codec)
    if code < 2:
        size, signed, big = 1, code == 1, False
    else:
        size = (2, 4, 8)[(code - 2) // 4]
        signed, big = (code - 2) % 4 >= 2, (code - 2) % 2 == 1
    if len(items) % size:
        raise err("ValueError", "string length not a multiple of item size")
    values = [int.from_bytes(items[i:i + size], "big" if big else "little", signed=signed)
              for i in range(0, len(items), size)]
    return (signed, size), values


def _integer_typecode(signed: bool, size: int) -> str:
    """The last integer typecode of that signedness and size, as arraymodule.c picks."""
    found = ""
    for tc in "bBhHiIlLqQ":
        if tc.islower() == signed and _host_array.array(tc).itemsize == size:
            found = tc
    return found


def _array_reconstructor(args, kwargs):
    _positional("_array_reconstructor", args, kwargs, 4, 4)
    tp, code, mformat, items = args
    if not is_subtype(tp.ob_type, R.types["type"]):
        raise err("TypeError", "first argument must be a type object, not %s"
                  % tp.ob_type.tp_name)
    if not is_subtype(tp, array_type):
        raise err("TypeError", "%s is not a subtype of array.array" % tp.tp_name)
    if not (isinstance(code, PyStr) and len(code.value) == 1):
        raise err("TypeError", "_array_reconstructor() argument 2 must be a unicode "
                  "character, not %s" % code.ob_type.tp_name)
    tc = code.value
    if tc not in _host_array.typecodes:
        raise err("ValueError", "second argument must be a valid type code")
    mf = clinic_int(mformat)
    if not _MFORMAT_MIN <= mf <= _MFORMAT_MAX:
        raise err("ValueError", "third argument must be a valid machine format code.")
    if not isinstance(items, PyBytes):
        raise err("TypeError", "fourth argument should be bytes, not %s"
                  % items.ob_type.tp_name)
    if mf == _mformat_code(tc):
        return _array_new(tp, [code, items], None)
    kind, values = _mformat_decode(mf, items.value)
    if isinstance(kind, tuple):
        tc = _integer_typecode(*kind)
    init = from_host(values)
    tco = new_str(tc)
    try:
        return _array_new(tp, [tco, init], None)
    finally:
        decref(init)
        decref(tco)


@method(array_type, "__reduce_ex__")
def array_reduce_ex(a, protocol):
    if not isinstance(protocol, PyLong):
        raise err("TypeError", "__reduce_ex__ argument should be an integer")
    from ..objects.typeobject import getattr_str
    try:
        state = getattr_str(a, "__dict__")
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
        state = incref(NONE)
    tc = a.data.typecode
    cls = incref(a.ob_type)
    if protocol.value < 3:
        args = new_tuple([new_str(tc), from_host(a.data.tolist())])
        return new_tuple([cls, args, state])
    fn = _lookup_module_attr("_array_reconstructor")
    args = new_tuple([incref(a.ob_type), new_str(tc), new_int(_mformat_code(tc)),
                      from_host(a.data.tobytes())])
    decref(cls)
    return new_tuple([fn, args, state])


def _lookup_module_attr(name):
    from ..objects.typeobject import getattr_str
    module = STATE.vm.importer.load("array")
    try:
        return getattr_str(module, name)
    finally:
        decref(module)


def _class_getitem(args, kwargs):
    from ..objects.genericalias import new_generic_alias
    cls, item = args
    return new_generic_alias(cls, item)


from ..objects.instances import add_new_entry, builtin_classmethod  # noqa: E402

builtin_classmethod(array_type, "__class_getitem__", _class_getitem)
add_new_entry(array_type)


@native("array")
def _array_module(vm):
    # the types are shared by every run in the process, so each module sets the name anew
    in_module = vm.target.runtime("array_iterator_in_module")
    arrayiter_type.tp_name = "array.arrayiterator" if in_module else "arrayiterator"
    arrayiter_type.tp_static_module = "array" if in_module else "builtins"
    typecodes = "".join(tc for tc in "bBuwhHiIlLqQfd" if tc in _host_array.typecodes)
    funcs = {"_array_reconstructor": (_array_reconstructor, K.KEYWORDS, 0, 0)}
    values = {"array": array_type, "ArrayType": array_type, "typecodes": typecodes}
    m = make_module("array", funcs, values)
    if vm.target.runtime("array_mutable_sequence"):
        _register_mutable_sequence(vm)
    return m


def _register_mutable_sequence(vm):
    """``collections.abc.MutableSequence.register(array)``, as the module's init does."""
    from ..objects.typeobject import getattr_str
    abc = vm.importer.load("collections.abc")
    try:
        seq = getattr_str(abc, "MutableSequence")
    finally:
        decref(abc)
    try:
        decref(abstract.vectorcall_method("register", seq, [array_type]))
    finally:
        decref(seq)
