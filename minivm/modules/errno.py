"""The ``errno`` module: the error numbers and ``errorcode`` of the host's C library.

The numbers are the platform's (Linux), the same for every target; the set of names is
the host interpreter's, which is the target's own when the host runs the target version
(an older or newer host may offer a few names more or less)."""

from __future__ import annotations

from ..objects.core import decref
from ..objects.dictobject import dict_setitem, new_dict
from ..objects.scalars import new_int, new_str
from ..builtins import native
from ._util import make_module


@native("errno")
def _errno_module(vm):
    import errno as host_errno
    values = {name: code for name, code in vars(host_errno).items()
              if name.startswith("E") and isinstance(code, int)}
    codes = new_dict()
    for code, name in sorted(host_errno.errorcode.items()):
        key, value = new_int(code), new_str(name)
        dict_setitem(codes, key, value)
        decref(key)
        decref(value)
    values["errorcode"] = codes
    m = make_module("errno", {}, values)
    decref(codes)
    return m
