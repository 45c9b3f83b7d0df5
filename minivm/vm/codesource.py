"""Where ``import`` finds the code of pure-Python modules: *code sources*.

A code source is any object with ``find(name, path) -> Found or None``: ``name``
is the module's full dotted name and ``path`` the parent package's ``__path__``
entries (host directory names), or None for a top-level module.  The VM asks it
only for modules that are neither in ``sys.modules`` nor native.

:class:`StdlibPyc` is the default: it finds modules in the target's standard
library and loads the ``.pyc`` files CPython compiled for them (with
:func:`minivm.pyc.loads`, minivm's own marshal reader), from the library's
``__pycache__`` directories or from a cache directory of compiled files
(``python3.X -m compileall -d`` output), or compiles the source with minivm's
compiler when it has one for the target.  The library is found from
``MINIVM_STDLIB_3_X`` (or ``MINIVM_STDLIB`` for any target), else from the usual
install locations of CPython 3.X (the host's own library when the host is the
target, pyenv, /usr/lib, /usr/local/lib).

A plain callable ``source(name) -> (Code, filename) or None`` (the older
interface, used by tests that supply CPython-compiled code) is accepted as well.
"""

from __future__ import annotations

import glob
import os
from typing import Any, Callable, List, NamedTuple, Optional, Sequence


class Found(NamedTuple):
    """A module's code: ``code`` (a Code), its ``filename`` (the source file, as
    ``__file__`` and tracebacks show it), ``cached`` (the .pyc read, or None),
    and for a package the ``search_path`` its submodules are looked up in."""
    code: Any
    filename: str
    cached: Optional[str]
    search_path: Optional[List[str]]


class CallableSource:
    """Adapter for the older ``source(name) -> (Code, filename) or None``."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def find(self, name: str, path: Optional[Sequence[str]]) -> Optional[Found]:
        found = self.fn(name)
        if found is None:
            return None
        code, filename = found[0], found[1]
        is_package = os.path.basename(filename) == "__init__.py"
        return Found(code, filename, None,
                     [os.path.dirname(filename)] if is_package else None)


def as_code_source(source: Any) -> Any:
    if source is None or hasattr(source, "find"):
        return source
    return CallableSource(source)


def _candidate_libdirs(target) -> List[str]:
    """Directories that may hold CPython 3.X's standard library, most specific first."""
    name = "python%s" % target.name
    env = os.environ.get("MINIVM_STDLIB_%d_%d" % target.version) or \
        os.environ.get("MINIVM_STDLIB")
    dirs = [env] if env else []
    here = os.path.dirname(os.__file__)
    if os.path.basename(here) == name:
        dirs.append(here)
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    dirs.extend(sorted(glob.glob(os.path.join(pyenv, "versions", target.name + ".*", "lib",
                                              name)), reverse=True))
    for prefix in ("/usr/local/lib", "/usr/lib", "/opt/python/lib"):
        dirs.append(os.path.join(prefix, name))
    return [d for d in dirs if os.path.isfile(os.path.join(d, "os.py"))]


class StdlibPyc:
    """The target's standard library, from its compiled .pyc files."""

    def __init__(self, target, libdir: Optional[str] = None,
                 cache_dir: Optional[str] = None) -> None:
        self.target = target
        dirs = [libdir] if libdir else _candidate_libdirs(target)
        self.libdir = dirs[0] if dirs else None
        self.cache_dir = cache_dir or os.environ.get("MINIVM_PYC_CACHE")

    def find(self, name: str, path: Optional[Sequence[str]]) -> Optional[Found]:
        """``name`` in the folders of ``path`` (for a top-level module the importer
        passes sys.path's directories), else in the library folder."""
        if path is None:
            if self.libdir is None:
                return None
            path = [self.libdir]
        leaf = name.rpartition(".")[2]
        for folder in path:
            package = os.path.join(folder, leaf, "__init__.py")
            if os.path.isfile(package):
                return self._load(package, [os.path.join(folder, leaf)])
            module = os.path.join(folder, leaf + ".py")
            if os.path.isfile(module):
                return self._load(module, None)
        return None

    def _pyc_for(self, source: str) -> Optional[str]:
        folder, base = os.path.split(source)
        stem = base[:-3]
        pyc = os.path.join(folder, "__pycache__", "%s.%s.pyc" % (stem, self.target.cache_tag))
        if os.path.isfile(pyc):
            return pyc
        if self.cache_dir and self.libdir and \
                os.path.commonpath([self.libdir, pyc]) == self.libdir:
            rel = os.path.relpath(pyc, self.libdir)
            cached = os.path.join(self.cache_dir, rel)
            if os.path.isfile(cached):
                return cached
        return None

    def _load(self, source: str, search_path: Optional[List[str]]) -> Found:
        from .. import NotImplementedStage
        pyc = self._pyc_for(source)
        if pyc is not None:
            with open(pyc, "rb") as handle:
                data = handle.read()
            return Found(read_pyc(data), source, pyc, search_path)
        from .. import compile as minivm_compile
        with open(source, "rb") as handle:
            text = handle.read()
        try:
            code = minivm_compile(text, filename=source, mode="exec", target=self.target)
        except NotImplementedStage:
            raise ImportError("no compiled code for %s (no .pyc in __pycache__ or "
                              "MINIVM_PYC_CACHE, and no minivm compiler for %s)"
                              % (source, self.target.name)) from None
        return Found(code, source, None, search_path)


def read_pyc(data: bytes) -> Any:
    """The code of a .pyc, with frozenset constants in CPython's order (see
    :class:`~minivm.compiler.code.OrderedFrozenset`)."""
    from ..pyc import PycError
    from ..pyc.marshal import Code, loads
    from ..pyc.pyc import HEADER_SIZE, read_header
    header = read_header(data)
    code = loads(data[HEADER_SIZE:], header.target, base=HEADER_SIZE, ordered_frozensets=True)
    if not isinstance(code, Code):
        raise PycError("the object at offset %d is %s, not a code object"
                       % (HEADER_SIZE, type(code).__name__))
    return code


def default_code_source(target) -> Any:
    return StdlibPyc(target)

