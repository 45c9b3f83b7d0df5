"""Feature blocks: one small generator per language feature, each a tag.

A block writes a few self-contained statements through the :class:`Builder`:
it defines every name it uses (fresh names, so blocks never collide), reads
the module's typed variable pools, prints what it computes, and catches the
exceptions it raises on purpose.  ``FEATURES`` maps each tag to its block and
the first version that has the feature; programs draw a random subset of the
tags (swarm testing) and never one their target version lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Tuple

from .program import SMALL_INTS, WORDS, Builder


@dataclass(frozen=True)
class Feature:
    tag: str
    since: Tuple[int, int]
    block: Callable[[Builder], None]
    doc: str


FEATURES: Dict[str, Feature] = {}


def feature(tag: str, since: Tuple[int, int] = (3, 8)):
    def register(block: Callable[[Builder], None]) -> Callable[[Builder], None]:
        FEATURES[tag] = Feature(tag, since, block, (block.__doc__ or "").strip())
        return block
    return register


def _word(b: Builder) -> str:
    return repr(b.source.choice(WORDS[1:10]))


def _small(b: Builder) -> int:
    return b.source.choice(SMALL_INTS[:12])


# -- values ------------------------------------------------------------------------------


@feature("int-arithmetic")
def int_arithmetic(b: Builder) -> None:
    """Integer expressions over literals and earlier variables."""
    text, bits = b.int_expr(3)
    name = b.assign("int", text, bits)
    b.show(name)


@feature("float-arithmetic")
def float_arithmetic(b: Builder) -> None:
    """Finite float expressions, conversions, rounding."""
    text, bits = b.float_expr(3)
    name = b.assign("float", text, bits)
    b.show(name, "%s.is_integer()" % name if b.source.coin(0.3) else "round(%s, 6)" % name)


@feature("bigint")
def bigint(b: Builder) -> None:
    """Integers beyond machine words: products, shifts, divmod, bit length, base conversions."""
    base = b.source.choice(("2 ** 100", "10 ** 30", "-(3 ** 70)", "2 ** 64 - 1", "7 ** 45"))
    name = b.fresh("big")
    b.emit("%s = %s + %d" % (name, base, _small(b)))
    b.show("%s * %s %% 1000000007" % (name, name), "%s >> 37" % name,
           "divmod(%s, 97)" % name, "%s.bit_length()" % name)
    b.show("hex(%s)" % name, "str(%s)[:12]" % name, "-%s // 12345" % name)


@feature("strings")
def strings(b: Builder) -> None:
    """str expressions: concatenation, repetition, slicing, methods that cannot fail."""
    text, length = b.str_expr(3)
    name = b.assign("str", text, length)
    b.show("repr(%s)" % name, "len(%s)" % name)


@feature("string-methods")
def string_methods(b: Builder) -> None:
    """split, partition, find, count, startswith, format, encode and friends."""
    text, length = b.str_expr(2)
    s = b.fresh("t")
    b.emit("%s = %s" % (s, text))
    calls = ("%s.split()", "%s.split(',')", "%s.partition(' ')", "%s.find('a')",
             "%s.count('a')", "%s.startswith('H')", "%s.endswith('s')", "%s.isdigit()",
             "%s.isalpha()", "%s.encode('utf-8')", "'<{}>'.format(%s)", "%s.rsplit(' ', 1)",
             "sorted(%s)", "%s.splitlines()", "%s.rfind('x')", "%s.isupper()")
    for _ in range(b.source.integer(1, 4)):
        b.show(b.source.choice(calls) % s)
    if b.since(3, 9) and b.source.coin(0.3):
        b.show("%s.removeprefix('a')" % s, "%s.removesuffix('s')" % s)


@feature("bytes")
def bytes_values(b: Builder) -> None:
    """bytes and bytearray: literals, concatenation, hex, slicing, mutation."""
    name = b.fresh("bs")
    b.emit("%s = %r + bytes([%d, %d, 255])" % (name, b.source.choice(
        (b"", b"abc", b"\x00\xff", b"Hello, World")), b.source.integer(0, 127),
        b.source.integer(0, 255)))
    b.show(name, "%s.hex()" % name, "%s[1:3]" % name, "list(%s)" % name)
    ba = b.fresh("ba")
    b.emit("%s = bytearray(%s)" % (ba, name))
    b.emit("%s.append(%d)" % (ba, b.source.integer(0, 255)))
    b.emit("%s[0:0] = b'pre'" % ba)
    b.show(ba, "bytes(%s).upper()" % ba, "%s.count(255)" % ba, "%s.decode('latin-1')" % name)


@feature("fstrings")
def fstrings(b: Builder) -> None:
    """f-strings: conversions, format specs, nested replacement fields, ``=``."""
    i, _ = b.int_expr(1)
    f, _ = b.float_expr(1)
    s, _ = b.str_expr(1)
    ni, nf, ns = b.fresh("fi"), b.fresh("ff"), b.fresh("fs")
    b.emit("%s, %s, %s = %s, %s, %s" % (ni, nf, ns, i, f, s))
    parts = ["{%s}" % ni, "{%s:>8}" % ni, "{%s:08b}" % ni if b.source.coin() else "{%s:,}" % ni,
             "{%s:.3f}" % nf, "{%s:.2e}" % nf, "{%s!r}" % ns, "{%s:^11}" % ns,
             "{%s:{%d}}" % (ni, b.source.integer(1, 9)), "{%s=}" % ni, "{%s + 1}" % ni,
             "{%s[:3]!s:>5}" % ns, "{'q' * 2}", "{%s:x}" % ni]
    chosen = [b.source.choice(parts) for _ in range(b.source.integer(1, 4))]
    b.show("f%r" % "|".join(chosen).replace("'q'", '"q"'))


@feature("lists")
def lists(b: Builder) -> None:
    """Lists and their methods."""
    name = b.assign("list", b.list_expr() + "[:]", 0)
    ops = ("%s.append(%d)", "%s.extend([%d, %d])", "%s.insert(1, %d)", "%s.reverse()",
           "%s.sort()", "%s.sort(reverse=True)", "%s.sort(key=lambda v: (v %% 3, v))",
           "%s.remove(%d) if %d in %s else None", "%s.pop() if %s else None", "%s.clear()")
    for _ in range(b.source.integer(1, 4)):
        op = b.source.choice(ops)
        values = [_small(b) for _ in range(op.count("%d"))]
        if "if %d in" in op:
            b.emit(op % (name, values[0], values[0], name))
        elif "if %s else" in op:
            b.emit(op % (name, name))
        else:
            b.emit(op % tuple([name] + values))
    b.show(name, "len(%s)" % name, "%s.count(%d)" % (name, _small(b)), "sum(%s)" % name)


@feature("dicts")
def dicts(b: Builder) -> None:
    """Dicts: literals, get/setdefault/pop/update, views, insertion order."""
    name = b.fresh("d")
    keys = [b.source.choice(WORDS[1:8]) for _ in range(b.source.integer(0, 4))]
    b.emit("%s = {%s}" % (name, ", ".join("%r: %d" % (k, i) for i, k in enumerate(keys))))
    key = _word(b)
    b.emit("%s[%s] = %s.get(%s, 0) + 1" % (name, key, name, key))
    b.emit("%s.setdefault('z', %d)" % (name, _small(b)))
    b.show(name, "%s.pop('nope', -1)" % name, "list(%s.items())" % name, "sorted(%s)" % name)
    b.emit("%s.update({'a': 9}, b=8)" % name)
    b.show("list(%s.keys())" % name, "list(%s.values())" % name, "'a' in %s" % name)
    if b.since(3, 9) and b.source.coin(0.5):
        b.show("%s | {'m': 1}" % name, "{'y': 0} | %s" % name)


@feature("sets")
def sets(b: Builder) -> None:
    """Sets of small ints (printed as CPython orders them) and frozensets."""
    a, c = b.fresh("st"), b.fresh("st")
    b.emit("%s = set(%s)" % (a, b.list_literal()))
    b.emit("%s = {%d, %d, %d}" % (c, _small(b), _small(b), _small(b)))
    b.emit("%s.add(%d)" % (a, b.source.integer(0, 40)))
    b.emit("%s.discard(%d)" % (c, _small(b)))
    b.show("%s | %s" % (a, c), "%s & %s" % (a, c), "%s - %s" % (a, c), "%s ^ %s" % (a, c))
    b.show("sorted(frozenset(%s) | {%d})" % (a, _small(b)), "%s <= %s" % (a, c),
           "len(%s)" % a)


@feature("slicing")
def slicing(b: Builder) -> None:
    """Slices with negative bounds and steps; slice assignment and deletion."""
    name = b.assign("list", "list(range(%d))" % b.source.integer(0, 12), 0)
    b.show("%s%s" % (name, b.slice_text()), "%s[::-1]" % name)
    b.emit("%s[1:3] = [%d, %d, %d]" % (name, _small(b), _small(b), _small(b)))
    b.show(name)
    b.emit("del %s[::%d]" % (name, b.source.integer(2, 3)))
    s, _ = b.str_expr(1)
    b.show(name, "(%s)%s" % (s, b.slice_text()), "slice(1, None, 2).indices(%d)"
           % b.source.integer(0, 9))


@feature("unpacking")
def unpacking(b: Builder) -> None:
    """Tuple and starred unpacking, swaps, nested targets, ``*`` and ``**`` in displays."""
    x, y, rest = b.fresh("u"), b.fresh("u"), b.fresh("r")
    b.emit("%s, *%s, %s = %s" % (x, rest, y, "[%d, %d, %d, %d]" % tuple(
        _small(b) for _ in range(4)) if b.source.coin() else "range(%d)"
        % b.source.integer(2, 6)))
    b.show(x, rest, y)
    b.emit("%s, %s = %s, %s" % (x, y, y, x))
    p, q, r = b.fresh("p"), b.fresh("q"), b.fresh("r")
    b.emit("(%s, %s), %s = (%d, 'w'), [%d]" % (p, q, r, _small(b), _small(b)))
    b.show(x, y, p, q, r, "[*%s, *'ab']" % rest, "{**{'k': %s}, 'j': 2}" % p)


@feature("comprehensions")
def comprehensions(b: Builder) -> None:
    """List, set, dict and generator comprehensions with conditions and nesting."""
    src = b.list_expr()
    forms = ("[v * 2 for v in %s if v %% 2 == 0]", "sorted({v %% 5 for v in %s})",
             "{str(v): v for v in %s}", "sum(v * v for v in %s)",
             "[(a, c) for a in %s for c in range(2) if a != c]",
             "[[v + w for w in range(3)] for v in %s]", "any(v > 3 for v in %s)",
             "max((v for v in %s), default=None)")
    for _ in range(b.source.integer(1, 3)):
        b.show(b.source.choice(forms) % src)


@feature("loops")
def loops(b: Builder) -> None:
    """for and while loops with break, continue and else."""
    acc, i = b.fresh("acc"), b.fresh("i")
    step, _ = b.int_expr(1)
    b.emit("%s, %s = 0, -1" % (acc, i))
    b.emit("for %s in range(%d):" % (i, b.source.integer(0, 12)))
    with b.indent():
        b.emit("if %s %% %d == 0:" % (i, b.source.integer(2, 4)))
        with b.indent():
            b.emit("continue")
        b.emit("%s = (%s + %s * (%s)) %% 1000003" % (acc, acc, i, step))
        b.emit("if %s > %d:" % (acc, b.source.integer(10, 500)))
        with b.indent():
            b.emit("break")
    b.emit("else:")
    with b.indent():
        b.show("'no break'", i)
    b.emit("while %s > 0:" % acc)
    with b.indent():
        b.emit("%s //= %d" % (acc, b.source.integer(2, 5)))
    b.show(acc)


@feature("conditionals")
def conditionals(b: Builder) -> None:
    """if/elif/else and conditional expressions."""
    a, _ = b.int_expr(2)
    v = b.fresh("c")
    b.emit("%s = %s" % (v, a))
    b.emit("if %s > %d:" % (v, _small(b)))
    with b.indent():
        b.show("'big'", v)
    b.emit("elif %s %% 2:" % v)
    with b.indent():
        b.show("'odd'")
    b.emit("else:")
    with b.indent():
        b.show("'other'")
    b.show("'yes' if %s else 'no'" % v, "%s and 'and' or 'or'" % v)


@feature("builtins")
def builtins(b: Builder) -> None:
    """Common builtins over generated values."""
    xs = b.list_expr()
    forms = ("min(%s, default=0)", "max(%s, default=-1)", "list(enumerate(%s, 1))",
             "list(zip(%s, 'abcdef'))", "list(reversed(%s))", "sorted(%s, reverse=True)",
             "list(map(abs, %s))", "list(filter(None, %s))", "all(%s)", "any(%s)",
             "[chr(65 + v %% 26) for v in %s]", "[bin(v) for v in %s]",
             "[hex(v) for v in %s]", "[oct(v) for v in %s]", "tuple(%s)",
             "[divmod(v, 3) for v in %s]", "[round(v / 3, 2) for v in %s]",
             "[ord(c) for c in str(%s)][:5]", "isinstance(%s, list)")
    for _ in range(b.source.integer(1, 3)):
        b.show(b.source.choice(forms) % xs)


# -- functions -----------------------------------------------------------------------------


@feature("closures")
def closures(b: Builder) -> None:
    """Closures capturing arguments and loop variables (late binding)."""
    mk = b.fresh("make")
    b.emit("def %s(k):" % mk)
    with b.indent():
        b.emit("def inner(v):")
        with b.indent():
            b.emit("return v * k + %d" % _small(b))
        b.emit("return inner")
    b.show("%s(%d)(%d)" % (mk, _small(b), _small(b)),
           "[f(1) for f in [lambda v, j=j: v + j for j in range(3)]]",
           "[f(1) for f in [lambda v: v + j for j in range(3)]]")


@feature("nonlocal")
def nonlocal_(b: Builder) -> None:
    """nonlocal rebinding in a nested function (a counter)."""
    name = b.fresh("counter")
    b.emit("def %s(start):" % name)
    with b.indent():
        b.emit("total = start")
        b.emit("def bump(by=1):")
        with b.indent():
            b.emit("nonlocal total")
            b.emit("total += by")
            b.emit("return total")
        b.emit("return bump")
    c = b.fresh("bump")
    b.emit("%s = %s(%d)" % (c, name, _small(b)))
    b.show("%s()" % c, "%s(%d)" % (c, _small(b)), "%s()" % c)


@feature("global")
def global_(b: Builder) -> None:
    """global declarations rebinding module variables."""
    g, fn = b.fresh("g"), b.fresh("setg")
    b.emit("%s = %d" % (g, _small(b)))
    b.emit("def %s(v):" % fn)
    with b.indent():
        b.emit("global %s" % g)
        b.emit("%s = %s * 2 + v" % (g, g))
        b.emit("return %s" % g)
    b.show("%s(%d)" % (fn, _small(b)), "%s(1)" % fn, g)


@feature("lambdas")
def lambdas(b: Builder) -> None:
    """Lambdas as keys, in map/filter, immediately called, with defaults."""
    xs = b.list_expr()
    b.show("sorted(%s, key=lambda v: (-v, v))" % xs,
           "list(map(lambda v: v * %d, %s))" % (_small(b), xs),
           "(lambda a, b=%d: a - b)(%d)" % (_small(b), _small(b)))


@feature("recursion")
def recursion(b: Builder) -> None:
    """Bounded recursion: factorial, Fibonacci, Ackermann on small inputs."""
    fn = b.fresh("rec")
    kind = b.source.choice(("fact", "fib", "ack", "hanoi"))
    if kind == "fact":
        b.emit_all("""
            def %s(n):
                return 1 if n <= 1 else n * %s(n - 1)""" % (fn, fn))
        b.show("%s(%d)" % (fn, b.source.integer(0, 30)))
    elif kind == "fib":
        b.emit_all("""
            def %s(n):
                return n if n < 2 else %s(n - 1) + %s(n - 2)""" % (fn, fn, fn))
        b.show("[%s(i) for i in range(%d)]" % (fn, b.source.integer(0, 14)))
    elif kind == "ack":
        b.emit_all("""
            def %s(m, n):
                if m == 0:
                    return n + 1
                if n == 0:
                    return %s(m - 1, 1)
                return %s(m - 1, %s(m, n - 1))""" % (fn, fn, fn, fn))
        b.show("%s(%d, %d)" % (fn, b.source.integer(0, 2), b.source.integer(0, 3)))
    else:
        b.emit_all("""
            def %s(n, a='A', c='C', t='B'):
                return [] if n == 0 else %s(n - 1, a, t, c) + [(a, c)] + %s(n - 1, t, c, a)"""
                   % (fn, fn, fn))
        b.show("len(%s(%d))" % (fn, b.source.integer(0, 6)), "%s(2)" % fn)


@feature("varargs")
def varargs(b: Builder) -> None:
    """*args and **kwargs in definitions and calls."""
    fn = b.fresh("va")
    b.emit("def %s(first, *args, sep='-', **kwargs):" % fn)
    with b.indent():
        b.emit("return first, args, sep, sorted(kwargs.items())")
    b.show("%s(%d)" % (fn, _small(b)), "%s(1, 2, 3, sep='+', z=%d, a=1)" % (fn, _small(b)),
           "%s(*%s, **{'k': 'v'})" % (fn, "[%d, %d]" % (_small(b), _small(b))))


@feature("parameters")
def parameters(b: Builder) -> None:
    """Positional-only and keyword-only parameters, defaults, and the TypeError of a misuse."""
    fn = b.fresh("params")
    b.emit("def %s(a, b=%d, /, c=3, *, d, e=%d):" % (fn, _small(b), _small(b)))
    with b.indent():
        b.emit("return (a, b, c, d, e)")
    b.show("%s(1, d=4)" % fn, "%s(1, 2, c=5, d=6, e=7)" % fn)
    b.emit("try:")
    with b.indent():
        b.emit(b.source.choice(("%s(1, 2, 3, 4)", "%s(a=1, d=2)", "%s(1)")) % fn)
    b.emit("except TypeError as exc:")
    with b.indent():
        b.show("type(exc).__name__")


@feature("decorators")
def decorators(b: Builder) -> None:
    """Function decorators with and without arguments, functools.wraps, class decorators."""
    deco, fn = b.fresh("deco"), b.fresh("decorated")
    b.need("functools")
    b.emit_all("""
        def %s(times):
            def wrap(func):
                @functools.wraps(func)
                def inner(*args):
                    return [func(*args) for _ in range(times)]
                inner.calls = times
                return inner
            return wrap""" % deco)
    b.emit("@%s(%d)" % (deco, b.source.integer(0, 3)))
    b.emit("def %s(v):" % fn)
    with b.indent():
        b.emit("'''doc'''")
        b.emit("return v + %d" % _small(b))
    b.show("%s(%d)" % (fn, _small(b)), "%s.__name__" % fn, "%s.__doc__" % fn, "%s.calls" % fn)


@feature("generators")
def generators(b: Builder) -> None:
    """Generator functions: yield in loops, next() with default, send(), close()."""
    gen = b.fresh("gen")
    b.emit_all("""
        def %s(n):
            total = 0
            for i in range(n):
                got = yield i * %d + total
                if got:
                    total += got
            return total""" % (gen, _small(b)))
    g = b.fresh("g")
    b.emit("%s = %s(%d)" % (g, gen, b.source.integer(0, 6)))
    b.show("next(%s, 'done')" % g, "next(%s, 'done')" % g)
    b.emit("try:")
    with b.indent():
        b.show("%s.send(%d)" % (g, _small(b)))
    b.emit("except StopIteration as stop:")
    with b.indent():
        b.show("'stopped'", "stop.value")
    b.show("list(%s)" % g, "list(%s(%d))" % (gen, b.source.integer(0, 5)))


@feature("yield-from")
def yield_from(b: Builder) -> None:
    """Delegation with ``yield from`` and the delegated generator's return value."""
    inner, outer = b.fresh("inner"), b.fresh("outer")
    b.emit_all("""
        def %s(n):
            for i in range(n):
                yield i
            return n * %d""" % (inner, _small(b)))
    b.emit_all("""
        def %s():
            got = yield from %s(%d)
            yield 'returned', got
            yield from 'ab'""" % (outer, inner, b.source.integer(0, 4)))
    b.show("list(%s())" % outer)


# -- classes ---------------------------------------------------------------------------


@feature("classes")
def classes(b: Builder) -> None:
    """Classes with __init__, methods, class attributes, class and static methods."""
    cls = b.fresh("C")
    b.emit_all("""
        class %s:
            kind = %s
            def __init__(self, v):
                self.v = v
            def scaled(self, k=2):
                return self.v * k
            @classmethod
            def make(cls):
                return cls(%d)
            @staticmethod
            def helper(x):
                return x - 1
            def __repr__(self):
                return '%s(%%r)' %% (self.v,)""" % (cls, _word(b), _small(b), cls))
    obj = b.fresh("o")
    v, _ = b.int_expr(1)
    b.emit("%s = %s(%s)" % (obj, cls, v))
    b.show(obj, "%s.scaled()" % obj, "%s.make()" % cls, "%s.helper(3)" % cls, "%s.kind" % obj,
           "sorted(vars(%s))" % obj)


@feature("inheritance")
def inheritance(b: Builder) -> None:
    """Single and diamond inheritance, overriding, super(), isinstance, the MRO."""
    a, b1, c, d = (b.fresh(p) for p in ("Base", "Left", "Right", "Diamond"))
    b.emit_all("""
        class %(a)s:
            def __init__(self):
                self.trail = ['%(a)s']
            def who(self):
                return '%(a)s'
        class %(b1)s(%(a)s):
            def __init__(self):
                super().__init__()
                self.trail.append('%(b1)s')
            def who(self):
                return '%(b1)s>' + super().who()
        class %(c)s(%(a)s):
            def __init__(self):
                super().__init__()
                self.trail.append('%(c)s')
            def who(self):
                return '%(c)s>' + super().who()
        class %(d)s(%(b1)s, %(c)s):
            pass""" % {"a": a, "b1": b1, "c": c, "d": d})
    obj = b.fresh("o")
    b.emit("%s = %s()" % (obj, b.source.choice((d, b1, c))))
    b.show("%s.trail" % obj, "%s.who()" % obj, "[k.__name__ for k in %s.__mro__]" % d,
           "isinstance(%s, %s)" % (obj, c), "issubclass(%s, %s)" % (d, a))


@feature("properties")
def properties(b: Builder) -> None:
    """property getters, setters with validation, deleters."""
    cls = b.fresh("Prop")
    b.emit_all("""
        class %s:
            def __init__(self):
                self._v = 0
            @property
            def v(self):
                return self._v * 10
            @v.setter
            def v(self, value):
                if value < 0:
                    raise ValueError('negative')
                self._v = value
            @v.deleter
            def v(self):
                self._v = -1""" % cls)
    obj = b.fresh("p")
    b.emit("%s = %s()" % (obj, cls))
    b.emit("%s.v = %d" % (obj, b.source.integer(0, 9)))
    b.show("%s.v" % obj)
    b.emit("try:")
    with b.indent():
        b.emit("%s.v = %d" % (obj, b.source.integer(-3, 3)))
    b.emit("except ValueError as exc:")
    with b.indent():
        b.show("'rejected'", "exc.args")
    b.emit("del %s.v" % obj)
    b.show("%s.v" % obj)


@feature("dunder-methods")
def dunder(b: Builder) -> None:
    """Operator and protocol methods: arithmetic, comparison, len, getitem, contains, iter, bool."""
    cls = b.fresh("Vec")
    b.need("functools")
    b.emit_all("""
        @functools.total_ordering
        class %(c)s:
            def __init__(self, *xs):
                self.xs = list(xs)
            def __add__(self, other):
                return %(c)s(*[a + b for a, b in zip(self.xs, other.xs)])
            def __mul__(self, k):
                return %(c)s(*[a * k for a in self.xs])
            __rmul__ = __mul__
            def __eq__(self, other):
                return isinstance(other, %(c)s) and self.xs == other.xs
            def __lt__(self, other):
                return sum(self.xs) < sum(other.xs)
            __hash__ = None
            def __len__(self):
                return len(self.xs)
            def __getitem__(self, i):
                return self.xs[i]
            def __contains__(self, v):
                return v in self.xs
            def __bool__(self):
                return any(self.xs)
            def __repr__(self):
                return '%(c)s(%%s)' %% ', '.join(map(repr, self.xs))""" % {"c": cls})
    u, w = b.fresh("v"), b.fresh("v")
    b.emit("%s = %s(%d, %d, %d)" % (u, cls, _small(b), _small(b), _small(b)))
    b.emit("%s = %s(%d, %d)" % (w, cls, _small(b), _small(b)))
    b.show("%s + %s" % (u, w), "%s * 3" % u, "2 * %s" % w, "%s == %s" % (u, w),
           "%s <= %s" % (u, w), "len(%s)" % u, "%s[-1]" % u, "%d in %s" % (_small(b), u))
    b.show("bool(%s)" % w, "list(%s)" % u, "sorted([%s, %s])" % (u, w), "%s[::2]" % w)


@feature("slots")
def slots(b: Builder) -> None:
    """__slots__: attribute storage without __dict__, and the AttributeError it gives."""
    cls = b.fresh("Slotted")
    b.emit_all("""
        class %s:
            __slots__ = ('x', 'y')
            def __init__(self, x):
                self.x = x""" % cls)
    obj = b.fresh("sl")
    b.emit("%s = %s(%d)" % (obj, cls, _small(b)))
    b.show("%s.x" % obj, "hasattr(%s, '__dict__')" % obj, "hasattr(%s, 'y')" % obj)
    b.emit("try:")
    with b.indent():
        b.emit("%s.z = 1" % obj)
    b.emit("except AttributeError as exc:")
    with b.indent():
        b.show("type(exc).__name__")


# -- errors and control --------------------------------------------------------------------

_RAISERS = (
    ("1 // 0", "ZeroDivisionError"), ("{}['missing']", "KeyError"), ("[][3]", "IndexError"),
    ("int('x1')", "ValueError"), ("None + 1", "TypeError"), ("undefined_name_q", "NameError"),
    ("'abc'.index('z')", "ValueError"), ("(1).nope", "AttributeError"),
    ("next(iter([]))", "StopIteration"), ("float('inf') // 0", "ZeroDivisionError"),
    ("2.0 ** 5000", "OverflowError"), ("[1, 2].remove(5)", "ValueError"),
    ("'%d' % 'x'", "TypeError"), ("b'a' + 'a'", "TypeError"), ("chr(-1)", "ValueError"),
)


@feature("try-except")
def try_except(b: Builder) -> None:
    """try/except/else/finally, with errors raised by builtins on purpose."""
    expr, exc = b.source.choice(_RAISERS)
    fail = b.source.coin(0.7)
    b.emit("try:")
    with b.indent():
        b.show(expr if fail else "'fine'")
    b.emit("except (%s, ArithmeticError) as exc:" % exc)
    with b.indent():
        b.show("'caught'", "type(exc).__name__")
    b.emit("except Exception:")
    with b.indent():
        b.show("'other'")
    b.emit("else:")
    with b.indent():
        b.show("'no error'")
    b.emit("finally:")
    with b.indent():
        b.show("'finally'")


@feature("error-messages")
def error_messages(b: Builder) -> None:
    """The text of builtin exceptions (their messages differ between versions)."""
    expr, exc = b.source.choice(_RAISERS)
    b.emit("try:")
    with b.indent():
        b.emit(expr)
    b.emit("except %s as exc:" % exc)
    with b.indent():
        b.show("repr(exc)", "str(exc)")


@feature("custom-exceptions")
def custom_exceptions(b: Builder) -> None:
    """Exception class hierarchies, args, attributes, catching by base class."""
    base, sub = b.fresh("AppError"), b.fresh("NotFound")
    b.emit_all("""
        class %(base)s(Exception):
            pass
        class %(sub)s(%(base)s, LookupError):
            def __init__(self, key):
                super().__init__('missing', key)
                self.key = key""" % {"base": base, "sub": sub})
    b.emit("for key in %s:" % b.list_expr())
    with b.indent():
        b.emit("try:")
        with b.indent():
            b.emit("if key % 2:")
            with b.indent():
                b.emit("raise %s(key)" % sub)
            b.emit("raise %s('even', key)" % base)
        b.emit("except LookupError as exc:")
        with b.indent():
            b.show("'lookup'", "exc.args", "exc.key")
        b.emit("except %s as exc:" % base)
        with b.indent():
            b.show("'base'", "exc.args")


@feature("exception-chaining")
def exception_chaining(b: Builder) -> None:
    """raise ... from, implicit context, ``from None``, __cause__/__context__."""
    fn = b.fresh("chain")
    how = b.source.choice(("from err", "from None", ""))
    b.emit_all(("""
        def %s(v):
            try:
                return {'a': 1}[v]
            except KeyError as err:
                raise ValueError('bad key %%r' %% (v,)) %s""" % (fn, how)).rstrip())
    b.emit("try:")
    with b.indent():
        b.emit("%s(%s)" % (fn, _word(b)))
    b.emit("except ValueError as exc:")
    with b.indent():
        b.show("exc.args", "type(exc.__cause__).__name__", "type(exc.__context__).__name__",
               "exc.__suppress_context__")


@feature("with")
def with_statement(b: Builder) -> None:
    """Context managers: __enter__/__exit__ order, suppression, contextlib, nested with."""
    cls = b.fresh("Ctx")
    b.emit_all("""
        class %s:
            def __init__(self, name, swallow=False):
                self.name = name
                self.swallow = swallow
            def __enter__(self):
                print('enter', self.name)
                return self.name.upper()
            def __exit__(self, kind, value, tb):
                print('exit', self.name, kind.__name__ if kind else None)
                return self.swallow""" % cls)
    b.emit("with %s('a') as first, %s('b', swallow=True) as second:" % (cls, cls))
    with b.indent():
        b.show("first", "second")
        if b.source.coin(0.6):
            b.emit("raise KeyError('inside')")
    b.show("'after'")
    if b.source.coin(0.5):
        b.need("contextlib")
        b.emit("with contextlib.suppress(ZeroDivisionError):")
        with b.indent():
            b.show("1 // %d" % b.source.integer(0, 2))


@feature("match", since=(3, 10))
def match_statement(b: Builder) -> None:
    """Structural pattern matching: literals, sequences, mappings, classes, guards, or."""
    fn = b.fresh("classify")
    b.emit_all("""
        def %s(subject):
            match subject:
                case 0 | 1:
                    return 'small'
                case [x, y, *rest] if x < y:
                    return ('ascending', rest)
                case [x, *_]:
                    return ('seq', x)
                case {'k': value, **others}:
                    return ('map', value, sorted(others))
                case str() as text if len(text) > 2:
                    return ('str', text[:2])
                case int(n) if n < 0:
                    return 'negative'
                case (1, 2) | (3, 4):
                    return 'pair'
                case _:
                    return 'default'""" % fn)
    subjects = ("0", "[1, 2, 3]", "[5, 1]", "{'k': 1, 'z': 2}", "'hello'", "-4", "(3, 4)",
                "7", "[]", "'a'", "{'q': 1}", b.list_expr())
    b.show("[%s(s) for s in [%s]]" % (fn, ", ".join(b.source.choice(subjects)
                                                      for _ in range(b.source.integer(1, 5)))))


@feature("except-star", since=(3, 11))
def except_star(b: Builder) -> None:
    """Exception groups raised and split with ``except*``."""
    inner = b.source.choice(("[ValueError(1), TypeError(2)]", "[ValueError(3), ValueError(4)]",
                             "[KeyError('k')]", "[TypeError('t'), ExceptionGroup('n', "
                                                "[ValueError(5)])]"))
    b.emit("try:")
    with b.indent():
        b.emit("raise ExceptionGroup('group', %s)" % inner)
    b.emit("except* ValueError as eg:")
    with b.indent():
        b.show("'values'", "repr(eg.exceptions)")
    b.emit("except* (TypeError, KeyError) as eg:")
    with b.indent():
        b.show("'others'", "len(eg.exceptions)")


@feature("walrus")
def walrus(b: Builder) -> None:
    """Assignment expressions in conditions, comprehensions and while loops."""
    xs = b.list_expr()
    n = b.fresh("w")
    b.emit("if (%s := len(%s)) > %d:" % (n, xs, b.source.integer(0, 4)))
    with b.indent():
        b.show("'long'", n)
    b.show("[y for v in %s if (y := v * 2) > 3]" % xs, n)
    k = b.fresh("k")
    b.emit("%s = %d" % (k, b.source.integer(0, 40)))
    b.emit("while (%s := %s // 2) > 1:" % (k, k))
    with b.indent():
        b.show(k)


@feature("del-statement")
def del_statement(b: Builder) -> None:
    """del of names, items, slices, attributes; the NameError of a deleted name."""
    name, d = b.fresh("gone"), b.fresh("dd")
    b.emit("%s = %d" % (name, _small(b)))
    b.emit("%s = {'a': 1, 'b': 2, 'c': 3}" % d)
    b.emit("del %s['b'], %s" % (d, name))
    b.show(d)
    b.emit("try:")
    with b.indent():
        b.show(name)
    b.emit("except NameError as exc:")
    with b.indent():
        b.show("type(exc).__name__")


@feature("assert")
def assert_statement(b: Builder) -> None:
    """assert that holds, and one that fails with a message and is caught."""
    v, _ = b.int_expr(1)
    b.emit("assert %s == %s" % (v, v) if "(" not in v else "assert True")
    b.emit("try:")
    with b.indent():
        b.emit("assert %d > %d, 'failed %%d' %% %d" % (_small(b), 50, _small(b)))
    b.emit("except AssertionError as exc:")
    with b.indent():
        b.show("'assert'", "exc.args")


@feature("chained-comparison")
def chained_comparison(b: Builder) -> None:
    """Chained comparisons, membership, identity with None."""
    a, _ = b.int_expr(1)
    c, _ = b.int_expr(1)
    ops = ("<", "<=", "==", "!=", ">", ">=")
    b.show("%s %s %s %s %d" % (a, b.source.choice(ops), c, b.source.choice(ops), _small(b)),
           "%d in %s not in [[]]" % (_small(b), b.list_expr()),
           "type(%s) is int" % a, "0 < %d < 5 > 3" % _small(b))


@feature("uncaught")
def uncaught(b: Builder) -> None:
    """The program ends with an uncaught exception on purpose (a traceback on stderr)."""
    fn = b.fresh("fail")
    expr, exc = b.source.choice(_RAISERS[:8])
    b.emit("def %s():" % fn)
    with b.indent():
        b.emit("return %s" % expr)
    b.emit("%s()" % fn)
    b.expects = exc


# -- memory: reference counts, finalizers, weak references, the collector ------------------


@feature("refcount")
def refcount(b: Builder) -> None:
    """sys.getrefcount of fresh objects as references are added and dropped."""
    b.need("sys")
    obj, alias, box = b.fresh("obj"), b.fresh("alias"), b.fresh("box")
    b.emit("%s = %s" % (obj, b.source.choice(("[1, 2]", "object()", "{'k': 1}", "bytearray(3)"))))
    b.show("sys.getrefcount(%s)" % obj)
    b.emit("%s = %s" % (alias, obj))
    b.emit("%s = [%s, %s]" % (box, obj, obj))
    b.show("sys.getrefcount(%s)" % obj)
    b.emit("del %s, %s" % (alias, box))
    b.show("sys.getrefcount(%s)" % obj)


@feature("finalizer")
def finalizer(b: Builder) -> None:
    """__del__ runs as the last reference goes, in a defined order."""
    cls = b.fresh("Fin")
    b.emit_all("""
        class %s:
            def __init__(self, name):
                self.name = name
            def __del__(self):
                print('del', self.name)""" % cls)
    a, c = b.fresh("fa"), b.fresh("fc")
    b.emit("%s = %s('a')" % (a, cls))
    b.emit("%s = [%s('c%%d' %% i) for i in range(%d)]" % (c, cls, b.source.integer(0, 3)))
    b.show("'before'")
    b.emit("del %s" % a)
    b.emit("%s.pop(0) if %s else None" % (c, c))
    b.show("'after'")


@feature("weakref")
def weak_references(b: Builder) -> None:
    """weakref.ref with a callback, WeakValueDictionary, what a dead reference returns."""
    b.need("weakref")
    cls, obj, ref = b.fresh("Target"), b.fresh("tg"), b.fresh("ref")
    b.emit_all("""
        class %s:
            pass""" % cls)
    b.emit("%s = %s()" % (obj, cls))
    b.emit("%s = weakref.ref(%s, lambda r: print('callback', r() is None))" % (ref, obj))
    b.show("%s() is %s" % (ref, obj))
    wd = b.fresh("wvd")
    b.emit("%s = weakref.WeakValueDictionary()" % wd)
    b.emit("%s['t'] = %s" % (wd, obj))
    b.show("len(%s)" % wd)
    b.emit("del %s" % obj)
    b.show("%s() is None" % ref, "len(%s)" % wd)


@feature("cycles")
def cycles(b: Builder) -> None:
    """Reference cycles with finalizers, reclaimed by gc.collect()."""
    b.need("gc")
    cls = b.fresh("Node")
    b.emit_all("""
        class %s:
            def __init__(self, name):
                self.name = name
                self.peer = None
            def __del__(self):
                print('collected', self.name)""" % cls)
    a, c = b.fresh("na"), b.fresh("nb")
    b.emit("%s, %s = %s('a'), %s('b')" % (a, c, cls, cls))
    b.emit("%s.peer, %s.peer = %s, %s" % (a, c, c, a))
    if b.source.coin():
        b.emit("%s.self_ref = %s" % (a, a))
    # Collect at once: no allocation between the last reference going and the
    # collection, so no automatic collection can pick the cycle up first.
    b.emit("del %s, %s" % (a, c))
    b.emit("gc.collect()")
    b.show("'collected'")
