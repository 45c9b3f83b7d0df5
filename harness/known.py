"""The known-differences registry: every difference pyconform accepts on purpose.

Nothing is normalized away anywhere else.  A comparator first compares the raw
artifacts; only when they differ does it apply, one by one, the entries registered
for its layer, and if the normalized artifacts are then equal the verdict is
``known`` (listing the entries used), never ``pass``.  Reports show known
differences apart from passes, with the reason given here.

Each entry says what it rewrites, on which layers, and why the difference says
nothing about conformance.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Tuple


@dataclass(frozen=True)
class KnownDifference:
    """One accepted difference.  ``rewrite`` maps a text to its normalized form and
    must be idempotent; ``layers`` are the layers whose text fields it applies to."""

    name: str
    layers: Tuple[str, ...]
    reason: str
    rewrite: Callable[[str], str]


_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{4,16}\b")

REGISTRY: Dict[str, KnownDifference] = {}


def register(entry: KnownDifference) -> KnownDifference:
    REGISTRY[entry.name] = entry
    return entry


register(KnownDifference(
    name="memory-address",
    layers=("exec", "refcount", "dis"),
    reason="Default reprs (<A object at 0x...>, <function f at 0x...>, <code object ... at "
           "0x...>) show where an object lives in memory, which differs between any two "
           "processes, CPython's own included.",
    rewrite=lambda text: _ADDRESS.sub("0x…", text),
))

#: Not a rewrite applied by comparators: the runners already print each case's
#: throwaway directory as ``<case>``.  Listed so reports can say it happened.
CASE_DIRECTORY = register(KnownDifference(
    name="case-directory",
    layers=("exec", "refcount"),
    reason="Every program runs in a fresh temporary directory, and from 3.9 tracebacks show "
           "the script's absolute path; runners write that directory as <case> on both "
           "sides so two runs of the same program compare equal.",
    rewrite=lambda text: text,
))


def _pyc_objects(text: str) -> str:
    """A 3.8-3.10 .pyc (as hex) as its header and the objects it unmarshals to;
    any other text unchanged."""
    import minivm.pyc
    from minivm.pyc.pyc import read_header
    from .worker import wire
    try:
        data = bytes.fromhex(text)
        if read_header(data).target.marshal_refs_interned:
            return text  # the flags follow from the code alone: bytes must match
        _, code = minivm.pyc.loads(data)
    except Exception:  # noqa: BLE001 - not a .pyc this entry is about: left as it is
        return text
    objects = json.dumps(wire.code_to_json(code), sort_keys=True)
    return "header %s; objects %s" % (data[:16].hex(), objects)


register(KnownDifference(
    name="pyc-interned-refs",
    layers=("pyc",),
    reason="Before 3.11 marshal flags an interned string for back-references when its "
           "reference count is above 1, and that count depends on every other object alive "
           "in the writing process (what py_compile's interpreter happened to import), not "
           "on the code.  Such .pyc files differ only in those flags and the reference "
           "numbers that follow; they load to the same objects, which is what is compared "
           "then.  (benchmarks/pyc_stdlib.py --live asks the writing process for its live "
           "strings and reports the exact-byte figure.)",
    rewrite=_pyc_objects,
))


_FROZENSET = re.compile(r"frozenset\(\{([^{}()]*)\}\)")


def _sorted_address_hashed_sets(text: str) -> str:
    """Each ``frozenset({...})`` that holds None, with its items in sorted order."""
    import ast

    def sort(match: "re.Match[str]") -> str:
        try:
            items = ast.literal_eval("{" + match.group(1) + "}")
        except (ValueError, SyntaxError):
            return match.group(0)
        if not isinstance(items, set) or None not in items:
            return match.group(0)
        return "frozenset({%s})" % ", ".join(sorted(repr(item) for item in items))
    return _FROZENSET.sub(sort, text)


register(KnownDifference(
    name="address-hashed-set-order",
    layers=("dis",),
    reason="Before 3.12 hash(None) is its address, so where None sits in a frozenset "
           "constant depends on where the interpreter was loaded in memory: two runs of "
           "CPython itself print such a set in different orders.  Sets that hold None "
           "are compared with their items sorted.",
    rewrite=_sorted_address_hashed_sets,
))


def for_layer(layer: str) -> List[KnownDifference]:
    """The entries that may apply to ``layer``, in registration order."""
    return [entry for entry in REGISTRY.values()
            if layer in entry.layers and entry is not CASE_DIRECTORY]


def describe() -> List[dict]:
    """The registry as data, for reports."""
    return [{"name": e.name, "layers": list(e.layers), "reason": e.reason}
            for e in REGISTRY.values()]
