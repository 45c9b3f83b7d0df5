"""Disassembler (not implemented yet: see the compiler issue)."""

from __future__ import annotations

from .. import NotImplementedStage


def dis(code_or_source, target, file=None):
    raise NotImplementedStage("minivm.dis: the disassembler is not implemented yet")
