"""``Outcome``: what running a program produced, in the terms ``python3.X FILE`` has."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


class ProcessExit(BaseException):
    """``os._exit(status)``: the process ends at once.  A host exception, not a
    minivm one, so that no ``except``/``finally`` of the program, no atexit
    callback and no finalizer runs while it unwinds to the interpreter's top."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Outcome:
    """The observable result of one program run.

    ``stdout`` and ``stderr`` are the text the program wrote (stderr includes the
    traceback CPython prints for an uncaught exception); ``exit_status`` is the
    process status ``python3.X FILE`` would have (0, 1 for an uncaught exception,
    the ``SystemExit`` code); ``exception`` names the uncaught exception's type
    (``"ZeroDivisionError"``) and ``message`` its ``str()``, both ``None`` when the
    program ended normally.
    """

    stdout: str = ""
    stderr: str = ""
    exit_status: int = 0
    exception: Optional[str] = None
    message: Optional[str] = None
    extra: dict = field(default_factory=dict)
