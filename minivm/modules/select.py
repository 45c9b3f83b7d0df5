"""The ``select`` module: ``select.select`` by the host's on file descriptors (ints or
objects with ``fileno()``), the poll constants, ``error`` (OSError).  ``poll`` and
``epoll`` are left out, so selectors uses SelectSelector."""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import R, BuiltinKind, decref, err, incref
from ..objects.scalars import NONE, PyFloat, PyLong, index_value
from ..objects.sequences import new_list, new_tuple
from ..builtins import native
from ._util import make_module

K = BuiltinKind


def _fds(seq):
    """Host fds of the objects of ``seq`` (kept in the same order as the objects)."""
    objs = abstract.sequence_list(seq)
    fds = []
    for o in objs:
        if isinstance(o, PyLong):
            fds.append(index_value(o))
            continue
        fileno = abstract.call_method(o, "fileno", [])
        try:
            if not isinstance(fileno, PyLong):
                raise err("TypeError", "fileno() returned a non-integer")
            fds.append(index_value(fileno))
        finally:
            decref(fileno)
    for fd in fds:
        if fd < 0:
            raise err("ValueError", "file descriptor cannot be a negative integer (%d)" % fd)
    return objs, fds


def _select(*args):
    import select as host_select
    timeout = None
    if len(args) == 4 and args[3] is not NONE:
        t = args[3]
        if not isinstance(t, (PyLong, PyFloat)):
            raise err("TypeError", "timeout must be a float or None")
        timeout = t.value
        if timeout < 0:
            raise err("ValueError", "timeout must be non-negative")
    groups = [_fds(a) for a in args[:3]]
    try:
        ready = host_select.select(groups[0][1], groups[1][1], groups[2][1], timeout)
    except OSError as e:
        from .posix import oserror_from_host
        raise oserror_from_host(e) from None
    result = []
    for (objs, fds), got in zip(groups, ready):
        result.append(new_list([incref(o) for o, fd in zip(objs, fds) if fd in got]))
    for objs, _ in groups:
        for o in objs:
            decref(o)
    return new_tuple(result)


@native("select")
def _select_module(vm):
    import select as host_select
    values = {name: getattr(host_select, name) for name in dir(host_select)
              if name.isupper() and isinstance(getattr(host_select, name), int)
              and name.startswith(("POLL", "PIPE_BUF"))}
    values["error"] = R.exc["OSError"]
    return make_module("select", {"select": (_select, K.VARARGS, 3, 4)}, values)
