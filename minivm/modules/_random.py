"""The ``_random`` module: the Mersenne Twister (the host's generator: the same algorithm)."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyObject, err, incref
from ..objects.scalars import (
    NONE, PyLong, from_host, index_value, new_float, new_int,
)
from ..objects.typeobject import make_type, method
from ..builtins import native
from ._util import make_module
from .posix import _os_arg

K = BuiltinKind


# -- _random: the Mersenne Twister (the host's generator: the same algorithm) ---------------

class PyRandom(PyObject):
    __slots__ = ("host", "ob_dict", "ob_weak", "ob_slots")


def _random_new(tp, args, kwargs):
    import _random as host_random
    from ..objects.instances import alloc_instance
    o = alloc_instance(tp) if tp.tp_heap else PyRandom.__new__(PyRandom)
    if not tp.tp_heap:
        o.ob_refcnt = 1
        o.ob_type = tp
        o.ob_dict = o.ob_weak = o.ob_slots = None
    o.host = host_random.Random()
    if args and tp is random_type:
        _random_seed(o, args[0])
    return o


random_type = make_type("_random.Random", layout=PyRandom, module="_random")
random_type.tp_new = _random_new


@method(random_type, "seed", K.VARARGS, 0, 1)
def _random_seed(r, n=None):
    if n is None or n is NONE:
        r.host.seed(None)
    elif isinstance(n, PyLong):
        r.host.seed(abs(int(n.value)))
    else:
        h = abstract.hash_of(n)
        r.host.seed(abs(h))
    return incref(NONE)


method(random_type, "random", K.NOARGS)(lambda r: new_float(r.host.random()))


@method(random_type, "getrandbits")
def _random_getrandbits(r, k):
    n = index_value(k)
    if n < 0:
        raise err("ValueError", "number of bits must be non-negative")
    return new_int(r.host.getrandbits(n))


method(random_type, "getstate", K.NOARGS)(lambda r: from_host(r.host.getstate()))


@method(random_type, "setstate")
def _random_setstate(r, state):
    from ..objects.scalars import host_call
    host_call(r.host.setstate, _os_arg(state) if state.ob_type is not R.types["tuple"]
              else tuple(_os_arg(x) if x.ob_type is not R.types["tuple"]
                         else tuple(_os_arg(y) for y in x.items) for x in state.items))
    return incref(NONE)


@native("_random")
def _random_module(vm):
    return make_module("_random", {}, {"Random": random_type})
