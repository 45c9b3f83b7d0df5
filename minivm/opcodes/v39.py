"""3.9: ``finally`` blocks lose their four opcodes to RERAISE and WITH_EXCEPT_START;
IS_OP, CONTAINS_OP and JUMP_IF_NOT_EXC_MATCH leave COMPARE_OP; the BUILD_*_UNPACK
family gives way to LIST_EXTEND, SET_UPDATE, DICT_MERGE and DICT_UPDATE.
"""

from __future__ import annotations

from . import v38
from .oparg import INT, JABS_BYTES
from .spec import op

SPEC = v38.SPEC.derive(
    (3, 9),
    removed="""
        BEGIN_FINALLY WITH_CLEANUP_START WITH_CLEANUP_FINISH END_FINALLY BUILD_LIST_UNPACK
        BUILD_MAP_UNPACK BUILD_MAP_UNPACK_WITH_CALL BUILD_TUPLE_UNPACK BUILD_SET_UNPACK
        BUILD_TUPLE_UNPACK_WITH_CALL CALL_FINALLY POP_FINALLY
    """,
    added=[
        op("RERAISE", 48, -3),
        op("WITH_EXCEPT_START", 49, 1),
        op("LOAD_ASSERTION_ERROR", 74, 1),
        op("LIST_TO_TUPLE", 82, 0),
        op("IS_OP", 117, -1, INT),
        op("CONTAINS_OP", 118, -1, INT),
        op("JUMP_IF_NOT_EXC_MATCH", 121, -2, JABS_BYTES),
        op("LIST_EXTEND", 162, -1, INT),
        op("SET_UPDATE", 163, -1, INT),
        op("DICT_MERGE", 164, -1, INT),
        op("DICT_UPDATE", 165, -1, INT),
    ],
)
