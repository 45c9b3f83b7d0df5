"""``weakref.ref`` and ``weakref.proxy`` (Objects/weakrefobject.c).

An object's weak references live in its ``ob_weak`` host list in CPython's list
order: the callback-less ref (shared, reused) first, then refs with callbacks,
newest first.  When the object dies, every ref is cleared and then the callbacks
run in list order, each with its ref as the argument.
"""

from __future__ import annotations

from .abstract import CALLERS, call
from .core import R, STATE, BuiltinKind, PyErr, PyObject, decref, err, incref
from .scalars import NONE, new_int, new_str
from .typeobject import GETATTRO, getset, make_type, method, getattr_str

K = BuiltinKind


class PyWeakref(PyObject):
    __slots__ = ("referent", "callback", "hash", "ob_dict", "ob_weak", "ob_slots")


def _weakref_dealloc(r):
    target = r.referent
    if target is not None and target.ob_weak is not None:
        try:
            target.ob_weak.remove(r)
        except ValueError:
            pass
    r.referent = None
    cb = r.callback
    r.callback = None
    if cb is not None:
        decref(cb)


ref_type = make_type("weakref.ReferenceType", layout=PyWeakref, dealloc=_weakref_dealloc,
                     module="weakref")
ref_type.tp_name = "weakref.ReferenceType"
proxy_type = make_type("weakref.ProxyType", layout=PyWeakref, basetype=False,
                       dealloc=_weakref_dealloc, module="weakref")


def _supports_weakrefs(o) -> bool:
    return o.ob_type.tp_hasweak and hasattr(o, "ob_weak")


def new_weakref(tp, target, callback):
    if not _supports_weakrefs(target):
        raise err("TypeError", "cannot create weak reference to '%s' object"
                  % target.ob_type.tp_name)
    refs = target.ob_weak
    if refs is None:
        refs = target.ob_weak = []
    basic_ref, basic_proxy = _basic_refs(refs)
    if callback is None:
        if tp is ref_type and basic_ref is not None:
            return incref(basic_ref)
        if tp is not ref_type and tp is not R.types.get("weakref.ReferenceType") and \
                basic_proxy is not None and basic_proxy.ob_type in PROXY_TYPES:
            return incref(basic_proxy)
    if tp is proxy_type and callable_type_check(target):
        tp = callable_proxy_type
    r = PyWeakref.__new__(PyWeakref)
    r.ob_refcnt = 1
    r.ob_type = tp
    r.referent = target
    r.callback = incref(callback) if callback is not None else None
    r.hash = None
    r.ob_dict = r.ob_weak = r.ob_slots = None
    if tp.tp_heap:
        # A subclass instance (weakref.KeyedRef): its own slots and a type reference.
        tp.ob_refcnt += 1
        if tp.tp_slotnames:
            r.ob_slots = [None] * len(tp.tp_slotnames)
    # CPython's list: the basic ref, then the basic proxy, then refs with callbacks,
    # newest first (insert_head / insert_after in weakrefobject.c).
    if callback is None and tp is ref_type:
        refs.insert(0, r)
    else:
        after = (1 if basic_ref is not None else 0) + (1 if basic_proxy is not None else 0)
        refs.insert(after, r)
    return r


def _basic_refs(refs):
    """``get_basic_refs``: the callback-less plain ref and proxy at the list head."""
    ref = proxy = None
    i = 0
    if i < len(refs) and refs[i].ob_type is ref_type and refs[i].callback is None:
        ref = refs[i]
        i += 1
    if i < len(refs) and refs[i].ob_type in PROXY_TYPES and refs[i].callback is None:
        proxy = refs[i]
    return ref, proxy


def callable_type_check(o) -> bool:
    from .abstract import callable_check
    return callable_check(o)


def _ref_new(tp, args, kwargs):
    if not 1 <= len(args) <= 2:
        raise err("TypeError", "__new__ expected at most 2 arguments, got %d" % len(args))
    cb = args[1] if len(args) == 2 and args[1] is not NONE else None
    return new_weakref(tp, args[0], cb)


ref_type.tp_new = _ref_new
method(ref_type, "__init__", K.KEYWORDS)(lambda self, a, k: NONE)


def _ref_call(r, args, kwargs):
    if args or kwargs:
        raise err("TypeError", "weakref() takes no arguments" if not kwargs else
                  "weakref() takes no keyword arguments")
    target = r.referent
    return incref(target if target is not None else NONE)


CALLERS[ref_type] = _ref_call
method(ref_type, "__call__", K.KEYWORDS)(_ref_call)


@method(ref_type, "__repr__", K.NOARGS)
def ref_repr(r):
    if r.referent is None:
        return new_str("<weakref at 0x%x; dead>" % STATE.vm.fake_address(r))
    return new_str("<weakref at 0x%x; to '%s' at 0x%x>" % (
        STATE.vm.fake_address(r), r.referent.ob_type.tp_name,
        STATE.vm.fake_address(r.referent)))


@method(ref_type, "__hash__", K.NOARGS)
def ref_hash(r):
    if r.hash is None:
        if r.referent is None:
            raise err("TypeError", "weak object has gone away")
        from .abstract import hash_of
        r.hash = hash_of(r.referent)
    return new_int(r.hash)


@method(ref_type, "__eq__")
def ref_eq(r, other):
    from .abstract import rich_compare
    if other.ob_type is not r.ob_type:
        return R.not_implemented
    if r.referent is None or other.referent is None:
        return R.true if r is other else R.false
    return rich_compare(r.referent, other.referent, 2)


getset(ref_type, "__callback__")(lambda r: incref(r.callback or NONE))


def clear_weakrefs(o) -> None:
    """``PyObject_ClearWeakRefs``: clear every ref, then call the callbacks."""
    refs = o.ob_weak or []
    o.ob_weak = None
    pending = []
    for r in refs:
        r.referent = None
        if r.callback is not None:
            pending.append(r)
    for r in pending:
        cb = r.callback
        r.callback = None
        incref(r)
        try:
            decref(call(cb, [r]))
        except PyErr as e:
            STATE.vm.write_unraisable(e.exc, "Exception ignored in", cb)
        finally:
            decref(cb)
            decref(r)


def get_weakref_attr(o):
    refs = o.ob_weak
    if refs:
        return incref(refs[0])
    return incref(NONE)


def getweakrefcount(o) -> int:
    return len(o.ob_weak or []) if hasattr(o, "ob_weak") else 0


def _proxy_target(p):
    if p.referent is None:
        raise err("ReferenceError", "weakly-referenced object no longer exists")
    return p.referent


callable_proxy_type = make_type("weakref.CallableProxyType", layout=PyWeakref,
                                basetype=False, dealloc=_weakref_dealloc, module="weakref")
PROXY_TYPES = (proxy_type, callable_proxy_type)


def _proxy_setattr(p, name, value):
    from .typeobject import setattr_str
    setattr_str(_proxy_target(p), name, value)


def _forward(fn):
    """A proxy method: ``fn(target, *args)`` with every proxy argument unwrapped."""
    def method_(p, *args):
        args = [_proxy_target(a) if a.ob_type in PROXY_TYPES else a for a in args]
        return fn(_proxy_target(p), *args)
    return method_


def _install_proxy_methods(tp):
    from . import abstract
    GETATTRO[tp] = lambda p, name: getattr_str(_proxy_target(p), name)
    from .typeobject import SETATTRO
    SETATTRO[tp] = _proxy_setattr
    if tp is callable_proxy_type:
        CALLERS[tp] = lambda p, args, kwargs: call(_proxy_target(p), args, kwargs)
    method(tp, "__repr__", K.NOARGS)(lambda p: new_str(
        "<weakproxy at 0x%x; %s>" % (STATE.vm.fake_address(p), "dead" if p.referent is None
                                     else "to '%s' at 0x%x" % (
                                         p.referent.ob_type.tp_name,
                                         STATE.vm.fake_address(p.referent)))))
    method(tp, "__str__", K.NOARGS)(_forward(abstract.str_of))
    method(tp, "__len__", K.NOARGS)(_forward(lambda o: new_int(abstract.length_of(o))))
    method(tp, "__bool__", K.NOARGS)(_forward(lambda o: R.true if abstract.is_true(o)
                                              else R.false))
    method(tp, "__iter__", K.NOARGS)(_forward(abstract.get_iter))
    method(tp, "__getitem__")(_forward(abstract.getitem))
    method(tp, "__setitem__", K.VARARGS, 2, 2)(_forward(
        lambda o, k, v: (abstract.setitem(o, k, v), incref(NONE))[1]))
    method(tp, "__delitem__")(_forward(lambda o, k: (abstract.delitem(o, k), incref(NONE))[1]))
    method(tp, "__contains__")(_forward(lambda o, k: R.true if abstract.contains(o, k)
                                        else R.false))
    for i, name in enumerate(abstract.CMP_NAMES):
        method(tp, name)(_forward(lambda o, w, i=i: abstract.rich_compare(o, w, i)))
    for sym, name in (("+", "add"), ("-", "sub"), ("*", "mul"), ("/", "truediv"),
                      ("//", "floordiv"), ("%", "mod"), ("**", "pow"), ("<<", "lshift"),
                      (">>", "rshift"), ("&", "and"), ("|", "or"), ("^", "xor"),
                      ("@", "matmul")):
        method(tp, "__%s__" % name)(_forward(lambda o, w, sym=sym: abstract.binary_op(o, w, sym)))
        method(tp, "__r%s__" % name)(_forward(
            lambda o, w, sym=sym: abstract.binary_op(w, o, sym)))
        method(tp, "__i%s__" % name)(_forward(
            lambda o, w, sym=sym: abstract.inplace_op(o, w, sym)))
    for sym, name in (("-", "neg"), ("+", "pos"), ("~", "invert")):
        method(tp, "__%s__" % name, K.NOARGS)(_forward(
            lambda o, sym=sym: abstract.unary_op(o, sym)))
    tp.tp_dict.vals["__hash__"] = NONE
    tp.tp_dict.keys["__hash__"] = R.intern("__hash__")


for _tp in PROXY_TYPES:
    _install_proxy_methods(_tp)
