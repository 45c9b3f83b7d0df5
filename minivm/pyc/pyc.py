"""The .pyc file: PEP 552 header, marshalled code, and ``minivm compile``.

A .pyc starts with 16 bytes: the target's magic number (2 bytes little-endian,
then ``\\r\\n``), a 4-byte flags word, then either the source's mtime and size
(flags 0, "timestamp") or the 8-byte ``importlib.util.source_hash`` of the
source (flags 1 "unchecked hash", 3 "checked hash").  The marshalled code object
follows.  ``py_compile`` keeps the code object in a local variable while it
marshals it, so the top code object always carries ``FLAG_REF``; :func:`dumps`
models that.
"""

from __future__ import annotations

import os
import struct
import tempfile
from typing import Any, Dict, NamedTuple, Optional, Tuple

from ..versions import SUPPORTED_TARGETS, Target, TargetLike, get_target
from . import PycError
from . import marshal
from ..siphash import source_hash as _source_hash

HEADER_SIZE = 16

# importlib's flag bits (Lib/importlib/_bootstrap_external.py, _classify_pyc).
FLAG_HASH_BASED = 0b01
FLAG_CHECK_SOURCE = 0b10

_MAGIC_TO_TARGET: Dict[bytes, Target] = {
    get_target(v).magic_bytes: get_target(v) for v in SUPPORTED_TARGETS
}


class Header(NamedTuple):
    """The 16-byte header of a .pyc."""

    #: The version the magic number names.
    target: Target
    #: The raw flags word (0, 1 or 3 as importlib writes it).
    flags: int
    #: Source mtime and size (timestamp .pyc), else None.
    mtime: Optional[int]
    source_size: Optional[int]
    #: The 8-byte source hash (hash-based .pyc), else None.
    source_hash: Optional[bytes]

    @property
    def magic(self) -> bytes:
        return self.target.magic_bytes

    @property
    def hash_based(self) -> bool:
        return bool(self.flags & FLAG_HASH_BASED)

    @property
    def check_source(self) -> bool:
        """A hash-based .pyc whose source the import system checks (PEP 552)."""
        return self.hash_based and bool(self.flags & FLAG_CHECK_SOURCE)

    @property
    def mode(self) -> str:
        """"timestamp", "checked-hash" or "unchecked-hash" (``py_compile``'s names)."""
        if not self.hash_based:
            return "timestamp"
        return "checked-hash" if self.check_source else "unchecked-hash"


def source_hash(source: bytes, target: TargetLike = None) -> bytes:
    """``importlib.util.source_hash(source)`` as the target computes it: its keyed
    SipHash (``target.hash_algorithm``) keyed by the 4-byte magic number."""
    resolved = get_target(target)
    return _source_hash(resolved.magic_bytes, bytes(source), resolved.hash_algorithm)


def write_header(target: TargetLike = None, *, mtime: int = 0, source_size: int = 0,
                 hash_based: bool = False, check_source: bool = True,
                 source: Optional[bytes] = None) -> bytes:
    """The 16 header bytes, as ``importlib._bootstrap_external`` builds them."""
    resolved = get_target(target)
    if not hash_based:
        return resolved.magic_bytes + struct.pack(
            "<III", 0, mtime & 0xFFFFFFFF, source_size & 0xFFFFFFFF)
    if source is None:
        raise ValueError("a hash-based .pyc needs the source bytes for its source_hash")
    flags = FLAG_HASH_BASED | (FLAG_CHECK_SOURCE if check_source else 0)
    return resolved.magic_bytes + struct.pack("<I", flags) + source_hash(source, resolved)


def read_header(data: bytes) -> Header:
    """The header of a .pyc; ``PycError`` for a short file, an unknown magic
    number or flag bits importlib does not know."""
    if len(data) < 4:
        raise PycError("truncated .pyc header at offset 0: %d bytes, the magic number "
                       "needs 4" % len(data))
    magic = bytes(data[:4])
    target = _MAGIC_TO_TARGET.get(magic)
    if target is None:
        raise PycError("bad magic number %r at offset 0: not a .pyc of CPython %s" % (
            magic, ", ".join(t.name for t in _MAGIC_TO_TARGET.values())))
    if len(data) < HEADER_SIZE:
        raise PycError("truncated .pyc header at offset %d: %d bytes, a header needs %d"
                       % (len(data), len(data), HEADER_SIZE))
    (flags,) = struct.unpack_from("<I", data, 4)
    if flags & ~(FLAG_HASH_BASED | FLAG_CHECK_SOURCE):
        raise PycError("invalid flags %#x at offset 4: importlib knows only bits 0 and 1"
                       % flags)
    if flags & FLAG_HASH_BASED:
        return Header(target, flags, None, None, bytes(data[8:16]))
    mtime, size = struct.unpack_from("<II", data, 8)
    return Header(target, flags, mtime, size, None)


def dumps(code: Any, *, mtime: int = 0, source_size: int = 0, hash_based: bool = False,
          check_source: bool = True, source: Optional[bytes] = None) -> bytes:
    """See :func:`minivm.pyc.dumps`."""
    target = getattr(code, "target", None)
    if not isinstance(target, Target):
        raise TypeError("minivm.pyc.dumps needs a minivm Code, not %s" % type(code).__name__)
    header = write_header(target, mtime=mtime, source_size=source_size,
                          hash_based=hash_based, check_source=check_source, source=source)
    return header + marshal.dumps(code, target, held=True)


def loads(data: bytes, ordered_frozensets: bool = False) -> Tuple[Header, Any]:
    """See :func:`minivm.pyc.loads`; ``ordered_frozensets`` keeps frozenset constants in
    file order, as the target's own sets after loading (for ``dis`` and the VM)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("a .pyc must be bytes-like, not %s" % type(data).__name__)
    data = bytes(data)
    header = read_header(data)
    code = marshal.loads(data[HEADER_SIZE:], header.target, base=HEADER_SIZE,
                         ordered_frozensets=ordered_frozensets)
    if not isinstance(code, marshal.Code):
        raise PycError("the object at offset %d is %s, not a code object"
                       % (HEADER_SIZE, type(code).__name__))
    return header, code


# -- minivm compile ---------------------------------------------------------------


def cache_path(path: str, target: TargetLike = None) -> str:
    """``importlib.util.cache_from_source(path)`` for the target:
    ``DIR/__pycache__/NAME.cpython-3X.pyc``."""
    head, tail = os.path.split(path)
    base = tail.rpartition(".")[0] if "." in tail else tail
    return os.path.join(head, "__pycache__",
                        "%s.%s.pyc" % (base, get_target(target).cache_tag))


def compile_file(path: str, output: Optional[str] = None, target: TargetLike = None) -> str:
    """Compile ``path`` with :func:`minivm.compile` and write its .pyc as
    ``py_compile.compile(path)`` would (timestamp header, or checked hash when
    ``SOURCE_DATE_EPOCH`` is set); returns the path written.  The file appears
    atomically: written beside its destination, then renamed over it."""
    import minivm

    resolved = get_target(target)
    with open(path, "rb") as handle:
        source = handle.read()
    stat = os.stat(path)
    code = minivm.compile(source, filename=path, mode="exec", target=resolved)
    hash_based = bool(os.environ.get("SOURCE_DATE_EPOCH"))
    data = dumps(code, mtime=int(stat.st_mtime), source_size=stat.st_size,
                 hash_based=hash_based, check_source=True, source=source)
    destination = output or cache_path(path, resolved)
    _write_atomic(destination, data, (stat.st_mode | 0o200) & 0o666)
    return destination


def _write_atomic(path: str, data: bytes, mode: int) -> None:
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    if os.path.islink(path) or (os.path.exists(path) and not os.path.isfile(path)):
        raise FileExistsError("%s is a symlink or not a regular file; not overwriting it"
                              % path)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".minivm-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
