"""The ``_socket`` module: minivm/modules/pylib/_socket.py run by minivm, with the host's
integer constants (AF_*, SOCK_*, MSG_*, AI_*, SOL_*, IPPROTO_* ...).  Sockets cannot be
used (OSError ENOSYS): the module is there so that socket, selectors and asyncio import."""

from __future__ import annotations

from ..objects.core import decref
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import new_int
from ..builtins import native
from ._util import pylib_module


@native("_socket")
def _socket_module(vm):
    import socket as host_socket
    m = pylib_module(vm, "_socket")
    for name in dir(host_socket):
        value = getattr(host_socket, name)
        if name.isupper() and isinstance(value, int) and name not in m.ob_dict.vals:
            o = new_int(int(value))
            dict_setitem_str(m.ob_dict, name, o)
            decref(o)
    if not vm.target.runtime("socket_timeout_is_timeouterror"):
        own = m.ob_dict.vals["_own_timeout"]
        dict_setitem_str(m.ob_dict, "timeout", own)
    return m
