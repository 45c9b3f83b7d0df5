"""The ``time`` module: the host's clocks, minivm's struct_time."""

from __future__ import annotations

from typing import Any, List

from ..objects import abstract
from ..objects.core import BuiltinKind, err, incref
from ..objects.scalars import (
    NONE, new_float, new_int, new_str,
)
from ..objects.sequences import new_tuple
from ..objects.typeobject import getset
from ..builtins import native
from ._util import _release, make_module
from .posix import _os_arg, _os_call

K = BuiltinKind


# -- time (deterministic enough: the clocks are real but programs rarely print them) -------

@native("time")
def _time_module(vm):
    import time as host_time
    # Each lambda binds its own host function as a default (noqa: B008 below).
    funcs = {name: ((lambda fn=getattr(host_time, name): new_float(fn())), K.NOARGS, 0, 0)  # noqa: B008
             for name in ("time", "monotonic", "perf_counter", "process_time")}
    for name in ("time_ns", "monotonic_ns", "perf_counter_ns"):
        funcs[name] = ((lambda fn=getattr(host_time, name): new_int(fn())), K.NOARGS, 0, 0)  # noqa: B008
    funcs["sleep"] = (lambda s: incref(NONE), K.O, 0, 0)
    st = _struct_time_def()

    def to_struct(value):
        return structseq_of(st, tuple(value)[:9])

    def from_struct(o):
        if o is None or o is NONE:
            return None
        return tuple(_os_arg(x) for x in abstract.sequence_list_decref(o))

    def convert(host_fn):
        def fn(*args):
            t = None if not args or args[0] is NONE else _os_arg(args[0])
            return to_struct(_os_call(host_fn, [t] if t is not None else [], None))
        return fn
    funcs["localtime"] = (convert(host_time.localtime), K.VARARGS, 0, 1)
    funcs["gmtime"] = (convert(host_time.gmtime), K.VARARGS, 0, 1)
    funcs["mktime"] = (lambda t: new_float(host_time.mktime(from_struct(t))), K.O, 0, 0)
    funcs["strftime"] = (lambda fmt, t=None: new_str(host_time.strftime(
        fmt.value, *([from_struct(t)] if t is not None else []))), K.VARARGS, 1, 2)
    funcs["asctime"] = (lambda t=None: new_str(host_time.asctime(
        *([from_struct(t)] if t is not None else []))), K.VARARGS, 0, 1)
    values = {"struct_time": st.type, "timezone": host_time.timezone,
              "altzone": host_time.altzone, "daylight": host_time.daylight,
              "tzname": tuple(host_time.tzname)}
    return make_module("time", funcs, values)


_STRUCT_TIME: List[Any] = []


def _struct_time_def():
    if not _STRUCT_TIME:
        from ..builtins.sysmodule import StructSeqDef
        st = StructSeqDef("time.struct_time", ("tm_year", "tm_mon", "tm_mday", "tm_hour",
                                                "tm_min", "tm_sec", "tm_wday", "tm_yday",
                                                "tm_isdst"), "time")
        getset(st.type, "tm_zone")(lambda o: incref(NONE))
        getset(st.type, "tm_gmtoff")(lambda o: incref(NONE))

        def new(tp, args, kwargs):
            if not args:
                raise err("TypeError", "time.struct_time() missing required argument "
                          "'sequence' (pos 1)")
            items = abstract.sequence_list(args[0])
            if len(items) < 9:
                _release(items)
                raise err("TypeError", "time.struct_time() takes an at least 9-sequence "
                          "(%d-sequence given)" % len(items))
            t = new_tuple(items[:9])
            _release(items[9:])
            t.ob_type = tp
            return t
        st.type.tp_new = new
        from ..objects.instances import add_new_entry
        add_new_entry(st.type)
        _STRUCT_TIME.append(st)
    return _STRUCT_TIME[0]


def structseq_of(definition, values):
    from ..builtins.sysmodule import structseq
    return structseq(definition, values)
