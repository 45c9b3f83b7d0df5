"""Parser (not implemented yet: see the front-end issue)."""

from __future__ import annotations

from .. import NotImplementedStage


def parse(source, filename, mode, target):
    raise NotImplementedStage("minivm.parse: the parser is not implemented yet")
