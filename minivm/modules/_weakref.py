"""The ``_weakref`` module: weak references and proxies of minivm objects."""

from __future__ import annotations


from ..objects.core import BuiltinKind, incref
from ..objects.scalars import (
    NONE, new_int,
)
from ..objects.sequences import new_list
from ..builtins import native
from ._util import make_module

K = BuiltinKind


# -- _weakref -------------------------------------------------------------------------------

@native("_weakref")
def _weakref_module(vm):
    from ..objects import weakrefs

    def proxy(o, cb=None):
        return weakrefs.new_weakref(weakrefs.proxy_type, o, None if cb in (None, NONE)
                                    else cb)

    def getweakrefs(o):
        return new_list([incref(r) for r in (getattr(o, "ob_weak", None) or [])])

    def remove_dead_weakref(d, key):
        from ..objects.dictobject import dict_delitem, hkey
        r = d.vals.get(hkey(key))
        if r is not None and getattr(r, "referent", 1) is None:
            dict_delitem(d, key)
        return incref(NONE)
    funcs = {
        "getweakrefcount": (lambda o: new_int(weakrefs.getweakrefcount(o)), K.O, 0, 0),
        "getweakrefs": (getweakrefs, K.O, 0, 0),
        "proxy": (proxy, K.VARARGS, 1, 2),
        "_remove_dead_weakref": (remove_dead_weakref, K.VARARGS, 2, 2),
    }
    values = {"ref": weakrefs.ref_type, "ReferenceType": weakrefs.ref_type,
              "ProxyType": weakrefs.proxy_type,
              "CallableProxyType": weakrefs.callable_proxy_type}
    return make_module("_weakref", funcs, values)
