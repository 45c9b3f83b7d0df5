"""The ``gc`` module: collect, thresholds, tracking queries and debug flags of the target."""

from __future__ import annotations

from ..builtins import native
from ._util import make_module as _module
from ..objects.core import STATE, BuiltinKind, decref, err, incref
from ..objects.scalars import NONE, from_host, index_value, new_bool, new_int

K = BuiltinKind

_GC_STATE = {"enabled": True}


def _gc_collect(generation=None):
    from ..memory.gc import collect
    if generation is not None and not 0 <= index_value(generation) <= 2:
        raise err("ValueError", "invalid generation")
    return new_int(collect(STATE.vm))


def _gc_referents(*objs):
    from ..memory.gc import traverse
    from ..objects.sequences import new_list
    return new_list([incref(r) for o in objs for r in traverse(o)])


def _gc_tracked(o) -> bool:
    from ..memory.gc import _tracked
    return _tracked(o) and o.ob_type.tp_name not in ("tuple", "dict") or \
        o.ob_type.tp_name in ("tuple", "dict") and any(
            _tracked(x) for x in __import__("minivm.memory.gc", fromlist=["traverse"]).traverse(o))


def _gc_finalized(o) -> bool:
    from ..objects.instances import FINALIZED
    return id(o) in FINALIZED


@native("gc")
def _gc(vm):
    funcs = {
        "collect": (_gc_collect, K.VARARGS, 0, 1),
        "get_referents": (_gc_referents, K.VARARGS, 0, 99),
        "is_tracked": (lambda o: new_bool(_gc_tracked(o)), K.O, 0, 0),
        "is_finalized": (lambda o: new_bool(_gc_finalized(o)), K.O, 0, 0),
        "get_count": (lambda: from_host((0, 0, 0)), K.NOARGS, 0, 0),
        "set_threshold": (lambda *a: incref(NONE), K.VARARGS, 1, 3),
        "get_debug": (lambda: new_int(0), K.NOARGS, 0, 0),
        "set_debug": (lambda flags: incref(NONE), K.O, 0, 0),
        "freeze": (lambda: incref(NONE), K.NOARGS, 0, 0),
        "unfreeze": (lambda: incref(NONE), K.NOARGS, 0, 0),
        "get_freeze_count": (lambda: new_int(0), K.NOARGS, 0, 0),
        "get_threshold": (lambda: from_host(tuple(vm.target.gc_threshold)), K.NOARGS, 0, 0),
        "isenabled": (lambda: new_bool(_GC_STATE["enabled"]), K.NOARGS, 0, 0),
        "enable": (lambda: (_GC_STATE.__setitem__("enabled", True), incref(NONE))[1],
                   K.NOARGS, 0, 0),
        "disable": (lambda: (_GC_STATE.__setitem__("enabled", False), incref(NONE))[1],
                    K.NOARGS, 0, 0),
    }
    from ..objects.sequences import new_list
    garbage, callbacks = new_list([]), new_list([])
    m = _module("gc", funcs, {"garbage": garbage, "callbacks": callbacks, "DEBUG_STATS": 1,
                              "DEBUG_COLLECTABLE": 2, "DEBUG_UNCOLLECTABLE": 4,
                              "DEBUG_SAVEALL": 32, "DEBUG_LEAK": 38})
    decref(garbage)
    decref(callbacks)
    return m
