"""The ``_struct`` module: minivm/modules/pylib/_struct.py run by minivm, with the byte
conversions done by the host's struct module (``_pack``, ``_unpack``, ``_pack_into``,
``_calcsize``): minivm values become host values (an object with ``__index__`` or
``__float__`` is passed as a host proxy calling back into minivm), results come back
as minivm ints, floats, bools and bytes."""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import (R, BuiltinKind, PyErr, decref, err, incref, new_exception,
                           type_lookup)
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import NONE, PyFloat, PyLong, PyStr, from_host, index_value, new_str
from ..objects.typeobject import PyCFunction, setattr_str
from ..builtins import native
from ._util import pylib_module

K = BuiltinKind


def _host_format(fmt):
    from ..objects.scalars import PyBytes
    if isinstance(fmt, (PyStr, PyBytes)):
        return fmt.value
    raise err("TypeError", "Struct() argument 1 must be a str or bytes object, not %s"
              % fmt.ob_type.tp_name)


class _Number:
    """A minivm object that struct converts with ``__index__`` / ``__float__``."""

    def __init__(self, o):
        self.o = o

    def __bool__(self):
        return abstract.is_true(self.o)


def _proxy(o):
    has_index = type_lookup(o.ob_type, "__index__") is not None
    has_float = type_lookup(o.ob_type, "__float__") is not None
    attrs = {}
    if has_index:
        attrs["__index__"] = lambda self: index_value(self.o)
    if has_float:
        def as_float(self):
            f = abstract.call_method_obj(type_lookup(self.o.ob_type, "__float__"), self.o, [])
            try:
                if not isinstance(f, PyFloat):
                    raise err("TypeError", "%s.__float__ returned non-float (type %s)"
                              % (self.o.ob_type.tp_name, f.ob_type.tp_name))
                return f.value
            finally:
                decref(f)
        attrs["__float__"] = as_float
    return type("minivm_" + o.ob_type.tp_name, (_Number,), attrs)(o)


def _host_value(o):
    from ..objects.bytesobject import PyByteArray
    from ..objects.scalars import PyBytes
    if isinstance(o, PyLong):
        if o.ob_type is R.types["bool"]:
            return bool(o.value)
        if o.ob_type is R.types["int"]:
            return o.value
        return _proxy(o)
    if isinstance(o, PyFloat) and o.ob_type is R.types["float"]:
        return o.value
    if isinstance(o, (PyBytes, PyByteArray)):
        return bytes(o.value)
    if isinstance(o, PyStr):
        return o.value
    return _proxy(o)


def _struct_error(module_dict, e):
    tp = module_dict.vals.get("error")
    exc = new_exception("Exception", str(e))
    if tp is not None:
        exc.ob_type = incref(tp)  # the instance's reference, released by subtype_dealloc
    return PyErr(exc)


def _calling_host(module_dict, fn):
    import struct as host_struct
    try:
        return fn()
    except host_struct.error as e:
        raise _struct_error(module_dict, e) from None
    except (TypeError, ValueError, OverflowError) as e:
        from ..objects.scalars import convert_host_error
        raise convert_host_error(e) from None


def _buffer(o):
    from ..objects.bytesobject import PyByteArray, PyMemoryView, _mv_bytes
    from ..objects.scalars import PyBytes
    if isinstance(o, (PyBytes, PyByteArray)):
        return bytes(o.value)
    if isinstance(o, PyMemoryView):
        return bytes(_mv_bytes(o))
    raise err("TypeError", "a bytes-like object is required, not '%s'" % o.ob_type.tp_name)


def _natives(module_dict):
    import struct as host_struct

    def calcsize(fmt):
        f = _host_format(fmt)
        return from_host(_calling_host(module_dict, lambda: host_struct.calcsize(f)))

    def pack(fmt, values):
        f = _host_format(fmt)
        args = [_host_value(v) for v in abstract.sequence_list_decref(incref(values))]
        return from_host(_calling_host(module_dict, lambda: host_struct.pack(f, *args)))

    def unpack(fmt, buffer, offset):
        f = _host_format(fmt)
        data = _buffer(buffer)
        if offset is NONE:
            return from_host(_calling_host(module_dict, lambda: host_struct.unpack(f, data)))
        n = index_value(offset)
        return from_host(_calling_host(module_dict,
                                       lambda: host_struct.unpack_from(f, data, n)))

    def pack_into(fmt, buffer, offset, values):
        from ..objects.bytesobject import PyByteArray
        f = _host_format(fmt)
        if not isinstance(buffer, PyByteArray):
            raise err("TypeError", "argument must be read-write bytes-like object, not %s"
                      % buffer.ob_type.tp_name)
        args = [_host_value(v) for v in abstract.sequence_list_decref(incref(values))]
        n = index_value(offset)
        _calling_host(module_dict, lambda: host_struct.pack_into(f, buffer.value, n, *args))
        return from_host(None)

    return {"_calcsize": (calcsize, K.O, 0, 0), "_pack": (pack, K.VARARGS, 2, 2),
            "_unpack": (unpack, K.VARARGS, 3, 3), "_pack_into": (pack_into, K.VARARGS, 4, 4)}


@native("_struct")
def _struct_module(vm):
    m = pylib_module(vm, "_struct")
    d = m.ob_dict
    for name, (fn, kind, lo, hi) in _natives(d).items():
        f = PyCFunction(name, fn, kind, None, lo, hi, module="_struct")
        dict_setitem_str(d, name, f)
        decref(f)
    if not vm.target.runtime("struct_type_in_module"):
        name = new_str("builtins")
        setattr_str(d.vals["Struct"], "__module__", name)
        decref(name)
    if vm.target.runtime("struct_repr"):
        setattr_str(d.vals["Struct"], "__repr__", d.vals["_repr"])
    return m
