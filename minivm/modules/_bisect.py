"""``_bisect`` as 3.8 and 3.9 have it (``Modules/_bisectmodule.c``): the four
functions with ``(a, x, lo=0, hi=None)`` parsed by ``PyArg_ParseTupleAndKeywords``
(so its messages), comparing with ``<`` only.

From 3.10 the functions take ``key=`` through Argument Clinic; minivm does not have
that module, so those targets run ``bisect.py``'s own Python functions.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyObject, decref, err, incref
from ..objects.typeobject import given_twice, unexpected_keyword
from ..objects.scalars import NONE, PyFloat, index_value, new_int
from ..builtins import native

K = BuiltinKind

_KEYWORDS = ("a", "x", "lo", "hi")


def _parse(fname: str, args: List[PyObject], kwargs: Optional[Dict[str, PyObject]]):
    """``"OO|nn:NAME"`` (3.9: ``hi`` may be None), as getargs.c words its errors."""
    kwargs = kwargs or {}
    if len(args) + len(kwargs) > 4:
        raise err("TypeError", "%s() takes at most 4 arguments (%d given)"
                  % (fname, len(args) + len(kwargs)))
    values: List[Optional[PyObject]] = list(args) + [None] * (4 - len(args))
    for name, value in kwargs.items():
        if name not in _KEYWORDS:
            raise unexpected_keyword(fname, name)
        pos = _KEYWORDS.index(name)
        if pos < len(args):
            raise given_twice(fname, name, pos)
        values[pos] = value
    for pos in (0, 1):
        if values[pos] is None:
            raise err("TypeError", "%s() missing required argument '%s' (pos %d)"
                      % (fname, _KEYWORDS[pos], pos + 1))
    lo = _ssize(values[2], 0)
    hi = values[3]
    if hi is NONE and STATE.target.runtime("bisect_hi_none"):
        hi = None
    return values[0], values[1], lo, _ssize(hi, -1)


def _ssize(o: Optional[PyObject], default: int) -> int:
    """The ``n`` format unit."""
    if o is None:
        return default
    if isinstance(o, PyFloat):
        raise err("TypeError", "integer argument expected, got float")
    return index_value(o)


def _bisect(seq: PyObject, item: PyObject, lo: int, hi: int, right: bool) -> int:
    if lo < 0:
        raise err("ValueError", "lo must be non-negative")
    if hi == -1:
        hi = abstract.length_of(seq)
    while lo < hi:
        mid = (lo + hi) // 2
        index = new_int(mid)
        try:
            litem = abstract.getitem(seq, index)
        finally:
            decref(index)
        try:
            if right:
                below = abstract.rich_compare_bool(item, litem, 0)  # item < a[mid]
            else:
                below = not abstract.rich_compare_bool(litem, item, 0)
        finally:
            decref(litem)
        if below:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _bisect_function(fname: str, right: bool):
    def fn(args, kwargs):
        seq, item, lo, hi = _parse(fname, args, kwargs)
        return new_int(_bisect(seq, item, lo, hi, right))
    return fn


def _insort_function(fname: str, right: bool):
    def fn(args, kwargs):
        seq, item, lo, hi = _parse(fname, args, kwargs)
        index = new_int(_bisect(seq, item, lo, hi, right))
        try:
            if seq.ob_type is R.types["list"]:
                seq.items.insert(index.value, incref(item))  # PyList_Insert
            else:
                decref(abstract.vectorcall_method("insert", seq, [index, item]))
        finally:
            decref(index)
        return incref(NONE)
    return fn


@native("_bisect", when=("bisect_key", False))
def _bisect_module(vm):
    from ._util import make_module
    funcs = {}
    for side, right in (("right", True), ("left", False)):
        funcs["bisect_" + side] = (_bisect_function("bisect_" + side, right), K.KEYWORDS, 0, 0)
        funcs["insort_" + side] = (_insort_function("insort_" + side, right), K.KEYWORDS, 0, 0)
    return make_module("_bisect", funcs)
