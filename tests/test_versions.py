"""Every table of ``minivm/versions.py`` checked against the real interpreter of its version.

One subprocess per version prints, as JSON, what that interpreter's ``opcode``, ``dis``,
``importlib``, ``sys`` and ``gc`` modules say; each test compares one table with it.
Nothing here is copied from an interpreter: the expected side is always computed live.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess

import pytest

from minivm.versions import SUPPORTED_TARGETS, get_target

# Runs inside the target interpreter (any of 3.8-3.13), so it is written for 3.8 and
# reads private tables only where they exist.
_PROBE = r'''
import dis, gc, importlib.util, json, opcode, sys, types

def names(numbers):
    # A number no opmap entry has (3.12.1 keeps a stale 148 in hasfree) shows as "<148>".
    by_number = {}
    for name, number in opcode.opmap.items():
        by_number.setdefault(number, name)
    return sorted(by_number.get(n, "<%d>" % n) for n in numbers)

out = {"opmap": dict(opcode.opmap), "have_argument": opcode.HAVE_ARGUMENT}
for group in ("hasconst", "hasname", "hasjrel", "hasjabs", "haslocal", "hascompare",
              "hasfree", "hasexc", "hasarg"):
    if hasattr(opcode, group):
        out[group] = names(getattr(opcode, group))
out["cmp_op"] = list(opcode.cmp_op)
out["nb_ops"] = [symbol for _, symbol in getattr(opcode, "_nb_ops", ())]
out["intrinsic_1"] = list(getattr(opcode, "_intrinsic_1_descs", ()))
out["intrinsic_2"] = list(getattr(opcode, "_intrinsic_2_descs", ()))
caches = getattr(opcode, "_inline_cache_entries", None)
if isinstance(caches, list):
    caches = {opcode.opname[i]: n for i, n in enumerate(caches) if n}
out["caches"] = caches or {}
dis_caches = getattr(dis, "_inline_cache_entries", None)
if isinstance(dis_caches, list):
    dis_caches = {opcode.opname[i]: n for i, n in enumerate(dis_caches) if n}
out["dis_caches"] = dis_caches or {}
out["dis_opname"] = [n for n in dis.opname]
out["magic"] = int.from_bytes(importlib.util.MAGIC_NUMBER[:2], "little")
out["magic_bytes"] = list(importlib.util.MAGIC_NUMBER)
out["cache_tag"] = sys.implementation.cache_tag
out["hash_algorithm"] = sys.hash_info.algorithm
out["gc_threshold"] = list(gc.get_threshold())
out["code_attrs"] = sorted(a for a in dir(types.CodeType) if a.startswith("co_"))
print(json.dumps(out))
'''


def find_interpreter(version):
    """The path of ``python3.X`` for ``version``: PATH first, then pyenv's versions."""
    name = "python%d.%d" % version
    pattern = os.path.expanduser("~/.pyenv/versions/%d.%d.*/bin/%s" % (version + (name,)))
    for path in sorted(glob.glob(pattern)):
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found and "shims" not in found:
        return found
    return None


_ANSWERS = {}


def ask_interpreter(version, probe, timeout=60):
    """The JSON that ``probe`` (a script) prints when the real interpreter of
    ``version`` runs it (``-I``), asked once per version and probe."""
    key = (version, probe)
    if key not in _ANSWERS:
        python = find_interpreter(version)
        assert python, "no interpreter for %d.%d found on PATH or in pyenv" % version
        result = subprocess.run([python, "-I", "-c", probe], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=timeout, check=True)
        _ANSWERS[key] = json.loads(result.stdout.decode())
    return _ANSWERS[key]


def facts(version):
    return ask_interpreter(version, _PROBE)


VERSIONS = [pytest.param(v, id="%d.%d" % v) for v in SUPPORTED_TARGETS]


@pytest.mark.parametrize("version", VERSIONS)
def test_opmap(version):
    assert dict(get_target(version).opmap) == facts(version)["opmap"]


@pytest.mark.parametrize("version", VERSIONS)
def test_opname_of_real_opcodes(version):
    target, real = get_target(version), facts(version)["dis_opname"]
    expected = {number: name for number, name in enumerate(real)
                if number < 256 and not name.startswith("<")}
    assert dict(target.opname) == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_have_argument(version):
    assert get_target(version).have_argument == facts(version)["have_argument"]


@pytest.mark.parametrize("version", VERSIONS)
def test_has_arg_agrees_with_hasarg(version):
    target, real = get_target(version), facts(version)
    expected = real.get("hasarg")
    if expected is None:  # before 3.12: every opcode at or above HAVE_ARGUMENT
        expected = sorted(n for n, v in real["opmap"].items() if v >= real["have_argument"])
    assert sorted(n for n in target.opmap if target.has_arg(n)) == expected


@pytest.mark.parametrize("group", ["hasconst", "hasname", "hasjrel", "hasjabs", "haslocal",
                                   "hascompare", "hasfree", "hasexc"])
@pytest.mark.parametrize("version", VERSIONS)
def test_opcode_groups(version, group):
    target, real = get_target(version), facts(version).get(group, [])
    # Unnamed numbers in a real group must name no opcode of ours either.
    unnamed = [int(n[1:-1]) for n in real if n.startswith("<")]
    assert [n for n in unnamed if n in target.opmap.values()] == []
    named = [n for n in real if not n.startswith("<")]
    assert sorted(target.groups.get(group, ())) == named


@pytest.mark.parametrize("version", VERSIONS)
def test_inline_cache_entries(version):
    target, real = get_target(version), facts(version)
    assert dict(target.cache_entries) == real["caches"]
    assert dict(target.cache_entries) == real["dis_caches"]
    assert target.has_inline_caches == bool(real["caches"])


@pytest.mark.parametrize("version", VERSIONS)
def test_operator_and_intrinsic_tables(version):
    target, real = get_target(version), facts(version)
    assert list(target.cmp_op) == real["cmp_op"]
    assert list(target.nb_ops) == real["nb_ops"]
    assert list(target.intrinsic_1) == real["intrinsic_1"]
    assert list(target.intrinsic_2) == real["intrinsic_2"]


@pytest.mark.parametrize("version", VERSIONS)
def test_pyc_facts(version):
    target, real = get_target(version), facts(version)
    assert target.magic_number == real["magic"]
    assert list(target.magic_bytes) == real["magic_bytes"]
    assert target.cache_tag == real["cache_tag"]


@pytest.mark.parametrize("version", VERSIONS)
def test_runtime_facts(version):
    target, real = get_target(version), facts(version)
    assert target.hash_algorithm == real["hash_algorithm"]
    assert list(target.gc_threshold) == real["gc_threshold"]


@pytest.mark.parametrize("version", VERSIONS)
def test_code_fields(version):
    """Every stored field is a ``co_*`` attribute of that version's code objects (the
    locals-plus pair is internal from 3.11), and the derived flags agree with them."""
    target, attrs = get_target(version), set(facts(version)["code_attrs"])
    internal = {"co_localsplusnames", "co_localspluskinds"}
    assert [f for f in target.code_fields if f not in attrs | internal] == []
    assert target.has_qualname == ("co_qualname" in attrs)
    assert target.has_exception_table == ("co_exceptiontable" in attrs)
    assert target.has_localsplus == ("co_varnames" in attrs and "co_lnotab" not in
                                     target.code_fields and "co_nlocals" not in
                                     target.code_fields)
    stored_lines = "co_lnotab" if target.line_table_format == "lnotab" else "co_linetable"
    assert stored_lines in target.code_fields and stored_lines in attrs
    assert target.has_superinstructions == ("LOAD_FAST_LOAD_FAST" in target.opmap)
    assert target.has_block_stack == ("SETUP_FINALLY" in target.opmap
                                      and target.opmap["SETUP_FINALLY"] < 256)


@pytest.mark.parametrize("version", VERSIONS)
def test_pseudo_opcodes(version):
    """Pseudo-instructions are the opmap entries past the real range (3.12+)."""
    target = get_target(version)
    pseudo = sorted(n for n in target.opmap if target.is_pseudo(n))
    real = facts(version)
    expected = sorted(n for n, v in real["opmap"].items() if v >= 256)
    assert pseudo == expected
