"""The ``math`` module: the host's libm functions with the target's argument handling;
functions newer than the target are left out (``RUNTIME_SINCE`` gates)."""

from __future__ import annotations

import math

from ..objects import abstract
from ..objects.core import BuiltinKind, decref, err, incref
from ..objects.typeobject import unexpected_keyword
from ..objects.scalars import (
    PyFloat, PyLong, from_host, host_call, index_value, new_bool,
    new_float, new_int,
)
from ..builtins import native
from ._util import make_module as _module

K = BuiltinKind




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
    """``math.prod(iterable, /, *, start=1)``."""
    if len(args) != 1:
        raise err("TypeError", "prod() takes exactly 1 positional argument (%d given)"
                  % len(args))
    for name in kwargs or {}:
        if name != "start":
            raise unexpected_keyword("prod", name)
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


# Functions the target has and an older host may lack, written without the host's
# own (math.lcm is 3.9+, cbrt and exp2 3.11+, fma 3.13+), so results do not depend
# on the host.

def _gcd(*args: int) -> int:
    result = 0
    for a in args:
        result = math.gcd(result, a)
    return result


def _lcm(*args: int) -> int:
    result = 1
    for a in args:
        if a == 0 or result == 0:
            result = 0
            continue
        result = abs(result * a) // math.gcd(result, a)
    return result


def _exact(*values: float) -> bool:
    return all(math.isfinite(v) for v in values)


def _fma(x: float, y: float, z: float) -> float:
    """x * y + z rounded once (C99 fma)."""
    if not _exact(x, y, z):
        return x * y + z
    from fractions import Fraction
    return float(Fraction(x) * Fraction(y) + Fraction(z))


def _cbrt(x: float) -> float:
    if not _exact(x) or x == 0.0:
        return x
    r = math.copysign(abs(x) ** (1.0 / 3.0), x)
    # One Newton step in exact arithmetic corrects the last bit of the power.
    from fractions import Fraction
    fr = Fraction(r)
    return float(fr - (fr ** 3 - Fraction(x)) / (3 * fr * fr))


def _ulp(x: float) -> float:
    x = abs(x)
    if not _exact(x):
        return x
    nxt = _nextafter(x, math.inf)
    if math.isinf(nxt):
        return x - _nextafter(x, -math.inf)
    return nxt - x


def _nextafter(x: float, y: float) -> float:
    import struct
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if x == y:
        return y
    if x == 0.0:
        return math.copysign(5e-324, y)
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    bits += 1 if (y > x) == (x > 0) else -1
    return struct.unpack("<d", struct.pack("<q", bits))[0]


def _fits_float(v) -> bool:
    """Whether int or float ``v`` converts to a float without OverflowError."""
    try:
        float(v)
    except OverflowError:
        return False
    return True


def _sumprod(p, q):
    """``math.sumprod``: exact for ints, one rounding for floats."""
    from fractions import Fraction
    ps = abstract.sequence_list(p)
    qs = abstract.sequence_list(q)
    try:
        if len(ps) != len(qs):
            raise err("ValueError", "Inputs are not the same length")
        if all(isinstance(x, PyLong) for x in ps + qs):
            return new_int(sum(a.value * b.value for a, b in zip(ps, qs)))
        if all(isinstance(x, (PyLong, PyFloat)) for x in ps + qs):
            values = [(a.value, b.value) for a, b in zip(ps, qs)]
            # an int too large for a float leaves the float path, as in CPython: the
            # generic products below raise the OverflowError
            if all(_fits_float(a) and _fits_float(b) for a, b in values) and \
                    all(_exact(a, b) for a, b in values):
                return new_float(float(sum(Fraction(a) * Fraction(b) for a, b in values)))
        total = new_int(0)
        for a, b in zip(ps, qs):
            prod = abstract.binary_op(a, b, "*")
            nxt = abstract.binary_op(total, prod, "+")
            decref(prod)
            decref(total)
            total = nxt
        return total
    finally:
        for x in ps + qs:
            decref(x)


def _libm(name: str, nargs: int, fallback):
    """The C library's ``name`` (what CPython's math calls; glibc's cbrt is not
    correctly rounded, so only the same function gives the same bits), else
    ``fallback``."""
    try:
        import ctypes
        import ctypes.util
        lib = ctypes.CDLL(ctypes.util.find_library("m") or None)
        fn = getattr(lib, name)
    except (ImportError, OSError, AttributeError):
        return fallback
    fn.restype = ctypes.c_double
    fn.argtypes = [ctypes.c_double] * nargs

    def checked(*args: float) -> float:
        # CPython's math_1/math_2 turn C's silent inf and nan into errors.
        r = fn(*args)
        if math.isinf(r) and all(math.isfinite(a) for a in args):
            raise OverflowError("math range error")
        if math.isnan(r) and not any(math.isnan(a) for a in args):
            raise ValueError("math domain error")
        return r
    return checked


_PORTABLE_FLOAT = {
    "cbrt": (_libm("cbrt", 1, _cbrt), 1), "exp2": (_libm("exp2", 1, lambda x: 2.0 ** x), 1),
    "ulp": (_ulp, 1), "nextafter": (_nextafter, 2), "fma": (_libm("fma", 3, _fma), 3),
}

#: Functions newer than some target: the runtime behaviour naming each (versions.py).
#: cbrt, exp2 (3.11) and sumprod (3.12) are in every target the VM runs.
_MATH_SINCE = {"fma": "math_fma"}


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
    funcs["gcd"] = _int_fn(_gcd, 0, 99)
    funcs["lcm"] = _int_fn(_lcm, 0, 99)
    for name, (fn, nargs) in _PORTABLE_FLOAT.items():
        if name not in _MATH_SINCE or vm.target.runtime(_MATH_SINCE[name]):
            funcs[name] = _float_fn(fn, nargs)
    funcs["sumprod"] = (_sumprod, K.VARARGS, 2, 2)
    funcs["isqrt"] = _int_fn(math.isqrt, 1, 1)
    funcs["dist"] = (lambda p, q: new_float(host_call(
        math.dist, [_real(x) for x in abstract.sequence_list_decref(p)],
        [_real(x) for x in abstract.sequence_list_decref(q)])), K.VARARGS, 2, 2)
    funcs["comb"] = _int_fn(math.comb, 2, 2)
    funcs["perm"] = _int_fn(math.perm, 1, 2)
    for name in ("floor", "ceil", "trunc"):
        funcs[name] = _rounding(name)
    funcs["fsum"] = (_fsum, K.O, 0, 0)
    funcs["prod"] = (_prod, K.KEYWORDS, 0, 0)
    funcs["isclose"] = (_isclose, K.KEYWORDS, 0, 0)
    values = {"pi": math.pi, "e": math.e, "tau": math.tau, "inf": math.inf, "nan": math.nan}
    return _module("math", funcs, values)


NATIVE = None
