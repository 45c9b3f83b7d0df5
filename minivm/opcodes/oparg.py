"""Oparg kinds: what an instruction's argument means, with paired encode and decode.

Every opcode of every version names one kind (``Op.kind``).  A kind is the single
description of an oparg layout that the code generator (``encode``), the assembler
(jump ``encode``), the disassembler (``argrepr``) and the VM (``decode``) all use, so
"the name index sits above a low flag bit" or "a 3.8 jump counts bytes" is written
once.  The kinds also put their opcodes into ``dis``'s groups (``hasconst``,
``hasjrel`` ...): a group is derived from the kinds, never listed by hand, apart
from the quirks a version's own ``opcode`` module has (see ``Spec.group_extra``).

``argrepr`` asks a *view* for what depends on the code object and the ``dis``
version being imitated; the view is the disassembler's formatter and provides
``code`` (the Code), ``target``, ``const_repr(value)``, ``with_null(text, null)``,
``jump_repr(offset)``, ``local_name(index)`` and ``free_name(index)``.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

FUNCTION_FLAG_NAMES = ("defaults", "kwdefaults", "annotations", "closure")
CONVERSIONS = ("", "str", "repr", "ascii")


class OpargKind:
    """The meaning of one family of opargs.  Subclasses override what differs."""

    #: the ``opcode`` module group this kind's opcodes belong to, if any
    group: Optional[str] = None
    #: whether the instruction takes an argument at all (``opcode.hasarg``)
    has_arg = True
    #: whether the argument is a jump target (``Jump`` kinds)
    is_jump = False

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return "<oparg kind %s>" % self.name

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        """The text ``dis`` prints in parentheses after ``arg`` ("" for none); ``offset``
        is the instruction's byte offset, ``nxt`` the offset after its caches."""
        return ""


class _NoArg(OpargKind):
    has_arg = False


class _Int(OpargKind):
    """A plain count or index (``BUILD_TUPLE 3``, ``COPY 2``): no argrepr."""


class _Const(OpargKind):
    group = "hasconst"

    def __init__(self, name: str, shown: bool = True) -> None:
        super().__init__(name)
        #: whether ``dis`` prints the constant
        self.shown = shown

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return view.const_repr(view.code.co_consts[arg]) if self.shown else ""


class _Name(OpargKind):
    """An index into ``co_names``."""

    group = "hasname"

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return view.code.co_names[arg]


class NameFlags(_Name):
    """A ``co_names`` index above ``bits`` low flag bits; the lowest bit, when set, means
    a NULL (or a method's self) is pushed too, shown as ``null`` by ``dis``.
    (``LOAD_GLOBAL`` 3.11+: ``index << 1 | push_null``; ``LOAD_ATTR`` 3.12+:
    ``index << 1 | is_method``; ``LOAD_SUPER_ATTR``: ``index << 2 | two_args << 1 |
    is_method``.)"""

    def __init__(self, name: str, bits: int, null: str) -> None:
        super().__init__(name)
        self.bits = bits
        self.null = null

    def encode(self, index: int, low: int = 0, second: int = 0) -> int:
        return (index << self.bits) | low | (second << 1)

    def decode(self, arg: int) -> Tuple[int, bool]:
        """(name index, low flag)."""
        return arg >> self.bits, bool(arg & 1)

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        text = view.code.co_names[arg >> self.bits]
        return view.with_null(text, self.null) if arg & 1 else text


class _Local(OpargKind):
    group = "haslocal"

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return view.local_name(arg)


class _LocalPair(_Local):
    """Two local indexes of 4 bits each (the 3.13 superinstructions)."""

    def encode(self, first: int, second: int) -> int:
        return (first << 4) | second

    def decode(self, arg: int) -> Tuple[int, int]:
        return arg >> 4, arg & 15

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return view.local_name(arg >> 4) + ", " + view.local_name(arg & 15)


class _Free(OpargKind):
    """A cell or free variable: before 3.11 an index into ``co_cellvars +
    co_freevars``, from 3.11 into the locals-plus names (the view resolves it)."""

    group = "hasfree"

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return view.free_name(arg)


#: For each ``cmp_op`` index (<, <=, ==, !=, >, >=), the outcomes that make it true as
#: 3.12+ store them in COMPARE_OP's low four bits (1 unordered, 2 less, 4 greater,
#: 8 equal), for the specializing interpreter.
COMPARE_MASKS = (2, 10, 8, 7, 4, 12)


class Compare(OpargKind):
    """``COMPARE_OP``: the index into ``cmp_op`` above ``shift`` low bits.  3.8-3.11:
    shift 0; 3.12: 4 (the low bits are COMPARE_MASKS); 3.13: 5, with bit 4 meaning
    the result is converted to bool."""

    group = "hascompare"

    def __init__(self, name: str, shift: int, bool_bit: Optional[int] = None) -> None:
        super().__init__(name)
        self.shift = shift
        self.bool_bit = bool_bit

    def encode(self, index: int, to_bool: bool = False) -> int:
        if not self.shift:
            return index
        arg = (index << self.shift) | COMPARE_MASKS[index]
        if to_bool and self.bool_bit is not None:
            arg |= self.bool_bit
        return arg

    def decode(self, arg: int) -> int:
        """The ``cmp_op`` index."""
        return arg >> self.shift

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        text = view.target.cmp_op[arg >> self.shift]
        if self.bool_bit is not None and arg & self.bool_bit:
            return "bool(%s)" % text
        return text


class _Table(OpargKind):
    """An index into one of the target's name tables (``nb_ops``, ``intrinsic_1`` ...)."""

    def __init__(self, name: str, table: str) -> None:
        super().__init__(name)
        self.table = table

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return getattr(view.target, self.table)[arg]


class _FunctionFlags(OpargKind):
    """``MAKE_FUNCTION`` (to 3.12) and ``SET_FUNCTION_ATTRIBUTE`` (3.13): a bit per
    extra the function takes (FUNCTION_FLAG_NAMES order)."""

    def decode(self, arg: int) -> Tuple[str, ...]:
        return tuple(name for i, name in enumerate(FUNCTION_FLAG_NAMES) if arg & (1 << i))

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return ", ".join(self.decode(arg))


class _FormatValue(OpargKind):
    """``FORMAT_VALUE`` (to 3.12): conversion in the low 2 bits, bit 2 a format spec."""

    def encode(self, conversion: int, with_spec: bool) -> int:
        return conversion | (4 if with_spec else 0)

    def decode(self, arg: int) -> Tuple[int, bool]:
        return arg & 3, bool(arg & 4)

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        text = CONVERSIONS[arg & 3]
        if arg & 4:
            text = (text + ", " if text else "") + "with format"
        return text


class _Conversion(OpargKind):
    """``CONVERT_VALUE`` (3.13): 1 str, 2 repr, 3 ascii."""

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return CONVERSIONS[arg]


class Jump(OpargKind):
    """A jump.  ``unit`` is the size the argument counts in (2: code units, from 3.10;
    1: bytes, 3.8 and 3.9); a relative jump counts from the instruction after the
    jump's inline caches (``nxt``), forward, or backward when ``backward``; an
    absolute jump counts from the start of the code.  ``exc`` marks the 3.12+ block
    pseudo-ops (``hasexc``), whose target is a handler."""

    is_jump = True

    def __init__(self, name: str, *, absolute: bool = False, backward: bool = False,
                 unit: int = 2, exc: bool = False, has_arg: bool = True,
                 shows_target: bool = True) -> None:
        super().__init__(name)
        self.absolute = absolute
        self.backward = backward
        self.unit = unit
        self.has_arg = has_arg
        #: whether ``dis`` prints "(to N)" after the oparg
        self.shows_target = shows_target
        self.group = "hasexc" if exc else ("hasjabs" if absolute else "hasjrel")

    def target(self, arg: int, nxt: int) -> int:
        """The byte offset jumped to, for the jump whose caches end at ``nxt``."""
        if self.absolute:
            return arg * self.unit
        distance = arg * self.unit
        return nxt - distance if self.backward else nxt + distance

    def encode(self, nxt: int, dest: int) -> int:
        """The argument that makes the jump ending at byte ``nxt`` reach byte ``dest``."""
        if self.absolute:
            return dest // self.unit
        return ((nxt - dest) if self.backward else (dest - nxt)) // self.unit

    def argrepr(self, view: Any, arg: int, offset: int, nxt: int) -> str:
        return view.jump_repr(self.target(arg, nxt)) if self.shows_target else ""


NOARG = _NoArg("noarg")
INT = _Int("int")
CONST = _Const("const")
# (3.11's dis prints the constant of LOAD_CONST only, not KW_NAMES's)
CONST_UNSHOWN = _Const("const-unshown", shown=False)
NAME = _Name("name")
GLOBAL_NULL = NameFlags("global+null", 1, "NULL")
ATTR_METHOD = NameFlags("attr+method", 1, "NULL|self")
SUPER_ATTR = NameFlags("super-attr", 2, "NULL|self")
LOCAL = _Local("local")
LOCAL_PAIR = _LocalPair("local-pair")
FREE = _Free("free")
COMPARE = Compare("compare", 0)
COMPARE_312 = Compare("compare<<4", 4)
COMPARE_313 = Compare("compare<<5+bool", 5, bool_bit=16)
BINARY_OP = _Table("binary-op", "nb_ops")
INTRINSIC_1 = _Table("intrinsic-1", "intrinsic_1")
INTRINSIC_2 = _Table("intrinsic-2", "intrinsic_2")
FUNCTION_FLAGS = _FunctionFlags("function-flags")
FORMAT_VALUE = _FormatValue("format-value")
CONVERSION = _Conversion("conversion")

# jumps of 3.8 and 3.9: relative or absolute, counted in bytes
JREL_BYTES = Jump("jrel-bytes", unit=1)
# (3.8 and 3.9's dis prints no target for an absolute jump)
JABS_BYTES = Jump("jabs-bytes", absolute=True, unit=1, shows_target=False)
# 3.10: the same in code units
JREL = Jump("jrel")
JABS = Jump("jabs", absolute=True)
# 3.11 on: every jump relative, backward jumps their own opcodes
JBACKWARD = Jump("jbackward", backward=True)
# 3.12+ block pseudo-ops: hasexc; 3.12 leaves them out of hasarg, 3.13 does not
JEXC = Jump("jexc", exc=True)
JEXC_NOARG = Jump("jexc-noarg", exc=True, has_arg=False)
