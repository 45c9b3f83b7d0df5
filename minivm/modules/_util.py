"""Helpers the native modules share: :func:`make_module`, iterator types backed by host
generators (:func:`generator_type`), ``types.SimpleNamespace`` and :func:`pylib_module`
(a module written in Python, minivm/modules/pylib, run by minivm).

Iterators whose state is naturally a loop (most of ``itertools``) are host
generators wrapped in a minivm iterator type (:func:`generator_type`): the
generator yields new references and holds its inputs in local variables, so
closing it in the deallocator releases them, as the C types' ``tp_dealloc`` does.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

from ..objects import abstract
from ..objects.core import BuiltinKind, PyErr, PyObject, decref, err, incref, \
    is_subtype
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import (
    NONE, NOT_IMPLEMENTED, PyStr, from_host, new_str,
)
from ..objects.typeobject import PyCFunction, arity_error, make_type, method

K = BuiltinKind


def make_module(name: str, funcs: Dict[str, Any], values: Optional[Dict[str, Any]] = None):
    """A module object: ``funcs`` maps names to ``(fn, kind, minargs, maxargs)``;
    ``values`` to minivm objects (borrowed) or host scalars."""
    from ..objects.moduleobject import new_module
    m = new_module(name)
    d = m.ob_dict
    for fname, (fn, kind, lo, hi) in funcs.items():
        f = PyCFunction(fname, fn, kind, None, lo, hi, module=name)
        dict_setitem_str(d, fname, f)
        decref(f)
    for vname, value in (values or {}).items():
        owned = not isinstance(value, PyObject)
        o = from_host(value) if owned else value
        dict_setitem_str(d, vname, o)
        if owned:
            decref(o)
    return m

def _release(items):
    for x in items:
        if x is not None:
            decref(x)


# -- iterators backed by host generators ------------------------------------------------------

class PyGenIter(PyObject):
    """An iterator whose ``tp_iternext`` is ``next(gen)`` of a host generator."""
    __slots__ = ("gen", "state")


def new_exception_class(qualified: str, base: Any) -> Any:
    """``PyErr_NewException``: a new reference to the heap class ``Name`` of module
    ``module`` (``qualified`` is "module.Name") deriving from ``base``, made as the
    class statement ``class Name(base)`` in that module would make it."""
    from ..objects.dictobject import new_dict
    from ..objects.instances import type_new
    from ..objects.typeobject import type_type
    module, _, name = qualified.rpartition(".")
    ns = new_dict()
    value = new_str(module)
    dict_setitem_str(ns, "__module__", value)
    decref(value)
    try:
        return type_new(type_type, name, [base], ns)
    finally:
        decref(ns)


def new_gen_iter(tp, start: Callable) -> PyGenIter:
    """A new iterator of ``tp`` (a generator type or a subclass of one) over the host
    generator ``start(it)`` returns; an error from ``start`` leaves nothing behind."""
    if tp.tp_heap:
        from ..objects.instances import alloc_instance
        it = alloc_instance(tp)  # the subclass's layout, holding its type
        it.state = None
        it.gen = None
        try:
            it.gen = start(it)
        except PyErr:
            decref(it)
            raise
        return it
    it = PyGenIter.__new__(PyGenIter)
    it.state = None
    it.gen = None
    gen = start(it)
    it.ob_refcnt = 1
    it.ob_type = tp
    it.gen = gen
    return it


def _gen_iter_dealloc(it):
    gen, it.gen = it.gen, None
    if gen is not None:
        gen.close()


def _gen_iter_next(it):
    gen = it.gen
    if gen is None:
        return None
    try:
        return next(gen)
    except StopIteration:
        it.gen = None
        return None
    except PyErr:
        it.gen = None
        raise


def generator_type(name: str, factory: Callable, module: str, kind=K.KEYWORDS,
                   basetype: bool = False):
    """A type whose instances iterate ``factory(it, args, kwargs)`` (a host generator
    of new references); calling the type (or a subclass, if ``basetype``) makes one."""
    from ..objects.sequences import _register_next
    tp = make_type(name, layout=PyGenIter, basetype=basetype, dealloc=_gen_iter_dealloc,
                   module=module)

    def new(tp_, args, kwargs):
        return new_gen_iter(tp_, lambda it: factory(it, list(args), dict(kwargs or {})))
    tp.tp_new = new
    from ..objects.instances import add_new_entry
    add_new_entry(tp)
    method(tp, "__iter__", K.NOARGS)(incref)
    _register_next(tp, _gen_iter_next)
    return tp


def _no_kwargs(name: str, kwargs) -> None:
    if kwargs:
        raise err("TypeError", "%s() takes no keyword arguments" % name)


def _arity(name: str, args, lo: int, hi: int) -> None:
    if not lo <= len(args) <= hi:
        raise arity_error(name, lo, hi, len(args))


def iterate_owned(it):
    """Host generator over minivm iterator ``it`` (owned; released at the end)."""
    try:
        while True:
            x = abstract.iter_next(it)
            if x is None:
                return
            yield x
    finally:
        decref(it)

# -- types.SimpleNamespace ------------------------------------------------------------------

def _namespace_new(tp, args, kwargs):
    from ..objects.instances import alloc_instance
    from ..objects.dictobject import new_dict
    o = alloc_instance(tp)
    if o.ob_dict is None:
        o.ob_dict = new_dict()
    return o


def _make_namespace_type():
    from ..objects.core import PyInstance
    tp = make_type("types.SimpleNamespace", layout=PyInstance, module="types")
    tp.tp_hasdict = True
    tp.tp_hasweak = True
    tp.tp_new = _namespace_new

    @method(tp, "__init__", K.KEYWORDS)
    def init(self, args, kwargs):
        if len(args) > 1:
            raise err("TypeError", "SimpleNamespace expected at most 1 positional argument, "
                      "got %d" % len(args))
        if args:
            from ..objects.mappings import dict_merge
            dict_merge(self.ob_dict, args[0])
        for k, v in (kwargs or {}).items():
            dict_setitem_str(self.ob_dict, k, v)
        return incref(NONE)

    @method(tp, "__repr__", K.NOARGS)
    def repr_(self):
        name = "namespace" if self.ob_type is tp else self.ob_type.tp_name
        from ..objects.sequences import _repr_active
        key = id(self)
        if key in _repr_active:
            return new_str("%s(...)" % name)
        _repr_active.add(key)
        try:
            parts = []
            for hk, k in list(self.ob_dict.keys.items()):
                v = self.ob_dict.vals.get(hk)
                if v is not None and isinstance(k, PyStr):
                    parts.append("%s=%s" % (k.value, abstract.repr_text(v)))
            return new_str("%s(%s)" % (name, ", ".join(parts)))
        finally:
            _repr_active.discard(key)

    @method(tp, "__eq__")
    def eq(self, other):
        if not is_subtype(other.ob_type, tp):
            return incref(NOT_IMPLEMENTED)
        return abstract.rich_compare(self.ob_dict, other.ob_dict, 2)
    return tp


namespace_type = _make_namespace_type()

# -- modules written in Python (minivm/builtins/pylib) ---------------------------------------

_PYLIB_CODE: Dict[Any, Any] = {}


def pylib_module(vm, name: str):
    """Run ``pylib/<name>.py`` as module ``name``, compiled by minivm for the target
    (once per process and target)."""
    import os
    from .. import compile as minivm_compile
    from ..vm.codesource import Found
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pylib", name + ".py")
    key = (vm.target.version, path)
    code = _PYLIB_CODE.get(key)
    if code is None:
        with open(path, "rb") as handle:
            code = minivm_compile(handle.read(), filename=path, mode="exec", target=vm.target)
        _PYLIB_CODE[key] = code
    return vm.importer.exec_module(name, Found(code, path, None, None))
