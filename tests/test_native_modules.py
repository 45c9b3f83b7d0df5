"""minivm's native modules that CPython's Lib/test needs (``_thread``/``threading``,
``errno``, ``_struct`` ...): each program runs as ``python3.X FILE`` (the real
interpreter of the host's version, asked at test time) and as ``minivm --target 3.X run
FILE``; stdout, stderr and the exit status must be identical."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from harness.oracle import find_interpreter
from minivm.versions import get_target
from minivm.vm.interpreter import VM_TARGETS

from .test_runtime import _has_compiler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = get_target(None)
ENV = dict(os.environ, PYTHONHASHSEED="0")
ENV.pop("PYTHONPATH", None)

# The programs are source, so both minivm's compiler and its VM for the host's version run.
pytestmark = [
    pytest.mark.xfail(HOST.version not in VM_TARGETS, strict=True,
                      reason="not implemented: VM for %s bytecode" % HOST.name),
    pytest.mark.xfail(not _has_compiler(HOST.version), strict=True,
                      reason="not implemented: minivm's compiler for %s" % HOST.name)]


def run_both(tmp_path, source: str, env=None):
    """``(python3.X, minivm)`` results of ``prog.py`` holding ``source``, both under
    ``env`` (default: this process's environment with PYTHONHASHSEED=0)."""
    (tmp_path / "prog.py").write_text(source)
    python = find_interpreter(HOST.name).path
    env = ENV if env is None else env
    expected = subprocess.run([python, "prog.py"], cwd=str(tmp_path), env=env,
                              capture_output=True, text=True, timeout=120)
    actual = subprocess.run([sys.executable, "-m", "minivm", "--target", HOST.name, "run",
                             "prog.py"], cwd=str(tmp_path), env=dict(env, PYTHONPATH=ROOT),
                            capture_output=True, text=True, timeout=300)
    return ((expected.stdout, expected.stderr, expected.returncode),
            (actual.stdout, actual.stderr, actual.returncode))


PROGRAMS = {
    # a file python cannot compile: the SyntaxError as it prints one, exit status 1
    "syntax_error_in_the_file": "x = 1\ndef f(:\n    pass\n",
    "syntax_error_mixed_literals": "print(b'a' 'b')\n",
    "syntax_error_raised_again": 'try:\n    compile("def f(:\\n", "zz.py", "exec")\n'
                                 'except SyntaxError as e:\n    raise e\n',
    # threads run to completion inside start(); identities, join, is_alive, the
    # exception hook's report on stderr
    "threading_threads": '''import threading
out = []
def work(n):
    me = threading.current_thread()
    out.append((n, me.name, threading.get_ident() != threading.main_thread().ident))
ts = [threading.Thread(target=work, args=(i,), name="w%d" % i) for i in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(out, [t.is_alive() for t in ts], threading.active_count())
def bad(): raise ValueError("boom")
t = threading.Thread(target=bad, name="B"); t.start(); t.join()
print(threading.enumerate() == [threading.main_thread()])
''',
    "threading_locks": '''import threading, _thread, queue
l = threading.Lock(); print(l.acquire(), l.acquire(False), l.acquire(timeout=0.01))
print(l.locked()); l.release(); print(l.locked())
try: l.release()
except RuntimeError as e: print("RuntimeError", e)
r = threading.RLock()
with r:
    with r:
        print(r._is_owned())
print(r._is_owned())
try: r.release()
except RuntimeError as e: print("RuntimeError", e)
print(type(l), type(r), _thread.LockType, _thread.error)
q = queue.Queue(); q.put(1); print(q.get(), q.empty())
e = threading.Event(); print(e.wait(0.01)); e.set(); print(e.wait())
c = threading.Condition()
with c: print(c.wait(0.01))
s = threading.Semaphore(1); print(s.acquire(), s.acquire(timeout=0.01)); s.release()
try: l.acquire(False, 1)
except ValueError as e: print("ValueError", e)
''',
    "threading_local": '''import threading, _thread
print(threading.local)
loc = threading.local(); loc.x = 1
def f(): print(hasattr(loc, "x")); loc.x = 2
t = threading.Thread(target=f); t.start(); t.join()
print(loc.x)
class L(threading.local):
    def __init__(self, v): self.v = v
m = L(5)
def g(): print("in thread", m.v); m.v = 6
t = threading.Thread(target=g); t.start(); t.join()
print(m.v)
try: threading.local(1)
except TypeError as e: print("TypeError", e)
''',
    "errno": '''import errno, os
print(sorted((k, v) for k, v in vars(errno).items() if k.startswith("E")))
print(sorted(errno.errorcode.items()) == sorted((v, k) for k, v in errno.errorcode.items()
      for _ in [0] if False) or len(errno.errorcode), errno.errorcode[errno.ENOENT])
try: open("/nonexistent/x")
except OSError as e: print(e.errno == errno.ENOENT, type(e).__name__)
''',
    # OSError's subclasses take its errno/strerror/filename(2) init; args drop the names
    "oserror_fields": '''import os
for make in (lambda: open("/nonexistent/x"), lambda: os.stat("/nonexistent/x")):
    try: make()
    except OSError as e: print(type(e).__name__, e.errno, e.args, e.strerror, e.filename, e)
e = OSError(2, "x", "f", None, "g"); print(e.args, e.filename2, str(e))
e = FileExistsError(1, "y"); print(e.errno, e.filename, e.filename2, e.args)
e = OSError("a"); print(e.errno, e.args)
''',
    # _struct: formats, sizes, Struct, pack_into, iter_unpack, __index__, struct.error
    "struct": '''import struct, base64
print(struct.pack("<iHd?3s", -5, 65535, 1.5, [], b"ab"), struct.calcsize("@iqc"))
print(struct.unpack("<iHd?3s", struct.pack("<iHd?3s", -5, 65535, 1.5, 1, b"ab")))
s = struct.Struct(">I2h")
print(s.size, s.format, s.pack(1, 2, -3), s.unpack_from(b"\\0" * 12, 2))
print(repr(s).startswith("Struct(") or repr(s).startswith("<_struct.Struct object"))
b = bytearray(8); struct.pack_into("<II", b, 0, 1, 2); print(b)
print(list(struct.iter_unpack("<H", b"\\1\\0\\2\\0")))
class I:
    def __index__(self): return 7
print(struct.pack("b", I()))
for bad in (lambda: struct.pack("b", 300), lambda: struct.pack("i", "x"),
            lambda: struct.unpack("i", b"12"), lambda: struct.pack("zz"),
            lambda: struct.pack("i", 1.5), lambda: struct.pack("d", "s")):
    try: bad()
    except Exception as e: print(type(e).__module__, type(e).__name__, e)
print(struct.error.__module__, struct.error.__mro__)
print(base64.b64encode(b"hello"), base64.b85encode(b"xyz"))
''',
    # _socket, select and _posixsubprocess: socket, selectors and subprocess's first
    # imports work; a socket can be made and closed, its operations are OSError
    "socket_select": '''import socket, select, selectors, _socket
print(socket.AF_INET, socket.SOCK_STREAM, type(socket.AF_INET).__name__)
print(socket.error is OSError, socket.timeout is TimeoutError, select.error is OSError)
print(select.select([], [], [], 0), issubclass(socket.socket, _socket.socket))
print(socket.htons(1), socket.ntohl(1), socket.getdefaulttimeout())
print(selectors.DefaultSelector.__mro__[-2].__name__)
try: select.select([-1], [], [], 0)
except ValueError as e: print("ValueError", e)
''',
    # unicodedata: the target's database (host == target), defaults, errors, ucd_3_2_0
    "unicodedata": r'''import unicodedata as u
print(u.unidata_version, u.name("a"), u.lookup("LATIN SMALL LETTER A"), u.category("1"))
print(u.decimal("9"), u.numeric("\u00bd"))
print(u.decimal("a", None), u.name("\x00", "dflt"))
print(u.normalize("NFD", "\u00e9") == "e\u0301", u.is_normalized("NFC", "abc"))
print(u.east_asian_width("\u3000"), u.mirrored("("), u.combining("\u0301"))
print(u.decomposition("\u00e9"), u.bidirectional("a"))
for bad in (lambda: u.name("\x00"), lambda: u.lookup("NO SUCH"), lambda: u.category("ab"),
            lambda: u.decimal("a")):
    try: bad()
    except Exception as e: print(type(e).__name__, e)
print(u.ucd_3_2_0.unidata_version, u.ucd_3_2_0.category("a"))
import stringprep; print(stringprep.in_table_a1("\u0221"))
print("x".encode("idna") if True else "")
for f in (u.decimal, u.name, u.category):
    for a in ("ab", 5):
        try: f(a)
        except TypeError as e: print(e)
for a in (("NFC", 5), (5, "a")):
    try: u.normalize(*a)
    except TypeError as e: print(e)
try: u.lookup(5)
except TypeError as e: print(e)
print(u.lookup(b"DIGIT ONE"))
''',
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(tmp_path, name):
    expected, actual = run_both(tmp_path, PROGRAMS[name])
    assert actual == expected


# os._exit ends the process at once: no except, finally, atexit callback or __del__
# runs, and what sat in a stream's buffer is lost (with PYTHONUNBUFFERED nothing is
# buffered).  Every stream state: flushed, a whole line, a partial line, unflushed.
OS_EXIT = """import atexit, os, sys
atexit.register(print, "atexit ran")
class D:
    def __del__(self):
        print("del ran")
d = D()
print("flushed", flush=True)
sys.stdout.write("written, then flushed by hand\\n"); sys.stdout.flush()
sys.stderr.write("a whole line\\n")
sys.stderr.write("a line and a half\\nhalf")
sys.stderr.write(" more without a newline")
print("never flushed")
try:
    try:
        os._exit(259)
    except BaseException:
        print("caught")
finally:
    print("finally ran")
"""


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_os_exit_ends_the_process_at_once(tmp_path, unbuffered):
    env = dict(ENV, PYTHONUNBUFFERED=unbuffered)
    expected, actual = run_both(tmp_path, OS_EXIT, env)
    assert actual == expected


def test_os_exit_wants_an_int(tmp_path):
    expected, actual = run_both(tmp_path, "import os\ntry: os._exit('3')\n"
                                          "except TypeError as e: print(e)\n")
    assert actual == expected
