"""``minivm.pyc`` against ``py_compile`` and the import system of every version.

For each version, the real interpreter writes .pyc files with ``py_compile`` (a fresh
process per file and header mode, ``PYTHONHASHSEED=0``) for a few sources: synthetic
ones that exercise the sharing rules and small standard-library modules.  Then:

* ``minivm.pyc.loads`` reads each into a ``Code`` whose every public attribute equals
  what the interpreter itself unmarshals (described by the same function on both sides);
* ``minivm.pyc.dumps`` of that ``Code`` gives the interpreter's bytes exactly from 3.11
  on; before 3.11 (where FLAG_REF on names depends on the writing process) the
  interpreter unmarshals our bytes to a code object equal to its own;
* the interpreter imports and runs modules from .pyc files minivm wrote: sourceless,
  timestamp-checked and hash-checked (a wrong ``source_hash`` would make it recompile
  and rewrite the file, which the test would see);
* for the host's version, ``dumps(Code.from_code(compile(...)))`` is checked the same
  way, and the sharing model's object identities are checked against CPython's own.

The whole standard library is measured by ``benchmarks/pyc_stdlib.py`` (slow tests
below run it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys

import pytest

import minivm
from harness.oracle import find_interpreter
from harness.pyclive import candidate_strings, query_live
from harness.pyclive import writer_env as oracle_env
from minivm.compiler.code import Code
from minivm.pyc import PycError
from minivm.pyc import marshal as mm
from minivm.pyc import pyc
from minivm.versions import SUPPORTED_TARGETS, get_target, host_version

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOST = "%d.%d" % host_version()
VERSIONS = [pytest.param("%d.%d" % v, id="%d.%d" % v) for v in SUPPORTED_TARGETS]
MODES = ("TIMESTAMP", "CHECKED_HASH", "UNCHECKED_HASH")

SOURCES = {
    "sharing.py": '''\
"""Module docstring: shared with nothing."""
import os, sys
from os.path import *
X = 1.5, 1.5, -0.0, 0.0, 2**100, 2**100, 1 + 2j, b"bytes", b"bytes", b"x", b""
NAMES = ("alpha", "beta"), ("alpha", "beta"), "not an identifier", "ñandú", "*", " "

def f(a, b=None, *args, c=1.5, d=(None,), **kw):
    """Docstring of f."""
    g = lambda q: q + a
    if a in {"alpha", "beta", "gamma"} or a in {1, 2, 3}:
        return [x for x in args if x not in {"alpha", "beta"}]
    return g(b), kw.get("alpha"), "not an identifier"

class C:
    """Class docstring."""
    attr = "alpha"
    def method(self, x=None, y=(None,)):
        def inner():
            return x, self, __class__
        return inner

class D(C):
    class C:
        pass
    def method(self, *, key="ñandú"):
        return super().method(key), lambda: 0, lambda: 0

def gen(n):
    yield from range(n)
    try:
        pass
    finally:
        return 0
''',
    "printer.py": '''\
import sys
VALUES = (1, 2.5, "three", b"four", None, (5, (6,)), frozenset({7}))
def show():
    total = 0
    for index, value in enumerate(VALUES):
        total += index
        print(index, repr(value) if not isinstance(value, frozenset) else sorted(value))
    print("total", total, sys.version_info[:2] >= (3, 8))
show()
class K:
    def __repr__(self):
        return "K(%d)" % len(VALUES)
print(K(), [k * 2 for k in range(3)], {k: v for k, v in zip("ab", "cd")})
''',
}
STDLIB = ("colorsys.py", "bisect.py", "keyword.py")


def python(version):
    return find_interpreter(version).path


_PY_COMPILE = (
    "import py_compile, sys\n"
    "py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True,\n"
    "    invalidation_mode=py_compile.PycInvalidationMode[sys.argv[3]])\n"
)


def stdlib_dir(version):
    out = subprocess.run([python(version), "-I", "-c",
                          "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                         stdout=subprocess.PIPE, check=True, timeout=60)
    return out.stdout.decode().strip()


_CASES = {}


def cases(version, tmp_root):
    """``[(path, source, {mode: bytes})]`` written by the version's py_compile."""
    if version in _CASES:
        return _CASES[version]
    folder = os.path.join(str(tmp_root), "src-" + version)
    os.makedirs(folder)
    paths = []
    for name, text in SOURCES.items():
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths.append(path)
    paths += [os.path.join(stdlib_dir(version), name) for name in STDLIB]
    found = []
    for path in paths:
        with open(path, "rb") as handle:
            source = handle.read()
        written = {}
        for mode in MODES:
            out = os.path.join(folder, "%s.%s.pyc" % (os.path.basename(path), mode))
            subprocess.run([python(version), "-c", _PY_COMPILE, path, out, mode],
                           env=oracle_env(), check=True, timeout=60)
            with open(out, "rb") as handle:
                written[mode] = handle.read()
        found.append((path, source, written))
    _CASES[version] = found
    return found


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory):
    return tmp_path_factory.mktemp("pyc")


# -- describing a code object the same way on both sides -------------------------------

_DESCRIBE = r'''
def describe(value, fields):
    kind = type(value).__name__
    if hasattr(value, "co_code"):
        return {f: describe(getattr(value, f), fields) for f in fields}
    if kind in ("tuple", "list"):
        return [kind] + [describe(v, fields) for v in value]
    if kind == "frozenset":
        return ["frozenset"] + sorted(repr(describe(v, fields)) for v in value)
    if kind == "bytes":
        return ["bytes", value.hex()]
    if kind in ("float", "complex"):
        return [kind, repr(value), str(value.hex()) if kind == "float" else None]
    if kind in ("str", "int", "bool", "NoneType"):
        return [kind, value]
    return [kind, repr(value)]
'''
_FIELDS = ("co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
           "co_stacksize", "co_flags", "co_code", "co_consts", "co_names", "co_varnames",
           "co_freevars", "co_cellvars", "co_filename", "co_name", "co_qualname",
           "co_firstlineno", "co_lnotab", "co_linetable", "co_exceptiontable")
_TARGET_DESCRIBE = _DESCRIBE + r'''
import json, marshal, sys, warnings
warnings.simplefilter("ignore")
fields = json.loads(sys.argv[1])
out = []
for path in sys.argv[2:]:
    with open(path, "rb") as handle:
        code = marshal.loads(handle.read()[16:])
    out.append(describe(code, [f for f in fields if hasattr(code, f)]))
print(json.dumps(out))
'''
_namespace = {}
exec(_DESCRIBE, _namespace)  # the host side of the same description
describe = _namespace["describe"]


def _fields_of(version):
    # co_lnotab is derived from co_linetable from 3.10 on; compare the stored table.
    stored = get_target(version).code_fields
    return [f for f in _FIELDS if f in stored or f in ("co_varnames", "co_freevars",
                                                        "co_cellvars", "co_nlocals")]


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_loads_reads_what_cpython_unmarshals(version, tmp_root):
    found = cases(version, tmp_root)
    fields = _fields_of(version)
    files = []
    for path, _, written in found:
        files.append(path + ".TIMESTAMP.pyc")
        with open(files[-1], "wb") as handle:
            handle.write(written["TIMESTAMP"])
    out = subprocess.run([python(version), "-c", _TARGET_DESCRIBE, json.dumps(fields)] + files,
                         stdout=subprocess.PIPE, check=True, timeout=60)
    expected = json.loads(out.stdout.decode())
    for (path, _, written), want in zip(found, expected):
        header, code = minivm.pyc.loads(written["TIMESTAMP"])
        assert header.target.name == version and header.mode == "timestamp"
        got = json.loads(json.dumps(describe(code, fields)))
        assert got == want, path


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_headers_are_read_as_written(version, tmp_root):
    for path, source, written in cases(version, tmp_root):
        stat = os.stat(path)
        timestamp = pyc.read_header(written["TIMESTAMP"])
        assert (timestamp.flags, timestamp.mtime, timestamp.source_size) == (
            0, int(stat.st_mtime) & 0xFFFFFFFF, stat.st_size)
        checked = pyc.read_header(written["CHECKED_HASH"])
        unchecked = pyc.read_header(written["UNCHECKED_HASH"])
        assert (checked.mode, unchecked.mode) == ("checked-hash", "unchecked-hash")
        assert checked.source_hash == unchecked.source_hash == pyc.source_hash(source, version)
        for mode, data in written.items():
            assert pyc.write_header(
                version, mtime=int(stat.st_mtime), source_size=stat.st_size,
                hash_based=mode != "TIMESTAMP", check_source=mode == "CHECKED_HASH",
                source=source) == data[:16]


_SAME_OBJECTS = r'''
import marshal, sys
with open(sys.argv[1], "rb") as a, open(sys.argv[2], "rb") as b:
    print(marshal.loads(a.read()[16:]) == marshal.loads(b.read()[16:]))
'''


def _same_objects(version, ours, theirs, folder):
    first, second = os.path.join(folder, "ours.pyc"), os.path.join(folder, "theirs.pyc")
    with open(first, "wb") as handle:
        handle.write(ours)
    with open(second, "wb") as handle:
        handle.write(theirs)
    out = subprocess.run([python(version), "-c", _SAME_OBJECTS, first, second],
                         stdout=subprocess.PIPE, check=True, timeout=60)
    return out.stdout.decode().strip() == "True"


def _rewrite(code, path, source, mode):
    stat = os.stat(path)
    return minivm.pyc.dumps(code, mtime=int(stat.st_mtime), source_size=stat.st_size,
                            hash_based=mode != "TIMESTAMP", check_source=mode == "CHECKED_HASH",
                            source=source)


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_dumps_of_what_loads_read_gives_cpythons_pyc(version, tmp_root):
    exact = get_target(version).marshal_refs_interned
    for path, source, written in cases(version, tmp_root):
        _, code = minivm.pyc.loads(written["TIMESTAMP"])
        for mode, data in written.items():
            ours = _rewrite(code, path, source, mode)
            if exact:
                assert ours == data, (path, mode, mm.describe_offset(
                    data[16:], next(i for i, (a, b) in enumerate(zip(ours, data)) if a != b),
                    version, base=16) if ours != data else "")
            else:
                assert ours[:16] == data[:16]
                assert _same_objects(version, ours, data, str(tmp_root)), (path, mode)


def test_dumps_of_cpythons_code_gives_its_pyc(tmp_root):
    """The host's own compile(), converted by Code.from_code: what the benchmark
    measures on the whole standard library."""
    exact = get_target(HOST).marshal_refs_interned
    for path, source, written in cases(HOST, tmp_root):
        code = Code.from_code(compile(source, path, "exec", dont_inherit=True))
        for mode, data in written.items():
            ours = _rewrite(code, path, source, mode)
            if exact:
                assert ours == data, (path, mode)
            else:
                assert _same_objects(HOST, ours, data, str(tmp_root)), (path, mode)


def _identities(model, host, ours, seen, ids, path):
    """Check, over constants (and the items of constant tuples) and names, that the
    model's keys and CPython's object identities pair one to one.  Each object is
    keyed in the role the model itself gives it when it writes the code object: a
    tuple the 3.8/3.9 peephole optimizer folded is a constant of its own role."""
    roles = {"co_consts": model.tuple_item_roles(ours.co_consts, "co_consts", ours),
             "co_names": ["name"] * len(ours.co_names)}
    for field in ("co_consts", "co_names"):
        pairs = zip(getattr(host, field), getattr(ours, field), roles[field])
        _pair_identities(model, pairs, ours, seen, ids, path)


def _pair_identities(model, pairs, ours, seen, ids, path):
    for h, o, role in pairs:
        if isinstance(o, Code):
            _identities(model, h, o, seen, ids, path)
            continue
        if type(o) not in (str, bytes, tuple, int, float, complex):
            continue
        key = model.key(o, role, ours)
        assert seen.setdefault(key, id(h)) == id(h), (path, o, role)
        assert ids.setdefault(id(h), key) == key, (path, o, role)
        if type(o) is tuple:
            items = model.tuple_item_roles(o, role, ours)
            _pair_identities(model, zip(h, o, items), ours, seen, ids, path)


def test_sharing_model_matches_cpythons_identities(tmp_root):
    """Objects the model calls one object are one object in CPython's own code (and
    the other way round), for the constants and names of the host's compile()."""
    from minivm.pyc.sharing import Sharing
    for path, source, _ in cases(HOST, tmp_root):
        host_code = compile(source, path, "exec", dont_inherit=True)
        code = Code.from_code(host_code)
        _identities(Sharing(code.target, code), host_code, code, {}, {}, path)


# -- exact bytes before 3.11, given what the writing process holds --------------------

# Sources whose sharing the model once got wrong on 3.8-3.10.  The 3.8/3.9 peephole
# optimizer folds LOAD_CONSTs + BUILD_TUPLE into fresh tuples appended to co_consts;
# a bare anonymous name is the runtime's static string only at module level.
FOLDS = '''\
def calls(f, kw, args):
    f("alpha", **kw)
    f(1, 2, **kw)
    f(3, *args)
    return [7, *args, 8, 9]

def closure(items):
    return ["head", *[items for _ in range(3)], "", "# tail"]

def walrus(check):
    (info := (1, 2, 3))
    check(info, (1, 2, 3))

def other(x=(1, 2, 3), y=(1, 2, 3)):
    return (1, 2, 3), "alpha"

class Named:
    def test(self):
        gen = (x for x in range(10))
        return gen.__name__ == "<genexpr>", "<lambda>"
'''
# A module-level lambda's qualname constant is the runtime's static '<lambda>'
# unless an equal literal reached the compiler's constant cache first.
LAMBDA = "square = lambda v: v * v\n"

def _live_strings(version, code):
    return query_live(python(version), candidate_strings(code))


@pytest.mark.oracle
@pytest.mark.parametrize("lambda_first", [False, True])
@pytest.mark.parametrize("version", VERSIONS)
def test_dumps_gives_py_compile_bytes_given_live_strings(version, lambda_first, tmp_path):
    """Byte identity wherever the compiler alone decides sharing: peephole-folded
    tuples (function defaults, a call's positional arguments before ``**``, the
    parts of a 3.8 starred display, a walrus value equal to a later constant) and
    a literal equal to an anonymous code's name inside a method."""
    path = str(tmp_path / "folds.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(LAMBDA + FOLDS if lambda_first else FOLDS + LAMBDA)
    out = str(tmp_path / "folds.pyc")
    subprocess.run([python(version), "-c", _PY_COMPILE, path, out, "TIMESTAMP"],
                   env=oracle_env(), check=True, timeout=60)
    with open(out, "rb") as handle:
        want = handle.read()
    _, code = minivm.pyc.loads(want)
    got = want[:16] + mm.dumps(code, version, live_strings=_live_strings(version, code))
    at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)
    assert got == want, mm.describe_offset(want[16:], min(at or len(want), len(want) - 1) - 16,
                                           version)


# -- the interpreters run what minivm wrote ---------------------------------------------


def _run(version, args, cwd, **env):
    full = oracle_env()
    full.update(env)
    done = subprocess.run([python(version)] + args, cwd=cwd, env=full, timeout=60,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_interpreter_imports_and_runs_minivm_pyc(version, tmp_root):
    target = get_target(version)
    path, source, written = [c for c in cases(version, tmp_root) if c[0].endswith("printer.py")][0]
    expected = _run(version, [path], os.path.dirname(path))
    assert expected[0] == 0 and "total" in expected[1]
    _, code = minivm.pyc.loads(written["TIMESTAMP"])

    # Sourceless: nothing but our .pyc to import.
    folder = os.path.join(str(tmp_root), "run-" + version)
    os.makedirs(folder)
    with open(os.path.join(folder, "printer.pyc"), "wb") as handle:
        handle.write(minivm.pyc.dumps(code))
    assert _run(version, ["-c", "import printer"], folder) == expected

    # With the source beside it: importlib validates our header, or recompiles and
    # rewrites the .pyc (which the byte comparison after the import would catch).
    for mode in MODES:
        beside = os.path.join(folder, mode.lower())
        os.makedirs(os.path.join(beside, "__pycache__"))
        shutil.copy2(path, os.path.join(beside, "printer.py"))
        ours = _rewrite(code, os.path.join(beside, "printer.py"), source, mode)
        cached = os.path.join(beside, "__pycache__", "printer.%s.pyc" % target.cache_tag)
        with open(cached, "wb") as handle:
            handle.write(ours)
        # Make the cached file look old, so a rewrite would change its mtime too.
        os.utime(cached, (1, 1))
        assert _run(version, ["-c", "import printer"], beside) == expected
        with open(cached, "rb") as handle:
            assert handle.read() == ours, mode
        assert os.stat(cached).st_mtime == 1, mode


# -- minivm compile --------------------------------------------------------------------


def test_compile_file_writes_pycache_as_py_compile(tmp_root, monkeypatch):
    """The writing half of ``minivm compile``, with CPython's compiler standing in
    for minivm's (which has its own tests): path, header, atomic replacement."""
    path, source, written = [c for c in cases(HOST, tmp_root) if c[0].endswith("sharing.py")][0]
    folder = os.path.join(str(tmp_root), "compile-file")
    os.makedirs(folder)
    copy = os.path.join(folder, "sharing.py")
    shutil.copy2(path, copy)

    def stand_in(text, filename, mode, target):
        return Code.from_code(compile(text, filename, mode, dont_inherit=True))
    monkeypatch.setattr(minivm, "compile", stand_in)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = pyc.compile_file(copy)
    assert out == os.path.join(folder, "__pycache__", "sharing.%s.pyc" % get_target().cache_tag)
    expected_path = os.path.join(folder, "expected.pyc")
    subprocess.run([sys.executable, "-c", _PY_COMPILE, copy, expected_path, "TIMESTAMP"],
                   env=oracle_env(), check=True, timeout=60)
    with open(out, "rb") as mine, open(expected_path, "rb") as theirs:
        ours, expected = mine.read(), theirs.read()
    if get_target().marshal_refs_interned:
        assert ours == expected
    else:
        assert ours[:16] == expected[:16]
        assert _same_objects(HOST, ours, expected, folder)
    assert sorted(os.listdir(os.path.join(folder, "__pycache__"))) == [os.path.basename(out)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    other = pyc.compile_file(copy, os.path.join(folder, "elsewhere.pyc"))
    with open(other, "rb") as handle:
        assert pyc.read_header(handle.read()).mode == "checked-hash"


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_minivm_compile_command_matches_py_compile(version, tmp_root, request):
    if not get_target(version).marshal_refs_interned:
        # Before 3.11 an interned name is flagged only if something else holds it;
        # ``print`` is held by the writing process's builtins.
        request.applymarker(pytest.mark.xfail(
            strict=True, reason="not implemented: the names py_compile's process holds "
                                "(FLAG_REF of interned strings before 3.11) in minivm compile"))
    folder = os.path.join(str(tmp_root), "cli-" + version)
    os.makedirs(folder)
    path = os.path.join(folder, "small.py")
    with open(path, "w") as handle:
        handle.write("def f(a, b=2):\n    return a + b\nprint(f(1))\n")
    try:
        minivm.compile("x = 1\n", target=version)
    except minivm.NotImplementedStage:
        pytest.xfail("not implemented: minivm's compiler for %s" % version)
    done = subprocess.run([sys.executable, "-m", "minivm", "--target", version, "compile", path],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    out = os.path.join(folder, "__pycache__", "small.%s.pyc" % get_target(version).cache_tag)
    expected = os.path.join(folder, "expected.pyc")
    subprocess.run([python(version), "-c", _PY_COMPILE, path, expected, "TIMESTAMP"],
                   env=oracle_env(), check=True, timeout=60)
    with open(out, "rb") as mine, open(expected, "rb") as theirs:
        assert mine.read() == theirs.read()


# -- malformed files -----------------------------------------------------------------------


def test_malformed_pyc_files_name_offset_and_problem(tmp_root):
    path, source, written = cases(HOST, tmp_root)[0]
    good = written["TIMESTAMP"]
    with pytest.raises(PycError, match="bad magic number .* at offset 0"):
        minivm.pyc.loads(b"\x00\x00\r\n" + good[4:])
    with pytest.raises(PycError, match="truncated .pyc header at offset"):
        minivm.pyc.loads(good[:10])
    with pytest.raises(PycError, match="invalid flags 0x4 at offset 4"):
        minivm.pyc.loads(good[:4] + struct.pack("<I", 4) + good[8:])
    with pytest.raises(PycError, match="at offset 16"):
        minivm.pyc.loads(good[:16])
    with pytest.raises(PycError, match="not a code object"):
        minivm.pyc.loads(good[:16] + b"N")
    # A cut file ends either inside a fixed-width field ("truncated <field>") or after
    # a length field that claims more than is left; each message names the field's
    # offset, which is not past the cut.  Every cut point of the body is tried,
    # so both problems occur on every version whatever the file's layout.
    kinds = set()
    for end in range(16, len(good)):
        with pytest.raises(PycError) as caught:
            minivm.pyc.loads(good[:end])
        kind, offset = _end_of_data_problem(str(caught.value))
        assert 16 <= offset <= end, (end, str(caught.value))
        kinds.add(kind)
    assert kinds == {"truncated", "larger"}, kinds


_TRUNCATED = re.compile(r"truncated [\w .()-]+ at offset (\d+): needs (\d+) bytes, (\d+) left$")
_LARGER = re.compile(r"[\w ]+ size -?\d+ at offset (\d+) is larger than the remaining data "
                     r"\((\d+) bytes\)$")


def _end_of_data_problem(message):
    """``("truncated", offset)`` or ``("larger", offset)`` for the two messages of
    data that ends too soon; any other message fails the test."""
    found = _TRUNCATED.match(message)
    if found:
        assert int(found.group(2)) > int(found.group(3)), message
        return "truncated", int(found.group(1))
    found = _LARGER.match(message)
    assert found, "not an end-of-data problem: %r" % message
    return "larger", int(found.group(1))


def test_code_fields_are_checked(tmp_root):
    # A code object whose co_code is an int: CPython refuses to build it, and so do we.
    version = get_target()
    fields = [f for f in version.code_fields]
    position = fields.index("co_code")
    ints = {"co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
            "co_stacksize", "co_flags", "co_firstlineno"}
    data = bytearray(b"c")
    for index, name in enumerate(fields):
        if name in ints:
            data += struct.pack("<i", 0)
        elif index == position:
            data += b"i" + struct.pack("<i", 7)
        else:
            data += b"N"
    with pytest.raises(PycError, match="co_code must be bytes, not int"):
        mm.loads(bytes(data))


# -- the whole standard library (nightly) -----------------------------------------------------


@pytest.mark.slow
@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_stdlib(version, tmp_path):
    report = tmp_path / "tally.json"
    # --live: what the writing process already interned (FLAG_REF on names before
    # 3.11; two modules py_compile itself imports on 3.13) is asked of the target.
    args = [sys.executable, os.path.join(ROOT, "benchmarks", "pyc_stdlib.py"), "--versions",
            version, "--batch", "1", "--live", "--json", str(report)]
    subprocess.run(args, check=True, cwd=ROOT, timeout=7200)
    (tally,) = json.loads(report.read_text())
    assert tally["loads"] == tally["objects"] == tally["compiled"] > 0
    if get_target(version).marshal_refs_interned:
        assert all(count == tally["compiled"] for count in tally["bytes"].values())
