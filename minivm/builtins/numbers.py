"""The constructors of ``int``, ``float`` and ``complex``.

``PyNumber_Long``, ``PyNumber_Float`` and ``complex_new`` as CPython writes
them: a type's ``__int__``/``__float__``/``__complex__``/``__index__`` is called
and its result checked (TypeError for the wrong type, DeprecationWarning for a
strict subclass of the right one, whose value is copied), strings and
bytes-like objects are parsed, and a subclass of the type gets an instance of
its own holding the value.
"""

from __future__ import annotations

from typing import Any

from ..objects import abstract
from ..objects.bytesobject import PyMemoryView, buffer_bytes
from ..objects.core import R, STATE, PyObject, decref, err, incref, is_subtype, type_lookup
from ..objects.scalars import (
    SUBCLASS_RESULT_DEPRECATED, PyStr, check_str_digits, host_call, index_value, new_complex,
    new_float, new_int,
)
from ..objects.typeobject import given_twice, unexpected_keyword


def _is(o: PyObject, name: str) -> bool:
    return is_subtype(o.ob_type, R.types[name])


def _real_number() -> str:
    """The wording of a non-number in these errors ("a real number" from 3.10)."""
    return "a real number" if STATE.target.runtime("real_number_messages") else "a number"


def _slot_result(o: PyObject, slot: str, kind: str, what: str) -> Any:
    """Call ``type(o).slot(o)`` and return the host value of a result that must
    be a ``kind``; ``what`` names the slot in the messages."""
    r = abstract.lookup_special_call(o, slot, [])
    try:
        if r.ob_type is not R.types[kind]:
            if not _is(r, kind):
                raise err("TypeError", "%s returned non-%s (type %s)"
                          % (what, kind, r.ob_type.tp_name))
            abstract.warn("DeprecationWarning", SUBCLASS_RESULT_DEPRECATED
                          % (what, kind, r.ob_type.tp_name, kind))
        return r.value
    finally:
        decref(r)


def _long_as_double(v: int) -> float:
    try:
        return float(v)
    except OverflowError:
        raise err("OverflowError", "int too large to convert to float") from None


def _buffer(o: PyObject) -> Any:
    """The bytes of a bytes-like object, or None."""
    if _is(o, "bytes") or _is(o, "bytearray"):
        return bytes(o.value)
    if isinstance(o, PyMemoryView) or hasattr(o, "host_buffer"):
        return buffer_bytes(o)
    return None


# -- float ----------------------------------------------------------------------

def number_float(o: PyObject) -> float:
    """``PyNumber_Float`` as a host float."""
    tp = o.ob_type
    if tp is R.types["float"]:
        return o.value
    if tp is R.types["int"] or tp is R.types["bool"]:
        return _long_as_double(int(o.value))
    if type_lookup(tp, "__float__") is not None:
        return _slot_result(o, "__float__", "float", "%s.__float__" % tp.tp_name)
    if type_lookup(tp, "__index__") is not None:
        return _long_as_double(index_value(o))
    if _is(o, "float"):
        return o.value
    return _float_from_string(o)


def _float_from_string(o: PyObject) -> float:
    if isinstance(o, PyStr):
        return host_call(float, o.value)
    data = _buffer(o)
    if data is None:
        raise err("TypeError", "float() argument must be a string or %s, not '%s'"
                  % (_real_number(), o.ob_type.tp_name))
    return host_call(float, data)


def float_new(tp, args, kwargs):
    """``float(x=0.0, /)``."""
    if kwargs:
        raise err("TypeError", "float() takes no keyword arguments")
    if len(args) > 1:
        raise err("TypeError", "float expected at most 1 argument, got %d" % len(args))
    if args and args[0].ob_type is R.types["float"] and tp is R.types["float"]:
        return incref(args[0])
    value = number_float(args[0]) if args else 0.0
    return _of_type(tp, "float", new_float(value), value)


def _of_type(tp, name: str, exact: PyObject, value: Any) -> PyObject:
    """``exact`` for the builtin type itself, else a ``tp`` instance of ``value``."""
    if tp is R.types[name]:
        return exact
    decref(exact)
    from ..objects.instances import alloc_instance
    o = alloc_instance(tp)
    o.value = value
    return o


# -- int ------------------------------------------------------------------------

def number_long(o: PyObject) -> int:
    """``PyNumber_Long`` as a host int."""
    tp = o.ob_type
    if tp is R.types["int"] or tp is R.types["bool"]:
        return int(o.value)
    if tp is R.types["float"]:
        return host_call(int, o.value)
    if type_lookup(tp, "__int__") is not None:
        return int(_slot_result(o, "__int__", "int", "__int__"))
    if type_lookup(tp, "__index__") is not None:
        return index_value(o)
    if type_lookup(tp, "__trunc__") is not None:
        return _long_from_trunc(o)
    if isinstance(o, PyStr):
        check_str_digits(o.value, 10)
        return host_call(int, o.value)
    data = _buffer(o)
    if data is None:
        raise err("TypeError", "int() argument must be a string, a bytes-like object or %s, "
                  "not '%s'" % (_real_number(), tp.tp_name))
    check_str_digits(data, 10)
    return host_call(int, data)


def _long_from_trunc(o: PyObject) -> int:
    if STATE.target.runtime("int_trunc_deprecated"):
        abstract.warn("DeprecationWarning", "The delegation of int() to __trunc__ is deprecated.")
    r = abstract.lookup_special_call(o, "__trunc__", [])
    try:
        if _is(r, "int"):
            return int(r.value)
        if type_lookup(r.ob_type, "__index__") is None:
            raise err("TypeError", "__trunc__ returned non-Integral (type %s)"
                      % r.ob_type.tp_name)
        return index_value(r)
    finally:
        decref(r)


def int_new(tp, args, kwargs):
    """``int(x=0, /)`` and ``int(x, /, base=10)``."""
    kwargs = dict(kwargs or {})
    if len(args) > 2:
        raise err("TypeError", ("int expected at most 2 arguments, got %d"
                                if STATE.target.runtime("clinic_unexpected_keyword") else
                                "int() takes at most 2 arguments (%d given)") % len(args))
    x = args[0] if args else None  # (positional only)
    base = args[1] if len(args) > 1 else kwargs.pop("base", None)
    if kwargs:
        raise unexpected_keyword("int", next(iter(kwargs)))
    if x is None:
        if base is not None:
            raise err("TypeError", "int() missing string argument")
        value = 0
    elif base is None:
        if x.ob_type is R.types["int"] and tp is R.types["int"]:
            return incref(x)
        value = number_long(x)
    else:
        value = _long_with_base(x, base)
    return _of_type(tp, "int", new_int(value), value)


def _long_with_base(x: PyObject, base: PyObject) -> int:
    b = index_value(base)
    if (b != 0 and b < 2) or b > 36:
        raise err("ValueError", "int() base must be >= 2 and <= 36, or 0")
    if isinstance(x, PyStr):
        text: Any = x.value
    elif _is(x, "bytes") or _is(x, "bytearray"):
        text = bytes(x.value)
    else:
        raise err("TypeError", "int() can't convert non-string with explicit base")
    check_str_digits(text, b)
    return host_call(int, text, b)


# -- complex --------------------------------------------------------------------

def _complex_special(o: PyObject) -> Any:
    """``try_complex_special_method``: the host complex ``__complex__`` gives,
    or None when the type has none."""
    if type_lookup(o.ob_type, "__complex__") is None:
        return None
    return _slot_result(o, "__complex__", "complex", "__complex__")


def _is_number(o: PyObject) -> bool:
    """Has ``nb_float`` or ``nb_index`` (or is a complex)."""
    return _is(o, "complex") or type_lookup(o.ob_type, "__float__") is not None or \
        type_lookup(o.ob_type, "__index__") is not None


def _complex_args(args, kwargs):
    given = len(args) + len(kwargs or ())
    if given > 2:  # (positional and keyword arguments together, as the clinic counts)
        raise err("TypeError", "complex() takes at most 2 %sarguments (%d given)"
                  % ("" if args else "keyword ", given))
    values = list(args) + [None] * (2 - len(args))
    for i, name in enumerate(("real", "imag")):
        if kwargs and name in kwargs:
            if i < len(args):
                raise given_twice("complex", name, i)
            values[i] = kwargs[name]
    for name in kwargs or ():
        if name not in ("real", "imag"):
            raise unexpected_keyword("complex", name)
    return values


def complex_new(tp, args, kwargs):
    """``complex(real=0, imag=0)``."""
    r, i = _complex_args(args, kwargs)
    if r is not None and r.ob_type is R.types["complex"] and i is None and \
            tp is R.types["complex"]:
        return incref(r)
    if r is not None and isinstance(r, PyStr):
        if i is not None:
            raise err("TypeError", "complex() can't take second arg if first is a string")
        return _complex_of(tp, _complex_from_string(r.value))
    if i is not None and isinstance(i, PyStr):
        raise err("TypeError", "complex() second arg can't be a string")
    if r is None:
        cr, r_complex = 0j, False
    else:
        special = _complex_special(r)
        if special is not None:
            cr, r_complex = special, True
        elif not _is_number(r):
            raise err("TypeError", "complex() first argument must be a string or a number, "
                      "not '%s'" % r.ob_type.tp_name)
        elif _is(r, "complex"):
            cr, r_complex = r.value, True
        else:
            cr, r_complex = complex(number_float(r)), False
    if i is None:
        return _complex_of(tp, cr)
    if not _is_number(i):
        raise err("TypeError", "complex() second argument must be a number, not '%s'"
                  % i.ob_type.tp_name)
    if _is(i, "complex"):
        ci = i.value
        real, imag = cr.real - ci.imag, ci.real
    else:
        real, imag = cr.real, number_float(i)
    if r_complex:
        imag += cr.imag
    return _complex_of(tp, complex(real, imag))


def _complex_from_string(text: str) -> complex:
    try:
        return complex(text)
    except ValueError:
        raise err("ValueError", "complex() arg is a malformed string") from None


def _complex_of(tp, value: complex) -> PyObject:
    return _of_type(tp, "complex", new_complex(value), value)
