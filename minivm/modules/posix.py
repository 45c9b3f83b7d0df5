"""The ``posix`` module: the operating system, through the host's os module."""

from __future__ import annotations

from typing import Any, List

from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyErr, decref, err, incref, \
    new_exception, type_lookup
from ..objects.dictobject import dict_setitem, dict_setitem_str
from ..objects.scalars import (
    NONE, PyLong, PyStr, clinic_int, from_host, new_bool,
)
from ..objects.sequences import new_list
from ..objects.typeobject import PyCFunction
from ..builtins import native
from ._util import _namespace_new, _release, make_module, namespace_type

K = BuiltinKind


# -- posix: the operating system, through the host's os module ------------------------------

def oserror_from_host(e: OSError) -> PyErr:
    """The minivm OSError subclass for a host OSError, with errno, strerror and
    filename as CPython sets them."""
    name = type(e).__name__ if type(e).__name__ in R.exc else "OSError"
    if e.errno is None:
        return PyErr(new_exception(name, str(e)))
    args = [from_host(e.errno), from_host(e.strerror)]
    if e.filename is not None:
        args.append(from_host(e.filename))
        if e.filename2 is not None:
            args.extend([from_host(0), from_host(e.filename2)])
    try:
        return PyErr(new_exception(name, None, *args))
    finally:
        _release(args)


def _os_arg(o):
    """A host argument: str, bytes, int, None, or ``os.fspath`` of a path-like."""
    from ..objects.bytesobject import PyByteArray
    from ..objects.scalars import PyBytes, PyFloat
    if o is NONE:
        return None
    if isinstance(o, (PyStr, PyBytes, PyLong, PyFloat)):
        return o.value
    if isinstance(o, PyByteArray):
        return bytes(o.value)
    if o.ob_type is R.types["tuple"] or o.ob_type is R.types["list"]:
        return [_os_arg(x) for x in o.items]
    fspath = type_lookup(o.ob_type, "__fspath__")
    if fspath is not None:
        r = abstract.call_method_obj(fspath, o, [])
        try:
            return _os_arg(r)
        finally:
            decref(r)
    raise err("TypeError", "expected str, bytes or os.PathLike object, not %s"
              % o.ob_type.tp_name)


def _os_call(fn, args, kwargs):
    host_args = [_os_arg(a) for a in args]
    host_kwargs = {k: _os_arg(v) for k, v in (kwargs or {}).items()}
    try:
        return fn(*host_args, **host_kwargs)
    except OSError as e:
        raise oserror_from_host(e) from None
    except (TypeError, ValueError) as e:
        from ..objects.scalars import convert_host_error
        raise convert_host_error(e) from None


_STAT_FIELDS = ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size")


def _stat_result(st):
    from ..builtins.sysmodule import StructSeqDef, structseq
    if not _STAT_TYPE:
        _STAT_TYPE.append(StructSeqDef("os.stat_result", _STAT_FIELDS + (
            "_st_atime_int", "_st_mtime_int", "_st_ctime_int", "st_atime", "st_mtime",
            "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns", "st_blksize",
            "st_blocks", "st_rdev"), "os"))
    values = tuple(st[:10]) + (st.st_atime, st.st_mtime, st.st_ctime, st.st_atime_ns,
                               st.st_mtime_ns, st.st_ctime_ns, st.st_blksize, st.st_blocks,
                               st.st_rdev)
    return structseq(_STAT_TYPE[0], values)


_STAT_TYPE: List[Any] = []


def _os_stat(host_fn):
    def fn(args, kwargs):
        return _stat_result(_os_call(host_fn, args, kwargs))
    return fn


def _os_plain(host_fn):
    def fn(args, kwargs):
        return from_host(_os_call(host_fn, args, kwargs))
    return fn


_STRUCT_FIELDS = {
    "uname_result": ("sysname", "nodename", "release", "version", "machine"),
    "times_result": ("user", "system", "children_user", "children_system", "elapsed"),
}
_STRUCT_DEFS: Any = {}
_HOST_CONSTANTS: Any = {}


def _os_struct(host_fn, name: str):
    """A function whose host result is a struct sequence (``uname``, ``times``): the
    same fields in a minivm struct sequence type ``posix.<name>``."""
    def fn(args, kwargs):
        from ..builtins.sysmodule import StructSeqDef, structseq
        result = _os_call(host_fn, args, kwargs)
        if name not in _STRUCT_DEFS:
            _STRUCT_DEFS[name] = StructSeqDef("posix." + name, _STRUCT_FIELDS[name], "posix")
        return structseq(_STRUCT_DEFS[name], tuple(result))
    return fn


def _waitstatus_to_exitcode(status):
    """posixmodule.c's ``waitstatus_to_exitcode`` (the host's os has it only from 3.9)."""
    import os as host_os
    if not isinstance(status, int):
        raise TypeError("an integer is required")
    if host_os.WIFEXITED(status):
        return host_os.WEXITSTATUS(status)
    if host_os.WIFSIGNALED(status):
        return -host_os.WTERMSIG(status)
    raise ValueError("invalid wait status: %i" % status)


@native("posix")
def _posix_module(vm):
    import os as host_os
    funcs = {}
    for name in ("getcwd", "getcwdb", "listdir", "mkdir", "rmdir", "remove", "unlink",
                 "rename", "replace", "chdir", "getpid", "getppid", "getuid", "geteuid",
                 "getgid", "getegid", "urandom", "cpu_count", "strerror", "access",
                 "open", "close", "read", "write", "lseek", "isatty", "umask", "utime",
                 "putenv", "unsetenv", "device_encoding", "readlink", "symlink", "link",
                 "chmod", "getlogin", "get_blocking", "set_blocking", "dup", "dup2",
                 "fsync", "truncate", "ftruncate", "get_inheritable", "set_inheritable",
                 "getpgrp", "ttyname", "kill", "waitpid", "system",
                 "waitstatus_to_exitcode", "WIFSTOPPED", "WIFEXITED", "WEXITSTATUS",
                 "WIFSIGNALED", "WTERMSIG", "WSTOPSIG", "WCOREDUMP", "WIFCONTINUED"):
        host_fn = getattr(host_os, name, None)
        if name == "waitstatus_to_exitcode":
            if vm.target.runtime("os_" + name):
                funcs[name] = (_os_plain(_waitstatus_to_exitcode), K.KEYWORDS, 0, 0)
            continue
        if host_fn is not None:
            funcs[name] = (_os_plain(host_fn), K.KEYWORDS, 0, 0)
    for name, struct in (("uname", "uname_result"), ("times", "times_result")):
        funcs[name] = (_os_struct(getattr(host_os, name), struct), K.KEYWORDS, 0, 0)
    for name in ("stat", "lstat", "fstat"):
        funcs[name] = (_os_stat(getattr(host_os, name)), K.KEYWORDS, 0, 0)
    funcs["fspath"] = (_fspath, K.O, 0, 0)
    funcs["_exit"] = (_os_exit, K.O, 0, 0)
    funcs["scandir"] = (_scandir, K.VARARGS, 0, 1)
    for name in ("WNOHANG", "WUNTRACED", "WCONTINUED", "WEXITED", "WSTOPPED", "WNOWAIT",
                 "P_PID", "P_PGID", "P_ALL"):
        if hasattr(host_os, name):
            funcs_values = _HOST_CONSTANTS.setdefault("posix", {})
            funcs_values[name] = getattr(host_os, name)
    environ = _environ_dict()
    values = dict(_HOST_CONSTANTS.get("posix", {}))
    values.update({"environ": environ, "error": R.exc["OSError"],
              "_have_functions": [], "F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1,
              "O_RDONLY": host_os.O_RDONLY, "O_WRONLY": host_os.O_WRONLY,
              "O_RDWR": host_os.O_RDWR, "O_APPEND": host_os.O_APPEND,
              "O_CREAT": host_os.O_CREAT, "O_EXCL": host_os.O_EXCL,
              "O_TRUNC": host_os.O_TRUNC, "SEEK_SET": 0, "SEEK_CUR": 1, "SEEK_END": 2,
              "EX_OK": 0})
    m = make_module("posix", funcs, values)
    decref(environ)
    if _STAT_TYPE or _stat_result(host_os.stat(".")):
        dict_setitem_str(m.ob_dict, "stat_result", _STAT_TYPE[0].type)
    return m


def _environ_dict():
    import os as host_os
    from ..objects.dictobject import new_dict
    from ..objects.scalars import new_bytes
    d = new_dict()
    for k, v in host_os.environb.items():
        ko, vo = new_bytes(k), new_bytes(v)
        dict_setitem(d, ko, vo)
        decref(ko)
        decref(vo)
    return d


def _fspath(o):
    from ..objects.scalars import PyBytes
    if isinstance(o, (PyStr, PyBytes)):
        return incref(o)
    fspath = type_lookup(o.ob_type, "__fspath__")
    if fspath is None:
        raise err("TypeError", "expected str, bytes or os.PathLike object, not %s"
                  % o.ob_type.tp_name)
    r = abstract.call_method_obj(fspath, o, [])
    if not isinstance(r, (PyStr, PyBytes)):
        t = r.ob_type.tp_name
        decref(r)
        raise err("TypeError", "expected %s.__fspath__() to return str or bytes, not %s"
                  % (o.ob_type.tp_name, t))
    return r


def _os_exit(code):
    from ..outcome import ProcessExit
    raise ProcessExit(clinic_int(code) & 0xff)


def _scandir(path=None):
    import os as host_os
    entries = _os_call(lambda p=None: list(host_os.scandir(p if p is not None else ".")),
                       [path] if path is not None else [], None)
    items = []
    for e in entries:
        ns = _namespace_new(namespace_type, [], None)
        for k, v in (("name", e.name), ("path", e.path)):
            vo = from_host(v)
            dict_setitem_str(ns.ob_dict, k, vo)
            decref(vo)
        for k, fn in (("is_dir", e.is_dir), ("is_file", e.is_file),
                      ("is_symlink", e.is_symlink)):
            f = PyCFunction(k, (lambda r=fn(): new_bool(r)), K.NOARGS, None, 0, 0)  # noqa: B008
            dict_setitem_str(ns.ob_dict, k, f)
            decref(f)
        items.append(ns)
    lst = new_list(items)
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)
