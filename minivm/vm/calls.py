"""Argument binding (``initialize_locals`` of ceval.c with its error messages),
``f(*args, **kwargs)``, ``raise``, ``super``, ``match`` class patterns and
exception groups for ``except*``."""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import R, STATE, PyErr, PyType, decref, err, incref, is_subtype, type_lookup
from ..objects.dictobject import dict_setitem, new_dict
from ..objects.scalars import NONE, PyStr, new_str
from ..objects.sequences import new_tuple


def func_desc(func) -> str:
    """``_PyObject_FunctionStr``: ``module.qualname()``, without the module for
    builtins, or ``str(func)`` when there is no ``__qualname__``.  Before 3.9:
    ``PyEval_GetFuncName`` + ``PyEval_GetFuncDesc`` ("f()", "int object")."""
    from ..objects.typeobject import getattr_str
    if not STATE.target.runtime("function_str"):
        return _func_name_desc(func)
    try:
        qual = getattr_str(func, "__qualname__")
    except PyErr as e:
        decref(e.exc)
        return abstract.str_text(func)
    try:
        qualname = abstract.str_text(qual)
    finally:
        decref(qual)
    try:
        module = getattr_str(func, "__module__")
    except PyErr as e:
        decref(e.exc)
        return "%s()" % qualname
    try:
        if module is NONE or (isinstance(module, PyStr) and module.value == "builtins"):
            return "%s()" % qualname
        return "%s.%s()" % (abstract.str_text(module), qualname)
    finally:
        decref(module)


def _func_name_desc(func) -> str:
    tp = func.ob_type
    if tp is R.types["method"]:
        func = func.func
        tp = func.ob_type
    if tp is R.types["function"]:
        return "%s()" % func.name.value
    if tp is R.types["builtin_function_or_method"]:
        return "%s()" % func.name
    return "%s object" % tp.tp_name


def _names_list(names):
    quoted = ["'%s'" % n for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return "%s and %s" % tuple(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def bind_arguments(vm, frame, func, info, args, kwnames) -> None:
    """Move ``args`` (owned; the last ``len(kwnames)`` are keyword values) into the
    frame's locals, with defaults, ``*args`` and ``**kwargs``."""
    co = info.co
    fast = frame.fast
    argcount = info.argcount
    total = info.total_args
    flags = info.flags
    nkw = len(kwnames.items) if kwnames is not None else 0
    npos = len(args) - nkw
    if nkw == 0 and npos == argcount and total == argcount and not flags & 0x0c:
        fast[:npos] = args
        if npos:
            return
        return
    name = _error_name(func)
    varnames = info.varnames
    kwdict = None
    if flags & 0x08:
        kwdict = new_dict()
        fast[total + (1 if flags & 0x04 else 0)] = kwdict
    try:
        n = min(npos, argcount)
        for i in range(n):
            fast[i] = args[i]
            args[i] = None
        if flags & 0x04:
            fast[total] = new_tuple(args[n:npos])
            for i in range(n, npos):
                args[i] = None
        elif npos > argcount:
            _too_many_positional(func, info, npos, kwnames, args, nkw)
        posonly = co.co_posonlyargcount
        for j in range(nkw):
            key = kwnames.items[j].value
            value = args[npos + j]
            try:
                index = varnames.index(key, posonly, total)
            except ValueError:
                index = -1
            if index < 0:
                if kwdict is not None:
                    k = new_str(key)
                    dict_setitem(kwdict, k, value)
                    decref(k)
                    continue
                if key in varnames[:posonly]:
                    raise err("TypeError", "%s() got some positional-only arguments passed as "
                              "keyword arguments: '%s'" % (name, key))
                raise err("TypeError", "%s() got an unexpected keyword argument '%s'"
                          % (name, key))
            if fast[index] is not None:
                raise err("TypeError", "%s() got multiple values for argument '%s'"
                          % (name, key))
            fast[index] = value
            args[npos + j] = None
        _fill_defaults(func, info, fast, name)
    finally:
        for a in args:
            if a is not None:
                decref(a)


def _error_name(func) -> str:
    """The name argument errors show: ``__qualname__`` from 3.10, the code's
    ``co_name`` before."""
    if STATE.target.runtime("call_errors_qualname"):
        return func.qualname.value
    return func.code.info.co.co_name


def _too_many_positional(func, info, npos, kwnames, args, nkw):
    name = _error_name(func)
    argcount = info.argcount
    defaults = func.defaults.items if func.defaults is not None else []
    kwonly_given = 0
    if kwnames is not None:
        kwonly = info.varnames[argcount:info.total_args]
        kwonly_given = sum(1 for k in kwnames.items if k.value in kwonly)
    if defaults:
        takes = "from %d to %d positional arguments" % (argcount - len(defaults), argcount)
    else:
        takes = "%d positional argument%s" % (argcount, "" if argcount == 1 else "s")
    given = "%d" % npos
    if kwonly_given:
        given += " positional argument%s (and %d keyword-only argument%s)" % (
            "" if npos == 1 else "s", kwonly_given, "" if kwonly_given == 1 else "s")
        raise err("TypeError", "%s() takes %s but %s were given" % (name, takes, given))
    raise err("TypeError", "%s() takes %s but %d %s given" % (
        name, takes, npos, "was" if npos == 1 else "were"))


def _fill_defaults(func, info, fast, name):
    argcount = info.argcount
    defaults = func.defaults.items if func.defaults is not None else []
    first_default = argcount - len(defaults)
    missing = []
    for i in range(argcount):
        if fast[i] is None:
            if i >= first_default:
                fast[i] = incref(defaults[i - first_default])
            else:
                missing.append(info.varnames[i])
    if missing:
        raise err("TypeError", "%s() missing %d required positional argument%s: %s" % (
            name, len(missing), "" if len(missing) == 1 else "s", _names_list(missing)))
    kwmissing = []
    for i in range(argcount, info.total_args):
        if fast[i] is None:
            key = info.varnames[i]
            kwd = func.kwdefaults
            v = kwd.vals.get(key) if kwd is not None else None
            if v is not None:
                fast[i] = incref(v)
            else:
                kwmissing.append(key)
    if kwmissing:
        raise err("TypeError", "%s() missing %d required keyword-only argument%s: %s" % (
            name, len(kwmissing), "" if len(kwmissing) == 1 else "s",
            _names_list(kwmissing)))


def _kw_owner(func) -> str:
    """3.8 finds non-string keywords when a Python function binds them and names it
    ("f() keywords must be strings"); from 3.9 the call finds them first."""
    if STATE.target.runtime("kw_strings_checked_by_call"):
        return ""
    if func.ob_type is R.types["method"]:
        func = func.func
    if func.ob_type is R.types["function"]:
        return "%s() " % func.code.info.co.co_name
    return ""


def _as_kwargs_dict(func, mapping):
    """CALL_FUNCTION_EX given another mapping than a dict (3.8 passes a lone
    ``**m`` as it is): a new dict updated from it (``mapping`` is borrowed)."""
    from ..objects.mappings import dict_merge
    d = new_dict()
    try:
        if type_lookup(mapping.ob_type, "keys") is None:
            raise err("TypeError", "%s argument after ** must be a mapping, not %s"
                      % (func_desc(func), mapping.ob_type.tp_name))
        dict_merge(d, mapping)
    except BaseException:
        decref(d)
        raise
    return d


def call_ex(vm, func, callargs, kwargs):
    """CALL_FUNCTION_EX: all three references are consumed."""
    try:
        if callargs.ob_type is not R.types["tuple"]:
            if type_lookup(callargs.ob_type, "__iter__") is None and \
                    type_lookup(callargs.ob_type, "__getitem__") is None:
                raise err("TypeError", "%s argument after * must be an iterable, not %s"
                          % (func_desc(func), callargs.ob_type.tp_name))
            items = abstract.sequence_list(callargs)
        else:
            items = [incref(x) for x in callargs.items]
        kw = None
        if kwargs is not None and kwargs.ob_type is not R.types["dict"]:
            merged = _as_kwargs_dict(func, kwargs)
            decref(kwargs)
            kwargs = merged
        if kwargs is not None:
            kw = {}
            for hk, k in kwargs.keys.items():
                if not isinstance(k, PyStr):
                    raise err("TypeError", "%skeywords must be strings" % _kw_owner(func))
                kw[k.value] = kwargs.vals[hk]
        try:
            return abstract.call(func, items, kw)
        finally:
            for x in items:
                decref(x)
    finally:
        decref(func)
        decref(callargs)
        if kwargs is not None:
            decref(kwargs)


def do_raise(vm, exc, cause) -> None:
    from .eval import Reraise
    if exc is None:
        current = vm.current_exception()
        if current is None:
            raise err("RuntimeError", "No active exception to reraise")
        raise Reraise(incref(current))
    base = R.exc["BaseException"]
    if isinstance(exc, PyType):
        if not is_subtype(exc, base):
            decref(exc)
            if cause is not None:
                decref(cause)
            raise err("TypeError", "exceptions must derive from BaseException")
        try:
            value = abstract.call(exc, [])
            if not is_subtype(value.ob_type, base):
                decref(value)
                raise err("TypeError", "calling %s should have returned an instance of "
                          "BaseException, not %s" % (abstract.repr_text(exc),
                                                     abstract.repr_text(value.ob_type)))
        finally:
            decref(exc)
        exc = value
    elif not is_subtype(exc.ob_type, base):
        decref(exc)
        if cause is not None:
            decref(cause)
        raise err("TypeError", "exceptions must derive from BaseException")
    if cause is not None:
        if isinstance(cause, PyType) and is_subtype(cause, base):
            c = abstract.call(cause, [])
            decref(cause)
            cause = c
        elif cause is NONE:
            decref(cause)
            cause = None
        elif not is_subtype(cause.ob_type, base):
            decref(cause)
            decref(exc)
            raise err("TypeError", "exception causes must derive from BaseException")
        old = exc.cause
        exc.cause = cause
        exc.suppress_context = True
        if old is not None:
            decref(old)
    raise PyErr(exc)


def super_attr(vm, global_super, cls, self_obj, name, load_method):
    from ..objects.functions import new_super, super_type
    if global_super is not super_type:
        s = abstract.call(global_super, [cls, self_obj])
    else:
        if not isinstance(cls, PyType):
            raise err("TypeError", "super() argument 1 must be a type, not %s"
                      % cls.ob_type.tp_name)
        s = new_super(cls, self_obj)
    try:
        if load_method and s.ob_type is super_type:
            start = s.obj_type
            mro = start.tp_mro
            if s.type in mro:
                for base in mro[mro.index(s.type) + 1:]:
                    v = base.tp_dict.vals.get(name)
                    if v is not None:
                        if v.ob_type is R.types["function"] or \
                                v.ob_type is R.types["method_descriptor"]:
                            return incref(v), True
                        break
        from ..objects.typeobject import getattr_str
        return getattr_str(s, name), False
    finally:
        decref(s)


def zero_arg_super(vm):
    from ..objects.functions import new_super
    from ..versions import CO_FAST_FREE
    frame = vm.frame_stack[-1] if vm.frame_stack else None
    if frame is None or frame.code.argcount == 0 and not frame.code.flags & 0x04:
        raise err("RuntimeError", "super(): no arguments")
    first = frame.fast[0]
    if first is None:
        raise err("RuntimeError", "super(): arg[0] deleted")
    if first.ob_type is R.types["cell"] and frame.code.kinds[0] & 0x40:
        first = first.ref
    names = frame.code.localsplusnames
    for i, n in enumerate(names):
        if n == "__class__" and frame.code.kinds[i] & CO_FAST_FREE:
            cell = frame.fast[i]
            if cell is None or cell.ref is None:
                raise err("RuntimeError", "super(): empty __class__ cell")
            return new_super(cell.ref, first)
    raise err("RuntimeError", "super(): __class__ cell not found")


def match_class(vm, subject, cls, nargs, names):
    from ..objects.typeobject import getattr_str
    if not isinstance(cls, PyType):
        raise err("TypeError", "called match pattern must be a class")
    if not is_subtype(subject.ob_type, cls):
        return incref(NONE)
    attrs = []
    match_args = None
    try:
        if nargs:
            try:
                match_args = getattr_str(cls, "__match_args__")
            except PyErr as e:
                decref(e.exc)
                match_args = None
            self_match = any(is_subtype(cls, R.types[n]) and (
                not cls.tp_heap or True) for n in (
                "bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list",
                "set", "str", "tuple") if n in R.types)
            if match_args is None:
                if self_match and nargs == 1:
                    attrs.append(incref(subject))
                    nargs = 0
                else:
                    raise err("TypeError", "%s() accepts 0 positional sub-patterns (%d given)"
                              % (cls.tp_name, nargs))
            else:
                if match_args.ob_type is not R.types["tuple"]:
                    raise err("TypeError", "%s.__match_args__ must be a tuple (got %s)"
                              % (cls.tp_name, match_args.ob_type.tp_name))
                if nargs > len(match_args.items):
                    raise err("TypeError", "%s() accepts %d positional sub-pattern%s (%d given)"
                              % (cls.tp_name, len(match_args.items),
                                 "" if len(match_args.items) == 1 else "s", nargs))
        seen = set()
        positional = match_args.items[:nargs] if match_args is not None and nargs else []
        for i, name in enumerate(list(positional) + list(names.items)):
            # each name is checked as its turn comes, after the attributes before it
            if i < len(positional) and name.ob_type is not R.types["str"]:
                raise err("TypeError", "__match_args__ elements must be strings (got %s)"
                          % name.ob_type.tp_name)
            attr_name = name.value
            if attr_name in seen:
                raise err("TypeError", "%s() got multiple sub-patterns for attribute %s"
                          % (cls.tp_name, abstract.repr_text(name)))
            seen.add(attr_name)
            try:
                attrs.append(getattr_str(subject, attr_name))
            except PyErr as e:
                if is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
                    decref(e.exc)
                    for a in attrs:
                        decref(a)
                    return incref(NONE)
                raise
    except PyErr:
        for a in attrs:
            decref(a)
        raise
    finally:
        if match_args is not None:
            decref(match_args)
    return new_tuple(attrs)


def split_exception_group(vm, exc, match_type):
    from ..objects.excgroups import exception_group_match
    return exception_group_match(exc, match_type)


def prep_reraise_star(vm, orig, excs):
    from ..objects.excgroups import prep_reraise_star as prep
    return prep(orig, excs)

