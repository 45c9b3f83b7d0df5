"""The handlers of 3.10 bytecode: the block-stack era, registered from 3.8 up to 3.11;
everything 3.10 shares with 3.11 is inherited by name from 3.11's registrations.  3.9
differs from 3.10 only in which opcodes exist (the narrower ranges below: RERAISE
and DICT_MERGE from 3.9, GEN_START and pattern matching from 3.10), so it has no
module of its own; 3.8's own handlers are in :mod:`dialect38`.

What 3.10 does its own way: a stack shuffled by ROT_*/DUP_TOP, an opcode per binary
and in-place operator, CALL_FUNCTION/CALL_FUNCTION_KW/CALL_METHOD without a NULL
below plain callables, MAKE_FUNCTION taking the qualified name from the stack,
LOAD_CLOSURE and the other cell opcodes indexing ``co_cellvars + co_freevars``,
absolute jumps, the frame's block stack (SETUP_FINALLY, SETUP_WITH,
SETUP_ASYNC_WITH, POP_BLOCK, POP_EXCEPT, RERAISE, WITH_EXCEPT_START), exceptions
handed to handlers as (traceback, value, type) triples, YIELD_FROM re-run until its
receiver returns, GEN_START, and the 3.10 pattern-matching opcodes.  Cells, free
variables and generator objects are made by a prologue entry the interpreter adds
(:func:`frame_prologue`), as 3.10 makes them when it creates the frame.
"""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import R, STATE, PyType, decref, err, incref, is_subtype
from ..objects.dictobject import new_dict
from ..objects.functions import function_type, method_type, new_cell, new_function
from ..objects.scalars import FALSE, NONE, TRUE
from ..objects.typeobject import DESCR_GET
from ..objects.core import type_lookup
from ..versions import CO_FAST_CELL, CO_FAST_FREE
from . import dialect311  # noqa: F401 - registers the 3.11 handlers inherited below
from . import dialect312, generators, registry
from . import eval as ev
from .unwind import EXCEPT_HANDLER, SETUP_FINALLY, restore_exc_info

SINCE, UNTIL = (3, 8), (3, 11)

# -- arguments ---------------------------------------------------------------------------------

#: The operator of each binary and in-place opcode (3.11 made them BINARY_OP's oparg).
BINARY_SYMBOLS = {
    "POWER": "**", "MULTIPLY": "*", "MATRIX_MULTIPLY": "@", "TRUE_DIVIDE": "/",
    "FLOOR_DIVIDE": "//", "MODULO": "%", "ADD": "+", "SUBTRACT": "-", "LSHIFT": "<<",
    "RSHIFT": ">>", "AND": "&", "XOR": "^", "OR": "|",
}


def _binary_decoder(symbol: str, inplace: bool):
    decoded = (symbol, inplace, dialect312._FAST_BINOPS.get(symbol))

    def decode(info, oparg, index, nxt):
        return decoded
    return decode


for _op, _symbol in BINARY_SYMBOLS.items():
    registry.decoder("BINARY_" + _op, since=SINCE, until=UNTIL)(_binary_decoder(_symbol, False))
    registry.decoder("INPLACE_" + _op, since=SINCE, until=UNTIL)(_binary_decoder(_symbol, True))


@registry.decoder("LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF",
                  "LOAD_CLASSDEREF", since=SINCE, until=UNTIL)
def cell_index(info, oparg, index, nxt):
    """The locals-plus slot of ``(co_cellvars + co_freevars)[oparg]``: minivm lays the
    locals out as 3.11 does, a cell argument keeping its argument's slot."""
    co = info.co
    cells = co.co_cellvars
    if oparg < len(cells):
        name, kind = cells[oparg], CO_FAST_CELL
    else:
        name, kind = co.co_freevars[oparg - len(cells)], CO_FAST_FREE
    for i, (n, k) in enumerate(zip(info.localsplusnames, info.kinds)):
        if n == name and k & kind:
            return i
    raise ValueError("no slot for cell %r in %s" % (name, co.co_qualname))


@registry.decoder("LOAD_ATTR", since=SINCE, until=UNTIL)
def attr_name(info, oparg, index, nxt):
    return (info.names[oparg], False)


@registry.decoder("LOAD_METHOD", since=SINCE, until=UNTIL)
def method_name(info, oparg, index, nxt):
    return (info.names[oparg], True)


@registry.decoder("GET_AWAITABLE", since=SINCE, until=UNTIL)
def awaitable_origin(info, oparg, index, nxt):
    """What 3.11's oparg says, read from the instructions before (ceval.c's
    ``format_awaitable_error``): 1 after BEFORE_ASYNC_WITH (``__aenter__``), 2 after
    WITH_EXCEPT_START or DUP_TOP, CALL_FUNCTION (``__aexit__``), else 0."""
    code = info.co.co_code
    opname = STATE.target.opname
    prev = opname.get(code[2 * index - 2]) if index >= 1 else None
    prevprev = opname.get(code[2 * index - 4]) if index >= 2 else None
    if prev == "BEFORE_ASYNC_WITH":
        return 1
    if prev == "WITH_EXCEPT_START" or (prev == "CALL_FUNCTION" and prevprev == "DUP_TOP"):
        return 2
    return 0


# -- the prologue ------------------------------------------------------------------------------

def prologue_arg(info):
    """The argument of :func:`frame_prologue` for a code object."""
    cells = tuple(i for i, k in enumerate(info.kinds) if k & CO_FAST_CELL)
    nfree = sum(1 for k in info.kinds if k & CO_FAST_FREE)
    return (cells, nfree, info.is_gen)


def frame_prologue(f, arg, nxt):
    """What 3.10's ``_PyEval_MakeFrameVector`` and ``_PyEval_Vector`` do before the
    first instruction: a cell for each cell variable (an argument's value moves
    in), the closure's cells copied in, and for generator code the generator made
    and returned with the frame suspended at its start."""
    cells, nfree, is_gen = arg
    fast = f.fast
    for i in cells:
        fast[i] = new_cell(fast[i])
    if nfree:
        closure = f.func.closure.items
        base = len(fast) - nfree
        for j in range(nfree):
            fast[base + j] = incref(closure[j])
    if is_gen:
        from .generators import new_generator
        f.pc = 0
        f.retval = new_generator(f)
        return -1
    return 0


# -- the stack ---------------------------------------------------------------------------------

def op_ROT_TWO(f, arg, nxt):
    f[-1], f[-2] = f[-2], f[-1]
    return nxt


def op_ROT_THREE(f, arg, nxt):
    f[-1], f[-2], f[-3] = f[-2], f[-3], f[-1]
    return nxt


def op_ROT_FOUR(f, arg, nxt):
    f[-1], f[-2], f[-3], f[-4] = f[-2], f[-3], f[-4], f[-1]
    return nxt


def op_ROT_N(f, arg, nxt):
    if arg > 1:
        top = f.pop()
        f.insert(len(f) - arg + 1, top)
    return nxt


def op_DUP_TOP(f, arg, nxt):
    f.append(incref(f[-1]))
    return nxt


def op_DUP_TOP_TWO(f, arg, nxt):
    second, top = f[-2], f[-1]
    f.append(incref(second))
    f.append(incref(top))
    return nxt


# -- names and calls ---------------------------------------------------------------------------

def op_LOAD_GLOBAL(f, arg, nxt):
    f.append(ev.load_global(f, arg))
    return nxt


def call_from_stack(f, base: int, kwnames):
    """Call ``f[base]`` with the values above it (``call_function`` of 3.10 ceval.c).

    The stack keeps its references during the call: a Python function's frame takes
    references of its own (3.11 moves the stack's into the frame instead), and a
    builtin borrows them.  Afterwards the stack is released from the top down, the
    callable last, once the callee's frame is gone."""
    items = f[base:]
    del f[base:]
    try:
        if items[0] is None:  # CALL_METHOD after LOAD_METHOD found no method
            items.pop(0)
        callable_ = items[0]
        tp = callable_.ob_type
        if tp is function_type or tp is method_type:
            for v in items:
                incref(v)
            return STATE.vm.call_stack(callable_, items[1:], kwnames, f)
        args = items[1:]
        kwargs = None
        if kwnames is not None:
            k = len(kwnames.items)
            kwargs = dict(zip([n.value for n in kwnames.items], args[len(args) - k:]))
            args = args[:len(args) - k]
        return abstract.call(callable_, args, kwargs)
    finally:
        for v in reversed(items):
            decref(v)


def op_CALL_FUNCTION(f, arg, nxt):
    f.call_pc = nxt  # where the caller is, for f_lineno
    f.append(call_from_stack(f, len(f) - arg - 1, None))
    return nxt


def op_CALL_METHOD(f, arg, nxt):
    f.call_pc = nxt
    f.append(call_from_stack(f, len(f) - arg - 2, None))
    return nxt


def op_CALL_FUNCTION_KW(f, arg, nxt):
    f.call_pc = nxt
    kwnames = f.pop()
    try:
        f.append(call_from_stack(f, len(f) - arg - 1, kwnames))
    finally:
        decref(kwnames)
    return nxt


def op_CALL_FUNCTION_EX(f, arg, nxt):
    f.call_pc = nxt
    kwargs = f.pop() if arg & 1 else None
    callargs = f.pop()
    func = f.pop()
    f.append(STATE.vm.call_ex(func, callargs, kwargs))
    return nxt


def op_MAKE_FUNCTION(f, arg, nxt):
    qualname = f.pop()
    code = f.pop()
    func = new_function(code, f.globals, qualname)
    decref(qualname)
    decref(code)
    if arg & 0x08:
        func.closure = f.pop()
    if arg & 0x04:
        func.annotations = ev.annotations_dict(f.pop())
    if arg & 0x02:
        func.kwdefaults = f.pop()
    if arg & 0x01:
        func.defaults = f.pop()
    f.append(func)
    return nxt


def op_DICT_MERGE(f, arg, nxt):
    # the callable is right under the positional arguments' tuple
    return ev.dict_merge_for_call(f, arg, nxt, f[-arg - 3])


def op_PRINT_EXPR(f, arg, nxt):
    v = f.pop()
    try:
        STATE.vm.display_hook(v)
    finally:
        decref(v)
    return nxt


# -- blocks and exceptions ---------------------------------------------------------------------

def setup_block(f, handler: int) -> None:
    """Push a SETUP_FINALLY block whose handler is ``handler`` at the current level."""
    if f.blocks is None:
        f.blocks = []
    f.blocks.append((SETUP_FINALLY, handler, len(f)))


def op_SETUP_FINALLY(f, arg, nxt):
    setup_block(f, arg)
    return nxt


def op_POP_BLOCK(f, arg, nxt):
    f.blocks.pop()
    return nxt


def op_POP_EXCEPT(f, arg, nxt):
    kind = f.blocks.pop()[0]
    if kind is not EXCEPT_HANDLER:
        raise err("SystemError", "popped block is not an except handler")
    restore_exc_info(f)
    return nxt


def reraise_triple(f):
    """Pop a (type, value, traceback) triple and re-raise its value (no new
    traceback entry: ceval's ``exception_unwind``)."""
    typ = f.pop()
    value = f.pop()
    tb = f.pop()
    decref(typ)
    if tb is not None:
        decref(tb)
    raise ev.Reraise(value)


def op_RERAISE(f, arg, nxt):
    if arg:
        f.lasti = f.blocks[-1][1]  # where the exception was first raised
    reraise_triple(f)


def _class_matches(cls, t) -> bool:
    if t.ob_type is R.types["tuple"]:
        return any(_class_matches(cls, x) for x in t.items)
    return isinstance(cls, PyType) and is_subtype(cls, t)


def op_JUMP_IF_NOT_EXC_MATCH(f, arg, nxt):
    right = f.pop()
    left = f.pop()
    try:
        ev.check_except_type(right)
        matched = _class_matches(left, right)
    finally:
        decref(left)
        decref(right)
    return nxt if matched else arg


def op_END_ASYNC_FOR(f, arg, nxt):
    if not _class_matches(f[-1], R.exc["StopAsyncIteration"]):
        reraise_triple(f)
    level = f.blocks.pop()[2]
    while len(f) > level + 3:
        v = f.pop()
        if v is not None:
            decref(v)
    restore_exc_info(f)
    decref(f.pop())  # the asynchronous iterator
    return nxt


def _special(mgr, name: str):
    """``special_lookup``: the bound ``__enter__``-like method, or the version's error."""
    meth = type_lookup(mgr.ob_type, name)
    if meth is None:
        raise err("AttributeError", name)
    get = DESCR_GET.get(meth.ob_type)
    return incref(meth) if get is None else get(meth, mgr, mgr.ob_type)


def _enter(f, enter_name: str, exit_name: str):
    """Replace the manager on top by its exit method; return enter's result."""
    mgr = f[-1]
    enter = _special(mgr, enter_name)
    try:
        exit_ = _special(mgr, exit_name)
    except BaseException:
        decref(enter)
        raise
    f[-1] = exit_
    decref(mgr)
    try:
        return abstract.call(enter, [])
    finally:
        decref(enter)


def op_SETUP_WITH(f, arg, nxt):
    res = _enter(f, "__enter__", "__exit__")
    setup_block(f, arg)
    f.append(res)
    return nxt


def op_BEFORE_ASYNC_WITH(f, arg, nxt):
    f.append(_enter(f, "__aenter__", "__aexit__"))
    return nxt


def op_SETUP_ASYNC_WITH(f, arg, nxt):
    res = f.pop()
    setup_block(f, arg)
    f.append(res)
    return nxt


def op_WITH_EXCEPT_START(f, arg, nxt):
    # exit(type, value, traceback): the handler's triple on top, the previous
    # exception's triple under it, the exit method under that
    f.append(abstract.call(f[-7], [f[-1], f[-2], f[-3]]))
    return nxt


# -- generators --------------------------------------------------------------------------------

def op_GEN_START(f, arg, nxt):
    decref(f.pop())  # the None of the first send
    return nxt


def op_YIELD_VALUE(f, arg, nxt):
    v = f.pop()
    if f.code.flags & 0x200:  # an async generator wraps what it yields
        from .generators import wrap_async_value
        w = wrap_async_value(v)
        decref(v)
        v = w
    f.retval = v
    f.pc = nxt
    f.gen.yielded = True
    return -1


def op_YIELD_FROM(f, arg, nxt):
    """Send into the receiver; yield what it yields and run again on resumption (with
    the value sent then), or replace the receiver by what it returned."""
    from .generators import send_value
    v = f.pop()
    receiver = f[-1]
    try:
        result, returned = send_value(receiver, v)
    finally:
        decref(v)
    if returned:
        f[-1] = result
        decref(receiver)
        return nxt
    f.retval = result
    f.pc = nxt - 1
    f.gen.yielded = True
    return -1


# -- match -------------------------------------------------------------------------------------

def op_MATCH_CLASS(f, arg, nxt):
    names = f.pop()
    cls = f[-1]
    subject = f[-2]
    try:
        attrs = STATE.vm.match_class(subject, cls, arg, names)
    finally:
        decref(names)
    if attrs is NONE:
        decref(attrs)
    else:
        f[-2] = attrs
        decref(subject)
    f[-1] = FALSE if attrs is NONE else TRUE
    decref(cls)
    return nxt


def op_MATCH_KEYS(f, arg, nxt):
    ev.op_MATCH_KEYS(f, arg, nxt)
    f.append(FALSE if f[-1] is NONE else TRUE)
    return nxt


def op_COPY_DICT_WITHOUT_KEYS(f, arg, nxt):
    from ..objects.mappings import dict_merge
    keys = f[-1]
    rest = new_dict()
    try:
        dict_merge(rest, f[-2])
        for k in keys.items:
            abstract.delitem(rest, k)
    except BaseException:
        decref(rest)
        raise
    f[-1] = rest
    decref(keys)
    return nxt


registry.register({
    "ROT_TWO": op_ROT_TWO, "ROT_THREE": op_ROT_THREE, "ROT_FOUR": op_ROT_FOUR,
    "ROT_N": op_ROT_N, "DUP_TOP": op_DUP_TOP, "DUP_TOP_TWO": op_DUP_TOP_TWO,
    "LOAD_GLOBAL": op_LOAD_GLOBAL, "CALL_FUNCTION": op_CALL_FUNCTION,
    "CALL_FUNCTION_KW": op_CALL_FUNCTION_KW, "CALL_FUNCTION_EX": op_CALL_FUNCTION_EX,
    "CALL_METHOD": op_CALL_METHOD, "LOAD_CLOSURE": ev.op_LOAD_CLOSURE,
    "MAKE_FUNCTION": op_MAKE_FUNCTION, "PRINT_EXPR": op_PRINT_EXPR,
    "JUMP_ABSOLUTE": ev.op_JUMP, "POP_JUMP_IF_FALSE": ev.op_POP_JUMP_IF_FALSE,
    "POP_JUMP_IF_TRUE": ev.op_POP_JUMP_IF_TRUE,
    "JUMP_IF_NOT_EXC_MATCH": op_JUMP_IF_NOT_EXC_MATCH,
    "SETUP_FINALLY": op_SETUP_FINALLY, "POP_BLOCK": op_POP_BLOCK,
    "POP_EXCEPT": op_POP_EXCEPT, "END_ASYNC_FOR": op_END_ASYNC_FOR,
    "SETUP_WITH": op_SETUP_WITH, "BEFORE_ASYNC_WITH": op_BEFORE_ASYNC_WITH,
    "SETUP_ASYNC_WITH": op_SETUP_ASYNC_WITH, "WITH_EXCEPT_START": op_WITH_EXCEPT_START,
    "YIELD_VALUE": op_YIELD_VALUE, "YIELD_FROM": op_YIELD_FROM,
    "MATCH_CLASS": op_MATCH_CLASS,
}, since=SINCE, until=UNTIL)
registry.register({"RERAISE": op_RERAISE}, since=(3, 9), until=UNTIL)
registry.register({"DICT_MERGE": op_DICT_MERGE}, since=(3, 9), until=UNTIL)
registry.register({
    "GEN_START": op_GEN_START, "MATCH_KEYS": op_MATCH_KEYS,
    "COPY_DICT_WITHOUT_KEYS": op_COPY_DICT_WITHOUT_KEYS,
}, since=(3, 10), until=UNTIL)
registry.register(dict.fromkeys(
    ["BINARY_" + op for op in BINARY_SYMBOLS] + ["INPLACE_" + op for op in BINARY_SYMBOLS],
    ev.op_BINARY_OP), since=SINCE, until=UNTIL)

# Behaviour 3.10 (and before) shares with 3.11.
registry.inherit("""
    NOP EXTENDED_ARG POP_TOP LOAD_CONST LOAD_FAST STORE_FAST DELETE_FAST LOAD_DEREF
    STORE_DEREF DELETE_DEREF LOAD_CLASSDEREF LOAD_NAME STORE_NAME DELETE_NAME STORE_GLOBAL
    DELETE_GLOBAL LOAD_ATTR LOAD_METHOD STORE_ATTR DELETE_ATTR UNARY_POSITIVE
    UNARY_NEGATIVE UNARY_NOT UNARY_INVERT BINARY_SUBSCR
    STORE_SUBSCR DELETE_SUBSCR BUILD_SLICE BUILD_TUPLE BUILD_LIST BUILD_SET BUILD_MAP
    BUILD_CONST_KEY_MAP BUILD_STRING LIST_APPEND SET_ADD MAP_ADD UNPACK_SEQUENCE UNPACK_EX
    GET_ITER FOR_ITER JUMP_FORWARD JUMP_IF_FALSE_OR_POP JUMP_IF_TRUE_OR_POP RETURN_VALUE
    RAISE_VARARGS LOAD_BUILD_CLASS SETUP_ANNOTATIONS IMPORT_STAR GET_YIELD_FROM_ITER
    GET_AWAITABLE GET_AITER GET_ANEXT FORMAT_VALUE
""", since=SINCE, until=UNTIL, like=(3, 11))
registry.inherit("""
    LOAD_ASSERTION_ERROR LIST_TO_TUPLE LIST_EXTEND SET_UPDATE DICT_UPDATE COMPARE_OP IS_OP
    CONTAINS_OP
""", since=(3, 9), until=UNTIL, like=(3, 11))
registry.inherit("GET_LEN MATCH_MAPPING MATCH_SEQUENCE", since=(3, 10), until=UNTIL,
                 like=(3, 11))

generators._YIELD_FROM[0] = op_YIELD_FROM
