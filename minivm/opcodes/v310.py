"""3.10: jumps count code units instead of bytes (same kinds, unit 2); the
pattern-matching opcodes (GET_LEN, MATCH_*, COPY_DICT_WITHOUT_KEYS), ROT_N and
GEN_START; RERAISE takes an oparg.
"""

from __future__ import annotations

from . import v39
from .oparg import INT, JABS, JREL
from .spec import op

SPEC = v39.SPEC.derive(
    (3, 10),
    added=[
        op("GET_LEN", 30, 1),
        op("MATCH_MAPPING", 31, 1),
        op("MATCH_SEQUENCE", 32, 1),
        op("MATCH_KEYS", 33, 2),
        op("COPY_DICT_WITHOUT_KEYS", 34, 0),
        op("ROT_N", 99, 0, INT),
        op("GEN_START", 129, -1, INT),
        op("MATCH_CLASS", 152, -1, INT),
    ],
    changed=[
        op("FOR_ITER", 93, 1, JREL, jump=-1),
        op("JUMP_FORWARD", 110, 0, JREL),
        op("JUMP_IF_FALSE_OR_POP", 111, -1, JABS, jump=0),
        op("JUMP_IF_TRUE_OR_POP", 112, -1, JABS, jump=0),
        op("JUMP_ABSOLUTE", 113, 0, JABS),
        op("POP_JUMP_IF_FALSE", 114, -1, JABS),
        op("POP_JUMP_IF_TRUE", 115, -1, JABS),
        op("RERAISE", 119, -3, INT),
        op("JUMP_IF_NOT_EXC_MATCH", 121, -2, JABS),
        op("SETUP_FINALLY", 122, 0, JREL, jump=6),
        op("SETUP_WITH", 143, 1, JREL, jump=6),
        op("SETUP_ASYNC_WITH", 154, 0, JREL, jump=5),
    ],
)
