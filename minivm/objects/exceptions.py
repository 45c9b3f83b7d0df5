"""The builtin exception hierarchy (Objects/exceptions.c) with the attributes and
``__str__`` rules of each class, and traceback objects."""

from __future__ import annotations

from typing import List

from . import abstract
from .abstract import repr_text, str_text
from .core import (
    R, STATE, BuiltinKind, PyErr, PyInstance, PyObject, PyType, decref, err, frame_object,
    incref, is_subtype,
)
from .dictobject import new_dict
from .scalars import NONE, PyStr, new_int, new_str
from .sequences import new_list, new_tuple
from .typeobject import getset, make_type, method

K = BuiltinKind


class PyBaseException(PyInstance):
    __slots__ = ("args", "traceback", "context", "cause", "suppress_context", "extra")


def _exc_clear(e):
    for name in ("traceback", "context", "cause", "args"):
        v = getattr(e, name)
        if v is not None:
            setattr(e, name, None)
            decref(v)
    extra = e.extra
    e.extra = None
    if extra:
        for v in extra.values():
            if v is not None:
                decref(v)
    d = e.ob_dict
    if d is not None:
        e.ob_dict = None
        decref(d)


base_exception_type = make_type("BaseException", layout=PyBaseException, dealloc=_exc_clear)
base_exception_type.tp_hasdict = True  # (exceptions have no weakref list: a subclass adds one)
R.exc["BaseException"] = base_exception_type


def make_exception(tp: PyType, args: List[PyObject], steal: bool = False) -> PyBaseException:
    """An instance of builtin exception type ``tp`` with ``args`` (as ``tp(*args)`` for
    builtin types; the arguments are stolen with ``steal``)."""
    if not steal:
        for a in args:
            incref(a)
    e = alloc_exception(tp)
    e.args = new_tuple(args)
    _init_extra(e, e.args.items)
    return e


def alloc_exception(tp):
    from .instances import alloc_instance
    e = alloc_instance(tp)
    e.args = incref(R.empty_tuple)
    e.traceback = None
    e.context = None
    e.cause = None
    e.suppress_context = False
    e.extra = None
    return e


def _base_exc_new(tp, args, kwargs):
    e = alloc_exception(tp)
    decref(e.args)
    e.args = new_tuple([incref(a) for a in args])
    return e


base_exception_type.tp_new = _base_exc_new


@method(base_exception_type, "__init__", K.KEYWORDS)
def base_exc_init(self, args, kwargs):
    if kwargs and (self.ob_type.tp_init_builtin is None or _no_name_keywords(self.ob_type)):
        raise err("TypeError", "%s() takes no keyword arguments" % self.ob_type.tp_name)
    old = self.args
    if len(old.items) != len(args) or any(a is not b for a, b in zip(old.items, args)):
        # (type_call gives __new__ and __init__ one args tuple, which both keep:
        # the same arguments keep the tuple __new__ stored)
        self.args = new_tuple([incref(a) for a in args])
        decref(old)
    _init_extra(self, args)
    return NONE


def _init_extra(e, args):
    # the nearest builtin class with a hook: FileNotFoundError takes OSError's,
    # ModuleNotFoundError ImportError's, as their C types inherit the init
    tp = _builtin_base(e.ob_type)
    while tp is not None:
        hook = EXTRA_INIT.get(tp)
        if hook is not None:
            hook(e, list(args))
            return
        tp = tp.tp_base


def _builtin_base(tp):
    while tp.tp_heap:
        tp = tp.tp_base
    return tp


EXTRA_INIT = {}


def _set_extra(e, name, value):
    if e.extra is None:
        e.extra = {}
    old = e.extra.get(name)
    e.extra[name] = incref(value) if value is not None else None
    if old is not None:
        decref(old)


def _extra_getter(name):
    def get(e):
        v = (e.extra or {}).get(name)
        return incref(v if v is not None else NONE)
    return get


def _extra_setter(name):
    def put(e, v):
        _set_extra(e, name, v)
    return put


@method(base_exception_type, "__str__", K.NOARGS)
def base_exc_str(self):
    items = self.args.items
    if not items:
        return new_str("")
    if len(items) == 1:
        return abstract.str_of(items[0])
    return abstract.str_of(self.args)


@method(base_exception_type, "__repr__", K.NOARGS)
def base_exc_repr(self):
    name = self.ob_type.tp_name
    items = self.args.items
    if len(items) == 1:
        return new_str("%s(%s)" % (name, repr_text(items[0])))
    return new_str("%s%s" % (name, repr_text(self.args) if items else "()"))


def _get_args(e):
    return incref(e.args)


def _set_args(e, v):
    items = abstract.sequence_list(v)
    old = e.args
    e.args = new_tuple(items)
    decref(old)


getset(base_exception_type, "args", _set_args)(_get_args)


def _slot_attr(name, allow_none=True):
    def get(e):
        v = getattr(e, name)
        return incref(v if v is not None else NONE)

    def put(e, v):
        if v is None:
            raise err("TypeError", "%s may not be deleted" % ("__" + name + "__"))
        if name == "traceback" and v is not NONE and v.ob_type is not traceback_type:
            raise err("TypeError", "__traceback__ must be a traceback or None")
        if name in ("context", "cause") and v is not NONE and \
                not is_subtype(v.ob_type, base_exception_type):
            raise err("TypeError", "exception %s must be None or derive from BaseException"
                      % ("cause" if name == "cause" else "context"))
        old = getattr(e, name)
        setattr(e, name, incref(v) if v is not NONE else None)
        if name == "cause":
            e.suppress_context = True
        if old is not None:
            decref(old)
    getset(base_exception_type, "__%s__" % name, put)(get)


for _n in ("traceback", "context", "cause"):
    _slot_attr(_n)


def _get_suppress(e):
    return incref(R.true if e.suppress_context else R.false)


def _set_suppress(e, v):
    e.suppress_context = abstract.is_true(v)


getset(base_exception_type, "__suppress_context__", _set_suppress)(_get_suppress)


def _exc_dict(e):
    if e.ob_dict is None:
        e.ob_dict = new_dict()
    return incref(e.ob_dict)


getset(base_exception_type, "__dict__")(_exc_dict)


@method(base_exception_type, "with_traceback")
def with_traceback(self, tb):
    old = self.traceback
    self.traceback = incref(tb) if tb is not NONE else None
    if old is not None:
        decref(old)
    return incref(self)


@method(base_exception_type, "add_note")
def add_note(self, note):
    if not isinstance(note, PyStr):
        raise err("TypeError", "note must be a str, not '%s'" % note.ob_type.tp_name)
    from .typeobject import generic_getattr, generic_setattr
    try:
        notes = generic_getattr(self, "__notes__")
    except PyErr as e:
        decref(e.exc)
        notes = new_list([])
        generic_setattr(self, "__notes__", notes)
    notes.items.append(incref(note))
    decref(notes)
    return NONE


_HIERARCHY = """
BaseException: BaseExceptionGroup GeneratorExit KeyboardInterrupt SystemExit Exception
Exception: ArithmeticError AssertionError AttributeError BufferError EOFError ImportError
    LookupError MemoryError NameError OSError ReferenceError RuntimeError StopAsyncIteration
    StopIteration SyntaxError SystemError TypeError ValueError Warning
ArithmeticError: FloatingPointError OverflowError ZeroDivisionError
ImportError: ModuleNotFoundError
LookupError: IndexError KeyError
NameError: UnboundLocalError
OSError: BlockingIOError ChildProcessError ConnectionError FileExistsError FileNotFoundError
    InterruptedError IsADirectoryError NotADirectoryError PermissionError ProcessLookupError
    TimeoutError
ConnectionError: BrokenPipeError ConnectionAbortedError ConnectionRefusedError
    ConnectionResetError
RuntimeError: NotImplementedError RecursionError
SyntaxError: IndentationError
IndentationError: TabError
ValueError: UnicodeError
UnicodeError: UnicodeDecodeError UnicodeEncodeError UnicodeTranslateError
Warning: BytesWarning DeprecationWarning EncodingWarning FutureWarning ImportWarning
    PendingDeprecationWarning ResourceWarning RuntimeWarning SyntaxWarning UnicodeWarning
    UserWarning
"""


def _build_hierarchy():
    parent_of = {}
    text = _HIERARCHY.replace("\n    ", " ")
    for line in text.strip().split("\n"):
        parent, _, children = line.partition(":")
        for child in children.split():
            parent_of[child] = parent.strip()
    order = ["BaseException"]
    for line in text.strip().split("\n"):
        for child in line.partition(":")[2].split():
            order.append(child)
    for name in order[1:]:
        tp = make_type(name, base=R.exc[parent_of[name]])
        R.exc[name] = tp
        R.types[name] = tp


_build_hierarchy()
R.exc["ExceptionGroup"] = make_type("ExceptionGroup", base=R.exc["BaseExceptionGroup"])
R.exc["ExceptionGroup"].tp_bases = (R.exc["BaseExceptionGroup"], R.exc["Exception"])
R.exc["ExceptionGroup"].tp_mro = (R.exc["ExceptionGroup"],) + \
    R.exc["BaseExceptionGroup"].tp_mro[:-1] + R.exc["Exception"].tp_mro
R.types["ExceptionGroup"] = R.exc["ExceptionGroup"]
for _alias in ("EnvironmentError", "IOError"):
    R.exc[_alias] = R.exc["OSError"]


def _first_arg_attr(tp_name, attr):
    def init(e, args):
        _set_extra(e, attr, args[0] if args else NONE)
    EXTRA_INIT[R.exc[tp_name]] = init
    getset(R.exc[tp_name], attr, _extra_setter(attr))(_extra_getter(attr))


_first_arg_attr("StopIteration", "value")
_first_arg_attr("StopAsyncIteration", "value")


def _sysexit_init(e, args):
    if not args:
        _set_extra(e, "code", NONE)
    elif len(args) == 1:
        _set_extra(e, "code", args[0])
    else:
        _set_extra(e, "code", e.args)


EXTRA_INIT[R.exc["SystemExit"]] = _sysexit_init
getset(R.exc["SystemExit"], "code", _extra_setter("code"))(_extra_getter("code"))

for _tp_name, _attrs, _since in (
        ("NameError", ("name",), "name_error_attributes"),
        ("AttributeError", ("name", "obj"), "name_error_attributes"),
        ("ImportError", ("name", "path", "msg"), None)):
    for _a in _attrs:
        getset(R.exc[_tp_name], _a, _extra_setter(_a), since=_since)(_extra_getter(_a))


def _import_error_init(e, args):
    _set_extra(e, "msg", args[0] if len(args) == 1 else NONE)


EXTRA_INIT[R.exc["ImportError"]] = _import_error_init
R.exc["ImportError"].tp_init_builtin = True
R.exc["NameError"].tp_init_builtin = True
R.exc["AttributeError"].tp_init_builtin = True


@method(R.exc["ImportError"], "__init__", K.KEYWORDS)
def import_error_init(self, args, kwargs):
    base_exc_init(self, args, None)
    for k, v in (kwargs or {}).items():
        if k not in ("name", "path"):
            raise err("TypeError", "'%s' is an invalid keyword argument for ImportError()" % k)
        _set_extra(self, k, v)
    return NONE


for _tp_name, _keys in (("NameError", ("name",)), ("AttributeError", ("name", "obj"))):
    def _kw_init(self, args, kwargs, _keys=_keys, _tp_name=_tp_name):
        base_exc_init(self, args, None)
        for k, v in (kwargs or {}).items():
            if k not in _keys:
                raise err("TypeError", "%s() got an unexpected keyword argument '%s'"
                          % (_tp_name, k))
            _set_extra(self, k, v)
        return NONE
    method(R.exc[_tp_name], "__init__", K.KEYWORDS, since="name_error_attributes")(_kw_init)


def _no_name_keywords(tp) -> bool:
    """NameError and AttributeError before 3.10: no ``name``/``obj`` keywords."""
    return not STATE.target.runtime("name_error_attributes") and any(
        is_subtype(tp, R.exc[n]) for n in ("NameError", "AttributeError"))


def set_attribute_error_context(exc, obj, name: str) -> None:
    _set_extra(exc, "obj", obj)
    s = new_str(name)
    _set_extra(exc, "name", s)
    decref(s)


def set_name_error_name(exc, name: str) -> None:
    s = new_str(name)
    _set_extra(exc, "name", s)
    decref(s)


@method(R.exc["KeyError"], "__str__", K.NOARGS)
def key_error_str(self):
    if len(self.args.items) == 1:
        return abstract.repr_of(self.args.items[0])
    return base_exc_str(self)


@method(R.exc["ImportError"], "__str__", K.NOARGS)
def import_error_str(self):
    msg = (self.extra or {}).get("msg")
    if msg is not None and msg is not NONE:
        return abstract.str_of(msg)
    return base_exc_str(self)


def _oserror_init(e, args):
    if 2 <= len(args) <= 5:
        _set_extra(e, "errno", args[0])
        _set_extra(e, "strerror", args[1])
        if len(args) >= 3:
            _set_extra(e, "filename", args[2])
            if len(args) == 5:
                _set_extra(e, "filename2", args[4])
            # with a filename, args keeps (errno, strerror) only (oserror_init)
            old = e.args
            e.args = new_tuple([incref(a) for a in args[:2]])
            decref(old)


EXTRA_INIT[R.exc["OSError"]] = _oserror_init
for _a in ("errno", "strerror", "filename", "filename2"):
    getset(R.exc["OSError"], _a, _extra_setter(_a))(_extra_getter(_a))


@method(R.exc["OSError"], "__str__", K.NOARGS)
def oserror_str(self):
    extra = self.extra or {}
    if extra.get("strerror") is not None and extra.get("errno") is not None:
        if extra.get("filename") is not None and extra.get("filename2") is not None:
            return new_str("[Errno %s] %s: %s -> %s" % (
                str_text(extra["errno"]), str_text(extra["strerror"]),
                repr_text(extra["filename"]), repr_text(extra["filename2"])))
        if extra.get("filename") is not None:
            return new_str("[Errno %s] %s: %s" % (str_text(extra["errno"]),
                                                  str_text(extra["strerror"]),
                                                  repr_text(extra["filename"])))
        return new_str("[Errno %s] %s" % (str_text(extra["errno"]),
                                          str_text(extra["strerror"])))
    return base_exc_str(self)


def _syntax_error_init(e, args):
    _set_extra(e, "msg", args[0] if args else NONE)
    if len(args) == 2:
        info = abstract.sequence_list(args[1])
        for name, v in zip(("filename", "lineno", "offset", "text", "end_lineno",
                            "end_offset"), info):
            _set_extra(e, name, v)
            decref(v)


EXTRA_INIT[R.exc["SyntaxError"]] = _syntax_error_init
for _a in ("msg", "filename", "lineno", "offset", "text", "end_lineno", "end_offset",
           "print_file_and_line"):
    getset(R.exc["SyntaxError"], _a, _extra_setter(_a))(_extra_getter(_a))


@method(R.exc["SyntaxError"], "__str__", K.NOARGS)
def syntax_error_str(self):
    extra = self.extra or {}
    msg = str_text(extra.get("msg") or NONE)
    filename = extra.get("filename")
    lineno = extra.get("lineno")
    fn = None
    if filename is not None and filename is not NONE:
        fn = filename.value.rpartition("/")[2]
    has_line = lineno is not None and lineno is not NONE
    if fn and has_line:
        return new_str("%s (%s, line %s)" % (msg, fn, str_text(lineno)))
    if fn:
        return new_str("%s (%s)" % (msg, fn))
    if has_line:
        return new_str("%s (line %s)" % (msg, str_text(lineno)))
    return new_str(msg)


# -- exception groups: see excgroups.py (installed at the end of this module) ---------------


# -- traceback objects ----------------------------------------------------------------

class PyTraceback(PyObject):
    __slots__ = ("tb_next", "tb_frame", "tb_lasti", "tb_lineno")


def _tb_dealloc(tb):
    nxt, frame = tb.tb_next, tb.tb_frame
    tb.tb_next = tb.tb_frame = None
    if nxt is not None:
        decref(nxt)
    if frame is not None:
        decref(frame)


traceback_type = make_type("traceback", layout=PyTraceback, basetype=False,
                           dealloc=_tb_dealloc)


def new_traceback(nxt, frame, lasti: int, lineno: int) -> PyTraceback:
    """``PyTraceBack_Here``: references to ``nxt`` (stolen) and ``frame`` (taken)."""
    tb = PyTraceback.__new__(PyTraceback)
    tb.ob_refcnt = 1
    tb.ob_type = traceback_type
    tb.tb_next = nxt
    tb.tb_frame = incref(frame)
    frame_object(frame)
    tb.tb_lasti = lasti
    tb.tb_lineno = lineno
    return tb


def _tb_set_next(tb, value):
    """``tb_next`` is writable (3.7+): None or a traceback that does not loop back."""
    if value is None:
        raise err("TypeError", "can't delete tb_next attribute")
    if value is not NONE:
        if value.ob_type is not traceback_type:
            raise err("TypeError", "expected traceback object or None, got '%s'"
                      % value.ob_type.tp_name)
        cursor = value
        while cursor is not None:
            if cursor is tb:
                raise err("ValueError", "traceback loop detected")
            cursor = cursor.tb_next
    old = tb.tb_next
    tb.tb_next = None if value is NONE else incref(value)
    if old is not None:
        decref(old)


getset(traceback_type, "tb_next", _tb_set_next)(lambda tb: incref(tb.tb_next or NONE))
getset(traceback_type, "tb_frame")(lambda tb: incref(tb.tb_frame))
getset(traceback_type, "tb_lineno")(lambda tb: new_int(tb.tb_lineno))
getset(traceback_type, "tb_lasti")(lambda tb: new_int(tb.tb_lasti * 2))


from . import excgroups  # noqa: E402

excgroups.install()


def _install_unicode_errors() -> None:
    """The attributes and message of UnicodeEncodeError, UnicodeDecodeError and
    UnicodeTranslateError (kept as ``extra`` fields; see scalars._unicode_error)."""
    for name in ("UnicodeEncodeError", "UnicodeDecodeError", "UnicodeTranslateError"):
        tp = R.exc[name]
        for field in ("encoding", "object", "start", "end", "reason"):
            getset(tp, field, _extra_setter(field))(_extra_getter(field))

        def text(self, _name=name):
            msg = (self.extra or {}).get("message")
            if msg is not None:
                return incref(msg)
            return base_exc_str(self)
        method(tp, "__str__", K.NOARGS)(text)


_install_unicode_errors()
