"""The ``_string`` module: the str.format parser string.Formatter uses."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import BuiltinKind, decref, err
from ..objects.scalars import (
    PyStr, from_host,
)
from ..objects.sequences import new_tuple
from ..builtins import native
from ._util import make_module

K = BuiltinKind


# -- _string: the str.format parser string.Formatter uses ----------------------------------

@native("_string")
def _string_module(vm):
    import _string as host_string

    def formatter_parser(s):
        if not isinstance(s, PyStr):
            raise err("TypeError", "expected str, got %s" % s.ob_type.tp_name)
        from ..objects.scalars import host_call
        parts = host_call(lambda: list(host_string.formatter_parser(s.value)))
        return _list_iterator(from_host(parts))

    def formatter_field_name_split(s):
        if not isinstance(s, PyStr):
            raise err("TypeError", "expected str, got %s" % s.ob_type.tp_name)
        from ..objects.scalars import host_call
        first, rest = host_call(lambda: host_string.formatter_field_name_split(s.value))
        return new_tuple([from_host(first), _list_iterator(from_host(list(rest)))])
    funcs = {"formatter_parser": (formatter_parser, K.O, 0, 0),
             "formatter_field_name_split": (formatter_field_name_split, K.O, 0, 0)}
    return make_module("_string", funcs)


def _list_iterator(lst):
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)
