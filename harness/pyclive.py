"""Strings the writing process of ``py_compile`` already holds (``live_strings``).

Before 3.11 marshal flags an interned string for back-references when its
reference count is above 1, and a name the writing interpreter holds elsewhere
(a module it imported itself, the ast module's field names...) has such an
outside reference; from 3.13 the same knowledge decides which qualname constant
a class body owns.  That is state of the process, not of the code, so it is
asked of a fresh ``python3.X`` that did what ``py_compile`` does before writing:
import py_compile and compile once.  ``benchmarks/pyc_stdlib.py --live`` and the
pyc tests pass the answer to ``minivm.pyc.dumps(..., live_strings=...)``.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any, Iterable, Optional, Set

#: The query, run as ``python3.X -c QUERY HEX...``: prints the hex (UTF-8) of
#: each given string that is already interned as another object.
QUERY = (
    "import py_compile, sys\n"
    # Compile as py_compile does, keywords included: 3.9+ interns the ast module's
    # field names then, and the keyword parser of compile() its argument names.
    "compile('', '', 'exec', dont_inherit=True, optimize=-1)\n"
    "found = []\n"
    "for i in sys.argv[1:]:\n"
    "    s = bytes.fromhex(i).decode('utf-8', 'surrogatepass')\n"
    "    if sys.intern(s) is not s: found.append(i)\n"
    "print(' '.join(found))\n"
)


def writer_env() -> dict:
    """The environment ``py_compile`` runs in for the oracle."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    for name in ("SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def candidate_strings(code: Any, into: Optional[Set[str]] = None) -> Set[str]:
    """Every name and string constant of ``code`` (a host code object or a
    ``minivm`` Code) and of its nested code."""
    into = set() if into is None else into
    into.update(code.co_names, code.co_varnames, code.co_cellvars, code.co_freevars)
    into.update((code.co_name, getattr(code, "co_qualname", code.co_name)))
    for const in code.co_consts:
        _strings(const, into)
    return into


def _strings(value: Any, into: Set[str]) -> None:
    if hasattr(value, "co_consts"):
        candidate_strings(value, into)
    elif type(value) is str:
        into.add(value)
    elif type(value) in (tuple, frozenset):
        for item in value:
            _strings(item, into)


def query_live(python: str, candidates: Iterable[str], chunk: int = 60000) -> Set[str]:
    """The candidates a fresh ``python`` (path of python3.X) already holds; one
    process per ``chunk`` bytes of arguments (a string's answer does not depend
    on the others).  One-character strings are left out: they are always shared."""
    wanted = [s.encode("utf-8", "surrogatepass").hex() for s in sorted(candidates) if len(s) > 1]
    found: Set[str] = set()
    while wanted:
        size = count = 0
        while count < len(wanted) and size < chunk:
            size += len(wanted[count]) + 1
            count += 1
        out = subprocess.run([python, "-c", QUERY] + wanted[:count], env=writer_env(),
                             stdout=subprocess.PIPE, check=True, timeout=120).stdout
        found.update(bytes.fromhex(h).decode("utf-8", "surrogatepass")
                     for h in out.decode().split())
        wanted = wanted[count:]
    return found
