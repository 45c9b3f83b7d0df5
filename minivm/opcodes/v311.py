"""3.11: zero-cost exceptions (no block opcodes: handlers live in the exception
table), inline caches, BINARY_OP for every binary and in-place operator,
PRECALL/CALL/KW_NAMES, COPY/SWAP instead of the DUP/ROT family, every jump
relative with separate forward and backward opcodes, RESUME, cells as locals.
"""

from __future__ import annotations

from . import effects, v310
from .oparg import (
    BINARY_OP, COMPARE, CONST_UNSHOWN, FREE, FUNCTION_FLAGS, GLOBAL_NULL, INT, JBACKWARD,
    JEXC_NOARG, JREL, NAME, NOARG
)
from .spec import op

SPEC = v310.SPEC.derive(
    (3, 11),
    removed="""
        ROT_TWO ROT_THREE DUP_TOP DUP_TOP_TWO ROT_FOUR BINARY_MATRIX_MULTIPLY
        INPLACE_MATRIX_MULTIPLY BINARY_POWER BINARY_MULTIPLY BINARY_MODULO BINARY_ADD
        BINARY_SUBTRACT BINARY_FLOOR_DIVIDE BINARY_TRUE_DIVIDE INPLACE_FLOOR_DIVIDE
        INPLACE_TRUE_DIVIDE COPY_DICT_WITHOUT_KEYS INPLACE_ADD INPLACE_SUBTRACT
        INPLACE_MULTIPLY INPLACE_MODULO BINARY_LSHIFT BINARY_RSHIFT BINARY_AND BINARY_XOR
        BINARY_OR INPLACE_POWER YIELD_FROM INPLACE_LSHIFT INPLACE_RSHIFT INPLACE_AND
        INPLACE_XOR INPLACE_OR POP_BLOCK ROT_N JUMP_ABSOLUTE POP_JUMP_IF_FALSE POP_JUMP_IF_TRUE
        JUMP_IF_NOT_EXC_MATCH SETUP_FINALLY GEN_START CALL_FUNCTION CALL_FUNCTION_KW SETUP_WITH
        SETUP_ASYNC_WITH CALL_METHOD
    """,
    added=[
        op("CACHE", 0, 0),
        op("PUSH_NULL", 2, 1),
        op("PUSH_EXC_INFO", 35, 1),
        op("CHECK_EXC_MATCH", 36, 0),
        op("CHECK_EG_MATCH", 37, 0),
        op("BEFORE_WITH", 53, 1),
        op("RETURN_GENERATOR", 75, 0),
        op("ASYNC_GEN_WRAP", 87, 0),
        op("PREP_RERAISE_STAR", 88, -1),
        op("SWAP", 99, 0, INT),
        op("POP_JUMP_FORWARD_IF_FALSE", 114, -1, JREL),
        op("POP_JUMP_FORWARD_IF_TRUE", 115, -1, JREL),
        op("COPY", 120, 1, INT),
        op("BINARY_OP", 122, -1, BINARY_OP, caches=1),
        op("SEND", 123, 0, JREL, jump=-1),
        op("POP_JUMP_FORWARD_IF_NOT_NONE", 128, -1, JREL),
        op("POP_JUMP_FORWARD_IF_NONE", 129, -1, JREL),
        op("JUMP_BACKWARD_NO_INTERRUPT", 134, 0, JBACKWARD),
        op("MAKE_CELL", 135, 0, FREE),
        op("JUMP_BACKWARD", 140, 0, JBACKWARD),
        op("COPY_FREE_VARS", 149, 0, INT),
        op("RESUME", 151, 0, INT),
        op("PRECALL", 166, effects.pop_n, INT, caches=1),
        op("CALL", 171, -1, INT, caches=4),
        op("KW_NAMES", 172, 0, CONST_UNSHOWN),
        op("POP_JUMP_BACKWARD_IF_NOT_NONE", 173, -1, JBACKWARD),
        op("POP_JUMP_BACKWARD_IF_NONE", 174, -1, JBACKWARD),
        op("POP_JUMP_BACKWARD_IF_FALSE", 175, -1, JBACKWARD),
        op("POP_JUMP_BACKWARD_IF_TRUE", 176, -1, JBACKWARD),
    ],
    changed=[
        op("BINARY_SUBSCR", 25, -1, NOARG, caches=4),
        op("MATCH_KEYS", 33, 1),
        op("END_ASYNC_FOR", 54, -2),
        op("STORE_SUBSCR", 60, -3, NOARG, caches=1),
        op("POP_EXCEPT", 89, -1),
        op("UNPACK_SEQUENCE", 92, effects.push_n_minus_1, INT, caches=1),
        op("STORE_ATTR", 95, -2, NAME, caches=4),
        op("LOAD_ATTR", 106, 0, NAME, caches=4),
        op("COMPARE_OP", 107, -1, COMPARE, caches=2),
        op("JUMP_IF_FALSE_OR_POP", 111, -1, JREL, jump=0),
        op("JUMP_IF_TRUE_OR_POP", 112, -1, JREL, jump=0),
        op("LOAD_GLOBAL", 116, effects.one_plus_low_bit, GLOBAL_NULL, caches=5),
        op("RERAISE", 119, -1, INT),
        op("GET_AWAITABLE", 131, 0, INT),
        op("MAKE_FUNCTION", 132, effects.make_function_311, FUNCTION_FLAGS),
        op("CALL_FUNCTION_EX", 142, effects.call_function_ex_311, INT),
        op("MATCH_CLASS", 152, -2, INT),
        op("LOAD_METHOD", 160, 1, NAME, caches=10),
    ],
    renumber="""
        LOAD_CLOSURE=136 LOAD_DEREF=137 STORE_DEREF=138 DELETE_DEREF=139
    """,
)

#: The block and jump pseudo-instructions, numbered as 3.12's ``opcode`` lists them
#: (3.12 adds them to its spec; 3.11's compiler has them under negative numbers).
PSEUDO_BLOCKS_AND_JUMPS = [
    op("SETUP_FINALLY", 256, 0, JEXC_NOARG, jump=1),
    op("SETUP_CLEANUP", 257, 0, JEXC_NOARG, jump=2),
    op("SETUP_WITH", 258, 0, JEXC_NOARG, jump=1),
    op("POP_BLOCK", 259, 0),
    op("JUMP", 260, 0, JREL),
    op("JUMP_NO_INTERRUPT", 261, 0, JREL),
]

#: 3.11's compiler-only pseudo-instructions (``compile.c``'s negative numbers), which
#: the assembler turns into NOPs, exception-table entries and directed jumps.
COMPILER_SPEC = SPEC.derive(
    (3, 11),
    added=PSEUDO_BLOCKS_AND_JUMPS + [
        op("POP_JUMP_IF_FALSE", 262, -1, JREL),
        op("POP_JUMP_IF_TRUE", 263, -1, JREL),
        op("POP_JUMP_IF_NONE", 264, -1, JREL),
        op("POP_JUMP_IF_NOT_NONE", 265, -1, JREL),
    ],
)
