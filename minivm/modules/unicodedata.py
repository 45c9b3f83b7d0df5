"""The ``unicodedata`` module: the Unicode database of the host's interpreter.

That is the target's own database when the host runs the target version (each CPython
release pins one Unicode version: ``unidata_version``); on another host the answers are
the host's Unicode version, a stated limitation.  ``ucd_3_2_0`` (used by stringprep and
the idna codec) is a module-like object over the host's 3.2.0 database."""

from __future__ import annotations

from ..objects.core import BuiltinKind, PyErr, decref, err, new_exception
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import PyStr, from_host
from ..builtins import native
from ._util import make_module

K = BuiltinKind

#: name -> (number of arguments taking a character first, has a default argument)
_CHAR_FUNCS = {"decimal": True, "digit": True, "numeric": True, "name": True,
               "category": False, "bidirectional": False, "combining": False,
               "east_asian_width": False, "mirrored": False, "decomposition": False}


def _char(fname, o, numbered=False):
    """The character argument; Argument Clinic numbers it when the function has two."""
    which = "argument 1" if numbered else "argument"
    if not isinstance(o, PyStr) or len(o.value) != 1:
        raise err("TypeError", "%s() %s must be a unicode character, not %s"
                  % (fname, which, o.ob_type.tp_name))
    return o.value


def _call(host_fn, *args):
    try:
        r = host_fn(*args)
        if isinstance(r, _Boxed):
            from ..objects.core import incref
            return incref(r.o)
        return from_host(r)
    except KeyError as e:
        raise PyErr(new_exception("KeyError", str(e.args[0]) if e.args else None)) from None
    except (TypeError, ValueError) as e:
        from ..objects.scalars import convert_host_error
        raise convert_host_error(e) from None


def _functions(db):
    funcs = {}
    for fname, has_default in _CHAR_FUNCS.items():
        host_fn = getattr(db, fname)
        if has_default:
            def fn(*args, host_fn=host_fn, fname=fname):
                c = _char(fname, args[0], numbered=True)
                if len(args) == 2:
                    return _call(host_fn, c, _default(args[1]))
                return _call(host_fn, c)
            funcs[fname] = (fn, K.VARARGS, 1, 2)
        else:
            funcs[fname] = ((lambda o, host_fn=host_fn, fname=fname:
                             _call(host_fn, _char(fname, o))), K.O, 0, 0)

    def lookup(name):
        from ..objects.scalars import PyBytes
        if not isinstance(name, (PyStr, PyBytes)):   # "s#": str or bytes
            raise err("TypeError", "a bytes-like object is required, not '%s'"
                      % name.ob_type.tp_name)
        return _call(db.lookup, name.value)

    def normalize(form, s):
        for what, o in (("1", form), ("2", s)):
            if not isinstance(o, PyStr):
                raise err("TypeError", "normalize() argument %s must be str, not %s"
                          % (what, o.ob_type.tp_name))
        return _call(db.normalize, form.value, s.value)

    def is_normalized(form, s):
        for what, o in (("1", form), ("2", s)):
            if not isinstance(o, PyStr):
                raise err("TypeError", "is_normalized() argument %s must be str, not %s"
                          % (what, o.ob_type.tp_name))
        return _call(db.is_normalized, form.value, s.value)
    funcs["lookup"] = (lookup, K.O, 0, 0)
    funcs["normalize"] = (normalize, K.VARARGS, 2, 2)
    funcs["is_normalized"] = (is_normalized, K.VARARGS, 2, 2)
    return funcs


def _default(o):
    """A default argument is returned as given: keep the minivm object in a host box."""
    return _Boxed(o)


class _Boxed:
    __slots__ = ("o",)

    def __init__(self, o):
        self.o = o


@native("unicodedata")
def _unicodedata_module(vm):
    import unicodedata as host_ud
    old = make_module("unicodedata", _functions(host_ud.ucd_3_2_0),
                      {"unidata_version": host_ud.ucd_3_2_0.unidata_version})
    m = make_module("unicodedata", _functions(host_ud),
                    {"unidata_version": host_ud.unidata_version})
    dict_setitem_str(m.ob_dict, "ucd_3_2_0", old)
    decref(old)
    return m
