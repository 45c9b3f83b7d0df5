"""Line and position tables, the three formats CPython has used, each written and
read here:

- ``lnotab`` (3.8, 3.9; ``co_lnotab``): pairs of (byte delta, signed line delta) at
  each line start;
- ``linetable`` (3.10, PEP 626; ``co_linetable``): pairs of (byte length, signed line
  delta) covering every byte, -128 for "no line";
- ``locations`` (3.11+, PEP 657; ``co_linetable``): entries of up to 8 code units with
  line, end line, column and end column, in five forms (``Objects/locations.md``).

``line_ranges(format, ...)`` gives ``co_lines()``'s (start, end, line) byte ranges
for any of them; the compiler uses the writers, ``dis`` and the VM the readers.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

Range = Tuple[int, int, Optional[int]]

# -- varints of the 3.11+ location table -------------------------------------------------


def write_varint(out: bytearray, value: int) -> None:
    """Little-endian groups of six bits, bit 6 set on all but the last."""
    while value >= 64:
        out.append(64 | (value & 63))
        value >>= 6
    out.append(value)


def write_signed_varint(out: bytearray, value: int) -> None:
    write_varint(out, ((-value) << 1) | 1 if value < 0 else value << 1)


def _read_varint(table: bytes, pos: int) -> Tuple[int, int]:
    value = shift = 0
    while True:
        byte = table[pos]
        pos += 1
        value |= (byte & 63) << shift
        shift += 6
        if not byte & 64:
            return value, pos


def _read_signed_varint(table: bytes, pos: int) -> Tuple[int, int]:
    value, pos = _read_varint(table, pos)
    return (-(value >> 1) if value & 1 else value >> 1), pos


# -- locations (3.11+) -------------------------------------------------------------------

# The entry forms, by the code in bits 3-6 of an entry's first byte.
SHORT0, ONE_LINE0, NO_COLUMNS, LONG, NONE = 0, 10, 13, 14, 15


class LocationWriter:
    """Writes the 3.11+ location table.  ``emit(loc, units)`` appends the location of
    ``units`` code units; ``loc`` has ``lineno``, ``end_lineno``, ``col_offset`` and
    ``end_col_offset`` (negative for unknown), as the compiler's ``Location``."""

    def __init__(self, firstlineno: int) -> None:
        self.out = bytearray()
        self.lineno = firstlineno

    def first_byte(self, code: int, length: int) -> None:
        self.out.append(0x80 | (code << 3) | (length - 1))

    def entry(self, loc: Any, size: int) -> None:
        out = self.out
        if loc.lineno < 0:
            self.first_byte(NONE, size)
            return
        line_delta = loc.lineno - self.lineno
        column, end_column = loc.col_offset, loc.end_col_offset
        if column < 0 or end_column < 0:
            if loc.end_lineno == loc.lineno or loc.end_lineno == -1:
                self.first_byte(NO_COLUMNS, size)
                write_signed_varint(out, line_delta)
                self.lineno = loc.lineno
                return
        elif loc.end_lineno == loc.lineno:
            if line_delta == 0 and column < 80 and end_column - column < 16 \
                    and end_column >= column:
                self.first_byte(SHORT0 + (column >> 3), size)
                out.append(((column & 7) << 4) | (end_column - column))
                return
            if 0 <= line_delta < 3 and column < 128 and end_column < 128:
                self.first_byte(ONE_LINE0 + line_delta, size)
                out.append(column)
                out.append(end_column)
                self.lineno = loc.lineno
                return
        self.first_byte(LONG, size)
        write_signed_varint(out, line_delta)
        write_varint(out, loc.end_lineno - loc.lineno)
        write_varint(out, column + 1)
        write_varint(out, end_column + 1)
        self.lineno = loc.lineno

    def emit(self, loc: Any, size: int) -> None:
        if size == 0:
            return
        while size > 8:
            self.entry(loc, 8)
            size -= 8
        self.entry(loc, size)


Position = Tuple[Optional[int], Optional[int], Optional[int], Optional[int]]
_NO_POSITION: Position = (None, None, None, None)


def decode_locations(table: bytes, firstlineno: int) -> List[Tuple[int, Position]]:
    """The entries of a 3.11+ location table: (code units, (line, end line, column,
    end column)), None where the table says unknown."""
    entries: List[Tuple[int, Position]] = []
    line = firstlineno
    pos = 0
    while pos < len(table):
        first = table[pos]
        pos += 1
        code = (first >> 3) & 15
        length = (first & 7) + 1
        if code == NONE:
            loc = _NO_POSITION
        elif code == LONG:
            delta, pos = _read_signed_varint(table, pos)
            line += delta
            end_delta, pos = _read_varint(table, pos)
            col, pos = _read_varint(table, pos)
            end_col, pos = _read_varint(table, pos)
            loc = (line, line + end_delta, col - 1 if col else None,
                   end_col - 1 if end_col else None)
        elif code == NO_COLUMNS:
            delta, pos = _read_signed_varint(table, pos)
            line += delta
            loc = (line, line, None, None)
        elif code >= ONE_LINE0:
            line += code - ONE_LINE0
            loc = (line, line, table[pos], table[pos + 1])
            pos += 2
        else:
            second = table[pos]
            pos += 1
            col = code * 8 + (second >> 4)
            loc = (line, line, col, col + (second & 15))
        entries.append((length, loc))
    return entries


def positions(table: bytes, firstlineno: int, ncodeunits: int) -> List[Position]:
    """``co_positions()``: one (line, end line, column, end column) per code unit."""
    out: List[Position] = []
    for length, loc in decode_locations(table, firstlineno):
        out.extend([loc] * length)
    out.extend([_NO_POSITION] * (ncodeunits - len(out)))
    return out


def _location_ranges(table: bytes, firstlineno: int) -> List[Range]:
    ranges: List[Range] = []
    offset = 0
    for length, loc in decode_locations(table, firstlineno):
        end = offset + 2 * length
        line = loc[0]
        if ranges and ranges[-1][2] == line and ranges[-1][1] == offset:
            ranges[-1] = (ranges[-1][0], end, line)
        else:
            ranges.append((offset, end, line))
        offset = end
    return ranges


# -- linetable (3.10) --------------------------------------------------------------------

_NO_LINE_310 = -128


def encode_linetable_310(runs: List[Tuple[int, Optional[int]]], firstlineno: int) -> bytes:
    """The 3.10 ``co_linetable`` of ``runs``: (bytes, line or None) in code order, one
    per change of line (``assemble_line_range`` in 3.10's compile.c)."""
    out = bytearray()
    previous = firstlineno
    for size, line in runs:
        if size == 0:
            continue
        if line is None:
            delta = _NO_LINE_310
        else:
            delta = line - previous
            previous = line
            while delta > 127:
                out += bytes((0, 127))
                delta -= 127
            while delta < -127:
                out += bytes((0, 256 - 127))
                delta += 127
        while size > 254:
            out += bytes((254, delta & 0xFF))
            delta = _NO_LINE_310 if line is None else 0
            size -= 254
        out += bytes((size, delta & 0xFF))
    return bytes(out)


def _linetable_310_ranges(table: bytes, firstlineno: int) -> List[Range]:
    ranges: List[Range] = []
    line = firstlineno
    end = 0
    for pos in range(0, len(table) - 1, 2):
        start, end = end, end + table[pos]
        delta = table[pos + 1] - 256 if table[pos + 1] >= 128 else table[pos + 1]
        if delta == _NO_LINE_310:
            this: Optional[int] = None
        else:
            line += delta
            this = line
        if start == end:
            continue
        if ranges and ranges[-1][2] == this and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end, this)
        else:
            ranges.append((start, end, this))
    return ranges


# -- lnotab (3.8, 3.9) -------------------------------------------------------------------


def encode_lnotab(starts: List[Tuple[int, int]], firstlineno: int) -> bytes:
    """The ``co_lnotab`` of ``starts``: (byte offset, line) of each line marker in code
    order (``assemble_lnotab`` in 3.8/3.9's compile.c).  3.9 marks each change of line;
    3.8 marks the start of every statement, so a marker may repeat the line, and the
    peephole optimizer's removals can leave markers at one offset."""
    out = bytearray()
    last_offset, last_line = 0, firstlineno
    for offset, line in starts:
        d_line = line - last_line
        d_bytes = offset - last_offset
        while d_bytes > 255:
            out += bytes((255, 0))
            d_bytes -= 255
        if d_line < -128 or d_line > 127:
            step = -128 if d_line < 0 else 127
            count = d_line // step
            d_line -= count * step
            out += bytes((d_bytes, step & 0xFF))
            d_bytes = 0
            for _ in range(count - 1):
                out += bytes((0, step & 0xFF))
        out += bytes((d_bytes, d_line & 0xFF))
        last_offset, last_line = offset, line
    return bytes(out)


def lnotab_events(table: bytes, firstlineno: int) -> List[Tuple[int, int]]:
    """Every line marker a 3.8/3.9 ``co_lnotab`` records, as (byte offset, line), with
    the pairs the writer split long deltas into joined again: the input of
    :func:`encode_lnotab`.  These are more than the line starts: 3.8 marks every
    statement, and the peephole optimizer leaves markers at one offset."""
    events: List[Tuple[int, int]] = []
    offset, line = 0, firstlineno
    step = 0
    for pos in range(0, len(table) - 1, 2):
        byte_delta = table[pos]
        line_delta = table[pos + 1] - 256 if table[pos + 1] >= 0x80 else table[pos + 1]
        offset += byte_delta
        line += line_delta
        if line_delta == 0 and byte_delta == 255:
            continue
        if step and byte_delta == 0 and events:
            # a continuation of the long delta before it, the last one its remainder
            events[-1] = (events[-1][0], line)
            if line_delta != step:
                step = 0
            continue
        events.append((offset, line))
        step = line_delta if line_delta in (127, -128) else 0
    return events


def lnotab_starts(table: bytes, firstlineno: int) -> List[Tuple[int, int]]:
    """``dis.findlinestarts`` of a 3.8/3.9 code object: (byte offset, line)."""
    starts = []
    last = None
    line = firstlineno
    offset = 0
    for pos in range(0, len(table) - 1, 2):
        byte_delta, line_delta = table[pos], table[pos + 1]
        if byte_delta:
            if line != last:
                starts.append((offset, line))
                last = line
            offset += byte_delta
        line += line_delta - 256 if line_delta >= 0x80 else line_delta
    if line != last:
        starts.append((offset, line))
    return starts


def _lnotab_ranges(table: bytes, firstlineno: int, code_size: int) -> List[Range]:
    starts = lnotab_starts(table, firstlineno)
    ends = [offset for offset, _ in starts[1:]] + [code_size]
    return [(offset, end, line) for (offset, line), end in zip(starts, ends) if end > offset]


# -- any format --------------------------------------------------------------------------


def line_ranges(fmt: str, table: bytes, firstlineno: int, code_size: int) -> List[Range]:
    """``co_lines()``-style (start, end, line) byte ranges, neighbours of one line
    merged, for a table of format ``fmt`` ("lnotab", "linetable" or "locations",
    ``Target.line_table_format``) over ``code_size`` bytes of code."""
    if fmt == "locations":
        return _location_ranges(table, firstlineno)
    if fmt == "linetable":
        return _linetable_310_ranges(table, firstlineno)
    if fmt == "lnotab":
        return _lnotab_ranges(table, firstlineno, code_size)
    raise ValueError("unknown line table format %r" % (fmt,))
