"""The ``binascii`` module: the host's conversions on bytes."""

from __future__ import annotations

from ..objects.core import R, BuiltinKind, PyErr, decref, incref
from ..objects.scalars import (
    from_host,
)
from ..builtins import native
from ._util import make_module, new_exception_class
from .posix import _os_arg

K = BuiltinKind


# -- binascii (the host's conversions on bytes) ---------------------------------------------

@native("binascii")
def _binascii_module(vm):
    import binascii as host_binascii
    errors = {"Error": new_exception_class("binascii.Error", R.exc["ValueError"]),
              "Incomplete": new_exception_class("binascii.Incomplete", R.exc["Exception"])}
    if vm.target.runtime("binascii_module_state"):
        for tp in errors.values():
            incref(tp)  # the module state's reference, kept for the run
    funcs = {}
    for name in ("hexlify", "unhexlify", "b2a_hex", "a2b_hex", "b2a_base64", "a2b_base64",
                 "crc32", "crc_hqx", "b2a_uu", "a2b_uu", "b2a_qp", "a2b_qp"):
        host_fn = getattr(host_binascii, name, None)
        if host_fn is not None:
            funcs[name] = (_binascii_fn(host_fn, errors["Error"]), K.KEYWORDS, 0, 0)
    try:
        return make_module("binascii", funcs, errors)
    finally:
        for tp in errors.values():
            decref(tp)


def _binascii_fn(host_fn, error_type):
    import binascii as host_binascii

    def fn(args, kwargs):
        host_args = [_os_arg(a) for a in args]
        host_kwargs = {k: _os_arg(v) for k, v in (kwargs or {}).items()}
        try:
            return from_host(host_fn(*host_args, **host_kwargs))
        except host_binascii.Error as e:
            from ..objects.core import new_exception
            exc = new_exception("ValueError", str(e))
            exc.ob_type = incref(error_type)  # the instance's, released by subtype_dealloc
            raise PyErr(exc) from None
        except (TypeError, ValueError) as e:
            from ..objects.scalars import convert_host_error
            raise convert_host_error(e) from None
    return fn
