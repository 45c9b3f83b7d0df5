"""The ``atexit`` module: callbacks run at shutdown, last registered first."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyErr, decref, err, incref, \
    is_subtype
from ..objects.scalars import (
    NONE, new_int,
)
from ..builtins import native
from ._util import _release, make_module

K = BuiltinKind


# -- atexit: callbacks run at shutdown, last registered first --------------------------------

def _atexit_register(args, kwargs):
    if not args:
        raise err("TypeError", "register() takes at least 1 argument (0 given)")
    func = args[0]
    if not abstract.callable_check(func):
        raise err("TypeError", "the first argument must be callable")
    entry = (incref(func), [incref(a) for a in args[1:]],
             {k: incref(v) for k, v in (kwargs or {}).items()})
    STATE.vm.atexit_callbacks.append(entry)
    return incref(func)


def _atexit_unregister(func):
    keep = []
    for entry in STATE.vm.atexit_callbacks:
        if entry[0] is func or abstract.rich_compare_bool(entry[0], func, 2):
            _release_entry(entry)
        else:
            keep.append(entry)
    STATE.vm.atexit_callbacks[:] = keep
    return incref(NONE)


def _release_entry(entry):
    func, args, kwargs = entry
    decref(func)
    _release(args)
    _release(list(kwargs.values()))


def run_atexit(vm) -> None:
    """``atexit._run_exitfuncs``: each callback once, newest first; an exception is
    reported as unraisable and the rest still run."""
    while vm.atexit_callbacks:
        entry = vm.atexit_callbacks.pop()
        func, args, kwargs = entry
        try:
            decref(abstract.call(func, args, kwargs or None))
        except PyErr as e:
            if not vm.target.runtime("atexit_unraisable"):
                _atexit_error(vm, e.exc)
            elif vm.target.runtime("atexit_message_colon_after"):
                vm.write_unraisable(e.exc, "Exception ignored in atexit callback %s:"
                                    % abstract.repr_text(func), None)
            else:
                vm.write_unraisable(e.exc, "Exception ignored in atexit callback", func)
        finally:
            _release_entry(entry)


def _atexit_error(vm, exc) -> None:
    """3.8 and 3.9's ``atexit_callfuncs``: a SystemExit is dropped, anything else
    printed after a line of its own (``PyErr_Display``)."""
    try:
        if not is_subtype(exc.ob_type, R.exc["SystemExit"]):
            from ..vm.traceback import format_exception
            vm.write_stderr("Error in atexit._run_exitfuncs:\n" + format_exception(vm, exc))
    finally:
        decref(exc)


def _atexit_clear():
    while STATE.vm.atexit_callbacks:
        _release_entry(STATE.vm.atexit_callbacks.pop())
    return incref(NONE)


@native("atexit")
def _atexit_module(vm):
    funcs = {"register": (_atexit_register, K.KEYWORDS, 0, 0),
             "unregister": (_atexit_unregister, K.O, 0, 0),
             "_run_exitfuncs": (lambda: (run_atexit(STATE.vm), incref(NONE))[1],
                                K.NOARGS, 0, 0),
             "_clear": (_atexit_clear, K.NOARGS, 0, 0),
             "_ncallbacks": (lambda: new_int(len(STATE.vm.atexit_callbacks)),
                             K.NOARGS, 0, 0)}
    return make_module("atexit", funcs)
