"""The ``marshal`` module: minivm's own reader and writer."""

from __future__ import annotations


from ..objects.core import R, STATE, BuiltinKind, PyErr, decref, err
from ..objects.scalars import (
    from_host,
)
from ..objects.sequences import new_tuple
from ..builtins import native
from ._util import make_module
from .posix import _os_arg

K = BuiltinKind


# -- marshal (minivm's own reader and writer) ------------------------------------------------

def _marshal_loads(data):
    from ..pyc import PycError
    from ..pyc.marshal import loads
    from ..objects.bytesobject import buffer_bytes
    try:
        value = loads(buffer_bytes(data), STATE.target, ordered_frozensets=True)
    except PycError as e:
        raise err("ValueError", "bad marshal data (%s)" % e) from None
    return _marshal_value(value)


def _marshal_value(value):
    from ..compiler.code import Code
    if isinstance(value, Code):
        return STATE.vm.new_code_object(value)
    if isinstance(value, frozenset):
        from ..objects.mappings import frozenset_type, new_set, set_add
        s = new_set(frozenset_type)
        for x in value:
            o = _marshal_value(x)
            set_add(s, o)
            decref(o)
        return s
    if isinstance(value, tuple):
        return new_tuple([_marshal_value(x) for x in value])
    return from_host(value)


def _marshal_dumps(value, version=None):
    from ..pyc.marshal import dumps
    from ..objects.scalars import new_bytes
    try:
        host = _os_arg(value) if value.ob_type is not R.types["code"] else value.info.co
    except PyErr as e:
        decref(e.exc)
        raise err("ValueError", "unmarshallable object") from None
    return new_bytes(dumps(host, STATE.target))


@native("marshal")
def _marshal_module(vm):
    funcs = {"loads": (_marshal_loads, K.O, 0, 0),
             "dumps": (_marshal_dumps, K.VARARGS, 1, 2)}
    return make_module("marshal", funcs, {"version": 4})
