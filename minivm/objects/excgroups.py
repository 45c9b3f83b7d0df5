"""``BaseExceptionGroup`` and ``ExceptionGroup`` (PEP 654), and the two helpers
``except*`` runs on (Objects/exceptions.c, Python/ceval.c).

A group keeps ``args`` as given (``(message, exceptions)``, the sequence object
unchanged, so a group derived from a list shows a list in its repr) and its
``exceptions`` as a tuple.  ``split`` and ``subgroup`` walk the tree of nested
groups; a part that matches entirely is the group itself, otherwise a new group
made by ``derive`` carrying the original's traceback, cause, context and notes.
``except*`` matches with :func:`exception_group_match` and re-raises what the
clauses left with :func:`prep_reraise_star`.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from . import abstract
from .core import R, BuiltinKind, PyErr, PyObject, PyType, decref, err, incref, is_subtype
from .scalars import NONE, PyStr, new_str
from .sequences import PyList, PyTuple, new_list, new_tuple
from .typeobject import method

K = BuiltinKind

_MATCH_TYPE, _MATCH_PREDICATE, _MATCH_IDS = range(3)


def _base_group() -> PyType:
    return R.exc["BaseExceptionGroup"]


def _is_group(o: PyObject) -> bool:
    return is_subtype(o.ob_type, R.exc["BaseExceptionGroup"])


def eg_new(tp, args, kwargs):
    """``BaseExceptionGroup.__new__(cls, message, exceptions)``."""
    from .exceptions import _set_extra, alloc_exception
    if kwargs:
        raise err("TypeError", "BaseExceptionGroup.__new__() takes no keyword arguments")
    if len(args) != 2:
        raise err("TypeError", "BaseExceptionGroup.__new__() takes exactly 2 arguments (%d "
                  "given)" % len(args))
    message, excs = args
    if not isinstance(message, PyStr):
        raise err("TypeError", "argument 1 must be str, not %s" % message.ob_type.tp_name)
    if abstract.type_lookup(excs.ob_type, "__getitem__") is None or \
            abstract.type_lookup(excs.ob_type, "__len__") is None or \
            excs.ob_type in (R.types["dict"], R.types["set"], R.types["frozenset"]):
        raise err("TypeError", "second argument (exceptions) must be a sequence")
    items = abstract.sequence_list(excs)
    try:
        if not items:
            raise err("ValueError", "second argument (exceptions) must be a non-empty "
                      "sequence")
        for i, x in enumerate(items):
            if not is_subtype(x.ob_type, R.exc["BaseException"]):
                raise err("ValueError", "Item %d of second argument (exceptions) is not an "
                          "exception" % i)
        actual = _group_class(tp, items)
        e = alloc_exception(actual)
        decref(e.args)
        e.args = new_tuple([incref(message), incref(excs)])
        _set_extra(e, "message", message)
        group = new_tuple([incref(x) for x in items])
        _set_extra(e, "exceptions", group)
        decref(group)
        return e
    finally:
        for x in items:
            decref(x)


def _group_class(tp, items) -> PyType:
    nested_base = any(not is_subtype(x.ob_type, R.exc["Exception"]) for x in items)
    if tp is _base_group():
        return _base_group() if nested_base else R.exc["ExceptionGroup"]
    if tp is R.exc["ExceptionGroup"]:
        if nested_base:
            raise err("TypeError", "Cannot nest BaseExceptions in an ExceptionGroup")
        return tp
    if nested_base and is_subtype(tp, R.exc["Exception"]):
        raise err("TypeError", "Cannot nest BaseExceptions in '%s'" % tp.tp_name)
    return tp


def create_group(message: str, items: List[PyObject]) -> PyObject:
    """``_PyExc_CreateExceptionGroup``: an ExceptionGroup or BaseExceptionGroup."""
    msg = new_str(message)
    seq = new_list([incref(x) for x in items])
    try:
        return abstract.call(_base_group(), [msg, seq])
    finally:
        decref(msg)
        decref(seq)


def _excs(eg) -> Tuple[PyObject, ...]:
    return tuple(eg.extra["exceptions"].items)


# -- derive, split and subgroup ------------------------------------------------------------

def _derive(eg, items: List[PyObject]) -> PyObject:
    """``eg.derive(items)`` (a method a subclass may override) with the original's
    traceback, context, cause and notes copied (exceptiongroup_subset)."""
    seq = new_list([incref(x) for x in items])
    try:
        new = abstract.vectorcall_method("derive", eg, [seq])
    finally:
        decref(seq)
    if not _is_group(new):
        decref(new)
        raise err("TypeError", "derive must return an instance of BaseExceptionGroup")
    for name in ("traceback", "context", "cause"):
        value = getattr(eg, name)
        old = getattr(new, name)
        setattr(new, name, incref(value) if value is not None else None)
        if old is not None:
            decref(old)
    new.suppress_context = eg.suppress_context
    notes = eg.ob_dict.vals.get("__notes__") if eg.ob_dict is not None else None
    if notes is not None and abstract.type_lookup(notes.ob_type, "__getitem__") is not None:
        from .typeobject import generic_setattr
        copy = new_list(abstract.sequence_list(notes))
        generic_setattr(new, "__notes__", copy)
        decref(copy)
    return new


def _matches(exc, kind: int, value) -> bool:
    if kind == _MATCH_TYPE:
        from ..vm.eval import exception_matches
        return exception_matches(exc, value)
    if kind == _MATCH_PREDICATE:
        r = abstract.call(value, [exc])
        try:
            return abstract.is_true(r)
        finally:
            decref(r)
    return id(exc) in value


def _split(exc, kind: int, value, construct_rest: bool):
    """``exceptiongroup_split_recursive``: ``(match, rest)``, each an exception (new
    reference) or None."""
    if _matches(exc, kind, value):
        return incref(exc), None
    if not _is_group(exc):
        return None, (incref(exc) if construct_rest else None)
    match_list: List[PyObject] = []
    rest_list: List[PyObject] = []
    try:
        for e in _excs(exc):
            m, r = _split(e, kind, value, construct_rest)
            if m is not None:
                match_list.append(m)
            if r is not None:
                rest_list.append(r)
        match = _derive(exc, match_list) if match_list else None
        rest = None
        if construct_rest and rest_list:
            try:
                rest = _derive(exc, rest_list)
            except PyErr:
                if match is not None:
                    decref(match)
                raise
        return match, rest
    finally:
        for x in match_list + rest_list:
            decref(x)


def _matcher(value) -> Tuple[int, PyObject]:
    from .core import PyType as _PyType
    if isinstance(value, _PyType) and is_subtype(value, R.exc["BaseException"]):
        return _MATCH_TYPE, value
    if isinstance(value, PyTuple) and all(
            isinstance(t, _PyType) and is_subtype(t, R.exc["BaseException"])
            for t in value.items):
        return _MATCH_TYPE, value
    if abstract.callable_check(value):
        return _MATCH_PREDICATE, value
    raise err("TypeError", "expected an exception type, a tuple of exception types, or a "
              "callable (other than a class)")


def _or_none(o: Optional[PyObject]) -> PyObject:
    return o if o is not None else incref(NONE)


def eg_split(self, matcher_value):
    kind, value = _matcher(matcher_value)
    match, rest = _split(self, kind, value, True)
    return new_tuple([_or_none(match), _or_none(rest)])


def eg_subgroup(self, matcher_value):
    kind, value = _matcher(matcher_value)
    match, _ = _split(self, kind, value, False)
    return _or_none(match)


def eg_derive(self, excs):
    return abstract.call(_base_group(), [self.extra["message"], excs])


def eg_str(self):
    n = len(_excs(self))
    return new_str("%s (%d sub-exception%s)" % (self.extra["message"].value, n,
                                               "" if n == 1 else "s"))


def eg_init(self, args, kwargs):
    if kwargs:
        raise err("TypeError", "%s() takes no keyword arguments" % self.ob_type.tp_name)
    return incref(NONE)


def install() -> None:
    from .exceptions import _extra_getter
    from .typeobject import getset
    for tp in (R.exc["BaseExceptionGroup"], R.exc["ExceptionGroup"]):
        tp.tp_new = eg_new
    base = R.exc["BaseExceptionGroup"]
    method(base, "split")(eg_split)
    method(base, "subgroup")(eg_subgroup)
    method(base, "derive")(eg_derive)
    method(base, "__str__", K.NOARGS)(eg_str)
    method(base, "__init__", K.KEYWORDS)(eg_init)
    for name in ("message", "exceptions"):
        getset(base, name)(_extra_getter(name))


# -- except* -----------------------------------------------------------------------------

def exception_group_match(exc, match_type):
    """CHECK_EG_MATCH: ``(rest, match)`` of the exception being handled against an
    ``except*`` clause's type."""
    from ..vm.eval import exception_matches
    if exc is NONE:
        return incref(NONE), incref(NONE)
    if exception_matches(exc, match_type):
        if _is_group(exc):
            return incref(NONE), incref(exc)
        wrapped = create_group("", [exc])
        if exc.traceback is not None:
            wrapped.traceback = incref(exc.traceback)
        return incref(NONE), wrapped
    if _is_group(exc):
        pair = abstract.vectorcall_method("split", exc, [match_type])
        try:
            match, rest = pair.items
            return incref(rest), incref(match)
        finally:
            decref(pair)
    return incref(exc), incref(NONE)


def _leaf_ids(exc, into: set) -> None:
    if exc is NONE:
        return
    if not _is_group(exc):
        into.add(id(exc))
        return
    for e in _excs(exc):
        _leaf_ids(e, into)


def _same_metadata(a, b) -> bool:
    notes_a = a.ob_dict.vals.get("__notes__") if a.ob_dict is not None else None
    notes_b = b.ob_dict.vals.get("__notes__") if b.ob_dict is not None else None
    return notes_a is notes_b and a.traceback is b.traceback and a.cause is b.cause and \
        a.context is b.context


def prep_reraise_star(orig, excs: PyList):
    """``_PyExc_PrepReraiseStar``: what leaves a ``try``/``except*``: the exceptions
    the clauses raised, and the re-raised parts of the original group (projected
    back onto its shape), as one group."""
    items = list(excs.items)
    if not items:
        return incref(NONE)
    if not _is_group(orig):
        return incref(items[0])
    raised = [e for e in items if e is not NONE and not _same_metadata(e, orig)]
    reraised = [e for e in items if e is not NONE and _same_metadata(e, orig)]
    keep: set = set()
    for e in reraised:
        _leaf_ids(e, keep)
    if keep:
        match, _ = _split(orig, _MATCH_IDS, keep, False)
        reraised_eg = _or_none(match)
    else:
        reraised_eg = incref(NONE)
    if not raised:
        return reraised_eg
    if reraised_eg is not NONE:
        raised.append(reraised_eg)
    try:
        if len(raised) > 1:
            return create_group("", raised)
        return incref(raised[0])
    finally:
        decref(reraised_eg)
