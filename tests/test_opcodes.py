"""Every opcode spec (``minivm/opcodes``) against the real interpreter of its version.

One subprocess per version prints what its ``dis`` module says: ``stack_effect`` of
every opcode over a spread of opargs, taken and not taken, and the jumps of a small
compiled program with the targets ``dis`` resolves.  The spec's own tables (opmap,
groups, caches) are checked through ``minivm.versions`` by ``tests/test_versions.py``.
"""

from __future__ import annotations

import pytest

from minivm.opcodes import StackEffectError, spec_for
from minivm.versions import SUPPORTED_TARGETS

from .test_versions import ask_interpreter

ARGS = (0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 255, 256, 257, 258, 512, 513)

# Runs inside the target interpreter (3.8-3.13).
_PROBE = r'''
import dis, json, opcode, sys
ARGS = %r
hasarg = set(getattr(opcode, "hasarg", ()))
def takes_arg(number):
    if sys.version_info >= (3, 12):
        return number in hasarg
    return number >= opcode.HAVE_ARGUMENT
effects = {}
for name, number in opcode.opmap.items():
    row = {}
    for jump in (None, True, False):
        for arg in (ARGS if takes_arg(number) else (None,)):
            try:
                if arg is None:
                    value = dis.stack_effect(number, jump=jump)
                else:
                    value = dis.stack_effect(number, arg, jump=jump)
            except ValueError:
                value = None
            row["%%s/%%s" %% (arg, jump)] = value
    effects[name] = row
SOURCE = """
def f(xs):
    total = 0
    for x in xs:
        if x and total or not x:
            total += 1
        while total > 100:
            total -= 1
    try:
        g()
    except ValueError:
        pass
    with open(xs) as h:
        pass
    return total
"""
jumps = []
def walk(code):
    for ins in dis.get_instructions(code):
        if ins.opcode in opcode.hasjrel or ins.opcode in opcode.hasjabs:
            jumps.append([ins.opname, ins.offset, ins.arg, ins.argval])
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            walk(const)
walk(compile(SOURCE, "<probe>", "exec"))
print(json.dumps({"effects": effects, "jumps": jumps}))
''' % (ARGS,)

def facts(version):
    return ask_interpreter(version, _PROBE)


VERSIONS = [pytest.param(v, id="%d.%d" % v) for v in SUPPORTED_TARGETS]


def _ours(op, arg, jump):
    try:
        return op.stack_effect(arg or 0, jump)
    except StackEffectError:
        return None


@pytest.mark.parametrize("version", VERSIONS)
def test_stack_effects(version):
    """Every opcode, every oparg of the spread, jump True, False and None."""
    spec, real = spec_for(version), facts(version)["effects"]
    assert sorted(real) == sorted(spec.ops)
    wrong = []
    for name, row in sorted(real.items()):
        for key, expected in row.items():
            arg, jump = key.split("/")
            arg = None if arg == "None" else int(arg)
            jump = None if jump == "None" else jump == "True"
            ours = _ours(spec[name], arg, jump)
            if ours != expected:
                wrong.append((name, arg, jump, ours, expected))
    assert wrong == []


@pytest.mark.parametrize("version", VERSIONS)
def test_jump_kinds_resolve_targets_as_dis_does(version):
    """Each jump of a compiled program: the kind's target from the oparg is ``dis``'s
    argval, and encoding that target again gives the same oparg."""
    spec = spec_for(version)
    jumps = facts(version)["jumps"]
    assert jumps
    for name, offset, arg, argval in jumps:
        op = spec[name]
        assert op.kind.is_jump, name
        nxt = offset + 2 + 2 * op.caches
        assert op.kind.target(arg, nxt) == argval, (name, offset, arg)
        assert op.kind.encode(nxt, argval) == arg, (name, offset, arg)


def test_unknown_version_is_a_key_error():
    with pytest.raises(KeyError):
        spec_for((3, 7))
