"""The order in which a target before 3.11 iterates a frozenset constant.

Before 3.11 marshal writes a set's items in hash-table order, so a byte-identical
.pyc needs the table CPython built: the items' hashes as the target computes them
under ``PYTHONHASHSEED=0`` (SipHash with a zero key for ``str`` and ``bytes``; the
seed-free numeric hash for numbers; xxHash-style mixing for tuples) and
``Objects/setobject.c``'s open addressing (8 slots to start, linear probing over
9 neighbours, then perturbed jumps; growth to four times the used count when
three fifths are filled).

The compiler builds a frozenset constant more than once (the AST optimizer from
the source order, the constant cache from that set's order, and again when
interning its strings changes one), and each build inserts the previous set's
items in its iteration order.  The source order is not kept in a code object, so
this replays two builds from the order given; a table whose probes collide can
still come out in another order than CPython's.  Items whose hash is their
address in CPython (``None``, ``...``, NaN from 3.10) have no reproducible
order: such a set keeps the order given.
"""

from __future__ import annotations

import math
from typing import Any, List, Optional

from ..versions import NONE_HASH, Target
from ..siphash import ROUNDS, siphash

_MASK64 = (1 << 64) - 1
_MODULUS = (1 << 61) - 1
_XXPRIME_1 = 11400714785074694791
_XXPRIME_2 = 14029467366897019727
_XXPRIME_5 = 2870177450012600261
_LINEAR_PROBES = 9
_PERTURB_SHIFT = 5
_MINSIZE = 8


class Unhashable(Exception):
    """An item whose CPython hash cannot be reproduced."""


def _signed(value: int) -> int:
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def _fix(value: int) -> int:
    return -2 if value == -1 else value


def str_data(text: str) -> bytes:
    """A string's bytes as CPython stores them (1, 2 or 4 bytes per character)."""
    widest = max(map(ord, text), default=0)
    if widest < 0x100:
        return text.encode("latin-1")
    if widest < 0x10000:
        return text.encode("utf-16-le", "surrogatepass")
    return text.encode("utf-32-le", "surrogatepass")


def target_hash(value: Any, target: Target) -> int:
    """``hash(value)`` in the target under ``PYTHONHASHSEED=0``."""
    kind = type(value)
    if kind in (str, bytes):
        data = str_data(value) if kind is str else value
        if not data:
            return 0
        c_rounds, d_rounds = ROUNDS[target.hash_algorithm]
        return _fix(_signed(siphash(0, 0, data, c_rounds, d_rounds)))
    if kind in (int, bool):
        return hash(value)  # the numeric hash has no seed and is the same everywhere
    if kind is float:
        if math.isnan(value):
            if target.version >= (3, 10):
                raise Unhashable("NaN hashes by address from 3.10")
            return 0
        return hash(value)
    if kind is complex:
        if math.isnan(value.real) or math.isnan(value.imag):
            raise Unhashable("complex NaN")
        return hash(value)
    if kind is tuple:
        return _tuple_hash(value, target)
    if value is None and target.runtime("constant_none_hash"):
        return NONE_HASH
    raise Unhashable("no reproducible hash for %s" % kind.__name__)


def _tuple_hash(value: tuple, target: Target) -> int:
    acc = _XXPRIME_5
    for item in value:
        lane = target_hash(item, target) & _MASK64
        acc = (acc + lane * _XXPRIME_2) & _MASK64
        acc = ((acc << 31) | (acc >> 33)) & _MASK64
        acc = (acc * _XXPRIME_1) & _MASK64
    acc = (acc + (len(value) ^ (_XXPRIME_5 ^ 3527539))) & _MASK64
    if acc == _MASK64:
        return 1546275796
    return _signed(acc)


class _Table:
    """A set's hash table, as ``setobject.c`` fills it (no deletions happen here)."""

    def __init__(self) -> None:
        self.slots: List[Optional[tuple]] = [None] * _MINSIZE
        self.used = 0

    def _probe(self, hashed: int, mask: int, slots: List[Optional[tuple]],
               item: Any = None) -> int:
        perturb = hashed & _MASK64
        index = hashed & mask
        while True:
            entry = slots[index]
            if entry is None or (item is not None and entry[0] == hashed
                                 and entry[1] == item):
                return index
            if index + _LINEAR_PROBES <= mask:
                for step in range(1, _LINEAR_PROBES + 1):
                    entry = slots[index + step]
                    if entry is None or (item is not None and entry[0] == hashed
                                         and entry[1] == item):
                        return index + step
            perturb >>= _PERTURB_SHIFT
            index = (index * 5 + 1 + perturb) & mask

    def add(self, item: Any, hashed: int) -> None:
        mask = len(self.slots) - 1
        index = self._probe(hashed, mask, self.slots, item)
        if self.slots[index] is not None:
            return
        self.slots[index] = (hashed, item)
        self.used += 1
        if self.used * 5 >= mask * 3:
            self._resize(self.used * 2 if self.used > 50000 else self.used * 4)

    def _resize(self, minused: int) -> None:
        size = _MINSIZE
        while size <= minused:
            size <<= 1
        old, self.slots = self.slots, [None] * size
        for entry in old:
            if entry is not None:
                self.slots[self._probe(entry[0], size - 1, self.slots)] = entry

    def items(self) -> List[Any]:
        return [entry[1] for entry in self.slots if entry is not None]


def set_order(value: Any, target: Target) -> List[Any]:
    """The items of ``value`` in the order the target's marshal writes them.

    When the host hashes every item as the target does (same algorithm, hash seed
    0), a set the host's compiler made is already in the target's order and is
    kept as it is; otherwise the builds are replayed from the order given."""
    order = list(value)
    try:
        hashes = {id(item): target_hash(item, target) for item in order}
    except Unhashable:
        return order
    if all(hash(item) == hashes[id(item)] for item in order):
        return order
    for _ in range(2):
        order = _inserted(order, [hashes[id(item)] for item in order])
    return order


def table_order(items: Any, target: Target) -> List[Any]:
    """The iteration order of a set the target builds by adding ``items``, in the
    order given, to a fresh table (``PyFrozenSet_New`` under ``PYTHONHASHSEED=0``).
    Items whose CPython hash is their address keep the order given."""
    items = list(items)
    try:
        hashes = [target_hash(item, target) for item in items]
    except Unhashable:
        return items
    return _inserted(items, hashes)


def _inserted(items: List[Any], hashes: List[int]) -> List[Any]:
    table = _Table()
    for item, hashed in zip(items, hashes):
        table.add(item, hashed)
    return table.items()

