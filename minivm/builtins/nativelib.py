"""Native modules the pure-Python standard library imports: ``_weakref``,
``_thread``, ``itertools``, ``_collections`` (deque, defaultdict), ``time``,
``_string``... written against minivm's object model.  (``math``, ``gc`` and
``sys`` are in nativemods.py and sysmodule.py.)

Iterators whose state is naturally a loop (most of ``itertools``) are host
generators wrapped in a minivm iterator type (:func:`generator_type`): the
generator yields new references and holds its inputs in local variables, so
closing it in the deallocator releases them, as the C types' ``tp_dealloc`` does.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyErr, PyObject, decref, err, incref, \
    is_subtype, new_exception, type_lookup
from ..objects.dictobject import dict_setitem_str
from ..objects.scalars import (
    FALSE, NONE, NOT_IMPLEMENTED, TRUE, PyLong, PyStr, from_host, index_value, new_bool,
    new_float, new_int, new_str,
)
from ..objects.sequences import new_list, new_tuple
from ..objects.typeobject import PyCFunction, getset, make_type, method
from . import native

K = BuiltinKind


def make_module(name: str, funcs: Dict[str, Any], values: Optional[Dict[str, Any]] = None):
    """A module object: ``funcs`` maps names to ``(fn, kind, minargs, maxargs)``;
    ``values`` to minivm objects (borrowed) or host scalars."""
    from ..objects.moduleobject import new_module
    m = new_module(name)
    d = m.ob_dict
    for fname, (fn, kind, lo, hi) in funcs.items():
        f = PyCFunction(fname, fn, kind, None, lo, hi, module=name)
        dict_setitem_str(d, fname, f)
        decref(f)
    for vname, value in (values or {}).items():
        owned = not isinstance(value, PyObject)
        o = from_host(value) if owned else value
        dict_setitem_str(d, vname, o)
        if owned:
            decref(o)
    return m


# -- iterators backed by host generators ------------------------------------------------------

class PyGenIter(PyObject):
    """An iterator whose ``tp_iternext`` is ``next(gen)`` of a host generator."""
    __slots__ = ("gen", "state")


def _gen_iter_dealloc(it):
    gen, it.gen = it.gen, None
    if gen is not None:
        gen.close()


def _gen_iter_next(it):
    gen = it.gen
    if gen is None:
        return None
    try:
        return next(gen)
    except StopIteration:
        it.gen = None
        return None
    except PyErr:
        it.gen = None
        raise


def generator_type(name: str, factory: Callable, module: str, kind=K.KEYWORDS):
    """A type whose instances iterate ``factory(args, kwargs)`` (a host generator of
    new references); calling the type makes one."""
    from ..objects.sequences import _register_next
    tp = make_type(name, layout=PyGenIter, basetype=False, dealloc=_gen_iter_dealloc,
                   module=module)

    def new(tp_, args, kwargs):
        it = PyGenIter.__new__(PyGenIter)
        it.state = None
        it.gen = None
        gen = factory(it, list(args), dict(kwargs or {}))
        it.ob_refcnt = 1
        it.ob_type = tp_
        it.gen = gen
        return it
    tp.tp_new = new
    from ..objects.instances import add_new_entry
    add_new_entry(tp)
    method(tp, "__iter__", K.NOARGS)(incref)
    _register_next(tp, _gen_iter_next)
    return tp


def _no_kwargs(name: str, kwargs) -> None:
    if kwargs:
        raise err("TypeError", "%s() takes no keyword arguments" % name)


def _arity(name: str, args, lo: int, hi: int) -> None:
    n = len(args)
    if n < lo:
        raise err("TypeError", "%s expected at least %d argument%s, got %d"
                  % (name, lo, "" if lo == 1 else "s", n))
    if n > hi:
        raise err("TypeError", "%s expected at most %d argument%s, got %d"
                  % (name, hi, "" if hi == 1 else "s", n))


def iterate_owned(it):
    """Host generator over minivm iterator ``it`` (owned; released at the end)."""
    try:
        while True:
            x = abstract.iter_next(it)
            if x is None:
                return
            yield x
    finally:
        decref(it)


# -- types.SimpleNamespace ------------------------------------------------------------------

def _namespace_new(tp, args, kwargs):
    from ..objects.instances import alloc_instance
    from ..objects.dictobject import new_dict
    o = alloc_instance(tp)
    if o.ob_dict is None:
        o.ob_dict = new_dict()
    return o


def _make_namespace_type():
    from ..objects.core import PyInstance
    tp = make_type("types.SimpleNamespace", layout=PyInstance, module="types")
    tp.tp_hasdict = True
    tp.tp_hasweak = True
    tp.tp_new = _namespace_new

    @method(tp, "__init__", K.KEYWORDS)
    def init(self, args, kwargs):
        if len(args) > 1:
            raise err("TypeError", "SimpleNamespace expected at most 1 positional argument, "
                      "got %d" % len(args))
        if args:
            from ..objects.mappings import dict_merge
            dict_merge(self.ob_dict, args[0])
        for k, v in (kwargs or {}).items():
            dict_setitem_str(self.ob_dict, k, v)
        return incref(NONE)

    @method(tp, "__repr__", K.NOARGS)
    def repr_(self):
        name = "namespace" if self.ob_type is tp else self.ob_type.tp_name
        from ..objects.sequences import _repr_active
        key = id(self)
        if key in _repr_active:
            return new_str("%s(...)" % name)
        _repr_active.add(key)
        try:
            parts = []
            for hk, k in list(self.ob_dict.keys.items()):
                v = self.ob_dict.vals.get(hk)
                if v is not None and isinstance(k, PyStr):
                    parts.append("%s=%s" % (k.value, abstract.repr_text(v)))
            return new_str("%s(%s)" % (name, ", ".join(parts)))
        finally:
            _repr_active.discard(key)

    @method(tp, "__eq__")
    def eq(self, other):
        if not is_subtype(other.ob_type, tp):
            return incref(NOT_IMPLEMENTED)
        return abstract.rich_compare(self.ob_dict, other.ob_dict, 2)
    return tp


namespace_type = _make_namespace_type()


# -- _weakref -------------------------------------------------------------------------------

@native("_weakref")
def _weakref_module(vm):
    from ..objects import weakrefs

    def proxy(o, cb=None):
        return weakrefs.new_weakref(weakrefs.proxy_type, o, None if cb in (None, NONE)
                                    else cb)

    def getweakrefs(o):
        return new_list([incref(r) for r in (getattr(o, "ob_weak", None) or [])])

    def remove_dead_weakref(d, key):
        from ..objects.dictobject import dict_delitem, hkey
        r = d.vals.get(hkey(key))
        if r is not None and getattr(r, "referent", 1) is None:
            dict_delitem(d, key)
        return incref(NONE)
    funcs = {
        "getweakrefcount": (lambda o: new_int(weakrefs.getweakrefcount(o)), K.O, 0, 0),
        "getweakrefs": (getweakrefs, K.O, 0, 0),
        "proxy": (proxy, K.VARARGS, 1, 2),
        "_remove_dead_weakref": (remove_dead_weakref, K.VARARGS, 2, 2),
    }
    values = {"ref": weakrefs.ref_type, "ReferenceType": weakrefs.ref_type,
              "ProxyType": weakrefs.proxy_type,
              "CallableProxyType": weakrefs.callable_proxy_type}
    return make_module("_weakref", funcs, values)


# -- _thread: one thread, locks that never block ------------------------------------------

class PyLock(PyObject):
    __slots__ = ("locked", "owner_count", "ob_weak")


def _lock_type(name: str, reentrant: bool):
    tp = make_type(name, layout=PyLock, module="_thread",
                   dealloc=lambda o: None)
    tp.tp_hasweak = True

    def new(tp_, args, kwargs):
        o = PyLock.__new__(PyLock)
        o.ob_refcnt = 1
        o.ob_type = tp_
        o.locked = False
        o.owner_count = 0
        o.ob_weak = None
        return o
    tp.tp_new = new

    def acquire(self, args, kwargs):
        blocking = abstract.is_true(args[0]) if args else \
            abstract.is_true((kwargs or {}).get("blocking", TRUE))
        if self.locked and not reentrant:
            if blocking:
                raise err("RuntimeError", "minivm runs one thread: this acquire would "
                          "block forever")
            return incref(FALSE)
        self.locked = True
        self.owner_count += 1
        return incref(TRUE)

    def release(self):
        if not self.locked:
            raise err("RuntimeError", "cannot release un-acquired lock" if reentrant
                      else "release unlocked lock")
        self.owner_count -= 1
        if self.owner_count == 0:
            self.locked = False
        return incref(NONE)
    method(tp, "acquire", K.KEYWORDS)(acquire)
    method(tp, "__enter__", K.KEYWORDS)(acquire)
    method(tp, "release", K.NOARGS)(release)
    method(tp, "__exit__", K.VARARGS, 0, 3)(lambda self, *a: release(self))
    method(tp, "locked", K.NOARGS)(lambda self: new_bool(self.locked))
    if reentrant:
        method(tp, "_is_owned", K.NOARGS)(lambda self: new_bool(self.locked))
    return tp


lock_type = _lock_type("_thread.lock", False)
rlock_type = _lock_type("_thread.RLock", True)


@native("_thread")
def _thread_module(vm):
    funcs = {
        "get_ident": (lambda: new_int(1), K.NOARGS, 0, 0),
        "get_native_id": (lambda: new_int(1), K.NOARGS, 0, 0),
        "allocate_lock": (lambda: lock_type.tp_new(lock_type, [], None), K.NOARGS, 0, 0),
        "_count": (lambda: new_int(0), K.NOARGS, 0, 0),
    }
    values = {"LockType": lock_type, "RLock": rlock_type, "TIMEOUT_MAX": 9223372036.0,
              "error": R.exc["RuntimeError"]}
    return make_module("_thread", funcs, values)


# -- time (deterministic enough: the clocks are real but programs rarely print them) -------

@native("time")
def _time_module(vm):
    import time as host_time
    # Each lambda binds its own host function as a default (noqa: B008 below).
    funcs = {name: ((lambda fn=getattr(host_time, name): new_float(fn())), K.NOARGS, 0, 0)  # noqa: B008
             for name in ("time", "monotonic", "perf_counter", "process_time")}
    for name in ("time_ns", "monotonic_ns", "perf_counter_ns"):
        funcs[name] = ((lambda fn=getattr(host_time, name): new_int(fn())), K.NOARGS, 0, 0)  # noqa: B008
    funcs["sleep"] = (lambda s: incref(NONE), K.O, 0, 0)
    st = _struct_time_def()

    def to_struct(value):
        return structseq_of(st, tuple(value)[:9])

    def from_struct(o):
        if o is None or o is NONE:
            return None
        return tuple(_os_arg(x) for x in abstract.sequence_list_decref(o))

    def convert(host_fn):
        def fn(*args):
            t = None if not args or args[0] is NONE else _os_arg(args[0])
            return to_struct(_os_call(host_fn, [t] if t is not None else [], None))
        return fn
    funcs["localtime"] = (convert(host_time.localtime), K.VARARGS, 0, 1)
    funcs["gmtime"] = (convert(host_time.gmtime), K.VARARGS, 0, 1)
    funcs["mktime"] = (lambda t: new_float(host_time.mktime(from_struct(t))), K.O, 0, 0)
    funcs["strftime"] = (lambda fmt, t=None: new_str(host_time.strftime(
        fmt.value, *([from_struct(t)] if t is not None else []))), K.VARARGS, 1, 2)
    funcs["asctime"] = (lambda t=None: new_str(host_time.asctime(
        *([from_struct(t)] if t is not None else []))), K.VARARGS, 0, 1)
    values = {"struct_time": st.type, "timezone": host_time.timezone,
              "altzone": host_time.altzone, "daylight": host_time.daylight,
              "tzname": tuple(host_time.tzname)}
    return make_module("time", funcs, values)


_STRUCT_TIME: List[Any] = []


def _struct_time_def():
    if not _STRUCT_TIME:
        from .sysmodule import StructSeqDef
        st = StructSeqDef("time.struct_time", ("tm_year", "tm_mon", "tm_mday", "tm_hour",
                                                "tm_min", "tm_sec", "tm_wday", "tm_yday",
                                                "tm_isdst"), "time")
        getset(st.type, "tm_zone")(lambda o: incref(NONE))
        getset(st.type, "tm_gmtoff")(lambda o: incref(NONE))

        def new(tp, args, kwargs):
            if not args:
                raise err("TypeError", "time.struct_time() missing required argument "
                          "'sequence' (pos 1)")
            items = abstract.sequence_list(args[0])
            if len(items) < 9:
                _release(items)
                raise err("TypeError", "time.struct_time() takes an at least 9-sequence "
                          "(%d-sequence given)" % len(items))
            t = new_tuple(items[:9])
            _release(items[9:])
            t.ob_type = tp
            return t
        st.type.tp_new = new
        from ..objects.instances import add_new_entry
        add_new_entry(st.type)
        _STRUCT_TIME.append(st)
    return _STRUCT_TIME[0]


def structseq_of(definition, values):
    from .sysmodule import structseq
    return structseq(definition, values)


# -- itertools ----------------------------------------------------------------------------------

def _iter_of(o):
    return abstract.get_iter(o)


def _pool(o):
    """The items of an iterable as a host list of new references."""
    return abstract.sequence_list(o)


def _release(items):
    for x in items:
        if x is not None:
            decref(x)


def _tuple_of(items):
    return new_tuple([incref(x) for x in items])


def _it_count(it, args, kwargs):
    _arity("count", args, 0, 2)
    start = args[0] if args else kwargs.pop("start", None)
    step = args[1] if len(args) > 1 else kwargs.pop("step", None)
    if kwargs:
        raise err("TypeError", "count() got an unexpected keyword argument '%s'"
                  % next(iter(kwargs)))
    for v in (start, step):
        if v is not None and not _is_number(v):
            raise err("TypeError", "a number is required")
    current = incref(start) if start is not None else new_int(0)
    step = incref(step) if step is not None else new_int(1)
    it.state = lambda: (current, step)

    def gen():
        nonlocal current
        try:
            while True:
                nxt = abstract.binary_op(current, step, "+")
                value, current = current, nxt
                it.state = lambda: (current, step)  # noqa: B023 - the latest value on purpose
                yield value
        finally:
            decref(current)
            decref(step)
    return gen()


def _is_number(o) -> bool:
    return type_lookup(o.ob_type, "__add__") is not None and not isinstance(o, PyStr) and \
        o.ob_type not in (R.types["list"], R.types["tuple"], R.types["bytes"])


def _count_repr(it):
    if it.state is None:
        return new_str("count()")
    current, step = it.state()
    if isinstance(step, PyLong) and step.value == 1 and step.ob_type is R.types["int"]:
        return new_str("count(%s)" % abstract.repr_text(current))
    return new_str("count(%s, %s)" % (abstract.repr_text(current), abstract.repr_text(step)))


def _it_repeat(it, args, kwargs):
    _arity("repeat", args, 1, 2)
    obj = args[0] if args else kwargs.get("object")
    times = args[1] if len(args) > 1 else kwargs.get("times")
    n = -1 if times is None else max(0, index_value(times))
    obj = incref(obj)
    it.state = [obj, n]

    def gen():
        try:
            while it.state[1] != 0:
                if it.state[1] > 0:
                    it.state[1] -= 1
                yield incref(obj)
        finally:
            decref(obj)
    return gen()


def _repeat_repr(it):
    obj, n = it.state
    if n < 0:
        return new_str("repeat(%s)" % abstract.repr_text(obj))
    return new_str("repeat(%s, %d)" % (abstract.repr_text(obj), n))


def _it_cycle(it, args, kwargs):
    _no_kwargs("cycle", kwargs)
    _arity("cycle", args, 1, 1)
    source = _iter_of(args[0])

    def gen():
        saved = []
        try:
            for x in iterate_owned(source):
                saved.append(incref(x))
                yield x
            while saved:
                for x in saved:
                    yield incref(x)
        finally:
            _release(saved)
    return gen()


def _it_accumulate(it, args, kwargs):
    _arity("accumulate", args, 1, 2)
    func = args[1] if len(args) > 1 else kwargs.get("func", NONE)
    initial = kwargs.get("initial", NONE)
    source = _iter_of(args[0])

    def gen():
        total = incref(initial) if initial is not NONE else None
        try:
            if total is not None:
                yield incref(total)
            for x in iterate_owned(source):
                if total is None:
                    total = x
                else:
                    try:
                        nxt = abstract.binary_op(total, x, "+") if func is NONE else \
                            abstract.call(func, [total, x])
                    finally:
                        decref(x)
                    decref(total)
                    total = nxt
                yield incref(total)
        finally:
            if total is not None:
                decref(total)
    return gen()


def _it_chain(it, args, kwargs):
    _no_kwargs("chain", kwargs)
    sources = [incref(a) for a in args]
    return _chain_gen(iter(sources), sources)


def _chain_gen(iterables, owned):
    try:
        for source in iterables:
            sub = _iter_of(source)
            yield from iterate_owned(sub)
    finally:
        _release(owned)


def _chain_from_iterable(args, kwargs):
    cls, iterable = args[0], args[1]
    outer = _iter_of(iterable)
    it = PyGenIter.__new__(PyGenIter)
    it.ob_refcnt = 1
    it.ob_type = cls
    it.state = None

    def sources():
        for x in iterate_owned(outer):
            try:
                yield x
            finally:
                decref(x)
    it.gen = _chain_gen(sources(), [])
    return it


def _it_compress(it, args, kwargs):
    _arity("compress", args, 0, 2)
    data = args[0] if args else kwargs.get("data")
    selectors = args[1] if len(args) > 1 else kwargs.get("selectors")
    d, s = _iter_of(data), _iter_of(selectors)

    def gen():
        try:
            while True:
                x = abstract.iter_next(d)
                if x is None:
                    return
                sel = abstract.iter_next(s)
                if sel is None:
                    decref(x)
                    return
                keep = abstract.is_true(sel)
                decref(sel)
                if keep:
                    yield x
                else:
                    decref(x)
        finally:
            decref(d)
            decref(s)
    return gen()


def _predicate_gen(name, keep_while, invert):
    def factory(it, args, kwargs):
        _no_kwargs(name, kwargs)
        _arity(name, args, 2, 2)
        pred = incref(args[0])
        source = _iter_of(args[1])

        def gen():
            dropping = True
            try:
                for x in iterate_owned(source):
                    if keep_while is None:
                        r = abstract.is_true(x) if pred is NONE else _truth(pred, x)
                        if r != invert:
                            yield x
                        else:
                            decref(x)
                        continue
                    if keep_while:
                        if _truth(pred, x):
                            yield x
                        else:
                            decref(x)
                            return
                    else:
                        if dropping and _truth(pred, x):
                            decref(x)
                            continue
                        dropping = False
                        yield x
            finally:
                decref(pred)
        return gen()
    return factory


def _truth(pred, x) -> bool:
    r = abstract.call(pred, [x])
    try:
        return abstract.is_true(r)
    finally:
        decref(r)


def _it_islice(it, args, kwargs):
    _no_kwargs("islice", kwargs)
    _arity("islice", args, 2, 4)
    values = []
    for v in args[1:]:
        if v is NONE:
            values.append(None)
            continue
        if not isinstance(v, PyLong) and type_lookup(v.ob_type, "__index__") is None:
            raise err("ValueError", "Stop argument for islice() must be None or an integer: "
                      "0 <= x <= sys.maxsize." if len(args) == 2 else
                      "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        values.append(index_value(v))
    if len(values) == 1:
        start, stop, step = 0, values[0], 1
    else:
        start, stop = values[0] or 0, values[1]
        step = values[2] if len(values) > 2 and values[2] is not None else 1
    if start < 0 or (stop is not None and stop < 0):
        raise err("ValueError", "Indices for islice() must be None or an integer: "
                  "0 <= x <= sys.maxsize." if len(args) > 2 else
                  "Stop argument for islice() must be None or an integer: 0 <= x <= "
                  "sys.maxsize.")
    if step < 1:
        raise err("ValueError", "Step for islice() must be a positive integer or None.")
    source = _iter_of(args[0])

    def gen():
        nxt = start
        i = 0
        try:
            while stop is None or nxt < stop:
                x = abstract.iter_next(source)
                if x is None:
                    return
                if i == nxt:
                    nxt += step
                    i += 1
                    yield x
                else:
                    i += 1
                    decref(x)
            # CPython consumes up to ``stop`` once the slice is done.
            while i < (stop or 0):
                x = abstract.iter_next(source)
                if x is None:
                    return
                decref(x)
                i += 1
        finally:
            decref(source)
    return gen()


def _it_pairwise(it, args, kwargs):
    _no_kwargs("pairwise", kwargs)
    _arity("pairwise", args, 1, 1)
    source = _iter_of(args[0])

    def gen():
        prev = None
        try:
            for x in iterate_owned(source):
                if prev is not None:
                    yield new_tuple([prev, incref(x)])
                prev = x
        finally:
            if prev is not None:
                decref(prev)
    return gen()


def _it_batched(it, args, kwargs):
    _arity("batched", args, 0, 2)
    iterable = args[0] if args else kwargs.get("iterable")
    n = args[1] if len(args) > 1 else kwargs.get("n")
    size = index_value(n)
    if size < 1:
        raise err("ValueError", "n must be at least one")
    source = _iter_of(iterable)

    def gen():
        batch = []
        try:
            for x in iterate_owned(source):
                batch.append(x)
                if len(batch) == size:
                    out, batch[:] = new_tuple(list(batch)), []
                    yield out
            if batch:
                out, batch[:] = new_tuple(list(batch)), []
                yield out
        finally:
            _release(batch)
    return gen()


def _it_starmap(it, args, kwargs):
    _no_kwargs("starmap", kwargs)
    _arity("starmap", args, 2, 2)
    func = incref(args[0])
    source = _iter_of(args[1])

    def gen():
        try:
            for x in iterate_owned(source):
                try:
                    fargs = _pool(x)
                finally:
                    decref(x)
                try:
                    yield abstract.call(func, fargs)
                finally:
                    _release(fargs)
        finally:
            decref(func)
    return gen()


def _it_zip_longest(it, args, kwargs):
    fill = kwargs.pop("fillvalue", NONE)
    if kwargs:
        raise err("TypeError", "zip_longest() got an unexpected keyword argument '%s'"
                  % next(iter(kwargs)))
    sources = [_iter_of(a) for a in args]
    fill = incref(fill)

    def gen():
        active = [True] * len(sources)
        try:
            if not sources:
                return
            while True:
                row = []
                for i, s in enumerate(sources):
                    x = abstract.iter_next(s) if active[i] else None
                    if x is None:
                        active[i] = False
                        x = incref(fill)
                    row.append(x)
                if not any(active):
                    _release(row)
                    return
                yield new_tuple(row)
        finally:
            _release(sources)
            decref(fill)
    return gen()


def _it_product(it, args, kwargs):
    repeat = kwargs.pop("repeat", None)
    if kwargs:
        raise err("TypeError", "product() got an unexpected keyword argument '%s'"
                  % next(iter(kwargs)))
    n = index_value(repeat) if repeat is not None else 1
    if n < 0:
        raise err("ValueError", "repeat argument cannot be negative")
    pools = [_pool(a) for a in args] * n
    owned = [x for p in pools[:len(args)] for x in p]

    def gen():
        try:
            if any(not p for p in pools):
                return
            indices = [0] * len(pools)
            while True:
                yield _tuple_of([p[i] for p, i in zip(pools, indices)])
                for k in reversed(range(len(pools))):
                    indices[k] += 1
                    if indices[k] < len(pools[k]):
                        break
                    indices[k] = 0
                else:
                    return
        finally:
            _release(owned)
    return gen()


def _combinatoric(name):
    def factory(it, args, kwargs):
        _arity(name, args, 0, 2)
        iterable = args[0] if args else kwargs.pop("iterable", None)
        r = args[1] if len(args) > 1 else kwargs.pop("r", None)
        pool = _pool(iterable)
        n = len(pool)
        if r is None or r is NONE:
            if name != "permutations":
                _release(pool)
                raise err("TypeError", "%s() missing required argument 'r' (pos 2)" % name)
            size = n
        else:
            size = index_value(r)
        if size < 0:
            _release(pool)
            raise err("ValueError", "r must be non-negative")
        import itertools as host_itertools
        host = getattr(host_itertools, name)

        def gen():
            try:
                for combo in host(range(n), size):
                    yield _tuple_of([pool[i] for i in combo])
            finally:
                _release(pool)
        return gen()
    return factory


class _TeeData:
    """The buffer tee iterators share: items fetched once, each a new reference
    held until every iterator has passed it."""

    def __init__(self, source) -> None:
        self.source = source
        self.items: List[PyObject] = []
        self.base = 0
        self.positions: Dict[int, int] = {}
        self.done = False

    def get(self, owner: int):
        pos = self.positions[owner]
        while pos - self.base >= len(self.items):
            if self.done:
                return None
            x = abstract.iter_next(self.source)
            if x is None:
                self.done = True
                return None
            self.items.append(x)
        item = self.items[pos - self.base]
        self.positions[owner] = pos + 1
        self._trim()
        return incref(item)

    def _trim(self):
        low = min(self.positions.values()) if self.positions else self.base + len(self.items)
        while self.base < low and self.items:
            decref(self.items.pop(0))
            self.base += 1

    def leave(self, owner: int) -> None:
        self.positions.pop(owner, None)
        self._trim()
        if not self.positions:
            _release(self.items)
            self.items = []
            decref(self.source)


def _tee_iterator(tp, data: _TeeData, pos: int):
    it = PyGenIter.__new__(PyGenIter)
    it.ob_refcnt = 1
    it.ob_type = tp
    key = id(it)
    data.positions[key] = pos
    it.state = data

    def gen():
        try:
            while True:
                x = data.get(key)
                if x is None:
                    return
                yield x
        finally:
            data.leave(key)
    it.gen = gen()
    return it


def _tee(tee_type):
    def tee(iterable, n=None):
        count = 2 if n is None else index_value(n)
        if count < 0:
            raise err("ValueError", "n must be >= 0")
        if count == 0:
            return new_tuple([])
        data = _TeeData(_iter_of(iterable))
        return new_tuple([_tee_iterator(tee_type, data, 0) for _ in range(count)])
    return tee


def _groupby(groupby_type, grouper_type):
    def factory(it, args, kwargs):
        _arity("groupby", args, 0, 2)
        iterable = args[0] if args else kwargs.get("iterable")
        key = args[1] if len(args) > 1 else kwargs.get("key", NONE)
        source = _iter_of(iterable)
        keyfunc = incref(key)
        state = {"cur": None, "key": None, "gen": 0}
        it.state = state

        def advance():
            x = abstract.iter_next(source)
            if x is None:
                return False
            k = incref(x) if keyfunc is NONE else abstract.call(keyfunc, [x])
            for name in ("cur", "key"):
                if state[name] is not None:
                    decref(state[name])
            state["cur"], state["key"] = x, k
            return True

        def group(target_key, generation):
            try:
                while state["gen"] == generation:
                    if state["cur"] is None and not advance():
                        return
                    if not abstract.rich_compare_bool(state["key"], target_key, 2):
                        return
                    x, state["cur"] = state["cur"], None
                    yield x
            finally:
                decref(target_key)

        def gen():
            try:
                target = None
                while True:
                    if state["cur"] is None and not advance():
                        return
                    while target is not None and \
                            abstract.rich_compare_bool(state["key"], target, 2):
                        decref(state["cur"])
                        state["cur"] = None
                        if not advance():
                            return
                    if target is not None:
                        decref(target)
                    target = incref(state["key"])
                    state["gen"] += 1
                    g = PyGenIter.__new__(PyGenIter)
                    g.ob_refcnt = 1
                    g.ob_type = grouper_type
                    g.state = None
                    g.gen = group(incref(target), state["gen"])
                    yield new_tuple([incref(target), g])
            finally:
                if target is not None:
                    decref(target)
                for name in ("cur", "key"):
                    if state[name] is not None:
                        decref(state[name])
                decref(source)
                decref(keyfunc)
        return gen()
    return factory


@native("itertools")
def _itertools_module(vm):
    mod = "itertools"
    types = {}
    for name, factory in (
            ("count", _it_count), ("repeat", _it_repeat), ("cycle", _it_cycle),
            ("accumulate", _it_accumulate), ("chain", _it_chain), ("compress", _it_compress),
            ("dropwhile", _predicate_gen("dropwhile", False, False)),
            ("takewhile", _predicate_gen("takewhile", True, False)),
            ("filterfalse", _predicate_gen("filterfalse", None, True)),
            ("islice", _it_islice), ("pairwise", _it_pairwise), ("starmap", _it_starmap),
            ("zip_longest", _it_zip_longest), ("product", _it_product),
            ("permutations", _combinatoric("permutations")),
            ("combinations", _combinatoric("combinations")),
            ("combinations_with_replacement",
             _combinatoric("combinations_with_replacement"))):
        types[name] = _itertools_type(name, factory)
    if vm.target.runtime("itertools_batched"):
        types["batched"] = _itertools_type("batched", _it_batched)
    method(types["count"], "__repr__", K.NOARGS)(_count_repr)
    method(types["repeat"], "__repr__", K.NOARGS)(_repeat_repr)
    from ..objects.instances import builtin_classmethod
    builtin_classmethod(types["chain"], "from_iterable", _chain_from_iterable)
    grouper = _itertools_type("_grouper", None)
    types["groupby"] = _itertools_type("groupby", _groupby(None, grouper))
    types["groupby"].tp_new = _groupby_new(types["groupby"], grouper)
    types["groupby"].tp_dict.vals.pop("__new__", None)
    types["groupby"].tp_dict.keys.pop("__new__", None)
    from ..objects.instances import add_new_entry
    add_new_entry(types["groupby"])
    tee_type = _itertools_type("_tee", None)
    funcs = {"tee": (_tee(tee_type), K.VARARGS, 1, 2)}
    values = dict(types)
    values["_grouper"] = grouper
    values["_tee"] = tee_type
    return make_module(mod, funcs, values)


_ITERTOOLS_TYPES: Dict[str, Any] = {}


def _itertools_type(name, factory):
    """One type per name for the whole process (modules may be made again per run)."""
    tp = _ITERTOOLS_TYPES.get(name)
    if tp is None:
        tp = generator_type("itertools." + name, factory or (lambda it, a, k: (x for x in ())),
                            "itertools")
        _ITERTOOLS_TYPES[name] = tp
    return tp


def _groupby_new(groupby_type, grouper_type):
    factory = _groupby(groupby_type, grouper_type)

    def new(tp, args, kwargs):
        it = PyGenIter.__new__(PyGenIter)
        it.state = None
        it.gen = None
        gen = factory(it, list(args), dict(kwargs or {}))
        it.ob_refcnt = 1
        it.ob_type = tp
        it.gen = gen
        return it
    return new


# -- FrameLocalsProxy (3.13, PEP 667): a function frame's variables as a mapping --------------

class PyFrameLocals(PyObject):
    __slots__ = ("frame",)


def _flp_dealloc(p):
    f, p.frame = p.frame, None
    if f is not None:
        decref(f)


frame_locals_proxy_type = make_type("FrameLocalsProxy", layout=PyFrameLocals, basetype=False,
                                    dealloc=_flp_dealloc)


def new_frame_locals_proxy(f):
    p = PyFrameLocals.__new__(PyFrameLocals)
    p.ob_refcnt = 1
    p.ob_type = frame_locals_proxy_type
    p.frame = incref(f)
    return p


def _flp_snapshot(p):
    from ..vm.frame import frame_locals_dict
    return frame_locals_dict(p.frame)


def _flp_delegate(name, nargs_kind=K.NOARGS):
    def fn(p, *args):
        d = _flp_snapshot(p)
        try:
            return abstract.vectorcall_method(name, d, list(args))
        finally:
            decref(d)
    return fn


for _name in ("keys", "values", "items", "copy", "__iter__", "__len__", "__repr__"):
    method(frame_locals_proxy_type, _name, K.NOARGS)(_flp_delegate(_name))
for _name in ("__getitem__", "__contains__", "__eq__"):
    method(frame_locals_proxy_type, _name)(_flp_delegate(_name))
method(frame_locals_proxy_type, "get", K.VARARGS, 1, 2)(_flp_delegate("get"))


@method(frame_locals_proxy_type, "__setitem__", K.VARARGS, 2, 2)
def _flp_setitem(p, key, value):
    f = p.frame
    if isinstance(key, PyStr) and key.value in f.code.localsplusnames:
        i = f.code.localsplusnames.index(key.value)
        old = f.fast[i]
        if old is not None and f.code.kinds[i] & 0xc0 and old.ob_type is R.types["cell"]:
            prev, old.ref = old.ref, incref(value)
            if prev is not None:
                decref(prev)
        else:
            f.fast[i] = incref(value)
            if old is not None:
                decref(old)
        return incref(NONE)
    raise err("KeyError", "cannot add new variables to a function's locals in minivm")


# -- _string: the str.format parser string.Formatter uses ----------------------------------

@native("_string")
def _string_module(vm):
    import _string as host_string

    def formatter_parser(s):
        if not isinstance(s, PyStr):
            raise err("TypeError", "expected str, got %s" % s.ob_type.tp_name)
        from ..objects.scalars import host_call
        parts = host_call(lambda: list(host_string.formatter_parser(s.value)))
        return _list_iterator(from_host(parts))

    def formatter_field_name_split(s):
        if not isinstance(s, PyStr):
            raise err("TypeError", "expected str, got %s" % s.ob_type.tp_name)
        from ..objects.scalars import host_call
        first, rest = host_call(lambda: host_string.formatter_field_name_split(s.value))
        return new_tuple([from_host(first), _list_iterator(from_host(list(rest)))])
    funcs = {"formatter_parser": (formatter_parser, K.O, 0, 0),
             "formatter_field_name_split": (formatter_field_name_split, K.O, 0, 0)}
    return make_module("_string", funcs)


def _list_iterator(lst):
    try:
        return abstract.get_iter(lst)
    finally:
        decref(lst)


# -- _collections: deque, defaultdict, _count_elements ---------------------------------------

import collections as _host_collections  # noqa: E402  (a host container for deque items)

from ..objects.dictobject import PyDict, dict_setitem  # noqa: E402


class PyDeque(PyObject):
    """``collections.deque``: ``items`` a host deque of owned references."""
    __slots__ = ("items", "maxlen", "state", "ob_weak")


def _deque_clear(d):
    items = d.items
    d.items = _host_collections.deque()
    d.state += 1
    for x in items:  # left to right, as deque_clear does
        decref(x)


def _deque_dealloc(d):
    if d.ob_weak:
        from ..objects.weakrefs import clear_weakrefs
        clear_weakrefs(d)
    _deque_clear(d)
    if d.ob_type.tp_heap:
        from ..objects.instances import heap_dealloc_tail
        heap_dealloc_tail(d)


deque_type = make_type("collections.deque", layout=PyDeque, dealloc=_deque_dealloc,
                       module="collections")
deque_type.tp_hasweak = True
deque_type.tp_dict.vals["__hash__"] = NONE
deque_type.tp_dict.keys["__hash__"] = R.intern("__hash__")


def _deque_new(tp, args, kwargs):
    if tp is deque_type:
        d = PyDeque.__new__(PyDeque)
        d.ob_refcnt = 1
        d.ob_type = tp
        d.ob_weak = None
    else:
        from ..objects.instances import alloc_instance
        d = alloc_instance(tp)
    d.items = _host_collections.deque()
    d.maxlen = None
    d.state = 0
    return d


deque_type.tp_new = _deque_new


def _deque_append(d, x, left=False):
    """Add ``x`` (borrowed); a full bounded deque drops from the other end."""
    if d.maxlen == 0:
        return
    d.state += 1
    if left:
        d.items.appendleft(incref(x))
        if d.maxlen is not None and len(d.items) > d.maxlen:
            decref(d.items.pop())
    else:
        d.items.append(incref(x))
        if d.maxlen is not None and len(d.items) > d.maxlen:
            decref(d.items.popleft())


@method(deque_type, "__init__", K.KEYWORDS)
def deque_init(d, args, kwargs):
    kwargs = dict(kwargs or {})
    if len(args) > 2:
        raise err("TypeError", "deque() takes at most 2 arguments (%d given)" % len(args))
    iterable = args[0] if args else kwargs.pop("iterable", None)
    maxlen = args[1] if len(args) > 1 else kwargs.pop("maxlen", None)
    if kwargs:
        raise err("TypeError", "deque() got an unexpected keyword argument '%s'"
                  % next(iter(kwargs)))
    if maxlen is not None and maxlen is not NONE:
        n = index_value(maxlen)
        if n < 0:
            raise err("ValueError", "maxlen must be non-negative")
        d.maxlen = n
    else:
        d.maxlen = None
    if d.items:
        _deque_clear(d)
    if iterable is not None:
        _deque_extend(d, iterable, False)
    return incref(NONE)


def _deque_extend(d, iterable, left):
    if iterable is d:
        items = [incref(x) for x in d.items]
    else:
        items = abstract.sequence_list(iterable)
    try:
        for x in items:
            _deque_append(d, x, left)
    finally:
        _release(items)


method(deque_type, "append")(lambda d, x: (_deque_append(d, x), incref(NONE))[1])
method(deque_type, "appendleft")(lambda d, x: (_deque_append(d, x, True), incref(NONE))[1])
method(deque_type, "extend")(lambda d, it: (_deque_extend(d, it, False), incref(NONE))[1])
method(deque_type, "extendleft")(lambda d, it: (_deque_extend(d, it, True), incref(NONE))[1])


def _deque_pop(left):
    def pop(d):
        if not d.items:
            raise err("IndexError", "pop from an empty deque")
        d.state += 1
        return d.items.popleft() if left else d.items.pop()
    return pop


method(deque_type, "pop", K.NOARGS)(_deque_pop(False))
method(deque_type, "popleft", K.NOARGS)(_deque_pop(True))
method(deque_type, "clear", K.NOARGS)(lambda d: (_deque_clear(d), incref(NONE))[1])
method(deque_type, "__len__", K.NOARGS)(lambda d: new_int(len(d.items)))
getset(deque_type, "maxlen")(lambda d: new_int(d.maxlen) if d.maxlen is not None
                             else incref(NONE))


@method(deque_type, "rotate", K.VARARGS, 0, 1)
def deque_rotate(d, n=None):
    k = 1 if n is None else index_value(n)
    d.state += 1
    d.items.rotate(k)
    return incref(NONE)


@method(deque_type, "reverse", K.NOARGS)
def deque_reverse(d):
    d.state += 1
    d.items.reverse()
    return incref(NONE)


@method(deque_type, "count")
def deque_count(d, x):
    n = 0
    state = d.state
    for item in list(d.items):
        if item is x or abstract.rich_compare_bool(item, x, 2):
            n += 1
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
    return new_int(n)


@method(deque_type, "index", K.VARARGS, 1, 3)
def deque_index(d, x, start=None, stop=None):
    n = len(d.items)
    lo = 0 if start is None else index_value(start)
    hi = n if stop is None else index_value(stop)
    lo, hi, _ = slice(lo, hi).indices(n)
    state = d.state
    for i in range(lo, hi):
        item = d.items[i]
        if item is x or abstract.rich_compare_bool(item, x, 2):
            return new_int(i)
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
    raise err("ValueError", "%s is not in deque" % abstract.repr_text(x))


@method(deque_type, "insert", K.VARARGS, 2, 2)
def deque_insert(d, index, x):
    if d.maxlen is not None and len(d.items) >= d.maxlen:
        raise err("IndexError", "deque already at its maximum size")
    d.state += 1
    d.items.insert(index_value(index), incref(x))
    return incref(NONE)


@method(deque_type, "remove")
def deque_remove(d, x):
    for i, item in enumerate(list(d.items)):
        if item is x or abstract.rich_compare_bool(item, x, 2):
            d.state += 1
            del d.items[i]
            decref(item)
            return incref(NONE)
    raise err("ValueError", "deque.remove(x): x not in deque")


def _deque_index_of(d, key) -> int:
    i = index_value(key)
    if i < 0:
        i += len(d.items)
    if not 0 <= i < len(d.items):
        raise err("IndexError", "deque index out of range")
    return i


@method(deque_type, "__getitem__")
def deque_getitem(d, key):
    if key.ob_type is R.types["slice"]:
        raise err("TypeError", "sequence index must be integer, not 'slice'")
    return incref(d.items[_deque_index_of(d, key)])


@method(deque_type, "__setitem__", K.VARARGS, 2, 2)
def deque_setitem(d, key, value):
    i = _deque_index_of(d, key)
    old = d.items[i]
    d.items[i] = incref(value)
    decref(old)
    return incref(NONE)


@method(deque_type, "__delitem__")
def deque_delitem(d, key):
    i = _deque_index_of(d, key)
    d.state += 1
    item = d.items[i]
    del d.items[i]
    decref(item)
    return incref(NONE)


@method(deque_type, "__contains__")
def deque_contains(d, x):
    state = d.state
    for item in list(d.items):
        if item is x or abstract.rich_compare_bool(item, x, 2):
            return incref(TRUE)
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
    return incref(FALSE)


@method(deque_type, "__repr__", K.NOARGS)
def deque_repr(d):
    from ..objects.sequences import _repr_active
    name = d.ob_type.tp_name.rpartition(".")[2] if not d.ob_type.tp_heap else d.ob_type.tp_name
    key = id(d)
    if key in _repr_active:
        return new_str("[...]")
    _repr_active.add(key)
    try:
        body = "[%s]" % ", ".join(abstract.repr_text(x) for x in list(d.items))
    finally:
        _repr_active.discard(key)
    if d.maxlen is not None:
        return new_str("%s(%s, maxlen=%d)" % (name, body, d.maxlen))
    return new_str("%s(%s)" % (name, body))


def _deque_copy(d):
    args = [d] if d.maxlen is None else [d, new_int(d.maxlen)]
    try:
        return abstract.call(d.ob_type, args)
    finally:
        if d.maxlen is not None:
            decref(args[1])


method(deque_type, "copy", K.NOARGS)(_deque_copy)
method(deque_type, "__copy__", K.NOARGS)(_deque_copy)


@method(deque_type, "__add__")
def deque_add(d, other):
    if not is_subtype(other.ob_type, deque_type):
        raise err("TypeError", 'can only concatenate deque (not "%s") to deque'
                  % other.ob_type.tp_name)
    new = _deque_copy(d)
    _deque_extend(new, other, False)
    return new


@method(deque_type, "__iadd__")
def deque_iadd(d, other):
    _deque_extend(d, other, False)
    return incref(d)


@method(deque_type, "__mul__")
def deque_mul(d, n):
    new = _deque_copy(d)
    _deque_imul(new, n)
    return new


def _deque_imul(d, n):
    times = index_value(n)
    items = [incref(x) for x in d.items]
    if times <= 0:
        _deque_clear(d)
    else:
        for _ in range(times - 1):
            for x in items:
                _deque_append(d, x)
    _release(items)


method(deque_type, "__imul__")(lambda d, n: (_deque_imul(d, n), incref(d))[1])
method(deque_type, "__rmul__")(deque_mul)


def _deque_compare(op):
    def fn(d, other):
        if not is_subtype(other.ob_type, deque_type):
            return incref(NOT_IMPLEMENTED)
        a = new_list([incref(x) for x in d.items])
        b = new_list([incref(x) for x in other.items])
        try:
            return abstract.rich_compare(a, b, op)
        finally:
            decref(a)
            decref(b)
    return fn


for _op, _cname in enumerate(abstract.CMP_NAMES):
    method(deque_type, _cname)(_deque_compare(_op))


def _deque_iterator_type(name, reverse):
    from ..objects.sequences import PyIter, _register_next
    tp = make_type(name, layout=PyIter, basetype=False, module="_collections",
                   dealloc=lambda it: decref(it.seq) if it.seq is not None else None)
    method(tp, "__iter__", K.NOARGS)(incref)

    def nxt(it):
        d = it.seq
        if d is None:
            return None
        pos, state = it.index
        if d.state != state:
            raise err("RuntimeError", "deque mutated during iteration")
        if pos >= len(d.items):
            it.seq = None
            decref(d)
            return None
        it.index = (pos + 1, state)
        return incref(d.items[-1 - pos] if reverse else d.items[pos])
    _register_next(tp, nxt)
    return tp


deque_iter_type = _deque_iterator_type("_collections._deque_iterator", False)
deque_reviter_type = _deque_iterator_type("_collections._deque_reverse_iterator", True)


def _deque_iter(tp):
    def fn(d):
        from ..objects.sequences import new_iterator
        return new_iterator(tp, d, (0, d.state))
    return fn


method(deque_type, "__iter__", K.NOARGS)(_deque_iter(deque_iter_type))
method(deque_type, "__reversed__", K.NOARGS)(_deque_iter(deque_reviter_type))


class PyDefaultDict(PyDict):
    __slots__ = ("default_factory",)


def _defaultdict_dealloc(d):
    factory, d.default_factory = d.default_factory, None
    if factory is not None:
        decref(factory)
    from ..objects.dictobject import dict_type
    dict_type.tp_dealloc(d)


def _make_defaultdict_type():
    from ..objects.dictobject import dict_type
    tp = make_type("collections.defaultdict", base=dict_type, layout=PyDefaultDict,
                   dealloc=_defaultdict_dealloc, module="collections")

    def new(tp_, args, kwargs):
        if tp_ is tp:
            d = PyDefaultDict.__new__(PyDefaultDict)
            d.ob_refcnt = 1
            d.ob_type = tp_
        else:
            from ..objects.instances import alloc_instance
            d = alloc_instance(tp_)
        d.keys = {}
        d.vals = {}
        d.default_factory = None
        return d
    tp.tp_new = new

    @method(tp, "__init__", K.KEYWORDS)
    def init(d, args, kwargs):
        factory = args[0] if args else NONE
        if factory is not NONE and not abstract.callable_check(factory):
            raise err("TypeError", "first argument must be callable or None")
        old, d.default_factory = d.default_factory, (incref(factory) if factory is not NONE
                                                     else None)
        if old is not None:
            decref(old)
        from ..objects.mappings import dict_update
        return dict_update(d, list(args[1:]), kwargs)

    @method(tp, "__missing__")
    def missing(d, key):
        if d.default_factory is None:
            from ..objects.dictobject import key_error
            raise PyErr(key_error(key))
        value = abstract.call(d.default_factory, [])
        try:
            dict_setitem(d, key, value)
        except PyErr:
            decref(value)
            raise
        return value

    @method(tp, "__repr__", K.NOARGS)
    def repr_(d):
        from ..objects.mappings import dict_repr
        base = dict_repr(d)
        try:
            if d.default_factory is None:
                factory = "None"
            else:
                from ..objects.sequences import _repr_active
                key = id(d.default_factory)
                if key in _repr_active:
                    factory = "..."
                else:
                    _repr_active.add(key)
                    try:
                        factory = abstract.repr_text(d.default_factory)
                    finally:
                        _repr_active.discard(key)
            name = d.ob_type.tp_name.rpartition(".")[2] if not d.ob_type.tp_heap \
                else d.ob_type.tp_name
            return new_str("%s(%s, %s)" % (name, factory, base.value))
        finally:
            decref(base)

    def copy(d):
        return abstract.call(d.ob_type, [d.default_factory or NONE, d])
    method(tp, "copy", K.NOARGS)(copy)
    method(tp, "__copy__", K.NOARGS)(copy)

    def get_factory(d):
        return incref(d.default_factory if d.default_factory is not None else NONE)

    def set_factory(d, value):
        old = d.default_factory
        d.default_factory = incref(value) if value is not None and value is not NONE \
            else None
        if old is not None:
            decref(old)
    getset(tp, "default_factory", set_factory)(get_factory)

    @method(tp, "__or__")
    def or_(d, other):
        if not isinstance(other, PyDict):
            return incref(NOT_IMPLEMENTED)
        new = copy(d)
        from ..objects.mappings import dict_merge
        dict_merge(new, other)
        return new
    return tp


defaultdict_type = _make_defaultdict_type()


def _count_elements(mapping, iterable):
    one = new_int(1)
    zero = new_int(0)
    try:
        for elem in abstract.iterate(iterable):
            try:
                old = abstract.vectorcall_method("get", mapping, [elem, zero])
                try:
                    new = abstract.binary_op(old, one, "+")
                finally:
                    decref(old)
                try:
                    abstract.setitem(mapping, elem, new)
                finally:
                    decref(new)
            finally:
                decref(elem)
    finally:
        decref(one)
        decref(zero)
    return incref(NONE)


@native("_collections")
def _collections_module(vm):
    funcs = {"_count_elements": (_count_elements, K.VARARGS, 2, 2)}
    values = {"deque": deque_type, "defaultdict": defaultdict_type,
              "_deque_iterator": deque_iter_type,
              "_deque_reverse_iterator": deque_reviter_type}
    return make_module("_collections", funcs, values)


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
    from .sysmodule import StructSeqDef, structseq
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
                 "getpgrp", "times", "uname", "ttyname", "kill", "waitpid", "system"):
        host_fn = getattr(host_os, name, None)
        if host_fn is not None:
            funcs[name] = (_os_plain(host_fn), K.KEYWORDS, 0, 0)
    for name in ("stat", "lstat", "fstat"):
        funcs[name] = (_os_stat(getattr(host_os, name)), K.KEYWORDS, 0, 0)
    funcs["fspath"] = (_fspath, K.O, 0, 0)
    funcs["_exit"] = (_os_exit, K.O, 0, 0)
    funcs["scandir"] = (_scandir, K.VARARGS, 0, 1)
    environ = _environ_dict()
    values = {"environ": environ, "error": R.exc["OSError"],
              "_have_functions": [], "F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1,
              "O_RDONLY": host_os.O_RDONLY, "O_WRONLY": host_os.O_WRONLY,
              "O_RDWR": host_os.O_RDWR, "O_APPEND": host_os.O_APPEND,
              "O_CREAT": host_os.O_CREAT, "O_EXCL": host_os.O_EXCL,
              "O_TRUNC": host_os.O_TRUNC, "SEEK_SET": 0, "SEEK_CUR": 1, "SEEK_END": 2,
              "EX_OK": 0}
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
    raise PyErr(new_exception("SystemExit", None, code))


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


# -- _codecs: the codec registry in minivm, the byte conversions by the host ---------------

class _CodecRegistry:
    def __init__(self) -> None:
        self.search: List[PyObject] = []
        self.cache: Dict[str, PyObject] = {}
        self.errors: Dict[str, PyObject] = {}


def _normalize_encoding(name: str) -> str:
    """``normalizestring`` of codecs.c: lower case, spaces to hyphens."""
    return name.lower().replace(" ", "-")


def _codecs_registry(vm) -> _CodecRegistry:
    reg = getattr(vm, "codec_registry", None)
    if reg is None:
        reg = vm.codec_registry = _CodecRegistry()
    return reg


def _codec_lookup(encoding):
    if not isinstance(encoding, PyStr):
        raise err("TypeError", "lookup() argument must be str, not %s"
                  % encoding.ob_type.tp_name)
    reg = _codecs_registry(STATE.vm)
    if not reg.search:
        decref(STATE.vm.importer.load("encodings"))
    key = _normalize_encoding(encoding.value)
    found = reg.cache.get(key)
    if found is not None:
        return incref(found)
    name = new_str(key)
    try:
        for fn in list(reg.search):
            r = abstract.call(fn, [name])
            if r is NONE:
                continue
            if not isinstance(r, PyObject) or r.ob_type is not R.types["tuple"] and \
                    not is_subtype(r.ob_type, R.types["tuple"]) or len(r.items) != 4 and \
                    len(r.items) < 4:
                decref(r)
                raise err("TypeError", "codec search functions must return 4-tuples")
            reg.cache[key] = incref(r)
            return r
    finally:
        decref(name)
    raise err("LookupError", "unknown encoding: %s" % encoding.value)


def _codec_register(fn):
    if not abstract.callable_check(fn):
        raise err("TypeError", "argument must be callable")
    _codecs_registry(STATE.vm).search.append(incref(fn))
    return incref(NONE)


def _codec_register_error(name, handler):
    reg = _codecs_registry(STATE.vm)
    old = reg.errors.get(name.value)
    reg.errors[name.value] = incref(handler)
    if old is not None:
        decref(old)
    return incref(NONE)


def _codec_lookup_error(name):
    h = _codecs_registry(STATE.vm).errors.get(name.value)
    if h is None:
        if name.value in ("strict", "ignore", "replace", "xmlcharrefreplace",
                          "backslashreplace", "namereplace", "surrogateescape",
                          "surrogatepass"):
            f = PyCFunction("%s_errors" % name.value, lambda exc: _builtin_error_handler(
                name.value, exc), K.O, None, 0, 0)
            return f
        raise err("LookupError", "unknown error handler name '%s'" % name.value)
    return incref(h)


def _builtin_error_handler(name, exc):
    raise err("TypeError", "minivm cannot call the '%s' error handler directly" % name)


def _codec_transform(host_name):
    """``_codecs.X_encode/X_decode``: the host's function on host values."""
    import _codecs as host_codecs
    host_fn = getattr(host_codecs, host_name)

    def fn(*args):
        host_args = [_os_arg(a) if a.ob_type is not R.types["dict"] else None
                     for a in args]
        from ..objects.scalars import host_call
        return from_host(host_call(host_fn, *host_args))
    return fn


def _codec_encode_decode(which):
    def fn(args, kwargs):
        names = ("obj", "encoding", "errors")
        values = dict(zip(names, args))
        values.update(kwargs or {})
        obj = values["obj"]
        encoding = values.get("encoding", new_str("utf-8"))
        errors = values.get("errors")
        info = _codec_lookup(encoding)
        try:
            coder = info.items[0 if which == "encode" else 1]
            call_args = [obj] + ([errors] if errors is not None else [])
            r = abstract.call(coder, call_args)
        finally:
            decref(info)
        try:
            if r.ob_type is not R.types["tuple"] or len(r.items) != 2:
                raise err("TypeError", "%s must return a tuple (object, integer)"
                          % ("encoder" if which == "encode" else "decoder"))
            return incref(r.items[0])
        finally:
            decref(r)
    return fn


@native("_codecs")
def _codecs_module(vm):
    import _codecs as host_codecs
    funcs = {
        "lookup": (_codec_lookup, K.O, 0, 0),
        "register": (_codec_register, K.O, 0, 0),
        "unregister": (lambda fn: incref(NONE), K.O, 0, 0),
        "register_error": (_codec_register_error, K.VARARGS, 2, 2),
        "lookup_error": (_codec_lookup_error, K.O, 0, 0),
        "encode": (_codec_encode_decode("encode"), K.KEYWORDS, 0, 0),
        "decode": (_codec_encode_decode("decode"), K.KEYWORDS, 0, 0),
    }
    for name in dir(host_codecs):
        if name.endswith(("_encode", "_decode")) or name == "charmap_build":
            funcs[name] = (_codec_transform(name), K.VARARGS, 0, 5)
    return make_module("_codecs", funcs)


# -- _random: the Mersenne Twister (the host's generator: the same algorithm) ---------------

class PyRandom(PyObject):
    __slots__ = ("host", "ob_dict", "ob_weak", "ob_slots")


def _random_new(tp, args, kwargs):
    import _random as host_random
    from ..objects.instances import alloc_instance
    o = alloc_instance(tp) if tp.tp_heap else PyRandom.__new__(PyRandom)
    if not tp.tp_heap:
        o.ob_refcnt = 1
        o.ob_type = tp
        o.ob_dict = o.ob_weak = o.ob_slots = None
    o.host = host_random.Random()
    if args and tp is random_type:
        _random_seed(o, args[0])
    return o


random_type = make_type("_random.Random", layout=PyRandom, module="_random")
random_type.tp_new = _random_new


@method(random_type, "seed", K.VARARGS, 0, 1)
def _random_seed(r, n=None):
    if n is None or n is NONE:
        r.host.seed(None)
    elif isinstance(n, PyLong):
        r.host.seed(abs(int(n.value)))
    else:
        h = abstract.hash_of(n)
        r.host.seed(abs(h))
    return incref(NONE)


method(random_type, "random", K.NOARGS)(lambda r: new_float(r.host.random()))


@method(random_type, "getrandbits")
def _random_getrandbits(r, k):
    n = index_value(k)
    if n < 0:
        raise err("ValueError", "number of bits must be non-negative")
    return new_int(r.host.getrandbits(n))


method(random_type, "getstate", K.NOARGS)(lambda r: from_host(r.host.getstate()))


@method(random_type, "setstate")
def _random_setstate(r, state):
    from ..objects.scalars import host_call
    host_call(r.host.setstate, _os_arg(state) if state.ob_type is not R.types["tuple"]
              else tuple(_os_arg(x) if x.ob_type is not R.types["tuple"]
                         else tuple(_os_arg(y) for y in x.items) for x in state.items))
    return incref(NONE)


@native("_random")
def _random_module(vm):
    return make_module("_random", {}, {"Random": random_type})


# -- hash functions (_md5, _sha1, _sha2, _sha3, _blake2) by the host's hashlib --------------

class PyHash(PyObject):
    __slots__ = ("host",)


hash_type = make_type("_hashlib.HASH", layout=PyHash, basetype=False, module="_hashlib")


def _new_hash(host):
    h = PyHash.__new__(PyHash)
    h.ob_refcnt = 1
    h.ob_type = hash_type
    h.host = host
    return h


@method(hash_type, "update")
def _hash_update(h, data):
    from ..objects.bytesobject import buffer_bytes
    h.host.update(buffer_bytes(data))
    return incref(NONE)


method(hash_type, "digest", K.NOARGS)(lambda h: from_host(h.host.digest()))
method(hash_type, "hexdigest", K.NOARGS)(lambda h: new_str(h.host.hexdigest()))
method(hash_type, "copy", K.NOARGS)(lambda h: _new_hash(h.host.copy()))
getset(hash_type, "name")(lambda h: new_str(h.host.name))
getset(hash_type, "digest_size")(lambda h: new_int(h.host.digest_size))
getset(hash_type, "block_size")(lambda h: new_int(h.host.block_size))


def _hash_constructor(name):
    import hashlib

    def fn(args, kwargs):
        from ..objects.bytesobject import buffer_bytes
        data = args[0] if args else (kwargs or {}).get("string", (kwargs or {}).get("data"))
        host = hashlib.new(name)
        if data is not None:
            host.update(buffer_bytes(data))
        return _new_hash(host)
    return fn


def _hash_module(modname, names):
    def maker(vm):
        funcs = {n: (_hash_constructor(n), K.KEYWORDS, 0, 0) for n in names}
        return make_module(modname, funcs)
    return maker


for _modname, _names in (("_md5", ("md5",)), ("_sha1", ("sha1",)),
                         ("_sha3", ("sha3_224", "sha3_256", "sha3_384", "sha3_512", "shake_128",
                                    "shake_256")),
                         ("_blake2", ("blake2b", "blake2s"))):
    native(_modname)(_hash_module(_modname, _names))
# 3.12 merged _sha256 and _sha512 into _sha2
native("_sha2", when=("sha2_module", True))(
    _hash_module("_sha2", ("sha224", "sha256", "sha384", "sha512")))
native("_sha256", when=("sha2_module", False))(_hash_module("_sha256", ("sha224", "sha256")))
native("_sha512", when=("sha2_module", False))(_hash_module("_sha512", ("sha384", "sha512")))


# -- binascii (the host's conversions on bytes) ---------------------------------------------

@native("binascii")
def _binascii_module(vm):
    import binascii as host_binascii
    funcs = {}
    for name in ("hexlify", "unhexlify", "b2a_hex", "a2b_hex", "b2a_base64", "a2b_base64",
                 "crc32", "crc_hqx", "b2a_uu", "a2b_uu", "b2a_qp", "a2b_qp"):
        host_fn = getattr(host_binascii, name, None)
        if host_fn is not None:
            funcs[name] = (_binascii_fn(host_fn), K.KEYWORDS, 0, 0)
    values = {"Error": _binascii_error(), "Incomplete": _binascii_error("Incomplete")}
    return make_module("binascii", funcs, values)


_BINASCII_ERRORS: Dict[str, Any] = {}


def _binascii_error(name="Error"):
    tp = _BINASCII_ERRORS.get(name)
    if tp is None:
        base = R.exc["ValueError"] if name == "Error" else R.exc["Exception"]
        tp = make_type("binascii." + name, base=base, module="binascii")
        _BINASCII_ERRORS[name] = tp
    return tp


def _binascii_fn(host_fn):
    import binascii as host_binascii

    def fn(args, kwargs):
        host_args = [_os_arg(a) for a in args]
        host_kwargs = {k: _os_arg(v) for k, v in (kwargs or {}).items()}
        try:
            return from_host(host_fn(*host_args, **host_kwargs))
        except host_binascii.Error as e:
            from ..objects.core import new_exception
            exc = new_exception("ValueError", str(e))
            exc.ob_type = _binascii_error()
            raise PyErr(exc) from None
        except (TypeError, ValueError) as e:
            from ..objects.scalars import convert_host_error
            raise convert_host_error(e) from None
    return fn


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
        except (OSError, ValueError, TypeError) as e:
            raise _io_error(e) from None
        return from_host(result)
    return fn


_HOST_METHODS = ("read", "readline", "readlines", "write", "writelines", "seek", "tell",
                 "truncate", "flush", "readable", "writable", "seekable", "isatty", "fileno",
                 "getvalue", "read1", "readinto", "detach", "peek", "getbuffer",
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


# -- modules written in Python (minivm/builtins/pylib) ---------------------------------------

_PYLIB_CODE: Dict[Any, Any] = {}


def pylib_module(vm, name: str):
    """Run ``pylib/<name>.py`` as module ``name``, compiled by minivm for the target
    (once per process and target)."""
    import os
    from .. import compile as minivm_compile
    from ..vm.codesource import Found
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pylib", name + ".py")
    key = (vm.target.version, path)
    code = _PYLIB_CODE.get(key)
    if code is None:
        with open(path, "rb") as handle:
            code = minivm_compile(handle.read(), filename=path, mode="exec", target=vm.target)
        _PYLIB_CODE[key] = code
    return vm.importer.exec_module(name, Found(code, path, None, None))


native("_typing")(lambda vm: pylib_module(vm, "_typing"))
native("_contextvars")(lambda vm: pylib_module(vm, "_contextvars"))


def _ast_schema():
    """The node classes of the host's _ast module, bases first:
    ``(name, base name, _fields, _attributes)``."""
    import _ast as host_ast
    classes = [c for c in vars(host_ast).values()
               if isinstance(c, type) and issubclass(c, host_ast.AST) and c is not host_ast.AST]
    ordered: List[type] = []
    seen = {host_ast.AST}
    while classes:
        rest = []
        for c in classes:
            if c.__bases__[0] in seen:
                ordered.append(c)
                seen.add(c)
            else:
                rest.append(c)
        if len(rest) == len(classes):
            break
        classes = rest
    return [(c.__name__, c.__bases__[0].__name__, tuple(getattr(c, "_fields", ())),
             tuple(getattr(c, "_attributes", ()))) for c in ordered]


def _ast_module(vm):
    module = pylib_module(vm, "_ast")
    from ..objects.typeobject import getattr_str
    define = getattr_str(module, "_define")
    schema = from_host(_ast_schema())
    try:
        decref(abstract.call(define, [schema]))
    finally:
        decref(define)
        decref(schema)
    return module


native("_ast")(_ast_module)


# -- _imp and _warnings: what importlib._bootstrap needs of the import machinery ------------

def _imp_is_builtin(name):
    from . import native_maker
    return new_int(1 if isinstance(name, PyStr) and native_maker(name.value, STATE.target)
                   else 0)


def _imp_create_builtin(spec):
    from ..objects.typeobject import getattr_str
    name = getattr_str(spec, "name")
    try:
        existing = STATE.vm.modules.vals.get(name.value)
        if existing is not None:
            return incref(existing)
        return STATE.vm.importer._find_and_exec(name.value, None)
    finally:
        decref(name)


@native("_imp")
def _imp_module(vm):
    funcs = {
        "is_builtin": (_imp_is_builtin, K.O, 0, 0),
        "create_builtin": (_imp_create_builtin, K.O, 0, 0),
        "exec_builtin": (lambda m: new_int(0), K.O, 0, 0),
        "exec_dynamic": (lambda m: new_int(0), K.O, 0, 0),
        "is_frozen": (lambda name: incref(FALSE), K.O, 0, 0),
        "is_frozen_package": (lambda name: incref(FALSE), K.O, 0, 0),
        "find_frozen": (lambda *a: incref(NONE), K.VARARGS, 1, 2),
        "acquire_lock": (lambda: incref(NONE), K.NOARGS, 0, 0),
        "release_lock": (lambda: incref(NONE), K.NOARGS, 0, 0),
        "lock_held": (lambda: incref(FALSE), K.NOARGS, 0, 0),
        "extension_suffixes": (lambda: new_list([]), K.NOARGS, 0, 0),
        "_fix_co_filename": (lambda code, path: incref(NONE), K.VARARGS, 2, 2),
        "_override_frozen_modules_for_tests": (lambda v: incref(NONE), K.O, 0, 0),
        "_override_multi_interp_extensions_check": (lambda v: new_int(-1), K.O, 0, 0),
    }
    return make_module("_imp", funcs, {"check_hash_based_pycs": "default"})


def _warnings_warn(args, kwargs):
    """``_warnings.warn``: the library's own warnings.warn does the work."""
    from ..objects.typeobject import getattr_str
    warnings = STATE.vm.importer.load("warnings")
    try:
        fn = getattr_str(warnings, "warn")
    finally:
        decref(warnings)
    try:
        return abstract.call(fn, list(args), kwargs)
    finally:
        decref(fn)


@native("_warnings")
def _warnings_module(vm):
    return make_module("_warnings", {"warn": (_warnings_warn, K.KEYWORDS, 0, 0)})


# -- marshal (minivm's own reader and writer) ------------------------------------------------

def _marshal_loads(data):
    from ..pyc import PycError
    from ..pyc.marshal import loads
    from ..objects.bytesobject import buffer_bytes
    try:
        value = loads(buffer_bytes(data), STATE.target, ordered_frozensets=True)
    except PycError as e:
        raise err("ValueError", "bad marshal data (%s)" % e) from None
    return _marshal_value(value)


def _marshal_value(value):
    from ..compiler.code import Code
    if isinstance(value, Code):
        return STATE.vm.new_code_object(value)
    if isinstance(value, frozenset):
        from ..objects.mappings import frozenset_type, new_set, set_add
        s = new_set(frozenset_type)
        for x in value:
            o = _marshal_value(x)
            set_add(s, o)
            decref(o)
        return s
    if isinstance(value, tuple):
        return new_tuple([_marshal_value(x) for x in value])
    return from_host(value)


def _marshal_dumps(value, version=None):
    from ..pyc.marshal import dumps
    from ..objects.scalars import new_bytes
    try:
        host = _os_arg(value) if value.ob_type is not R.types["code"] else value.info.co
    except PyErr as e:
        decref(e.exc)
        raise err("ValueError", "unmarshallable object") from None
    return new_bytes(dumps(host, STATE.target))


@native("marshal")
def _marshal_module(vm):
    funcs = {"loads": (_marshal_loads, K.O, 0, 0),
             "dumps": (_marshal_dumps, K.VARARGS, 1, 2)}
    return make_module("marshal", funcs, {"version": 4})


# -- _tokenize: the tokenize module's iterator, by minivm's own tokenizer -------------------

def _tokenizer_iter(it, args, kwargs):
    import minivm
    source = args[0] if args else kwargs.get("source")
    encoding = kwargs.get("encoding")
    text = _read_source(source, encoding)

    def gen():
        try:
            tokens = minivm.tokenize(text, target=STATE.target)
        except SyntaxError as e:
            from .bltinmodule import _syntax_error
            raise PyErr(_syntax_error(e)) from None
        for tok in tokens:
            t, string, start, end, line = tok
            yield from_host((t, string, tuple(start), tuple(end), line))
    return gen()


def _read_source(source, encoding):
    from ..objects.scalars import PyBytes
    if isinstance(source, (PyStr, PyBytes)):
        return source.value
    parts = []
    while True:
        try:
            line = abstract.call(source, [])
        except PyErr as e:
            if is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
                decref(e.exc)
                break
            raise
        try:
            value = line.value
        finally:
            decref(line)
        if not value:
            break
        if isinstance(value, bytes) and encoding is not None and encoding is not NONE:
            value = value.decode(encoding.value)
        parts.append(value)
    if parts and isinstance(parts[0], bytes):
        return b"".join(parts)
    return "".join(parts)


@native("_tokenize")
def _tokenize_module(vm):
    tp = generator_type("_tokenize.TokenizerIter", _tokenizer_iter, "_tokenize")
    return make_module("_tokenize", {}, {"TokenizerIter": tp})


# -- _opcode: the opcode facts of the target (minivm/versions.py) ----------------------------

_NB_NAMES = {"+": "ADD", "&": "AND", "//": "FLOOR_DIVIDE", "<<": "LSHIFT",
             "@": "MATRIX_MULTIPLY", "*": "MULTIPLY", "%": "REMAINDER", "|": "OR",
             "**": "POWER", ">>": "RSHIFT", "-": "SUBTRACT", "/": "TRUE_DIVIDE", "^": "XOR"}


def _nb_op_name(symbol: str) -> str:
    if symbol.endswith("=") and symbol[:-1] in _NB_NAMES:
        return "NB_INPLACE_" + _NB_NAMES[symbol[:-1]]
    return "NB_" + _NB_NAMES[symbol]


@native("_opcode")
def _opcode_module(vm):
    target = vm.target

    def in_group(group):
        def fn(op):
            name = target.opname.get(index_value(op))
            return new_bool(name is not None and target.in_group(group, name))
        return fn

    def has_arg(op):
        name = target.opname.get(index_value(op))
        return new_bool(name is not None and target.has_arg(name))

    def stack_effect(args, kwargs):
        raise err("ValueError", "minivm does not compute stack_effect()")
    funcs = {
        "stack_effect": (stack_effect, K.KEYWORDS, 0, 0),
        "get_specialization_stats": (lambda: incref(NONE), K.NOARGS, 0, 0),
    }
    if target.runtime("opcode_module_queries"):
        funcs.update({
            "has_arg": (has_arg, K.O, 0, 0),
            "has_const": (in_group("hasconst"), K.O, 0, 0),
            "has_name": (in_group("hasname"), K.O, 0, 0),
            "has_jump": (in_group("hasjrel"), K.O, 0, 0),
            "has_free": (in_group("hasfree"), K.O, 0, 0),
            "has_local": (in_group("haslocal"), K.O, 0, 0),
            "has_exc": (in_group("hasexc"), K.O, 0, 0),
            "is_valid": (lambda op: new_bool(index_value(op) in target.opname), K.O, 0, 0),
            "get_intrinsic1_descs": (lambda: from_host(list(target.intrinsic_1)),
                                     K.NOARGS, 0, 0),
            "get_intrinsic2_descs": (lambda: from_host(list(target.intrinsic_2)),
                                     K.NOARGS, 0, 0),
            "get_nb_ops": (lambda: from_host([(_nb_op_name(s), s) for s in target.nb_ops]),
                           K.NOARGS, 0, 0),
            "get_executor": (stack_effect, K.KEYWORDS, 0, 0),
        })
    return make_module("_opcode", funcs, {"ENABLE_SPECIALIZATION": False})


# -- atexit: callbacks run at shutdown, last registered first --------------------------------

def _atexit_register(args, kwargs):
    if not args:
        raise err("TypeError", "register() takes at least 1 argument (0 given)")
    func = args[0]
    if not abstract.callable_check(func):
        raise err("TypeError", "the first argument must be callable")
    entry = (incref(func), [incref(a) for a in args[1:]],
             {k: incref(v) for k, v in (kwargs or {}).items()})
    STATE.vm.atexit_callbacks.append(entry)
    return incref(func)


def _atexit_unregister(func):
    keep = []
    for entry in STATE.vm.atexit_callbacks:
        if entry[0] is func or abstract.rich_compare_bool(entry[0], func, 2):
            _release_entry(entry)
        else:
            keep.append(entry)
    STATE.vm.atexit_callbacks[:] = keep
    return incref(NONE)


def _release_entry(entry):
    func, args, kwargs = entry
    decref(func)
    _release(args)
    _release(list(kwargs.values()))


def run_atexit(vm) -> None:
    """``atexit._run_exitfuncs``: each callback once, newest first; an exception is
    reported as unraisable and the rest still run."""
    while vm.atexit_callbacks:
        entry = vm.atexit_callbacks.pop()
        func, args, kwargs = entry
        try:
            decref(abstract.call(func, args, kwargs or None))
        except PyErr as e:
            if not vm.target.runtime("atexit_unraisable"):
                _atexit_error(vm, e.exc)
            elif vm.target.runtime("atexit_message_colon_after"):
                vm.write_unraisable(e.exc, "Exception ignored in atexit callback %s:"
                                    % abstract.repr_text(func), None)
            else:
                vm.write_unraisable(e.exc, "Exception ignored in atexit callback", func)
        finally:
            _release_entry(entry)


def _atexit_error(vm, exc) -> None:
    """3.8 and 3.9's ``atexit_callfuncs``: a SystemExit is dropped, anything else
    printed after a line of its own (``PyErr_Display``)."""
    try:
        if not is_subtype(exc.ob_type, R.exc["SystemExit"]):
            from ..vm.traceback import format_exception
            vm.write_stderr("Error in atexit._run_exitfuncs:\n" + format_exception(vm, exc))
    finally:
        decref(exc)


def _atexit_clear():
    while STATE.vm.atexit_callbacks:
        _release_entry(STATE.vm.atexit_callbacks.pop())
    return incref(NONE)


@native("atexit")
def _atexit_module(vm):
    funcs = {"register": (_atexit_register, K.KEYWORDS, 0, 0),
             "unregister": (_atexit_unregister, K.O, 0, 0),
             "_run_exitfuncs": (lambda: (run_atexit(STATE.vm), incref(NONE))[1],
                                K.NOARGS, 0, 0),
             "_clear": (_atexit_clear, K.NOARGS, 0, 0),
             "_ncallbacks": (lambda: new_int(len(STATE.vm.atexit_callbacks)),
                             K.NOARGS, 0, 0)}
    return make_module("atexit", funcs)


# -- _signal: handlers are recorded (a minivm program receives no signals) ------------------

def _default_int_handler(*args):
    raise PyErr(new_exception("KeyboardInterrupt", None))


@native("_signal")
def _signal_module(vm):
    import signal as host_signal
    handlers: Dict[int, Any] = {}
    default_int = PyCFunction("default_int_handler", _default_int_handler, K.VARARGS, None,
                              0, 2, module="_signal")

    def getsignal(signum):
        n = index_value(signum)
        h = handlers.get(n)
        if h is not None:
            return incref(h)
        if n == host_signal.SIGINT:
            return incref(default_int)
        return new_int(0 if n not in (host_signal.SIGPIPE,) else 1)

    def signal(signum, handler):
        n = index_value(signum)
        if not (isinstance(handler, PyLong) or abstract.callable_check(handler)):
            raise err("TypeError", "signal handler must be signal.SIG_IGN, signal.SIG_DFL, "
                      "or a callable object")
        old = getsignal(signum)
        prev = handlers.get(n)
        handlers[n] = incref(handler)
        if prev is not None:
            decref(prev)
        return old
    funcs = {
        "signal": (signal, K.VARARGS, 2, 2),
        "getsignal": (getsignal, K.O, 0, 0),
        "alarm": (lambda n: new_int(0), K.O, 0, 0),
        "set_wakeup_fd": (lambda *a, **k: new_int(-1), K.VARARGS, 1, 2),
        "strsignal": (lambda n: from_host(host_signal.strsignal(index_value(n))), K.O, 0, 0),
        "valid_signals": (lambda: from_host(sorted(int(s) for s in
                                                    host_signal.valid_signals())),
                          K.NOARGS, 0, 0),
        "siginterrupt": (lambda n, flag: incref(NONE), K.VARARGS, 2, 2),
    }
    values = {name: int(getattr(host_signal, name)) for name in dir(host_signal)
              if name.isupper() and (name.startswith("SIG") or name == "NSIG") and
              isinstance(getattr(host_signal, name), int)}
    values["default_int_handler"] = default_int
    m = make_module("_signal", funcs, values)
    decref(default_int)
    return m
