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
    folder = _case_folder()
    filename = request.get("filename", "prog.py")
    try:
        return _run_child(request, source, folder, filename, exact)
    finally:
        _empty_case_folder(folder, filename)


def _run_child(request, source, folder, filename, exact):
    timeout = float(request.get("timeout", 10.0))
    output_limit = int(request.get("output_limit", 4 << 20))
    with open(os.path.join(folder, filename), "wb") as handle:
        handle.write(source)
    pipes = [os.pipe() for _ in range(3)]
    reads = [r for r, _ in pipes]
    try:
        started = time.monotonic()
        pid = _ZYGOTE.spawn(_case_header(request, folder, filename, exact),
                            [w for _, w in pipes])
        streams, verdict = _collect(reads, started + timeout, output_limit)
        if verdict:
            _kill_group(pid)
        status = _ZYGOTE.reap()
        elapsed = time.monotonic() - started
    finally:
        for fd in reads:
            os.close(fd)
    out, err, info = streams
    result = _outcome(status, verdict, out, err, info, output_limit, elapsed)
    if exact and result["exit_status"] == 1 and not result.get("exception"):
        result["exception"], result["message"] = wire.exception_from_stderr(result["stderr"])
        wire.classify_run(result, verdict)
    return wire.hide_case_dir(result, folder)


def _collect(fds, deadline, output_limit):
    """Read the child's stdout, stderr and report pipes until all three reach EOF
    (the child and everything it started have let go of them), the deadline
    passes or stdout and stderr together exceed ``output_limit``.  Returns the
    bytes read from each and the limit hit, if any."""
    import select
    poller = select.poll()
    for fd in fds:
        poller.register(fd, select.POLLIN)
    data = {fd: bytearray() for fd in fds}
    out, err = data[fds[0]], data[fds[1]]
    left_open = len(fds)
    verdict = None
    while left_open:
        left = deadline - time.monotonic()
        if left <= 0:
            verdict = "timeout"
            break
        for fd, _ in poller.poll(left * 1000.0 + 1.0):
            chunk = os.read(fd, 65536)
            if not chunk:
                poller.unregister(fd)
                left_open -= 1
                continue
            data[fd] += chunk
            if len(out) + len(err) > output_limit:
                return [data[fd] for fd in fds], "output-limit"
    return [data[fd] for fd in fds], verdict


def _case_header(request, folder, filename, exact):
    """What the zygote needs to start a case: its limits, folder and file name."""
    timeout = float(request.get("timeout", 10.0))
    fields = ("1" if exact else "0", str(int(request.get("memory", 1 << 30))),
              str(int(request.get("file_limit", 64 << 20))), str(int(timeout) + 2))
    return b"\0".join([f.encode("ascii") for f in fields] +
                      [os.fsencode(folder), os.fsencode(filename)])


def _case_folder():
    """The worker's one case directory, made on first use and after a program
    left it unusable.  Reused: it holds nothing between cases (_empty_case_folder)."""
    path = os.path.join(_SCRATCH, "case")
    try:
        if os.stat(path).st_mode == _FOLDER_MODE[0]:
            return path
        _remove_tree(path)
    except OSError:
        pass
    os.mkdir(path, 0o700)
    _FOLDER_MODE[0] = os.stat(path).st_mode
    return path


_FOLDER_MODE = [None]


def _empty_case_folder(folder, filename):
    """Leave the case directory empty for the next case.  Usually it holds only
    the program (removed with one unlink); anything else a program left there,
    or a directory it removed or changed, is cleared away entirely."""
    try:
        if os.listdir(folder) == [filename]:
            os.unlink(os.path.join(folder, filename))
            return
    except OSError:
        pass
    try:
        _remove_tree(folder)
    except OSError:  # a program made it unremovable: move it out of the way
        try:
            os.rename(folder, folder + "-%d" % time.monotonic_ns())
        except OSError:
            pass
    _FOLDER_MODE[0] = None


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


class _Zygote:
    """The process every case is forked from: a child of the worker made once,
    that has already done every part of becoming ``python3.X FILE`` that does not
    depend on the case (standard streams, blocked network, a pristine
    ``__main__``, loaded modules, a frozen heap).  The worker sends it each case's
    header with the write ends of the case's three pipes (SCM_RIGHTS over a
    socket pair); it forks the case, answers with the child's pid, waits for it
    and answers with its wait status.  Forking from the small zygote rather than
    the worker spares the worker the copy-on-write faults that every fork would
    otherwise cost it on the next request, and each child the setup it inherits.
    """

    def __init__(self):
        self.pid = None
        self.sock = None

    def start(self):
        import _socket
        _pyrun()  # loaded here, so every child inherits it ready
        _preload()
        kind = getattr(_socket, "SOCK_SEQPACKET", _socket.SOCK_STREAM)
        ours, theirs = _socket.socketpair(_socket.AF_UNIX, kind)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the zygote
            ours.close()
            _close_other_fds(theirs.fileno())
            _zygote_main(theirs)
        theirs.close()
        self.pid, self.sock = pid, ours

    def stop(self):
        if self.sock is not None:
            self.sock.close()
            _kill_group_member(self.pid)
            os.waitpid(self.pid, 0)
        self.pid = self.sock = None

    def spawn(self, header, fds):
        """Start a case; returns its pid.  Closes ``fds`` (the worker's copies)."""
        try:
            for attempt in (1, 2):
                if self.sock is None:
                    self.start()
                reply = self._ask(header, fds)
                if reply:
                    return int(reply)
                self.stop()  # the zygote died: start another and ask again
            raise OSError("the zygote exits before starting a case")
        finally:
            for fd in fds:
                os.close(fd)

    def _ask(self, header, fds):
        import _socket
        payload = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
        try:
            self.sock.sendmsg([header], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, payload)])
            return self.sock.recv(64)
        except OSError:
            return b""

    def reap(self):
        """The wait status of the case last spawned."""
        try:
            reply = self.sock.recv(64)
        except OSError:
            reply = b""
        if not reply:
            self.stop()
            raise OSError("the zygote exited while a case ran")
        return int(reply)


_ZYGOTE = _Zygote()


def _kill_group_member(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _close_other_fds(keep):
    """Close what the zygote inherited beyond stdio, the protocol fds and ``keep``:
    a pipe of the case in flight would otherwise never reach EOF."""
    needed = {0, 1, 2, keep, _PROTO_IN.fileno(), _PROTO_OUT.fileno()}
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return
    for name in names:
        if int(name) not in needed:
            try:
                os.close(int(name))
            except OSError:
                pass  # the listing's own fd, already closed


def _zygote_main(sock):  # pragma: no cover - runs in the zygote
    """Prepare once, then fork one child per case header until the worker goes."""
    import _socket
    try:
        # Let go of the protocol pipes (the harness must see EOF if the worker
        # dies) while keeping the fds valid for the file objects that own them.
        for handle in (_PROTO_IN, _PROTO_OUT):
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, handle.fileno())
            os.close(null)
        _fresh_stdio()
        _block_network()
        _fresh_main(os.path.join(_SCRATCH, "case"))
        gc.collect()
        space = _socket.CMSG_SPACE(3 * 4)
        while True:
            header, ancillary, _, _ = sock.recvmsg(4096, space)
            if not header:
                os._exit(0)
            fds = _received_fds(ancillary)
            gc.freeze()  # the child's gc sees only the program's objects
            pid = os.fork()
            if pid == 0:
                _child(header, fds, sock)
            for fd in fds:
                os.close(fd)
            sock.send(b"%d" % pid)
            _, status = os.waitpid(pid, 0)
            sock.send(b"%d" % status)
    except BaseException as error:
        # Never through sys.stderr: the children inherit its buffer.
        os.write(2, ("oracle zygote: %r\n" % (error,)).encode("utf-8", "replace"))
        os._exit(1)


def _received_fds(ancillary):
    fds = []
    for level, kind, data in ancillary:
        for at in range(0, len(data) - len(data) % 4, 4):
            fds.append(int.from_bytes(data[at:at + 4], sys.byteorder, signed=True))
    if len(fds) != 3:
        raise OSError("a case header came with %d file descriptors, not 3" % len(fds))
    return fds


def _child(header, fds, sock):  # pragma: no cover
    """Become ``python3.X FILE``.  Never returns: ends in exec, in os._exit, or in
    the interpreter's own exit when the program raises SystemExit.  Should the
    harness code after the program fail (a program can break builtins), the child
    ends without a report, which has the worker run the program again for real."""
    out_w, err_w, info_w = fds
    try:
        exact, memory, file_limit, cpu, folder, filename = header.split(b"\0")
        sock.close()
        os.setsid()
        _limit(int(memory), int(file_limit), int(cpu))
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.close(out_w)
        os.close(err_w)
        os.chdir(folder)
        if exact == b"1":
            os.close(info_w)
            os.execv(sys.executable, [sys.executable, filename])
        name = os.fsdecode(filename)
        sys.argv[:] = [name]
        # From 3.9 the interpreter makes the script's path absolute (bpo-20443).
        shown = os.path.join(os.fsdecode(folder), name) if sys.version_info >= (3, 9) else name
    except BaseException as error:  # a harness fault, not the program's: say so and stop
        os.write(info_w, json.dumps({"harness_error": repr(error)}).encode("utf-8"))
        os._exit(125)
    try:
        _run_program(name, shown, info_w)
    finally:
        os._exit(124)


def _limit(memory, file_limit, cpu):
    import resource
    for name, value in (("RLIMIT_AS", memory), ("RLIMIT_CORE", 0),
                        ("RLIMIT_FSIZE", file_limit), ("RLIMIT_CPU", cpu)):
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


def _fresh_main(folder):
    """A ``__main__`` as the interpreter has it at start-up; PyRun adds __file__,
    __cached__ and __loader__ itself, as it does for python FILE.  Made in the
    zygote, which never runs a program, so each child inherits it untouched."""
    import types
    for name in ("wire", "oracle_worker"):
        sys.modules.pop(name, None)
    module = types.ModuleType("__main__")
    module.__annotations__ = {}
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
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
