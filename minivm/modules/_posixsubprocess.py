"""The ``_posixsubprocess`` module: minivm starts no processes, so ``fork_exec`` raises
OSError(ENOSYS); the module is there so that subprocess (and asyncio) import."""

from __future__ import annotations

import errno

from ..objects.core import BuiltinKind, PyErr, new_exception
from ..objects.scalars import new_int, new_str
from ..builtins import native
from ._util import make_module

K = BuiltinKind


def _fork_exec(*args):
    code, text = new_int(errno.ENOSYS), new_str("minivm cannot start processes")
    raise PyErr(new_exception("OSError", None, code, text))


@native("_posixsubprocess")
def _posixsubprocess_module(vm):
    return make_module("_posixsubprocess", {"fork_exec": (_fork_exec, K.VARARGS, 0, 99)})
