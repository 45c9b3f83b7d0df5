"""The ``_codecs`` module: the codec registry in minivm, the byte conversions by the host."""

from __future__ import annotations

from typing import Dict, List

from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyObject, decref, err, incref, \
    is_subtype
from ..objects.scalars import (
    NONE, PyStr, from_host, new_str,
)
from ..objects.typeobject import PyCFunction
from ..builtins import native
from ._util import make_module
from .posix import _os_arg

K = BuiltinKind


# -- _codecs: the codec registry in minivm, the byte conversions by the host ---------------

class _CodecRegistry:
    def __init__(self) -> None:
        self.search: List[PyObject] = []
        self.cache: Dict[str, PyObject] = {}
        self.errors: Dict[str, PyObject] = {}


def _normalize_encoding(name: str) -> str:
    """``normalizestring`` of codecs.c: lower case, spaces to hyphens."""
    return name.lower().replace(" ", "-")


def _codecs_registry(vm) -> _CodecRegistry:
    reg = getattr(vm, "codec_registry", None)
    if reg is None:
        reg = vm.codec_registry = _CodecRegistry()
    return reg


def _codec_lookup(encoding):
    if not isinstance(encoding, PyStr):
        raise err("TypeError", "lookup() argument must be str, not %s"
                  % encoding.ob_type.tp_name)
    reg = _codecs_registry(STATE.vm)
    if not reg.search:
        decref(STATE.vm.importer.load("encodings"))
    key = _normalize_encoding(encoding.value)
    found = reg.cache.get(key)
    if found is not None:
        return incref(found)
    name = new_str(key)
    try:
        for fn in list(reg.search):
            r = abstract.call(fn, [name])
            if r is NONE:
                continue
            if not isinstance(r, PyObject) or r.ob_type is not R.types["tuple"] and \
                    not is_subtype(r.ob_type, R.types["tuple"]) or len(r.items) != 4 and \
                    len(r.items) < 4:
                decref(r)
                raise err("TypeError", "codec search functions must return 4-tuples")
            reg.cache[key] = incref(r)
            return r
    finally:
        decref(name)
    raise err("LookupError", "unknown encoding: %s" % encoding.value)


def _codec_register(fn):
    if not abstract.callable_check(fn):
        raise err("TypeError", "argument must be callable")
    _codecs_registry(STATE.vm).search.append(incref(fn))
    return incref(NONE)


def _codec_register_error(name, handler):
    reg = _codecs_registry(STATE.vm)
    old = reg.errors.get(name.value)
    reg.errors[name.value] = incref(handler)
    if old is not None:
        decref(old)
    return incref(NONE)


def _codec_lookup_error(name):
    h = _codecs_registry(STATE.vm).errors.get(name.value)
    if h is None:
        if name.value in ("strict", "ignore", "replace", "xmlcharrefreplace",
                          "backslashreplace", "namereplace", "surrogateescape",
                          "surrogatepass"):
            f = PyCFunction("%s_errors" % name.value, lambda exc: _builtin_error_handler(
                name.value, exc), K.O, None, 0, 0)
            return f
        raise err("LookupError", "unknown error handler name '%s'" % name.value)
    return incref(h)


def _builtin_error_handler(name, exc):
    raise err("TypeError", "minivm cannot call the '%s' error handler directly" % name)


def _codec_transform(host_name):
    """``_codecs.X_encode/X_decode``: the host's function on host values."""
    import _codecs as host_codecs
    host_fn = getattr(host_codecs, host_name)

    def fn(*args):
        host_args = [_os_arg(a) if a.ob_type is not R.types["dict"] else None
                     for a in args]
        from ..objects.scalars import host_call
        return from_host(host_call(host_fn, *host_args))
    return fn


def _codec_encode_decode(which):
    def fn(args, kwargs):
        names = ("obj", "encoding", "errors")
        values = dict(zip(names, args))
        values.update(kwargs or {})
        obj = values["obj"]
        encoding = values.get("encoding", new_str("utf-8"))
        errors = values.get("errors")
        info = _codec_lookup(encoding)
        try:
            coder = info.items[0 if which == "encode" else 1]
            call_args = [obj] + ([errors] if errors is not None else [])
            r = abstract.call(coder, call_args)
        finally:
            decref(info)
        try:
            if r.ob_type is not R.types["tuple"] or len(r.items) != 2:
                raise err("TypeError", "%s must return a tuple (object, integer)"
                          % ("encoder" if which == "encode" else "decoder"))
            return incref(r.items[0])
        finally:
            decref(r)
    return fn


@native("_codecs")
def _codecs_module(vm):
    import _codecs as host_codecs
    funcs = {
        "lookup": (_codec_lookup, K.O, 0, 0),
        "register": (_codec_register, K.O, 0, 0),
        "unregister": (lambda fn: incref(NONE), K.O, 0, 0),
        "register_error": (_codec_register_error, K.VARARGS, 2, 2),
        "lookup_error": (_codec_lookup_error, K.O, 0, 0),
        "encode": (_codec_encode_decode("encode"), K.KEYWORDS, 0, 0),
        "decode": (_codec_encode_decode("decode"), K.KEYWORDS, 0, 0),
    }
    for name in dir(host_codecs):
        if name.endswith(("_encode", "_decode")) or name == "charmap_build":
            funcs[name] = (_codec_transform(name), K.VARARGS, 0, 5)
    return make_module("_codecs", funcs)
