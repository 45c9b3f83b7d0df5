"""``module`` objects: a dict of globals and a name."""

from __future__ import annotations

from .core import R, BuiltinKind, PyErr, PyInstance, decref, err, incref
from .dictobject import dict_setitem_str, new_dict
from .scalars import NONE, PyStr, new_str
from .typeobject import GETATTRO, generic_getattr, getset, make_type, method

K = BuiltinKind


def _module_dealloc(m):
    d = m.ob_dict
    m.ob_dict = None
    if d is not None:
        decref(d)


module_type = make_type("module", layout=PyInstance, dealloc=_module_dealloc)
module_type.tp_hasdict = True
module_type.tp_hasweak = True


def _module_name(self):
    name = self.ob_dict.vals.get("__name__") if self.ob_dict is not None else None
    return name.value if isinstance(name, PyStr) else "?"


def new_module(name: str) -> PyInstance:
    m = PyInstance(module_type)
    m.ob_dict = new_dict()
    d = m.ob_dict
    for key, value in (("__name__", new_str(name)), ("__doc__", NONE),
                       ("__package__", NONE), ("__loader__", NONE), ("__spec__", NONE)):
        dict_setitem_str(d, key, value)
        decref(value)
    return m


def _module_getattro(m, name):
    try:
        return generic_getattr(m, name)
    except PyErr as e:
        if e.exc.ob_type is not R.exc["AttributeError"]:
            raise
        getattr_hook = m.ob_dict.vals.get("__getattr__") if m.ob_dict is not None else None
        if getattr_hook is None:
            decref(e.exc)
            raise err("AttributeError", "module '%s' has no attribute '%s'"
                      % (_module_name(m), name)) from None
        decref(e.exc)
    from .abstract import call
    return call(getattr_hook, [new_str(name)])


GETATTRO[module_type] = _module_getattro


def _module_dict(m):
    if m.ob_dict is None:
        m.ob_dict = new_dict()
    return incref(m.ob_dict)


getset(module_type, "__dict__")(_module_dict)


@method(module_type, "__repr__", K.NOARGS)
def module_repr(m):
    f = m.ob_dict.vals.get("__file__")
    if f is not None:
        return new_str("<module '%s' from '%s'>" % (_module_name(m), f.value))
    return new_str("<module '%s' (built-in)>" % _module_name(m))


def _module_new(tp, args, kwargs):
    m = new_module(args[0].value if args else "?")
    if tp is not module_type:
        m.ob_type = incref(tp)
    return m


module_type.tp_new = _module_new
method(module_type, "__init__", K.KEYWORDS)(lambda self, a, k: NONE)
PyInstance.module_name = _module_name
