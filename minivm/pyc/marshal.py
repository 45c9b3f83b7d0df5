"""The marshal format (version 4), read and written for any target 3.8-3.13.

This is minivm's own implementation of CPython's ``Python/marshal.c``; it never
calls the host's ``marshal``.  A marshalled object is one type byte (a type code,
possibly or-ed with ``FLAG_REF``) followed by the object's payload; containers are
followed by their items.  An object whose type byte has ``FLAG_REF`` is appended
to a list of references as it is read, and a later ``TYPE_REF`` with its index
stands for the very same object.

Reading (:func:`loads`) is iterative, with an explicit stack, so the depth limit
CPython enforces (``MAX_MARSHAL_STACK_DEPTH``) is the only limit and the host's
recursion limit never matters.  Every malformed input raises
:class:`~minivm.pyc.PycError` naming the offset and the problem; every length
field is checked against the bytes that remain before anything is allocated.

Writing (:func:`dumps`) needs to know, for each object, whether CPython would flag
it and which earlier object it is: that is the sharing model of
:mod:`minivm.pyc.sharing`, which this module asks through a ``Sharing`` object.
"""

from __future__ import annotations

import struct
from typing import Any, Callable, Dict, List, Optional, Tuple

from ..compiler.code import Code
from ..versions import Target, TargetLike, get_target
from . import PycError

# Type codes (Python/marshal.c).  FLAG_REF is or-ed into the type byte.
FLAG_REF = 0x80
TYPE_NULL = ord("0")
TYPE_NONE = ord("N")
TYPE_FALSE = ord("F")
TYPE_TRUE = ord("T")
TYPE_STOPITER = ord("S")
TYPE_ELLIPSIS = ord(".")
TYPE_INT = ord("i")
TYPE_INT64 = ord("I")  # read only: no version-4 writer emits it
TYPE_FLOAT = ord("f")
TYPE_BINARY_FLOAT = ord("g")
TYPE_COMPLEX = ord("x")
TYPE_BINARY_COMPLEX = ord("y")
TYPE_LONG = ord("l")
TYPE_STRING = ord("s")
TYPE_INTERNED = ord("t")
TYPE_REF = ord("r")
TYPE_TUPLE = ord("(")
TYPE_LIST = ord("[")
TYPE_DICT = ord("{")
TYPE_CODE = ord("c")
TYPE_UNICODE = ord("u")
TYPE_UNKNOWN = ord("?")
TYPE_SET = ord("<")
TYPE_FROZENSET = ord(">")
TYPE_ASCII = ord("a")
TYPE_ASCII_INTERNED = ord("A")
TYPE_SMALL_TUPLE = ord(")")
TYPE_SHORT_ASCII = ord("z")
TYPE_SHORT_ASCII_INTERNED = ord("Z")

#: Nesting deeper than this is refused by CPython's reader and writer alike
#: (the top-level object is at depth 1).
MAX_MARSHAL_STACK_DEPTH = 2000

#: A tuple the reader would have to hash (as a set item or dict key) may not
#: expand to more nodes than this: shared references can make a few hundred
#: bytes stand for 2**60 nodes, which neither CPython nor we could hash.
MAX_HASHED_NODES = 1000000

#: Long integers travel as base-2**15 digits, least significant first.
PYLONG_MARSHAL_SHIFT = 15
PYLONG_MARSHAL_BASE = 1 << PYLONG_MARSHAL_SHIFT

# Code-object fields marshal writes as raw 4-byte integers rather than objects.
_INT_FIELDS = frozenset((
    "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
    "co_stacksize", "co_flags", "co_firstlineno",
))

_NULL = object()         # what TYPE_NULL reads as: only a dict may contain it
_RESERVED = object()     # a reference slot whose object is still being read

_INT32 = struct.Struct("<i")
_DOUBLE = struct.Struct("<d")


def _type_name(code: int) -> str:
    return "%r (0x%02x)" % (chr(code), code) if 32 <= code < 127 else "0x%02x" % code


# =============================================================================
# Reading
# =============================================================================


class _Frame:
    """A container being read: it receives its items one at a time and builds the
    object when :meth:`complete` says it has them all."""

    __slots__ = ("offset", "flag", "slot")
    what = "object"

    def __init__(self, offset: int, flag: int, slot: int) -> None:
        self.offset = offset
        self.flag = flag
        self.slot = slot

    def add(self, reader: "_Reader", value: Any, at: int) -> None:
        raise NotImplementedError

    def complete(self) -> bool:
        raise NotImplementedError

    def label(self) -> str:
        """Where the next item goes, for :func:`trace` paths."""
        raise NotImplementedError

    def finish(self, reader: "_Reader") -> Any:
        raise NotImplementedError


class _SequenceFrame(_Frame):
    """Tuple, list, set or frozenset with a known item count."""

    __slots__ = ("kind", "items", "count", "order")

    def __init__(self, offset: int, flag: int, slot: int, kind: int, count: int,
                 items: Any, order: Optional[List[Any]] = None) -> None:
        super().__init__(offset, flag, slot)
        self.kind = kind
        self.count = count
        self.items = items
        self.order = order  # frozenset items in marshal order, when asked for

    @property
    def what(self) -> str:  # type: ignore[override]
        return _SEQUENCE_NAMES[self.kind]

    def add(self, reader: "_Reader", value: Any, at: int) -> None:
        if value is _NULL:
            raise PycError("NULL object in marshal data for %s at offset %d" % (self.what, at))
        if self.kind in (TYPE_SET, TYPE_FROZENSET):
            reader.check_hashable(value, at)
            try:
                self.items.add(value)
                if self.order is not None:
                    self.order.append(value)
            except TypeError:
                raise PycError("unhashable %s element (%s) at offset %d"
                               % (self.what, type(value).__name__, at)) from None
        else:
            self.items.append(value)
        self.count -= 1

    def complete(self) -> bool:
        return self.count == 0

    def label(self) -> str:
        return "[%d]" % len(self.items)

    def finish(self, reader: "_Reader") -> Any:
        if self.kind in (TYPE_TUPLE, TYPE_SMALL_TUPLE):
            value: Any = tuple(self.items)
            sizes = reader.sizes
            sizes[id(value)] = min(1 + sum(sizes.get(id(item), 1) for item in value),
                                   MAX_HASHED_NODES + 1)
        elif self.kind == TYPE_FROZENSET:
            if self.order is not None:
                from ..compiler.code import OrderedFrozenset
                from .setorder import table_order
                value = OrderedFrozenset(self.order, table_order(self.order, reader.target))
            else:
                value = frozenset(self.items)
        else:
            return self.items  # list and set were registered when created
        if self.flag:
            reader.refs[self.slot] = value
        return value


_SEQUENCE_NAMES = {TYPE_TUPLE: "tuple", TYPE_SMALL_TUPLE: "tuple", TYPE_LIST: "list",
                   TYPE_SET: "set", TYPE_FROZENSET: "frozenset"}


class _DictFrame(_Frame):
    """Key, value, key, value, ... up to a TYPE_NULL in key position."""

    __slots__ = ("items", "key", "done")
    what = "dict"

    def __init__(self, offset: int, flag: int, slot: int, items: Dict[Any, Any]) -> None:
        super().__init__(offset, flag, slot)
        self.items = items
        self.key: Any = _RESERVED
        self.done = False

    def add(self, reader: "_Reader", value: Any, at: int) -> None:
        if self.key is _RESERVED:
            if value is _NULL:
                self.done = True
            else:
                self.key = value
            return
        if value is _NULL:
            # As in CPython, a NULL value ends the dict and its key is dropped.
            self.done = True
            return
        reader.check_hashable(self.key, at)
        try:
            self.items[self.key] = value
        except TypeError:
            raise PycError("unhashable dict key (%s) before offset %d"
                           % (type(self.key).__name__, at)) from None
        self.key = _RESERVED

    def complete(self) -> bool:
        return self.done

    def label(self) -> str:
        return "{key}" if self.key is _RESERVED else "{value}"

    def finish(self, reader: "_Reader") -> Any:
        return self.items


class _CodeFrame(_Frame):
    """A code object: the target's fields in marshal order, integers read inline."""

    __slots__ = ("fields", "values", "index")
    what = "code object"

    def __init__(self, offset: int, flag: int, slot: int, fields: Tuple[str, ...]) -> None:
        super().__init__(offset, flag, slot)
        self.fields = fields
        self.values: Dict[str, Any] = {}
        self.index = 0

    def read_ints(self, reader: "_Reader") -> None:
        """Read the integer fields up to the next object field (or the end)."""
        while self.index < len(self.fields) and self.fields[self.index] in _INT_FIELDS:
            name = self.fields[self.index]
            self.values[name] = reader.r_long("code object field %s" % name)
            self.index += 1

    def add(self, reader: "_Reader", value: Any, at: int) -> None:
        name = self.fields[self.index]
        if value is _NULL:
            raise PycError("NULL object in marshal data for code object field %s at offset %d"
                           % (name, at))
        self.values[name] = value
        self.index += 1
        self.read_ints(reader)

    def complete(self) -> bool:
        return self.index == len(self.fields)

    def label(self) -> str:
        name = self.values.get("co_name")
        return ".%s" % self.fields[self.index] if name is None else \
            "<%s>.%s" % (name, self.fields[self.index])

    def finish(self, reader: "_Reader") -> Any:
        _validate_code(self.values, reader.target, self.offset)
        value = Code(reader.target, **self.values)
        if self.flag:
            reader.refs[self.slot] = value
        return value


def _check_tuple_of_str(values: Dict[str, Any], name: str, offset: int) -> None:
    value = values[name]
    if type(value) is not tuple or any(type(item) is not str for item in value):
        raise PycError("code object at offset %d: %s must be a tuple of str, not %s"
                       % (offset, name, _describe_type(value)))


def _describe_type(value: Any) -> str:
    if type(value) is tuple:
        kinds = sorted({type(v).__name__ for v in value})
        return "tuple of %s" % "/".join(kinds) if kinds else "tuple"
    return type(value).__name__


_CODE_FIELD_TYPES = {
    "co_code": bytes, "co_consts": tuple, "co_filename": str, "co_name": str,
    "co_qualname": str, "co_lnotab": bytes, "co_linetable": bytes,
    "co_exceptiontable": bytes, "co_localspluskinds": bytes,
}
_NAME_TUPLES = ("co_names", "co_varnames", "co_freevars", "co_cellvars", "co_localsplusnames")


def _validate_code(values: Dict[str, Any], target: Target, offset: int) -> None:
    """The checks CPython's code constructor makes on unmarshalled fields: field
    types, non-negative counts, whole code units, one kind per locals-plus name."""
    for name, value in values.items():
        if name in _INT_FIELDS:
            if value < 0 and name != "co_firstlineno":
                raise PycError("code object at offset %d: %s is negative (%d)"
                               % (offset, name, value))
        elif name in _NAME_TUPLES:
            _check_tuple_of_str(values, name, offset)
        elif type(value) is not _CODE_FIELD_TYPES[name]:
            raise PycError("code object at offset %d: %s must be %s, not %s" % (
                offset, name, _CODE_FIELD_TYPES[name].__name__, type(value).__name__))
    if len(values["co_code"]) % 2:
        raise PycError("code object at offset %d: co_code has an odd length (%d)"
                       % (offset, len(values["co_code"])))
    if target.has_localsplus and (
            len(values["co_localsplusnames"]) != len(values["co_localspluskinds"])):
        raise PycError("code object at offset %d: %d locals-plus names but %d kinds" % (
            offset, len(values["co_localsplusnames"]), len(values["co_localspluskinds"])))


class _Reader:
    """One ``loads`` call: the data, a position, the reference list."""

    def __init__(self, data: bytes, target: Target, base: int = 0) -> None:
        self.data = data
        self.pos = 0
        self.base = base   # added to positions in messages (the .pyc header size)
        self.target = target
        self.refs: List[Any] = []
        self.code_fields = target.code_fields
        self.log: Optional[List[Tuple[int, str, int, bool]]] = None
        # Expanded node counts of the nested tuples read so far, by identity.
        self.sizes: Dict[int, int] = {}
        self.ordered_frozensets = False

    # -- primitive reads ------------------------------------------------------

    def at(self, pos: Optional[int] = None) -> int:
        return self.base + (self.pos if pos is None else pos)

    def need(self, size: int, what: str) -> int:
        """Reserve ``size`` bytes for ``what`` and return where they start."""
        start = self.pos
        if size > len(self.data) - start:
            raise PycError("truncated %s at offset %d: needs %d bytes, %d left"
                           % (what, self.at(start), size, len(self.data) - start))
        self.pos = start + size
        return start

    def r_byte(self, what: str) -> int:
        start = self.need(1, what)
        return self.data[start]

    def r_long(self, what: str) -> int:
        start = self.need(4, what)
        return _INT32.unpack_from(self.data, start)[0]

    def r_size(self, what: str, minimum_item_size: int, width: int = 4) -> int:
        """A length field of ``width`` bytes (4, or 1 for the short forms): checked
        non-negative and no larger than what the remaining bytes could hold at
        ``minimum_item_size`` bytes per item.  A length field that claims more than
        remains is its own problem, whatever its width (a cut file or a corrupt
        length: the reader cannot tell which); a fixed-width read that runs off
        the end is ``truncated``."""
        start = self.pos
        if width == 1:
            size = self.r_byte("%s size" % what)
        else:
            size = self.r_long("%s size" % what)
        if size < 0:
            raise PycError("bad marshal data at offset %d: %s size %d out of range"
                           % (self.at(start), what, size))
        self.check_size(what, size, size * minimum_item_size, start)
        return size

    def check_size(self, what: str, size: int, needed: int, start: int) -> None:
        """Refuse a length field at ``start`` whose ``size`` needs ``needed`` bytes
        when fewer remain."""
        left = len(self.data) - self.pos
        if needed > left:
            raise PycError("%s size %d at offset %d is larger than the remaining data (%d bytes)"
                           % (what, size, self.at(start), left))

    def r_bytes(self, size: int, what: str) -> bytes:
        start = self.need(size, what)
        return bytes(self.data[start:start + size])

    # -- the object loop ----------------------------------------------------------

    def read_object(self) -> Any:
        stack: List[_Frame] = []
        while True:
            start = self.pos
            code = self.r_byte("object (EOF where a type code was expected)")
            if len(stack) >= MAX_MARSHAL_STACK_DEPTH:
                raise PycError("bad marshal data at offset %d: nesting deeper than %d"
                               % (self.at(start), MAX_MARSHAL_STACK_DEPTH))
            handler = _HANDLERS.get(code & ~FLAG_REF)
            if self.log is not None:
                path = "".join(frame.label() for frame in stack)
                self.log.append((self.at(start), path, code & ~FLAG_REF, bool(code & FLAG_REF)))
            if handler is None:
                raise PycError("unknown type code %s at offset %d"
                               % (_type_name(code & ~FLAG_REF), self.at(start)))
            value = handler(self, code & FLAG_REF, start)
            if isinstance(value, _Frame):
                if not value.complete():
                    stack.append(value)
                    continue
                value = value.finish(self)
            while True:
                if not stack:
                    if value is _NULL:
                        raise PycError("NULL object in marshal data at offset %d"
                                       % self.at(start))
                    return value
                top = stack[-1]
                top.add(self, value, self.at(start))
                if not top.complete():
                    break
                stack.pop()
                value = top.finish(self)

    def check_hashable(self, value: Any, at: int) -> None:
        if type(value) is tuple and self.sizes.get(id(value), 0) > MAX_HASHED_NODES:
            raise PycError("tuple before offset %d is too large to hash (more than %d "
                           "nodes through shared references)" % (at, MAX_HASHED_NODES))

    def register(self, flag: int, value: Any) -> Any:
        if flag:
            self.refs.append(value)
        return value

    def reserve(self, flag: int) -> int:
        if not flag:
            return -1
        self.refs.append(_RESERVED)
        return len(self.refs) - 1


# -- handlers, one per type code: (reader, flag, offset) -> value or _Frame ------


def _r_constant(value: Any) -> Callable[[_Reader, int, int], Any]:
    # None, True, ... never take a reference slot, even with FLAG_REF set.
    return lambda reader, flag, start: value


def _r_null(reader: _Reader, flag: int, start: int) -> Any:
    return _NULL


def _r_int(reader: _Reader, flag: int, start: int) -> Any:
    return reader.register(flag, reader.r_long("int"))


def _r_int64(reader: _Reader, flag: int, start: int) -> Any:
    return reader.register(flag, int.from_bytes(reader.r_bytes(8, "int64"), "little",
                                                signed=True))


def _r_long(reader: _Reader, flag: int, start: int) -> Any:
    count = reader.r_long("long digit count")
    size = abs(count)
    reader.check_size("long digit count", count, size * 2, start + 1)
    first = reader.need(size * 2, "long digits")
    digits = struct.unpack_from("<%dh" % size, reader.data, first)
    for index, digit in enumerate(digits):
        if not 0 <= digit < PYLONG_MARSHAL_BASE:
            raise PycError("bad marshal data at offset %d: long digit %d out of range"
                           % (reader.at(first + 2 * index), digit))
    value = _from_digits(digits, 0, size)
    if size and digits[-1] == 0:
        raise PycError("bad marshal data at offset %d: unnormalized long (top digit 0)"
                       % reader.at(first + 2 * size - 2))
    return reader.register(flag, -value if count < 0 else value)


def _from_digits(digits: Tuple[int, ...], low: int, high: int) -> int:
    """The int whose base-2**15 digits are ``digits[low:high]``; halves are joined
    so that a long of n digits costs O(n log n), not O(n**2)."""
    if high - low <= 64:
        value = 0
        for digit in reversed(digits[low:high]):
            value = (value << PYLONG_MARSHAL_SHIFT) | digit
        return value
    middle = (low + high) // 2
    return _from_digits(digits, low, middle) | (
        _from_digits(digits, middle, high) << (PYLONG_MARSHAL_SHIFT * (middle - low)))


def _parse_float_text(reader: _Reader, what: str) -> float:
    start = reader.pos
    size = reader.r_byte("%s length" % what)
    text = reader.r_bytes(size, what)
    try:
        decoded = text.decode("ascii")
        # CPython's PyOS_string_to_double takes no underscores and no whitespace.
        if "_" in decoded or decoded != decoded.strip():
            raise ValueError(decoded)
        return float(decoded)
    except ValueError:
        raise PycError("bad marshal data at offset %d: %r is not a float"
                       % (reader.at(start), text)) from None


def _r_float(reader: _Reader, flag: int, start: int) -> Any:
    return reader.register(flag, _parse_float_text(reader, "float"))


def _r_binary_float(reader: _Reader, flag: int, start: int) -> Any:
    first = reader.need(8, "binary float")
    return reader.register(flag, _DOUBLE.unpack_from(reader.data, first)[0])


def _r_complex(reader: _Reader, flag: int, start: int) -> Any:
    real = _parse_float_text(reader, "complex real part")
    imag = _parse_float_text(reader, "complex imaginary part")
    return reader.register(flag, complex(real, imag))


def _r_binary_complex(reader: _Reader, flag: int, start: int) -> Any:
    first = reader.need(16, "binary complex")
    real, imag = struct.unpack_from("<dd", reader.data, first)
    return reader.register(flag, complex(real, imag))


def _r_bytes(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("bytes", 1)
    return reader.register(flag, reader.r_bytes(size, "bytes"))


def _r_unicode(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("str", 1)
    raw = reader.r_bytes(size, "str")
    try:
        text = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as error:
        raise PycError("bad marshal data at offset %d: invalid UTF-8 in str (%s)"
                       % (reader.at(start), error.reason)) from None
    return reader.register(flag, text)


def _r_ascii(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("str", 1)
    # CPython builds a one-byte-kind string from the bytes as they are.
    return reader.register(flag, reader.r_bytes(size, "str").decode("latin-1"))


def _r_short_ascii(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("str", 1, width=1)
    return reader.register(flag, reader.r_bytes(size, "str").decode("latin-1"))


def _r_tuple(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("tuple", 1)
    return _SequenceFrame(start, flag, reader.reserve(flag), TYPE_TUPLE, size, [])


def _r_small_tuple(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("tuple", 1, width=1)
    return _SequenceFrame(start, flag, reader.reserve(flag), TYPE_SMALL_TUPLE, size, [])


def _r_list(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("list", 1)
    items: List[Any] = []
    reader.register(flag, items)
    return _SequenceFrame(start, flag, -1, TYPE_LIST, size, items)


def _r_set(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("set", 1)
    items: set = set()
    reader.register(flag, items)
    return _SequenceFrame(start, flag, -1, TYPE_SET, size, items)


def _r_frozenset(reader: _Reader, flag: int, start: int) -> Any:
    size = reader.r_size("frozenset", 1)
    return _SequenceFrame(start, flag, reader.reserve(flag), TYPE_FROZENSET, size, set(),
                          [] if reader.ordered_frozensets else None)


def _r_dict(reader: _Reader, flag: int, start: int) -> Any:
    items: Dict[Any, Any] = {}
    reader.register(flag, items)
    return _DictFrame(start, flag, -1, items)


def _r_code(reader: _Reader, flag: int, start: int) -> Any:
    frame = _CodeFrame(start, flag, reader.reserve(flag), reader.code_fields)
    frame.read_ints(reader)
    return frame


def _r_ref(reader: _Reader, flag: int, start: int) -> Any:
    index = reader.r_long("reference index")
    if not 0 <= index < len(reader.refs):
        raise PycError("reference %d out of range at offset %d (%d objects flagged so far)"
                       % (index, reader.at(start), len(reader.refs)))
    value = reader.refs[index]
    if value is _RESERVED:
        raise PycError("reference %d at offset %d names an object still being read"
                       % (index, reader.at(start)))
    return value


def _r_unknown(reader: _Reader, flag: int, start: int) -> Any:
    raise PycError("unmarshallable object (TYPE_UNKNOWN) at offset %d" % reader.at(start))


_HANDLERS: Dict[int, Callable[[_Reader, int, int], Any]] = {
    TYPE_NULL: _r_null,
    TYPE_NONE: _r_constant(None),
    TYPE_FALSE: _r_constant(False),
    TYPE_TRUE: _r_constant(True),
    TYPE_STOPITER: _r_constant(StopIteration),
    TYPE_ELLIPSIS: _r_constant(Ellipsis),
    TYPE_INT: _r_int,
    TYPE_INT64: _r_int64,
    TYPE_LONG: _r_long,
    TYPE_FLOAT: _r_float,
    TYPE_BINARY_FLOAT: _r_binary_float,
    TYPE_COMPLEX: _r_complex,
    TYPE_BINARY_COMPLEX: _r_binary_complex,
    TYPE_STRING: _r_bytes,
    TYPE_UNICODE: _r_unicode,
    TYPE_INTERNED: _r_unicode,
    TYPE_ASCII: _r_ascii,
    TYPE_ASCII_INTERNED: _r_ascii,
    TYPE_SHORT_ASCII: _r_short_ascii,
    TYPE_SHORT_ASCII_INTERNED: _r_short_ascii,
    TYPE_TUPLE: _r_tuple,
    TYPE_SMALL_TUPLE: _r_small_tuple,
    TYPE_LIST: _r_list,
    TYPE_SET: _r_set,
    TYPE_FROZENSET: _r_frozenset,
    TYPE_DICT: _r_dict,
    TYPE_CODE: _r_code,
    TYPE_REF: _r_ref,
    TYPE_UNKNOWN: _r_unknown,
}


def loads(data: bytes, target: TargetLike = None, *, base: int = 0,
          ordered_frozensets: bool = False) -> Any:
    """The object marshalled in ``data`` for ``target``; code objects become
    :class:`~minivm.compiler.code.Code`.  Bytes after the object are ignored, as
    ``marshal.loads`` ignores them.  ``base`` is added to offsets in error messages
    (a .pyc reader passes the header size).  With ``ordered_frozensets`` a
    frozenset is an :class:`~minivm.compiler.code.OrderedFrozenset` that iterates
    in the order its items were marshalled (the VM needs CPython's table order;
    the writer takes both, and writes such a set in that order before 3.11).
    Raises ``PycError`` on bad data."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("marshal data must be bytes-like, not %s" % type(data).__name__)
    reader = _Reader(bytes(data), get_target(target), base)
    reader.ordered_frozensets = ordered_frozensets
    return reader.read_object()


def trace(data: bytes, target: TargetLike = None, *,
          base: int = 0) -> List[Tuple[int, str, str, bool]]:
    """Every object of the marshalled ``data`` in stream order, as ``(offset, path,
    type code, flagged)``; ``path`` names the code fields and indexes that lead to
    it.  What the ``pyc`` comparator uses to explain where two streams part.  On
    malformed data, the objects up to the error."""
    reader = _Reader(bytes(data), get_target(target), base)
    reader.log = []
    try:
        reader.read_object()
    except PycError:
        pass
    return [(offset, path, chr(code), flag) for offset, path, code, flag in reader.log]


def describe_offset(data: bytes, offset: int, target: TargetLike = None, *,
                    base: int = 0) -> str:
    """The object of ``data`` that the byte at ``offset`` belongs to, in words.
    ``offset`` counts from the start of the file when ``base`` is the header size."""
    found = None
    for entry in trace(data, target, base=base):
        if entry[0] > offset:
            break
        found = entry
    if found is None:
        return "before the first object"
    at, path, code, flag = found
    return "%s object%s at offset %d (%s)" % (
        _type_name(ord(code)), " with FLAG_REF" if flag else "", at, path or "top")


# =============================================================================
# Writing
# =============================================================================


class _Writer:
    """One ``dumps`` call: output buffer, reference table, the sharing model.

    Items waiting to be written sit on an explicit stack, either raw bytes or
    ``(value, role, owner, depth)``; so nesting is limited by
    ``MAX_MARSHAL_STACK_DEPTH`` as in CPython, never by the host's recursion limit.
    """

    def __init__(self, target: Target, sharing: Any) -> None:
        self.target = target
        self.sharing = sharing
        self.out = bytearray()
        self.refs: Dict[Any, int] = {}
        self.owner: Any = None   # the code object whose field is being written

    def write(self, value: Any, role: str = "top", owner: Any = None,
              force_flag: bool = False) -> bytes:
        stack: List[Any] = [(value, role, owner, 1, force_flag)]
        out = self.out
        while stack:
            item = stack.pop()
            if type(item) is bytes:
                out += item
                continue
            value, role, owner, depth, force = item
            if depth > MAX_MARSHAL_STACK_DEPTH:
                raise ValueError("object too deeply nested to marshal (depth %d)" % depth)
            simple = _SIMPLE_TYPE.get(id(value))
            if simple is not None and _SIMPLE_VALUES[simple] is value:
                out.append(simple)
                continue
            key = self.sharing.key(value, role, owner)
            index = self.refs.get(key)
            if index is not None:
                out.append(TYPE_REF)
                out += _INT32.pack(index)
                continue
            flag = 0
            if force or self.sharing.flagged(key):
                flag = FLAG_REF
                self.refs[key] = len(self.refs)
            handler = _WRITERS.get(type(value))
            if handler is None and isinstance(value, frozenset):
                handler = _w_set  # an OrderedFrozenset from loads(ordered_frozensets=True)
            if handler is None:
                raise ValueError("unmarshallable object of type %s" % type(value).__name__)
            self.owner = owner
            children = handler(self, value, key, flag, role)
            if children:
                inner = value if isinstance(value, Code) else owner
                stack.extend(_child_items(children, inner, depth))
        return bytes(out)

    def set_items(self, value: Any) -> List[Any]:
        """Set items in the order CPython's writer emits them: sorted by their own
        marshalled bytes (3.11+), else the target's hash-table order."""
        if self.target.marshal_sorts_sets:
            keyed = []
            for item in value:
                alone = _Writer(self.target, self.sharing).write(
                    item, "const", None, force_flag=self.target.marshal_set_sort_key_holds_item)
                keyed.append((alone, item))
            keyed.sort(key=lambda pair: pair[0])
            return [item for _, item in keyed]
        order = getattr(value, "order", None)
        if order is not None:
            return list(order)  # read from a .pyc of the target: its table order
        from .setorder import set_order
        return set_order(value, self.target)


def _child_items(children: List[Any], owner: Any, depth: int) -> List[Any]:
    """Stack entries for a container's children, reversed so they pop in order.
    Children are raw bytes or ``(value, role, force_flag)``; ``owner`` is the code
    object whose field (at any depth) they are."""
    items: List[Any] = []
    for child in reversed(children):
        if type(child) is bytes:
            items.append(child)
        else:
            value, child_role, force = child
            items.append((value, child_role, owner, depth + 1, force))
    return items


_SIMPLE_VALUES = {TYPE_NONE: None, TYPE_TRUE: True, TYPE_FALSE: False,
                  TYPE_ELLIPSIS: Ellipsis, TYPE_STOPITER: StopIteration}
_SIMPLE_TYPE = {id(v): k for k, v in _SIMPLE_VALUES.items()}


def _w_int(writer: _Writer, value: int, key: Any, flag: int, role: str) -> Any:
    if -(1 << 31) <= value < (1 << 31):
        writer.out.append(TYPE_INT | flag)
        writer.out += _INT32.pack(value)
        return None
    digits = []
    rest = abs(value)
    while rest:
        digits.append(rest & (PYLONG_MARSHAL_BASE - 1))
        rest >>= PYLONG_MARSHAL_SHIFT
    writer.out.append(TYPE_LONG | flag)
    writer.out += _INT32.pack(-len(digits) if value < 0 else len(digits))
    writer.out += struct.pack("<%dH" % len(digits), *digits)
    return None


def _w_float(writer: _Writer, value: float, key: Any, flag: int, role: str) -> Any:
    writer.out.append(TYPE_BINARY_FLOAT | flag)
    writer.out += _DOUBLE.pack(value)
    return None


def _w_complex(writer: _Writer, value: complex, key: Any, flag: int, role: str) -> Any:
    writer.out.append(TYPE_BINARY_COMPLEX | flag)
    writer.out += struct.pack("<dd", value.real, value.imag)
    return None


def _w_bytes(writer: _Writer, value: bytes, key: Any, flag: int, role: str) -> Any:
    writer.out.append(TYPE_STRING | flag)
    writer.out += _INT32.pack(len(value))
    writer.out += value
    return None


def _w_str(writer: _Writer, value: str, key: Any, flag: int, role: str) -> Any:
    interned = writer.sharing.interned(key)
    out = writer.out
    if value.isascii():
        raw = value.encode("ascii")
        if len(raw) < 256:
            out.append((TYPE_SHORT_ASCII_INTERNED if interned else TYPE_SHORT_ASCII) | flag)
            out.append(len(raw))
        else:
            out.append((TYPE_ASCII_INTERNED if interned else TYPE_ASCII) | flag)
            out += _INT32.pack(len(raw))
        out += raw
        return None
    raw = value.encode("utf-8", "surrogatepass")
    out.append((TYPE_INTERNED if interned else TYPE_UNICODE) | flag)
    out += _INT32.pack(len(raw))
    out += raw
    return None


def _w_tuple(writer: _Writer, value: tuple, key: Any, flag: int, role: str) -> Any:
    if len(value) < 256:
        writer.out.append(TYPE_SMALL_TUPLE | flag)
        writer.out.append(len(value))
    else:
        writer.out.append(TYPE_TUPLE | flag)
        writer.out += _INT32.pack(len(value))
    roles = writer.sharing.tuple_item_roles(value, role, writer.owner)
    return [(item, item_role, False) for item, item_role in zip(value, roles)]



def _w_list(writer: _Writer, value: list, key: Any, flag: int, role: str) -> Any:
    writer.out.append(TYPE_LIST | flag)
    writer.out += _INT32.pack(len(value))
    return [(item, "const", False) for item in value]


def _w_dict(writer: _Writer, value: dict, key: Any, flag: int, role: str) -> Any:
    writer.out.append(TYPE_DICT | flag)
    children: List[Any] = []
    for pair in value.items():
        children.extend((item, "const", False) for item in pair)
    children.append(bytes((TYPE_NULL,)))
    return children


def _w_set(writer: _Writer, value: Any, key: Any, flag: int, role: str) -> Any:
    writer.out.append((TYPE_FROZENSET if isinstance(value, frozenset) else TYPE_SET) | flag)
    writer.out += _INT32.pack(len(value))
    force = writer.target.marshal_holds_set_items
    return [(item, "const", force) for item in writer.set_items(value)]


def _w_code(writer: _Writer, value: Code, key: Any, flag: int, role: str) -> Any:
    writer.out.append(TYPE_CODE | flag)
    children: List[Any] = []
    for name, field in value.stored().items():
        if name in _INT_FIELDS:
            children.append(_INT32.pack(field))
        else:
            children.append((field, name, False))
    return children


_WRITERS: Dict[type, Callable[..., Any]] = {
    int: _w_int, float: _w_float, complex: _w_complex, bytes: _w_bytes, str: _w_str,
    tuple: _w_tuple, list: _w_list, dict: _w_dict, set: _w_set, frozenset: _w_set,
    Code: _w_code,
}


def dumps(value: Any, target: TargetLike = None, *, held: bool = True,
          live_strings: Any = ()) -> bytes:
    """Marshal ``value`` (a :class:`Code` or a plain value) as CPython ``target``
    writes it.  ``held``: the caller keeps a reference to ``value`` (as
    ``py_compile`` and any ``marshal.dumps(x)`` caller do), so it is flagged.
    ``live_strings``: interned strings that other objects of the writing process
    refer to (before 3.11 they decide FLAG_REF on names; from 3.11, in rare cases,
    whether a constant is rebuilt; see :mod:`minivm.pyc.sharing`)."""
    from .sharing import Sharing

    resolved = get_target(target)
    if isinstance(value, Code) and value.target.version != resolved.version:
        raise ValueError("a %s code object cannot be marshalled for %s"
                         % (value.target.name, resolved.name))
    sharing = Sharing(resolved, value, held=held, live_strings=live_strings)
    return _Writer(resolved, sharing).write(value)
