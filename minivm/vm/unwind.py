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

from .. import NotImplementedStage
from ..objects.core import decref
from ..objects.scalars import new_int
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


class BlockStackUnwinder(Unwinder):
    """3.8-3.10: pop the frame's blocks to the innermost SETUP_FINALLY (restoring the
    exception state of each EXCEPT_HANDLER block passed), push an EXCEPT_HANDLER block,
    the previous exception triple and the new one, and jump to the block's handler."""

    def handler(self, f: Any, offset: int, exc: Any) -> Optional[int]:
        raise NotImplementedStage("not implemented: block-stack unwinding "
                                  "(the VM for 3.8-3.10 bytecode)")


_EXCEPTION_TABLE = ExceptionTableUnwinder()
_BLOCK_STACK = BlockStackUnwinder()


def unwinder_for(target: Target) -> Unwinder:
    """The unwinder of ``target``'s bytecode."""
    return _EXCEPTION_TABLE if target.has_exception_table else _BLOCK_STACK
