"""The ``_opcode`` module: the opcode facts of the target (minivm/versions.py)."""

from __future__ import annotations


from ..objects.core import BuiltinKind, err, incref
from ..objects.scalars import (
    NONE, from_host, index_value, new_bool,
)
from ..builtins import native
from ._util import make_module

K = BuiltinKind


# -- _opcode: the opcode facts of the target (minivm/versions.py) ----------------------------

_NB_NAMES = {"+": "ADD", "&": "AND", "//": "FLOOR_DIVIDE", "<<": "LSHIFT",
             "@": "MATRIX_MULTIPLY", "*": "MULTIPLY", "%": "REMAINDER", "|": "OR",
             "**": "POWER", ">>": "RSHIFT", "-": "SUBTRACT", "/": "TRUE_DIVIDE", "^": "XOR"}


def _nb_op_name(symbol: str) -> str:
    if symbol.endswith("=") and symbol[:-1] in _NB_NAMES:
        return "NB_INPLACE_" + _NB_NAMES[symbol[:-1]]
    return "NB_" + _NB_NAMES[symbol]


@native("_opcode")
def _opcode_module(vm):
    target = vm.target

    def in_group(group):
        def fn(op):
            name = target.opname.get(index_value(op))
            return new_bool(name is not None and target.in_group(group, name))
        return fn

    def has_arg(op):
        name = target.opname.get(index_value(op))
        return new_bool(name is not None and target.has_arg(name))

    def stack_effect(args, kwargs):
        raise err("ValueError", "minivm does not compute stack_effect()")
    funcs = {
        "stack_effect": (stack_effect, K.KEYWORDS, 0, 0),
        "get_specialization_stats": (lambda: incref(NONE), K.NOARGS, 0, 0),
    }
    if target.runtime("opcode_module_queries"):
        funcs.update({
            "has_arg": (has_arg, K.O, 0, 0),
            "has_const": (in_group("hasconst"), K.O, 0, 0),
            "has_name": (in_group("hasname"), K.O, 0, 0),
            "has_jump": (in_group("hasjrel"), K.O, 0, 0),
            "has_free": (in_group("hasfree"), K.O, 0, 0),
            "has_local": (in_group("haslocal"), K.O, 0, 0),
            "has_exc": (in_group("hasexc"), K.O, 0, 0),
            "is_valid": (lambda op: new_bool(index_value(op) in target.opname), K.O, 0, 0),
            "get_intrinsic1_descs": (lambda: from_host(list(target.intrinsic_1)),
                                     K.NOARGS, 0, 0),
            "get_intrinsic2_descs": (lambda: from_host(list(target.intrinsic_2)),
                                     K.NOARGS, 0, 0),
            "get_nb_ops": (lambda: from_host([(_nb_op_name(s), s) for s in target.nb_ops]),
                           K.NOARGS, 0, 0),
            "get_executor": (stack_effect, K.KEYWORDS, 0, 0),
        })
    return make_module("_opcode", funcs, {"ENABLE_SPECIALIZATION": False})
