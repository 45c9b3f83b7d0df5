"""The immutable scalar types: ``NoneType``, ``NotImplementedType``, ``ellipsis``,
``int``, ``bool``, ``float``, ``complex``, ``str``, ``bytes``.

Each instance holds its host value in ``value``; arithmetic, formatting and string
methods are done on host values (CPython's algorithms for them are the host's), and
a host exception from such an operation becomes the minivm exception of the same
name and message (:func:`host_call`).  Identity and reference counts are minivm's
own: small ints, ``None``, ``True``/``False`` and interned strings are immortal on
3.12+ (``ob_refcnt`` = :data:`~minivm.objects.core.IMMORTAL`).
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable, Dict, Optional

from . import dictobject
from .core import (
    IMMORTAL, R, STATE, BuiltinKind, PyErr, PyObject, PyType, dealloc_nothing, decref, err,
    incref, new_exception,
)
from .dictobject import VALUE_KEYED
from ..siphash import hash_str
from ..versions import NONE_HASH
from .typeobject import (
    DESCR_GET, DESCR_SET, PyCFunction, PyClassMethodDescr, PyGetSetDescr, PyMemberDescr,
    PyMethodDescr, _cfunction_dealloc, _classmethod_descr_get, _getset_get, _getset_set,
    _member_get, _member_set, _method_descr_get,
    count_objects, getset, given_twice, make_type, method, object_type,
)

K = BuiltinKind

# -- descriptor types (needed before any method is registered) ----------------------
method_descriptor_type = make_type("method_descriptor", basetype=False,
                                   dealloc=dealloc_nothing)
builtin_function_type = make_type("builtin_function_or_method", basetype=False,
                                  dealloc=_cfunction_dealloc)
getset_descriptor_type = make_type("getset_descriptor", basetype=False,
                                   dealloc=dealloc_nothing)
member_descriptor_type = make_type("member_descriptor", basetype=False,
                                   dealloc=dealloc_nothing)
classmethod_descriptor_type = make_type("classmethod_descriptor", basetype=False,
                                        dealloc=dealloc_nothing)
for _tp, _kind, _layout in ((method_descriptor_type, None, PyMethodDescr),
                           (classmethod_descriptor_type, None, PyClassMethodDescr),
                           (builtin_function_type, "cfunction", PyCFunction),
                           (getset_descriptor_type, None, PyGetSetDescr),
                           (member_descriptor_type, None, PyMemberDescr)):
    count_objects(_tp, _kind, layout=_layout)
DESCR_GET[method_descriptor_type] = _method_descr_get
DESCR_GET[classmethod_descriptor_type] = _classmethod_descr_get
DESCR_GET[getset_descriptor_type] = _getset_get
DESCR_SET[getset_descriptor_type] = _getset_set
DESCR_GET[member_descriptor_type] = _member_get
DESCR_SET[member_descriptor_type] = _member_set
object_type.tp_dealloc = dealloc_nothing
from .abstract import CALLERS as _CALLERS, _call_cfunction  # noqa: E402
from .typeobject import call_descr as _call_descr  # noqa: E402
_CALLERS[builtin_function_type] = _call_cfunction
_CALLERS[method_descriptor_type] = lambda d, args, kwargs: _call_descr(d, args, kwargs)


def _call_classmethod_descr(d, args, kwargs):
    """``classmethod_descriptor`` called with the class first (``descr(cls, ...)``)."""
    from .core import is_subtype
    qual = "%s.%s" % (d.objclass.tp_qualname, d.name)
    if not args:
        raise err("TypeError", "descriptor '%s' of '%s' object needs an argument"
                  % (d.name, d.objclass.tp_name))
    cls = args[0]
    if not isinstance(cls, PyType):
        raise err("TypeError", "descriptor '%s' for type '%s' needs a type, not a '%s' as "
                  "arg 2" % (d.name, d.objclass.tp_name, cls.ob_type.tp_name))
    if not is_subtype(cls, d.objclass):
        raise err("TypeError", "descriptor '%s' requires a subtype of '%s' but received "
                  "'%s'" % (qual.rpartition(".")[2], d.objclass.tp_name, cls.tp_name))
    return d.fn(list(args), kwargs)


_CALLERS[classmethod_descriptor_type] = _call_classmethod_descr


class PyLong(PyObject):
    __slots__ = ("value",)


class PyFloat(PyObject):
    __slots__ = ("value",)


class PyComplex(PyObject):
    __slots__ = ("value",)


class PyStr(PyObject):
    __slots__ = ("value", "hash")


class PyBytes(PyObject):
    __slots__ = ("value",)


def _immortal(tp: PyType, layout: type = PyObject) -> PyObject:
    o = layout.__new__(layout)
    o.ob_refcnt = IMMORTAL
    o.ob_type = tp
    return o


none_type = make_type("NoneType", basetype=False, dealloc=dealloc_nothing)
notimpl_type = make_type("NotImplementedType", basetype=False, dealloc=dealloc_nothing)
ellipsis_type = make_type("ellipsis", basetype=False, dealloc=dealloc_nothing)
NONE = R.none = _immortal(none_type)
NOT_IMPLEMENTED = R.not_implemented = _immortal(notimpl_type)
ELLIPSIS = R.ellipsis = _immortal(ellipsis_type)

int_type = make_type("int", layout=PyLong, dealloc=dealloc_nothing)
bool_type = make_type("bool", base=int_type, basetype=False)
float_type = make_type("float", layout=PyFloat, dealloc=dealloc_nothing)
complex_type = make_type("complex", layout=PyComplex, dealloc=dealloc_nothing)
str_type = make_type("str", layout=PyStr, dealloc=dealloc_nothing)
bytes_type = make_type("bytes", layout=PyBytes, dealloc=dealloc_nothing)
dictobject.str_type = str_type
VALUE_KEYED.update((int_type, bool_type, float_type, complex_type, str_type, bytes_type))

TRUE = R.true = _immortal(bool_type, PyLong)
TRUE.value = True
FALSE = R.false = _immortal(bool_type, PyLong)
FALSE.value = False

_SMALL = []
for _i in range(-5, 257):
    _o = _immortal(int_type, PyLong)
    _o.value = _i
    _SMALL.append(_o)


def new_int(v: int) -> PyLong:
    """A new reference to an int (the immortal small int for -5..256)."""
    if -5 <= v <= 256:
        return _SMALL[v + 5]
    o = PyLong.__new__(PyLong)
    o.ob_refcnt = 1
    o.ob_type = int_type
    o.value = v
    return o


def new_float(v: float) -> PyFloat:
    o = PyFloat.__new__(PyFloat)
    o.ob_refcnt = 1
    o.ob_type = float_type
    o.value = v
    return o


def new_complex(v: complex) -> PyComplex:
    o = PyComplex.__new__(PyComplex)
    o.ob_refcnt = 1
    o.ob_type = complex_type
    o.value = v
    return o


_CHARS: Dict[str, PyStr] = {}
_INTERNED: Dict[str, PyStr] = {}


def new_str(v: str) -> PyStr:
    """A new str; the empty string and one-character latin-1 strings are the
    interpreter's cached (immortal) ones, as in CPython."""
    if len(v) <= 1:
        o = _CHARS.get(v)
        if o is not None:
            return o
        if not v or ord(v) < 256:
            o = _immortal(str_type, PyStr)
            o.value = v
            o.hash = None
            _CHARS[v] = o
            return o
    o = PyStr.__new__(PyStr)
    o.ob_refcnt = 1
    o.ob_type = str_type
    o.value = v
    o.hash = None
    return o


def intern(v: str) -> PyStr:
    """The interned (immortal on 3.12+) str for ``v``: names, identifiers."""
    o = _INTERNED.get(v)
    if o is None:
        if len(v) <= 1:
            o = new_str(v)
        else:
            o = _immortal(str_type, PyStr)
            o.value = v
            o.hash = None
        _INTERNED[v] = o
    return o


R.new_str = new_str
R.intern = intern

_EMPTY_BYTES = []


def new_bytes(v: bytes) -> PyBytes:
    o = PyBytes.__new__(PyBytes)
    o.ob_refcnt = 1
    o.ob_type = bytes_type
    o.value = v
    return o


def new_bool(v: Any) -> PyLong:
    return TRUE if v else FALSE


# -- host values <-> minivm objects ------------------------------------------------

def from_host(v: Any) -> PyObject:
    """A new minivm object for a host scalar, tuple, list or None."""
    t = type(v)
    if t is int:
        return new_int(v)
    if t is str:
        return new_str(v)
    if t is bool:
        return TRUE if v else FALSE
    if t is float:
        return new_float(v)
    if v is None:
        return NONE
    if t is tuple:
        from .sequences import new_tuple
        return new_tuple([from_host(x) for x in v])
    if t is list:
        from .sequences import new_list
        return new_list([from_host(x) for x in v])
    if t is bytes:
        return new_bytes(v)
    if t is bytearray:
        from .bytesobject import new_bytearray
        return new_bytearray(v)
    if t is complex:
        return new_complex(v)
    if isinstance(v, PyObject):
        return incref(v)
    if v is NotImplemented:
        return NOT_IMPLEMENTED
    raise TypeError("no minivm value for host %r" % (t,))


_HOST_ERRORS = (TypeError, ValueError, ZeroDivisionError, OverflowError, IndexError,
                KeyError, UnicodeError, AttributeError, RecursionError, LookupError,
                ArithmeticError)


def convert_host_error(e: BaseException) -> PyErr:
    """The minivm exception for a host exception raised by a host operation."""
    if isinstance(e, PyErr):
        return e
    name = type(e).__name__
    if name not in R.exc:
        for base in type(e).__mro__:
            if base.__name__ in R.exc:
                name = base.__name__
                break
    if name == "KeyError" and e.args:
        return PyErr(new_exception("KeyError", None, from_host(e.args[0])))
    if isinstance(e, (UnicodeEncodeError, UnicodeDecodeError, UnicodeTranslateError)):
        return PyErr(_unicode_error(name, e))
    if len(e.args) > 1 and all(isinstance(a, (int, str)) for a in e.args):
        # (errno, message) from the C library, as CPython's float pow raises it:
        # OverflowError(34, 'Numerical result out of range')
        args = [from_host(a) for a in e.args]
        exc = new_exception(name, None, *args)
        for a in args:
            decref(a)
        return PyErr(exc)
    return PyErr(new_exception(name, str(e)))


def _unicode_error(name, e):
    """A Unicode*Error with CPython's attributes (encoding, object, start, end,
    reason) and its message."""
    if isinstance(e, UnicodeTranslateError):
        values = (e.object, e.start, e.end, e.reason)
    else:
        values = (e.encoding, e.object, e.start, e.end, e.reason)
    args = [from_host(v) for v in values]
    exc = new_exception(name, None, *args)
    for a in args:
        decref(a)
    from .exceptions import _set_extra
    names = ("object", "start", "end", "reason") if len(values) == 4 else \
        ("encoding", "object", "start", "end", "reason")
    for field, v in zip(names, exc.args.items):
        _set_extra(exc, field, v)
    exc.extra["message"] = new_str(str(e))
    return exc


def host_call(fn: Callable, *args: Any, errors: tuple = _HOST_ERRORS) -> Any:
    """``fn(*args)`` on host values; a host exception of ``errors`` becomes the
    minivm one (convert_host_error), any other stays a crash."""
    try:
        return fn(*args)
    except PyErr:
        raise
    except errors as e:
        raise convert_host_error(e) from None


def from_num(r: Any) -> PyObject:
    t = type(r)
    if t is int:
        return new_int(r)
    if t is float:
        return new_float(r)
    if t is bool:
        return new_int(int(r))
    if t is complex:
        return new_complex(r)
    return from_host(r)


# -- int ------------------------------------------------------------------------------

def _is_int(o: PyObject) -> bool:
    return isinstance(o, PyLong)


_BINOPS = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "floordiv": operator.floordiv, "mod": operator.mod, "truediv": operator.truediv,
    "pow": operator.pow, "lshift": operator.lshift, "rshift": operator.rshift,
    "and": operator.and_, "or": operator.or_, "xor": operator.xor, "divmod": divmod,
}


def _int_binop(op: Callable, reflected: bool) -> Callable:
    def fn(self, other):
        if not isinstance(other, PyLong):
            return NOT_IMPLEMENTED
        a, b = int(self.value), int(other.value)
        if reflected:
            a, b = b, a
        try:
            r = op(a, b)
        except _HOST_ERRORS as e:
            raise convert_host_error(e) from None
        return from_host(r) if type(r) is tuple else from_num(r)
    return fn


for _name, _op in _BINOPS.items():
    method(int_type, "__%s__" % _name)(_int_binop(_op, False))
    method(int_type, "__r%s__" % _name)(_int_binop(_op, True))


@method(int_type, "__pow__", K.VARARGS, 1, 2)
def int_pow(self, other, mod=None):
    if not isinstance(other, PyLong):
        return NOT_IMPLEMENTED
    if mod is None or mod is NONE:
        return from_num(host_call(pow, int(self.value), int(other.value)))
    if not isinstance(mod, PyLong):
        return NOT_IMPLEMENTED
    return from_num(host_call(pow, int(self.value), int(other.value), int(mod.value)))


def _cmp_fn(op: Callable, accept: Callable) -> Callable:
    def fn(self, other):
        if not accept(other):
            return NOT_IMPLEMENTED
        return TRUE if op(self.value, other.value) else FALSE
    return fn


_CMPS = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
         "gt": operator.gt, "ge": operator.ge}
for _name, _op in _CMPS.items():
    method(int_type, "__%s__" % _name)(_cmp_fn(_op, lambda o: isinstance(o, PyLong)))


@method(int_type, "__hash__", K.NOARGS)
def int_hash(self):
    return new_int(hash(int(self.value)))


def _digit_limit() -> int:
    vm = STATE.vm
    return getattr(vm, "int_max_str_digits", 4300) if vm is not None else 4300


def int_to_decimal(v: int) -> str:
    """``str(v)`` under the target's limit on conversion digits (3.11+); the limit
    is minivm's, so the message does not depend on the host."""
    text = repr(v)
    limit = _digit_limit()
    if limit and len(text) - (text[0] == "-") > limit:
        raise err("ValueError", "Exceeds the limit (%d digits) for integer string conversion; "
                  "use sys.set_int_max_str_digits() to increase the limit" % limit)
    return text


def check_str_digits(text, base: int) -> None:
    """The limit for ``int(text, base)`` (bases that are not powers of two)."""
    limit = _digit_limit()
    if not limit or base in (2, 4, 8, 16, 32):
        return
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("latin-1")
    digits = sum(1 for c in text if c.isalnum())
    if base == 0:
        stripped = text.strip().lstrip("+-")
        if stripped[:2].lower() in ("0x", "0o", "0b"):
            return
    if digits > limit:
        raise err("ValueError", "Exceeds the limit (%d digits) for integer string conversion: "
                  "value has %d digits; use sys.set_int_max_str_digits() to increase the limit"
                  % (limit, digits))


@method(int_type, "__repr__", K.NOARGS)
def int_repr(self):
    if self.ob_type is bool_type:
        return new_str("True" if self.value else "False")
    return new_str(int_to_decimal(int(self.value)))


@method(int_type, "__bool__", K.NOARGS)
def int_bool(self):
    return TRUE if self.value else FALSE


@method(int_type, "__index__", K.NOARGS)
def int_index(self):
    return new_int(int(self.value))


method(int_type, "__int__", K.NOARGS)(int_index)
method(int_type, "__trunc__", K.NOARGS)(int_index)
method(int_type, "__floor__", K.NOARGS)(int_index)
method(int_type, "__ceil__", K.NOARGS)(int_index)


@method(int_type, "__round__", K.VARARGS, 0, 1)
def int_round(self, ndigits=None):
    if ndigits is None or ndigits is NONE:
        return new_int(int(self.value))
    return new_int(round(int(self.value), index_value(ndigits)))


@method(int_type, "__float__", K.NOARGS)
def int_float(self):
    return new_float(host_call(float, self.value))


@method(int_type, "__neg__", K.NOARGS)
def int_neg(self):
    return new_int(-self.value)


@method(int_type, "__pos__", K.NOARGS)
def int_pos(self):
    return new_int(+int(self.value))


@method(int_type, "__abs__", K.NOARGS)
def int_abs(self):
    return new_int(abs(self.value))


@method(int_type, "__invert__", K.NOARGS)
def int_invert(self):
    return new_int(~self.value)


@method(int_type, "bit_length", K.NOARGS)
def int_bit_length(self):
    return new_int(int(self.value).bit_length())


@method(int_type, "bit_count", K.NOARGS, since="int_bit_count")
def int_bit_count(self):
    return new_int(bin(int(self.value)).count("1"))


@method(int_type, "conjugate", K.NOARGS)
def int_conjugate(self):
    return new_int(int(self.value))


@method(int_type, "is_integer", K.NOARGS)
def int_is_integer(self):
    return TRUE


@method(int_type, "as_integer_ratio", K.NOARGS)
def int_as_integer_ratio(self):
    return from_host((int(self.value), 1))


def _bytes_args(args, kwargs, names, defaults, fname):
    """Positional-or-keyword arguments ``names`` (then keyword-only ``signed``)."""
    kwargs = dict(kwargs or {})
    values = list(defaults)
    if len(args) > len(names):
        raise err("TypeError", "%s() takes at most %d positional arguments (%d given)"
                  % (fname, len(names), len(args)))
    for i, a in enumerate(args):
        values[i] = a
    for i, n in enumerate(names):
        if n in kwargs:
            if i < len(args):
                raise given_twice(fname, n, i)
            values[i] = kwargs.pop(n)
    signed = kwargs.pop("signed", FALSE)
    if kwargs:
        raise err("TypeError", "%s() got an unexpected keyword argument '%s'"
                  % (fname, next(iter(kwargs))))
    order = values[-1]
    if not isinstance(order, PyStr):
        raise err("TypeError", "%s() argument 'byteorder' must be str, not %s"
                  % (fname, order.ob_type.tp_name))
    if order.value not in ("big", "little"):
        raise err("ValueError", "byteorder must be either 'little' or 'big'")
    from .abstract import is_true
    return values, order.value, is_true(signed)


@method(int_type, "to_bytes", K.KEYWORDS)
def int_to_bytes(self, args, kwargs):
    """``int.to_bytes(length=1, byteorder='big', *, signed=False)`` (3.11+ defaults)."""
    (length, _), order, signed = _bytes_args(args, kwargs, ("length", "byteorder"),
                                             (new_int(1), new_str("big")), "to_bytes")
    n = index_value(length)
    if n < 0:
        raise err("ValueError", "length argument must be non-negative")
    return new_bytes(host_call(lambda: int(self.value).to_bytes(n, order, signed=signed)))


def int_from_bytes(args, kwargs):
    """``int.from_bytes(bytes, byteorder='big', *, signed=False)`` (a class method)."""
    cls, args = args[0], args[1:]
    (data, _), order, signed = _bytes_args(args, kwargs, ("bytes", "byteorder"),
                                           (None, new_str("big")), "from_bytes")
    if data is None:
        raise err("TypeError", "from_bytes() missing required argument 'bytes' (pos 1)")
    if isinstance(data, PyBytes) or data.ob_type is R.types.get("bytearray"):
        raw = bytes(data.value)
    else:
        from .abstract import iterate
        items = []
        for x in iterate(data):
            items.append(index_value(x))
            decref(x)
        raw = host_call(bytes, items)
    value = new_int(int.from_bytes(raw, order, signed=signed))
    if cls is int_type:
        return value
    from .abstract import call
    try:
        return call(cls, [value])
    finally:
        decref(value)


def float_fromhex(args, kwargs):
    """``float.fromhex(string)`` (a class method)."""
    if kwargs or len(args) != 2:
        raise err("TypeError", "fromhex() takes exactly one argument (%d given)"
                  % (len(args) - 1))
    cls, text = args
    if not isinstance(text, PyStr):
        raise err("TypeError", "fromhex() argument must be str, not %s" % text.ob_type.tp_name)
    value = new_float(host_call(float.fromhex, text.value))
    if cls is float_type:
        return value
    from .abstract import call
    try:
        return call(cls, [value])
    finally:
        decref(value)


def float_getformat(args, kwargs):
    """``float.__getformat__(typestr)`` (a class method): minivm's floats are the
    host's IEEE doubles, stored little-endian as on the platforms CPython is
    compared on."""
    if kwargs or len(args) != 2:
        raise err("TypeError", "__getformat__() takes exactly one argument (%d given)"
                  % (len(args) - 1))
    typestr = args[1]
    if not isinstance(typestr, PyStr):
        raise err("TypeError", "__getformat__() argument must be str, not %s"
                  % typestr.ob_type.tp_name)
    if typestr.value not in ("double", "float"):
        raise err("ValueError", "__getformat__() argument 1 must be 'double' or 'float'")
    return new_str("IEEE, little-endian")


def install_class_methods(builtin_classmethod) -> None:
    builtin_classmethod(int_type, "from_bytes", int_from_bytes)
    builtin_classmethod(float_type, "fromhex", float_fromhex)
    builtin_classmethod(float_type, "__getformat__", float_getformat)


@method(int_type, "__format__", K.O)
def int_format(self, spec):
    if not spec.value:
        return str_of_value(self)
    if spec.value[-1:] in ("d", "n") or spec.value[-1:].isdigit() or spec.value[-1:] in ",_":
        int_to_decimal(int(self.value))
    return new_str(host_call(format, int(self.value), spec.value))


def str_of_value(o):
    from .abstract import str_of
    return str_of(o)


@method(int_type, "__getnewargs__", K.NOARGS)
def int_getnewargs(self):
    return from_host((int(self.value),))


@getset(int_type, "real")
def int_real(self):
    return new_int(int(self.value))


@getset(int_type, "imag")
def int_imag(self):
    return new_int(0)


@getset(int_type, "numerator")
def int_numerator(self):
    return new_int(int(self.value))


@getset(int_type, "denominator")
def int_denominator(self):
    return new_int(1)


for _name, _op in (("and", operator.and_), ("or", operator.or_), ("xor", operator.xor)):
    def _bool_op(self, other, _op=_op, _int=_int_binop(_op, False)):  # noqa: B008 - bound once per operator
        if isinstance(other, PyLong) and other.ob_type is bool_type:
            return new_bool(_op(self.value, other.value))
        return _int(self, other)
    method(bool_type, "__%s__" % _name)(_bool_op)
    method(bool_type, "__r%s__" % _name)(_bool_op)


def clinic_int(o: PyObject) -> int:
    """Argument Clinic's ``int`` converter as a host int: PyNumber_Index from 3.10,
    before it with the older messages for a float and for a non-number (the
    ``__int__`` fallback those versions also had is not modelled)."""
    if isinstance(o, PyLong) or STATE.target.runtime("clinic_int_is_index"):
        return index_value(o)
    if isinstance(o, PyFloat):
        raise err("TypeError", "integer argument expected, got float")
    from .core import type_lookup
    if type_lookup(o.ob_type, "__index__") is None:
        raise err("TypeError", "an integer is required (got type %s)" % o.ob_type.tp_name)
    return index_value(o)


#: The DeprecationWarning for a number slot (``__index__``, ``__int__``, ...) whose
#: result is an instance of a strict subclass of the type it must return.
SUBCLASS_RESULT_DEPRECATED = (
    "%s returned non-%s (type %s).  The ability to return an instance of a strict "
    "subclass of %s is deprecated, and may be removed in a future version of Python.")


def index_value(o: PyObject) -> int:
    """``PyNumber_Index`` as a host int."""
    if isinstance(o, PyLong):
        return int(o.value)
    from .abstract import lookup_special_call
    r = lookup_special_call(o, "__index__", [])
    if r is None:
        raise err("TypeError", "'%s' object cannot be interpreted as an integer"
                  % o.ob_type.tp_name)
    if not isinstance(r, PyLong):
        raise err("TypeError", "__index__ returned non-int (type %s)" % r.ob_type.tp_name)
    try:
        if r.ob_type is not int_type:
            # (a bool is a PyLong too, and an instance of a strict subclass)
            from .abstract import warn
            warn("DeprecationWarning", SUBCLASS_RESULT_DEPRECATED
                 % ("__index__", "int", r.ob_type.tp_name, "int"))
        return int(r.value)
    finally:
        decref(r)


#: ``PY_SSIZE_T_MAX`` of the 64-bit builds minivm models (its ``sys.maxsize``).
PY_SSIZE_T_MAX = (1 << 63) - 1


def ssize_value(o: PyObject) -> int:
    """``PyNumber_AsSsize_t(o, PyExc_OverflowError)``: an index that must fit a C
    ssize_t."""
    v = index_value(o)
    if not -PY_SSIZE_T_MAX - 1 <= v <= PY_SSIZE_T_MAX:
        raise err("OverflowError", "cannot fit '%s' into an index-sized integer"
                  % o.ob_type.tp_name)
    return v


def no_memory() -> PyErr:
    """``PyErr_NoMemory()``: a MemoryError without arguments, to be raised."""
    return PyErr(new_exception("MemoryError"))


def alloc_items(size: int) -> None:
    """Raise MemoryError, as CPython's allocation of ``size`` object pointers does when
    the byte count overflows ssize_t (``PyMem_New``)."""
    if size > PY_SSIZE_T_MAX // 8:
        raise no_memory()


# -- float ---------------------------------------------------------------------------

def _float_operand(o: PyObject) -> Optional[float]:
    if isinstance(o, PyFloat):
        return o.value
    if isinstance(o, PyLong):
        try:
            return float(o.value)
        except OverflowError:
            raise err("OverflowError", "int too large to convert to float") from None
    return None


def _float_binop(op: Callable, reflected: bool) -> Callable:
    def fn(self, other):
        b = _float_operand(other)
        if b is None:
            return NOT_IMPLEMENTED
        a = self.value
        if reflected:
            a, b = b, a
        try:
            r = op(a, b)
        except _HOST_ERRORS as e:
            raise convert_host_error(e) from None
        return from_host(r) if type(r) is tuple else from_num(r)
    return fn


for _name, _op in _BINOPS.items():
    if _name in ("lshift", "rshift", "and", "or", "xor"):
        continue
    method(float_type, "__%s__" % _name)(_float_binop(_op, False))
    method(float_type, "__r%s__" % _name)(_float_binop(_op, True))


def _float_cmp(op):
    def fn(self, other):
        if isinstance(other, (PyFloat, PyLong)):
            return TRUE if op(self.value, other.value) else FALSE
        return NOT_IMPLEMENTED
    return fn


for _name, _op in _CMPS.items():
    method(float_type, "__%s__" % _name)(_float_cmp(_op))
# int == float compares exactly too
for _name, _op in _CMPS.items():
    _fn = _float_cmp(_op)

    def _int_cmp(self, other, _op=_op):
        if isinstance(other, (PyLong, PyFloat)):
            return TRUE if _op(self.value, other.value) else FALSE
        return NOT_IMPLEMENTED
    method(int_type, "__%s__" % _name)(_int_cmp)


@method(float_type, "__hash__", K.NOARGS)
def float_hash(self):
    return new_int(hash(self.value))


@method(float_type, "__repr__", K.NOARGS)
def float_repr(self):
    return new_str(repr(self.value))


@method(float_type, "__bool__", K.NOARGS)
def float_bool(self):
    return TRUE if self.value else FALSE


@method(float_type, "__neg__", K.NOARGS)
def float_neg(self):
    return new_float(-self.value)


@method(float_type, "__pos__", K.NOARGS)
def float_pos(self):
    return new_float(self.value)


@method(float_type, "__abs__", K.NOARGS)
def float_abs(self):
    return new_float(abs(self.value))


@method(float_type, "__int__", K.NOARGS)
def float_int(self):
    return new_int(host_call(int, self.value))


method(float_type, "__trunc__", K.NOARGS)(float_int)


@method(float_type, "__float__", K.NOARGS)
def float_float(self):
    return new_float(self.value)


@method(float_type, "__floor__", K.NOARGS)
def float_floor(self):
    return new_int(host_call(math.floor, self.value))


@method(float_type, "__ceil__", K.NOARGS)
def float_ceil(self):
    return new_int(host_call(math.ceil, self.value))


@method(float_type, "__round__", K.VARARGS, 0, 1)
def float_round(self, ndigits=None):
    if ndigits is None or ndigits is NONE:
        return new_int(host_call(round, self.value))
    return new_float(host_call(round, self.value, index_value(ndigits)))


@method(float_type, "__pow__", K.VARARGS, 1, 2)
def float_pow(self, other, mod=None):
    b = _float_operand(other)
    if b is None:
        return NOT_IMPLEMENTED
    return from_num(host_call(pow, self.value, b))


@method(float_type, "is_integer", K.NOARGS)
def float_is_integer(self):
    return new_bool(self.value.is_integer())


@method(float_type, "as_integer_ratio", K.NOARGS)
def float_as_integer_ratio(self):
    return from_host(host_call(self.value.as_integer_ratio))


@method(float_type, "hex", K.NOARGS)
def float_hex(self):
    return new_str(self.value.hex())


@method(float_type, "conjugate", K.NOARGS)
def float_conjugate(self):
    return new_float(self.value)


@method(float_type, "__format__", K.O)
def float_format(self, spec):
    return new_str(host_call(format, self.value, spec.value))


@getset(float_type, "real")
def float_real(self):
    return new_float(self.value)


@getset(float_type, "imag")
def float_imag(self):
    return new_float(0.0)


# -- complex (enough for arithmetic and printing) -----------------------------------

def _complex_operand(o):
    if isinstance(o, (PyComplex, PyFloat, PyLong)):
        return o.value
    return None


def _complex_binop(op, reflected):
    def fn(self, other):
        b = _complex_operand(other)
        if b is None:
            return NOT_IMPLEMENTED
        a = self.value
        if reflected:
            a, b = b, a
        return from_num(host_call(op, a, b))
    return fn


for _name in ("add", "sub", "mul", "truediv", "pow"):
    method(complex_type, "__%s__" % _name)(_complex_binop(_BINOPS[_name], False))
    method(complex_type, "__r%s__" % _name)(_complex_binop(_BINOPS[_name], True))
for _name in ("eq", "ne"):
    method(complex_type, "__%s__" % _name)(
        _cmp_fn(_CMPS[_name], lambda o: isinstance(o, (PyComplex, PyFloat, PyLong))))
method(complex_type, "__repr__", K.NOARGS)(lambda self: new_str(repr(self.value)))
method(complex_type, "__format__")(
    lambda self, spec: new_str(host_call(format, self.value, to_host(spec))))
method(complex_type, "__hash__", K.NOARGS)(lambda self: new_int(hash(self.value)))
method(complex_type, "__bool__", K.NOARGS)(lambda self: new_bool(self.value))
method(complex_type, "__neg__", K.NOARGS)(lambda self: new_complex(-self.value))
method(complex_type, "__abs__", K.NOARGS)(lambda self: new_float(abs(self.value)))
method(complex_type, "conjugate", K.NOARGS)(lambda self: new_complex(self.value.conjugate()))
getset(complex_type, "real")(lambda self: new_float(self.value.real))
getset(complex_type, "imag")(lambda self: new_float(self.value.imag))


# -- None, NotImplemented, Ellipsis ---------------------------------------------------

method(none_type, "__repr__", K.NOARGS)(lambda self: new_str("None"))
method(none_type, "__bool__", K.NOARGS)(lambda self: FALSE)


@method(none_type, "__hash__", K.NOARGS)
def none_hash(self):
    """A constant from 3.12 (and so a fixed place in sets); the address before."""
    if STATE.target.runtime("constant_none_hash"):
        return new_int(NONE_HASH)
    return new_int(STATE.vm.fake_address(self) >> 4)
method(notimpl_type, "__repr__", K.NOARGS)(lambda self: new_str("NotImplemented"))
method(ellipsis_type, "__repr__", K.NOARGS)(lambda self: new_str("Ellipsis"))


# -- conversion helpers used everywhere -----------------------------------------------

def to_host(o: PyObject) -> Any:
    """The host value of a scalar, tuple or list (raises TypeError otherwise)."""
    if o is NONE:
        return None
    v = getattr(o, "value", _MISSING)
    if v is not _MISSING:
        return v
    items = getattr(o, "items", None)
    if items is not None:
        from .sequences import tuple_type
        seq = [to_host(x) for x in items]
        return tuple(seq) if o.ob_type is tuple_type else seq
    raise err("TypeError", "unsupported argument type '%s'" % o.ob_type.tp_name)


_MISSING = object()


def str_hash(o: PyStr) -> int:
    h = o.hash
    if h is None:
        h = o.hash = hash_str(o.value, STATE.target.hash_algorithm if STATE.target
                              else "siphash13")
    return h


from . import abstract as _abstract  # noqa: E402  (abstract needs PyLong for length checks)

_abstract._PyLong.append(PyLong)
