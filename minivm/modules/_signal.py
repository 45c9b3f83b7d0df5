"""The ``_signal`` module: handlers are recorded (a minivm program receives no signals)."""

from __future__ import annotations

from typing import Any, Dict

from ..objects import abstract
from ..objects.core import BuiltinKind, PyErr, decref, err, incref, \
    new_exception
from ..objects.scalars import (
    NONE, PyLong, from_host, index_value, new_int,
)
from ..objects.typeobject import PyCFunction
from ..builtins import native
from ._util import make_module

K = BuiltinKind


# -- _signal: handlers are recorded (a minivm program receives no signals) ------------------

def _default_int_handler(*args):
    raise PyErr(new_exception("KeyboardInterrupt", None))


@native("_signal")
def _signal_module(vm):
    import signal as host_signal
    handlers: Dict[int, Any] = {}
    default_int = PyCFunction("default_int_handler", _default_int_handler, K.VARARGS, None,
                              0, 2, module="_signal")

    def getsignal(signum):
        n = index_value(signum)
        h = handlers.get(n)
        if h is not None:
            return incref(h)
        if n == host_signal.SIGINT:
            return incref(default_int)
        return new_int(0 if n not in (host_signal.SIGPIPE,) else 1)

    def signal(signum, handler):
        n = index_value(signum)
        if not (isinstance(handler, PyLong) or abstract.callable_check(handler)):
            raise err("TypeError", "signal handler must be signal.SIG_IGN, signal.SIG_DFL, "
                      "or a callable object")
        old = getsignal(signum)
        prev = handlers.get(n)
        handlers[n] = incref(handler)
        if prev is not None:
            decref(prev)
        return old
    funcs = {
        "signal": (signal, K.VARARGS, 2, 2),
        "getsignal": (getsignal, K.O, 0, 0),
        "alarm": (lambda n: new_int(0), K.O, 0, 0),
        "set_wakeup_fd": (lambda *a, **k: new_int(-1), K.VARARGS, 1, 2),
        "strsignal": (lambda n: from_host(host_signal.strsignal(index_value(n))), K.O, 0, 0),
        "valid_signals": (lambda: from_host(sorted(int(s) for s in
                                                    host_signal.valid_signals())),
                          K.NOARGS, 0, 0),
        "siginterrupt": (lambda n, flag: incref(NONE), K.VARARGS, 2, 2),
    }
    values = {name: int(getattr(host_signal, name)) for name in dir(host_signal)
              if name.isupper() and (name.startswith("SIG") or name == "NSIG") and
              isinstance(getattr(host_signal, name), int)}
    values["default_int_handler"] = default_int
    m = make_module("_signal", funcs, values)
    decref(default_int)
    return m
