"""Opcode handlers registered by name and version range; each target's table is built.

A handler is ``fn(frame, arg, next) -> next``.  It is registered for the versions
``since <= v < until`` (``until`` None: every later version) with :func:`handler` (a
decorator) or :func:`register` (a table of shared handlers).  :func:`handlers_for`
builds a target's table from the registrations whose range holds the target, for the
opcodes its spec has; two registrations of one name covering one version are an error,
so a version never silently takes the wrong one.

The argument decoders (``decode(info, oparg, index, next) -> arg``, run once per
instruction when a code object is first decoded) are chosen by the opcode's oparg
kind (:mod:`minivm.opcodes.oparg`), through :data:`KIND_DECODERS`, so an oparg layout
is read the way the compiler wrote it and ``dis`` shows it.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ..versions import Target, Version

Handler = Callable[..., Any]

_REGISTRY: Dict[str, List[Tuple[Version, Optional[Version], Handler]]] = {}
_TABLES: Dict[Version, Dict[str, Handler]] = {}


class RegistryError(ValueError):
    """Two handlers of one opcode claim the same version."""


def _add(name: str, since: Version, until: Optional[Version], fn: Handler) -> None:
    entries = _REGISTRY.setdefault(name, [])
    for other_since, other_until, other in entries:
        if since < (other_until or (99, 0)) and other_since < (until or (99, 0)):
            raise RegistryError("%s: %s and %s both registered for %d.%d" % (
                name, getattr(other, "__name__", other), getattr(fn, "__name__", fn),
                *max(since, other_since)))
    entries.append((since, until, fn))
    _TABLES.clear()


def handler(*names: str, since: Version, until: Optional[Version] = None
            ) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``names`` from ``since`` up
    to (not including) ``until``."""
    def decorate(fn: Handler) -> Handler:
        for name in names:
            _add(name, since, until, fn)
        return fn
    return decorate


def register(table: Mapping[str, Handler], since: Version,
             until: Optional[Version] = None) -> None:
    """Register each ``name: handler`` of ``table`` for the versions ``since`` up to
    (not including) ``until``."""
    for name, fn in table.items():
        _add(name, since, until, fn)


def handlers_for(target: Target) -> Dict[str, Handler]:
    """The handler table of ``target``: every opcode of its spec that has a handler
    registered for its version."""
    table = _TABLES.get(target.version)
    if table is None:
        table = {}
        version = target.version
        for name in target.spec.ops:
            for since, until, fn in _REGISTRY.get(name, ()):
                if since <= version < (until or (99, 0)):
                    table[name] = fn
                    break
        _TABLES[version] = table
    return table


_DECODERS: Dict[str, List[Tuple[Version, Optional[Version], Handler]]] = {}


def decoder(*names: str, since: Version, until: Optional[Version] = None
            ) -> Callable[[Handler], Handler]:
    """Register the decorated function as the argument decoder of ``names`` for the
    range, instead of their kind's: where a version hands a shared handler its
    argument in the shape a later version's oparg carries it."""
    def decorate(fn: Handler) -> Handler:
        for name in names:
            _DECODERS.setdefault(name, []).append((since, until, fn))
        return fn
    return decorate


def decoders_for(target: Target, kind_decoders: Mapping[Any, Any]) -> Dict[str, Any]:
    """Opcode name to argument decoder: one registered for the opcode and version,
    else its oparg kind's (opcodes with neither keep the raw oparg)."""
    found = {}
    version = target.version
    for op in target.spec.ops.values():
        if op.is_pseudo:
            continue
        decoder = next((fn for since, until, fn in _DECODERS.get(op.name, ())
                        if since <= version < (until or (99, 0))), None)
        if decoder is None:
            decoder = kind_decoders.get(op.kind)
        if decoder is not None:
            found[op.name] = decoder
    return found


def inherit(names: str, since: Version, until: Optional[Version], like: Version) -> None:
    """Register, for ``since`` up to ``until``, the handlers that version ``like``
    has for ``names`` (a whitespace-separated list): an older dialect that shares an
    opcode's behaviour with a later one says so by name, without a second table."""
    for name in names.split():
        found = [fn for s, u, fn in _REGISTRY.get(name, ()) if s <= like < (u or (99, 0))]
        if not found:
            raise RegistryError("%s: nothing registered for %d.%d to inherit" % (name, *like))
        _add(name, since, until, found[0])
