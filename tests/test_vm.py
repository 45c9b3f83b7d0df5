"""The minivm VM against the real interpreter of the host's version.

Every program in ``corpus/seeds`` runs twice: as ``python3.X FILE`` under
``PYTHONHASHSEED=0`` (the oracle) and through ``minivm.run``; stdout, stderr (the
traceback text with carets) and the exit status must be identical.  Each program
runs with CPython's code (``Code.from_code`` of the host's compile, the test
layer's code source) and with minivm's own compiler; the second half is a strict
xfail while ``minivm.compile`` raises ``NotImplementedStage``.

The VM runs 3.12 and 3.13 bytecode; on older hosts these tests are strict xfails
("not implemented: VM for 3.X bytecode").
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

import minivm
from minivm.versions import get_target

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.py")))
HOST = get_target(None)
from minivm.vm.interpreter import VM_TARGETS  # noqa: E402 - the VMs that exist
ENV = dict(os.environ, PYTHONHASHSEED="0")

not_this_host = pytest.mark.xfail(
    HOST.version not in VM_TARGETS, strict=True,
    reason="not implemented: VM for %s bytecode" % HOST.name)


#: Before 3.11 the small ints are ordinary objects whose counts are every reference
#: the whole process holds (3.11 allocates them statically with a huge count).
_shared_small_ints = pytest.mark.xfail(
    not HOST.runtime("static_small_ints"), strict=True,
    reason="not implemented: the reference counts of small ints before 3.11 (the "
           "references the whole interpreter holds)")
#: Programs that print such a count (``sys.getrefcount`` of a small int).
_PRINTS_SMALL_INT_COUNTS = ("refcount_locals.py", "attributes")
#: 3.11's static small ints start at 999999999 and still count every reference the
#: process holds; minivm keeps them immortal.
_static_small_ints = pytest.mark.xfail(
    HOST.runtime("static_small_ints") and not HOST.has_immortal_objects, strict=True,
    reason="not implemented: 3.11's counts of its static small ints (999999999 plus "
           "the references the whole interpreter holds)")
#: Programs printing the count of a small int 3.11's own runtime holds references to.
_PRINTS_STATIC_SMALL_INT_COUNTS = ("attributes",)


def _marked(name):
    base = os.path.basename(name)
    if base in _PRINTS_SMALL_INT_COUNTS and not HOST.runtime("static_small_ints"):
        return pytest.param(name, marks=_shared_small_ints)
    if base in _PRINTS_STATIC_SMALL_INT_COUNTS and HOST.runtime("static_small_ints"):
        return pytest.param(name, marks=_static_small_ints)
    return name


def _compiler_missing() -> bool:
    try:
        minivm.compile("pass\n")
    except minivm.NotImplementedStage:
        return True
    return False


def _oracle(path: str) -> dict:
    real = subprocess.run([sys.executable, path], capture_output=True, text=True, env=ENV,
                          timeout=60)
    return {"stdout": real.stdout, "stderr": real.stderr, "exit_status": real.returncode}


@pytest.fixture(scope="module")
def minivm_results():
    """All seeds through minivm in one subprocess (PYTHONHASHSEED=0, see seedrun)."""
    proc = subprocess.run([sys.executable, "-m", "minivm.vm.seedrun"] + SEEDS,
                          capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=600)
    results = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        results[record.pop("path")] = record
    return results


def _applies_to_host(path):
    """The seed's ``# requires:`` line admits the host (as the harness decides)."""
    from harness.cases import parse_header
    with open(path, "rb") as handle:
        requires = parse_header(handle.read())[1]
    return requires is None or HOST.version >= requires


HOST_SEEDS = [p for p in SEEDS if _applies_to_host(p)]


@not_this_host
@pytest.mark.parametrize("path", [_marked(p) for p in HOST_SEEDS],
                         ids=[os.path.basename(p) for p in HOST_SEEDS])
def test_seed_with_cpython_code(path, minivm_results):
    ours = minivm_results.get(path)
    if ours and "NotImplementedStage" in ours.get("stderr", ""):
        # an import compiled by minivm for a target whose compiler is not built yet
        pytest.xfail(ours["stderr"].strip().splitlines()[-1])
    assert ours == _oracle(path)


@not_this_host
@pytest.mark.xfail(_compiler_missing(), strict=True,
                   reason="not implemented: minivm compiler (minivm.compile)")
@pytest.mark.parametrize("path", SEEDS[:5], ids=[os.path.basename(p) for p in SEEDS[:5]])
def test_seed_with_minivm_code(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    out = minivm.run(source, filename=path)
    assert {"stdout": out.stdout, "stderr": out.stderr,
            "exit_status": out.exit_status} == _oracle(path)


def test_seed_headers():
    assert len(SEEDS) >= 1
    for path in SEEDS:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
        assert first.startswith("# feature: "), path


_HASH_PROBE = r'''
import json, sys
words = ["", "a", "abc", "hello world!", "x" * 17, "\u00e9t\u00e9", "\u20acuro", "\U0001f600"]
print(json.dumps([[w, hash(w)] for w in words] + [["b", hash(b"abcdefgh12")]]))
'''


def test_string_hash_matches_target():
    from minivm.siphash import hash_bytes, hash_str
    out = subprocess.run([sys.executable, "-c", _HASH_PROBE], capture_output=True, text=True,
                         env=ENV, check=True).stdout
    pairs = json.loads(out)
    for text, expected in pairs[:-1]:
        assert hash_str(text, HOST.hash_algorithm) == expected, text
    assert hash_bytes(b"abcdefgh12", HOST.hash_algorithm) == pairs[-1][1]


@pytest.mark.skipif(not HOST.has_exception_table,
                    reason="code objects before 3.11 have no exception or location tables")
def test_exception_and_location_tables_match_dis():
    import dis
    from minivm.compiler.code import Code
    from minivm.tables.exctable import decode as parse_exception_table
    from minivm.tables.linetable import positions as parse_locations
    source = open(SEEDS[0], encoding="utf-8").read() + (
        "\ndef f(x):\n    try:\n        return x[0] + 1\n    except (IndexError,\n"
        "            KeyError):\n        return None\n")
    host_code = compile(source, "<probe>", "exec")
    for co in [host_code] + [c for c in host_code.co_consts if hasattr(c, "co_code")]:
        table = parse_exception_table(co.co_exceptiontable)
        expected = [(e.start // 2, e.end // 2, e.target // 2, e.depth, e.lasti)
                    for e in dis._parse_exception_table(co)]
        assert table == expected
        locs = parse_locations(co.co_linetable, co.co_firstlineno, len(co.co_code) // 2)
        assert [tuple(p) for p in co.co_positions()] == locs
    assert Code.from_code(host_code).co_code == host_code.co_code


def test_every_supported_target_has_a_vm_dialect():
    assert tuple(VM_TARGETS) == tuple(minivm.SUPPORTED_TARGETS)


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_stdlib_code_source_reads_the_targets_pyc(version):
    """The default code source finds a stdlib module's .pyc in the target's library
    and reads it with minivm's marshal reader: the names it holds are those of the
    code object CPython itself loads from that file."""
    from harness.oracle import find_interpreter
    from minivm.vm.codesource import StdlibPyc
    python = find_interpreter(version).path
    probe = ("import keyword, marshal, os, importlib.util as u; p = u.cache_from_source("
             "keyword.__file__); c = marshal.loads(open(p, 'rb').read()[16:]); "
             "print(os.path.dirname(os.__file__)); print(' '.join(c.co_names))")
    libdir, names = subprocess.run([python, "-I", "-c", probe], capture_output=True,
                                   text=True, check=True).stdout.splitlines()
    found = StdlibPyc(get_target(version), libdir=libdir).find("keyword", None)
    assert found is not None and found.filename == os.path.join(libdir, "keyword.py")
    assert " ".join(found.code.co_names) == names


@not_this_host
@pytest.mark.xfail(_compiler_missing(), strict=True,
                   reason="not implemented: minivm compiler (minivm.compile)")
def test_run_relative_file_as_python_does(tmp_path):
    """``minivm run FILE`` with a relative FILE: stdout, stderr (traceback paths)
    and exit status as ``python3.X FILE`` gives them in the same directory."""
    (tmp_path / "prog.py").write_text("print(__file__.endswith('prog.py'))\n"
                                      "def f():\n    return 1 / 0\nf()\n")
    env = dict(ENV, PYTHONPATH=ROOT)
    expected = subprocess.run([sys.executable, "prog.py"], cwd=str(tmp_path), env=env,
                              capture_output=True, text=True)
    actual = subprocess.run([sys.executable, "-m", "minivm", "run", "prog.py"],
                            cwd=str(tmp_path), env=env, capture_output=True, text=True)
    assert (actual.stdout, actual.stderr, actual.returncode) == \
        (expected.stdout, expected.stderr, expected.returncode)


# Programs that take the eval loop's fast paths (fusion.py, the inline cases of
# LOAD_ATTR, STORE_ATTR, BINARY_OP, subscripts and slices) and their way out of
# them: properties, __getattr__, shadowing instance attributes, __slots__, list
# subclasses, __index__, out-of-range indexes, augmented assignments, compares
# of mixed types, __bool__, __del__ order and sys.getrefcount.
_FAST_PATH_PROGRAMS = {
    'attributes': '''import sys
class D:
    def __del__(self): print("del", self.tag)
    def __init__(self, tag): self.tag = tag
class P:
    def __init__(self): self.x = 1; self.items = [1, 2.5, "s"]; self.t = (1, 2)
    @property
    def p(self): print("rc in prop", sys.getrefcount(self)); return 3
    def m(self, a): return a + self.x
class G(P):
    def __getattr__(self, n): return n * 2
class S:
    __slots__ = ("a",)
o = P()
print(sys.getrefcount(o), o.x, o.p, o.m(2))
o.x += 5; print(o.x, sys.getrefcount(o))
o.items[0] += 10; o.items[1] *= 2; o.items[-1] += "t"; print(o.items)
g = G(); print(g.zz, g.x, g.m(1))
o.m = lambda a: a * 100; print(o.m(3))
s = S(); s.a = 4; s.a += 1; print(s.a)
try: s.b = 1
except AttributeError as e: print("AE", e)
try: o.items[10] += 1
except IndexError as e: print("IE", e)
try: o.t[0] += 1
except TypeError as e: print("TE", e)
d = {"k": 1}; d["k"] += 2; print(d)
o.obj = D("a"); o.obj = D("b"); print("after"); o.items[0] = D("c"); o.items[0] = 0; print("end")
x = 10**30; y = x * x; print(y - x, 7 // 2, -7 % 3, 7.5 % -2, 1 / 4)
try: print(1 / 0)
except ZeroDivisionError as e: print("ZD", e)
def f():
    a = [1, 2, 3]; i = 5
    a[i] += 1
try: f()
except IndexError:
    import traceback; traceback.print_exc(file=sys.stdout)
class T:
    def __init__(self): self.v = 0
def g2(t):
    t.v += 1; t.w += 1
try: g2(T())
except AttributeError:
    import traceback; traceback.print_exc(file=sys.stdout)
print(sys.getrefcount(o.items), sys.getrefcount(o.x), sys.getrefcount(o))
''',
    'subscripts': '''import sys
class L(list): pass
class Idx:
    def __index__(self): return 1
a = [10, 20, 30]; t = (1, 2, 3); l = L([5, 6]); d = {0: "z", "k": 1}; s = "abc"
def f(a, t, l, d, s):
    i = 1; j = -1; k = 7
    print(a[0], a[i], a[j], t[0], t[i], l[0], l[i], d[0], d["k"], s[0], s[i], a[Idx()], a[True])
    print(a[1:], a[:i], a[::-1], t[i:], a[0:2:1], a[i::], s[::-1])
    print(sys.getrefcount(a))
    x = [a][0][i]; print(x, [a, t][i][0])
    try: a[k]
    except IndexError as e: print("IE", e)
    try: t[k]
    except IndexError as e: print("IE", e)
    try: a[3]
    except IndexError as e: print("IE", e)
    try: a["x"]
    except TypeError as e: print("TE", e)
    a[:1] = (7, 8); a[5:2] = [9]; a[-100:] = a[:2]; print(a)
    m = a[:]; m[1:] = m; print(m)
    o = object(); z = [o, o, o]; y = z[:2]; w = z[i::-1]; print(sys.getrefcount(o))
    z[:1] = (); z[i:] = y; print(sys.getrefcount(o), a[Idx():], l[1:], a[None:None])
    del y, w; print(sys.getrefcount(o))
f(a, t, l, d, s)
def g():
    q = [1]
    return q[5]
try: g()
except IndexError:
    import traceback; traceback.print_exc(file=sys.stdout)
''',
    'arithmetic': '''import sys
def chains(a, b, c):
    print(a * (b + 1), a - (b * c), a * (b + c), (a + b) * (b + 1) // 2 + a + 1)
    print(a / (b - 1) if b != 1 else "skip", a % (c + 2), 2 ** (c + 1))
for args in ((3, 4, 5), (2.5, -1, 0.5), (10**20, 10**20, 3), (True, 2, 3.0), (7, 1, -1)):
    chains(*args)
def boom(a, b):
    return a + (b - 2)
def boom2(a, b):
    return a / (b * 0)
for f, args in ((boom, ("s", 1)), (boom, (1, "s")), (boom2, (1, 2)), (boom2, (1.5, 2.5))):
    try:
        f(*args)
    except Exception:
        import traceback; traceback.print_exc(file=sys.stdout)
x = 1e308
print(x * (x + 1), -(x) * (x * 2), 2 ** (1000 + 24) > 0)
''',
    'compares': '''import sys
class C:
    def __gt__(self, o): print("gt", o); return 0
    def __eq__(self, o): raise ValueError("eq")
    def __bool__(self): print("bool"); return True
class B:
    def __bool__(self): return 2
def f(xs):
    out = []
    for x in xs:
        if x > 0: out.append("pos")
        if x == 1.5: out.append("eq")
        if x != "a": out.append("ne")
        if not x: out.append("falsy")
        if x: out.append("truthy")
        while x: break
    return out
print(f([0, 1, -1, 1.5, 0.0, float("nan"), "a", "", [], [0], None, (), 10**40, True, False]))
try: f(["s"])
except TypeError as e: print("TE", e)
print(f([C()]) if False else "skip")
c = C()
if c > 0: print("yes")
else: print("no")
try:
    if c == 1: pass
except ValueError:
    import traceback; traceback.print_exc(file=sys.stdout)
try:
    if B(): pass
except TypeError:
    import traceback; traceback.print_exc(file=sys.stdout)
def g(n):
    k = 0
    while n > 0:
        n -= 1; k += 2
    return k
print(g(5), g(0), g(-1))
''',
}


@not_this_host
@pytest.mark.xfail(_compiler_missing(), strict=True,
                   reason="not implemented: minivm compiler (minivm.compile)")
@pytest.mark.parametrize("name", [_marked(n) for n in sorted(_FAST_PATH_PROGRAMS)])
def test_fast_paths_behave_as_cpython(name, tmp_path):
    path = tmp_path / (name + ".py")
    path.write_text(_FAST_PATH_PROGRAMS[name])
    out = minivm.run(path.read_text(), filename=str(path))
    assert {"stdout": out.stdout, "stderr": out.stderr,
            "exit_status": out.exit_status} == _oracle(str(path))


def test_handler_tables_are_built_from_version_ranges():
    """Each target's table comes from the registrations covering its version: 3.13 takes
    its own COMPARE_OP, keeps 3.12's LOAD_FAST, and has nothing for an opcode it lacks."""
    from minivm.vm import dialect312, dialect313, registry
    t312, t313 = get_target((3, 12)), get_target((3, 13))
    h312, h313 = registry.handlers_for(t312), registry.handlers_for(t313)
    assert h312["COMPARE_OP"] is dialect312.op_COMPARE_OP
    assert h313["COMPARE_OP"] is dialect313.op_COMPARE_OP
    assert h312["LOAD_FAST"] is h313["LOAD_FAST"]
    assert "KW_NAMES" in h312 and "KW_NAMES" not in h313
    assert set(h313) <= set(t313.spec.ops)


def test_two_handlers_for_one_version_are_refused():
    from minivm.vm import dialect312, dialect313, registry  # noqa: F401 - they register
    with pytest.raises(registry.RegistryError, match="LOAD_FAST: .* both registered for 3.13"):
        registry.handler("LOAD_FAST", since=(3, 13))(lambda f, arg, nxt: nxt)


def test_unwinder_follows_the_era_of_the_target():
    from minivm.vm import unwind
    assert isinstance(unwind.unwinder_for(get_target((3, 11))), unwind.ExceptionTableUnwinder)
    assert isinstance(unwind.unwinder_for(get_target((3, 10))), unwind.BlockStackUnwinder)
