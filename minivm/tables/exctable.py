"""``co_exceptiontable`` (3.11+): the handler of every protected instruction range.

Each entry is four numbers in code units, start, length, target and
``depth << 1 | lasti``, written as big-endian groups of six bits with bit 6 set on
every group but the last and bit 7 marking an entry's first byte
(``Objects/exception_handling_notes.txt``).
"""

from __future__ import annotations

from typing import List, NamedTuple


class ExceptionEntry(NamedTuple):
    """One handler range, in code units: instructions ``start <= i < end`` jump to
    ``target`` with the stack cut to ``depth`` (and the offset pushed if ``lasti``)."""

    start: int
    end: int
    target: int
    depth: int
    lasti: bool


def _item(out: bytearray, value: int, msb: int) -> None:
    for shift in (24, 18, 12, 6):
        if value >= 1 << shift:
            out.append(((value >> shift) & 0x3F) | 64 | msb)
            msb = 0
    out.append((value & 0x3F) | msb)


def encode_entry(out: bytearray, entry: ExceptionEntry) -> None:
    """Append ``entry`` to ``out``."""
    _item(out, entry.start, 128)
    _item(out, entry.end - entry.start, 0)
    _item(out, entry.target, 0)
    _item(out, (entry.depth << 1) | int(entry.lasti), 0)


def encode(entries: List[ExceptionEntry]) -> bytes:
    out = bytearray()
    for entry in entries:
        encode_entry(out, entry)
    return bytes(out)


class ExceptionTableError(ValueError):
    """A ``co_exceptiontable`` that ends inside an entry."""


def decode(table: bytes) -> List[ExceptionEntry]:
    """The entries of ``table``, in code units (as written)."""
    entries = []
    pos = 0
    size = len(table)

    def varint() -> int:
        nonlocal pos
        if pos >= size:
            raise ExceptionTableError("exception table ends inside an entry at byte %d" % pos)
        byte = table[pos]
        pos += 1
        value = byte & 63
        while byte & 64:
            if pos >= size:
                raise ExceptionTableError("exception table ends inside a number at byte %d"
                                          % pos)
            byte = table[pos]
            pos += 1
            value = (value << 6) | (byte & 63)
        return value

    while pos < size:
        start = varint()
        length = varint()
        target = varint()
        depth_lasti = varint()
        entries.append(ExceptionEntry(start, start + length, target, depth_lasti >> 1,
                                      bool(depth_lasti & 1)))
    return entries
