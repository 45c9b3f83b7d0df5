"""The ``itertools`` module: iterators backed by host generators (see _util.generator_type)."""

from __future__ import annotations

from typing import Any, Dict, List

from ..objects import abstract
from ..objects.core import R, BuiltinKind, PyObject, decref, err, incref, \
    type_lookup
from ..objects.scalars import (
    NONE, PyLong, PyStr, index_value, new_int, new_str,
)
from ..objects.sequences import new_tuple
from ..objects.typeobject import method
from ..builtins import native
from ._util import (
    PyGenIter, _arity, _no_kwargs, _release, generator_type, iterate_owned, make_module,
    new_gen_iter,
)

K = BuiltinKind


# -- itertools ----------------------------------------------------------------------------------

def _iter_of(o):
    return abstract.get_iter(o)


def _pool(o):
    """The items of an iterable as a host list of new references."""
    return abstract.sequence_list(o)


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


def _type_name(it) -> str:
    """``_PyType_Name``: the type's name after its last dot (a subclass's own)."""
    return it.ob_type.tp_name.rpartition(".")[2]


def _count_repr(it):
    name = _type_name(it)
    if it.state is None:
        return new_str("%s()" % name)
    current, step = it.state()
    if isinstance(step, PyLong) and step.value == 1 and step.ob_type is R.types["int"]:
        return new_str("%s(%s)" % (name, abstract.repr_text(current)))
    return new_str("%s(%s, %s)" % (name, abstract.repr_text(current),
                                   abstract.repr_text(step)))


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
        return new_str("%s(%s)" % (_type_name(it), abstract.repr_text(obj)))
    return new_str("%s(%s, %d)" % (_type_name(it), abstract.repr_text(obj), n))


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
    """One type per name for the whole process (modules may be made again per run).
    The public types can be subclassed, the private ones (``_grouper``, ``_tee``)
    cannot, as in CPython."""
    tp = _ITERTOOLS_TYPES.get(name)
    if tp is None:
        tp = generator_type("itertools." + name, factory or (lambda it, a, k: (x for x in ())),
                            "itertools", basetype=not name.startswith("_"))
        _ITERTOOLS_TYPES[name] = tp
    return tp


def _groupby_new(groupby_type, grouper_type):
    factory = _groupby(groupby_type, grouper_type)

    def new(tp, args, kwargs):
        return new_gen_iter(tp, lambda it: factory(it, list(args), dict(kwargs or {})))
    return new
