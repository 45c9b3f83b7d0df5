"""The ``gc`` module of the target: collect, switch, thresholds, counts, statistics,
tracking and referent queries, freezing, debug flags, ``garbage`` and ``callbacks``.

The state lives in the interpreter's :class:`minivm.memory.gc.GCState`; this module
only checks arguments the way each version's gcmodule.c does and converts values.
"""

from __future__ import annotations

from ..builtins import native
from ..memory import gc as collector
from ._util import make_module as _module
from ..objects.core import STATE, BuiltinKind, err, incref
from ..objects.scalars import NONE, from_host, index_value, new_bool, new_int
from ..objects.sequences import new_list

K = BuiltinKind


def _state():
    return collector.gc_state(STATE.vm)


def _gc_collect(generation=None):
    g = 2 if generation is None else index_value(generation)
    if not 0 <= g < collector.NUM_GENERATIONS:
        raise err("ValueError", "invalid generation")
    return new_int(collector.collect(STATE.vm, g))


def _gc_get_objects(generation=None):
    g = -1 if generation is None or generation is NONE else index_value(generation)
    if g >= collector.NUM_GENERATIONS:
        raise err("ValueError", "generation parameter must be less than the number of "
                  "available generations (%d)" % collector.NUM_GENERATIONS)
    if g < -1:
        raise err("ValueError", "generation parameter cannot be negative")
    objs = collector.tracked_objects(STATE.vm, None if g == -1 else g)
    return new_list([incref(o) for o in objs])


def _gc_referents(*objs):
    return new_list([incref(r) for o in objs for r in collector.get_referents(o)])


def _gc_referrers(*objs):
    return new_list([incref(r) for r in collector.get_referrers(STATE.vm, list(objs))])


def _gc_finalized(o) -> bool:
    from ..objects.instances import FINALIZED
    return FINALIZED.get(id(o)) is o


def _gc_set_threshold(*args):
    if not 1 <= len(args) <= 3:
        if STATE.target.runtime("gc_set_threshold_arity_313"):
            raise err("TypeError", "gc.set_threshold requires 1 to 3 arguments")
        if not args:
            raise err("TypeError", "set_threshold() takes at least 1 argument (0 given)")
        raise err("TypeError", "set_threshold() takes at most 3 arguments (%d given)"
                  % len(args))
    values = [index_value(a) for a in args]
    _state().threshold[:len(values)] = values
    collector.rearm(STATE.vm)
    return incref(NONE)


def _gc_get_count():
    st = _state()
    return from_host((collector.young_count(STATE.vm), st.count[1], st.count[2]))


def _gc_get_stats():
    # a snapshot first, as gc_get_stats_impl takes one: making the list and the dicts
    # can start a collection, which must not show in the result
    snapshot = [list(stats) for stats in _state().stats]
    result = new_list([])
    for stats in snapshot:
        d = collector.int_dict(zip(("collections", "collected", "uncollectable"), stats))
        result.items.append(d)
    return result


def _gc_set_debug(flags):
    _state().debug = index_value(flags)
    return incref(NONE)


def _switch(on: bool):
    def fn():
        _state().enabled = on
        collector.rearm(STATE.vm)
        return incref(NONE)
    return fn


def _gc_freeze():
    collector.freeze(STATE.vm)
    return incref(NONE)


def _gc_unfreeze():
    collector.unfreeze(STATE.vm)
    return incref(NONE)


@native("gc")
def _gc(vm):
    funcs = {
        "collect": (_gc_collect, K.VARARGS, 0, 1),
        "get_objects": (_gc_get_objects, K.VARARGS, 0, 1),
        "get_referents": (_gc_referents, K.VARARGS, 0, 1 << 30),
        "get_referrers": (_gc_referrers, K.VARARGS, 0, 1 << 30),
        "is_tracked": (lambda o: new_bool(collector.is_tracked(o, _state())), K.O, 0, 0),
        "get_count": (_gc_get_count, K.NOARGS, 0, 0),
        "get_stats": (_gc_get_stats, K.NOARGS, 0, 0),
        "set_threshold": (_gc_set_threshold, K.VARARGS, 0, 1 << 30),
        "get_threshold": (lambda: from_host(tuple(_state().threshold)), K.NOARGS, 0, 0),
        "get_debug": (lambda: new_int(_state().debug), K.NOARGS, 0, 0),
        "set_debug": (_gc_set_debug, K.O, 0, 0),
        "freeze": (_gc_freeze, K.NOARGS, 0, 0),
        "unfreeze": (_gc_unfreeze, K.NOARGS, 0, 0),
        "get_freeze_count": (lambda: new_int(len(collector.tracked_objects(vm, -1))),
                             K.NOARGS, 0, 0),
        "isenabled": (lambda: new_bool(_state().enabled), K.NOARGS, 0, 0),
        "enable": (_switch(True), K.NOARGS, 0, 0),
        "disable": (_switch(False), K.NOARGS, 0, 0),
    }
    if vm.target.runtime("gc_is_finalized"):
        funcs["is_finalized"] = (lambda o: new_bool(_gc_finalized(o)), K.O, 0, 0)
    st = collector.gc_state(vm)
    st.garbage, st.callbacks = new_list([]), new_list([])
    m = _module("gc", funcs, {
        "garbage": st.garbage, "callbacks": st.callbacks,
        "DEBUG_STATS": collector.DEBUG_STATS, "DEBUG_COLLECTABLE": collector.DEBUG_COLLECTABLE,
        "DEBUG_UNCOLLECTABLE": collector.DEBUG_UNCOLLECTABLE,
        "DEBUG_SAVEALL": collector.DEBUG_SAVEALL, "DEBUG_LEAK": collector.DEBUG_LEAK})
    # The state keeps its own references to the two lists, as gcmodule.c does.
    return m
