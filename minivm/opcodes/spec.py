"""The opcode spec of one target version: every instruction once, as data.

An :class:`Op` is one instruction of one version: its name and number, its stack
effect (taken and not taken when it jumps), the kind of its oparg
(:mod:`minivm.opcodes.oparg`) and its inline cache entries.  A :class:`Spec` is the
set of a version's ops; each version's module (``v38`` ... ``v313``) makes its spec
from the previous one with :meth:`Spec.derive`, naming only what changed, the way
CPython's own ``Lib/opcode.py`` history and xdis's per-version opcode modules read.

Everything ``opcode`` and ``dis`` expose is derived: ``opmap``, ``opname``,
``hasarg``, the groups (from the oparg kinds), ``_inline_cache_entries`` and
``stack_effect``.  ``tests/test_opcodes.py`` compares each spec with that version's
own interpreter, opcode by opcode and oparg by oparg.
"""

from __future__ import annotations

from typing import Callable, Dict, FrozenSet, Iterable, Mapping, NamedTuple, Optional, \
    Tuple, Union

from . import oparg as kinds
from .oparg import OpargKind

Effect = Union[int, Callable[[int], int], None]
Version = Tuple[int, int]

#: the first number of the compiler-only pseudo-instructions (3.12+)
PSEUDO_START = 256


class StackEffectError(ValueError):
    """An opcode without a stack effect on its target (``dis.stack_effect`` raises too)."""


class Op(NamedTuple):
    """One instruction of one version."""

    name: str
    number: int
    #: net stack effect when the instruction does not jump: an int, a function of the
    #: oparg (:mod:`minivm.opcodes.effects`) or None (no effect is defined)
    effect: Effect
    kind: OpargKind
    #: the effect when it jumps, where that differs (a handler starts with more pushed)
    jump_effect: Effect = None
    #: inline cache entries (code units) that follow the instruction, 3.11 on
    caches: int = 0

    @property
    def has_arg(self) -> bool:
        return self.kind.has_arg

    @property
    def is_pseudo(self) -> bool:
        return self.number >= PSEUDO_START

    def stack_effect(self, oparg: int = 0, jump: Optional[bool] = None) -> int:
        """``dis.stack_effect``: ``jump`` True or False for that branch, None for the
        larger of the two."""
        if jump is None:
            return max(self._apply(self.effect, oparg), self._branch(oparg))
        return self._branch(oparg) if jump else self._apply(self.effect, oparg)

    def _branch(self, oparg: int) -> int:
        effect = self.effect if self.jump_effect is None else self.jump_effect
        return self._apply(effect, oparg)

    def _apply(self, effect: Effect, oparg: int) -> int:
        if effect is None:
            raise StackEffectError("%s has no stack effect" % self.name)
        return effect(oparg) if callable(effect) else effect


def op(name: str, number: int, effect: Effect = 0, kind: OpargKind = kinds.NOARG, *,
       jump: Effect = None, caches: int = 0) -> Op:
    """An :class:`Op`, in the argument order the version tables read best in."""
    return Op(name, number, effect, kind, jump, caches)


class Spec:
    """The instructions of one version, by name, with what ``opcode``/``dis`` derive."""

    def __init__(self, version: Version, have_argument: int, ops: Iterable[Op],
                 group_extra: Optional[Mapping[str, str]] = None) -> None:
        self.version = version
        #: ``opcode.HAVE_ARGUMENT``
        self.have_argument = have_argument
        self.ops: Dict[str, Op] = {o.name: o for o in ops}
        #: names an ``opcode`` group holds beyond what the kinds give it (a version's
        #: own quirk, e.g. 3.13's ``hasconst`` lists INSTRUMENTED_RETURN_CONST)
        self.group_extra: Dict[str, FrozenSet[str]] = {
            g: frozenset(names.split()) for g, names in (group_extra or {}).items()}
        self._check()

    def _check(self) -> None:
        seen: Dict[int, str] = {}
        for o in self.ops.values():
            if o.number in seen:
                raise ValueError("%d.%d: %s and %s both numbered %d" % (
                    self.version + (seen[o.number], o.name, o.number)))
            seen[o.number] = o.name

    def __getitem__(self, name: str) -> Op:
        return self.ops[name]

    def __contains__(self, name: object) -> bool:
        return name in self.ops

    @property
    def opmap(self) -> Dict[str, int]:
        return {o.name: o.number for o in self.ops.values()}

    @property
    def opname(self) -> Dict[int, str]:
        """Number to name of the real (non-pseudo) instructions."""
        return {o.number: o.name for o in self.ops.values() if not o.is_pseudo}

    @property
    def cache_entries(self) -> Dict[str, int]:
        return {o.name: o.caches for o in self.ops.values() if o.caches}

    def groups(self) -> Dict[str, FrozenSet[str]]:
        """``opcode.hasconst``, ``hasname``, ``hasjrel`` ... as sets of names."""
        found: Dict[str, set] = {}
        for o in self.ops.values():
            if o.kind.group is not None:
                found.setdefault(o.kind.group, set()).add(o.name)
        for group, names in self.group_extra.items():
            found.setdefault(group, set()).update(names)
        return {g: frozenset(names) for g, names in found.items()}

    def no_arg(self) -> FrozenSet[str]:
        """Names numbered at or above HAVE_ARGUMENT that take no argument."""
        return frozenset(o.name for o in self.ops.values()
                         if o.number >= self.have_argument and not o.has_arg)

    def derive(self, version: Version, *, removed: str = "", added: Iterable[Op] = (),
               changed: Iterable[Op] = (), renumber: str = "",
               have_argument: Optional[int] = None,
               group_extra: Optional[Mapping[str, str]] = None) -> "Spec":
        """The next version's spec: this one less ``removed`` (names), with ``added``
        and ``changed`` ops (whole new definitions), and ``renumber`` (``NAME=number``
        text) applied to the numbers of ops otherwise unchanged."""
        ops = dict(self.ops)
        for name in removed.split():
            del ops[name]  # a KeyError here is a misspelt name in the version table
        for new in added:
            if new.name in ops:
                raise ValueError("%s is added twice" % new.name)
            ops[new.name] = new
        for new in changed:
            if new.name not in ops:
                raise ValueError("%s is changed but not there" % new.name)
            ops[new.name] = new
        for item in renumber.split():
            name, _, number = item.partition("=")
            ops[name] = ops[name]._replace(number=int(number))
        return Spec(version, self.have_argument if have_argument is None else have_argument,
                    ops.values(), group_extra)
