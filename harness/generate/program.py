"""The program builder: typed, bounded expressions and the text of a program.

Why it is built this way.  Like Csmith for C, the generator avoids every way a
program could be undefined, unbounded or non-deterministic *by construction*,
rather than filtering afterwards:

* names are defined before use: the builder keeps a pool of module-level
  variables by type, and an expression only reads names from the pool;
* arithmetic is safe: each integer expression carries a bound on its size in
  bits and each float expression a bound on its magnitude, so no value grows
  without limit, no int is too large for a float, and no float reaches inf or
  nan; divisors are non-zero literals or ``(x or 1)``;
* loops iterate over ``range`` of small literals and recursion has a literal
  depth, so every program terminates quickly;
* nothing observes addresses, the clock, input, hash randomization or set order
  of strings (sets of strings are printed sorted); every object printed has a
  ``__repr__`` of its own;
* every computed value is printed, or in *checksum mode* folded into a checksum
  printed at the end; exceptions are raised on purpose and caught, and their
  type is printed.

A :class:`Builder` accumulates lines; feature blocks (``features.py``) write
statements through it.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Set, Tuple

from .draw import Source

#: Largest integer (in bits) and float magnitude (as a power of two) expressions make.
INT_BITS = 160
FLOAT_BITS = 600
STR_LEN = 400

SMALL_INTS = (0, 1, 2, 3, -1, 5, 7, 10, 12, -3, 16, 42, 100, -17, 255, 1000)
BIG_INTS = (2 ** 31 - 1, 2 ** 32, -(2 ** 40) + 3, 10 ** 18 + 9, 2 ** 64 + 1, 3 ** 40)
FLOATS = ("0.5", "1.5", "2.0", "-3.25", "0.1", "10.0", "1e-05", "123.456", "-0.0", "2.5e+20")
NONZERO_INTS = ("1", "2", "3", "7", "-4", "10", "13", "-1", "256")
NONZERO_FLOATS = ("2.0", "0.5", "3.0", "-1.5", "7.25", "4.0")
WORDS = ("", "a", "abc", "Hello", "x y z", "spam", "eggs", "  pad  ", "Mixed Case",
         "a,b,,c", "tab\tsep", "caf\u00e9", "\u03bb\u03c9", "stra\u00dfe", "line\nbreak",
         "\u4e2d\u6587", "emoji \U0001F600", "123", "-45", "quote'd", 'dq"s')


def bits_of(value: int) -> int:
    return max(1, abs(value).bit_length())


@dataclass
class Builder:
    """Lines of a program under construction, its variable pools and the
    features used so far."""

    source: Source
    version: Tuple[int, int]
    checksum: bool = False
    lines: List[str] = field(default_factory=list)
    imports: Set[str] = field(default_factory=set)
    used: Set[str] = field(default_factory=set)
    ints: List[Tuple[str, int]] = field(default_factory=list)      # (name, bits)
    floats: List[Tuple[str, int]] = field(default_factory=list)    # (name, magnitude bits)
    strs: List[Tuple[str, int]] = field(default_factory=list)      # (name, max length)
    lists: List[str] = field(default_factory=list)                 # lists of small ints
    expects: Optional[str] = None   # exception type raised uncaught on purpose
    _indent: int = 0
    _counter: int = 0

    # -- text -------------------------------------------------------------------------

    def since(self, major: int, minor: int) -> bool:
        """Does the target version have a feature that appeared in major.minor?"""
        return self.version >= (major, minor)

    def fresh(self, prefix: str) -> str:
        self._counter += 1
        return "%s%d" % (prefix, self._counter)

    def emit(self, line: str) -> None:
        self.lines.append("    " * self._indent + line)

    def emit_all(self, text: str) -> None:
        """Several lines at the current indentation (``text`` is dedented first)."""
        for line in _dedent(text).splitlines():
            self.emit(line)

    @contextlib.contextmanager
    def indent(self) -> Iterator[None]:
        self._indent += 1
        try:
            yield
        finally:
            self._indent -= 1

    def show(self, *exprs: str) -> None:
        """Make values observable: printed, or folded into the checksum."""
        self.emit(("_fold(%s)" if self.checksum else "print(%s)") % ", ".join(exprs))

    def need(self, module: str) -> str:
        self.imports.add(module)
        return module

    # -- integers ----------------------------------------------------------------------

    def int_literal(self) -> Tuple[str, int]:
        value = self.source.choice(BIG_INTS) if self.source.coin(0.1) else \
            self.source.choice(SMALL_INTS)
        return ("(%d)" % value if value < 0 else str(value)), bits_of(value)

    def int_expr(self, depth: int = 2) -> Tuple[str, int]:
        """An int expression and a bound on its size in bits."""
        kind = self.source.weighted([(3, "atom"), (5, "binary"), (1, "unary"), (2, "call")]) \
            if depth > 0 else "atom"
        if kind == "atom":
            if self.ints and self.source.coin(0.6):
                return self.source.choice(self.ints)
            return self.int_literal()
        if kind == "unary":
            text, bits = self.int_expr(depth - 1)
            op = self.source.choice(("-", "~", "+"))
            return "%s%s" % (op, _paren(text)), bits + 1
        if kind == "call":
            return self._int_call(depth)
        return self._int_binary(depth)

    def _int_binary(self, depth: int) -> Tuple[str, int]:
        left, lbits = self.int_expr(depth - 1)
        op = self.source.choice(("+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>", "**"))
        if op in ("//", "%"):
            if self.source.coin(0.5):
                right, rbits = self.source.choice(NONZERO_INTS), 9
            else:
                inner, rbits = self.int_expr(depth - 1)
                right = "(%s or 1)" % inner
            bits = lbits if op == "//" else rbits
            return "%s %s %s" % (_paren(left), op, _paren(right)), max(bits, 1)
        if op in ("<<", ">>", "**"):
            amount = self.source.integer(0, 4 if op == "**" else 12)
            bits = {"<<": lbits + amount, ">>": lbits, "**": lbits * max(amount, 1)}[op]
            if bits > INT_BITS:
                return "%s %% 1009" % _paren(left), 10
            return "%s %s %d" % (_paren(left), op, amount), bits
        right, rbits = self.int_expr(depth - 1)
        bits = lbits + rbits if op == "*" else max(lbits, rbits) + 1
        if bits > INT_BITS:
            return "(%s %s %s) %% 1000003" % (_paren(left), op, _paren(right)), 20
        return "%s %s %s" % (_paren(left), op, _paren(right)), bits

    def _int_call(self, depth: int) -> Tuple[str, int]:
        kind = self.source.choice(("abs", "len", "min", "max", "int", "round", "pow", "bool"))
        if kind == "len":
            text, length = self.str_expr(depth - 1)
            return "len(%s)" % text, bits_of(length)
        if kind == "int":
            text, fbits = self.float_expr(depth - 1)
            return "int(%s)" % text, fbits + 1
        if kind == "round":
            text, fbits = self.float_expr(depth - 1)
            return "round(%s)" % text, fbits + 1
        if kind == "pow":
            base, _ = self.int_expr(depth - 1)
            exp = self.source.integer(0, 30)
            mod = self.source.choice(NONZERO_INTS[:6])
            return "pow(%s, %d, %s)" % (base, exp, mod), 9
        if kind == "bool":
            text, _ = self.int_expr(depth - 1)
            return "int(bool(%s))" % text, 1
        a, abits = self.int_expr(depth - 1)
        if kind == "abs":
            return "abs(%s)" % a, abits
        b, bbits = self.int_expr(depth - 1)
        return "%s(%s, %s)" % (kind, a, b), max(abits, bbits)

    # -- floats ------------------------------------------------------------------------

    def float_expr(self, depth: int = 2) -> Tuple[str, int]:
        """A finite float expression and a bound on its magnitude (log2)."""
        kind = self.source.weighted([(3, "atom"), (4, "binary"), (2, "from_int"), (1, "math")]) \
            if depth > 0 else "atom"
        if kind == "atom":
            if self.floats and self.source.coin(0.6):
                return self.source.choice(self.floats)
            text = self.source.choice(FLOATS)
            return ("(%s)" % text if text.startswith("-") else text), 70
        if kind == "from_int":
            text, bits = self.int_expr(depth - 1)
            if self.source.coin(0.5):
                return "float(%s)" % text, bits
            return "%s / %s" % (_paren(text), self.source.choice(NONZERO_INTS)), bits
        if kind == "math":
            text, bits = self.float_expr(depth - 1)
            fn = self.source.choice(("abs", "math.sqrt", "math.floor", "round2", "math.fabs"))
            if fn == "round2":
                return "round(%s, %d)" % (text, self.source.integer(0, 4)), bits + 1
            if fn == "math.sqrt":
                self.need("math")
                return "math.sqrt(abs(%s))" % text, bits // 2 + 1
            if fn.startswith("math."):
                self.need("math")
            if fn == "math.floor":  # an int: keep the expression a float
                return "float(math.floor(%s))" % text, bits + 1
            return "%s(%s)" % (fn, text), bits + 1
        left, lbits = self.float_expr(depth - 1)
        op = self.source.choice(("+", "-", "*", "/", "//", "%"))
        if op in ("/", "//", "%"):
            divisor = self.source.choice(NONZERO_FLOATS)
            return "%s %s %s" % (_paren(left), op, _paren(divisor)), lbits + 2
        right, rbits = self.float_expr(depth - 1)
        bits = lbits + rbits if op == "*" else max(lbits, rbits) + 1
        if bits > FLOAT_BITS:
            return "%s + %s" % (_paren(left), _paren(right)), max(lbits, rbits) + 1
        return "%s %s %s" % (_paren(left), op, _paren(right)), bits

    # -- strings -----------------------------------------------------------------------

    def str_literal(self) -> Tuple[str, int]:
        word = self.source.choice(WORDS)
        return repr(word), len(word)

    def str_expr(self, depth: int = 2) -> Tuple[str, int]:
        """A str expression and a bound on its length."""
        kind = self.source.weighted([(3, "atom"), (3, "method"), (2, "concat"), (1, "slice"),
                                     (1, "convert"), (1, "join")]) if depth > 0 else "atom"
        if kind == "atom":
            if self.strs and self.source.coin(0.6):
                return self.source.choice(self.strs)
            return self.str_literal()
        if kind == "concat":
            a, alen = self.str_expr(depth - 1)
            if self.source.coin(0.3):
                times = self.source.integer(0, 3)
                return "%s * %d" % (_paren(a), times), alen * times
            b, blen = self.str_expr(depth - 1)
            if alen + blen > STR_LEN:
                return a, alen
            return "%s + %s" % (_paren(a), _paren(b)), alen + blen
        if kind == "slice":
            a, alen = self.str_expr(depth - 1)
            return "%s%s" % (_paren(a), self.slice_text()), alen
        if kind == "convert":
            if self.source.coin(0.5):
                text, bits = self.int_expr(depth - 1)
                return "str(%s)" % text, bits // 3 + 3
            text, _ = self.float_expr(depth - 1)
            return "repr(%s)" % text, 30
        if kind == "join":
            a, alen = self.str_expr(depth - 1)
            sep = self.source.choice(("'-'", "''", "', '"))
            return "%s.join(%s)" % (sep, a), alen * 3
        a, alen = self.str_expr(depth - 1)
        method, grow = self.source.choice(STR_METHODS)
        if grow * alen + 10 > STR_LEN:
            return a, alen
        return "%s.%s" % (_paren(a), method), grow * alen + 10

    def slice_text(self) -> str:
        start = self.source.choice(("", "1", "-2", "0", "3", "-5"))
        stop = self.source.choice(("", "-1", "4", "2", "10", "-3"))
        if self.source.coin(0.3):
            step = self.source.choice(("2", "-1", "3", "-2"))
            return "[%s:%s:%s]" % (start, stop, step)
        return "[%s:%s]" % (start, stop)

    # -- lists and pools ---------------------------------------------------------------

    def list_literal(self) -> str:
        items = [str(self.source.choice(SMALL_INTS[:12])) for _ in range(self.source.integer(0, 6))]
        return "[%s]" % ", ".join(items)

    def list_expr(self) -> str:
        if self.lists and self.source.coin(0.5):
            return self.source.choice(self.lists)
        kind = self.source.choice(("literal", "range", "comp"))
        if kind == "literal":
            return self.list_literal()
        if kind == "range":
            return "list(range(%d, %d))" % (self.source.integer(-3, 3), self.source.integer(0, 9))
        return "[%s for x in range(%d)]" % (self.source.choice(("x", "x * x", "x % 3", "-x")),
                                           self.source.integer(0, 7))

    def small_int(self) -> str:
        """An int expression that is small: safe as a count, index base or repeat."""
        if self.ints and self.source.coin(0.5):
            return "%s %% %d" % (self.source.choice(self.ints)[0], self.source.integer(2, 9))
        return str(self.source.integer(0, 6))

    def assign(self, kind: str, text: str, bound: int) -> str:
        """``name = text`` at module level, adding ``name`` to a pool."""
        name = self.fresh({"int": "n", "float": "f", "str": "s", "list": "xs"}[kind])
        self.emit("%s = %s" % (name, text))
        pool = {"int": self.ints, "float": self.floats, "str": self.strs}.get(kind)
        if pool is not None:
            pool.append((name, bound))
        else:
            self.lists.append(name)
        return name


#: str methods that cannot fail: (call text, bound on the length growth factor).
STR_METHODS = (
    ("upper()", 3), ("lower()", 1), ("strip()", 1), ("title()", 3), ("swapcase()", 3),
    ("replace('a', 'xy')", 2), ("center(12, '*')", 1), ("zfill(6)", 1), ("lstrip('ab')", 1),
    ("capitalize()", 3), ("expandtabs(4)", 4), ("ljust(8, '.')", 1), ("casefold()", 3),
)


def _paren(text: str) -> str:
    """Parenthesize an operand unless it is a name, literal or call."""
    if text.isidentifier() or text.lstrip("-").replace(".", "", 1).isdigit():
        return text
    if text.startswith("(") and _balanced_outer(text):
        return text
    if _STR_LITERAL.fullmatch(text):
        return text
    return "(%s)" % text


_STR_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _balanced_outer(text: str) -> bool:
    depth = 0
    for index, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0


def _dedent(text: str) -> str:
    import textwrap
    return textwrap.dedent(text).strip("\n")
