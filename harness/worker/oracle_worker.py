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

Programs (``exec``) run in a child forked from a lean zygote process
(oracle_zygote.py), never in the worker: see ``op_exec`` and ``_Zygote``.

Command line: ``oracle_worker.py SCRATCH [--cpu N]``.  With ``--cpu`` the worker
and its zygote run on CPU N only (``_pin``): a case hands work from worker to
zygote to child and back strictly in turn, and on one CPU those hand-offs need
no wake-up of another CPU.  The child itself gets back the CPUs the worker was
started with, so a program sees the affinity ``python3.X FILE`` would.
"""

from __future__ import annotations

import base64
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
_CASE = [0]
#: The CPUs the worker was started with, as the zygote's command line gives them
#: ("0,1"), when ``--cpu`` pinned it; "" otherwise.
_STARTING_CPUS = ""
ZYGOTE_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "oracle_zygote.py")


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
#: state rather than a fresh one), and those that use ``gc`` (``import gc``, ``gc.``
#: or ``from gc import``): the worker froze its
#: heap, so a full collection in the child leaves only the program's objects for
#: the long-lived rule, and automatic collections reach the oldest generation
#: where ``python FILE``'s never would.
_NEEDS_REAL_PROCESS = re.compile(
    rb"Recursion|recursionlimit|_getframe|f_back|inspect|traceback|warn|stack"
    rb"|SystemExit|KeyboardInterrupt|\bexit\(|\bquit\(|\bimport gc\b|\bgc\.|\bfrom gc\b")


def op_exec(request):
    """Run a program as ``python3.X FILE`` would, in a forked child.

    Limits: wall-clock ``timeout`` seconds, address space ``memory`` bytes, output
    ``output_limit`` bytes (stdout and stderr together).  The child gets its own
    process group (killed whole on timeout), a working directory holding only the
    program as FILE (the worker's one case directory, emptied after every case),
    no network, and the worker's hash seed (0).

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
        _ZYGOTE.spawn(_case_header(request, folder, filename, exact), [w for _, w in pipes])
        streams, verdict = _collect(reads, started + timeout, output_limit)
        if verdict:
            _kill_group(_ZYGOTE.case_pid())
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


def _case_path():
    return os.path.join(_SCRATCH, "case")


def _case_folder():
    """The worker's one case directory, made on first use and after a program
    left it unusable.  Reused: it holds nothing between cases (_empty_case_folder)."""
    path = _case_path()
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


def _report(data):
    """The child's report: ``repr`` of a dict of strings and booleans."""
    if data == b"{}":
        return {}
    import ast
    return ast.literal_eval(data.decode("utf-8", "surrogatepass"))


def _outcome(status, verdict, out, err, info, output_limit, elapsed):
    result = {
        "stdout": bytes(out[:output_limit]).decode("utf-8", "surrogateescape"),
        "stderr": bytes(err[:output_limit]).decode("utf-8", "surrogateescape"),
        "exception": None,
        "message": None,
        "seconds": round(elapsed, 4),
    }
    details = _report(info) if info else {"silent": True}
    result.update(details)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        result["exit_status"] = -number
        result["signal"] = _STATUS_SIGNALS.get(number, str(number))
    else:
        result["exit_status"] = os.WEXITSTATUS(status)
    return wire.classify_run(result, verdict)


class _Zygote:
    """The worker's handle on its zygote (oracle_zygote.py), the lean process every
    case is forked from; started on first use and again if it dies.  The worker
    sends it each case's header with the write ends of the case's three pipes
    (SCM_RIGHTS over a socket pair); it forks the case, answers with the child's
    pid, waits for it and answers with its wait status.  The worker itself never
    forks per case, so it never pays the copy-on-write faults a fork costs the
    parent afterwards."""

    def __init__(self):
        self.proc = None
        self.sock = None
        self._pid = None

    def start(self):
        import _socket
        import subprocess
        kind = getattr(_socket, "SOCK_SEQPACKET", _socket.SOCK_STREAM)
        ours, theirs = _socket.socketpair(_socket.AF_UNIX, kind)
        try:
            # Same interpreter, environment and (absent) flags as the worker; stdin
            # is the worker's /dev/null, stdout and stderr its log.
            self.proc = subprocess.Popen(
                [sys.executable, ZYGOTE_SCRIPT, str(theirs.fileno()), _case_path(),
                 _STARTING_CPUS],
                pass_fds=(theirs.fileno(),), stdout=2, cwd=_SCRATCH)
        finally:
            theirs.close()
        self.sock = ours

    def stop(self):
        if self.sock is not None:
            self.sock.close()
            self.proc.kill()
            self.proc.wait()
        self.proc = self.sock = None

    def spawn(self, header, fds):
        """Start a case.  Closes ``fds`` (the worker's copies of the case's pipes).
        The zygote's answer, the child's pid, is read only when needed
        (``case_pid``): the worker goes straight to reading the case's pipes."""
        try:
            for _attempt in (1, 2):
                if self.sock is None:
                    self.start()
                if self._send(header, fds):
                    self._pid = None
                    return
                self.stop()  # the zygote died: start another and ask again
            raise OSError("the oracle zygote exits before starting a case")
        finally:
            for fd in fds:
                os.close(fd)

    def _send(self, header, fds):
        import _socket
        payload = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
        try:
            self.sock.sendmsg([header], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, payload)])
            return True
        except OSError:
            return False

    def _reply(self, what):
        try:
            reply = self.sock.recv(64)
        except OSError:
            reply = b""
        if not reply:
            self.stop()
            raise OSError("the oracle zygote exited before sending the case's " + what)
        return int(reply)

    def case_pid(self):
        """The pid of the case last spawned."""
        if self._pid is None:
            self._pid = self._reply("pid")
        return self._pid

    def reap(self):
        """The wait status of the case last spawned, once it has ended."""
        self.case_pid()
        return self._reply("wait status")


_ZYGOTE = _Zygote()


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


def _pin(argv):
    """Run on the one CPU ``--cpu N`` names, if the system allows; returns the
    CPUs the worker had before, for its zygote ("" when not pinned)."""
    if "--cpu" not in argv or not hasattr(os, "sched_setaffinity"):
        return ""
    try:
        cpu = int(argv[argv.index("--cpu") + 1])
        starting = os.sched_getaffinity(0)
        if cpu not in starting or len(starting) < 2:
            return ""
        os.sched_setaffinity(0, {cpu})
    except (IndexError, ValueError, OSError):
        return ""
    return ",".join(str(n) for n in sorted(starting))


def main():
    global _PROTO_IN, _PROTO_OUT, _SCRATCH, _STARTING_CPUS
    _SCRATCH = sys.argv[1] if len(sys.argv) > 1 else None
    _STARTING_CPUS = _pin(sys.argv[2:])
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
