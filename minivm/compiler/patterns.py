"""``match`` statements (PEP 634) as CPython's ``compiler_pattern_*`` compile them.

Every pattern routine consumes the subject on top of the stack and, on failure,
jumps to a "fail pop" label that pops whatever this pattern still had on the stack
(``on_top``) plus the captures made so far; captured values wait on the stack under
those items until the whole pattern matched, and only then are stored.
"""

from __future__ import annotations

import ast
from typing import Any, List

from .instructions import NO_LOCATION, loc_of


class PatternContext:
    """``pattern_context``: captures so far, fail-pop labels, items on top."""

    def __init__(self) -> None:
        self.stores: List[str] = []
        self.allow_irrefutable = False
        self.fail_pop: List[Any] = []
        self.on_top = 0


def _wildcard(pattern: Any) -> bool:
    return isinstance(pattern, ast.MatchAs) and not pattern.name


def _wildcard_star(pattern: Any) -> bool:
    return isinstance(pattern, ast.MatchStar) and not pattern.name


class PatternCompiler:
    """Mixed into ``CodeGen``: ``visit_Match`` and the pattern routines."""

    def ensure_fail_pop(self, pc: PatternContext, n: int) -> None:
        while len(pc.fail_pop) < n + 1:
            pc.fail_pop.append(self.new_label())

    def jump_to_fail_pop(self, loc: Any, pc: PatternContext, op: str) -> None:
        pops = pc.on_top + len(pc.stores)
        self.ensure_fail_pop(pc, pops)
        self.addop_jump(loc, op, pc.fail_pop[pops])

    def emit_and_reset_fail_pop(self, loc: Any, pc: PatternContext) -> None:
        if not pc.fail_pop:
            return
        for label in reversed(pc.fail_pop[1:]):
            self.use_label(label)
            self.addop(loc, "POP_TOP")
        self.use_label(pc.fail_pop[0])
        pc.fail_pop = []

    def pattern_rotate(self, loc: Any, count: int) -> None:
        while count > 1:
            self.addop(loc, "SWAP", count)
            count -= 1

    def pattern_store_name(self, loc: Any, name: Any, pc: PatternContext) -> None:
        if name is None:
            self.addop(loc, "POP_TOP")
            return
        if name in pc.stores:
            self.error("multiple assignments to name %r in pattern" % name, loc)
        self.pattern_rotate(loc, pc.on_top + len(pc.stores) + 1)
        pc.stores.append(name)

    def pattern_unpack(self, loc: Any, patterns: List[Any]) -> None:
        count = len(patterns)
        seen_star = False
        for index, pattern in enumerate(patterns):
            if isinstance(pattern, ast.MatchStar):
                if seen_star:
                    self.error("multiple starred expressions in sequence pattern", loc)
                self.addop(loc, "UNPACK_EX", index + ((count - index - 1) << 8))
                seen_star = True
        if not seen_star:
            self.addop(loc, "UNPACK_SEQUENCE", count)

    def pattern_sequence_unpack(self, loc: Any, patterns: List[Any], pc: PatternContext) -> None:
        self.pattern_unpack(loc, patterns)
        pc.on_top += len(patterns)
        for pattern in patterns:
            pc.on_top -= 1
            self.pattern_subpattern(pattern, pc)

    def pattern_sequence_subscr(self, loc: Any, patterns: List[Any], star: int,
                                pc: PatternContext) -> None:
        pc.on_top += 1
        size = len(patterns)
        for index, pattern in enumerate(patterns):
            if _wildcard(pattern) or index == star:
                continue
            self.addop(loc, "COPY", 1)
            if index < star:
                self.load_const(loc, index)
            else:
                self.addop(loc, "GET_LEN")
                self.load_const(loc, size - index)
                self.addop(loc, "BINARY_OP", self.target.nb_ops.index("-"))
            self.addop(loc, "BINARY_SUBSCR")
            self.pattern_subpattern(pattern, pc)
        pc.on_top -= 1
        self.addop(loc, "POP_TOP")

    def pattern_subpattern(self, pattern: Any, pc: PatternContext) -> None:
        saved = pc.allow_irrefutable
        pc.allow_irrefutable = True
        self.pattern(pattern, pc)
        pc.allow_irrefutable = saved

    def pattern(self, pattern: Any, pc: PatternContext) -> None:
        getattr(self, "pattern_" + type(pattern).__name__)(pattern, pc)

    def pattern_MatchAs(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        if p.pattern is None:
            if not pc.allow_irrefutable:
                if p.name:
                    self.error("name capture %r makes remaining patterns unreachable"
                               % p.name, loc)
                self.error("wildcard makes remaining patterns unreachable", loc)
            self.pattern_store_name(loc, p.name, pc)
            return
        pc.on_top += 1
        self.addop(loc, "COPY", 1)
        self.pattern(p.pattern, pc)
        pc.on_top -= 1
        self.pattern_store_name(loc, p.name, pc)

    def pattern_MatchStar(self, p: Any, pc: PatternContext) -> None:
        self.pattern_store_name(loc_of(p), p.name, pc)

    def pattern_MatchClass(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        nargs = len(p.patterns)
        nattrs = len(p.kwd_attrs)
        for i, attr in enumerate(p.kwd_attrs):
            if attr in p.kwd_attrs[i + 1:]:
                j = p.kwd_attrs.index(attr, i + 1)
                self.error("attribute name repeated in class pattern: %s" % attr,
                           loc_of(p.kwd_patterns[j]))
        self.visit(p.cls)
        self.load_const(loc, tuple(p.kwd_attrs))
        self.addop(loc, "MATCH_CLASS", nargs)
        self.addop(loc, "COPY", 1)
        self.load_const(loc, None)
        self.addop(loc, "IS_OP", 1)
        pc.on_top += 1
        self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        self.addop(loc, "UNPACK_SEQUENCE", nargs + nattrs)
        pc.on_top += nargs + nattrs - 1
        for pattern in list(p.patterns) + list(p.kwd_patterns):
            pc.on_top -= 1
            if _wildcard(pattern):
                self.addop(loc, "POP_TOP")
                continue
            self.pattern_subpattern(pattern, pc)

    def pattern_MatchMapping(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        keys = p.keys
        size = len(keys)
        star_target = p.rest
        pc.on_top += 1
        self.addop(loc, "MATCH_MAPPING")
        self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        if not size and not star_target:
            pc.on_top -= 1
            self.addop(loc, "POP_TOP")
            return
        if size:
            self.addop(loc, "GET_LEN")
            self.load_const(loc, size)
            self.addcompare(loc, ast.GtE())
            self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        seen = []
        for key in keys:
            if isinstance(key, ast.Constant):
                if any(type(k) is type(key.value) and k == key.value for k in seen) or \
                        key.value in seen:
                    self.error("mapping pattern checks duplicate key (%r)" % (key.value,), loc)
                seen.append(key.value)
            elif not isinstance(key, ast.Attribute):
                self.error("mapping pattern keys may only match literals and attribute "
                           "lookups", loc)
            self.visit(key)
        self.addop(loc, "BUILD_TUPLE", size)
        self.addop(loc, "MATCH_KEYS")
        pc.on_top += 2
        self.addop(loc, "COPY", 1)
        self.load_const(loc, None)
        self.addop(loc, "IS_OP", 1)
        self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        self.addop(loc, "UNPACK_SEQUENCE", size)
        pc.on_top += size - 1
        for pattern in p.patterns:
            pc.on_top -= 1
            self.pattern_subpattern(pattern, pc)
        pc.on_top -= 2
        if star_target:
            self.addop(loc, "BUILD_MAP", 0)
            self.addop(loc, "SWAP", 3)
            self.addop(loc, "DICT_UPDATE", 2)
            self.addop(loc, "UNPACK_SEQUENCE", size)
            while size:
                self.addop(loc, "COPY", 1 + size)
                size -= 1
                self.addop(loc, "SWAP", 2)
                self.addop(loc, "DELETE_SUBSCR")
            self.pattern_store_name(loc, star_target, pc)
        else:
            self.addop(loc, "POP_TOP")
            self.addop(loc, "POP_TOP")

    def pattern_MatchOr(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        end = self.new_label()
        size = len(p.patterns)
        old_stores, old_allow = pc.stores, pc.allow_irrefutable
        old_fail_pop, old_on_top = pc.fail_pop, pc.on_top
        control = None
        for index, alt in enumerate(p.patterns):
            aloc = loc_of(alt)
            pc.stores = []
            pc.allow_irrefutable = index == size - 1 and old_allow
            pc.fail_pop = []
            pc.on_top = 0
            self.pattern_alternative_start(aloc)
            self.pattern(alt, pc)
            nstores = len(pc.stores)
            if index == 0:
                control = pc.stores
            elif nstores != len(control):
                self.error("alternative patterns bind different names", loc)
            elif nstores:
                for icontrol in range(nstores - 1, -1, -1):
                    name = control[icontrol]
                    if name not in pc.stores:
                        self.error("alternative patterns bind different names", loc)
                    istores = pc.stores.index(name)
                    if icontrol != istores:
                        rotations = istores + 1
                        rotated = pc.stores[:rotations]
                        del pc.stores[:rotations]
                        at = icontrol - istores
                        pc.stores[at:at] = rotated
                        for _ in range(rotations):
                            self.pattern_rotate(aloc, icontrol + 1)
            self.addop_jump(aloc, "JUMP", end)
            self.emit_and_reset_fail_pop(aloc, pc)
        pc.stores, pc.allow_irrefutable = old_stores, old_allow
        pc.fail_pop, pc.on_top = old_fail_pop, old_on_top
        self.addop(loc, "POP_TOP")
        self.jump_to_fail_pop(loc, pc, "JUMP")
        self.use_label(end)
        nstores = len(control)
        nrots = nstores + 1 + pc.on_top + len(pc.stores)
        for i in range(nstores):
            self.pattern_rotate(loc, nrots)
            name = control[i]
            if name in pc.stores:
                self.error("multiple assignments to name %r in pattern" % name, loc)
            pc.stores.append(name)
        self.addop(loc, "POP_TOP")

    def pattern_alternative_start(self, loc: Any) -> None:
        """Each alternative of an or-pattern works on a copy of the subject."""
        self.addop(loc, "COPY", 1)

    def pattern_MatchSequence(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        patterns = p.patterns
        size = len(patterns)
        star = -1
        only_wildcard = True
        star_wildcard = False
        for index, pattern in enumerate(patterns):
            if isinstance(pattern, ast.MatchStar):
                if star >= 0:
                    self.error("multiple starred names in sequence pattern", loc)
                star_wildcard = _wildcard_star(pattern)
                only_wildcard = only_wildcard and star_wildcard
                star = index
                continue
            only_wildcard = only_wildcard and _wildcard(pattern)
        pc.on_top += 1
        self.addop(loc, "MATCH_SEQUENCE")
        self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        if star < 0:
            self.addop(loc, "GET_LEN")
            self.load_const(loc, size)
            self.addcompare(loc, ast.Eq())
            self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        elif size - 1:
            self.addop(loc, "GET_LEN")
            self.load_const(loc, size - 1)
            self.addcompare(loc, ast.GtE())
            self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")
        pc.on_top -= 1
        if only_wildcard:
            self.addop(loc, "POP_TOP")
        elif star_wildcard:
            self.pattern_sequence_subscr(loc, patterns, star, pc)
        else:
            self.pattern_sequence_unpack(loc, patterns, pc)

    def pattern_MatchValue(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        if not isinstance(p.value, (ast.Constant, ast.Attribute)):
            self.error("patterns may only match literals and attribute lookups", loc)
        self.visit(p.value)
        self.addcompare(loc, ast.Eq())
        self.pattern_compare_to_bool(loc)
        self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")

    def pattern_MatchSingleton(self, p: Any, pc: PatternContext) -> None:
        loc = loc_of(p)
        self.load_const(loc, p.value)
        self.addcompare(loc, ast.Is())
        self.jump_to_fail_pop(loc, pc, "POP_JUMP_IF_FALSE")

    def pattern_compare_to_bool(self, loc: Any) -> None:
        """3.13 hook: a TO_BOOL after an equality test in a pattern."""

    def visit_Match(self, node: Any) -> None:
        pc = PatternContext()
        self.visit(node.subject)
        end = self.new_label()
        cases = node.cases
        count = len(cases)
        has_default = _wildcard(cases[-1].pattern) and count > 1
        for index in range(count - has_default):
            case = cases[index]
            ploc = loc_of(case.pattern)
            last = index == count - has_default - 1
            if not last:
                self.addop(ploc, "COPY", 1)
            pc.stores = []
            pc.allow_irrefutable = case.guard is not None or index == count - 1
            pc.fail_pop = []
            pc.on_top = 0
            self.pattern(case.pattern, pc)
            for name in pc.stores:
                self.nameop(ploc, name, ast.Store)
            if case.guard is not None:
                self.ensure_fail_pop(pc, 0)
                self.jump_if(ploc, case.guard, pc.fail_pop[0], False)
            if not last:
                self.addop(ploc, "POP_TOP")
            self.visit_stmts(case.body)
            self.addop_jump(NO_LOCATION, "JUMP", end)
            self.emit_and_reset_fail_pop(ploc, pc)
        if has_default:
            case = cases[-1]
            ploc = loc_of(case.pattern)
            if count == 1:
                self.addop(ploc, "POP_TOP")
            else:
                self.addop(ploc, "NOP")
            if case.guard is not None:
                self.jump_if(ploc, case.guard, end, False)
            self.visit_stmts(case.body)
        self.use_label(end)
