"""Everything that differs between the six target versions, held as data.

The rest of minivm never asks ``sys.version_info``: it asks a :class:`Target`
(``target.has_exception_table``, ``target.opmap["LOAD_FAST"]``,
``target.cache_entries.get("LOAD_ATTR", 0)``).  The tables below are minivm's own;
``tests/test_versions.py`` checks every one of them against the ``opcode``,
``dis`` and ``importlib`` modules of each real interpreter, so a wrong entry is
caught by the oracle rather than trusted.

Opcode tables are written as ``NAME=number`` text, one block per version, because
that is how a reader compares them with CPython's ``Lib/opcode.py`` by eye.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Dict, FrozenSet, Mapping, Tuple, Union

Version = Tuple[int, int]

SUPPORTED_TARGETS: Tuple[Version, ...] = ((3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13))


class UnknownTargetError(ValueError):
    """A target version outside :data:`SUPPORTED_TARGETS`, or one that cannot be parsed."""


_OPCODES: Dict[Version, str] = {}
_CACHES: Dict[Version, Dict[str, int]] = {}
_GROUPS: Dict[Version, Dict[str, str]] = {}

_OPCODES[(3, 8)] = """
    POP_TOP=1 ROT_TWO=2 ROT_THREE=3 DUP_TOP=4 DUP_TOP_TWO=5 ROT_FOUR=6 NOP=9
    UNARY_POSITIVE=10 UNARY_NEGATIVE=11 UNARY_NOT=12 UNARY_INVERT=15
    BINARY_MATRIX_MULTIPLY=16 INPLACE_MATRIX_MULTIPLY=17 BINARY_POWER=19 BINARY_MULTIPLY=20
    BINARY_MODULO=22 BINARY_ADD=23 BINARY_SUBTRACT=24 BINARY_SUBSCR=25
    BINARY_FLOOR_DIVIDE=26 BINARY_TRUE_DIVIDE=27 INPLACE_FLOOR_DIVIDE=28
    INPLACE_TRUE_DIVIDE=29 GET_AITER=50 GET_ANEXT=51 BEFORE_ASYNC_WITH=52 BEGIN_FINALLY=53
    END_ASYNC_FOR=54 INPLACE_ADD=55 INPLACE_SUBTRACT=56 INPLACE_MULTIPLY=57
    INPLACE_MODULO=59 STORE_SUBSCR=60 DELETE_SUBSCR=61 BINARY_LSHIFT=62 BINARY_RSHIFT=63
    BINARY_AND=64 BINARY_XOR=65 BINARY_OR=66 INPLACE_POWER=67 GET_ITER=68
    GET_YIELD_FROM_ITER=69 PRINT_EXPR=70 LOAD_BUILD_CLASS=71 YIELD_FROM=72 GET_AWAITABLE=73
    INPLACE_LSHIFT=75 INPLACE_RSHIFT=76 INPLACE_AND=77 INPLACE_XOR=78 INPLACE_OR=79
    WITH_CLEANUP_START=81 WITH_CLEANUP_FINISH=82 RETURN_VALUE=83 IMPORT_STAR=84
    SETUP_ANNOTATIONS=85 YIELD_VALUE=86 POP_BLOCK=87 END_FINALLY=88 POP_EXCEPT=89
    STORE_NAME=90 DELETE_NAME=91 UNPACK_SEQUENCE=92 FOR_ITER=93 UNPACK_EX=94 STORE_ATTR=95
    DELETE_ATTR=96 STORE_GLOBAL=97 DELETE_GLOBAL=98 LOAD_CONST=100 LOAD_NAME=101
    BUILD_TUPLE=102 BUILD_LIST=103 BUILD_SET=104 BUILD_MAP=105 LOAD_ATTR=106 COMPARE_OP=107
    IMPORT_NAME=108 IMPORT_FROM=109 JUMP_FORWARD=110 JUMP_IF_FALSE_OR_POP=111
    JUMP_IF_TRUE_OR_POP=112 JUMP_ABSOLUTE=113 POP_JUMP_IF_FALSE=114 POP_JUMP_IF_TRUE=115
    LOAD_GLOBAL=116 SETUP_FINALLY=122 LOAD_FAST=124 STORE_FAST=125 DELETE_FAST=126
    RAISE_VARARGS=130 CALL_FUNCTION=131 MAKE_FUNCTION=132 BUILD_SLICE=133 LOAD_CLOSURE=135
    LOAD_DEREF=136 STORE_DEREF=137 DELETE_DEREF=138 CALL_FUNCTION_KW=141
    CALL_FUNCTION_EX=142 SETUP_WITH=143 EXTENDED_ARG=144 LIST_APPEND=145 SET_ADD=146
    MAP_ADD=147 LOAD_CLASSDEREF=148 BUILD_LIST_UNPACK=149 BUILD_MAP_UNPACK=150
    BUILD_MAP_UNPACK_WITH_CALL=151 BUILD_TUPLE_UNPACK=152 BUILD_SET_UNPACK=153
    SETUP_ASYNC_WITH=154 FORMAT_VALUE=155 BUILD_CONST_KEY_MAP=156 BUILD_STRING=157
    BUILD_TUPLE_UNPACK_WITH_CALL=158 LOAD_METHOD=160 CALL_METHOD=161 CALL_FINALLY=162
    POP_FINALLY=163
"""

_GROUPS[(3, 8)] = {
    'hasconst': 'LOAD_CONST',
    'hasname': ('DELETE_ATTR DELETE_GLOBAL DELETE_NAME IMPORT_FROM IMPORT_NAME LOAD_ATTR '
                'LOAD_GLOBAL LOAD_METHOD LOAD_NAME STORE_ATTR STORE_GLOBAL STORE_NAME'),
    'hasjrel': 'CALL_FINALLY FOR_ITER JUMP_FORWARD SETUP_ASYNC_WITH SETUP_FINALLY SETUP_WITH',
    'hasjabs': ('JUMP_ABSOLUTE JUMP_IF_FALSE_OR_POP JUMP_IF_TRUE_OR_POP POP_JUMP_IF_FALSE '
                'POP_JUMP_IF_TRUE'),
    'haslocal': 'DELETE_FAST LOAD_FAST STORE_FAST',
    'hascompare': 'COMPARE_OP',
    'hasfree': 'DELETE_DEREF LOAD_CLASSDEREF LOAD_CLOSURE LOAD_DEREF STORE_DEREF',
}

_OPCODES[(3, 9)] = """
    POP_TOP=1 ROT_TWO=2 ROT_THREE=3 DUP_TOP=4 DUP_TOP_TWO=5 ROT_FOUR=6 NOP=9
    UNARY_POSITIVE=10 UNARY_NEGATIVE=11 UNARY_NOT=12 UNARY_INVERT=15
    BINARY_MATRIX_MULTIPLY=16 INPLACE_MATRIX_MULTIPLY=17 BINARY_POWER=19 BINARY_MULTIPLY=20
    BINARY_MODULO=22 BINARY_ADD=23 BINARY_SUBTRACT=24 BINARY_SUBSCR=25
    BINARY_FLOOR_DIVIDE=26 BINARY_TRUE_DIVIDE=27 INPLACE_FLOOR_DIVIDE=28
    INPLACE_TRUE_DIVIDE=29 RERAISE=48 WITH_EXCEPT_START=49 GET_AITER=50 GET_ANEXT=51
    BEFORE_ASYNC_WITH=52 END_ASYNC_FOR=54 INPLACE_ADD=55 INPLACE_SUBTRACT=56
    INPLACE_MULTIPLY=57 INPLACE_MODULO=59 STORE_SUBSCR=60 DELETE_SUBSCR=61 BINARY_LSHIFT=62
    BINARY_RSHIFT=63 BINARY_AND=64 BINARY_XOR=65 BINARY_OR=66 INPLACE_POWER=67 GET_ITER=68
    GET_YIELD_FROM_ITER=69 PRINT_EXPR=70 LOAD_BUILD_CLASS=71 YIELD_FROM=72 GET_AWAITABLE=73
    LOAD_ASSERTION_ERROR=74 INPLACE_LSHIFT=75 INPLACE_RSHIFT=76 INPLACE_AND=77
    INPLACE_XOR=78 INPLACE_OR=79 LIST_TO_TUPLE=82 RETURN_VALUE=83 IMPORT_STAR=84
    SETUP_ANNOTATIONS=85 YIELD_VALUE=86 POP_BLOCK=87 POP_EXCEPT=89 STORE_NAME=90
    DELETE_NAME=91 UNPACK_SEQUENCE=92 FOR_ITER=93 UNPACK_EX=94 STORE_ATTR=95 DELETE_ATTR=96
    STORE_GLOBAL=97 DELETE_GLOBAL=98 LOAD_CONST=100 LOAD_NAME=101 BUILD_TUPLE=102
    BUILD_LIST=103 BUILD_SET=104 BUILD_MAP=105 LOAD_ATTR=106 COMPARE_OP=107 IMPORT_NAME=108
    IMPORT_FROM=109 JUMP_FORWARD=110 JUMP_IF_FALSE_OR_POP=111 JUMP_IF_TRUE_OR_POP=112
    JUMP_ABSOLUTE=113 POP_JUMP_IF_FALSE=114 POP_JUMP_IF_TRUE=115 LOAD_GLOBAL=116 IS_OP=117
    CONTAINS_OP=118 JUMP_IF_NOT_EXC_MATCH=121 SETUP_FINALLY=122 LOAD_FAST=124 STORE_FAST=125
    DELETE_FAST=126 RAISE_VARARGS=130 CALL_FUNCTION=131 MAKE_FUNCTION=132 BUILD_SLICE=133
    LOAD_CLOSURE=135 LOAD_DEREF=136 STORE_DEREF=137 DELETE_DEREF=138 CALL_FUNCTION_KW=141
    CALL_FUNCTION_EX=142 SETUP_WITH=143 EXTENDED_ARG=144 LIST_APPEND=145 SET_ADD=146
    MAP_ADD=147 LOAD_CLASSDEREF=148 SETUP_ASYNC_WITH=154 FORMAT_VALUE=155
    BUILD_CONST_KEY_MAP=156 BUILD_STRING=157 LOAD_METHOD=160 CALL_METHOD=161 LIST_EXTEND=162
    SET_UPDATE=163 DICT_MERGE=164 DICT_UPDATE=165
"""

_GROUPS[(3, 9)] = {
    'hasconst': 'LOAD_CONST',
    'hasname': ('DELETE_ATTR DELETE_GLOBAL DELETE_NAME IMPORT_FROM IMPORT_NAME LOAD_ATTR '
                'LOAD_GLOBAL LOAD_METHOD LOAD_NAME STORE_ATTR STORE_GLOBAL STORE_NAME'),
    'hasjrel': 'FOR_ITER JUMP_FORWARD SETUP_ASYNC_WITH SETUP_FINALLY SETUP_WITH',
    'hasjabs': ('JUMP_ABSOLUTE JUMP_IF_FALSE_OR_POP JUMP_IF_NOT_EXC_MATCH JUMP_IF_TRUE_OR_POP '
                'POP_JUMP_IF_FALSE POP_JUMP_IF_TRUE'),
    'haslocal': 'DELETE_FAST LOAD_FAST STORE_FAST',
    'hascompare': 'COMPARE_OP',
    'hasfree': 'DELETE_DEREF LOAD_CLASSDEREF LOAD_CLOSURE LOAD_DEREF STORE_DEREF',
}

_OPCODES[(3, 10)] = """
    POP_TOP=1 ROT_TWO=2 ROT_THREE=3 DUP_TOP=4 DUP_TOP_TWO=5 ROT_FOUR=6 NOP=9
    UNARY_POSITIVE=10 UNARY_NEGATIVE=11 UNARY_NOT=12 UNARY_INVERT=15
    BINARY_MATRIX_MULTIPLY=16 INPLACE_MATRIX_MULTIPLY=17 BINARY_POWER=19 BINARY_MULTIPLY=20
    BINARY_MODULO=22 BINARY_ADD=23 BINARY_SUBTRACT=24 BINARY_SUBSCR=25
    BINARY_FLOOR_DIVIDE=26 BINARY_TRUE_DIVIDE=27 INPLACE_FLOOR_DIVIDE=28
    INPLACE_TRUE_DIVIDE=29 GET_LEN=30 MATCH_MAPPING=31 MATCH_SEQUENCE=32 MATCH_KEYS=33
    COPY_DICT_WITHOUT_KEYS=34 WITH_EXCEPT_START=49 GET_AITER=50 GET_ANEXT=51
    BEFORE_ASYNC_WITH=52 END_ASYNC_FOR=54 INPLACE_ADD=55 INPLACE_SUBTRACT=56
    INPLACE_MULTIPLY=57 INPLACE_MODULO=59 STORE_SUBSCR=60 DELETE_SUBSCR=61 BINARY_LSHIFT=62
    BINARY_RSHIFT=63 BINARY_AND=64 BINARY_XOR=65 BINARY_OR=66 INPLACE_POWER=67 GET_ITER=68
    GET_YIELD_FROM_ITER=69 PRINT_EXPR=70 LOAD_BUILD_CLASS=71 YIELD_FROM=72 GET_AWAITABLE=73
    LOAD_ASSERTION_ERROR=74 INPLACE_LSHIFT=75 INPLACE_RSHIFT=76 INPLACE_AND=77
    INPLACE_XOR=78 INPLACE_OR=79 LIST_TO_TUPLE=82 RETURN_VALUE=83 IMPORT_STAR=84
    SETUP_ANNOTATIONS=85 YIELD_VALUE=86 POP_BLOCK=87 POP_EXCEPT=89 STORE_NAME=90
    DELETE_NAME=91 UNPACK_SEQUENCE=92 FOR_ITER=93 UNPACK_EX=94 STORE_ATTR=95 DELETE_ATTR=96
    STORE_GLOBAL=97 DELETE_GLOBAL=98 ROT_N=99 LOAD_CONST=100 LOAD_NAME=101 BUILD_TUPLE=102
    BUILD_LIST=103 BUILD_SET=104 BUILD_MAP=105 LOAD_ATTR=106 COMPARE_OP=107 IMPORT_NAME=108
    IMPORT_FROM=109 JUMP_FORWARD=110 JUMP_IF_FALSE_OR_POP=111 JUMP_IF_TRUE_OR_POP=112
    JUMP_ABSOLUTE=113 POP_JUMP_IF_FALSE=114 POP_JUMP_IF_TRUE=115 LOAD_GLOBAL=116 IS_OP=117
    CONTAINS_OP=118 RERAISE=119 JUMP_IF_NOT_EXC_MATCH=121 SETUP_FINALLY=122 LOAD_FAST=124
    STORE_FAST=125 DELETE_FAST=126 GEN_START=129 RAISE_VARARGS=130 CALL_FUNCTION=131
    MAKE_FUNCTION=132 BUILD_SLICE=133 LOAD_CLOSURE=135 LOAD_DEREF=136 STORE_DEREF=137
    DELETE_DEREF=138 CALL_FUNCTION_KW=141 CALL_FUNCTION_EX=142 SETUP_WITH=143
    EXTENDED_ARG=144 LIST_APPEND=145 SET_ADD=146 MAP_ADD=147 LOAD_CLASSDEREF=148
    MATCH_CLASS=152 SETUP_ASYNC_WITH=154 FORMAT_VALUE=155 BUILD_CONST_KEY_MAP=156
    BUILD_STRING=157 LOAD_METHOD=160 CALL_METHOD=161 LIST_EXTEND=162 SET_UPDATE=163
    DICT_MERGE=164 DICT_UPDATE=165
"""

_GROUPS[(3, 10)] = {
    'hasconst': 'LOAD_CONST',
    'hasname': ('DELETE_ATTR DELETE_GLOBAL DELETE_NAME IMPORT_FROM IMPORT_NAME LOAD_ATTR '
                'LOAD_GLOBAL LOAD_METHOD LOAD_NAME STORE_ATTR STORE_GLOBAL STORE_NAME'),
    'hasjrel': 'FOR_ITER JUMP_FORWARD SETUP_ASYNC_WITH SETUP_FINALLY SETUP_WITH',
    'hasjabs': ('JUMP_ABSOLUTE JUMP_IF_FALSE_OR_POP JUMP_IF_NOT_EXC_MATCH JUMP_IF_TRUE_OR_POP '
                'POP_JUMP_IF_FALSE POP_JUMP_IF_TRUE'),
    'haslocal': 'DELETE_FAST LOAD_FAST STORE_FAST',
    'hascompare': 'COMPARE_OP',
    'hasfree': 'DELETE_DEREF LOAD_CLASSDEREF LOAD_CLOSURE LOAD_DEREF STORE_DEREF',
}

_OPCODES[(3, 11)] = """
    CACHE=0 POP_TOP=1 PUSH_NULL=2 NOP=9 UNARY_POSITIVE=10 UNARY_NEGATIVE=11 UNARY_NOT=12
    UNARY_INVERT=15 BINARY_SUBSCR=25 GET_LEN=30 MATCH_MAPPING=31 MATCH_SEQUENCE=32
    MATCH_KEYS=33 PUSH_EXC_INFO=35 CHECK_EXC_MATCH=36 CHECK_EG_MATCH=37 WITH_EXCEPT_START=49
    GET_AITER=50 GET_ANEXT=51 BEFORE_ASYNC_WITH=52 BEFORE_WITH=53 END_ASYNC_FOR=54
    STORE_SUBSCR=60 DELETE_SUBSCR=61 GET_ITER=68 GET_YIELD_FROM_ITER=69 PRINT_EXPR=70
    LOAD_BUILD_CLASS=71 LOAD_ASSERTION_ERROR=74 RETURN_GENERATOR=75 LIST_TO_TUPLE=82
    RETURN_VALUE=83 IMPORT_STAR=84 SETUP_ANNOTATIONS=85 YIELD_VALUE=86 ASYNC_GEN_WRAP=87
    PREP_RERAISE_STAR=88 POP_EXCEPT=89 STORE_NAME=90 DELETE_NAME=91 UNPACK_SEQUENCE=92
    FOR_ITER=93 UNPACK_EX=94 STORE_ATTR=95 DELETE_ATTR=96 STORE_GLOBAL=97 DELETE_GLOBAL=98
    SWAP=99 LOAD_CONST=100 LOAD_NAME=101 BUILD_TUPLE=102 BUILD_LIST=103 BUILD_SET=104
    BUILD_MAP=105 LOAD_ATTR=106 COMPARE_OP=107 IMPORT_NAME=108 IMPORT_FROM=109
    JUMP_FORWARD=110 JUMP_IF_FALSE_OR_POP=111 JUMP_IF_TRUE_OR_POP=112
    POP_JUMP_FORWARD_IF_FALSE=114 POP_JUMP_FORWARD_IF_TRUE=115 LOAD_GLOBAL=116 IS_OP=117
    CONTAINS_OP=118 RERAISE=119 COPY=120 BINARY_OP=122 SEND=123 LOAD_FAST=124 STORE_FAST=125
    DELETE_FAST=126 POP_JUMP_FORWARD_IF_NOT_NONE=128 POP_JUMP_FORWARD_IF_NONE=129
    RAISE_VARARGS=130 GET_AWAITABLE=131 MAKE_FUNCTION=132 BUILD_SLICE=133
    JUMP_BACKWARD_NO_INTERRUPT=134 MAKE_CELL=135 LOAD_CLOSURE=136 LOAD_DEREF=137
    STORE_DEREF=138 DELETE_DEREF=139 JUMP_BACKWARD=140 CALL_FUNCTION_EX=142 EXTENDED_ARG=144
    LIST_APPEND=145 SET_ADD=146 MAP_ADD=147 LOAD_CLASSDEREF=148 COPY_FREE_VARS=149
    RESUME=151 MATCH_CLASS=152 FORMAT_VALUE=155 BUILD_CONST_KEY_MAP=156 BUILD_STRING=157
    LOAD_METHOD=160 LIST_EXTEND=162 SET_UPDATE=163 DICT_MERGE=164 DICT_UPDATE=165
    PRECALL=166 CALL=171 KW_NAMES=172 POP_JUMP_BACKWARD_IF_NOT_NONE=173
    POP_JUMP_BACKWARD_IF_NONE=174 POP_JUMP_BACKWARD_IF_FALSE=175
    POP_JUMP_BACKWARD_IF_TRUE=176
"""

_CACHES[(3, 11)] = {
    'BINARY_OP': 1, 'BINARY_SUBSCR': 4, 'CALL': 4, 'COMPARE_OP': 2, 'LOAD_ATTR': 4,
    'LOAD_GLOBAL': 5, 'LOAD_METHOD': 10, 'PRECALL': 1, 'STORE_ATTR': 4, 'STORE_SUBSCR': 1,
    'UNPACK_SEQUENCE': 1,
}

_GROUPS[(3, 11)] = {
    'hasconst': 'KW_NAMES LOAD_CONST',
    'hasname': ('DELETE_ATTR DELETE_GLOBAL DELETE_NAME IMPORT_FROM IMPORT_NAME LOAD_ATTR '
                'LOAD_GLOBAL LOAD_METHOD LOAD_NAME STORE_ATTR STORE_GLOBAL STORE_NAME'),
    'hasjrel': ('FOR_ITER JUMP_BACKWARD JUMP_BACKWARD_NO_INTERRUPT JUMP_FORWARD '
                'JUMP_IF_FALSE_OR_POP JUMP_IF_TRUE_OR_POP POP_JUMP_BACKWARD_IF_FALSE '
                'POP_JUMP_BACKWARD_IF_NONE POP_JUMP_BACKWARD_IF_NOT_NONE POP_JUMP_BACKWARD_IF_TRUE '
                'POP_JUMP_FORWARD_IF_FALSE POP_JUMP_FORWARD_IF_NONE POP_JUMP_FORWARD_IF_NOT_NONE '
                'POP_JUMP_FORWARD_IF_TRUE SEND'),
    'haslocal': 'DELETE_FAST LOAD_FAST STORE_FAST',
    'hascompare': 'COMPARE_OP',
    'hasfree': 'DELETE_DEREF LOAD_CLASSDEREF LOAD_CLOSURE LOAD_DEREF MAKE_CELL STORE_DEREF',
}

_OPCODES[(3, 12)] = """
    CACHE=0 POP_TOP=1 PUSH_NULL=2 INTERPRETER_EXIT=3 END_FOR=4 END_SEND=5 NOP=9
    UNARY_NEGATIVE=11 UNARY_NOT=12 UNARY_INVERT=15 RESERVED=17 BINARY_SUBSCR=25
    BINARY_SLICE=26 STORE_SLICE=27 GET_LEN=30 MATCH_MAPPING=31 MATCH_SEQUENCE=32
    MATCH_KEYS=33 PUSH_EXC_INFO=35 CHECK_EXC_MATCH=36 CHECK_EG_MATCH=37 WITH_EXCEPT_START=49
    GET_AITER=50 GET_ANEXT=51 BEFORE_ASYNC_WITH=52 BEFORE_WITH=53 END_ASYNC_FOR=54
    CLEANUP_THROW=55 STORE_SUBSCR=60 DELETE_SUBSCR=61 GET_ITER=68 GET_YIELD_FROM_ITER=69
    LOAD_BUILD_CLASS=71 LOAD_ASSERTION_ERROR=74 RETURN_GENERATOR=75 RETURN_VALUE=83
    SETUP_ANNOTATIONS=85 LOAD_LOCALS=87 POP_EXCEPT=89 STORE_NAME=90 DELETE_NAME=91
    UNPACK_SEQUENCE=92 FOR_ITER=93 UNPACK_EX=94 STORE_ATTR=95 DELETE_ATTR=96 STORE_GLOBAL=97
    DELETE_GLOBAL=98 SWAP=99 LOAD_CONST=100 LOAD_NAME=101 BUILD_TUPLE=102 BUILD_LIST=103
    BUILD_SET=104 BUILD_MAP=105 LOAD_ATTR=106 COMPARE_OP=107 IMPORT_NAME=108 IMPORT_FROM=109
    JUMP_FORWARD=110 POP_JUMP_IF_FALSE=114 POP_JUMP_IF_TRUE=115 LOAD_GLOBAL=116 IS_OP=117
    CONTAINS_OP=118 RERAISE=119 COPY=120 RETURN_CONST=121 BINARY_OP=122 SEND=123
    LOAD_FAST=124 STORE_FAST=125 DELETE_FAST=126 LOAD_FAST_CHECK=127
    POP_JUMP_IF_NOT_NONE=128 POP_JUMP_IF_NONE=129 RAISE_VARARGS=130 GET_AWAITABLE=131
    MAKE_FUNCTION=132 BUILD_SLICE=133 JUMP_BACKWARD_NO_INTERRUPT=134 MAKE_CELL=135
    LOAD_CLOSURE=136 LOAD_DEREF=137 STORE_DEREF=138 DELETE_DEREF=139 JUMP_BACKWARD=140
    LOAD_SUPER_ATTR=141 CALL_FUNCTION_EX=142 LOAD_FAST_AND_CLEAR=143 EXTENDED_ARG=144
    LIST_APPEND=145 SET_ADD=146 MAP_ADD=147 COPY_FREE_VARS=149 YIELD_VALUE=150 RESUME=151
    MATCH_CLASS=152 FORMAT_VALUE=155 BUILD_CONST_KEY_MAP=156 BUILD_STRING=157
    LIST_EXTEND=162 SET_UPDATE=163 DICT_MERGE=164 DICT_UPDATE=165 CALL=171 KW_NAMES=172
    CALL_INTRINSIC_1=173 CALL_INTRINSIC_2=174 LOAD_FROM_DICT_OR_GLOBALS=175
    LOAD_FROM_DICT_OR_DEREF=176 INSTRUMENTED_LOAD_SUPER_ATTR=237
    INSTRUMENTED_POP_JUMP_IF_NONE=238 INSTRUMENTED_POP_JUMP_IF_NOT_NONE=239
    INSTRUMENTED_RESUME=240 INSTRUMENTED_CALL=241 INSTRUMENTED_RETURN_VALUE=242
    INSTRUMENTED_YIELD_VALUE=243 INSTRUMENTED_CALL_FUNCTION_EX=244
    INSTRUMENTED_JUMP_FORWARD=245 INSTRUMENTED_JUMP_BACKWARD=246
    INSTRUMENTED_RETURN_CONST=247 INSTRUMENTED_FOR_ITER=248
    INSTRUMENTED_POP_JUMP_IF_FALSE=249 INSTRUMENTED_POP_JUMP_IF_TRUE=250
    INSTRUMENTED_END_FOR=251 INSTRUMENTED_END_SEND=252 INSTRUMENTED_INSTRUCTION=253
    INSTRUMENTED_LINE=254 SETUP_FINALLY=256 SETUP_CLEANUP=257 SETUP_WITH=258 POP_BLOCK=259
    JUMP=260 JUMP_NO_INTERRUPT=261 LOAD_METHOD=262 LOAD_SUPER_METHOD=263
    LOAD_ZERO_SUPER_METHOD=264 LOAD_ZERO_SUPER_ATTR=265 STORE_FAST_MAYBE_NULL=266
"""

_CACHES[(3, 12)] = {
    'BINARY_OP': 1, 'BINARY_SUBSCR': 1, 'CALL': 3, 'COMPARE_OP': 1, 'FOR_ITER': 1, 'LOAD_ATTR': 9,
    'LOAD_GLOBAL': 4, 'LOAD_SUPER_ATTR': 1, 'SEND': 1, 'STORE_ATTR': 4, 'STORE_SUBSCR': 1,
    'UNPACK_SEQUENCE': 1,
}

_GROUPS[(3, 12)] = {
    'hasconst': 'KW_NAMES LOAD_CONST RETURN_CONST',
    'hasname': ('DELETE_ATTR DELETE_GLOBAL DELETE_NAME IMPORT_FROM IMPORT_NAME LOAD_ATTR '
                'LOAD_FROM_DICT_OR_GLOBALS LOAD_GLOBAL LOAD_METHOD LOAD_NAME LOAD_SUPER_ATTR '
                'LOAD_SUPER_METHOD LOAD_ZERO_SUPER_ATTR LOAD_ZERO_SUPER_METHOD STORE_ATTR '
                'STORE_GLOBAL STORE_NAME'),
    'hasjrel': ('FOR_ITER JUMP JUMP_BACKWARD JUMP_BACKWARD_NO_INTERRUPT JUMP_FORWARD '
                'JUMP_NO_INTERRUPT POP_JUMP_IF_FALSE POP_JUMP_IF_NONE POP_JUMP_IF_NOT_NONE '
                'POP_JUMP_IF_TRUE SEND'),
    'haslocal': ('DELETE_FAST LOAD_FAST LOAD_FAST_AND_CLEAR LOAD_FAST_CHECK STORE_FAST '
                 'STORE_FAST_MAYBE_NULL'),
    'hascompare': 'COMPARE_OP',
    'hasfree': 'DELETE_DEREF LOAD_CLOSURE LOAD_DEREF LOAD_FROM_DICT_OR_DEREF MAKE_CELL STORE_DEREF',
    'hasexc': 'SETUP_CLEANUP SETUP_FINALLY SETUP_WITH',
}

_OPCODES[(3, 13)] = """
    CACHE=0 BEFORE_ASYNC_WITH=1 BEFORE_WITH=2 BINARY_SLICE=4 BINARY_SUBSCR=5
    CHECK_EG_MATCH=6 CHECK_EXC_MATCH=7 CLEANUP_THROW=8 DELETE_SUBSCR=9 END_ASYNC_FOR=10
    END_FOR=11 END_SEND=12 EXIT_INIT_CHECK=13 FORMAT_SIMPLE=14 FORMAT_WITH_SPEC=15
    GET_AITER=16 RESERVED=17 GET_ANEXT=18 GET_ITER=19 GET_LEN=20 GET_YIELD_FROM_ITER=21
    INTERPRETER_EXIT=22 LOAD_ASSERTION_ERROR=23 LOAD_BUILD_CLASS=24 LOAD_LOCALS=25
    MAKE_FUNCTION=26 MATCH_KEYS=27 MATCH_MAPPING=28 MATCH_SEQUENCE=29 NOP=30 POP_EXCEPT=31
    POP_TOP=32 PUSH_EXC_INFO=33 PUSH_NULL=34 RETURN_GENERATOR=35 RETURN_VALUE=36
    SETUP_ANNOTATIONS=37 STORE_SLICE=38 STORE_SUBSCR=39 TO_BOOL=40 UNARY_INVERT=41
    UNARY_NEGATIVE=42 UNARY_NOT=43 WITH_EXCEPT_START=44 BINARY_OP=45 BUILD_CONST_KEY_MAP=46
    BUILD_LIST=47 BUILD_MAP=48 BUILD_SET=49 BUILD_SLICE=50 BUILD_STRING=51 BUILD_TUPLE=52
    CALL=53 CALL_FUNCTION_EX=54 CALL_INTRINSIC_1=55 CALL_INTRINSIC_2=56 CALL_KW=57
    COMPARE_OP=58 CONTAINS_OP=59 CONVERT_VALUE=60 COPY=61 COPY_FREE_VARS=62 DELETE_ATTR=63
    DELETE_DEREF=64 DELETE_FAST=65 DELETE_GLOBAL=66 DELETE_NAME=67 DICT_MERGE=68
    DICT_UPDATE=69 ENTER_EXECUTOR=70 EXTENDED_ARG=71 FOR_ITER=72 GET_AWAITABLE=73
    IMPORT_FROM=74 IMPORT_NAME=75 IS_OP=76 JUMP_BACKWARD=77 JUMP_BACKWARD_NO_INTERRUPT=78
    JUMP_FORWARD=79 LIST_APPEND=80 LIST_EXTEND=81 LOAD_ATTR=82 LOAD_CONST=83 LOAD_DEREF=84
    LOAD_FAST=85 LOAD_FAST_AND_CLEAR=86 LOAD_FAST_CHECK=87 LOAD_FAST_LOAD_FAST=88
    LOAD_FROM_DICT_OR_DEREF=89 LOAD_FROM_DICT_OR_GLOBALS=90 LOAD_GLOBAL=91 LOAD_NAME=92
    LOAD_SUPER_ATTR=93 MAKE_CELL=94 MAP_ADD=95 MATCH_CLASS=96 POP_JUMP_IF_FALSE=97
    POP_JUMP_IF_NONE=98 POP_JUMP_IF_NOT_NONE=99 POP_JUMP_IF_TRUE=100 RAISE_VARARGS=101
    RERAISE=102 RETURN_CONST=103 SEND=104 SET_ADD=105 SET_FUNCTION_ATTRIBUTE=106
    SET_UPDATE=107 STORE_ATTR=108 STORE_DEREF=109 STORE_FAST=110 STORE_FAST_LOAD_FAST=111
    STORE_FAST_STORE_FAST=112 STORE_GLOBAL=113 STORE_NAME=114 SWAP=115 UNPACK_EX=116
    UNPACK_SEQUENCE=117 YIELD_VALUE=118 RESUME=149 INSTRUMENTED_RESUME=236
    INSTRUMENTED_END_FOR=237 INSTRUMENTED_END_SEND=238 INSTRUMENTED_RETURN_VALUE=239
    INSTRUMENTED_RETURN_CONST=240 INSTRUMENTED_YIELD_VALUE=241
    INSTRUMENTED_LOAD_SUPER_ATTR=242 INSTRUMENTED_FOR_ITER=243 INSTRUMENTED_CALL=244
    INSTRUMENTED_CALL_KW=245 INSTRUMENTED_CALL_FUNCTION_EX=246 INSTRUMENTED_INSTRUCTION=247
    INSTRUMENTED_JUMP_FORWARD=248 INSTRUMENTED_JUMP_BACKWARD=249
    INSTRUMENTED_POP_JUMP_IF_TRUE=250 INSTRUMENTED_POP_JUMP_IF_FALSE=251
    INSTRUMENTED_POP_JUMP_IF_NONE=252 INSTRUMENTED_POP_JUMP_IF_NOT_NONE=253
    INSTRUMENTED_LINE=254 JUMP=256 JUMP_NO_INTERRUPT=257 LOAD_CLOSURE=258 LOAD_METHOD=259
    LOAD_SUPER_METHOD=260 LOAD_ZERO_SUPER_ATTR=261 LOAD_ZERO_SUPER_METHOD=262 POP_BLOCK=263
    SETUP_CLEANUP=264 SETUP_FINALLY=265 SETUP_WITH=266 STORE_FAST_MAYBE_NULL=267
"""

_CACHES[(3, 13)] = {
    'BINARY_OP': 1, 'BINARY_SUBSCR': 1, 'CALL': 3, 'COMPARE_OP': 1, 'CONTAINS_OP': 1, 'FOR_ITER': 1,
    'JUMP_BACKWARD': 1, 'LOAD_ATTR': 9, 'LOAD_GLOBAL': 4, 'LOAD_SUPER_ATTR': 1,
    'POP_JUMP_IF_FALSE': 1, 'POP_JUMP_IF_NONE': 1, 'POP_JUMP_IF_NOT_NONE': 1, 'POP_JUMP_IF_TRUE': 1,
    'SEND': 1, 'STORE_ATTR': 4, 'STORE_SUBSCR': 1, 'TO_BOOL': 3, 'UNPACK_SEQUENCE': 1,
}

# 3.13 keeps 3.12's hasname, hasjrel, hascompare and hasexc.
_GROUPS[(3, 13)] = dict(_GROUPS[(3, 12)], **{
    'hasconst': 'INSTRUMENTED_RETURN_CONST LOAD_CONST RETURN_CONST',
    'haslocal': ('DELETE_FAST LOAD_CLOSURE LOAD_FAST LOAD_FAST_AND_CLEAR LOAD_FAST_CHECK '
                 'LOAD_FAST_LOAD_FAST STORE_FAST STORE_FAST_LOAD_FAST STORE_FAST_MAYBE_NULL '
                 'STORE_FAST_STORE_FAST'),
    'hasfree': 'DELETE_DEREF LOAD_DEREF LOAD_FROM_DICT_OR_DEREF MAKE_CELL STORE_DEREF',
})


# Opcodes numbered at or above HAVE_ARGUMENT that nevertheless take no argument
# (``opcode.hasarg`` leaves them out): the 3.12 block pseudo-ops, and in 3.13 the ones
# whose metadata says so (WITH_EXCEPT_START sits exactly on HAVE_ARGUMENT there).
_NO_ARG: Dict[Version, str] = {
    (3, 12): "POP_BLOCK SETUP_CLEANUP SETUP_FINALLY SETUP_WITH",
    (3, 13): "INSTRUMENTED_CALL_FUNCTION_EX INSTRUMENTED_END_FOR INSTRUMENTED_END_SEND "
             "INSTRUMENTED_INSTRUCTION INSTRUMENTED_LINE INSTRUMENTED_RETURN_VALUE POP_BLOCK "
             "WITH_EXCEPT_START",
}

# Binary-operator argument names (``BINARY_OP`` oparg order) from 3.11 on.
_NB_OPS_311 = (
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
)
_INTRINSIC_1_312 = (
    "INTRINSIC_1_INVALID", "INTRINSIC_PRINT", "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR", "INTRINSIC_ASYNC_GEN_WRAP", "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE", "INTRINSIC_TYPEVAR", "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE", "INTRINSIC_SUBSCRIPT_GENERIC", "INTRINSIC_TYPEALIAS",
)
_INTRINSIC_2_312 = (
    "INTRINSIC_2_INVALID", "INTRINSIC_PREP_RERAISE_STAR", "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS", "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
)
_CMP_OP_38 = ("<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not",
              "exception match", "BAD")
_CMP_OP_39 = ("<", "<=", "==", "!=", ">", ">=")

# Code-object fields in the order marshal writes them (Python/marshal.c, w_object).
_CODE_FIELDS_38 = (
    "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize",
    "co_flags", "co_code", "co_consts", "co_names", "co_varnames", "co_freevars",
    "co_cellvars", "co_filename", "co_name", "co_firstlineno", "co_lnotab",
)
_CODE_FIELDS_310 = _CODE_FIELDS_38[:-1] + ("co_linetable",)
_CODE_FIELDS_311 = (
    "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_stacksize", "co_flags",
    "co_code", "co_consts", "co_names", "co_localsplusnames", "co_localspluskinds",
    "co_filename", "co_name", "co_qualname", "co_firstlineno", "co_linetable",
    "co_exceptiontable",
)

# Code flags (Include/cpython/code.h); the same values on every target.
CO_FLAGS: Mapping[str, int] = {
    "OPTIMIZED": 0x1, "NEWLOCALS": 0x2, "VARARGS": 0x4, "VARKEYWORDS": 0x8,
    "NESTED": 0x10, "GENERATOR": 0x20, "NOFREE": 0x40, "COROUTINE": 0x80,
    "ITERABLE_COROUTINE": 0x100, "ASYNC_GENERATOR": 0x200,
}

# Locals-plus kinds (Include/internal/pycore_code.h), 3.11 on; HIDDEN from 3.12.
CO_FAST_HIDDEN = 0x10
CO_FAST_LOCAL = 0x20
CO_FAST_CELL = 0x40
CO_FAST_FREE = 0x80


# -- front end (tokenizer and parser) ---------------------------------------

# ``token.tok_name`` of each version, as NAME=number text: the numbers a target's
# ``tokenize`` module gives its tokens.  3.10 added SOFT_KEYWORD; 3.12 added
# EXCLAMATION and the f-string tokens and moved COMMENT/NL after them; 3.13
# dropped ASYNC and AWAIT.
_TOKENS_38 = """
    ENDMARKER=0 NAME=1 NUMBER=2 STRING=3 NEWLINE=4 INDENT=5 DEDENT=6 LPAR=7 RPAR=8 LSQB=9
    RSQB=10 COLON=11 COMMA=12 SEMI=13 PLUS=14 MINUS=15 STAR=16 SLASH=17 VBAR=18 AMPER=19
    LESS=20 GREATER=21 EQUAL=22 DOT=23 PERCENT=24 LBRACE=25 RBRACE=26 EQEQUAL=27 NOTEQUAL=28
    LESSEQUAL=29 GREATEREQUAL=30 TILDE=31 CIRCUMFLEX=32 LEFTSHIFT=33 RIGHTSHIFT=34
    DOUBLESTAR=35 PLUSEQUAL=36 MINEQUAL=37 STAREQUAL=38 SLASHEQUAL=39 PERCENTEQUAL=40
    AMPEREQUAL=41 VBAREQUAL=42 CIRCUMFLEXEQUAL=43 LEFTSHIFTEQUAL=44 RIGHTSHIFTEQUAL=45
    DOUBLESTAREQUAL=46 DOUBLESLASH=47 DOUBLESLASHEQUAL=48 AT=49 ATEQUAL=50 RARROW=51
    ELLIPSIS=52 COLONEQUAL=53"""
_TOKEN_NAMES: Dict[Version, str] = {
    (3, 8): _TOKENS_38 + """ OP=54 AWAIT=55 ASYNC=56 TYPE_IGNORE=57 TYPE_COMMENT=58
        ERRORTOKEN=59 COMMENT=60 NL=61 ENCODING=62 N_TOKENS=63""",
    (3, 10): _TOKENS_38 + """ OP=54 AWAIT=55 ASYNC=56 TYPE_IGNORE=57 TYPE_COMMENT=58
        SOFT_KEYWORD=59 ERRORTOKEN=60 COMMENT=61 NL=62 ENCODING=63 N_TOKENS=64""",
    (3, 12): _TOKENS_38 + """ EXCLAMATION=54 OP=55 AWAIT=56 ASYNC=57 TYPE_IGNORE=58
        TYPE_COMMENT=59 SOFT_KEYWORD=60 FSTRING_START=61 FSTRING_MIDDLE=62 FSTRING_END=63
        COMMENT=64 NL=65 ERRORTOKEN=66 ENCODING=67 N_TOKENS=68""",
    (3, 13): _TOKENS_38 + """ EXCLAMATION=54 OP=55 TYPE_IGNORE=56 TYPE_COMMENT=57
        SOFT_KEYWORD=58 FSTRING_START=59 FSTRING_MIDDLE=60 FSTRING_END=61 COMMENT=62 NL=63
        ERRORTOKEN=64 ENCODING=65 N_TOKENS=66""",
}
_TOKEN_NAMES[(3, 9)] = _TOKEN_NAMES[(3, 8)]
_TOKEN_NAMES[(3, 11)] = _TOKEN_NAMES[(3, 10)]

# Front-end features, each with the first version that has it.  The parser and
# the tokenizers ask ``target.frontend("match_statement")``; a name missing here
# is a bug, so the lookup raises KeyError.
FRONTEND_SINCE: Mapping[str, Version] = {
    # the PEG parser and its error messages replaced the LL(1) parser (PEP 617)
    "peg_parser": (3, 9),
    # relaxed decorator expressions (PEP 614)
    "any_decorator": (3, 9),
    # ``with (a as b, c as d):``
    "parenthesized_with": (3, 9),
    # subscripts are bare expressions: no ``ast.Index``/``ast.ExtSlice`` wrappers
    "bare_subscripts": (3, 9),
    # ``match`` statement (PEP 634), soft keywords
    "match_statement": (3, 10),
    # specialised messages of 3.10 ("'(' was never closed", "expected ':'", ...)
    "error_messages_310": (3, 10),
    # the messages 3.11 added or changed (parameters, "expected 'else'", ...)
    "error_messages_311": (3, 11),
    # "non-default argument follows default argument" at the parameter, and a
    # def's bare '*' error at the star (3.11's locations, in 3.10.13 too)
    "parameter_error_locations": (3, 10),
    # ``def`` must be followed by '(' (&&'(' in the grammar: "expected '('"), 3.11, 3.12
    "def_paren_forced": (3, 11),
    # the forced '(' and ':' of ``def`` live in invalid_def_raw, so they raise
    # in the second pass only, after the invalid_ rules before them (3.13)
    "def_forced_in_invalid_rule": (3, 13),
    # null bytes in source are a SyntaxError (before: ValueError)
    "null_bytes_syntax_error": (3, 11),
    # converting a very deep tree to Python objects raises RecursionError
    # ("maximum recursion depth exceeded during ast construction"), 3.11 and 3.12
    "ast_construction_depth_limit": (3, 11),
    # ``except*`` (PEP 654)
    "except_star": (3, 11),
    # ``a[*b]`` and ``*args: *Ts`` (PEP 646)
    "starred_subscripts": (3, 11),
    # type parameters and the ``type`` statement (PEP 695)
    "type_params": (3, 12),
    # f-strings tokenized as FSTRING_START/MIDDLE/END and parsed by the grammar (PEP 701)
    "fstring_tokens": (3, 12),
    # ``tokenize`` is the C tokenizer (3.8-3.11: a separate pure-Python module)
    "c_tokenize_module": (3, 12),
    # the 3.8 ``tokenize`` module adds NEWLINE after a final comment without newline
    "comment_newline_at_eof": (0, 0),
    # 3.8 turns every error column into characters (see FRONTEND_UNTIL)
    "error_columns_decoded_ll1": (0, 0),
    # tokenizer set-up errors (unknown encoding, BOM mismatch) at offset -1
    # (3.8: 0)
    "init_error_offset_minus_one": (3, 9),
    # type parameter defaults (PEP 696)
    "type_param_defaults": (3, 13),
    # ``ast.dump`` leaves out None and [] fields (3.13)
    "dump_hides_empty": (3, 13),
    # 3.12's ``tokenize`` counts a multi-line token's end column against the
    # text of its first line (fixed in 3.13)
    "tokenize_end_col_from_first_line": (3, 12),
    # an f-string format spec drops empty text parts and joins adjacent ones (3.13)
    "fstring_spec_cleanup": (3, 13),
    # error columns are characters even for bytes source without a declared
    # encoding (before 3.13 such columns stayed UTF-8 byte offsets)
    "error_columns_always_chars": (3, 13),
    # an error's end column is its start column plus the characters walked from
    # the start byte to the end byte of the line as decoded with replacement
    # (differs from converting the end byte alone where the line is not UTF-8)
    "error_end_col_walked": (3, 13),
}
# The features above that stopped at a version (present before it, absent from it).
FRONTEND_UNTIL: Mapping[str, Version] = {
    "comment_newline_at_eof": (3, 9),
    "tokenize_end_col_from_first_line": (3, 13),
    "ast_construction_depth_limit": (3, 13),
    "def_paren_forced": (3, 13),
    # 3.8's err_input decodes the line to turn every error column into
    # characters, bytes source or not
    "error_columns_decoded_ll1": (3, 9),
}

# The micro release of each reference interpreter (tools/pythons, the oracle):
# what ``sys.version_info`` of a minivm run reports.
RELEASE_MICRO: Mapping[Version, int] = {
    (3, 8): 18, (3, 9): 18, (3, 10): 13, (3, 11): 7, (3, 12): 1, (3, 13): 0,
}

# Behaviours of the runtime (builtins, messages, tracebacks) that changed at a
# version, by the version that introduced them; ``Target.runtime(name)``.
#: ``hash(None)`` where it is a constant (``RUNTIME_SINCE["constant_none_hash"]``);
#: before, None hashes by its address like any object.
NONE_HASH = 0xFCA86420

RUNTIME_SINCE: Mapping[str, Version] = {
    # ``hash(None)`` is NONE_HASH, not the object's address
    "constant_none_hash": (3, 12),
    # "Cannot create a consistent method resolution order (MRO)" on one line
    # (3.12 and before break it after "resolution")
    "mro_error_one_line": (3, 13),
    # AttributeError on setting an attribute of an object without a __dict__
    # adds "and no __dict__ for setting new attributes"
    "no_dict_setattr_message": (3, 13),
    # tracebacks: carets under a call's parentheses, none for a whole-line call
    "call_carets": (3, 13),
    # ``python3.X FILE`` runs FILE under its absolute path (``__file__``, traceback
    # lines); sys.argv[0] stays as given
    "main_file_absolute": (3, 9),
    # ``math.fma`` (and the other math functions newer than 3.8: see nativemods)
    "math_fma": (3, 13),
    # ``itertools.batched``
    "itertools_batched": (3, 12),
    # ``frame.f_locals`` of a function is a write-through FrameLocalsProxy (PEP 667)
    "frame_locals_proxy": (3, 13),
    # ``_opcode`` answers has_arg/has_const/... and lists intrinsics and NB ops
    "opcode_module_queries": (3, 13),
    # "Exception ignored in atexit callback <func>:" (3.12: "...callback: <func>")
    "atexit_message_colon_after": (3, 13),
    # "Did you mean" leaves out _names unless the wrong name has one (or the code
    # is the object's own method)
    "suggestions_hide_underscored": (3, 13),
    # generator.close() returns the value the generator returned on GeneratorExit
    "generator_close_returns_value": (3, 13),
    # "Did you forget to import 'x'?" ends with a question mark
    "import_hint_question_mark": (3, 13),
    # an instance's managed dict is never an object of its own for the collector
    # (3.12 counts it once ``__dict__`` materialized it)
    "managed_dict_uncounted": (3, 13),
}


def _parse_opcodes(text: str) -> Dict[str, int]:
    table = {}
    for item in text.split():
        name, _, number = item.partition("=")
        table[name] = int(number)
    return table


@dataclass(frozen=True)
class Target:
    """One target version of CPython and every fact minivm needs about it.

    Instances are made once per version by :func:`get_target` and compared by
    identity of ``version``.  Fields are plain data; derived facts are properties.
    """

    version: Version
    #: The number in the first two bytes of a .pyc (``importlib.util.MAGIC_NUMBER``).
    magic_number: int
    #: ``opcode.opmap`` of that version: real opcodes, and from 3.12 the
    #: instrumented and pseudo opcodes too.
    opmap: Mapping[str, int]
    #: ``opcode.HAVE_ARGUMENT``.
    have_argument: int
    #: Inline cache entries (code units) after each opcode that has any; 3.11 on.
    cache_entries: Mapping[str, int]
    #: ``opcode.hasconst``, ``hasname``, ``hasjrel`` ... as sets of names.
    groups: Mapping[str, FrozenSet[str]]
    #: ``opcode.cmp_op``.
    cmp_op: Tuple[str, ...]
    #: ``BINARY_OP`` argument symbols in oparg order (empty before 3.11).
    nb_ops: Tuple[str, ...]
    #: ``CALL_INTRINSIC_1`` / ``CALL_INTRINSIC_2`` names in oparg order (3.12 on).
    intrinsic_1: Tuple[str, ...]
    intrinsic_2: Tuple[str, ...]
    #: Code-object fields in marshal order.
    code_fields: Tuple[str, ...]
    #: ``gc.get_threshold()`` at start-up.
    gc_threshold: Tuple[int, int, int]
    #: ``sys.hash_info.algorithm``: "siphash24" before 3.11, "siphash13" after.
    hash_algorithm: str

    # -- named version flags -------------------------------------------------

    @property
    def name(self) -> str:
        return "%d.%d" % self.version

    @property
    def cache_tag(self) -> str:
        """``sys.implementation.cache_tag``, e.g. ``cpython-312``."""
        return "cpython-%d%d" % self.version

    @property
    def magic_bytes(self) -> bytes:
        return self.magic_number.to_bytes(2, "little") + b"\r\n"

    @property
    def has_exception_table(self) -> bool:
        """Zero-cost exceptions (3.11+): handlers in ``co_exceptiontable``, no block stack."""
        return self.version >= (3, 11)

    @property
    def has_block_stack(self) -> bool:
        """SETUP_FINALLY and friends are real opcodes pushing frame blocks (3.8-3.10)."""
        return self.version < (3, 11)

    @property
    def has_qualname(self) -> bool:
        return self.version >= (3, 11)

    @property
    def has_localsplus(self) -> bool:
        """Code objects store ``co_localsplusnames`` and ``co_localspluskinds`` (3.11+)."""
        return self.version >= (3, 11)

    @property
    def line_table_format(self) -> str:
        """"lnotab" (3.8, 3.9), "linetable" (3.10, PEP 626) or "locations" (3.11+, PEP 657)."""
        if self.version < (3, 10):
            return "lnotab"
        if self.version == (3, 10):
            return "linetable"
        return "locations"

    @property
    def jump_encoding(self) -> str:
        """How jump opargs count: "bytes" (3.8, 3.9; relative and absolute jumps),
        "instructions" (3.10; relative and absolute, in code units) or "relative"
        (3.11+; every jump relative, backward jumps have their own opcodes)."""
        if self.version < (3, 10):
            return "bytes"
        if self.version == (3, 10):
            return "instructions"
        return "relative"

    @property
    def has_inline_caches(self) -> bool:
        return self.version >= (3, 11)

    @property
    def inlines_comprehensions(self) -> bool:
        """PEP 709: list, set and dict comprehensions are inlined (3.12+)."""
        return self.version >= (3, 12)

    @property
    def has_immortal_objects(self) -> bool:
        """PEP 683: None, True, small ints, ... have a fixed, huge reference count (3.12+)."""
        return self.version >= (3, 12)

    @property
    def marshal_version(self) -> int:
        return 4

    @property
    def marshal_refs_interned(self) -> bool:
        """marshal flags interned strings with FLAG_REF whatever their count (3.11+)."""
        return self.version >= (3, 11)

    # Which objects CPython's compiler shares decides FLAG_REF in a .pyc (see
    # minivm/pyc/sharing.py); these facts were measured on py_compile's output.

    @property
    def marshal_sorts_sets(self) -> bool:
        """marshal writes set items ordered by their own marshalled bytes (3.11+),
        before that in hash-table order."""
        return self.version >= (3, 11)

    @property
    def marshal_holds_set_items(self) -> bool:
        """marshal holds a second reference to each set item while it writes it, so
        every item is flagged: 3.8 (a set iterator's new references) and 3.11+ (the
        sort pairs); 3.9 and 3.10 walk the table with borrowed references."""
        return self.version == (3, 8) or self.version >= (3, 11)

    @property
    def marshal_set_sort_key_holds_item(self) -> bool:
        """While marshal computes an item's sort key it holds its own reference to
        the item (3.13: ``_PySet_NextEntryRef``; 3.11, 3.12 borrow it), so the
        item is flagged in its key even when the set is its only holder."""
        return self.version >= (3, 13)

    @property
    def peephole_appends_folded_tuples(self) -> bool:
        """The peephole optimizer folds ``LOAD_CONST``s + ``BUILD_TUPLE`` (function
        defaults, ...) into new tuples appended to ``co_consts`` after the constant
        cache has done its work, so they are never shared (3.8, 3.9)."""
        return self.version < (3, 10)

    @property
    def code_fields_merged(self) -> FrozenSet[str]:
        """Code fields the compiler passes through its constant cache, so equal
        values in one compilation are one object (shared with equal constants)."""
        return _CODE_FIELDS_MERGED[self.version]

    @property
    def code_fields_cached(self) -> FrozenSet[str]:
        """Code fields marshal gets from a cache on the code object, so the object
        written always has a second reference (``co_code``: ``_PyCode_GetCode``, 3.11+)."""
        return frozenset(("co_code",)) if self.version >= (3, 11) else frozenset()

    @property
    def interned_chars(self) -> FrozenSet[str]:
        """One-character strings below U+0100 other than ASCII letters, digits and
        ``_`` that are already interned in a fresh interpreter that imported
        ``py_compile`` (they are process-wide singletons, so a constant ``'*'`` is
        that interned object).  Every one of them from 3.13."""
        return _INTERNED_CHARS[self.version]

    @property
    def chars_interned_apart(self) -> FrozenSet[str]:
        """One-character strings below U+0100 whose interned object in a fresh
        interpreter (py_compile imported, something compiled) is not the runtime's
        cached singleton (3.11, 3.12: deep-frozen or static strings), so interning
        a constant that is the singleton replaces it."""
        return _CHARS_INTERNED_APART.get(self.version, frozenset())

    @property
    def interned_code_strings(self) -> FrozenSet[str]:
        """Code string fields interned whatever their text: "co_name",
        "co_filename" and "co_qualname" (3.13), and "anonymous" names such as
        ``<module>`` (all but 3.11 and 3.12)."""
        return _INTERNED_CODE_STRINGS[self.version]

    @property
    def has_superinstructions(self) -> bool:
        """LOAD_FAST_LOAD_FAST and the other 3.13 superinstructions."""
        return self.version >= (3, 13)

    # -- front end -------------------------------------------------------------

    @property
    def token_numbers(self) -> Mapping[str, int]:
        """``token`` module names to numbers (``NAME``: 1, ``OP``: 54 on 3.8 ...)."""
        table = _TOKEN_CACHE.get(self.version)
        if table is None:
            table = _TOKEN_CACHE[self.version] = _parse_opcodes(_TOKEN_NAMES[self.version])
        return table

    @property
    def tok_name(self) -> Mapping[int, str]:
        """``token.tok_name``: numbers to names."""
        return {number: name for name, number in self.token_numbers.items()}

    def frontend(self, feature: str) -> bool:
        """Whether this version has the named front-end feature (see FRONTEND_SINCE)."""
        return FRONTEND_SINCE[feature] <= self.version < FRONTEND_UNTIL.get(feature, (99, 0))

    @property
    def micro(self) -> int:
        """The micro release of the reference interpreter (RELEASE_MICRO)."""
        return RELEASE_MICRO[self.version]

    def runtime(self, behaviour: str) -> bool:
        """Whether this version's runtime has the named behaviour (see RUNTIME_SINCE)."""
        return RUNTIME_SINCE[behaviour] <= self.version

    # -- opcode lookups ------------------------------------------------------

    @property
    def opname(self) -> Mapping[int, str]:
        """Number to name for real (non-pseudo) opcodes."""
        return _opname(self)

    def is_pseudo(self, name: str) -> bool:
        """A compiler-only instruction that the assembler replaces (3.12+: number >= 256)."""
        return self.opmap[name] >= 256

    def has_arg(self, name: str) -> bool:
        """``opcode.hasarg``: numbered at or above HAVE_ARGUMENT, less the exceptions."""
        return self.opmap[name] >= self.have_argument and name not in _no_arg(self)

    def in_group(self, group: str, name: str) -> bool:
        return name in self.groups.get(group, ())

    def caches(self, name: str) -> int:
        return self.cache_entries.get(name, 0)


_OPNAME_CACHE: Dict[Version, Dict[int, str]] = {}
_TOKEN_CACHE: Dict[Version, Dict[str, int]] = {}
_NO_ARG_CACHE: Dict[Version, FrozenSet[str]] = {}


def _no_arg(target: Target) -> FrozenSet[str]:
    found = _NO_ARG_CACHE.get(target.version)
    if found is None:
        found = _NO_ARG_CACHE[target.version] = frozenset(_NO_ARG.get(target.version, "").split())
    return found


def _opname(target: Target) -> Dict[int, str]:
    table = _OPNAME_CACHE.get(target.version)
    if table is None:
        table = {number: name for name, number in target.opmap.items() if number < 256}
        _OPNAME_CACHE[target.version] = table
    return table


def _make(version: Version, magic: int, have_argument: int, cmp_op: Tuple[str, ...],
          nb_ops: Tuple[str, ...], intrinsic_1: Tuple[str, ...], intrinsic_2: Tuple[str, ...],
          code_fields: Tuple[str, ...], gc_threshold: Tuple[int, int, int],
          hash_algorithm: str) -> Target:
    return Target(
        version=version,
        magic_number=magic,
        opmap=_parse_opcodes(_OPCODES[version]),
        have_argument=have_argument,
        cache_entries=dict(_CACHES.get(version, {})),
        groups={g: frozenset(names.split()) for g, names in _GROUPS[version].items()},
        cmp_op=cmp_op,
        nb_ops=nb_ops,
        intrinsic_1=intrinsic_1,
        intrinsic_2=intrinsic_2,
        code_fields=code_fields,
        gc_threshold=gc_threshold,
        hash_algorithm=hash_algorithm,
    )


_TARGETS: Dict[Version, Target] = {
    (3, 8): _make((3, 8), 3413, 90, _CMP_OP_38, (), (), (), _CODE_FIELDS_38,
                  (700, 10, 10), "siphash24"),
    (3, 9): _make((3, 9), 3425, 90, _CMP_OP_39, (), (), (), _CODE_FIELDS_38,
                  (700, 10, 10), "siphash24"),
    (3, 10): _make((3, 10), 3439, 90, _CMP_OP_39, (), (), (), _CODE_FIELDS_310,
                   (700, 10, 10), "siphash24"),
    (3, 11): _make((3, 11), 3495, 90, _CMP_OP_39, _NB_OPS_311, (), (), _CODE_FIELDS_311,
                   (700, 10, 10), "siphash13"),
    (3, 12): _make((3, 12), 3531, 90, _CMP_OP_39, _NB_OPS_311, _INTRINSIC_1_312,
                   _INTRINSIC_2_312, _CODE_FIELDS_311, (700, 10, 10), "siphash13"),
    (3, 13): _make((3, 13), 3571, 44, _CMP_OP_39, _NB_OPS_311, _INTRINSIC_1_312,
                   _INTRINSIC_2_312 + ("INTRINSIC_SET_TYPEPARAM_DEFAULT",), _CODE_FIELDS_311,
                   (2000, 10, 10), "siphash13"),
}

_MERGED_38 = frozenset(("co_consts", "co_names", "co_varnames", "co_freevars", "co_cellvars"))
_MERGED_311 = frozenset(("co_consts", "co_names", "co_localsplusnames", "co_linetable",
                         "co_exceptiontable"))
_CODE_FIELDS_MERGED: Dict[Version, FrozenSet[str]] = {
    (3, 8): _MERGED_38, (3, 9): _MERGED_38,
    (3, 10): _MERGED_38 | {"co_code", "co_linetable"},
    (3, 11): _MERGED_311, (3, 12): _MERGED_311, (3, 13): _MERGED_311,
}
_INTERNED_CHARS: Dict[Version, FrozenSet[str]] = {
    (3, 8): frozenset("\n*."), (3, 9): frozenset("\n*.{}"), (3, 10): frozenset("\n*."),
    (3, 11): frozenset("*"), (3, 12): frozenset("*"),
    (3, 13): frozenset(chr(c) for c in range(256)),
}
_CHARS_INTERNED_APART: Dict[Version, FrozenSet[str]] = {
    (3, 11): frozenset("BCLST_abcdefhijklmnopqrstvwxy"),
    (3, 12): frozenset("_abcdenprsx"),
}
_INTERNED_CODE_STRINGS: Dict[Version, FrozenSet[str]] = {
    (3, 8): frozenset(("anonymous",)), (3, 9): frozenset(("anonymous",)),
    (3, 10): frozenset(("anonymous",)), (3, 11): frozenset(), (3, 12): frozenset(),
    (3, 13): frozenset(("anonymous", "co_name", "co_filename", "co_qualname")),
}

TargetLike = Union[None, str, Tuple[int, int], Target]


def host_version() -> Version:
    """The version of the interpreter minivm itself runs on."""
    return (sys.version_info[0], sys.version_info[1])


def parse_version(text: str) -> Version:
    """``"3.12"`` -> ``(3, 12)``; raises :class:`UnknownTargetError` on anything else."""
    parts = str(text).strip().split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise UnknownTargetError(
            "cannot read target version %r: expected MAJOR.MINOR such as 3.12" % (text,))
    return (int(parts[0]), int(parts[1]))


def get_target(target: TargetLike = None) -> Target:
    """The :class:`Target` for ``target``: None (the host's version), ``"3.12"``,
    ``(3, 12)`` or a Target.  Raises :class:`UnknownTargetError` for versions
    outside :data:`SUPPORTED_TARGETS`."""
    if isinstance(target, Target):
        return target
    if target is None:
        version = host_version()
    elif isinstance(target, str):
        version = parse_version(target)
    else:
        version = tuple(target)[:2]  # type: ignore[assignment]
    found = _TARGETS.get(version)  # type: ignore[arg-type]
    if found is None:
        supported = ", ".join("%d.%d" % v for v in SUPPORTED_TARGETS)
        shown = ".".join(str(p) for p in version) if isinstance(version, tuple) else version
        raise UnknownTargetError(
            "unknown target version %s: minivm supports %s" % (shown, supported))
    return found
