"""Reading and writing .pyc files (not implemented yet: see the pyc issue)."""

from __future__ import annotations

from .. import NotImplementedStage


class PycError(ValueError):
    """Malformed .pyc or marshal data; the message names the offset and the problem."""


def dumps(code, *, mtime=0, source_size=0, hash_based=False, check_source=True, source=None):
    raise NotImplementedStage("minivm.pyc.dumps: the .pyc writer is not implemented yet")


def loads(data):
    raise NotImplementedStage("minivm.pyc.loads: the .pyc reader is not implemented yet")
