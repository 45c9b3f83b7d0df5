"""The hash object type the hash modules share (``_md5``, ``_sha1``, ``_sha2``, ``_sha3``,
``_blake2``): the host's hashlib does the hashing."""

from __future__ import annotations


from ..objects.core import BuiltinKind, PyObject, incref
from ..objects.scalars import (
    NONE, from_host, new_int, new_str,
)
from ..objects.typeobject import getset, make_type, method
from ._util import make_module

K = BuiltinKind


class PyHash(PyObject):
    __slots__ = ("host",)


hash_type = make_type("_hashlib.HASH", layout=PyHash, basetype=False, module="_hashlib")


def _new_hash(host):
    h = PyHash.__new__(PyHash)
    h.ob_refcnt = 1
    h.ob_type = hash_type
    h.host = host
    return h


@method(hash_type, "update")
def _hash_update(h, data):
    from ..objects.bytesobject import buffer_bytes
    h.host.update(buffer_bytes(data))
    return incref(NONE)


method(hash_type, "digest", K.NOARGS)(lambda h: from_host(h.host.digest()))
method(hash_type, "hexdigest", K.NOARGS)(lambda h: new_str(h.host.hexdigest()))
method(hash_type, "copy", K.NOARGS)(lambda h: _new_hash(h.host.copy()))
getset(hash_type, "name")(lambda h: new_str(h.host.name))
getset(hash_type, "digest_size")(lambda h: new_int(h.host.digest_size))
getset(hash_type, "block_size")(lambda h: new_int(h.host.block_size))


def _hash_constructor(name):
    import hashlib

    def fn(args, kwargs):
        from ..objects.bytesobject import buffer_bytes
        data = args[0] if args else (kwargs or {}).get("string", (kwargs or {}).get("data"))
        host = hashlib.new(name)
        if data is not None:
            host.update(buffer_bytes(data))
        return _new_hash(host)
    return fn


def hash_module(modname, names):
    def maker(vm):
        funcs = {n: (_hash_constructor(n), K.KEYWORDS, 0, 0) for n in names}
        return make_module(modname, funcs)
    return maker
