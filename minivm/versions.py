"""Everything that differs between the six target versions, held as data.

The rest of minivm never asks ``sys.version_info``: it asks a :class:`Target`
(``target.has_exception_table``, ``target.opmap["LOAD_FAST"]``,
``target.cache_entries.get("LOAD_ATTR", 0)``).  The tables below are minivm's own;
``tests/test_versions.py`` checks every one of them against the ``opcode``,
``dis`` and ``importlib`` modules of each real interpreter, so a wrong entry is
caught by the oracle rather than trusted.

The opcodes themselves (numbers, oparg kinds, stack effects, caches) live in
:mod:`minivm.opcodes`, one spec per version written as the change from the one
before; a Target exposes them as ``opmap``, ``groups``, ``cache_entries`` ...
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Dict, FrozenSet, Mapping, Tuple, Union

from .opcodes import Spec, spec_for

Version = Tuple[int, int]

SUPPORTED_TARGETS: Tuple[Version, ...] = ((3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13))


class UnknownTargetError(ValueError):
    """A target version outside :data:`SUPPORTED_TARGETS`, or one that cannot be parsed."""


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
    # a line whose indentation ends at a backslash: 3.9 takes it for a blank line
    # (its indentation counts for nothing); from 3.10 the tokenizer reads the
    # indentation on across the joined lines; 3.8 measures it up to the backslash
    "continuation_line_is_blank": (3, 9),
    "indentation_reads_continuations": (3, 10),
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
    "continuation_line_is_blank": (3, 10),
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
    # UnboundLocalError "cannot access local variable 'x' where it is not associated
    # with a value" (before: "local variable 'x' referenced before assignment"), and
    # "cannot access free variable ..." for a free one
    "unbound_local_message_311": (3, 11),
    # "max() iterable argument is empty" (before: "max() arg is an empty sequence")
    "minmax_empty_message_312": (3, 12),
    # "Can't instantiate abstract class C without an implementation for abstract
    # methods 'a', 'b'" (before: "... with abstract methods a, b")
    "abstract_message_312": (3, 12),
    # sum() of floats adds with Neumaier's compensation
    "compensated_float_sum": (3, 12),
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
    # ``gc.is_finalized``
    "gc_is_finalized": (3, 9),
    # ``gc.set_threshold`` with no or too many arguments says "gc.set_threshold requires
    # 1 to 3 arguments" (before: "set_threshold() takes at least 1 argument (0 given)")
    "gc_set_threshold_arity_313": (3, 13),
    # ``sys.orig_argv`` and ``sys.stdlib_module_names``
    "sys_orig_argv": (3, 10),
    "sys_stdlib_module_names": (3, 10),
    # ``socket.timeout`` is ``TimeoutError`` (before: its own OSError subclass)
    "socket_timeout_is_timeouterror": (3, 10),
    # ``_struct.Struct`` is named ``_struct.Struct`` (3.8: plain ``Struct``, a builtins type)
    "struct_type_in_module": (3, 9),
    # a non-interactive ``sys.stderr`` is line-buffered (before: block-buffered), which
    # decides what of it ``os._exit`` leaves written
    "stderr_line_buffered": (3, 9),
    # the parser adds a bytes literal that stands alone to its AST arena twice (so
    # while ``python FILE`` or ``exec(str)`` runs, it holds two references to it)
    "bytes_literal_arena_twice": (3, 12),
    # ``NameError.name``, ``AttributeError.name`` and ``.obj`` (and the keyword
    # arguments setting them); before, neither attribute nor keyword exists
    "name_error_attributes": (3, 10),
    # a code object's constant tuples that hold only untracked objects are untracked
    # (gc.is_tracked) before the program runs (measured: 3.12 only)
    "code_constant_tuples_untracked": (3, 12),
    # an uncaught SyntaxError shows carets from its offset to its end offset (before:
    # one caret)
    "syntax_error_caret_range": (3, 10),
    # Argument Clinic's ``int`` converter is PyNumber_Index's (before: a float is
    # "integer argument expected, got float", a non-number "an integer is required
    # (got type T)")
    "clinic_int_is_index": (3, 10),
    # ``os.waitstatus_to_exitcode``
    "os_waitstatus_to_exitcode": (3, 9),
    # ``math.fma`` (and the other math functions newer than 3.8: see minivm/modules/math.py)
    "math_fma": (3, 13),
    # ``itertools.batched``
    "itertools_batched": (3, 12),
    # ``array.array.index(x, start, stop)`` (before: ``index(x)`` only)
    "array_index_range": (3, 10),
    # ``array``'s iterator type is ``array.arrayiterator`` (before: ``arrayiterator``, a
    # builtins type)
    "array_iterator_in_module": (3, 10),
    # ``array.array`` is registered as a ``collections.abc.MutableSequence``
    "array_mutable_sequence": (3, 10),
    # ``array.array('u', ...)`` warns DeprecationWarning (the 'w' typecode replaces it)
    "array_u_deprecated": (3, 13),
    # ``repr(struct.Struct(fmt))`` is ``Struct('fmt')`` (before: the default repr)
    "struct_repr": (3, 13),
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
    # close() of a generator that never started only marks it finished, keeping its
    # frame's locals until the generator goes; before, it runs the frame with
    # GeneratorExit, which clears the frame (so a collection that finalizes such a
    # generator frees what its arguments held: measured with gc.collect())
    "gen_close_keeps_unstarted_frame": (3, 12),
    # after the finalizers of a collection, only the objects a finalizer resurrected
    # (and what they reach) survive it; before, any resurrection keeps the whole
    # unreachable set for a later collection and this one frees nothing
    # (gcmodule.c's check_garbage)
    "gc_spares_only_resurrected": (3, 9),
    # an allocation that passes the threshold only schedules the collection; it
    # runs at the next eval-breaker check (function start, a resumed yield, a
    # backward jump, the end of a call), so the object just made survives it into
    # generation 1 (before: the collection runs inside the allocation)
    "gc_from_eval_breaker": (3, 12),
    # "Did you forget to import 'x'?" ends with a question mark
    "import_hint_question_mark": (3, 13),
    # an instance's managed dict is never an object of its own for the collector
    # (3.12 counts it once ``__dict__`` materialized it)
    "managed_dict_uncounted": (3, 13),
    # an instance's dict is kept in the instance until asked for (before: a dict
    # object of its own from the start, counted by the collector)
    "managed_dicts": (3, 11),
    # every frame is a GC object; a code object keeps its last frame for its next
    # call (the zombie frame) and others go to a free list of 200
    "frame_zombies": (3, 8),
    # (until 3.10) one empty frozenset for the interpreter (see RUNTIME_UNTIL)
    "empty_frozenset_singleton": (3, 8),
    # type_new builds the MRO of a class with several bases through a list, one GC
    # allocation (measured with gc.get_count(): before 3.11 such a class costs one
    # fewer)
    "mro_list_for_several_bases": (3, 11),
    # binascii keeps its Error and Incomplete classes in module state as well as in
    # the module's dict (sys.getrefcount of either is one higher)
    "binascii_module_state": (3, 9),
    # dict views have ``mapping``, a read-only proxy of their dict
    "dict_view_mapping": (3, 10),
    # a builtin method's calling-convention errors name it with its type ("list.append()
    # takes exactly one argument"; before: "append() takes ...")
    "qualified_builtin_messages": (3, 9),
    # a range iterator pickles as a range of what is left and no state (before: the
    # whole range and how many items were taken)
    "range_iter_reduces_rest": (3, 12),
    # a list iterator given a negative index is exhausted (before: the index is 0),
    # and an exhausted reversed list iterator pickles as reversed([]) (before: iter([]))
    "list_iter_negative_exhausts": (3, 13),
    "reversed_reduce_when_exhausted": (3, 13),
    # a str's iterator is a str_ascii_iterator (before: str_iterator)
    "str_ascii_iterator": (3, 11),
    # slices are hashable (before: unhashable type: 'slice')
    "slice_hashable": (3, 12),
    # a property subclass's instance always keeps its doc (None too) in its own dict
    # (before: only a doc taken from the getter)
    "property_subclass_doc_always": (3, 12),
    # (until 3.11) the handled exception is a (type, value, traceback) triple in the
    # thread state and in a suspended generator: the state holds a reference to the
    # exception's class
    "exc_info_holds_type": (3, 8),
    # a generator that finishes while its frame object is referenced links that
    # object to its caller's frame object, making it (3.12 clears the frame in the
    # eval loop, before unlinking it from the caller)
    "gen_exit_links_caller_frame": (3, 12),
    # "property 'x' of 'T' object has no setter" (3.10: "can't set attribute 'x'",
    # "can't delete attribute 'x'", "unreadable attribute 'x'"; 3.8, 3.9: no name)
    "property_message_311": (3, 11),
    "property_name_in_message": (3, 10),
    # the small ints are allocated statically with a huge reference count (before:
    # ordinary objects counting every reference in the process)
    "static_small_ints": (3, 11),
    # NameError and AttributeError tracebacks end with ". Did you mean: 'x'?"
    "name_suggestions": (3, 10),
    # an exception in an atexit callback is reported as unraisable, SystemExit
    # included (before: "Error in atexit._run_exitfuncs:" and the traceback, and a
    # SystemExit is silent)
    "atexit_unraisable": (3, 10),
    # an unset __slots__ member: "'P' object has no attribute 'y'" with name and obj
    # set (before: AttributeError('y'); deleting one is that on every version)
    "slot_attribute_error_310": (3, 10),
    # argument errors name the function by its __qualname__ (before: co_name)
    "call_errors_qualname": (3, 10),
    # bisect's functions take key= (Argument Clinic's _bisect; minivm's native _bisect
    # is the one before, so from 3.10 bisect.py's Python functions run)
    "bisect_key": (3, 10),
    # bisect's hi=None means len(a) (3.8: hi must be an int)
    "bisect_hi_none": (3, 9),
    # Argument Clinic's unknown keyword: "f() got an unexpected keyword argument 'k'"
    # (before: "'k' is an invalid keyword argument for f()")
    "clinic_unexpected_keyword": (3, 13),
    # call errors name the callable by _PyObject_FunctionStr ("C.m()"; before:
    # PyEval_GetFuncName and GetFuncDesc, "m()", "int object")
    "function_str": (3, 9),
    # dict | dict, dict |= ..., mappingproxy | dict (PEP 584)
    "dict_union": (3, 9),
    # str, bytes, bytearray .removeprefix() and .removesuffix() (PEP 616)
    "remove_affix": (3, 9),
    # int | str makes a types.UnionType (PEP 604)
    "type_union": (3, 10),
    # "with abstract method x" for one method (3.8: "methods" whatever the number)
    "abstract_singular_39": (3, 9),
    # CALL_FUNCTION_EX refuses non-string keywords itself: "keywords must be strings"
    # (3.8: the Python function binding them, "f() keywords must be strings")
    "kw_strings_checked_by_call": (3, 9),
    # a non-number is "a real number" in messages: "%d format: a real number is
    # required, not str", "float() argument must be a string or a real number"
    # (before: "a number")
    "real_number_messages": (3, 10),
    # exec(code, closure=cells) runs code with free variables (before: refused)
    "exec_closure": (3, 11),
    # exec() and eval() take globals and locals by name
    "exec_eval_keywords": (3, 13),
    # int(x) through x.__trunc__ warns DeprecationWarning
    "int_trunc_deprecated": (3, 11),
    # int.bit_count()
    "int_bit_count": (3, 10),
    # one _sha2 module for sha224..sha512 (before: _sha256 and _sha512)
    "sha2_module": (3, 12),
    # tracebacks show the failing expression's position (PEP 657 carets)
    "traceback_carets": (3, 11),
    # cells, free variables and the generator object are made by the code itself
    # (MAKE_CELL, COPY_FREE_VARS, RETURN_GENERATOR); before, by the frame's creation
    "frame_prologue_in_bytecode": (3, 11),
    # a generator's first resumption pushes the sent None too (GEN_START pops it)
    "gen_start_pops_first_send": (3, 10),
    # a missing __enter__/__exit__ (and async ones) is a TypeError naming the
    # protocol (before: AttributeError naming the method)
    "with_protocol_type_error": (3, 11),
}
#: METH_VARARGS builtins that parse their arguments with ``PyArg_ParseTuple`` until a
#: version, and so word a wrong count "startswith() takes at least 1 argument (0
#: given)"; from it, Argument Clinic's "startswith expected at least 1 argument, got 0".
PARSE_TUPLE_ARITY_UNTIL: Mapping[str, Version] = {
    "%s.%s" % (tp, name): (3, 13)
    for tp in ("str", "bytes", "bytearray") for name in ("startswith", "endswith")
}
#: From 3.12 the C stack has a recursion budget of its own (``Py_C_RECURSION_LIMIT``,
#: ``c_recursion_remaining``) apart from the Python frames' recursion limit: how many
#: nested ``PyObject_Repr``/``PyObject_Str`` calls ``repr(x)`` made from Python code
#: can enter before "maximum recursion depth exceeded while getting the repr of an
#: object" (measured with nested lists, dicts and tuples: the limit less what the eval
#: loop and the call of the builtin take).  Before 3.12 those calls count on the
#: Python frames' limit (``sys.getrecursionlimit()``).
C_RECURSION_REPR_LIMIT: Mapping[Version, int] = {(3, 12): 1497, (3, 13): 9998}
#: The objects a full collection leaves tracked at the start of ``python3.X FILE``
#: (``gc.collect(); len(gc.get_objects())``, site on, the pyenv builds here): the
#: interpreter's own heap, which CPython's long-lived rule counts in the oldest
#: generation's total (``long_lived_total``), so that a small program's automatic
#: collections never reach that generation once it ran a full one.  minivm's own
#: heap (``MINIVM_STARTUP_TRACKED``) is smaller; the collector adds the difference.
GC_STARTUP_TRACKED: Mapping[Version, int] = {
    (3, 8): 4483, (3, 9): 4596, (3, 10): 4719, (3, 11): 11092, (3, 12): 4974,
    (3, 13): 5065,
}
#: The same count of minivm (``minivm run``), 112 to 115 on every target.
MINIVM_STARTUP_TRACKED = 114

#: CPython's free lists, which an allocation or a free can go through without the
#: collector's count seeing it: kind -> (capacity, first version, first version
#: without).  A tuple's kind is its length (1 to 19).  A full collection empties them.
FREE_LISTS: Mapping[object, Tuple[int, Version, Version]] = dict(
    [("list", (80, (3, 8), (99, 0))), ("dict", (80, (3, 8), (99, 0))),
     ("frame", (200, (3, 8), (3, 11))), ("method", (256, (3, 8), (3, 9))),
     ("cfunction", (256, (3, 8), (3, 9)))]
    + [(n, (2000, (3, 8), (99, 0))) for n in range(1, 20)])

#: Builtin types whose call takes its arguments from the stack (vectorcall) from
#: the version given; calling any other type packs them into a tuple first
#: (``_PyObject_MakeTpCall``), an object the collector counts.  ``type`` only for
#: ``type(x)``.
TYPE_VECTORCALL: Mapping[str, Version] = {
    "range": (3, 9), "list": (3, 9), "tuple": (3, 9), "dict": (3, 9), "set": (3, 9),
    "frozenset": (3, 10), "float": (3, 10), "bool": (3, 10), "filter": (3, 10),
    "map": (3, 10), "reversed": (3, 10), "type": (3, 10), "enumerate": (3, 11),
    "super": (3, 11), "int": (3, 13), "str": (3, 13),
}

# The behaviours above that stopped at a version (present from RUNTIME_SINCE's, absent
# from this one).
RUNTIME_UNTIL: Mapping[str, Version] = {
    "code_constant_tuples_untracked": (3, 13),
    "frame_zombies": (3, 11),
    # frozenset() and a frozenset of an empty iterable are one interpreter-wide
    # empty frozenset (frozenset_new's emptyfrozenset)
    "empty_frozenset_singleton": (3, 10),
    "gen_exit_links_caller_frame": (3, 13),
    "exc_info_holds_type": (3, 11),
}


# Behaviours of the compiler (flowgraph and assembler) by the version that introduced
# them; ``Target.compiler(name)``.
COMPILER_SINCE: Mapping[str, Version] = {
    # ast_opt folds the value of a named expression (3.9's astfold_expr skips it)
    "fold_named_expr_value": (3, 10),
    # END_ASYNC_FOR carries the line of an ``async for``'s else body (3.9's codegen)
    "end_async_for_on_else_line": (3, 9),
    # co_lnotab gets a marker only where the line changes (3.8: also at each later
    # statement start on the same line)
    "lnotab_marks_line_changes_only": (3, 9),
    # PEP 709: list, set and dict comprehensions are compiled into their parent
    "inlined_comprehensions": (3, 12),
    # ``"%s" % (x,)`` with a constant format is folded into an f-string (ast_opt)
    "percent_format_to_fstring": (3, 11),
    # the POP_TOP after a generator's RETURN_GENERATOR carries the first line too
    "generator_pop_top_located": (3, 13),
    # jump resolution starts each jump's oparg at its target's instruction index (the
    # label map), not at the label number codegen gave
    "jump_args_start_at_index": (3, 13),
    # after the pseudo-ops are converted, NOPs and jumps to the next block are removed
    # over the whole graph until none is left (3.12: each block's NOPs, once)
    "pseudo_cleanup_whole_graph": (3, 13),
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

    def compiler(self, behaviour: str) -> bool:
        """Whether this version's compiler has the named behaviour (COMPILER_SINCE)."""
        return COMPILER_SINCE[behaviour] <= self.version

    def runtime(self, behaviour: str) -> bool:
        """Whether this version's runtime has the named behaviour (see RUNTIME_SINCE
        and RUNTIME_UNTIL)."""
        return RUNTIME_SINCE[behaviour] <= self.version < RUNTIME_UNTIL.get(behaviour,
                                                                             (99, 0))

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
        return self.spec[name].has_arg

    @property
    def spec(self) -> Spec:
        """The opcode spec of this version (:mod:`minivm.opcodes`)."""
        return spec_for(self.version)

    def in_group(self, group: str, name: str) -> bool:
        return name in self.groups.get(group, ())

    def caches(self, name: str) -> int:
        return self.cache_entries.get(name, 0)


_OPNAME_CACHE: Dict[Version, Dict[int, str]] = {}
_TOKEN_CACHE: Dict[Version, Dict[str, int]] = {}


def _opname(target: Target) -> Dict[int, str]:
    table = _OPNAME_CACHE.get(target.version)
    if table is None:
        table = {number: name for name, number in target.opmap.items() if number < 256}
        _OPNAME_CACHE[target.version] = table
    return table


def _make(version: Version, magic: int, cmp_op: Tuple[str, ...],
          nb_ops: Tuple[str, ...], intrinsic_1: Tuple[str, ...], intrinsic_2: Tuple[str, ...],
          code_fields: Tuple[str, ...], gc_threshold: Tuple[int, int, int],
          hash_algorithm: str) -> Target:
    spec = spec_for(version)
    return Target(
        version=version,
        magic_number=magic,
        opmap=spec.opmap,
        have_argument=spec.have_argument,
        cache_entries=spec.cache_entries,
        groups=spec.groups(),
        cmp_op=cmp_op,
        nb_ops=nb_ops,
        intrinsic_1=intrinsic_1,
        intrinsic_2=intrinsic_2,
        code_fields=code_fields,
        gc_threshold=gc_threshold,
        hash_algorithm=hash_algorithm,
    )


_TARGETS: Dict[Version, Target] = {
    (3, 8): _make((3, 8), 3413, _CMP_OP_38, (), (), (), _CODE_FIELDS_38,
                  (700, 10, 10), "siphash24"),
    (3, 9): _make((3, 9), 3425, _CMP_OP_39, (), (), (), _CODE_FIELDS_38,
                  (700, 10, 10), "siphash24"),
    (3, 10): _make((3, 10), 3439, _CMP_OP_39, (), (), (), _CODE_FIELDS_310,
                   (700, 10, 10), "siphash24"),
    (3, 11): _make((3, 11), 3495, _CMP_OP_39, _NB_OPS_311, (), (), _CODE_FIELDS_311,
                   (700, 10, 10), "siphash13"),
    (3, 12): _make((3, 12), 3531, _CMP_OP_39, _NB_OPS_311, _INTRINSIC_1_312,
                   _INTRINSIC_2_312, _CODE_FIELDS_311, (700, 10, 10), "siphash13"),
    (3, 13): _make((3, 13), 3571, _CMP_OP_39, _NB_OPS_311, _INTRINSIC_1_312,
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


def host_syntax_error_fields() -> int:
    """How many of SyntaxError's details (filename, lineno, offset, text, end_lineno,
    end_offset) the host's SyntaxError takes: the end positions came in 3.10."""
    return 6 if host_version() >= (3, 10) else 4


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
