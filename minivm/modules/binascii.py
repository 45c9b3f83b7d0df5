"""The ``binascii`` module: the host's conversions on bytes."""

from __future__ import annotations

from typing import Any, Dict

from ..objects.core import R, BuiltinKind, PyErr
from ..objects.scalars import (
    from_host,
)
from ..objects.typeobject import make_type
from ..builtins import native
from ._util import make_module
from .posix import _os_arg

K = BuiltinKind


# -- binascii (the host's conversions on bytes) ---------------------------------------------

@native("binascii")
def _binascii_module(vm):
    import binascii as host_binascii
    funcs = {}
    for name in ("hexlify", "unhexlify", "b2a_hex", "a2b_hex", "b2a_base64", "a2b_base64",
                 "crc32", "crc_hqx", "b2a_uu", "a2b_uu", "b2a_qp", "a2b_qp"):
        host_fn = getattr(host_binascii, name, None)
        if host_fn is not None:
            funcs[name] = (_binascii_fn(host_fn), K.KEYWORDS, 0, 0)
    values = {"Error": _binascii_error(), "Incomplete": _binascii_error("Incomplete")}
    return make_module("binascii", funcs, values)


_BINASCII_ERRORS: Dict[str, Any] = {}


def _binascii_error(name="Error"):
    tp = _BINASCII_ERRORS.get(name)
    if tp is None:
        base = R.exc["ValueError"] if name == "Error" else R.exc["Exception"]
        tp = make_type("binascii." + name, base=base, module="binascii")
        _BINASCII_ERRORS[name] = tp
    return tp


def _binascii_fn(host_fn):
    import binascii as host_binascii

    def fn(args, kwargs):
        host_args = [_os_arg(a) for a in args]
        host_kwargs = {k: _os_arg(v) for k, v in (kwargs or {}).items()}
        try:
            return from_host(host_fn(*host_args, **host_kwargs))
        except host_binascii.Error as e:
            from ..objects.core import new_exception
            exc = new_exception("ValueError", str(e))
            exc.ob_type = _binascii_error()
            raise PyErr(exc) from None
        except (TypeError, ValueError) as e:
            from ..objects.scalars import convert_host_error
            raise convert_host_error(e) from None
    return fn
