"""The ``_sre`` module: the regular-expression engine under the library's own re package."""

from __future__ import annotations

from typing import Any, List

from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyErr, PyObject, decref, err, incref, \
    type_lookup
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import (
    NONE, NOT_IMPLEMENTED, TRUE, PyLong, PyStr, from_host, index_value, new_bool,
    new_int, new_str,
)
from ..objects.sequences import new_list, new_tuple
from ..objects.typeobject import getset, make_type, method
from ..builtins import native
from ._util import PyGenIter, generator_type, make_module

K = BuiltinKind


# -- _sre: the regular-expression engine under the library's own re package ----------------
#
# The target's ``re`` package (its parser and compiler) runs in minivm; ``_sre.compile``
# receives the pattern with its flags and hands the matching to the host's engine,
# whose semantics CPython 3.8-3.13 share (the compiled code list is not interpreted).

_SRE_FLAGS = 2 | 4 | 8 | 16 | 32 | 64 | 256   # I L M S U X A (TEMPLATE and DEBUG dropped)


class PyPattern(PyObject):
    __slots__ = ("host", "pattern", "flags", "groupindex", "ob_weak")


class PyMatch(PyObject):
    __slots__ = ("host", "pattern", "string")


def _pattern_dealloc(p):
    for name in ("pattern", "groupindex"):
        v = getattr(p, name)
        if v is not None:
            setattr(p, name, None)
            decref(v)


def _match_dealloc(m):
    for name in ("pattern", "string"):
        v = getattr(m, name)
        if v is not None:
            setattr(m, name, None)
            decref(v)


pattern_type = make_type("re.Pattern", layout=PyPattern, basetype=False,
                         dealloc=_pattern_dealloc, module="re")
pattern_type.tp_hasweak = True
match_type = make_type("re.Match", layout=PyMatch, basetype=False, dealloc=_match_dealloc,
                       module="re")


def _host_text(o, what="string"):
    from ..objects.bytesobject import PyByteArray
    from ..objects.scalars import PyBytes
    if isinstance(o, PyStr):
        return o.value
    if isinstance(o, PyBytes):
        return o.value
    if isinstance(o, PyByteArray):
        return bytes(o.value)
    if o.ob_type.tp_name == "memoryview":
        from ..objects.bytesobject import _mv_bytes
        return _mv_bytes(o)
    raise err("TypeError", "expected string or bytes-like object, got '%s'"
              % o.ob_type.tp_name)


def _sre_call(fn, *args, **kwargs):
    """Call the host engine; its errors become minivm errors (re.error stays the
    library's: the pattern was already parsed by the target's own re)."""
    from ..objects.scalars import host_call
    return host_call(lambda: fn(*args, **kwargs))


def _new_match(pattern, string, host_match):
    if host_match is None:
        return incref(NONE)
    m = PyMatch.__new__(PyMatch)
    m.ob_refcnt = 1
    m.ob_type = match_type
    m.host = host_match
    m.pattern = incref(pattern)
    m.string = incref(string)
    return m


def _span_args(args, kwargs, name):
    """``(string, pos, endpos)`` of match/search/fullmatch/findall/finditer."""
    names = ("string", "pos", "endpos")
    values = dict(zip(names, args))
    for k, v in (kwargs or {}).items():
        if k not in names:
            raise err("TypeError", "%s() got an unexpected keyword argument '%s'" % (name, k))
        values[k] = v
    if "string" not in values:
        raise err("TypeError", "%s() missing required argument 'string' (pos 1)" % name)
    pos = index_value(values["pos"]) if "pos" in values else 0
    endpos = index_value(values["endpos"]) if "endpos" in values else (1 << 63) - 1
    return values["string"], pos, endpos


def _pattern_method(name):
    def fn(p, args, kwargs):
        string, pos, endpos = _span_args(args, kwargs, name)
        text = _host_text(string)
        host = _sre_call(getattr(p.host, name), text, pos, endpos)
        return _new_match(p, string, host)
    return fn


for _name in ("match", "search", "fullmatch"):
    method(pattern_type, _name, K.KEYWORDS)(_pattern_method(_name))


def _text_result(value, like):
    """A host str/bytes result as a minivm object of the subject's kind."""
    if value is None:
        return incref(NONE)
    if isinstance(value, (tuple, list)):
        items = [_text_result(v, like) for v in value]
        return new_tuple(items) if isinstance(value, tuple) else new_list(items)
    return from_host(value)


@method(pattern_type, "findall", K.KEYWORDS)
def pattern_findall(p, args, kwargs):
    string, pos, endpos = _span_args(args, kwargs, "findall")
    found = _sre_call(p.host.findall, _host_text(string), pos, endpos)
    return _text_result(found, string)


def _it_finditer(p, string, pos, endpos):
    host = _sre_call(p.host.finditer, _host_text(string), pos, endpos)
    p, string = incref(p), incref(string)

    def gen():
        try:
            for m in host:
                yield _new_match(p, string, m)
        finally:
            decref(p)
            decref(string)
    return gen()


callable_iterator_type = None


@method(pattern_type, "finditer", K.KEYWORDS)
def pattern_finditer(p, args, kwargs):
    string, pos, endpos = _span_args(args, kwargs, "finditer")
    it = PyGenIter.__new__(PyGenIter)
    it.ob_refcnt = 1
    it.ob_type = _finditer_type()
    it.state = None
    it.gen = _it_finditer(p, string, pos, endpos)
    return it


_FINDITER: List[Any] = []


def _finditer_type():
    if not _FINDITER:
        _FINDITER.append(generator_type("callable_iterator", lambda it, a, k: (x for x in ()),
                                        "builtins"))
    return _FINDITER[0]


def _repl_for_host(p, repl, string):
    """The replacement the host engine takes: the template text, or a host callable
    that calls ``repl`` with a minivm Match and returns its str/bytes result."""
    if not abstract.callable_check(repl):
        return _host_text(repl, "repl")

    def call_repl(host_match):
        m = _new_match(p, string, host_match)
        try:
            r = abstract.call(repl, [m])
        finally:
            decref(m)
        try:
            return _host_text(r)
        except PyErr:
            decref(r)
            raise
        finally:
            decref(r)
    return call_repl


def _sub_args(args, kwargs, name):
    names = ("repl", "string", "count")
    values = dict(zip(names, args))
    values.update(kwargs or {})
    for required in names[:2]:
        if required not in values:
            raise err("TypeError", "%s() missing required argument '%s' (pos %d)"
                      % (name, required, names.index(required) + 1))
    count = index_value(values["count"]) if "count" in values else 0
    return values["repl"], values["string"], count


@method(pattern_type, "sub", K.KEYWORDS)
def pattern_sub(p, args, kwargs):
    repl, string, count = _sub_args(args, kwargs, "sub")
    result = _sre_call(p.host.sub, _repl_for_host(p, repl, string), _host_text(string),
                       count)
    return from_host(result)


@method(pattern_type, "subn", K.KEYWORDS)
def pattern_subn(p, args, kwargs):
    repl, string, count = _sub_args(args, kwargs, "subn")
    result = _sre_call(p.host.subn, _repl_for_host(p, repl, string), _host_text(string),
                       count)
    return from_host(result)


@method(pattern_type, "split", K.KEYWORDS)
def pattern_split(p, args, kwargs):
    names = ("string", "maxsplit")
    values = dict(zip(names, args))
    values.update(kwargs or {})
    maxsplit = index_value(values["maxsplit"]) if "maxsplit" in values else 0
    return _text_result(_sre_call(p.host.split, _host_text(values["string"]), maxsplit),
                        values["string"])


@method(pattern_type, "scanner", K.KEYWORDS)
def pattern_scanner(p, args, kwargs):
    string, pos, endpos = _span_args(args, kwargs, "scanner")
    scanner = _sre_call(p.host.scanner, _host_text(string), pos, endpos)
    return _new_scanner(p, string, scanner)


class PyScanner(PyObject):
    __slots__ = ("host", "pattern", "string")


scanner_type = make_type("_sre.SRE_Scanner", layout=PyScanner, basetype=False,
                         dealloc=_match_dealloc, module="_sre")


def _new_scanner(p, string, host):
    s = PyScanner.__new__(PyScanner)
    s.ob_refcnt = 1
    s.ob_type = scanner_type
    s.host = host
    s.pattern = incref(p)
    s.string = incref(string)
    return s


method(scanner_type, "match", K.NOARGS)(
    lambda s: _new_match(s.pattern, s.string, _sre_call(s.host.match)))
method(scanner_type, "search", K.NOARGS)(
    lambda s: _new_match(s.pattern, s.string, _sre_call(s.host.search)))
getset(scanner_type, "pattern")(lambda s: incref(s.pattern))

getset(pattern_type, "pattern")(lambda p: incref(p.pattern))
getset(pattern_type, "flags")(lambda p: new_int(p.flags))
getset(pattern_type, "groups")(lambda p: new_int(p.host.groups))


@getset(pattern_type, "groupindex")
def pattern_groupindex(p):
    return R.mappingproxy(p.groupindex)


_FLAG_NAMES = ((256, "re.ASCII"), (4, "re.LOCALE"), (2, "re.IGNORECASE"),
               (8, "re.MULTILINE"), (16, "re.DOTALL"), (64, "re.VERBOSE"), (128, "re.DEBUG"))


@method(pattern_type, "__repr__", K.NOARGS)
def pattern_repr(p):
    text = abstract.repr_text(p.pattern)
    if len(text) > 200:
        text = text[:200]
    flags = p.flags
    if isinstance(p.pattern, PyStr):
        flags &= ~32   # re.UNICODE is implied for str patterns
    names = []
    for bit, name in _FLAG_NAMES:
        if flags & bit:
            names.append(name)
            flags &= ~bit
    if flags:
        names.append("0x%x" % flags)
    if names:
        return new_str("re.compile(%s, %s)" % (text, "|".join(names)))
    return new_str("re.compile(%s)" % text)


@method(pattern_type, "__eq__")
def pattern_eq(p, other):
    if other.ob_type is not pattern_type:
        return incref(NOT_IMPLEMENTED)
    return new_bool(p.flags == other.flags and abstract.rich_compare_bool(
        p.pattern, other.pattern, 2))


method(pattern_type, "__hash__", K.NOARGS)(
    lambda p: new_int(abstract.hash_of(p.pattern) ^ p.flags))
method(pattern_type, "__copy__", K.NOARGS)(incref)
method(pattern_type, "__deepcopy__")(lambda p, memo: incref(p))


def _group_index(m, g) -> Any:
    """A host group reference for ``g`` (int or group name)."""
    if isinstance(g, PyStr):
        return g.value
    if isinstance(g, PyLong) or type_lookup(g.ob_type, "__index__") is not None:
        return index_value(g)
    raise err("IndexError", "no such group")


def _match_text(m, value):
    return _text_result(value, m.string)


@method(match_type, "group", K.VARARGS, 0, 99)
def match_group(m, *groups):
    refs = [_group_index(m, g) for g in groups] or [0]
    value = _sre_call(m.host.group, *refs)
    return _match_text(m, value)


@method(match_type, "__getitem__")
def match_getitem(m, g):
    return _match_text(m, _sre_call(m.host.group, _group_index(m, g)))


def _default_arg(args, kwargs):
    if args:
        return args[0]
    return (kwargs or {}).get("default", NONE)


@method(match_type, "groups", K.KEYWORDS)
def match_groups(m, args, kwargs):
    default = _default_arg(args, kwargs)
    values = m.host.groups()
    return new_tuple([_match_text(m, v) if v is not None else incref(default)
                      for v in values])


@method(match_type, "groupdict", K.KEYWORDS)
def match_groupdict(m, args, kwargs):
    from ..objects.dictobject import new_dict
    default = _default_arg(args, kwargs)
    d = new_dict()
    for k, v in m.host.groupdict().items():
        value = _match_text(m, v) if v is not None else incref(default)
        dict_setitem_str(d, k, value)
        decref(value)
    return d


def _position(name):
    def fn(m, g=None):
        ref = 0 if g is None else _group_index(m, g)
        return from_host(_sre_call(getattr(m.host, name), ref))
    return fn


for _name in ("start", "end", "span"):
    method(match_type, _name, K.VARARGS, 0, 1)(_position(_name))


@method(match_type, "expand")
def match_expand(m, template):
    return from_host(_sre_call(m.host.expand, _host_text(template)))


getset(match_type, "string")(lambda m: incref(m.string))
getset(match_type, "re")(lambda m: incref(m.pattern))
getset(match_type, "pos")(lambda m: new_int(m.host.pos))
getset(match_type, "endpos")(lambda m: new_int(m.host.endpos))
getset(match_type, "lastindex")(lambda m: from_host(m.host.lastindex))
getset(match_type, "lastgroup")(lambda m: from_host(m.host.lastgroup))
getset(match_type, "regs")(lambda m: from_host(m.host.regs))
method(match_type, "__copy__", K.NOARGS)(incref)
method(match_type, "__deepcopy__")(lambda m, memo: incref(m))
method(match_type, "__bool__", K.NOARGS)(lambda m: incref(TRUE))


@method(match_type, "__repr__", K.NOARGS)
def match_repr(m):
    value = _match_text(m, m.host.group(0))
    try:
        return new_str("<re.Match object; span=(%d, %d), match=%s>" % (
            m.host.start(), m.host.end(), abstract.repr_text(value)))
    finally:
        decref(value)


def _sre_compile(pattern, flags, code, groups, groupindex, indexgroup):
    import re as host_re
    text = _host_text(pattern) if pattern is not NONE else ""
    host_flags = index_value(flags) & _SRE_FLAGS
    if isinstance(text, str):
        host_flags &= ~256 if host_flags & 32 and host_flags & 256 else ~0
    else:
        host_flags &= ~32
    try:
        host = host_re.compile(text, host_flags)
    except host_re.error as e:
        raise err("RuntimeError", "the host regular-expression engine rejected %r: %s"
                  % (text, e)) from None
    p = PyPattern.__new__(PyPattern)
    p.ob_refcnt = 1
    p.ob_type = pattern_type
    p.ob_weak = None
    p.host = host
    p.pattern = incref(pattern)
    p.flags = index_value(flags)
    from ..objects.dictobject import new_dict
    from ..objects.mappings import dict_merge
    p.groupindex = new_dict()
    if groupindex is not NONE:
        dict_merge(p.groupindex, groupindex)
    return p


@native("_sre")
def _sre_module(vm):
    import unicodedata  # noqa: F401  (the host's case tables for the helpers below)
    version = vm.target.version
    funcs = {
        "compile": (_sre_compile, K.VARARGS, 6, 6),
        "getcodesize": (lambda: new_int(4), K.NOARGS, 0, 0),
        "ascii_iscased": (lambda ch: new_bool(index_value(ch) < 128 and
                                              chr(index_value(ch)).isalpha()), K.O, 0, 0),
        "unicode_iscased": (lambda ch: new_bool(_unicode_iscased(index_value(ch))), K.O, 0, 0),
        "ascii_tolower": (lambda ch: new_int(_ascii_lower(index_value(ch))), K.O, 0, 0),
        "unicode_tolower": (lambda ch: new_int(_unicode_lower(index_value(ch))), K.O, 0, 0),
    }
    values = {"MAGIC": SRE_MAGIC[version], "CODESIZE": 4, "MAXREPEAT": 4294967295,
              "MAXGROUPS": 1073741823 if version >= (3, 11) else 2147483647,
              "copyright": " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "}
    return make_module("_sre", funcs, values)


#: ``_sre.MAGIC`` of each target: the target's re/_constants.py checks it.
SRE_MAGIC = {(3, 8): 20171005, (3, 9): 20171005, (3, 10): 20171005, (3, 11): 20220615,
             (3, 12): 20221023, (3, 13): 20230612}


def _ascii_lower(ch: int) -> int:
    return ch + 32 if 65 <= ch <= 90 else ch


def _unicode_lower(ch: int) -> int:
    low = chr(ch).lower()
    return ord(low) if len(low) == 1 else ch


def _unicode_iscased(ch: int) -> bool:
    c = chr(ch)
    return c != c.lower() or c != c.upper()
