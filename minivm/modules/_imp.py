"""The ``_imp`` module: what importlib._bootstrap needs of the import machinery."""

from __future__ import annotations


from ..objects.core import STATE, BuiltinKind, decref, incref
from ..objects.scalars import (
    FALSE, NONE, PyStr, new_int,
)
from ..objects.sequences import new_list
from ..builtins import native
from ._util import make_module

K = BuiltinKind


def _imp_is_builtin(name):
    from ..builtins import native_maker
    return new_int(1 if isinstance(name, PyStr) and native_maker(name.value, STATE.target)
                   else 0)


def _imp_create_builtin(spec):
    from ..objects.typeobject import getattr_str
    name = getattr_str(spec, "name")
    try:
        existing = STATE.vm.modules.vals.get(name.value)
        if existing is not None:
            return incref(existing)
        return STATE.vm.importer._find_and_exec(name.value, None)
    finally:
        decref(name)


@native("_imp")
def _imp_module(vm):
    funcs = {
        "is_builtin": (_imp_is_builtin, K.O, 0, 0),
        "create_builtin": (_imp_create_builtin, K.O, 0, 0),
        "exec_builtin": (lambda m: new_int(0), K.O, 0, 0),
        "exec_dynamic": (lambda m: new_int(0), K.O, 0, 0),
        "is_frozen": (lambda name: incref(FALSE), K.O, 0, 0),
        "is_frozen_package": (lambda name: incref(FALSE), K.O, 0, 0),
        "find_frozen": (lambda *a: incref(NONE), K.VARARGS, 1, 2),
        "acquire_lock": (lambda: incref(NONE), K.NOARGS, 0, 0),
        "release_lock": (lambda: incref(NONE), K.NOARGS, 0, 0),
        "lock_held": (lambda: incref(FALSE), K.NOARGS, 0, 0),
        "extension_suffixes": (lambda: new_list([]), K.NOARGS, 0, 0),
        "_fix_co_filename": (lambda code, path: incref(NONE), K.VARARGS, 2, 2),
        "_override_frozen_modules_for_tests": (lambda v: incref(NONE), K.O, 0, 0),
        "_override_multi_interp_extensions_check": (lambda v: new_int(-1), K.O, 0, 0),
    }
    return make_module("_imp", funcs, {"check_hash_based_pycs": "default"})
