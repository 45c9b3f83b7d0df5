"""The CPython oracle: a long-lived worker answering JSON-line requests.

Run by the harness as ``python3.X -s oracle_worker.py`` with a scrubbed environment
and ``PYTHONHASHSEED=0``.  (Not ``-I``: isolated mode implies ``-E``, which would
ignore PYTHONHASHSEED and make set and dict order random.)  Standard library only,
written for 3.8, because the same file runs inside every target interpreter.

Protocol: one JSON object per line on stdin, one answer per line on stdout, in
order.  Every answer has ``"ok"``; requests that fail in the interpreter under
test (a SyntaxError, say) are answers with ``"ok": false`` and an ``"error"``, not
failures of the worker.  The worker's own stdout is moved aside at start-up so a
stray print can never corrupt the protocol.

Programs (``exec``) run in a forked child, never in the worker: see ``op_exec``.
"""

from __future__ import annotations

import base64
import gc
import json
import os
import re
import signal
import sys
import time

import wire

_PROTO_IN = None
_PROTO_OUT = None
_SCRATCH = None
_WORKER_PID = os.getpid()
_CASE = [0]


# -- requests that only compile ------------------------------------------------------


def _source(request):
    if "source_b64" in request:
        return base64.b64decode(request["source_b64"])
    return request["source"]


def op_hello(request):
    return {
        "version": list(sys.version_info[:3]),
        "implementation": sys.implementation.name,
        "executable": sys.executable,
        "hash_randomization": sys.flags.hash_randomization,
        "hash_algorithm": sys.hash_info.algorithm,
        "network": os.environ.get("CONFORM_NETWORK", "blocked-socket"),
        "pid": os.getpid(),
    }


def op_sleep(request):
    """Sleep without answering: lets the harness's tests show that a worker that
    stops answering is killed and restarted."""
    time.sleep(float(request.get("seconds", 1)))
    return {}


def op_tokenize(request):
    import io
    import tokenize
    source = _source(request)
    tokens = []
    try:
        if isinstance(source, bytes):
            stream = tokenize.tokenize(io.BytesIO(source).readline)
        else:
            stream = tokenize.generate_tokens(io.StringIO(source).readline)
        for tok in stream:
            tokens.append([tok.type, tokenize.tok_name[tok.type], tok.string,
                           list(tok.start), list(tok.end), tok.line])
    except Exception as error:  # the tokenize module's own errors are answers
        return {"ok": False, "tokens": tokens, "error": _error_json(error)}
    return {"tokens": tokens}


def _error_json(error):
    out = wire.error_to_json(error)
    if not isinstance(error, SyntaxError):
        out["args"] = [repr(a) for a in error.args]
    return out


def op_parse(request):
    import ast
    try:
        tree = ast.parse(_source(request), request.get("filename", "<unknown>"),
                         request.get("mode", "exec"))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as error:
        return {"ok": False, "error": _error_json(error)}
    out = {"tree": wire.tree_to_json(tree)}
    if request.get("dump", True):
        out["dump"] = ast.dump(tree, include_attributes=True)
    return out


def op_symtable(request):
    import symtable
    source = _source(request)
    if isinstance(source, bytes):
        source = _decode_source(source)
    try:
        table = symtable.symtable(source, request.get("filename", "<unknown>"), "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        return {"ok": False, "error": _error_json(error)}
    return {"table": wire.symtable_to_json(table)}


def _decode_source(data):
    import io
    import tokenize
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def op_compile(request):
    import dis
    import io
    try:
        code = compile(_source(request), request.get("filename", "<unknown>"),
                       request.get("mode", "exec"), dont_inherit=True,
                       optimize=request.get("optimize", -1))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as error:
        return {"ok": False, "error": _error_json(error)}
    out = {"code": wire.code_to_json(code, with_lines=request.get("lines", True))}
    if request.get("dis", True):
        text = io.StringIO()
        dis.dis(code, file=text)
        out["dis"] = text.getvalue()
    return out


_PYC_SCRIPT = r"""
import os, py_compile, sys
src, cfile, dfile, mode, mtime = sys.argv[1:6]
os.utime(src, (int(mtime), int(mtime)))
py_compile.compile(src, cfile=cfile, dfile=dfile or None, doraise=True,
                   invalidation_mode=py_compile.PycInvalidationMode[mode])
"""


def op_pyc(request):
    """The bytes ``py_compile`` writes, each mode in a fresh process: marshal's
    FLAG_REF depends on reference counts, which depend on the writing process."""
    import subprocess
    data = _source(request)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = _new_case_dir()
    try:
        src = os.path.join(folder, request.get("basename", "mod.py"))
        with open(src, "wb") as handle:
            handle.write(data)
        out = {}
        modes = request.get("modes", ["TIMESTAMP", "CHECKED_HASH", "UNCHECKED_HASH"])
        for mode in modes:
            cfile = os.path.join(folder, mode + ".pyc")
            proc = subprocess.run(
                [sys.executable, "-s", "-c", _PYC_SCRIPT, src, cfile,
                 request.get("filename", ""), mode, str(request.get("mtime", 0))],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=folder,
                timeout=request.get("timeout", 60))
            if proc.returncode != 0:
                return {"ok": False, "error": {"type": "PyCompileError",
                                               "msg": proc.stderr.decode("utf-8", "replace")}}
            with open(cfile, "rb") as handle:
                out[mode.lower()] = base64.b64encode(handle.read()).decode("ascii")
        return {"pyc": out}
    finally:
        _remove_tree(folder)


# -- running programs ------------------------------------------------------------------------

_STATUS_SIGNALS = {getattr(signal, n): n for n in dir(signal)
                   if n.startswith("SIG") and not n.startswith("SIG_")}


def _new_case_dir():
    _CASE[0] += 1
    path = os.path.join(_SCRATCH, "case%d" % _CASE[0])
    os.mkdir(path)
    return path


def _remove_tree(path):
    names = os.listdir(path)
    if all(os.path.isfile(os.path.join(path, n)) and not os.path.islink(os.path.join(path, n))
           for n in names):
        for name in names:  # the usual case: the program and maybe a file it wrote
            os.unlink(os.path.join(path, name))
        os.rmdir(path)
        return
    for root, dirs, files in os.walk(path, topdown=False):
        for name in files:
            os.unlink(os.path.join(root, name))
        for name in dirs:
            full = os.path.join(root, name)
            if os.path.islink(full):
                os.unlink(full)
            else:
                os.rmdir(full)
    os.rmdir(path)


#: Programs that a forked child cannot run exactly as ``python FILE`` does get the
#: real interpreter: those that look at their own stack or recursion depth (they
#: would see the worker's frames under theirs) and those that exit through
#: SystemExit (the interpreter then finalizes inside the child, in the worker's
#: state rather than a fresh one).
_NEEDS_REAL_PROCESS = re.compile(
    rb"Recursion|recursionlimit|_getframe|f_back|inspect|traceback|warn|stack"
    rb"|SystemExit|KeyboardInterrupt|\bexit\(|\bquit\(")


def op_exec(request):
    """Run a program as ``python3.X FILE`` would, in a forked child.

    Limits: wall-clock ``timeout`` seconds, address space ``memory`` bytes, output
    ``output_limit`` bytes (stdout and stderr together).  The child gets its own
    process group (killed whole on timeout), a fresh working directory holding the
    program as FILE, no network, and the worker's hash seed (0).

    The child runs the file with ``PyRun_SimpleFileExFlags``, the C function behind
    ``python FILE``: the same parse from a file, the same printing of errors, and
    ends with ``os._exit`` once output is flushed.  Whatever a forked child cannot
    do exactly as a fresh interpreter would is done by exec'ing the interpreter
    itself in the child ("exact" in the answer): programs matching
    ``_NEEDS_REAL_PROCESS``, requests with ``"exact": true``, and, found after a
    quick run, programs that end in RecursionError or KeyboardInterrupt or leave
    behind anything interpreter finalization would act on (finalizers, suspended
    generators, weakref callbacks, atexit handlers, threads).  Those are run again.
    """
    source = _source(request)
    if isinstance(source, str):
        source = source.encode("utf-8")
    exact = bool(request.get("exact")) or bool(_NEEDS_REAL_PROCESS.search(source))
    result = _exec_in_case_dir(request, source, exact)
    # A child that ends normally always reports; silence without a limit hit means
    # it left some other way (a SystemExit finalizing inside the child, os._exit,
    # a signal), which a real interpreter shows exactly.
    silent = result.pop("silent", False) and result["status"] not in _LIMITS
    if not exact and (result.pop("rerun", False) or silent or
                      result.get("exception") == "RecursionError"):
        result = _exec_in_case_dir(request, source, True)
        exact = True
    result["exact"] = exact
    return result


_LIMITS = ("timeout", "output-limit", "memory-limit")


def _exec_in_case_dir(request, source, exact):
    folder = _new_case_dir()
    try:
        return _run_child(request, source, folder, exact)
    finally:
        # A child that finalizes for real unwinds through here too; the folder is
        # the worker's to remove.
        if os.getpid() == _WORKER_PID:
            _remove_tree(folder)


def _run_child(request, source, folder, exact):
    import selectors
    filename = request.get("filename", "prog.py")
    timeout = float(request.get("timeout", 10.0))
    output_limit = int(request.get("output_limit", 4 << 20))
    with open(os.path.join(folder, filename), "wb") as handle:
        handle.write(source)
    if not exact:
        _pyrun()  # loaded here, so every child inherits it ready
        _preload()
    _freeze_worker_heap()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    info_r, info_w = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(out_r)
        os.close(err_r)
        os.close(info_r)
        _child(request, folder, filename, out_w, err_w, info_w, exact)
    for fd in (out_w, err_w, info_w):
        os.close(fd)
    streams = {out_r: bytearray(), err_r: bytearray(), info_r: bytearray()}
    sel = selectors.DefaultSelector()
    for fd in streams:
        sel.register(fd, selectors.EVENT_READ)
    verdict = None
    open_fds = set(streams)
    while open_fds:
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            verdict = "timeout"
            break
        for key, _ in sel.select(left):
            chunk = os.read(key.fd, 65536)
            if not chunk:
                sel.unregister(key.fd)
                open_fds.discard(key.fd)
                continue
            streams[key.fd] += chunk
            if len(streams[out_r]) + len(streams[err_r]) > output_limit:
                verdict = "output-limit"
                open_fds.clear()
                break
    sel.close()
    if verdict:
        _kill_group(pid)
    _, status = os.waitpid(pid, 0)
    elapsed = time.monotonic() - started
    for fd in streams:
        os.close(fd)
    result = _outcome(status, verdict, streams[out_r], streams[err_r], streams[info_r],
                      output_limit, elapsed)
    if exact and result["exit_status"] == 1 and not result.get("exception"):
        result["exception"], result["message"] = wire.exception_from_stderr(result["stderr"])
        wire.classify_run(result, verdict)
    return wire.hide_case_dir(result, folder)


def _kill_group(pid):
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
            return
        except OSError:
            continue


def _outcome(status, verdict, out, err, info, output_limit, elapsed):
    result = {
        "stdout": bytes(out[:output_limit]).decode("utf-8", "surrogateescape"),
        "stderr": bytes(err[:output_limit]).decode("utf-8", "surrogateescape"),
        "exception": None,
        "message": None,
        "seconds": round(elapsed, 4),
    }
    details = json.loads(info.decode("utf-8")) if info else {"silent": True}
    result.update(details)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        result["exit_status"] = -number
        result["signal"] = _STATUS_SIGNALS.get(number, str(number))
    else:
        result["exit_status"] = os.WEXITSTATUS(status)
    return wire.classify_run(result, verdict)


_PYRUN = []


def _pyrun():
    """``(fopen, PyRun_SimpleFileExFlags)`` through ctypes, loaded once per worker."""
    if not _PYRUN:
        import ctypes
        libc = ctypes.CDLL(None)
        fopen = libc.fopen
        fopen.restype = ctypes.c_void_p
        fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        run = ctypes.pythonapi.PyRun_SimpleFileExFlags
        run.restype = ctypes.c_int
        run.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
        _PYRUN.extend((fopen, run))
    return _PYRUN


#: How many atexit callbacks the interpreter had before any program ran: those of
#: its ``site`` (a ``.pth`` file of an installation may register one, as certifi's
#: does to remove a temporary file).  Every ``python FILE`` runs them at exit, out of
#: the program's sight, so only a callback the program adds calls for a real
#: finalization.
_SITE_ATEXIT = [0]


def _preload():
    """Import once, in the worker, what every child needs, rather than in each child."""
    import atexit
    _SITE_ATEXIT[0] = atexit._ncallbacks()
    import resource  # noqa: F401
    import types  # noqa: F401
    import weakref  # noqa: F401
    if os.environ.get("CONFORM_NETWORK") != "namespace":
        import socket  # noqa: F401
    if not _STDIO:
        _build_stdio()


_FROZEN = []


def _freeze_worker_heap():
    """Collect the worker's garbage and freeze what is left, before forking: the
    child starts with an empty young heap, so gc.collect() and gc.get_objects()
    see only the program's objects, and it never touches (and so never copies)
    the worker's pages to collect them itself.  After the first time only the
    youngest generation holds anything new."""
    gc.collect(0 if _FROZEN else 2)
    gc.freeze()
    _FROZEN.append(True)
    del _FROZEN[1:]


def _child(request, folder, filename, out_w, err_w, info_w, exact):  # pragma: no cover
    """Become ``python3.X FILE``.  Never returns: ends in exec, in os._exit, or in
    an exception that unwinds to the top and lets the interpreter finalize."""
    try:
        os.setsid()
        _limit(request)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in (null, out_w, err_w):
            os.close(fd)
        # Let go of the protocol pipes (the harness must see EOF if the worker
        # dies) while keeping the fds valid for the file objects that own them.
        for handle in (_PROTO_IN, _PROTO_OUT):
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, handle.fileno())
            os.close(null)
        os.chdir(folder)
        if exact:
            os.close(info_w)
            os.execv(sys.executable, [sys.executable, filename])
        _fresh_stdio()
        _block_network()
        _fresh_main(folder, filename)
        # From 3.9 the interpreter makes the script's path absolute (bpo-20443).
        shown = os.path.join(folder, filename) if sys.version_info >= (3, 9) else filename
    except BaseException as error:  # a harness fault, not the program's: say so and stop
        os.write(info_w, json.dumps({"harness_error": repr(error)}).encode("utf-8"))
        os._exit(125)
    _run_program(filename, shown, info_w)


def _limit(request):
    import resource
    memory = int(request.get("memory", 1 << 30))
    for name, value in (("RLIMIT_AS", memory), ("RLIMIT_CORE", 0),
                        ("RLIMIT_FSIZE", int(request.get("file_limit", 64 << 20))),
                        ("RLIMIT_CPU", int(float(request.get("timeout", 10.0))) + 2)):
        which = getattr(resource, name, None)
        if which is not None:
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass


def _fresh_stdio():
    """Make the streams built by _preload the program's sys.stdout, stderr, stdin."""
    out, err, inp = _STDIO
    # Only sys may hold them, as in a real interpreter: finalization then frees
    # and so flushes them after the last __del__ has printed.
    del _STDIO[:]
    sys.stdout = sys.__stdout__ = out
    sys.stderr = sys.__stderr__ = err
    sys.stdin = sys.__stdin__ = inp


def _build_stdio():
    """Streams on fds 0, 1 and 2, configured as the interpreter configures them at
    start-up for pipes: block-buffered stdout, line-buffered stderr with
    backslashreplace.  Built once in the worker, which never writes to them, so
    each child inherits a pristine set ready to use."""
    import io
    encoding = sys.stdout.encoding if sys.stdout else "utf-8"
    out = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)),
                           encoding=encoding, errors="strict", line_buffering=False)
    err = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
                           encoding=encoding, errors="backslashreplace", line_buffering=True)
    inp = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)),
                           encoding=encoding, errors="strict")
    _STDIO.extend((out, err, inp))
    # The interpreter's own streams finalize quietly; they alone are not a reason
    # to run the program again (see _finalization_observable).
    for stream in (out, err, inp):
        _OWN_STREAMS.update((id(stream), id(stream.buffer), id(stream.buffer.raw)))


_STDIO = []
_OWN_STREAMS = set()


def _block_network():
    if os.environ.get("CONFORM_NETWORK") == "namespace":
        return
    import socket

    class _NoNetwork(socket.socket):
        def __init__(self, family=-1, *args, **kwargs):
            if family in (-1, socket.AF_INET, socket.AF_INET6):
                raise OSError(101, "Network is unreachable (pyconform oracle: no network)")
            super().__init__(family, *args, **kwargs)

    socket.socket = _NoNetwork


def _fresh_main(folder, filename):
    """A ``__main__`` as the interpreter has it at start-up; PyRun adds __file__,
    __cached__ and __loader__ itself, as it does for python FILE."""
    import types
    for name in ("wire", "oracle_worker"):
        sys.modules.pop(name, None)
    module = types.ModuleType("__main__")
    module.__annotations__ = {}
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    sys.argv[:] = [filename]
    sys.path[0] = os.path.realpath(folder)


def _run_program(filename, shown, info_w):  # pragma: no cover
    fopen, run = _pyrun()
    handle = fopen(os.fsencode(filename), b"rb")
    if not handle:
        os.write(info_w, b'{"harness_error": "cannot open the program file"}')
        os._exit(125)
    # Returns -1 after printing an uncaught exception (sys.last_* are set); a
    # SystemExit never returns (the child then ends silently; see op_exec).
    failed = run(handle, os.fsencode(shown), 1, None) != 0
    info = {}
    if failed:
        kind, error = getattr(sys, "last_type", None), getattr(sys, "last_value", None)
        if kind is not None:
            where = kind.__module__
            info["exception"] = kind.__qualname__ if where in ("builtins", "__main__") \
                else "%s.%s" % (where, kind.__qualname__)
            try:
                info["message"] = str(error)
            except BaseException:
                info["message"] = "<unprintable %s object>" % kind.__name__
        del kind, error
    if info.get("exception") == "KeyboardInterrupt" or _finalization_observable():
        # Only a fresh interpreter finalizes exactly as python FILE does: the
        # worker runs the program again that way.
        info = {"rerun": True}
    os.write(info_w, json.dumps(info).encode("utf-8"))
    os.close(info_w)
    _quick_shutdown(1 if failed else 0)


def _finalization_observable():
    """Could interpreter finalization do anything the program can observe: objects
    with finalizers, live generators or coroutines, weakref callbacks, atexit
    handlers or threads still running?"""
    import atexit
    if atexit._ncallbacks() > _SITE_ATEXIT[0]:
        return True
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return True
    import types
    import weakref
    suspended = (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)
    for obj in gc.get_objects():
        if id(obj) in _OWN_STREAMS:
            continue
        kind = type(obj)
        if kind is type and getattr(obj, "__del__", None) is not None:
            return True
        if getattr(kind, "__del__", None) is not None:
            return True
        if isinstance(obj, suspended):
            return True
        if isinstance(obj, weakref.ref) and obj.__callback__ is not None:
            return True
    return False


def _quick_shutdown(status):  # pragma: no cover
    code = status
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = 120
    os._exit(code)


# -- the loop -------------------------------------------------------------------------------------

HANDLERS = {
    "hello": op_hello,
    "sleep": op_sleep,
    "tokenize": op_tokenize,
    "parse": op_parse,
    "symtable": op_symtable,
    "compile": op_compile,
    "pyc": op_pyc,
    "exec": op_exec,
}


def _answer(request):
    handler = HANDLERS.get(request.get("op"))
    if handler is None:
        return {"ok": False, "worker_error": "unknown op %r" % request.get("op")}
    try:
        result = handler(request)
    except Exception as error:
        import traceback
        return {"ok": False, "worker_error": "".join(
            traceback.format_exception(type(error), error, error.__traceback__))}
    result.setdefault("ok", True)
    return result


def main():
    global _PROTO_IN, _PROTO_OUT, _SCRATCH
    _SCRATCH = sys.argv[1] if len(sys.argv) > 1 else None
    if not _SCRATCH:
        import tempfile
        _SCRATCH = tempfile.mkdtemp(prefix="conform-oracle-")
    # The protocol keeps private copies of fds 0 and 1; the originals become
    # /dev/null and stderr so nothing else can read or write the protocol.
    _PROTO_IN = os.fdopen(os.dup(0), "rb")
    _PROTO_OUT = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    for line in _PROTO_IN:
        request = json.loads(line)
        answer = _answer(request)
        answer["id"] = request.get("id")
        _PROTO_OUT.write(json.dumps(answer).encode("utf-8") + b"\n")
        _PROTO_OUT.flush()


if __name__ == "__main__":
    main()
