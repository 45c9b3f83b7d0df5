"""``Code``: minivm's code object, one record for every target version.

A ``Code`` holds exactly the fields that marshal writes for its target
(``target.code_fields``), so that a .pyc written from it and CPython's .pyc can be
compared byte for byte, plus the ``co_*`` attributes CPython derives from them
(``co_varnames`` from the locals-plus table on 3.11+, and the locals-plus table
from ``co_varnames``/``co_cellvars``/``co_freevars`` before 3.11).  Nested code
objects in ``co_consts`` are ``Code`` too.

Equality is strict the way CPython's own code comparison is: ``1``, ``1.0`` and
``True`` are different constants, as are ``0.0`` and ``-0.0``.  :meth:`Code.diff`
names the first field that differs, with the path of nested code objects that
leads to it, which is what the ``code`` comparator of the harness reports.
"""

from __future__ import annotations

import types
from typing import Any, Dict, Iterator, Optional, Tuple

from ..versions import (
    CO_FAST_CELL,
    CO_FAST_FREE,
    CO_FAST_HIDDEN,
    CO_FAST_LOCAL,
    CO_FLAGS,
    Target,
    TargetLike,
    get_target,
    host_version,
)

#: Every field any target stores, in a stable order used for ``__slots__``.
ALL_FIELDS: Tuple[str, ...] = (
    "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize",
    "co_flags", "co_code", "co_consts", "co_names", "co_varnames", "co_freevars",
    "co_cellvars", "co_localsplusnames", "co_localspluskinds", "co_filename", "co_name",
    "co_qualname", "co_firstlineno", "co_lnotab", "co_linetable", "co_exceptiontable",
)


class OrderedFrozenset(frozenset):
    """A frozenset constant that iterates in a given order: the order CPython's
    table holds its items, which a host frozenset loses (the host's string hashes
    differ from the target's).  The VM builds its own set by inserting the items
    in this order, which reproduces CPython's table.

    A set read from a .pyc keeps the file's order (the VM and the writer need it) and
    also ``shown``: the order the target's own set has after unmarshalling inserted
    the items in file order, which is what ``dis`` prints.

    ``inserted`` is the order the items went into the table that iterates as
    ``order`` (``order`` itself unless given): the VM inserts them so, which makes
    its set that very table.  A set the compiler built (``target_frozenset``) has
    its table order as ``order`` and the order it was built from as ``inserted``."""

    __slots__ = ("order", "shown", "inserted")

    def __new__(cls, items: Any, shown: Any = None,
                inserted: Any = None) -> "OrderedFrozenset":
        items = tuple(items)
        self = frozenset.__new__(cls, items)
        self.order = tuple(dict.fromkeys(items))
        self.shown = self.order if shown is None else tuple(shown)
        self.inserted = self.order if inserted is None else tuple(dict.fromkeys(inserted))
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(self.order)

    def __reduce__(self) -> Any:
        return (OrderedFrozenset, (self.order, self.shown, self.inserted))

    def __repr__(self) -> str:
        # As a frozenset shows itself (``dis`` prints constants by repr), in order.
        if not self.order:
            return "frozenset()"
        return "frozenset({%s})" % ", ".join(repr(item) for item in self.shown)


def const_key(value: Any) -> Any:
    """A hashable key equal for two constants exactly when CPython treats them as the
    same constant (``_PyCode_ConstantKey``): type-strict, sign of zero and NaN bits kept."""
    kind = type(value)
    if kind is float:
        return ("float", value.hex() if value == value else repr(value))
    if kind is complex:
        return ("complex", const_key(value.real), const_key(value.imag))
    if kind is tuple:
        return ("tuple",) + tuple(const_key(v) for v in value)
    if kind is frozenset or kind is OrderedFrozenset:
        return ("frozenset", frozenset(const_key(v) for v in value))
    if isinstance(value, Code):
        return ("code", id(value))
    if isinstance(value, types.CodeType):
        return ("code", id(value))
    return (kind.__name__, value)


def _const_text(value: Any) -> str:
    if isinstance(value, Code):
        return "<code object %s>" % value.co_name
    return "%r (%s)" % (value, type(value).__name__)


class Code:
    """A code object for one target version (see the module docstring).

    Construct with keyword arguments naming the fields of ``target.code_fields``;
    fields a version does not store stay ``None``.  Derived ``co_*`` attributes are
    properties and never disagree with the stored ones.
    """

    __slots__ = ("target",) + tuple("_" + f for f in ALL_FIELDS)

    def __init__(self, target: TargetLike = None, **fields: Any) -> None:
        self.target: Target = get_target(target)
        for name in ALL_FIELDS:
            object.__setattr__(self, "_" + name, None)
        unknown = set(fields) - set(self.target.code_fields)
        if unknown:
            raise TypeError("%s code objects have no stored field %s" % (
                self.target.name, ", ".join(sorted(unknown))))
        missing = [f for f in self.target.code_fields if f not in fields]
        if missing:
            raise TypeError("missing code field(s) for %s: %s" % (
                self.target.name, ", ".join(missing)))
        for name, value in fields.items():
            object.__setattr__(self, "_" + name, value)

    # -- stored and derived fields --------------------------------------------

    def stored(self) -> Dict[str, Any]:
        """The fields marshal writes, in marshal order."""
        return {f: getattr(self, "_" + f) for f in self.target.code_fields}

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not slots or properties.
        raise AttributeError("Code has no attribute %r" % name)

    def _get(self, name: str) -> Any:
        return object.__getattribute__(self, "_" + name)

    co_argcount = property(lambda self: self._get("co_argcount"))
    co_posonlyargcount = property(lambda self: self._get("co_posonlyargcount"))
    co_kwonlyargcount = property(lambda self: self._get("co_kwonlyargcount"))
    co_stacksize = property(lambda self: self._get("co_stacksize"))
    co_flags = property(lambda self: self._get("co_flags"))
    co_code = property(lambda self: self._get("co_code"))
    co_consts = property(lambda self: self._get("co_consts"))
    co_names = property(lambda self: self._get("co_names"))
    co_filename = property(lambda self: self._get("co_filename"))
    co_name = property(lambda self: self._get("co_name"))
    co_firstlineno = property(lambda self: self._get("co_firstlineno"))
    co_exceptiontable = property(lambda self: self._get("co_exceptiontable"))

    @property
    def co_qualname(self) -> str:
        """Stored from 3.11; before that CPython has no qualname on code, so the name."""
        qualname = self._get("co_qualname")
        return self.co_name if qualname is None else qualname

    @property
    def co_linetable(self) -> bytes:
        """The line table in the target's own format (lnotab before 3.10)."""
        table = self._get("co_linetable")
        return self._get("co_lnotab") if table is None else table

    @property
    def co_lnotab(self) -> Optional[bytes]:
        """The stored line-number table of 3.8 and 3.9 (None from 3.10, where CPython
        derives it on demand from ``co_linetable``)."""
        return self._get("co_lnotab")

    @property
    def co_localsplusnames(self) -> Tuple[str, ...]:
        names = self._get("co_localsplusnames")
        if names is not None:
            return names
        return tuple(n for n, _ in _localsplus_from_parts(
            self._get("co_varnames"), self._get("co_cellvars"), self._get("co_freevars"),
            hidden=False))

    @property
    def co_localspluskinds(self) -> bytes:
        kinds = self._get("co_localspluskinds")
        if kinds is not None:
            return kinds
        return bytes(k for _, k in _localsplus_from_parts(
            self._get("co_varnames"), self._get("co_cellvars"), self._get("co_freevars"),
            hidden=False))

    def _names_of_kind(self, mask: int, exclude: int = 0) -> Tuple[str, ...]:
        return tuple(n for n, k in zip(self.co_localsplusnames, self.co_localspluskinds)
                     if k & mask and not k & exclude)

    @property
    def co_varnames(self) -> Tuple[str, ...]:
        stored = self._get("co_varnames")
        return stored if stored is not None else self._names_of_kind(CO_FAST_LOCAL)

    @property
    def co_cellvars(self) -> Tuple[str, ...]:
        stored = self._get("co_cellvars")
        return stored if stored is not None else self._names_of_kind(CO_FAST_CELL)

    @property
    def co_freevars(self) -> Tuple[str, ...]:
        stored = self._get("co_freevars")
        return stored if stored is not None else self._names_of_kind(CO_FAST_FREE)

    @property
    def co_nlocals(self) -> int:
        stored = self._get("co_nlocals")
        return stored if stored is not None else len(self.co_varnames)

    @property
    def flag_names(self) -> Tuple[str, ...]:
        return tuple(name for name, bit in CO_FLAGS.items() if self.co_flags & bit)

    # -- construction ----------------------------------------------------------

    @classmethod
    def from_code(cls, code: types.CodeType, target: TargetLike = None) -> "Code":
        """Convert a host code object (and its nested ones) to ``Code``.

        Only the host's own version can be read this way, since a code object's
        layout is that of the interpreter that made it; ``target`` may be given to
        state it, and must then be the host's version.
        """
        resolved = get_target(target)
        if resolved.version != host_version():
            raise ValueError("Code.from_code reads host code objects (%d.%d), not %s"
                             % (host_version() + (resolved.name,)))
        return cls._from_code(code, resolved, {})

    @classmethod
    def _from_code(cls, code: types.CodeType, resolved: Target,
                   memo: Dict[int, "Code"]) -> "Code":
        # A code object the compiler merged (two identical lambdas on one line)
        # is one object in two places: it stays one Code, so the .pyc writer sees
        # the sharing.
        done = memo.get(id(code))
        if done is not None:
            return done
        fields: Dict[str, Any] = {}
        for name in resolved.code_fields:
            if name == "co_consts":
                fields[name] = tuple(cls._from_code(c, resolved, memo)
                                     if isinstance(c, types.CodeType) else c
                                     for c in code.co_consts)
            elif name in ("co_localsplusnames", "co_localspluskinds"):
                continue
            else:
                fields[name] = getattr(code, name)
        if resolved.has_localsplus:
            # A module or class body only has fast locals for the iteration variables
            # of inlined comprehensions (PEP 709), and those are hidden.
            hidden = resolved.inlines_comprehensions and not code.co_flags & CO_FLAGS["OPTIMIZED"]
            pairs = _localsplus_from_parts(code.co_varnames, code.co_cellvars, code.co_freevars,
                                           hidden=hidden)
            fields["co_localsplusnames"] = tuple(n for n, _ in pairs)
            fields["co_localspluskinds"] = bytes(k for _, k in pairs)
        memo[id(code)] = converted = cls(resolved, **fields)
        return converted

    def to_code(self) -> types.CodeType:
        """Build the host's ``types.CodeType`` (target must be the host's version).

        The constructor recomputes locals-plus kinds from the name tuples, as
        CPython's ``code.__new__`` does, so a hidden kind (3.12+) does not survive.
        """
        if self.target.version != host_version():
            raise ValueError("Code.to_code builds host code objects (%d.%d), not %s"
                             % (host_version() + (self.target.name,)))
        consts = tuple(c.to_code() if isinstance(c, Code) else c for c in self.co_consts)
        head = (self.co_argcount, self.co_posonlyargcount, self.co_kwonlyargcount,
                self.co_nlocals, self.co_stacksize, self.co_flags, self.co_code, consts,
                self.co_names, self.co_varnames, self.co_filename, self.co_name)
        if self.target.has_qualname:
            tail = (self.co_qualname, self.co_firstlineno, self.co_linetable,
                    self.co_exceptiontable, self.co_freevars, self.co_cellvars)
        else:
            tail = (self.co_firstlineno, self.co_linetable, self.co_freevars, self.co_cellvars)
        return types.CodeType(*(head + tail))

    def replace(self, **changes: Any) -> "Code":
        fields = self.stored()
        fields.update(changes)
        return Code(self.target, **fields)

    # -- comparison -------------------------------------------------------------

    def walk(self, path: str = "") -> Iterator[Tuple[str, "Code"]]:
        """Yield ``(path, code)`` for this code object and every nested one, depth first.
        Paths are qualnames joined by ``/``, with the const index when names repeat."""
        here = (path + "/" if path else "") + self.co_qualname
        yield here, self
        for index, const in enumerate(self.co_consts):
            if isinstance(const, Code):
                yield from const.walk("%s[%d]" % (here, index))

    def diff(self, other: "Code") -> Optional[str]:
        """``None`` if the two are equal in every stored field (recursively), otherwise
        one line naming the first difference: code path, field, both values."""
        return _diff(self, other, self.co_qualname)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Code):
            return NotImplemented
        return self.diff(other) is None

    def __hash__(self) -> int:
        return hash((self.co_name, self.co_firstlineno, self.co_code))

    def __repr__(self) -> str:
        return "<minivm.Code %s %s, file %r, line %s>" % (
            self.target.name, self.co_qualname, self.co_filename, self.co_firstlineno)


def _localsplus_from_parts(varnames, cellvars, freevars, hidden: bool):
    """Rebuild (name, kind) pairs the way 3.11+ lays out ``localsplus``: locals first
    (a local that is also a cell keeps its slot), then the other cells, then frees."""
    pairs = []
    cells = set(cellvars or ())
    local_kind = CO_FAST_LOCAL | (CO_FAST_HIDDEN if hidden else 0)
    for name in varnames or ():
        pairs.append((name, local_kind | (CO_FAST_CELL if name in cells else 0)))
    locals_ = set(varnames or ())
    for name in cellvars or ():
        if name not in locals_:
            pairs.append((name, CO_FAST_CELL))
    for name in freevars or ():
        pairs.append((name, CO_FAST_FREE))
    return pairs


def _diff(a: Code, b: Code, path: str) -> Optional[str]:
    if a.target.version != b.target.version:
        return "%s: target %s != %s" % (path, a.target.name, b.target.name)
    for field in a.target.code_fields:
        x, y = a._get(field), b._get(field)
        found = field_difference(field, x, y)
        if found:
            return "%s: %s" % (path, found)
        if field == "co_consts":
            for cx, cy in zip(x, y):
                if isinstance(cx, Code):
                    inner = _diff(cx, cy, "%s/%s" % (path, cx.co_qualname))
                    if inner:
                        return inner
    return None


def field_difference(field: str, x: Any, y: Any) -> Optional[str]:
    """``None`` if one field of two code objects agrees, else a line naming the field
    and both values.  Nested code objects in ``co_consts`` agree here when both are
    code objects: their own fields are compared on their own."""
    if field != "co_consts":
        if x != y or type(x) is not type(y):
            return "%s %r != %r" % (field, x, y)
        return None
    if len(x) != len(y):
        return "co_consts has %d entries != %d" % (len(x), len(y))
    for index, (cx, cy) in enumerate(zip(x, y)):
        if isinstance(cx, Code) or isinstance(cy, Code):
            if not (isinstance(cx, Code) and isinstance(cy, Code)):
                return "co_consts[%d] %s != %s" % (index, _const_text(cx), _const_text(cy))
        elif const_key(cx) != const_key(cy):
            return "co_consts[%d] %s != %s" % (index, _const_text(cx), _const_text(cy))
    return None
