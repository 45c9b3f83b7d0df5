"""The ``sys`` module of the target: ``getrefcount`` (immortal objects report the
target's immortal count), ``version_info``, ``stdout``/``stderr`` that collect the
program's output, ``exc_info``, ``exception``, recursion limit, ``exit``."""

from __future__ import annotations

from ..objects.core import IMMORTAL, R, STATE, BuiltinKind, PyErr, PyInstance, PyObject, \
    decref, err, frame_object, incref
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
    __slots__ = ("sink", "stream_name", "fd")


textio_type = make_type("_io.TextIOWrapper", layout=PyTextStream, module="_io")


@method(textio_type, "write")
def textio_write(self, s):
    if not isinstance(s, PyStr):
        raise err("TypeError", "write() argument must be str, not %s" % s.ob_type.tp_name)
    self.sink(s.value)
    return new_int(len(s.value))


@method(textio_type, "flush", K.NOARGS)
def textio_flush(self):
    # What was written so far has reached the file descriptor: os._exit keeps it.
    if self.sink is not None:
        STATE.vm.flushed[self.fd] = len(STATE.vm.stdout_parts if self.fd == 1
                                        else STATE.vm.stderr_parts)
    return incref(NONE)


def _install_stream_attributes():
    """What programs read of sys.stdout and sys.stderr (the oracle's are pipes)."""
    from ..objects.typeobject import getset
    for name, value in (("encoding", "utf-8"), ("errors", "strict"), ("mode", "w"),
                        ("newlines", None), ("line_buffering", False)):
        getset(textio_type, name)(lambda self, value=value: from_host(value))
    getset(textio_type, "closed")(lambda self: incref(R.false))
    getset(textio_type, "name")(lambda self: new_str(self.stream_name))
    for name in ("writable",):
        method(textio_type, name, K.NOARGS)(lambda self: incref(R.true))
    for name in ("readable", "seekable", "isatty"):
        method(textio_type, name, K.NOARGS)(lambda self: incref(R.false))
    method(textio_type, "fileno", K.NOARGS)(lambda self: new_int(self.fd))
    for name in ("read", "readline"):
        method(textio_type, name, K.VARARGS, 0, 1)(_read_empty)
    method(textio_type, "readlines", K.VARARGS, 0, 1)(
        lambda self, *a: (_read_empty(self), new_list([]))[1])
    method(textio_type, "writelines")(_writelines)


def _read_empty(self, *args):
    """stdin of a minivm program is empty (as the oracle's is); stdout and stderr
    are not readable."""
    if self.fd != 0:
        from ..modules._io import _new_unsupported
        raise PyErr(_new_unsupported("not readable"))
    return new_str("")


def _writelines(self, lines):
    from ..objects.abstract import iterate
    for line in iterate(lines):
        try:
            textio_write(self, line)
        finally:
            decref(line)
    return incref(NONE)


_install_stream_attributes()


def _stream(sink, name="<stdout>", fd=1):
    o = PyTextStream(textio_type)
    o.sink = sink
    o.stream_name = name
    o.fd = fd
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
    f = stack[-1 - d]
    frame_object(f)
    return incref(f)


def write_sys_stderr(vm, text: str) -> None:
    """``PySys_WriteStderr``: ``text`` to whatever ``sys.stderr`` is now; if that is
    missing or its ``write`` fails, to the process's stderr (the error is dropped)."""
    from ..objects.abstract import vectorcall_method
    stream = vm.sys_module.ob_dict.vals.get("stderr") if vm.sys_module is not None else None
    if stream is None or stream is NONE:
        vm.write_stderr(text)
        return
    line = new_str(text)
    try:
        decref(vectorcall_method("write", stream, [line]))
    except PyErr as e:
        decref(e.exc)
        vm.write_stderr(text)
    finally:
        decref(line)


def _displayhook(value):
    """``sys.displayhook``: repr of a non-None value to sys.stdout, kept as ``_``."""
    from ..objects.abstract import repr_of, vectorcall_method
    from ..objects.typeobject import getattr_str
    if value is NONE:
        return incref(NONE)
    builtins = STATE.vm.builtins
    dict_setitem_str(builtins, "_", NONE)
    text = repr_of(value)
    stdout = getattr_str(STATE.vm.sys_module, "stdout")
    try:
        line = new_str(text.value + "\n")
        try:
            decref(vectorcall_method("write", stdout, [line]))
        finally:
            decref(line)
    finally:
        decref(text)
        decref(stdout)
    dict_setitem_str(builtins, "_", value)
    return incref(NONE)


def _excepthook(exc_type, exc, tb):
    from ..vm.traceback import print_exception
    print_exception(STATE.vm, exc)
    return incref(NONE)


def _intern(s):
    from ..objects.scalars import intern
    return incref(intern(s.value))


def _getsizeof(args, kwargs):
    """``sys.getsizeof(obj[, default])``: ``type(obj).__sizeof__(obj)`` plus the size
    of the GC header (16) for an object of a GC type, as sysmodule.c does; ``default``
    is returned when ``__sizeof__`` is missing or raises TypeError."""
    from ..objects import abstract
    from ..memory.gc import _NOT_CONTAINERS
    from ..objects.core import is_subtype
    default = args[1] if len(args) > 1 else (kwargs or {}).get("default")
    o = args[0] if args else (kwargs or {}).get("object")
    if o is None:
        raise err("TypeError", "getsizeof() missing required argument 'object' (pos 1)")
    try:
        size = abstract.lookup_special_call(o, "__sizeof__", [])
        if size is None:
            raise err("TypeError", "Type %s doesn't define __sizeof__" % o.ob_type.tp_name)
    except PyErr as e:
        if default is not None and is_subtype(e.exc.ob_type, R.exc["TypeError"]):
            decref(e.exc)
            return incref(default)
        raise
    try:
        n = index_value(size)
    finally:
        decref(size)
    if n < 0:
        raise err("ValueError", "__sizeof__() should return >= 0")
    static = next(t for t in o.ob_type.tp_mro if not t.tp_heap)
    gc_type = o.ob_type.tp_heap or static.tp_name not in _NOT_CONTAINERS | {"object"}
    # 3.11+ keeps a heap instance's dict (and weakref list) pointers before the object
    managed = o.ob_type.tp_heap and o.ob_type.tp_hasdict and STATE.target.runtime("managed_dicts")
    return new_int(n + (16 if gc_type else 0) + (16 if managed else 0))


def _unraisablehook(args):
    """The default ``sys.unraisablehook``: 'Exception ignored in: <obj repr>' (or the
    hook's err_msg), then the exception as a traceback prints it, on stderr."""
    from ..objects import abstract
    from ..objects.typeobject import getattr_str
    from ..vm.traceback import print_exception
    vm = STATE.vm
    fields = {}
    for name in ("exc_value", "err_msg", "object"):
        fields[name] = getattr_str(args, name)
    try:
        msg, obj, exc = fields["err_msg"], fields["object"], fields["exc_value"]
        text = abstract.str_text(msg) if msg is not NONE else "Exception ignored in"
        if obj is not NONE:
            text += ": " + abstract.repr_text(obj)
        vm.write_stderr(text + "\n")
        if exc is not NONE:
            print_exception(vm, exc)
    finally:
        for v in fields.values():
            decref(v)
    return incref(NONE)


FUNCS = {
    "getsizeof": (_getsizeof, K.KEYWORDS, 0, 0),
    "unraisablehook": (_unraisablehook, K.O, 0, 0),
    "getrefcount": (_getrefcount, K.O, 0, 0),
    "exc_info": (_exc_info, K.NOARGS, 0, 0),
    "exception": (_exception, K.NOARGS, 0, 0),
    "exit": (_exit, K.VARARGS, 0, 1),
    "getrecursionlimit": (lambda: new_int(STATE.vm.recursion_limit), K.NOARGS, 0, 0),
    "setrecursionlimit": (_setrecursionlimit, K.O, 0, 0),
    "_getframe": (_getframe, K.VARARGS, 0, 1),
    "intern": (_intern, K.O, 0, 0),
    "getdefaultencoding": (lambda: new_str("utf-8"), K.NOARGS, 0, 0),
    "displayhook": (_displayhook, K.O, 0, 0),
    "excepthook": (_excepthook, K.VARARGS, 3, 3),
    "getfilesystemencoding": (lambda: new_str("utf-8"), K.NOARGS, 0, 0),
    "getfilesystemencodeerrors": (lambda: new_str("surrogateescape"), K.NOARGS, 0, 0),
    "getswitchinterval": (lambda: from_host(0.005), K.NOARGS, 0, 0),
    "is_finalizing": (lambda: incref(R.false), K.NOARGS, 0, 0),
    "gettrace": (lambda: incref(NONE), K.NOARGS, 0, 0),
    "getprofile": (lambda: incref(NONE), K.NOARGS, 0, 0),
    "settrace": (lambda f: incref(NONE), K.O, 0, 0),
    "setprofile": (lambda f: incref(NONE), K.O, 0, 0),
    "audit": (lambda *a: incref(NONE), K.VARARGS, 1, 99),
    "addaudithook": (lambda f: incref(NONE), K.O, 0, 0),
    "get_int_max_str_digits": (lambda: new_int(STATE.vm.int_max_str_digits), K.NOARGS, 0, 0),
    "set_int_max_str_digits": (lambda n: _set_int_max_str_digits(n), K.O, 0, 0),
}


def _set_int_max_str_digits(n):
    """The limit on int/str conversions (3.11+), applied by minivm's conversions."""
    value = index_value(n)
    if value != 0 and value < 640:
        raise err("ValueError", "maxdigits must be 0 or larger than 640")
    STATE.vm.int_max_str_digits = value
    return incref(NONE)


def make_sys_module(vm):
    from ..objects.moduleobject import new_module
    m = new_module("sys")
    d = m.ob_dict
    for name, (fn, kind, lo, hi) in FUNCS.items():
        f = PyCFunction(name, fn, kind, None, lo, hi, module="sys")
        dict_setitem_str(d, name, f)
        decref(f)
    major, minor = vm.target.version
    micro = vm.target.micro
    version = (major, minor, micro, "final", 0)
    hexversion = (major << 24) | (minor << 16) | (micro << 8) | 0xf0
    values = {
        "hexversion": hexversion, "api_version": 1013,
        "maxsize": (1 << 63) - 1, "maxunicode": 0x10ffff, "byteorder": "little",
        "platform": "linux", "argv": [vm_main_file(vm)], "path": [], "executable": "",
        "prefix": "", "base_prefix": "", "exec_prefix": "", "platlibdir": "lib",
        "dont_write_bytecode": True, "warnoptions": [], "meta_path": [], "path_hooks": [],
        "builtin_module_names": tuple(sorted(_builtin_names())),
        "version": "%d.%d.%d (minivm)" % (major, minor, micro), "abiflags": "",
        "float_repr_style": "short",
    }
    for name, value in values.items():
        o = from_host(value)
        dict_setitem_str(d, name, o)
        decref(o)
    from ..objects.dictobject import new_dict
    for name in ("path_importer_cache", "_xoptions"):
        o = new_dict()
        dict_setitem_str(d, name, o)
        decref(o)
    for name, o in (("version_info", structseq(VERSION_INFO, version)),
                    ("implementation", _implementation(vm, version, hexversion)),
                    ("flags", structseq(FLAGS, (0,) * 15 + (False, 0, -1))),
                    ("float_info", structseq(FLOAT_INFO, _float_info())),
                    ("int_info", structseq(INT_INFO, (30, 4, 4300, 640))),
                    ("hash_info", structseq(HASH_INFO, (
                        64, (1 << 61) - 1, 314159, 0, 1000003, vm.target.hash_algorithm,
                        64, 128, 0)))):
        dict_setitem_str(d, name, o)
        decref(o)
    for name in ("displayhook", "excepthook", "unraisablehook"):
        dict_setitem_str(d, "__%s__" % name, d.vals[name])
    stdin = _stream(None, "<stdin>", 0)
    for key in ("stdin", "__stdin__"):
        dict_setitem_str(d, key, stdin)
    decref(stdin)
    for name, sink, fd in (("stdout", vm.write_stdout, 1), ("stderr", vm.write_stderr, 2)):
        s = _stream(sink, "<%s>" % name, fd)
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


def _builtin_names():
    from . import NATIVE_MODULES, native_maker
    return [n for n in NATIVE_MODULES if native_maker(n, STATE.target)] + ["builtins"]


def _implementation(vm, version, hexversion):
    from ..modules._util import namespace_type
    from ..objects.instances import alloc_instance
    from ..objects.dictobject import new_dict
    ns = alloc_instance(namespace_type)
    ns.ob_dict = new_dict()
    for k, v in (("name", new_str("cpython")), ("cache_tag", new_str(vm.target.cache_tag)),
                 ("version", structseq(VERSION_INFO, version)),
                 ("hexversion", new_int(hexversion)),
                 ("_multiarch", new_str("x86_64-linux-gnu"))):
        dict_setitem_str(ns.ob_dict, k, v)
        decref(v)
    return ns


def _float_info():
    import sys as host_sys
    return tuple(host_sys.float_info)


# -- struct sequences (PyStructSequence): tuples with named fields -------------------------

class StructSeqDef:
    """A struct sequence type: its minivm type (a tuple subclass) and field names."""

    def __init__(self, name: str, fields, module: str) -> None:
        from ..objects.sequences import tuple_type
        from ..objects.typeobject import getset
        self.fields = tuple(fields)
        tp = make_type(name, base=tuple_type, basetype=False, module=module)
        self.type = tp
        for i, field in enumerate(self.fields):
            getset(tp, field)(lambda o, i=i: incref(o.items[i]))

        @method(tp, "__repr__", K.NOARGS)
        def structseq_repr(o):
            from ..objects.abstract import repr_text
            parts = ["%s=%s" % (f, repr_text(v)) for f, v in zip(self.fields, o.items)]
            return new_str("%s(%s)" % (name, ", ".join(parts)))


def structseq(definition: StructSeqDef, values) -> PyObject:
    from ..objects.sequences import new_tuple
    t = new_tuple([from_host(v) for v in values])
    t.ob_type = definition.type
    return t


VERSION_INFO = StructSeqDef("sys.version_info", ("major", "minor", "micro", "releaselevel",
                                                 "serial"), "sys")
FLAGS = StructSeqDef("sys.flags", (
    "debug", "inspect", "interactive", "optimize", "dont_write_bytecode", "no_user_site",
    "no_site", "ignore_environment", "verbose", "bytes_warning", "quiet", "hash_randomization",
    "isolated", "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path",
    "int_max_str_digits"), "sys")
FLOAT_INFO = StructSeqDef("sys.float_info", (
    "max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp", "dig", "mant_dig",
    "epsilon", "radix", "rounds"), "sys")
INT_INFO = StructSeqDef("sys.int_info", ("bits_per_digit", "sizeof_digit",
                                         "default_max_str_digits", "str_digits_check_threshold"),
                        "sys")
HASH_INFO = StructSeqDef("sys.hash_info", ("width", "modulus", "inf", "nan", "imag",
                                           "algorithm", "hash_bits", "seed_bits", "cutoff"),
                         "sys")


def vm_main_file(vm):
    return getattr(vm, "main_filename", "")


@native("sys")
def _sys(vm):
    return incref(vm.sys_module)
