"""The ``_thread`` module."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyObject, err, incref
from ..objects.scalars import (
    FALSE, NONE, TRUE, new_bool,
    new_int,
)
from ..objects.typeobject import make_type, method
from ..builtins import native
from ._util import make_module

K = BuiltinKind


# -- _thread: one thread, locks that never block ------------------------------------------

class PyLock(PyObject):
    __slots__ = ("locked", "owner_count", "ob_weak")


def _lock_type(name: str, reentrant: bool):
    tp = make_type(name, layout=PyLock, module="_thread",
                   dealloc=lambda o: None)
    tp.tp_hasweak = True

    def new(tp_, args, kwargs):
        o = PyLock.__new__(PyLock)
        o.ob_refcnt = 1
        o.ob_type = tp_
        o.locked = False
        o.owner_count = 0
        o.ob_weak = None
        return o
    tp.tp_new = new

    def acquire(self, args, kwargs):
        blocking = abstract.is_true(args[0]) if args else \
            abstract.is_true((kwargs or {}).get("blocking", TRUE))
        if self.locked and not reentrant:
            if blocking:
                raise err("RuntimeError", "minivm runs one thread: this acquire would "
                          "block forever")
            return incref(FALSE)
        self.locked = True
        self.owner_count += 1
        return incref(TRUE)

    def release(self):
        if not self.locked:
            raise err("RuntimeError", "cannot release un-acquired lock" if reentrant
                      else "release unlocked lock")
        self.owner_count -= 1
        if self.owner_count == 0:
            self.locked = False
        return incref(NONE)
    method(tp, "acquire", K.KEYWORDS)(acquire)
    method(tp, "__enter__", K.KEYWORDS)(acquire)
    method(tp, "release", K.NOARGS)(release)
    method(tp, "__exit__", K.VARARGS, 0, 3)(lambda self, *a: release(self))
    method(tp, "locked", K.NOARGS)(lambda self: new_bool(self.locked))
    if reentrant:
        method(tp, "_is_owned", K.NOARGS)(lambda self: new_bool(self.locked))
    return tp


lock_type = _lock_type("_thread.lock", False)
rlock_type = _lock_type("_thread.RLock", True)


@native("_thread")
def _thread_module(vm):
    funcs = {
        "get_ident": (lambda: new_int(1), K.NOARGS, 0, 0),
        "get_native_id": (lambda: new_int(1), K.NOARGS, 0, 0),
        "allocate_lock": (lambda: lock_type.tp_new(lock_type, [], None), K.NOARGS, 0, 0),
        "_count": (lambda: new_int(0), K.NOARGS, 0, 0),
    }
    values = {"LockType": lock_type, "RLock": rlock_type, "TIMEOUT_MAX": 9223372036.0,
              "error": R.exc["RuntimeError"]}
    return make_module("_thread", funcs, values)
