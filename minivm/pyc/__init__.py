"""Reading and writing .pyc files for every target 3.8-3.13.

``dumps(code, ...)`` gives the bytes ``py_compile`` writes for a code object (the
16-byte PEP 552 header, then the marshalled code); ``loads(data)`` reads any
.pyc of a supported version back into ``(header, Code)``.  The marshal format
itself is in :mod:`minivm.pyc.marshal`, the model of which objects CPython shares
(which decides ``FLAG_REF`` and so the exact bytes) in :mod:`minivm.pyc.sharing`,
the header and ``minivm compile`` in :mod:`minivm.pyc.pyc`, SipHash in
:mod:`minivm.pyc.siphash`.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple


class PycError(ValueError):
    """Malformed .pyc or marshal data; the message names the offset and the problem."""


def dumps(code: Any, *, mtime: int = 0, source_size: int = 0, hash_based: bool = False,
          check_source: bool = True, source: Optional[bytes] = None) -> bytes:
    """A whole .pyc for ``code`` (a :class:`~minivm.Code`), for ``code.target``:
    timestamp header (``mtime``, ``source_size``) by default, or with
    ``hash_based`` the checked / unchecked hash header, whose ``source_hash`` is
    computed from ``source`` (the source file's bytes, required then)."""
    from . import pyc
    return pyc.dumps(code, mtime=mtime, source_size=source_size, hash_based=hash_based,
                     check_source=check_source, source=source)


def loads(data: bytes) -> Tuple[Any, Any]:
    """``(header, Code)`` from a whole .pyc; the magic number chooses the target.
    Raises :class:`PycError` (naming the offset) on any malformed input."""
    from . import pyc
    return pyc.loads(data)
