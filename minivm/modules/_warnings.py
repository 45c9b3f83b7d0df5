"""The ``_warnings`` module: ``warn`` delegates to the library's warnings module."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import STATE, BuiltinKind, decref
from ..builtins import native
from ._util import make_module

K = BuiltinKind


def _warnings_warn(args, kwargs):
    """``_warnings.warn``: the library's own warnings.warn does the work."""
    from ..objects.typeobject import getattr_str
    warnings = STATE.vm.importer.load("warnings")
    try:
        fn = getattr_str(warnings, "warn")
    finally:
        decref(warnings)
    try:
        return abstract.call(fn, list(args), kwargs)
    finally:
        decref(fn)


@native("_warnings")
def _warnings_module(vm):
    return make_module("_warnings", {"warn": (_warnings_warn, K.KEYWORDS, 0, 0)})
