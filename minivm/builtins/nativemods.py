"""Native modules: ``gc``, ``math``, ``weakref`` (and ``_weakref``)."""

from __future__ import annotations

import math

from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyErr, decref, err, incref
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import (
    FALSE, NONE, TRUE, PyFloat, PyLong, from_host, host_call, index_value, new_bool,
    new_float, new_int, to_host,
)
from ..objects.typeobject import PyCFunction
from . import native

K = BuiltinKind


def _module(name, funcs, values=None):
    from ..objects.moduleobject import new_module
    m = new_module(name)
    d = m.ob_dict
    for fname, (fn, kind, lo, hi) in funcs.items():
        f = PyCFunction(fname, fn, kind, None, lo, hi, module=name)
        dict_setitem_str(d, fname, f)
        decref(f)
    for vname, value in (values or {}).items():
        o = value if hasattr(value, "ob_refcnt") else from_host(value)
        dict_setitem_str(d, vname, o)
        if not hasattr(value, "ob_refcnt"):
            decref(o)
    return m


# -- gc ---------------------------------------------------------------------------------

_GC_STATE = {"enabled": True}


def _gc_collect(generation=None):
    from ..memory.gc import collect
    return new_int(collect(STATE.vm))


@native("gc")
def _gc(vm):
    funcs = {
        "collect": (_gc_collect, K.VARARGS, 0, 1),
        "get_threshold": (lambda: from_host(tuple(vm.target.gc_threshold)), K.NOARGS, 0, 0),
        "isenabled": (lambda: new_bool(_GC_STATE["enabled"]), K.NOARGS, 0, 0),
        "enable": (lambda: (_GC_STATE.__setitem__("enabled", True), incref(NONE))[1],
                   K.NOARGS, 0, 0),
        "disable": (lambda: (_GC_STATE.__setitem__("enabled", False), incref(NONE))[1],
                    K.NOARGS, 0, 0),
    }
    return _module("gc", funcs)


# -- math -------------------------------------------------------------------------------

def _real(o) -> float:
    if isinstance(o, PyFloat):
        return o.value
    if isinstance(o, PyLong):
        return o.value
    r = abstract.lookup_special_call(o, "__float__", [])
    if r is None:
        raise err("TypeError", "must be real number, not %s" % o.ob_type.tp_name)
    v = r.value
    decref(r)
    return v


def _float_fn(fn, nargs):
    def wrapped(*args):
        return from_host(host_call(fn, *[_real(a) for a in args]))
    return (wrapped, K.VARARGS, nargs, nargs)


def _int_fn(fn, lo, hi):
    def wrapped(*args):
        return from_host(host_call(fn, *[index_value(a) for a in args]))
    return (wrapped, K.VARARGS, lo, hi)


def _rounding(name):
    def wrapped(x):
        if isinstance(x, (PyFloat, PyLong)):
            return from_host(host_call(getattr(math, name), x.value))
        r = abstract.lookup_special_call(x, "__%s__" % name, [])
        if r is None:
            return from_host(host_call(getattr(math, name), _real(x)))
        return r
    return (wrapped, K.O, 0, 0)


def _fsum(iterable):
    return new_float(host_call(math.fsum, [_real(x) for x in abstract.sequence_list_decref(
        iterable)]))


def _prod(args, kwargs):
    start = (kwargs or {}).get("start")
    total = incref(start) if start is not None else new_int(1)
    for x in abstract.iterate(args[0]):
        nxt = abstract.binary_op(total, x, "*")
        decref(x)
        decref(total)
        total = nxt
    return total


def _isclose(args, kwargs):
    kw = {k: _real(v) for k, v in (kwargs or {}).items()}
    return new_bool(host_call(lambda: math.isclose(_real(args[0]), _real(args[1]), **kw)))


@native("math")
def _math(vm):
    funcs = {}
    for name in ("sqrt", "exp", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
                 "tanh", "fabs", "log2", "log10", "degrees", "radians", "expm1", "log1p",
                 "erf", "erfc", "gamma", "lgamma"):
        funcs[name] = _float_fn(getattr(math, name), 1)
    for name in ("atan2", "pow", "fmod", "copysign", "remainder", "ldexp"):
        funcs[name] = _float_fn(getattr(math, name), 2)
    funcs["hypot"] = (lambda *a: new_float(host_call(math.hypot, *[_real(x) for x in a])),
                      K.VARARGS, 0, 99)
    funcs["log"] = (lambda *a: new_float(host_call(math.log, *[_real(x) for x in a])),
                    K.VARARGS, 1, 2)
    for name in ("isnan", "isinf", "isfinite"):
        funcs[name] = _float_fn(getattr(math, name), 1)
    funcs["factorial"] = _int_fn(math.factorial, 1, 1)
    funcs["gcd"] = _int_fn(math.gcd, 0, 99)
    funcs["lcm"] = _int_fn(math.lcm, 0, 99)
    funcs["isqrt"] = _int_fn(math.isqrt, 1, 1)
    funcs["comb"] = _int_fn(math.comb, 2, 2)
    funcs["perm"] = _int_fn(math.perm, 1, 2)
    for name in ("floor", "ceil", "trunc"):
        funcs[name] = _rounding(name)
    funcs["fsum"] = (_fsum, K.O, 0, 0)
    funcs["prod"] = (_prod, K.KEYWORDS, 0, 0)
    funcs["isclose"] = (_isclose, K.KEYWORDS, 0, 0)
    values = {"pi": math.pi, "e": math.e, "tau": math.tau, "inf": math.inf, "nan": math.nan}
    return _module("math", funcs, values)


# -- weakref -----------------------------------------------------------------------------

@native("weakref")
def _weakref(vm):
    from ..objects import weakrefs
    funcs = {
        "getweakrefcount": (lambda o: new_int(weakrefs.getweakrefcount(o)), K.O, 0, 0),
        "proxy": (lambda o, cb=None: weakrefs.new_weakref(
            weakrefs.proxy_type, o, None if cb is None or cb is NONE else cb),
            K.VARARGS, 1, 2),
    }
    values = {"ref": weakrefs.ref_type, "ReferenceType": weakrefs.ref_type,
              "ProxyType": weakrefs.proxy_type}
    return _module("weakref", funcs, values)


NATIVE = None
