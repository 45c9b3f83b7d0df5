"""3.12: the compiler-only pseudo-instructions (numbers from 256) and the
instrumented opcodes join ``opcode.opmap``; POP_JUMP_IF_* lose their direction,
PRECALL goes, LOAD_ATTR carries the method bit, COMPARE_OP shifts its argument by
4, CALL_INTRINSIC_1/2 replace several opcodes, LOAD_SUPER_ATTR, RETURN_CONST.
"""

from __future__ import annotations

from . import effects, v311
from .oparg import (
    ATTR_METHOD, COMPARE_312, CONST, FREE, GLOBAL_NULL, INT, INTRINSIC_1, INTRINSIC_2,
    JREL, LOCAL, NAME, NOARG, SUPER_ATTR
)
from .spec import op

SPEC = v311.SPEC.derive(
    (3, 12),
    removed="""
        UNARY_POSITIVE PRINT_EXPR LIST_TO_TUPLE IMPORT_STAR ASYNC_GEN_WRAP PREP_RERAISE_STAR
        JUMP_IF_FALSE_OR_POP JUMP_IF_TRUE_OR_POP POP_JUMP_FORWARD_IF_FALSE
        POP_JUMP_FORWARD_IF_TRUE POP_JUMP_FORWARD_IF_NOT_NONE POP_JUMP_FORWARD_IF_NONE
        LOAD_CLASSDEREF PRECALL POP_JUMP_BACKWARD_IF_NOT_NONE POP_JUMP_BACKWARD_IF_NONE
        POP_JUMP_BACKWARD_IF_FALSE POP_JUMP_BACKWARD_IF_TRUE
    """,
    added=[
        op("INTERPRETER_EXIT", 3, -1),
        op("END_FOR", 4, -2),
        op("END_SEND", 5, -1),
        op("RESERVED", 17, 0),
        op("BINARY_SLICE", 26, -2),
        op("STORE_SLICE", 27, -4),
        op("CLEANUP_THROW", 55, -1),
        op("LOAD_LOCALS", 87, 1),
        op("POP_JUMP_IF_FALSE", 114, -1, JREL),
        op("POP_JUMP_IF_TRUE", 115, -1, JREL),
        op("RETURN_CONST", 121, 0, CONST),
        op("LOAD_FAST_CHECK", 127, 1, LOCAL),
        op("POP_JUMP_IF_NOT_NONE", 128, -1, JREL),
        op("POP_JUMP_IF_NONE", 129, -1, JREL),
        op("LOAD_SUPER_ATTR", 141, effects.super_attr, SUPER_ATTR, caches=1),
        op("LOAD_FAST_AND_CLEAR", 143, 1, LOCAL),
        op("CALL_INTRINSIC_1", 173, 0, INTRINSIC_1),
        op("CALL_INTRINSIC_2", 174, -1, INTRINSIC_2),
        op("LOAD_FROM_DICT_OR_GLOBALS", 175, 0, NAME),
        op("LOAD_FROM_DICT_OR_DEREF", 176, 0, FREE),
        op("INSTRUMENTED_LOAD_SUPER_ATTR", 237, effects.super_attr, INT),
        op("INSTRUMENTED_POP_JUMP_IF_NONE", 238, 0, INT),
        op("INSTRUMENTED_POP_JUMP_IF_NOT_NONE", 239, 0, INT),
        op("INSTRUMENTED_RESUME", 240, 0, INT),
        op("INSTRUMENTED_CALL", 241, 0, INT),
        op("INSTRUMENTED_RETURN_VALUE", 242, -1, INT),
        op("INSTRUMENTED_YIELD_VALUE", 243, 0, INT),
        op("INSTRUMENTED_CALL_FUNCTION_EX", 244, 0, INT),
        op("INSTRUMENTED_JUMP_FORWARD", 245, 0, INT),
        op("INSTRUMENTED_JUMP_BACKWARD", 246, 0, INT),
        op("INSTRUMENTED_RETURN_CONST", 247, 0, INT),
        op("INSTRUMENTED_FOR_ITER", 248, 0, INT),
        op("INSTRUMENTED_POP_JUMP_IF_FALSE", 249, 0, INT),
        op("INSTRUMENTED_POP_JUMP_IF_TRUE", 250, 0, INT),
        op("INSTRUMENTED_END_FOR", 251, -2, INT),
        op("INSTRUMENTED_END_SEND", 252, -1, INT),
        op("INSTRUMENTED_INSTRUCTION", 253, 0, INT),
        op("INSTRUMENTED_LINE", 254, None, INT),
        *v311.PSEUDO_BLOCKS_AND_JUMPS,
        op("LOAD_SUPER_METHOD", 263, -1, NAME),
        op("LOAD_ZERO_SUPER_METHOD", 264, -1, NAME),
        op("LOAD_ZERO_SUPER_ATTR", 265, -1, NAME),
        op("STORE_FAST_MAYBE_NULL", 266, -1, LOCAL),
    ],
    changed=[
        op("BINARY_SUBSCR", 25, -1, NOARG, caches=1),
        op("FOR_ITER", 93, 1, JREL, caches=1),
        op("LOAD_ATTR", 106, effects.low_bit, ATTR_METHOD, caches=9),
        op("COMPARE_OP", 107, -1, COMPARE_312, caches=1),
        op("LOAD_GLOBAL", 116, effects.one_plus_low_bit, GLOBAL_NULL, caches=4),
        op("SEND", 123, 0, JREL, caches=1),
        op("YIELD_VALUE", 150, 0, INT),
        op("CALL", 171, effects.pop_n_plus_1, INT, caches=3),
        op("KW_NAMES", 172, 0, CONST),  # 3.12's dis shows the names
        op("LOAD_METHOD", 262, 1, NAME),
    ],
)
