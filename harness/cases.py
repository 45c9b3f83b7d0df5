"""``Case``: one program under test, wherever it came from (a file, the corpus, a
generator), with the header facts the harness needs.

Corpus programs start with header comments::

    # feature: closures, cells
    # requires: 3.10

``feature`` tags feed the feature x version matrix of reports; ``requires`` is the
first version the program is valid for (older versions skip it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Tuple

_HEADER = re.compile(rb"^#\s*(feature|features|requires)\s*:\s*(.*?)\s*$", re.M)
_PROBES = re.compile(rb"getrefcount|__del__|weakref|gc\.collect|gc\.get_")

#: Feature tags whose programs are judged on the ``refcount`` layer.
REFCOUNT_FEATURES = frozenset({"refcount", "del", "weakref", "gc", "cycles", "finalizer"})


@dataclass(frozen=True)
class Case:
    """A program and where it came from.  ``filename`` is what static layers pass to
    ``compile`` (co_filename); exec runs it as ``basename(filename)`` in a fresh
    directory, as ``python3.X FILE`` would."""

    id: str
    source: bytes
    filename: str = "prog.py"
    features: Tuple[str, ...] = ()
    requires: Optional[Tuple[int, int]] = None
    origin: str = ""
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        return self.source.decode("utf-8", "replace")

    @property
    def script_name(self) -> str:
        return os.path.basename(self.filename) or "prog.py"

    def applies_to(self, version: str) -> bool:
        if self.requires is None:
            return True
        major, minor = (int(p) for p in version.split("."))
        return (major, minor) >= self.requires

    @property
    def probes_refcounts(self) -> bool:
        """Does the program observe reference counts, finalizers or the collector?"""
        return bool(REFCOUNT_FEATURES.intersection(self.features)) or \
            bool(_PROBES.search(self.source))


def parse_header(source: bytes) -> Tuple[Tuple[str, ...], Optional[Tuple[int, int]]]:
    """Feature tags and minimum version from a program's leading comments."""
    features: List[str] = []
    requires = None
    head = b"\n".join(source.splitlines()[:10])
    for key, value in _HEADER.findall(head):
        text = value.decode("utf-8", "replace")
        if key.startswith(b"feature"):
            features.extend(t.strip() for t in text.split(",") if t.strip())
        else:
            parts = text.strip().split(".")
            if len(parts) == 2 and all(p.isdigit() for p in parts):
                requires = (int(parts[0]), int(parts[1]))
            else:
                raise ValueError("bad '# requires:' header %r: expected 3.X" % text)
    return tuple(features), requires


def case_from_file(path: str, root: Optional[str] = None) -> Case:
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        features, requires = parse_header(source)
    except ValueError as error:
        raise ValueError("%s: %s" % (path, error))
    shown = os.path.relpath(path, root) if root else path
    return Case(id=shown, source=source, filename=path, features=features,
                requires=requires, origin=path)


def python_files(paths: Iterable[str]) -> List[str]:
    """The .py files named, and those under named directories, sorted; raises
    FileNotFoundError naming a path that does not exist."""
    found: List[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".py"))
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise FileNotFoundError("no such file or directory: %s" % path)
    return found


def cases_from_paths(paths: Iterable[str]) -> List[Case]:
    return [case_from_file(p) for p in python_files(paths)]
