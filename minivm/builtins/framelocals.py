"""FrameLocalsProxy (3.13, PEP 667): a function frame's variables as a mapping."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyObject, decref, err, incref
from ..objects.scalars import (
    NONE, PyStr,
)
from ..objects.typeobject import make_type, method


K = BuiltinKind

class PyFrameLocals(PyObject):
    __slots__ = ("frame",)


def _flp_dealloc(p):
    f, p.frame = p.frame, None
    if f is not None:
        decref(f)


frame_locals_proxy_type = make_type("FrameLocalsProxy", layout=PyFrameLocals, basetype=False,
                                    dealloc=_flp_dealloc)


def new_frame_locals_proxy(f):
    p = PyFrameLocals.__new__(PyFrameLocals)
    p.ob_refcnt = 1
    p.ob_type = frame_locals_proxy_type
    p.frame = incref(f)
    return p


def _flp_snapshot(p):
    from ..vm.frame import frame_locals_dict
    return frame_locals_dict(p.frame)


def _flp_delegate(name, nargs_kind=K.NOARGS):
    def fn(p, *args):
        d = _flp_snapshot(p)
        try:
            return abstract.vectorcall_method(name, d, list(args))
        finally:
            decref(d)
    return fn


for _name in ("keys", "values", "items", "copy", "__iter__", "__len__", "__repr__"):
    method(frame_locals_proxy_type, _name, K.NOARGS)(_flp_delegate(_name))
for _name in ("__getitem__", "__contains__", "__eq__"):
    method(frame_locals_proxy_type, _name)(_flp_delegate(_name))
method(frame_locals_proxy_type, "get", K.VARARGS, 1, 2)(_flp_delegate("get"))


@method(frame_locals_proxy_type, "__setitem__", K.VARARGS, 2, 2)
def _flp_setitem(p, key, value):
    f = p.frame
    if isinstance(key, PyStr) and key.value in f.code.localsplusnames:
        i = f.code.localsplusnames.index(key.value)
        old = f.fast[i]
        if old is not None and f.code.kinds[i] & 0xc0 and old.ob_type is R.types["cell"]:
            prev, old.ref = old.ref, incref(value)
            if prev is not None:
                decref(prev)
        else:
            f.fast[i] = incref(value)
            if old is not None:
                decref(old)
        return incref(NONE)
    raise err("KeyError", "cannot add new variables to a function's locals in minivm")
