"""Expected values from the host interpreter itself, for differential tests.

The host IS a real CPython of the version under test (tox runs one env per version), so
its ``symtable`` and ``compile`` are the oracle for the host target.  Only tests and dev
scripts import this module; minivm never does.
"""

from __future__ import annotations

import os
import sysconfig


#: Test snippets written in a grammar newer than 3.8, by name, with the version that
#: introduced it: an older host cannot parse them, and its target has no such code.
GRAMMAR_SINCE = {"match": (3, 10), "exceptions": (3, 11), "artificial_jumps": (3, 11),
                 "type_params": (3, 12)}


def host_snippets(snippets, host_version):
    """The names of ``snippets`` the host's grammar has, sorted."""
    return sorted(name for name in snippets
                  if host_version >= GRAMMAR_SINCE.get(name, (3, 8)))


def symtable_json(source, filename="<test>"):
    """The real ``symtable`` module's tables in the oracle's schema."""
    import symtable
    return _table_json(symtable.symtable(source, filename, "exec"))


def _table_json(table):
    kind = table.get_type()
    return {
        "type": getattr(kind, "value", kind),
        "name": table.get_name(),
        "lineno": table.get_lineno(),
        "optimized": table.is_optimized(),
        "nested": table.is_nested(),
        # The raw C flags word (ste_symbols), which symtable.Symbol keeps privately.
        "symbols": [[name, table._table.symbols[name]] for name in table.get_identifiers()],
        "children": [_table_json(child) for child in table.get_children()],
    }


def stdlib_files(every=1):
    """Every ``.py`` file of the host's standard library (sorted), or every Nth."""
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("site-packages", "__pycache__")]
        found.extend(os.path.join(folder, name) for name in files if name.endswith(".py"))
    found.sort()
    return found[::every]


def read_parseable(path):
    """``(source_bytes, tree)`` of a file, or None if the host cannot parse it."""
    import ast
    import warnings
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return source, ast.parse(source, path)
    except (SyntaxError, ValueError):
        return None
