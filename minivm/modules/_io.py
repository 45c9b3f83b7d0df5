"""The ``_io`` module: StringIO, BytesIO, files (host io objects), and the _IOBase family."""

from __future__ import annotations

from typing import Any, Dict

from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyErr, decref, err, incref
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import (
    FALSE, NONE, PyLong, PyStr, from_host, index_value, new_bool,
    new_str,
)
from ..objects.sequences import new_list
from ..objects.typeobject import getset, make_type, method
from ..builtins import native
from ._util import make_module
from .posix import _os_arg, oserror_from_host

K = BuiltinKind


# -- _io: StringIO, BytesIO, files (host io objects), and the _IOBase family ---------------

from ..objects.core import PyInstance  # noqa: E402


class PyHostIO(PyInstance):
    """An _io object: ``host`` is the host io object doing the work (None for a
    user subclass of an abstract base), ``iobase_closed`` the _IOBase flag,
    ``raw`` the minivm buffer a TextIOWrapper wraps (owned)."""
    __slots__ = ("host", "iobase_closed", "raw")


def _hostio_dealloc(o):
    raw, o.raw = getattr(o, "raw", None), None
    if raw is not None:
        decref(raw)
    host, o.host = o.host, None
    if host is not None:
        try:
            host.close()
        except Exception:  # noqa: BLE001 - a failing close at dealloc is ignored
            pass
    from ..objects.instances import subtype_dealloc  # noqa: F401
    if o.ob_dict is not None:
        d, o.ob_dict = o.ob_dict, None
        decref(d)


_IO_TYPES: Dict[str, Any] = {}


def _io_type(name, base=None, basetype=True):
    tp = _IO_TYPES.get(name)
    if tp is None:
        tp = make_type("_io." + name, base=base or R.types["object"], layout=PyHostIO,
                       basetype=basetype, dealloc=_hostio_dealloc, module="_io")
        tp.tp_hasdict = True
        tp.tp_hasweak = True
        _IO_TYPES[name] = tp
    return tp


def _unsupported_operation():
    """``io.UnsupportedOperation``: a heap class (PyErr_NewException) deriving from
    OSError and ValueError, made once per run."""
    vm = STATE.vm
    tp = getattr(vm, "unsupported_operation", None)
    if tp is None:
        from ..objects.dictobject import new_dict
        from ..objects.instances import type_new
        ns = new_dict()
        module = new_str("io")
        dict_setitem_str(ns, "__module__", module)
        decref(module)
        tp = type_new(R.types["type"], "UnsupportedOperation",
                      [R.exc["OSError"], R.exc["ValueError"]], ns)
        decref(ns)
        vm.unsupported_operation = tp
    return tp


def _new_unsupported(message: str):
    msg = new_str(message)
    try:
        return abstract.call(_unsupported_operation(), [msg])
    finally:
        decref(msg)


def _io_error(host_error: BaseException) -> PyErr:
    import io as host_io
    if isinstance(host_error, host_io.UnsupportedOperation):
        return PyErr(_new_unsupported(str(host_error)))
    if isinstance(host_error, OSError) and host_error.errno is not None:
        return oserror_from_host(host_error)
    from ..objects.scalars import convert_host_error
    return convert_host_error(host_error)


def _io_value(o):
    """A host argument for an io method."""
    from ..objects.scalars import PyBytes
    from ..objects.bytesobject import PyByteArray
    if o is NONE:
        return None
    if isinstance(o, (PyStr, PyBytes, PyLong)):
        return o.value
    if isinstance(o, PyByteArray):
        return o.value
    if o.ob_type.tp_name == "memoryview":
        from ..objects.bytesobject import _mv_bytes
        return _mv_bytes(o)
    if o.ob_type in (R.types["list"], R.types["tuple"]):
        return [_io_value(x) for x in o.items]
    raise err("TypeError", "minivm io: unsupported argument of type '%s'" % o.ob_type.tp_name)


def _host_of(o):
    if o.host is None:
        raise err("ValueError", "I/O operation on uninitialized object")
    return o.host


def _io_delegate(name):
    def fn(o, args, kwargs):
        host = _host_of(o)
        try:
            result = getattr(host, name)(*[_io_value(a) for a in args],
                                         **{k: _io_value(v) for k, v in (kwargs or {}).items()})
        except (OSError, ValueError, TypeError, BufferError) as e:
            # BufferError: a BytesIO that getbuffer() exported refuses to resize
            raise _io_error(e) from None
        return from_host(result)
    return fn


_HOST_METHODS = ("read", "readline", "readlines", "write", "writelines", "seek", "tell",
                 "truncate", "flush", "readable", "writable", "seekable", "isatty", "fileno",
                 "getvalue", "read1", "readinto", "detach", "peek",
                 "reconfigure")


def _install_host_methods(tp, names):
    for name in names:
        method(tp, name, K.KEYWORDS)(_io_delegate(name))


def _iobase_closed(o) -> bool:
    if o.host is not None:
        return bool(o.host.closed)
    return bool(getattr(o, "iobase_closed", False))


def _install_iobase(tp):
    """The C _IOBase's methods, written in terms of the object's own methods so that
    subclasses implementing read/readline/write work."""
    def enter(o):
        if _truth_attr(o, "closed"):
            raise err("ValueError", "I/O operation on closed file.")
        return incref(o)

    def exit_(o, *args):
        return abstract.vectorcall_method("close", o, [])

    def close(o):
        if o.host is not None:
            try:
                o.host.close()
            except OSError as e:
                raise _io_error(e) from None
        else:
            o.iobase_closed = True
        return incref(NONE)

    def next_(o):
        line = abstract.vectorcall_method("readline", o, [])
        if abstract.length_of(line) == 0:
            decref(line)
            from ..objects.core import new_exception
            raise PyErr(new_exception("StopIteration", None))
        return line

    def readlines(o, hint=None):
        lines = []
        total = 0
        limit = -1 if hint is None or hint is NONE else index_value(hint)
        while True:
            line = abstract.vectorcall_method("readline", o, [])
            n = abstract.length_of(line)
            if n == 0:
                decref(line)
                break
            lines.append(line)
            total += n
            if 0 < limit <= total:
                break
        return new_list(lines)

    def writelines(o, lines):
        for line in abstract.iterate(lines):
            try:
                decref(abstract.vectorcall_method("write", o, [line]))
            finally:
                decref(line)
        return incref(NONE)

    def unsupported(name):
        def fn(o, *args):
            raise PyErr(_new_unsupported(name))
        return fn
    method(tp, "__enter__", K.NOARGS)(enter)
    method(tp, "__exit__", K.VARARGS, 0, 3)(exit_)
    method(tp, "close", K.NOARGS)(close)
    method(tp, "__iter__", K.NOARGS)(lambda o: (enter(o) and None) or incref(o)
                                     if False else _iter_self(o))
    method(tp, "__next__", K.NOARGS)(next_)
    method(tp, "readlines", K.VARARGS, 0, 1)(readlines)
    method(tp, "writelines")(writelines)
    method(tp, "flush", K.NOARGS)(lambda o: incref(NONE))
    for name in ("readable", "writable", "seekable", "isatty"):
        method(tp, name, K.NOARGS)(lambda o: incref(FALSE))
    for name in ("fileno", "seek", "truncate", "tell"):
        method(tp, name, K.VARARGS, 0, 2)(unsupported(name))
    getset(tp, "closed")(lambda o: new_bool(_iobase_closed(o)))
    method(tp, "__del__", K.NOARGS)(lambda o: incref(NONE))


def _iter_self(o):
    if _truth_attr(o, "closed"):
        raise err("ValueError", "I/O operation on closed file.")
    return incref(o)


def _truth_attr(o, name) -> bool:
    from ..objects.typeobject import getattr_str
    v = getattr_str(o, name)
    try:
        return abstract.is_true(v)
    finally:
        decref(v)


def _make_io_types():
    iobase = _io_type("_IOBase")
    _install_iobase(iobase)
    raw = _io_type("_RawIOBase", iobase)
    buffered = _io_type("_BufferedIOBase", iobase)
    text = _io_type("_TextIOBase", iobase)
    concrete = {
        "StringIO": text, "TextIOWrapper": text, "BytesIO": buffered,
        "BufferedReader": buffered, "BufferedWriter": buffered, "BufferedRandom": buffered,
        "BufferedRWPair": buffered, "FileIO": raw,
    }
    for name, base in concrete.items():
        tp = _io_type(name, base)
        _install_host_methods(tp, _HOST_METHODS)
        method(tp, "__next__", K.NOARGS)(_host_next)
        method(tp, "__iter__", K.NOARGS)(_iter_self)
        method(tp, "close", K.NOARGS)(_io_delegate_noargs("close"))
        for attr in ("name", "mode", "encoding", "errors", "newlines", "line_buffering",
                     "closefd"):
            getset(tp, attr, _dict_attr_setter(attr))(_host_attr(attr))
        getset(tp, "buffer")(_buffer_attr)
    _IO_TYPES["TextIOWrapper"].tp_new = _textio_new
    method(_IO_TYPES["TextIOWrapper"], "__init__", K.KEYWORDS)(_textio_init)
    _IO_TYPES["StringIO"].tp_new = _stringio_new
    _IO_TYPES["BytesIO"].tp_new = _bytesio_new
    method(_IO_TYPES["StringIO"], "__init__", K.KEYWORDS)(_stringio_init)
    method(_IO_TYPES["BytesIO"], "__init__", K.KEYWORDS)(_bytesio_init)
    method(_IO_TYPES["BytesIO"], "getbuffer", K.NOARGS)(_bytesio_getbuffer)
    for name in ("StringIO", "BytesIO"):
        method(_IO_TYPES[name], "__repr__", K.NOARGS)(
            lambda o: new_str("<_io.%s object at 0x%x>" % (
                o.ob_type.tp_name.rpartition(".")[2], STATE.vm.fake_address(o))))


def _io_delegate_noargs(name):
    fn = _io_delegate(name)
    return lambda o: fn(o, [], None)


def _host_next(o):
    host = _host_of(o)
    try:
        line = host.readline()
    except (OSError, ValueError) as e:
        raise _io_error(e) from None
    if not line:
        from ..objects.core import new_exception
        raise PyErr(new_exception("StopIteration", None))
    return from_host(line)


def _dict_attr_setter(name):
    """Setting ``name`` (as tokenize.open sets ``mode``) stores it in the instance
    dict, which the getter then prefers."""
    def put(o, value):
        from ..objects.dictobject import dict_delitem_str, new_dict
        if o.ob_dict is None:
            o.ob_dict = new_dict()
        if value is None:
            dict_delitem_str(o.ob_dict, name)
        else:
            dict_setitem_str(o.ob_dict, name, value)
    return put


def _host_attr(name):
    def get(o):
        own = o.ob_dict.vals.get(name) if o.ob_dict is not None else None
        if own is not None:
            return incref(own)
        value = getattr(_host_of(o), name, None)
        if name == "name" and isinstance(value, str) and o.ob_type.tp_name in (
                "_io.StringIO", "_io.BytesIO"):
            raise err("AttributeError", "'%s' object has no attribute 'name'"
                      % o.ob_type.tp_name)
        return from_host(value) if value is None or isinstance(value, (str, int, bytes,
                                                                        bool, tuple)) \
            else incref(NONE)
    return get


def _buffer_attr(o):
    if getattr(o, "raw", None) is not None:
        return incref(o.raw)
    host = _host_of(o)
    buf = getattr(host, "buffer", None)
    if buf is None:
        raise err("AttributeError", "'%s' object has no attribute 'buffer'" % o.ob_type.tp_name)
    return _wrap_host_io(buf)


def _new_io(tp, host):
    if tp.tp_heap:
        from ..objects.instances import alloc_instance
        o = alloc_instance(tp)
    else:
        o = PyHostIO.__new__(PyHostIO)
        o.ob_refcnt = 1
        o.ob_type = tp
        o.ob_dict = o.ob_weak = o.ob_slots = None
    o.host = host
    o.iobase_closed = False
    o.raw = None
    return o


def _textio_new(tp, args, kwargs):
    return _new_io(tp, None)


def _textio_init(o, args, kwargs):
    """``TextIOWrapper(buffer, encoding=None, errors=None, newline=None,
    line_buffering=False, write_through=False)`` over a minivm io object."""
    import io as host_io
    names = ("buffer", "encoding", "errors", "newline", "line_buffering", "write_through")
    values = dict(zip(names, args))
    values.update(kwargs or {})
    buffer = values.pop("buffer", None)
    if buffer is None:
        raise err("TypeError", "TextIOWrapper() missing required argument 'buffer' (pos 1)")
    if not isinstance(buffer, PyHostIO) or buffer.host is None:
        raise err("NotImplementedError", "minivm's TextIOWrapper wraps only minivm's own "
                  "binary files")
    host_kwargs = {k: _io_value(v) for k, v in values.items()}
    for flag in ("line_buffering", "write_through"):
        if flag in host_kwargs:
            host_kwargs[flag] = bool(host_kwargs[flag])
    try:
        o.host = host_io.TextIOWrapper(buffer.host, **host_kwargs)
    except (TypeError, ValueError, LookupError) as e:
        raise _io_error(e) from None
    old, o.raw = o.raw, incref(buffer)
    if old is not None:
        decref(old)
    return incref(NONE)


def _stringio_new(tp, args, kwargs):
    import io as host_io
    return _new_io(tp, host_io.StringIO())


def _bytesio_new(tp, args, kwargs):
    import io as host_io
    return _new_io(tp, host_io.BytesIO())


def _stringio_init(o, args, kwargs):
    import io as host_io
    kwargs = kwargs or {}
    initial = args[0] if args else kwargs.get("initial_value", NONE)
    newline = args[1] if len(args) > 1 else kwargs.get("newline", new_str("\n"))
    if initial is not NONE and not isinstance(initial, PyStr):
        raise err("TypeError", "initial_value must be str or None, not %s"
                  % initial.ob_type.tp_name)
    try:
        o.host = host_io.StringIO(initial.value if initial is not NONE else "",
                                  newline=_io_value(newline))
    except (TypeError, ValueError) as e:
        raise _io_error(e) from None
    return incref(NONE)


def _bytesio_init(o, args, kwargs):
    import io as host_io
    initial = args[0] if args else (kwargs or {}).get("initial_bytes", NONE)
    o.host = host_io.BytesIO(_io_value(initial) if initial is not NONE else b"")
    return incref(NONE)


def _bytesio_getbuffer(o):
    """A writable memoryview of the BytesIO's contents; the host BytesIO's own export
    backs it, so writes that would resize raise BufferError while it lives."""
    from ..objects.bytesobject import new_memoryview
    try:
        export = _host_of(o).getbuffer()
    except ValueError as e:
        raise _io_error(e) from None
    return new_memoryview(o, export=export)


def _wrap_host_io(host):
    import io as host_io
    for cls, name in ((host_io.TextIOWrapper, "TextIOWrapper"),
                      (host_io.BufferedRandom, "BufferedRandom"),
                      (host_io.BufferedReader, "BufferedReader"),
                      (host_io.BufferedWriter, "BufferedWriter"),
                      (host_io.FileIO, "FileIO"), (host_io.StringIO, "StringIO"),
                      (host_io.BytesIO, "BytesIO")):
        if isinstance(host, cls):
            return _new_io(_IO_TYPES[name], host)
    return _new_io(_IO_TYPES["BufferedRWPair"], host)


def _io_open(args, kwargs):
    import io as host_io
    names = ("file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener")
    values = dict(zip(names, args))
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise err("TypeError", "open() got an unexpected keyword argument '%s'" % k)
        values[k] = v
    if "file" not in values:
        raise err("TypeError", "open() missing required argument 'file' (pos 1)")
    if values.get("opener") not in (None, NONE):
        raise err("NotImplementedError", "minivm's open() does not take an opener")
    host_args = {k: _os_arg(v) if k == "file" else _io_value(v)
                 for k, v in values.items() if k != "opener"}
    if isinstance(host_args.get("closefd"), int):
        host_args["closefd"] = bool(host_args["closefd"])
    try:
        host = host_io.open(**host_args)
    except OSError as e:
        raise oserror_from_host(e) from None
    except (TypeError, ValueError, LookupError) as e:
        raise _io_error(e) from None
    return _wrap_host_io(host)


def _text_encoding(encoding, stacklevel=None):
    if encoding is not NONE:
        return incref(encoding)
    return new_str("locale")


@native("_io")
def _io_module(vm):
    if "StringIO" not in _IO_TYPES:
        _make_io_types()
    funcs = {"open": (_io_open, K.KEYWORDS, 0, 0),
             "open_code": (lambda path: _io_open([path, new_str("rb")], None), K.O, 0, 0),
             "text_encoding": (_text_encoding, K.VARARGS, 1, 2)}
    import io as host_io
    values = {name: tp for name, tp in _IO_TYPES.items()}
    values["UnsupportedOperation"] = _unsupported_operation()
    values["BlockingIOError"] = R.exc["BlockingIOError"]
    values["DEFAULT_BUFFER_SIZE"] = host_io.DEFAULT_BUFFER_SIZE
    values["IncrementalNewlineDecoder"] = _IO_TYPES["_TextIOBase"]
    return make_module("_io", funcs, values)
