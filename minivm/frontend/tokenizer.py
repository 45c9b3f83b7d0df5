"""Tokenizer (not implemented yet: see the front-end issue)."""

from __future__ import annotations

from .. import NotImplementedStage


def tokenize(source, target):
    raise NotImplementedStage("minivm.tokenize: the tokenizer is not implemented yet")
