"""The peephole optimizer of 3.8 and 3.9 (``Python/peephole.c``, ``PyCode_Optimize``).

Before 3.10 the optimizer runs on the assembled bytes, not on a flow graph: it
rewrites code units in place, fills what it removes with NOPs, then squeezes the
NOPs out, moving jump targets and line markers with a map from old to new unit.
Everything stays within a "basic block" of its own making (``markblocks``: a new
block at every jump target), and it leaves the code unchanged when the line table
holds a byte delta of 255 (an instruction gap it could not renumber simply) or
when a squeezed jump would need more EXTENDED_ARGs than it had.

The units are kept as two lists (opcode numbers and argument bytes), so each step
reads as the C does.  Version differences are data on :class:`Peephole`:
3.8 has CALL_FINALLY (a relative jump) and stops removing dead code at
END_FINALLY; 3.9 has JUMP_IF_NOT_EXC_MATCH (absolute) and keeps RERAISE.
"""

from __future__ import annotations

from typing import Any, List, Sequence, Tuple

from ..tables.linetable import encode_lnotab

Markers = List[Tuple[int, int]]

_UNCONDITIONAL = ("JUMP_ABSOLUTE", "JUMP_FORWARD")
_CONDITIONAL = ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "JUMP_IF_FALSE_OR_POP",
                "JUMP_IF_TRUE_OR_POP")
_ON_TRUE = ("POP_JUMP_IF_TRUE", "JUMP_IF_TRUE_OR_POP")
_ABSOLUTE = ("JUMP_ABSOLUTE",) + _CONDITIONAL
_RELATIVE = ("FOR_ITER", "JUMP_FORWARD", "SETUP_FINALLY", "SETUP_WITH", "SETUP_ASYNC_WITH")


def instrsize(oparg: int) -> int:
    """Code units an instruction with ``oparg`` takes, EXTENDED_ARGs included."""
    return 1 if oparg <= 0xFF else 2 if oparg <= 0xFFFF else 3 if oparg <= 0xFFFFFF else 4


class Peephole:
    """``PyCode_Optimize`` for one target; :meth:`optimize` is the entry point."""

    def __init__(self, target: Any) -> None:
        opmap = target.opmap
        self.target = target
        self.op = {name: opmap[name] for name in opmap}
        self.ext = opmap["EXTENDED_ARG"]
        self.nop = opmap["NOP"]
        absolute = _ABSOLUTE
        relative = _RELATIVE
        if "JUMP_IF_NOT_EXC_MATCH" in opmap:
            absolute = absolute + ("JUMP_IF_NOT_EXC_MATCH",)
        if "CALL_FINALLY" in opmap:
            relative = relative + ("CALL_FINALLY",)
        self.absolute = frozenset(opmap[n] for n in absolute)
        self.relative = frozenset(opmap[n] for n in relative)
        self.labels = self.absolute | self.relative
        self.unconditional = frozenset(opmap[n] for n in _UNCONDITIONAL)
        self.conditional = frozenset(opmap[n] for n in _CONDITIONAL)
        self.on_true = frozenset(opmap[n] for n in _ON_TRUE)
        # after a RETURN_VALUE, dead code is removed up to (not including) these
        self.keep_after_return = frozenset(opmap[n] for n in ("SETUP_FINALLY", "RERAISE")
                                           if n in opmap)
        self.end_finally = opmap.get("END_FINALLY", -1)

    # -- helpers on the unit arrays (``find_op``, ``get_arg``, ...) --

    def find_op(self, i: int) -> int:
        ops = self.ops
        while i < len(ops) and ops[i] == self.ext:
            i += 1
        return i

    def get_arg(self, i: int) -> int:
        ops, args = self.ops, self.args
        oparg = args[i]
        for k in (1, 2, 3):
            if i >= k and ops[i - k] == self.ext:
                oparg |= args[i - k] << (8 * k)
            else:
                break
        return oparg

    def fill_nops(self, start: int, end: int) -> None:
        for k in range(start, end):
            self.ops[k] = self.nop
            self.args[k] = self.nop  # memset: both bytes

    def write_op_arg(self, at: int, op: int, oparg: int, ilen: int) -> None:
        for k in range(ilen - 1):
            self.ops[at + k] = self.ext
            self.args[at + k] = (oparg >> (8 * (ilen - 1 - k))) & 0xFF
        self.ops[at + ilen - 1] = op
        self.args[at + ilen - 1] = oparg & 0xFF

    def set_arg(self, i: int, oparg: int) -> int:
        current = self.get_arg(i)
        if current == oparg:
            return i
        curilen, newilen = instrsize(current), instrsize(oparg)
        if curilen < newilen:
            return -1
        self.write_op_arg(i + 1 - curilen, self.ops[i], oparg, newilen)
        self.fill_nops(i + 1 - curilen + newilen, i + 1)
        return i - curilen + newilen

    def copy_op_arg(self, i: int, op: int, oparg: int, maxi: int) -> int:
        ilen = instrsize(oparg)
        if i + ilen > maxi:
            return -1
        self.write_op_arg(maxi - ilen, op, oparg, ilen)
        self.fill_nops(i, maxi - ilen)
        return maxi - 1

    def jump_target(self, i: int) -> int:
        """``GETJUMPTGT``: the unit index jumped to."""
        target = self.get_arg(i) // 2
        return target if self.ops[i] in self.absolute else target + i + 1

    def lastn_const_start(self, i: int, n: int) -> int:
        load_const = self.op["LOAD_CONST"]
        while True:
            i -= 1
            if self.ops[i] == load_const:
                n -= 1
                if not n:
                    while i > 0 and self.ops[i - 1] == self.ext:
                        i -= 1
                    return i

    def markblocks(self) -> List[int]:
        count = len(self.ops)
        blocks = [0] * count
        for i in range(count):
            if self.ops[i] in self.labels:
                blocks[self.jump_target(i)] = 1
        total = 0
        for i in range(count):
            total += blocks[i]
            blocks[i] = total
        return blocks

    def fold_tuple_on_constants(self, c_start: int, opcode_end: int, consts: List[Any],
                                n: int) -> None:
        items = []
        pos = c_start
        for _ in range(n):
            pos = self.find_op(pos)
            items.append(consts[self.get_arg(pos)])
            pos += 1
        consts.append(tuple(items))
        self.copy_op_arg(c_start, self.op["LOAD_CONST"], len(consts) - 1, opcode_end)

    # -- PyCode_Optimize --

    def optimize(self, code: bytes, consts: List[Any], markers: Markers,
                 firstlineno: int) -> Tuple[bytes, Markers]:
        """The optimized ``code`` and its line ``markers`` (byte offset, line); the
        folded tuples are appended to ``consts``.  Unchanged if the line table has a
        byte delta of 255 or the squeezed code would not fit."""
        table = encode_lnotab(markers, firstlineno)
        if any(table[k] == 255 for k in range(0, len(table), 2)):
            return code, markers
        self.ops = list(code[0::2])
        self.args = list(code[1::2])
        blocks = self.markblocks()
        self.rewrite(consts, blocks)
        return self.squeeze(code, markers, blocks)

    def rewrite(self, consts: List[Any], blocks: List[int]) -> None:
        ops = self.ops
        op = self.op
        codelen = len(ops)
        cumlc = lastlc = 0
        i = self.find_op(0)
        while i < codelen:
            opcode = ops[i]
            op_start = i
            while op_start >= 1 and ops[op_start - 1] == self.ext:
                op_start -= 1
            nexti = i + 1
            while nexti < codelen and ops[nexti] == self.ext:
                nexti += 1
            nextop = ops[nexti] if nexti < codelen else 0
            lastlc, cumlc = cumlc, 0
            if opcode == op["LOAD_CONST"]:
                cumlc = lastlc + 1
                if nextop == op["POP_JUMP_IF_FALSE"] and blocks[op_start] == blocks[i + 1] \
                        and consts[self.get_arg(i)]:
                    self.fill_nops(op_start, nexti + 1)
                    cumlc = 0
            elif opcode == op["BUILD_TUPLE"]:
                self.build_tuple(i, op_start, nexti, nextop, lastlc, consts, blocks)
            elif opcode in self.conditional or opcode in self.unconditional:
                again = self.jump(i, op_start, opcode)
                if again is not None:
                    i = again
                    continue
            elif opcode == op["RETURN_VALUE"]:
                h = i + 1
                while h < codelen and blocks[i] == blocks[h] and ops[h] != self.end_finally:
                    if ops[h] in self.keep_after_return:
                        while h > i + 1 and ops[h - 1] == self.ext:
                            h -= 1
                        break
                    h += 1
                if h > i + 1:
                    self.fill_nops(i + 1, h)
                    nexti = self.find_op(h)
            i = nexti

    def build_tuple(self, i: int, op_start: int, nexti: int, nextop: int, lastlc: int,
                    consts: List[Any], blocks: List[int]) -> None:
        """Fold a tuple of constants; BUILD_TUPLE n + UNPACK_SEQUENCE n (n <= 3)
        becomes rotations."""
        j = self.get_arg(i)
        if 0 < j <= lastlc:
            h = self.lastn_const_start(op_start, j)
            if blocks[h] == blocks[op_start]:
                self.fold_tuple_on_constants(h, i + 1, consts, j)
                return
        if nextop != self.op["UNPACK_SEQUENCE"] or blocks[op_start] != blocks[i + 1] \
                or j != self.get_arg(nexti):
            return
        if j < 2:
            self.fill_nops(op_start, nexti + 1)
        elif j == 2:
            self.ops[op_start], self.args[op_start] = self.op["ROT_TWO"], 0
            self.fill_nops(op_start + 1, nexti + 1)
        elif j == 3:
            self.ops[op_start], self.args[op_start] = self.op["ROT_THREE"], 0
            self.ops[op_start + 1], self.args[op_start + 1] = self.op["ROT_TWO"], 0
            self.fill_nops(op_start + 2, nexti + 1)

    def jump(self, i: int, op_start: int, opcode: int):
        """Conditional jumps to conditional jumps, jumps to unconditional jumps and
        to returns.  Returns the index to look at again, or None."""
        ops = self.ops
        if opcode in (self.op["JUMP_IF_FALSE_OR_POP"], self.op["JUMP_IF_TRUE_OR_POP"]):
            tgt = self.find_op(self.get_arg(i) // 2)
            j = ops[tgt]
            if j in self.conditional:
                if (j in self.on_true) == (opcode in self.on_true):
                    h = self.set_arg(i, self.get_arg(tgt))
                else:
                    h = self.set_arg(i, (tgt + 1) * 2)
                    j = self.op["POP_JUMP_IF_TRUE"] if opcode == self.op["JUMP_IF_TRUE_OR_POP"] \
                        else self.op["POP_JUMP_IF_FALSE"]
                if h >= 0:
                    ops[h] = j
                    return h
        tgt = self.find_op(self.jump_target(i))
        if opcode in self.unconditional and ops[tgt] == self.op["RETURN_VALUE"]:
            ops[op_start], self.args[op_start] = self.op["RETURN_VALUE"], 0
            self.fill_nops(op_start + 1, i + 1)
        elif ops[tgt] in self.unconditional:
            arg = self.jump_target(tgt)
            if opcode == self.op["JUMP_FORWARD"]:
                opcode = self.op["JUMP_ABSOLUTE"]
            elif opcode not in self.absolute:
                if arg < i + 1:
                    return None
                arg -= i + 1
            self.copy_op_arg(op_start, opcode, arg * 2, i + 1)
        return None

    def squeeze(self, code: bytes, markers: Markers,
                blocks: List[int]) -> Tuple[bytes, Markers]:
        """Remove the NOPs: renumber line markers and jump arguments."""
        ops, args = self.ops, self.args
        codelen = len(ops)
        nops = 0
        for i in range(codelen):
            blocks[i] = i - nops
            if ops[i] == self.nop:
                nops += 1
        moved = [(blocks[offset // 2] * 2 if offset // 2 < codelen else offset - 2 * nops,
                  line) for offset, line in markers]
        out_ops: List[int] = []
        out_args: List[int] = []
        i = 0
        while i < codelen:
            op_start = i
            j = args[i]
            while ops[i] == self.ext:
                i += 1
                j = (j << 8) | args[i]
            opcode = ops[i]
            if opcode == self.nop:
                i += 1
                continue
            if opcode in self.absolute:
                j = blocks[j // 2] * 2
            elif opcode in self.relative:
                j = (blocks[j // 2 + i + 1] - blocks[i] - 1) * 2
            ilen = i - op_start + 1
            if instrsize(j) > ilen:
                return code, markers
            for k in range(ilen - 1):
                out_ops.append(self.ext)
                out_args.append((j >> (8 * (ilen - 1 - k))) & 0xFF)
            out_ops.append(opcode)
            out_args.append(j & 0xFF)
            i += 1
        out = bytearray(2 * len(out_ops))
        out[0::2] = bytes(out_ops)
        out[1::2] = bytes(out_args)
        return bytes(out), moved


def optimize(target: Any, code: bytes, consts: List[Any], markers: Sequence[Tuple[int, int]],
             firstlineno: int) -> Tuple[bytes, Markers]:
    """``PyCode_Optimize`` of ``target`` (3.8 or 3.9) on assembled ``code``."""
    return Peephole(target).optimize(code, consts, list(markers), firstlineno)
