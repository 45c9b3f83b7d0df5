"""Frames and decoded code.

:class:`CodeInfo` is the VM's per-code-object record: constants as minivm objects,
the instruction stream decoded once into ``instrs`` (one entry per code unit, so
jump targets, exception-table offsets and traceback offsets are code-unit indices;
cache units hold ``None``), the parsed exception table and, on demand, positions.

A :class:`Frame` *is* its value stack (a host list subclass), because pushing and
popping are the commonest operations of the eval loop and this saves an attribute
load on each.  Frames are counted like objects (tracebacks hold them), and when
the count reaches zero the locals are released in slot order, as CPython clears
``localsplus``.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from ..objects.core import ALLOC, R, decref, frame_freed, frame_made, frame_object
from ..tables.linetable import line_ranges, positions as parse_locations


class CodeInfo:
    """Decoded code object (see module docstring)."""

    __slots__ = ("co", "consts", "names", "instrs", "exc_table", "nlocalsplus",
                 "localsplusnames", "kinds", "positions", "obj", "has_docstring",
                 "name_objs", "cell_index", "qualname_obj", "is_gen", "argcount",
                 "total_args", "flags", "varnames", "simple_args", "entry")

    def __init__(self, co, consts, instrs, exc_table) -> None:
        self.co = co
        self.consts = consts
        self.instrs = instrs
        self.exc_table = exc_table
        self.names = co.co_names
        self.localsplusnames = co.co_localsplusnames
        self.kinds = co.co_localspluskinds
        self.nlocalsplus = len(self.localsplusnames)
        self.positions = None
        self.obj = None
        self.has_docstring = True
        self.flags = co.co_flags
        self.is_gen = bool(co.co_flags & 0x2a0)
        self.argcount = co.co_argcount
        self.total_args = co.co_argcount + co.co_kwonlyargcount
        # Positional parameters only (no *args, **kwargs, keyword-only): a call
        # with exactly that many positional arguments just fills the first slots.
        self.simple_args = not co.co_flags & 0x0c and not co.co_kwonlyargcount
        self.varnames = co.co_varnames
        #: where a new frame starts: 0, or (before 3.11) the prologue entry the
        #: interpreter appends after the code (cells, free variables, generator)
        self.entry = 0

    def handler_for(self, offset: int) -> Optional[Tuple[int, int, int, int, bool]]:
        for entry in self.exc_table:
            if entry[0] <= offset < entry[1]:
                return entry
        return None

    def location(self, offset: int) -> Tuple[Optional[int], Optional[int], Optional[int],
                                              Optional[int]]:
        """(line, end_line, col, end_col) of the instruction at code unit ``offset``."""
        if self.positions is None:
            self.positions = _positions(self.co, len(self.instrs))
        if 0 <= offset < len(self.positions):
            return self.positions[offset]
        return (None, None, None, None)

    def line_of(self, offset: int) -> Optional[int]:
        return self.location(offset)[0]


def _positions(co, ncodeunits: int) -> list:
    """One (line, end line, column, end column) per code unit, from the target's
    line table; the formats before 3.11 give lines only (no columns, no carets)."""
    from ..objects.core import STATE
    fmt = STATE.target.line_table_format
    if fmt == "locations":
        return parse_locations(co.co_linetable, co.co_firstlineno, ncodeunits)
    out: List[Any] = [(None, None, None, None)] * ncodeunits
    for start, end, line in line_ranges(fmt, co.co_linetable, co.co_firstlineno,
                                        len(co.co_code)):
        for unit in range(start // 2, min(end // 2, ncodeunits)):
            out[unit] = (line, line, None, None)
    return out


_FRAME_TYPE: List[Any] = []


class Frame(list):
    """An executing (or suspended) function activation; the list is its value stack."""

    __slots__ = ("ob_refcnt", "ob_type", "code", "fast", "globals", "builtins", "locals",
                 "func", "pc", "retval", "back", "kwnames", "gen", "lasti", "cleared",
                 "is_module", "call_pc", "ob_weak", "blocks", "counted", "owns_back")

    def __init__(self, code: CodeInfo, globals_, builtins, locals_, func) -> None:
        self.ob_refcnt = 1
        self.ob_type = _FRAME_TYPE[0] if _FRAME_TYPE else R.types["frame"]
        self.code = code
        self.fast = [None] * code.nlocalsplus
        self.globals = globals_
        self.builtins = builtins
        self.locals = locals_
        self.func = func
        self.pc = code.entry
        self.retval = None
        self.back = None
        self.kwnames = None
        self.gen = None
        self.lasti = 0
        self.cleared = False
        self.is_module = False
        self.call_pc = 0
        self.ob_weak = None
        #: the block stack (3.8-3.10 bytecode): (kind, handler, stack level) each,
        #: made by the first SETUP_* (see unwind.BlockStackUnwinder)
        self.blocks = None
        #: the collector's count of it: False not counted, True its frame object
        #: was (3.11+), None freed (see objects.core.frame_made)
        self.counted = False
        #: whether ``back`` is a reference of its own (the frame outlived its call,
        #: see keep_back) rather than the borrowed link of a running frame
        self.owns_back = False
        if ALLOC.zombies is not None:
            frame_made(code)

    def __repr__(self) -> str:
        return "<minivm frame %s>" % self.code.co.co_qualname

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other

    def clear_locals(self) -> None:
        """Release locals (in slot order) and what is left on the stack."""
        if self.cleared:
            return
        self.cleared = True
        fast = self.fast
        for i, v in enumerate(fast):
            if v is not None:
                fast[i] = None
                v.ob_refcnt -= 1
                if v.ob_refcnt == 0:
                    v.ob_type.tp_dealloc(v)
        while self:
            v = self.pop()
            if v is not None:
                decref(v)
        if self.locals is not None and not self.is_module:
            loc, self.locals = self.locals, None
            decref(loc)
        func, self.func = self.func, None
        if func is not None:
            decref(func)


def frame_dealloc(f: Frame) -> None:
    f.clear_locals()
    back = f.back
    f.back = None
    if f.owns_back:
        f.owns_back = False
        decref(back)
    frame_freed(f)


def keep_back(frame: Frame) -> None:
    """``frame`` stops running while something else still holds it (a traceback,
    ``sys._getframe()``): it keeps its caller's frame alive through ``f_back``,
    as every frame before 3.11 holds its caller and as take_ownership links a
    frame object to its caller's from 3.11 (making that one then).  A frame
    nobody else holds, or a generator's, drops the link.  Called by whoever
    popped ``frame`` off the frame stack."""
    back = frame.back
    if back is None or frame.owns_back:
        return
    if frame.ob_refcnt > 1 and (frame.counted or ALLOC.zombies is not None):
        if ALLOC.zombies is None:
            frame_object(back)
        back.ob_refcnt += 1
        frame.owns_back = True
    else:
        frame.back = None


# -- frame objects as programs see them (sys._getframe(), tb_frame) --------------------------

def code_object(info: CodeInfo):
    """The program-visible code object of a CodeInfo (made once, immortal)."""
    if info.obj is None:
        from ..objects.core import IMMORTAL
        from ..objects.functions import PyCodeObj, code_type
        obj = PyCodeObj.__new__(PyCodeObj)
        obj.ob_refcnt = IMMORTAL
        obj.ob_type = code_type
        obj.info = info
        info.obj = obj
    return info.obj


def frame_lineno(f: Frame) -> int:
    """The line the frame is at: its current call, its suspension point, or where
    an exception left it."""
    if f.gen is not None and f.gen.state == "suspended":
        index = f.pc - 1
    elif f.call_pc:
        index = f.call_pc - 1
    else:
        index = f.lasti
    while index > 0 and f.code.instrs[index] is None:
        index -= 1
    line = f.code.line_of(max(index, 0))
    return line if line is not None else f.code.co.co_firstlineno


def frame_locals_dict(f: Frame):
    """A dict of the frame's variables (PyFrame_GetLocals before 3.13): the locals
    mapping of a module or class frame, else a snapshot of the fast locals."""
    from ..objects.core import incref
    if f.locals is not None:
        return incref(f.locals)
    from ..objects.dictobject import dict_setitem_str, new_dict
    d = new_dict()
    for name, kind, v in zip(f.code.localsplusnames, f.code.kinds, f.fast):
        if v is None:
            continue
        if kind & 0xc0 and v.ob_type is R.types["cell"]:
            v = v.ref
            if v is None:
                continue
        dict_setitem_str(d, name, v)
    return d


def install_frame_attributes(frame_type) -> None:
    from ..objects.core import incref
    from ..objects.scalars import NONE, new_int
    from ..objects.typeobject import getset, method
    getset(frame_type, "f_globals")(lambda f: incref(f.globals))
    getset(frame_type, "f_builtins")(lambda f: incref(f.builtins))
    getset(frame_type, "f_code")(lambda f: incref(code_object(f.code)))
    getset(frame_type, "f_back")(lambda f: incref(f.back if f.back is not None else NONE))
    getset(frame_type, "f_lineno")(lambda f: new_int(frame_lineno(f)))
    getset(frame_type, "f_lasti")(lambda f: new_int(2 * (f.call_pc - 1 if f.call_pc
                                                        else f.lasti)))
    getset(frame_type, "f_trace")(lambda f: incref(NONE))
    getset(frame_type, "f_locals")(_f_locals)
    method(frame_type, "clear", 0)(lambda f: incref(NONE))
    frame_type.tp_hasweak = True


def _f_locals(f):
    from ..objects.core import STATE
    if f.locals is None and STATE.target.runtime("frame_locals_proxy"):
        from ..builtins.framelocals import new_frame_locals_proxy
        return new_frame_locals_proxy(f)
    return frame_locals_dict(f)
