"""Interpreter entry point (not implemented yet: see the VM issue)."""

from __future__ import annotations

from .. import NotImplementedStage


def run(source_or_code, target, filename="<string>"):
    raise NotImplementedStage("minivm.run: the VM is not implemented yet")
