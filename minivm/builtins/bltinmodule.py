"""The ``builtins`` module (Python/bltinmodule.c): functions, the builtin types and
the iterator types ``enumerate``, ``zip``, ``map``, ``filter``, ``reversed``."""

from __future__ import annotations

from ..objects import abstract
from ..objects.abstract import call, is_true, iter_next, str_text
from ..objects.core import (
    IMMORTAL, R, STATE, BuiltinKind, PyErr, PyInstance, PyType, decref, err, gc_del, gc_new,
    incref, is_subtype, tuple_kind, type_lookup,
)
from ..objects.dictobject import PyDict, dict_setitem_str, new_dict
from ..objects.scalars import (
    FALSE, NONE, TRUE, PyLong, PyStr, from_host, host_call, index_value, new_bool,
    new_float, new_int, new_str,
)
from ..objects.sequences import PyIter, _register_next, new_list, new_tuple
from ..objects.typeobject import (
    PyCFunction, arity_error, getattr_str, given_twice, make_type, method, setattr_str,
    unexpected_keyword,
)

K = BuiltinKind
FUNCTIONS = {}


def builtin(name, kind=K.VARARGS, minargs=0, maxargs=0):
    def register(fn):
        FUNCTIONS[name] = (fn, kind, minargs, maxargs)
        return fn
    return register


@builtin("print", K.KEYWORDS)
def b_print(args, kwargs):
    kwargs = kwargs or {}
    sep = kwargs.get("sep", NONE)
    end = kwargs.get("end", NONE)
    file = kwargs.get("file", NONE)
    for k in kwargs:
        if k not in ("sep", "end", "file", "flush"):
            raise err("TypeError", "'%s' is an invalid keyword argument for print()" % k)
    for what, v in (("sep", sep), ("end", end)):
        if v is not NONE and not isinstance(v, PyStr):
            raise err("TypeError", "%s must be None or a string, not %s"
                      % (what, v.ob_type.tp_name))
    if file is NONE:
        file = getattr_str(STATE.vm.sys_module, "stdout")
        if file is NONE:
            decref(file)
            return incref(NONE)
    else:
        incref(file)
    try:
        if file.ob_type.tp_name == "_io.TextIOWrapper" and hasattr(file, "sink"):
            # sys.stdout/stderr: one write, as the pieces' order cannot be observed.
            sep_s = " " if sep is NONE else sep.value
            end_s = "\n" if end is NONE else end.value
            file.sink(sep_s.join(str_text(a) for a in args) + end_s)
            _flush_if_asked(file, kwargs)
            return incref(NONE)
        # PyFile_WriteObject for each piece, in CPython's order.
        for i, a in enumerate(args):
            if i:
                _write(file, sep if sep is not NONE else None, " ")
            r = abstract.str_of(a)
            try:
                decref(abstract.vectorcall_method("write", file, [r]))
            finally:
                decref(r)
        _write(file, end if end is not NONE else None, "\n")
        _flush_if_asked(file, kwargs)
    finally:
        decref(file)
    return incref(NONE)


def _flush_if_asked(file, kwargs) -> None:
    """print's ``flush=True``: call ``file.flush()``."""
    flush = kwargs.get("flush")
    if flush is not None and is_true(flush):
        decref(abstract.vectorcall_method("flush", file, []))


def _write(file, given, default):
    s = incref(given) if given is not None else new_str(default)
    try:
        decref(abstract.vectorcall_method("write", file, [s]))
    finally:
        decref(s)


@builtin("len", K.O)
def b_len(o):
    return new_int(abstract.length_of(o))


@builtin("repr", K.O)
def b_repr(o):
    return abstract.repr_of(o)


@builtin("ascii", K.O)
def b_ascii(o):
    from ..vm.eval import convert_value
    return convert_value(o, 3)


@builtin("hash", K.O)
def b_hash(o):
    return new_int(abstract.hash_of(o))


@builtin("id", K.O)
def b_id(o):
    return new_int(STATE.vm.fake_address(o))


@builtin("abs", K.O)
def b_abs(o):
    return abstract.unary_op(o, "abs()")


@builtin("callable", K.O)
def b_callable(o):
    return new_bool(o.ob_type in abstract.CALLERS or type_lookup(o.ob_type, "__call__")
                    is not None)


def _isinstance(obj, cls) -> bool:
    if obj.ob_type is cls:
        return True
    if cls.ob_type is R.types["types.UnionType"]:
        cls = cls.args
    if cls.ob_type is R.types["tuple"]:
        return any(_isinstance(obj, c) for c in cls.items)
    if cls.ob_type is R.types["type"]:
        return is_subtype(obj.ob_type, cls)
    check = type_lookup(cls.ob_type, "__instancecheck__")
    if check is None:
        raise err("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a "
                  "union")
    if isinstance(cls, PyType) and is_subtype(obj.ob_type, cls):
        return True
    r = abstract.call_method_obj(check, cls, [obj])
    try:
        return is_true(r)
    finally:
        decref(r)


@builtin("isinstance", K.VARARGS, 2, 2)
def b_isinstance(obj, cls):
    return new_bool(_isinstance(obj, cls))


def _issubclass(sub, cls) -> bool:
    if cls.ob_type is R.types["types.UnionType"]:
        cls = cls.args
    if cls.ob_type is R.types["tuple"]:
        return any(_issubclass(sub, c) for c in cls.items)
    if not isinstance(sub, PyType):
        raise err("TypeError", "issubclass() arg 1 must be a class")
    if cls.ob_type is R.types["type"]:
        return is_subtype(sub, cls)
    check = type_lookup(cls.ob_type, "__subclasscheck__")
    if check is None:
        raise err("TypeError", "issubclass() arg 2 must be a class, a tuple of classes, or "
                  "a union")
    r = abstract.call_method_obj(check, cls, [sub])
    try:
        return is_true(r)
    finally:
        decref(r)


@builtin("issubclass", K.VARARGS, 2, 2)
def b_issubclass(sub, cls):
    return new_bool(_issubclass(sub, cls))


def _attr_name(o):
    if not isinstance(o, PyStr):
        raise err("TypeError", "attribute name must be string, not '%s'" % o.ob_type.tp_name)
    return o.value


@builtin("getattr", K.VARARGS, 2, 3)
def b_getattr(obj, name, default=None):
    if not isinstance(name, PyStr):
        raise err("TypeError", "attribute name must be string, not '%s'"
                  % name.ob_type.tp_name)
    try:
        return getattr_str(obj, name.value)
    except PyErr as e:
        if default is None or not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
        return incref(default)


@builtin("setattr", K.VARARGS, 3, 3)
def b_setattr(obj, name, value):
    setattr_str(obj, _attr_name(name), value)
    return NONE


@builtin("delattr", K.VARARGS, 2, 2)
def b_delattr(obj, name):
    setattr_str(obj, _attr_name(name), None)
    return NONE


@builtin("hasattr", K.VARARGS, 2, 2)
def b_hasattr(obj, name):
    try:
        decref(getattr_str(obj, _attr_name(name)))
        return TRUE
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
        return FALSE


@builtin("iter", K.VARARGS, 1, 2)
def b_iter(o, sentinel=None):
    if sentinel is None:
        return abstract.get_iter(o)
    it = PyCallIter.__new__(PyCallIter)
    it.ob_refcnt = 1
    it.ob_type = callable_iter_type
    it.seq = incref(o)
    it.index = incref(sentinel)
    return it


@builtin("next", K.VARARGS, 1, 2)
def b_next(it, default=None):
    if type_lookup(it.ob_type, "__next__") is None:
        raise err("TypeError", "'%s' object is not an iterator" % it.ob_type.tp_name)
    if default is None:
        meth = type_lookup(it.ob_type, "__next__")
        return abstract.call_method_obj(meth, it, [])
    v = iter_next(it)
    if v is None:
        return incref(default)
    return v


def _minmax(args, kwargs, op, name):
    kwargs = kwargs or {}
    key = kwargs.get("key")
    default = kwargs.get("default")
    if key is NONE:
        key = None
    if len(args) == 1:
        items = abstract.sequence_list(args[0])
    elif not args:
        raise err("TypeError", "%s expected at least 1 argument, got 0" % name)
    else:
        if default is not None:
            raise err("TypeError", "Cannot specify a default for %s() with multiple positional "
                      "arguments" % name)
        items = [incref(a) for a in args]
    try:
        if not items:
            if default is not None:
                return incref(default)
            raise err("ValueError", ("%s() iterable argument is empty"
                                     if STATE.target.runtime("minmax_empty_message_312")
                                     else "%s() arg is an empty sequence") % name)
        best = items[0]
        best_key = call(key, [best]) if key is not None else incref(best)
        for x in items[1:]:
            k = call(key, [x]) if key is not None else incref(x)
            if abstract.rich_compare_bool(k, best_key, op):
                decref(best_key)
                best, best_key = x, k
            else:
                decref(k)
        decref(best_key)
        return incref(best)
    finally:
        for x in items:
            decref(x)


@builtin("max", K.KEYWORDS)
def b_max(args, kwargs):
    return _minmax(args, kwargs, 4, "max")


@builtin("min", K.KEYWORDS)
def b_min(args, kwargs):
    return _minmax(args, kwargs, 0, "min")


@builtin("sum", K.KEYWORDS)
def b_sum(args, kwargs):
    if not args:
        raise err("TypeError", "sum() takes at least 1 positional argument (0 given)")
    start = args[1] if len(args) > 1 else (kwargs or {}).get("start", None)
    if start is None:
        start = new_int(0)
    else:
        if isinstance(start, PyStr):
            raise err("TypeError", "sum() can't sum strings [use ''.join(seq) instead]")
        incref(start)
    it = abstract.get_iter(args[0])
    try:
        return _sum_items(it, start)
    finally:
        decref(it)


_LONG_MAX = (1 << 63) - 1


def _sum_items(it, total):
    """builtin_sum_impl: exact ints summed as machine longs while they fit, exact
    floats with Neumaier's compensation (3.12+), anything else with ``+``."""
    int_type, float_type, bool_type = R.types["int"], R.types["float"], R.types["bool"]
    if total.ob_type is int_type and -_LONG_MAX - 1 <= total.value <= _LONG_MAX:
        acc = total.value
        decref(total)
        total = None
        while total is None:
            x = abstract.iter_next(it)
            if x is None:
                return new_int(acc)
            if (x.ob_type is int_type or x.ob_type is bool_type) and \
                    -_LONG_MAX - 1 <= acc + int(x.value) <= _LONG_MAX:
                acc += int(x.value)
                decref(x)
                continue
            total = _add_item(new_int(acc), x)
    if total.ob_type is float_type:
        acc, c = total.value, 0.0
        decref(total)
        total = None
        while total is None:
            x = abstract.iter_next(it)
            if x is None:
                return new_float(_compensated(acc, c))
            if x.ob_type is float_type:
                v = x.value
                t = acc + v
                c += (acc - t) + v if abs(acc) >= abs(v) else (v - t) + acc
                acc = t
                decref(x)
                continue
            if isinstance(x, PyLong) and -_LONG_MAX - 1 <= x.value <= _LONG_MAX:
                acc += float(int(x.value))
                decref(x)
                continue
            total = _add_item(new_float(_compensated(acc, c)), x)
    while True:
        x = abstract.iter_next(it)
        if x is None:
            return total
        total = _add_item(total, x)


def _compensated(acc: float, c: float) -> float:
    import math
    if not STATE.target.runtime("compensated_float_sum"):
        return acc
    return acc + c if c and math.isfinite(c) else acc


def _add_item(total, x):
    """``total + x``, both owned: returns the new total (owned)."""
    try:
        return abstract.binary_op(total, x, "+")
    finally:
        decref(x)
        decref(total)


@builtin("any", K.O)
def b_any(o):
    for x in abstract.iterate(o):
        t = is_true(x)
        decref(x)
        if t:
            return TRUE
    return FALSE


@builtin("all", K.O)
def b_all(o):
    for x in abstract.iterate(o):
        t = is_true(x)
        decref(x)
        if not t:
            return FALSE
    return TRUE


@builtin("sorted", K.KEYWORDS)
def b_sorted(args, kwargs):
    if len(args) != 1:
        raise err("TypeError", "sorted expected 1 argument, got %d" % len(args))
    lst = new_list(abstract.sequence_list(args[0]))
    try:
        from ..objects.sequences import list_sort
        list_sort(lst, [], kwargs)
    except PyErr:
        decref(lst)
        raise
    return lst


@builtin("chr", K.O)
def b_chr(o):
    return new_str(host_call(chr, index_value(o)))


@builtin("ord", K.O)
def b_ord(o):
    if isinstance(o, PyStr) or o.ob_type is R.types["bytes"]:
        if len(o.value) != 1:
            raise err("TypeError", "ord() expected a character, but string of length %d found"
                      % len(o.value))
        v = o.value
        return new_int(ord(v) if isinstance(v, str) else v[0])
    raise err("TypeError", "ord() expected string of length 1, but %s found"
              % o.ob_type.tp_name)


for _name, _fn in (("bin", bin), ("oct", oct), ("hex", hex)):
    def _conv(o, _fn=_fn):
        return new_str(_fn(index_value(o)))
    FUNCTIONS[_name] = (_conv, K.O, 0, 0)


@builtin("divmod", K.VARARGS, 2, 2)
def b_divmod(a, b):
    return abstract.binary_op(a, b, "divmod()")


@builtin("pow", K.KEYWORDS)
def b_pow(args, kwargs):
    args = list(args) + [kwargs[k] for k in ("base", "exp", "mod") if kwargs and k in kwargs]
    if len(args) == 3 and args[2] is not NONE:
        meth = type_lookup(args[0].ob_type, "__pow__")
        r = abstract.call_method_obj(meth, args[0], [args[1], args[2]])
        if r is R.not_implemented:
            raise err("TypeError", "unsupported operand type(s) for ** or pow(): '%s', '%s', "
                      "'%s'" % tuple(a.ob_type.tp_name for a in args))
        return r
    return abstract.binary_op(args[0], args[1], "**")


@builtin("round", K.KEYWORDS)
def b_round(args, kwargs):
    number = args[0]
    nd = args[1] if len(args) > 1 else (kwargs or {}).get("ndigits", NONE)
    meth = type_lookup(number.ob_type, "__round__")
    if meth is None:
        raise err("TypeError", "type %s doesn't define __round__ method"
                  % number.ob_type.tp_name)
    return abstract.call_method_obj(meth, number, [] if nd is NONE else [nd])


@builtin("format", K.VARARGS, 1, 2)
def b_format(value, spec=None):
    return abstract.format_of(value, spec if spec is not None else new_str(""))


@builtin("globals", K.NOARGS)
def b_globals():
    return incref(STATE.vm.frame_stack[-1].globals)


@builtin("locals", K.NOARGS)
def b_locals():
    frame = STATE.vm.frame_stack[-1]
    if frame.locals is not None:
        return incref(frame.locals)
    d = new_dict()
    for name, kind, v in zip(frame.code.localsplusnames, frame.code.kinds, frame.fast):
        if v is None:
            continue
        if kind & 0xc0 and v.ob_type is R.types["cell"]:
            v = v.ref
            if v is None:
                continue
        dict_setitem_str(d, name, v)
    return d


@builtin("vars", K.VARARGS, 0, 1)
def b_vars(o=None):
    if o is None:
        return b_locals()
    try:
        return getattr_str(o, "__dict__")
    except PyErr as e:
        decref(e.exc)
        raise err("TypeError", "vars() argument must have __dict__ attribute") from None


@builtin("dir", K.VARARGS, 0, 1)
def b_dir(o=None):
    if o is None:
        names = sorted(k for k in b_locals().vals if isinstance(k, str))
    else:
        if isinstance(o, PyType):
            names = set()
            for t in o.tp_mro:
                names.update(k for k in t.tp_dict.vals if isinstance(k, str))
        elif o.ob_type is R.types["module"]:
            names = set(k for k in o.ob_dict.vals if isinstance(k, str))
        else:
            r = abstract.lookup_special_call(o, "__dir__", [])
            names = [x.value for x in abstract.sequence_list_decref(r)]
            decref(r)
        names = sorted(names)
    return new_list([new_str(n) for n in names])


@builtin("__build_class__", K.KEYWORDS)
def b_build_class(args, kwargs):
    return STATE.vm_build_class(args, kwargs)


@builtin("__import__", K.KEYWORDS)
def b_import(args, kwargs):
    name = args[0].value
    fromlist = args[3] if len(args) > 3 else (kwargs or {}).get("fromlist", NONE)
    level = int(args[4].value) if len(args) > 4 else 0
    return STATE.vm.importer.import_module_level(
        name, fromlist, level, STATE.vm.frame_stack[-1].globals)


@builtin("open", K.KEYWORDS)
def b_open(args, kwargs):
    """``io.open`` (builtins.open is the same function in CPython)."""
    from ..modules import _io as nativeio
    if "StringIO" not in nativeio._IO_TYPES:
        nativeio._make_io_types()
    return nativeio._io_open(args, kwargs)


@builtin("input", K.VARARGS, 0, 1)
def b_input(prompt=None):
    """``input``: the prompt goes to sys.stdout; minivm programs read from an empty
    stdin (what the oracle gives a program), so the answer is EOFError."""
    if prompt is not None:
        stdout = getattr_str(STATE.vm.sys_module, "stdout")
        try:
            text = abstract.str_of(prompt)
            try:
                decref(abstract.vectorcall_method("write", stdout, [text]))
            finally:
                decref(text)
        finally:
            decref(stdout)
    raise err("EOFError", "EOF when reading a line")


# -- exec, eval, compile: source through minivm's own compiler ------------------------------

def compile_source(source, filename: str, mode: str, what: str, arena=None):
    """A code object (PyCodeObj) for ``source`` (str or bytes) compiled by minivm
    for the running target; SyntaxError as CPython raises it.  ``arena``: see
    minivm.compiler.compile."""
    from ..compiler import compile as compile_tree
    from ..objects.bytesobject import PyByteArray
    from ..objects.scalars import PyBytes
    if isinstance(source, PyStr):
        text = source.value
        if "\x00" in text:
            raise err("SyntaxError", "source code string cannot contain null bytes")
    elif isinstance(source, (PyBytes, PyByteArray)):
        text = bytes(source.value)
    else:
        raise err("TypeError", "%s() arg 1 must be a string, bytes or code object" % what)
    try:
        co = compile_tree(text, filename=filename, mode=mode, target=STATE.target,
                          arena=arena)
    except SyntaxError as e:
        raise PyErr(_syntax_error(e)) from None
    return STATE.vm.new_code_object(co)


def parse_to_ast(source, filename: str, mode: str):
    """``compile(..., PyCF_ONLY_AST)``: minivm's parser, its tree rebuilt from the
    node classes of minivm's _ast module."""
    import ast as host_ast
    import minivm
    from ..objects.bytesobject import PyByteArray
    from ..objects.scalars import PyBytes
    if isinstance(source, (PyStr, PyBytes, PyByteArray)):
        text = source.value if isinstance(source, PyStr) else bytes(source.value)
    else:
        raise err("TypeError", "compile() arg 1 must be a string, bytes or AST object")
    try:
        tree = minivm.parse(text, filename=filename, mode=mode, target=STATE.target)
    except SyntaxError as e:
        raise PyErr(_syntax_error(e)) from None
    module = STATE.vm.importer.load("_ast")
    try:
        return _ast_object(tree, module.ob_dict, host_ast)
    finally:
        decref(module)


def _ast_object(node, classes, host_ast):
    """A minivm _ast instance (new reference) for a host ast node, recursively."""
    if isinstance(node, host_ast.AST):
        cls = classes.vals.get(type(node).__name__)
        if cls is None:
            raise err("SystemError", "minivm's _ast has no class %s" % type(node).__name__)
        obj = call(cls, [])
        try:
            for name in tuple(node._fields) + tuple(getattr(node, "_attributes", ())):
                if not hasattr(node, name):
                    continue
                value = _ast_object(getattr(node, name), classes, host_ast)
                try:
                    setattr_str(obj, name, value)
                finally:
                    decref(value)
        except PyErr:
            decref(obj)
            raise
        return obj
    if isinstance(node, list):
        return new_list([_ast_object(x, classes, host_ast) for x in node])
    if node is Ellipsis:
        return incref(R.ellipsis)
    if isinstance(node, tuple):
        return new_tuple([_ast_object(x, classes, host_ast) for x in node])
    if isinstance(node, frozenset):
        from ..objects.mappings import frozenset_type, make_set
        items = new_list([_ast_object(x, classes, host_ast) for x in node])
        try:
            return make_set(frozenset_type, items)
        finally:
            decref(items)
    return from_host(node)


def _syntax_error(e: SyntaxError):
    from ..objects.core import new_exception
    name = type(e).__name__ if type(e).__name__ in R.exc else "SyntaxError"
    details = from_host((e.filename, e.lineno, e.offset, e.text,
                         getattr(e, "end_lineno", None), getattr(e, "end_offset", None)))
    msg = new_str(e.msg)
    try:
        return new_exception(name, None, msg, details)
    finally:
        decref(msg)
        decref(details)


def _closure_for(what, code, closure):
    """The checks ``exec`` and ``eval`` make of a code object's free variables:
    eval, and exec before 3.11, refuse them; 3.11+ exec needs a tuple of exactly
    that many cells as ``closure``.  Returns the function to run the code as
    (new reference), or None."""
    nfree = len(code.info.co.co_freevars)
    if what == "eval" or not STATE.target.runtime("exec_closure"):
        if nfree:
            raise err("TypeError", "code object passed to %s() may not contain free variables"
                      % what)
        return None
    if not nfree:
        if closure is not None:
            raise err("TypeError", "cannot use a closure with this code object")
        return None
    if closure is None or closure.ob_type is not R.types["tuple"] or \
            len(closure.items) != nfree or \
            any(c.ob_type is not R.types["cell"] for c in closure.items):
        raise err("TypeError", "code object requires a closure of exactly length %d" % nfree)
    from ..objects.functions import new_function
    func = new_function(code, STATE.vm.frame_stack[-1].globals, R.intern(code.info.co.co_name))
    func.closure = incref(closure)
    return func


def _exec_args(what, args, kwargs):
    """The positional arguments of exec()/eval() and exec's ``closure`` (None when
    absent), with each version's keyword rules: none before 3.11, a keyword-only
    ``closure`` for exec from 3.11, ``globals`` and ``locals`` by name from 3.13."""
    args = list(args)
    kwargs = dict(kwargs or {})
    closure = None
    keyword_only = what == "exec" and STATE.target.runtime("exec_closure")
    if keyword_only or STATE.target.runtime("exec_eval_keywords"):
        # Argument Clinic's keyword parser and its wording
        if not args:
            raise err("TypeError", "%s() takes at least 1 positional argument (0 given)"
                      % what)
        if len(args) > 3:
            raise err("TypeError", "%s() takes at most 3 %sarguments (%d given)"
                      % (what, "positional " if keyword_only else "", len(args)))
    elif not 1 <= len(args) <= 3:
        raise arity_error(what, 1, 3, len(args))
    if keyword_only:
        closure = kwargs.pop("closure", NONE)
        closure = None if closure is NONE else closure
    if STATE.target.runtime("exec_eval_keywords"):
        for i, name in ((1, "globals"), (2, "locals")):
            if name in kwargs:
                if len(args) > i:
                    raise given_twice(what, name, i)
                args.extend([NONE] * (i - len(args)))
                args.append(kwargs.pop(name))
        if kwargs:
            raise unexpected_keyword(what, next(iter(kwargs)))
    elif kwargs:
        if what == "exec" and STATE.target.runtime("exec_closure"):
            raise unexpected_keyword("exec", next(iter(kwargs)))
        raise err("TypeError", "%s() takes no keyword arguments" % what)
    return args, closure


def _exec_code(what, args, mode, closure=None):
    source = args[0]
    globals_ = args[1] if len(args) > 1 and args[1] is not NONE else None
    locals_ = args[2] if len(args) > 2 and args[2] is not NONE else None
    caller = STATE.vm.frame_stack[-1]
    made = None  # a locals dict made here (a function's fast locals), owned
    if globals_ is None:
        globals_ = caller.globals
        if locals_ is None:
            if caller.locals is not None:
                locals_ = caller.locals
            else:
                locals_ = made = b_locals()
    else:
        if not isinstance(globals_, PyDict):
            raise err("TypeError", "%s() globals must be a dict, not %s"
                      % (what, globals_.ob_type.tp_name))
        if locals_ is None:
            locals_ = globals_
    try:
        if "__builtins__" not in globals_.vals:
            dict_setitem_str(globals_, "__builtins__", STATE.vm.builtins_module)
        arena: list = []
        func = None
        if source.ob_type is R.types["code"]:
            func = _closure_for(what, source, closure)
            code = incref(source)
        elif closure is not None:
            raise err("TypeError", "closure can only be used when source is a code object")
        else:
            if mode == "eval" and isinstance(source, PyStr):
                source = new_str(source.value.lstrip(" \t"))
            else:
                incref(source)
            try:
                code = compile_source(source, "<string>", mode, what, arena)
            finally:
                decref(source)
        # PyRun_StringFlags keeps the source's AST arena while the code runs.
        held = STATE.vm.hold_arena(arena)
        try:
            return STATE.vm.run_code(code.info, globals_, locals_, func)
        finally:
            decref(code)
            for o in held:
                decref(o)
    finally:
        if made is not None:
            decref(made)


@builtin("exec", K.KEYWORDS)
def b_exec(args, kwargs):
    args, closure = _exec_args("exec", args, kwargs)
    decref(_exec_code("exec", args, "exec", closure))
    return incref(NONE)


@builtin("eval", K.KEYWORDS)
def b_eval(args, kwargs):
    args, _ = _exec_args("eval", args, kwargs)
    return _exec_code("eval", args, "eval")


@builtin("compile", K.KEYWORDS)
def b_compile(args, kwargs):
    names = ("source", "filename", "mode", "flags", "dont_inherit", "optimize")
    values = dict(zip(names, args))
    values.update(kwargs or {})
    for required in names[:3]:
        if required not in values:
            raise err("TypeError", "compile() missing required argument '%s' (pos %d)"
                      % (required, names.index(required) + 1))
    mode = values["mode"].value
    if mode not in ("exec", "eval", "single"):
        raise err("ValueError", "compile() mode must be 'exec', 'eval' or 'single'")
    flags = values.get("flags")
    if flags is not None and index_value(flags) & 0x400:  # PyCF_ONLY_AST
        return parse_to_ast(values["source"], abstract.str_text(values["filename"]), mode)
    return compile_source(values["source"], abstract.str_text(values["filename"]), mode,
                          "compile")


# -- iterator types ------------------------------------------------------------------------

class PyCallIter(PyIter):
    __slots__ = ()


def _calliter_dealloc(it):
    for name in ("seq", "index"):
        v = getattr(it, name)
        if v is not None and not isinstance(v, int):
            setattr(it, name, None)
            decref(v)


callable_iter_type = make_type("callable_iterator", layout=PyCallIter, basetype=False,
                               dealloc=_calliter_dealloc)
method(callable_iter_type, "__iter__", K.NOARGS)(incref)


@method(callable_iter_type, "__reduce__", K.NOARGS)
def _calliter_reduce(it):
    """``(iter, (callable, sentinel))``, or once exhausted ``(iter, ((),))``."""
    from ..objects.sequences import get_builtin
    fn = get_builtin("iter")  # first: the lookup can run code that exhausts ``it``
    if it.seq is None or it.index is None:
        return new_tuple([fn, new_tuple([new_tuple([])])])
    return new_tuple([fn, new_tuple([incref(it.seq), incref(it.index)])])


def _calliter_next(it):
    """``calliter_iternext``: ``seq`` is the callable, ``index`` the sentinel. The
    call may exhaust this iterator re-entrantly; then its result is dropped. A
    StopIteration from the callable ends the iteration too."""
    if it.seq is None:
        return None
    try:
        v = call(it.seq, [])
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
            raise
        decref(e.exc)
        _calliter_dealloc(it)
        return None
    sentinel = it.index
    if sentinel is None:
        decref(v)
        return None
    incref(sentinel)  # the comparison may exhaust the iterator and drop its own
    try:
        done = abstract.rich_compare_bool(sentinel, v, 2)
    except PyErr:
        decref(v)
        raise
    finally:
        decref(sentinel)
    if done:
        decref(v)
        _calliter_dealloc(it)
        return None
    return v


_register_next(callable_iter_type, _calliter_next)


class PyMulti(PyInstance):
    """Layout of enumerate/zip/map/filter/reversed: host list of owned references in
    ``parts``, a host counter, and the tuple a next() returns again when nothing
    else holds it (``result``, owned; enumerate and zip) and the length of the
    tuple of iterators CPython keeps (``held``: zip and map, a count to the
    collector only)."""
    __slots__ = ("parts", "count", "flag", "result", "held")


def _multi_dealloc(o):
    parts = o.parts
    o.parts = []
    for p in parts:
        if p is not None:
            decref(p)
    result, o.result = o.result, None
    if result is not None:
        decref(result)
    if o.held:
        gc_del(tuple_kind(o.held))


def _cache_result(o, size: int) -> None:
    """The result tuple CPython makes with the iterator (PyTuple_Pack of Nones)."""
    o.result = new_tuple([incref(NONE) for _ in range(size)])


def _hold_iterators(o, n: int) -> None:
    """The tuple of ``n`` iterators CPython keeps, counted (minivm holds them in parts)."""
    if n:
        o.held = n
        gc_new(tuple_kind(n))


def _next_result(o, items):
    """``items`` (owned) as the next() result: in the cached tuple when only the
    iterator holds it (CPython reuses it), else in a new tuple."""
    r = o.result
    if r is None or r.ob_refcnt != 1:
        return new_tuple(items)
    old, r.items = r.items, items
    r.hash = None
    for x in old:
        decref(x)
    return incref(r)


def _iter_type(name, new_fn, next_fn):
    tp = make_type(name, layout=PyMulti, dealloc=_multi_dealloc)
    tp.tp_new = new_fn
    method(tp, "__iter__", K.NOARGS)(incref)
    _register_next(tp, next_fn)
    return tp


def _alloc_multi(tp, parts, count=0, flag=False):
    from ..objects.instances import alloc_instance
    o = alloc_instance(tp)
    o.parts = parts
    o.count = count
    o.flag = flag
    o.result = None
    o.held = 0
    return o


def _enumerate_new(tp, args, kwargs):
    kwargs = kwargs or {}
    iterable = args[0] if args else kwargs.get("iterable")
    if iterable is None:
        raise err("TypeError", "enumerate() missing required argument 'iterable'")
    start = args[1] if len(args) > 1 else kwargs.get("start")
    o = _alloc_multi(tp, [abstract.get_iter(iterable)],
                     index_value(start) if start is not None else 0)
    _cache_result(o, 2)
    return o


def _enumerate_next(o):
    if not o.parts:
        return None
    v = iter_next(o.parts[0])
    if v is None:
        return None
    i = o.count
    o.count = i + 1
    return _next_result(o, [new_int(i), v])


enumerate_type = _iter_type("enumerate", _enumerate_new, _enumerate_next)


def _zip_new(tp, args, kwargs):
    strict = (kwargs or {}).get("strict")
    its = []
    try:
        for i, a in enumerate(args):
            try:
                its.append(abstract.get_iter(a))
            except PyErr as e:
                if e.exc.ob_type is R.exc["TypeError"]:
                    decref(e.exc)
                    raise err("TypeError", "zip argument #%d must support iteration"
                              % (i + 1)) from None
                raise
    except PyErr:
        for it in its:
            decref(it)
        raise
    o = _alloc_multi(tp, its, 0, bool(strict is not None and is_true(strict)))
    _hold_iterators(o, len(its))
    _cache_result(o, len(its))
    return o


def _zip_next(o):
    if not o.parts:
        return None
    out = []
    for i, it in enumerate(o.parts):
        v = iter_next(it)
        if v is None:
            for x in out:
                decref(x)
            if o.flag:
                if i:
                    raise err("ValueError", "zip() argument %d is shorter than argument%s%s" % (
                        i + 1, "s 1-" if i > 1 else " ", i))
                for j, other in enumerate(o.parts[1:], 2):
                    w = iter_next(other)
                    if w is not None:
                        decref(w)
                        raise err("ValueError", "zip() argument %d is longer than argument%s%s"
                                  % (j, "s 1-" if j > 2 else " ", j - 1))
            return None
        out.append(v)
    return _next_result(o, out)


zip_type = _iter_type("zip", _zip_new, _zip_next)


def _map_new(tp, args, kwargs):
    if len(args) < 2:
        raise err("TypeError", "map() must have at least two arguments.")
    its = [abstract.get_iter(a) for a in args[1:]]
    o = _alloc_multi(tp, [incref(args[0])] + its)
    _hold_iterators(o, len(its))
    return o


def _map_next(o):
    values = []
    for it in o.parts[1:]:
        v = iter_next(it)
        if v is None:
            for x in values:
                decref(x)
            return None
        values.append(v)
    try:
        return call(o.parts[0], values)
    finally:
        for x in values:
            decref(x)


map_type = _iter_type("map", _map_new, _map_next)


def _filter_new(tp, args, kwargs):
    if len(args) != 2:
        raise err("TypeError", "filter expected 2 arguments, got %d" % len(args))
    return _alloc_multi(tp, [incref(args[0]), abstract.get_iter(args[1])])


def _filter_next(o):
    fn, it = o.parts
    while True:
        v = iter_next(it)
        if v is None:
            return None
        if fn is NONE or fn is R.types["bool"]:
            ok = is_true(v)
        else:
            r = call(fn, [v])
            ok = is_true(r)
            decref(r)
        if ok:
            return v
        decref(v)


filter_type = _iter_type("filter", _filter_new, _filter_next)


def _reversed_new(tp, args, kwargs):
    if len(args) != 1:
        raise err("TypeError", "reversed expected 1 argument, got %d" % len(args))
    seq = args[0]
    meth = type_lookup(seq.ob_type, "__reversed__")
    if meth is not None:
        return abstract.call_method_obj(meth, seq, [])
    if type_lookup(seq.ob_type, "__getitem__") is None or \
            type_lookup(seq.ob_type, "__len__") is None or seq.ob_type is R.types["dict"]:
        raise err("TypeError", "'%s' object is not reversible" % seq.ob_type.tp_name)
    return _alloc_multi(tp, [incref(seq)], abstract.length_of(seq) - 1)


def _reversed_next(o):
    if not o.parts or o.count < 0:
        return None
    i = o.count
    o.count -= 1
    return abstract.getitem(o.parts[0], new_int(i))


reversed_type = _iter_type("reversed", _reversed_new, _reversed_next)


def _bool_new(tp, args, kwargs):
    if kwargs:
        raise err("TypeError", "bool() takes no keyword arguments")
    if len(args) > 1:
        raise err("TypeError", "bool expected at most 1 argument, got %d" % len(args))
    return TRUE if args and is_true(args[0]) else FALSE


def _object_type_new_install():
    R.types["bool"].tp_new = _bool_new
    from .numbers import complex_new, float_new, int_new
    R.types["int"].tp_new = int_new
    R.types["float"].tp_new = float_new
    R.types["complex"].tp_new = complex_new


_object_type_new_install()

_MATCH_DUMMY = PyInstance(R.types["object"])
_MATCH_DUMMY.ob_refcnt = IMMORTAL
R.match_dummy = _MATCH_DUMMY

BUILTIN_TYPES = (
    "object", "type", "int", "bool", "float", "complex", "str", "bytes", "bytearray",
    "memoryview", "tuple",
    "list",
    "dict", "set", "frozenset", "range", "slice", "property", "staticmethod",
    "classmethod", "super", "enumerate", "zip", "map", "filter", "reversed",
)


def make_builtins_module(vm):
    from ..objects.moduleobject import new_module
    m = new_module("builtins")
    d = m.ob_dict
    for name, (fn, kind, lo, hi) in FUNCTIONS.items():
        f = PyCFunction(name, fn, kind, None, lo, hi)
        dict_setitem_str(d, name, f)
        decref(f)
    for name in BUILTIN_TYPES:
        dict_setitem_str(d, name, R.types[name])
    for name, tp in R.exc.items():
        dict_setitem_str(d, name, tp)
    for name, v in (("None", NONE), ("True", TRUE), ("False", FALSE),
                    ("NotImplemented", R.not_implemented), ("Ellipsis", R.ellipsis)):
        dict_setitem_str(d, name, v)
    dict_setitem_str(d, "__debug__", TRUE)
    STATE.vm_build_class = lambda args, kwargs: build_class(vm, args, kwargs)
    return m


def build_class(vm, args, kwargs):
    """``__build_class__(func, name, *bases, metaclass=None, **kwds)``."""
    if len(args) < 2:
        raise err("TypeError", "__build_class__: not enough arguments")
    func, name = args[0], args[1]
    orig_bases = list(args[2:])
    bases = _update_bases(orig_bases)
    try:
        return _build_class(vm, func, name, bases, orig_bases, kwargs)
    finally:
        if bases is not orig_bases:
            for b in bases:
                decref(b)


def _update_bases(bases):
    """PEP 560: replace each non-class base by what its ``__mro_entries__`` returns
    (the same list when nothing changes; otherwise a list of new references)."""
    if all(isinstance(b, PyType) for b in bases):
        return bases
    out = []
    changed = False
    orig = None
    try:
        for b in bases:
            entries = None if isinstance(b, PyType) else _mro_entries_of(b)
            if entries is None:
                out.append(incref(b))
                continue
            if orig is None:
                orig = new_tuple([incref(x) for x in bases])
            r = call(entries, [orig])
            decref(entries)
            try:
                if r.ob_type is not R.types["tuple"]:
                    raise err("TypeError", "__mro_entries__ must return a tuple")
                out.extend(incref(x) for x in r.items)
            finally:
                decref(r)
            changed = True
    except PyErr:
        for x in out:
            decref(x)
        raise
    finally:
        if orig is not None:
            decref(orig)
    if not changed:
        for x in out:
            decref(x)
        return bases
    return out


def _mro_entries_of(b):
    try:
        return getattr_str(b, "__mro_entries__")
    except PyErr as e:
        if not is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
            raise
        decref(e.exc)
        return None


def _build_class(vm, func, name, bases, orig_bases, kwargs):
    from ..objects.functions import PyCell
    kwargs = dict(kwargs or {})
    meta = kwargs.pop("metaclass", None)
    if meta is None:
        meta = bases[0].ob_type if bases else R.types["type"]
    if isinstance(meta, PyType):
        for b in bases:
            bm = b.ob_type
            if is_subtype(meta, bm):
                continue
            if is_subtype(bm, meta):
                meta = bm
                continue
            raise err("TypeError", "metaclass conflict: the metaclass of a derived class must "
                      "be a (non-strict) subclass of the metaclasses of all its bases")
    bases_tuple = new_tuple([incref(b) for b in bases])
    try:
        prep = type_lookup(meta, "__prepare__") if isinstance(meta, PyType) else None
        if prep is not None and getattr(prep, "objclass", None) is R.types["type"]:
            ns = new_dict()
        else:
            prepare = getattr_str(meta, "__prepare__")
            try:
                ns = call(prepare, [name, bases_tuple], kwargs)
            finally:
                decref(prepare)
        try:
            from ..vm.frame import Frame
            info = func.code.info
            frame = Frame(info, func.globals, vm.builtins, incref(ns), incref(func))
            cell = vm.execute(frame)
            if bases is not orig_bases:
                orig = new_tuple([incref(b) for b in orig_bases])
                try:
                    abstract.setitem(ns, new_str("__orig_bases__"), orig)
                finally:
                    decref(orig)
            cls = call(meta, [name, bases_tuple, ns], kwargs)
            if isinstance(cell, PyCell) and cell.ref is not cls and isinstance(cls, PyType):
                decref(cell)
                decref(cls)
                raise err("TypeError", "__class__ set to %s defining %r as %r" % (
                    "<class '%s'>" % cell.ref.tp_name if cell.ref else "None", name.value,
                    name.value))
            decref(cell)
            return cls
        finally:
            decref(ns)
    finally:
        decref(bases_tuple)
