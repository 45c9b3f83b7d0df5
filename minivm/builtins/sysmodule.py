"""The ``sys`` module of the target: ``getrefcount`` (immortal objects report the
target's immortal count), ``version_info``, ``stdout``/``stderr`` that collect the
program's output, ``exc_info``, ``exception``, recursion limit, ``exit``."""

from __future__ import annotations

from ..objects.core import IMMORTAL, R, STATE, BuiltinKind, PyErr, PyInstance, decref, err, \
    incref
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import NONE, PyStr, from_host, index_value, new_int, new_str
from ..objects.sequences import new_list, new_tuple
from ..objects.typeobject import PyCFunction, make_type, method
from . import native

K = BuiltinKind

#: ``sys.getrefcount`` of an immortal object, per target (PEP 683: 3.12 reports
#: UINT_MAX, 3.13 the same 32-bit saturated value).
IMMORTAL_REFCNT = {(3, 12): 4294967295, (3, 13): 4294967295}


class PyTextStream(PyInstance):
    __slots__ = ("sink",)


textio_type = make_type("_io.TextIOWrapper", layout=PyTextStream, module="_io")


@method(textio_type, "write")
def textio_write(self, s):
    if not isinstance(s, PyStr):
        raise err("TypeError", "write() argument must be str, not %s" % s.ob_type.tp_name)
    self.sink(s.value)
    return new_int(len(s.value))


method(textio_type, "flush", K.NOARGS)(lambda self: incref(NONE))


def _stream(sink):
    o = PyTextStream(textio_type)
    o.sink = sink
    return o


def _getrefcount(o):
    if o.ob_refcnt >= IMMORTAL // 2:
        return new_int(IMMORTAL_REFCNT.get(STATE.target.version, o.ob_refcnt))
    return new_int(o.ob_refcnt)


def _exc_info():
    exc = STATE.vm.current_exception()
    if exc is None:
        return new_tuple([incref(NONE), incref(NONE), incref(NONE)])
    return new_tuple([incref(exc.ob_type), incref(exc), incref(exc.traceback or NONE)])


def _exception():
    exc = STATE.vm.current_exception()
    return incref(exc if exc is not None else NONE)


def _exit(code=None):
    from ..objects.core import new_exception
    if code is None:
        raise PyErr(new_exception("SystemExit", None))
    raise PyErr(new_exception("SystemExit", None, code))


def _setrecursionlimit(n):
    STATE.vm.recursion_limit = index_value(n)
    return incref(NONE)


def _getframe(depth=None):
    d = index_value(depth) if depth is not None else 0
    stack = STATE.vm.frame_stack
    if d >= len(stack):
        raise err("ValueError", "call stack is not deep enough")
    return incref(stack[-1 - d])


def _intern(s):
    from ..objects.scalars import intern
    return incref(intern(s.value))


FUNCS = {
    "getrefcount": (_getrefcount, K.O, 0, 0),
    "exc_info": (_exc_info, K.NOARGS, 0, 0),
    "exception": (_exception, K.NOARGS, 0, 0),
    "exit": (_exit, K.VARARGS, 0, 1),
    "getrecursionlimit": (lambda: new_int(STATE.vm.recursion_limit), K.NOARGS, 0, 0),
    "setrecursionlimit": (_setrecursionlimit, K.O, 0, 0),
    "_getframe": (_getframe, K.VARARGS, 0, 1),
    "intern": (_intern, K.O, 0, 0),
    "getdefaultencoding": (lambda: new_str("utf-8"), K.NOARGS, 0, 0),
}


def make_sys_module(vm):
    from ..objects.moduleobject import new_module
    m = new_module("sys")
    d = m.ob_dict
    for name, (fn, kind, lo, hi) in FUNCS.items():
        f = PyCFunction(name, fn, kind, None, lo, hi, module="sys")
        dict_setitem_str(d, name, f)
        decref(f)
    major, minor = vm.target.version
    values = {
        "version_info": (major, minor, 0, "final", 0),
        "hexversion": (major << 24) | (minor << 16) | 0xf0,
        "maxsize": (1 << 63) - 1, "byteorder": "little", "platform": "linux",
        "argv": [vm_main_file(vm)], "path": [], "executable": "", "prefix": "",
        "dont_write_bytecode": True,
    }
    for name, value in values.items():
        o = from_host(value)
        dict_setitem_str(d, name, o)
        decref(o)
    for name, sink in (("stdout", vm.write_stdout), ("stderr", vm.write_stderr)):
        s = _stream(sink)
        dict_setitem_str(d, name, s)
        dict_setitem_str(d, "__%s__" % name, s)
        decref(s)
    dict_setitem_str(d, "modules", vm.modules)
    key = new_str("sys")
    from ..objects.dictobject import dict_setitem
    dict_setitem(vm.modules, key, m)
    key2 = new_str("builtins")
    dict_setitem(vm.modules, key2, vm.builtins_module)
    decref(key)
    decref(key2)
    return m


def vm_main_file(vm):
    return getattr(vm, "main_filename", "")


@native("sys")
def _sys(vm):
    return incref(vm.sys_module)
