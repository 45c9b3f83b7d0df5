"""Where an exception goes: one interface, one implementation per era.

When an instruction raises, the eval loop asks the frame's unwinder for the handler.
``handler(frame, offset, exc)`` cuts the value stack to what the handler expects,
pushes what it receives, and returns the code unit to continue at, or returns None
after emptying the stack when the frame has no handler (the exception leaves it).

- 3.11 on: the handler is the exception table entry covering ``offset``
  (:class:`ExceptionTableUnwinder`, ``Python/ceval.c`` ``exception_unwind`` with
  ``get_exception_handler``).
- 3.8 to 3.10: the handler is the innermost SETUP_FINALLY block on the frame's block
  stack (:class:`BlockStackUnwinder`), which the VM of those versions needs.

The target chooses (:func:`unwinder_for`, by ``Target.has_exception_table``).
"""

from __future__ import annotations

from typing import Any, Optional

from ..objects.core import STATE, decref, incref
from ..objects.scalars import NONE, new_int
from ..versions import Target


def _cut_stack(f: Any, depth: int) -> None:
    while len(f) > depth:
        v = f.pop()
        if v is not None:
            decref(v)


class Unwinder:
    """Finds the handler of an exception raised in a frame."""

    def handler(self, f: Any, offset: int, exc: Any) -> Optional[int]:
        raise NotImplementedError


class ExceptionTableUnwinder(Unwinder):
    """3.11+: the entry covering ``offset``; the stack is cut to its depth, then the
    offset (entries marked ``lasti``) and the exception are pushed."""

    def handler(self, f: Any, offset: int, exc: Any) -> Optional[int]:
        entry = f.code.handler_for(offset)
        if entry is None:
            _cut_stack(f, 0)
            return None
        _, _, target, depth, lasti = entry
        _cut_stack(f, depth)
        if lasti:
            f.append(new_int(offset))
        f.append(exc)
        return target


#: Block kinds on a 3.8-3.10 frame's block stack (``Include/opcode.h`` numbers are
#: not needed: the VM only tells them apart).  SETUP_FINALLY blocks come from
#: SETUP_FINALLY, SETUP_WITH and SETUP_ASYNC_WITH; the unwinder turns the one it
#: uses into an EXCEPT_HANDLER block while the handler runs.
SETUP_FINALLY = "finally"
EXCEPT_HANDLER = "except-handler"


def restore_exc_info(f) -> None:
    """``UNWIND_EXCEPT_HANDLER`` / POP_EXCEPT: pop the (type, value, traceback) saved
    under a handler into the thread's exception state.  minivm's state holds the
    value and, as the (type, value, traceback) triple of these versions does, a
    reference to its type (:func:`drop_exc_state`); the traceback is the value's,
    so its reference is dropped here rather than when the state is next replaced."""
    typ = f.pop()
    value = f.pop()
    tb = f.pop()
    stack = STATE.vm.exc_stack
    old = stack[-1]
    if value is NONE:
        decref(value)
        value = None
    stack[-1] = value
    if value is None and typ is not None:
        decref(typ)  # the state's type moves back in with its value (NULL: None here)
    drop_exc_state(old)
    if tb is not None:
        decref(tb)


def drop_exc_state(value) -> None:
    """Release an exception state of 3.8-3.10 (a handled exception the thread state
    or a suspended generator no longer holds): its type, then the value, as
    ``exc_state_clear`` and POP_EXCEPT release the triple."""
    if value is not None:
        decref(value.ob_type)
        decref(value)


class BlockStackUnwinder(Unwinder):
    """3.8-3.10: pop the frame's blocks to the innermost SETUP_FINALLY (restoring the
    exception state of each EXCEPT_HANDLER block passed), push an EXCEPT_HANDLER block,
    the previous exception triple and the new one, and jump to the block's handler
    (``exception_unwind`` in ceval.c of those versions)."""

    def handler(self, f: Any, offset: int, exc: Any) -> Optional[int]:
        blocks = f.blocks
        while blocks:
            kind, target, level = blocks.pop()
            if kind is EXCEPT_HANDLER:
                _cut_stack(f, level + 3)
                restore_exc_info(f)
                continue
            _cut_stack(f, level)
            if kind is SETUP_FINALLY:
                blocks.append((EXCEPT_HANDLER, offset, len(f)))
                state = STATE.vm.exc_stack
                prev = state[-1]
                if prev is None:
                    # an empty state is pushed as NULL, NULL, None
                    f.append(None)
                    f.append(None)
                    f.append(incref(NONE))
                else:
                    tb = prev.traceback
                    f.append(incref(tb) if tb is not None else None)
                    f.append(prev)  # the state's references move to the stack
                    f.append(prev.ob_type)
                state[-1] = incref(exc)
                incref(exc.ob_type)  # the state's triple holds the type too
                tb = exc.traceback
                f.append(incref(tb if tb is not None else NONE))
                f.append(exc)  # the raised reference moves to the stack
                f.append(incref(exc.ob_type))
                return target
        _cut_stack(f, 0)
        return None


_EXCEPTION_TABLE = ExceptionTableUnwinder()
_BLOCK_STACK = BlockStackUnwinder()


def unwinder_for(target: Target) -> Unwinder:
    """The unwinder of ``target``'s bytecode."""
    return _EXCEPTION_TABLE if target.has_exception_table else _BLOCK_STACK
