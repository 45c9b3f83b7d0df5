"""The oracle's zygote: the lean process every ``exec`` case is forked from.

Started by the oracle worker as ``python3.X oracle_zygote.py FD FOLDER CPUS``
(same interpreter, same scrubbed environment, no flags, as ``python3.X FILE`` is
run).  FD is its end of a socket pair with the worker; FOLDER is the worker's
case directory, where every program runs; CPUS ("0,1", or "" when the worker is
not pinned) are those a child gets back from the worker's one.  Standard library
only, written for 3.8.

At start it does, once, every part of becoming ``python3.X FILE`` that does not
depend on the case: the standard streams as the interpreter builds them for
pipes, the network block (``blocked-socket`` mode), a pristine ``__main__``,
``sys.path[0]``, the C entry point ``PyRun_SimpleFileExFlags`` loaded, its heap
collected and frozen.  It imports little (no json, re or worker code), so the
children see almost the modules a fresh interpreter has, and a fork copies few
page tables.

Per case the worker sends a header (limits, whether to exec the real
interpreter, folder, file name) with the write ends of the case's stdout, stderr
and report pipes (SCM_RIGHTS).  The zygote forks the child, answers with its
pid, waits for it and answers with its wait status.  The child's report (on the
third pipe) is ``repr`` of a dict of strings and booleans, read by the worker.
"""

from __future__ import annotations

import sys

#: The modules a fresh ``python3.X FILE`` has when the file starts (less the
#: ``__future__`` import above, which is this file's own).
_FRESH = set(sys.modules) - {"__future__"}

import _socket  # noqa: E402
import gc  # noqa: E402
import os  # noqa: E402

#: The interpreter's own streams: finalizing them is invisible to a program, so
#: alone they are no reason to run it again (_finalization_observable).
_OWN_STREAMS = set()

#: How many atexit callbacks the interpreter had before any program ran: those of
#: its ``site`` (a ``.pth`` file may register one, as certifi's does to remove a
#: temporary file).  Every ``python FILE`` runs them at exit out of the program's
#: sight, so only a callback the program adds calls for a real finalization.
_SITE_ATEXIT = [0]

_PYRUN = []

#: The CPUs a case's child runs on: those the worker had before it pinned itself
#: (empty when it did not), so a program sees what ``python3.X FILE`` sees.
_STARTING_CPUS = set()


def main(argv):
    sock = _socket.socket(fileno=int(argv[1]))
    folder = argv[2]
    if len(argv) > 3 and argv[3]:
        _STARTING_CPUS.update(int(cpu) for cpu in argv[3].split(","))
    try:
        _prepare(folder)
        _serve(sock)
    except BaseException as error:
        # Never through sys.stderr: the children inherit its buffer.
        os.write(2, ("oracle zygote: %r\n" % (error,)).encode("utf-8", "replace"))
        os._exit(1)


def _prepare(folder):
    import atexit
    import resource
    import types
    import weakref
    _SITE_ATEXIT[0] = atexit._ncallbacks()
    _SUSPENDED.extend((types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType))
    _WEAKREF.append(weakref.ref)
    _SETRLIMIT.append(resource.setrlimit)
    _RLIMITS.extend(getattr(resource, name, None)
                    for name in ("RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_FSIZE", "RLIMIT_CPU"))
    _load_pyrun()
    _install_stdio()
    _block_network()
    _fresh_main(folder)
    _forget_own_imports()
    gc.collect()


_SUSPENDED = []
_WEAKREF = []


def _forget_own_imports():
    """Drop from sys.modules the pure-Python modules the zygote imported for
    itself (ctypes, types, weakref...), so a program that imports one runs it as
    a fresh interpreter would.  Extension modules stay (they are loaded once per
    process), and so does ``socket`` when it carries the network block."""
    for name in set(sys.modules) - _FRESH:
        if name != "socket" and str(getattr(sys.modules[name], "__file__", "")).endswith(".py"):
            del sys.modules[name]


def _serve(sock):
    space = _socket.CMSG_SPACE(3 * 4)
    while True:
        header, ancillary, _, _ = sock.recvmsg(4096, space)
        if not header:
            os._exit(0)
        fds = _received_fds(ancillary)
        case = _case(header)  # parsed here, so the child runs as little as it can
        gc.freeze()  # the child's gc and gc.get_objects() see only the program's objects
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            _child(case, fds, sock)
        for fd in fds:
            os.close(fd)
        sock.send(b"%d" % pid)
        _, status = os.waitpid(pid, 0)
        sock.send(b"%d" % status)


def _case(header):
    """(exact, rlimits, folder, file name, the name PyRun shows) from a header
    ``exact NUL memory NUL file_limit NUL cpu_seconds NUL folder NUL filename``."""
    exact, memory, file_limit, cpu, folder, filename = header.split(b"\0")
    limits = [(which, int(value)) for which, value in zip(
        _RLIMITS, (memory, b"0", file_limit, cpu)) if which is not None]
    name = os.fsdecode(filename)
    # From 3.9 the interpreter makes the script's path absolute (bpo-20443).
    shown = os.path.join(folder, filename) if _ABSOLUTE_SCRIPT_PATH else filename
    return exact == b"1", limits, folder, filename, name, shown


#: The limits a case sets, in the order its header gives them (core dumps: none).
_RLIMITS = []

_ABSOLUTE_SCRIPT_PATH = sys.version_info >= (3, 9)


def _received_fds(ancillary):
    fds = []
    for _level, _kind, data in ancillary:
        for at in range(0, len(data) - len(data) % 4, 4):
            fds.append(int.from_bytes(data[at:at + 4], sys.byteorder, signed=True))
    if len(fds) != 3:
        raise OSError("a case header came with %d file descriptors, not 3" % len(fds))
    return fds


# -- what is done once -------------------------------------------------------------------


def _load_pyrun():
    """``(fopen, PyRun_SimpleFileExFlags)`` through ctypes, kept in _PYRUN and
    returned (benchmarks/fork_floor.py uses them too)."""
    import ctypes
    libc = ctypes.CDLL(None)
    fopen = libc.fopen
    fopen.restype = ctypes.c_void_p
    fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    run = ctypes.pythonapi.PyRun_SimpleFileExFlags
    run.restype = ctypes.c_int
    run.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    _PYRUN[:] = [fopen, run]
    return fopen, run


def _install_stdio():
    """Make sys.stdin, stdout, stderr new streams on fds 0, 1 and 2, built as the
    interpreter built the zygote's own (same encoding, errors, line buffering),
    but for pipes, as a case's stdout and stderr are: ``io.open`` buffering (a
    pipe's block size), not seekable.  They are built while fds 1 and 2 are a
    pipe, because a stream asks once whether its fd can seek and keeps the
    answer.  Only sys holds them, as in a real interpreter: finalization then
    frees and so flushes them after the last ``__del__`` has printed."""
    import io
    saved = [os.dup(1), os.dup(2)]
    read_end, write_end = os.pipe()
    os.dup2(write_end, 1)
    os.dup2(write_end, 2)
    try:
        streams = [_stdio(io, 0, "r", sys.__stdin__), _stdio(io, 1, "w", sys.__stdout__),
                   _stdio(io, 2, "w", sys.__stderr__)]
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved + [read_end, write_end]:
            os.close(fd)
    for stream in streams:
        _OWN_STREAMS.update((id(stream), id(stream.buffer), id(stream.buffer.raw)))
    sys.stdin = sys.__stdin__ = streams[0]
    sys.stdout = sys.__stdout__ = streams[1]
    sys.stderr = sys.__stderr__ = streams[2]


def _stdio(io, fd, mode, like):
    """A stream on ``fd`` configured as the interpreter configured ``like``."""
    buffer = io.open(fd, mode + "b", -1, closefd=False)
    buffer.raw.name = getattr(like.buffer, "raw", like.buffer).name
    stream = io.TextIOWrapper(buffer, like.encoding, like.errors, "\n", like.line_buffering,
                              like.write_through)
    stream.seekable()
    stream.mode = mode
    return stream


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
    __cached__ and __loader__ itself, as it does for python FILE.  Made here,
    where no program runs, so each child inherits it untouched."""
    import types
    module = types.ModuleType("__main__")
    module.__annotations__ = {}
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    sys.path[0] = os.path.realpath(folder)


# -- the child -----------------------------------------------------------------------------


def _child(case, fds, sock):  # pragma: no cover
    """Become ``python3.X FILE``.  Never returns: ends in exec, in os._exit, or in
    the interpreter's own exit when the program raises SystemExit.  Should the
    code after the program fail (a program can break builtins), the child ends
    without a report, which has the worker run the program again for real.
    Each object this touches costs the child a copy-on-write page fault, so it
    does only what must be done in the child."""
    out_w, err_w, info_w = fds
    exact, limits, folder, filename, name, shown = case
    try:
        sock.close()
        os.setsid()
        if _STARTING_CPUS:
            os.sched_setaffinity(0, _STARTING_CPUS)
        setrlimit = _SETRLIMIT[0]
        for which, value in limits:
            try:
                setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.close(out_w)
        os.close(err_w)
        os.chdir(folder)
        if exact:
            os.close(info_w)
            os.execv(sys.executable, [sys.executable, filename])
        sys.argv[:] = [name]
        if _ORIG_ARGV:
            _ORIG_ARGV[1:] = [name]
    except BaseException as error:  # a harness fault, not the program's: say so and stop
        os.write(info_w, repr({"harness_error": repr(error)}).encode("utf-8", "replace"))
        os._exit(125)
    try:
        _run_program(filename, shown, info_w)
    finally:
        os._exit(124)


_SETRLIMIT = []

#: ``sys.orig_argv`` where the interpreter has one (3.10+): a program sees
#: ``[interpreter, FILE]`` there, as it would run directly.
_ORIG_ARGV = getattr(sys, "orig_argv", None)


def _run_program(filename, shown, info_w):  # pragma: no cover
    fopen, run = _PYRUN
    handle = fopen(filename, b"rb")
    if not handle:
        os.write(info_w, b"{'harness_error': 'cannot open the program file'}")
        os._exit(125)
    # Returns -1 after printing an uncaught exception (sys.last_* are set); a
    # SystemExit never returns (the child then ends silently; see op_exec).
    failed = run(handle, shown, 1, None) != 0
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
    # The report goes last, after the streams are flushed: the worker then sees
    # the child's output and its end close together.
    status = _flush_streams(1 if failed else 0)
    os.write(info_w, repr(info).encode("utf-8", "surrogatepass"))
    os._exit(status)


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
    suspended = tuple(_SUSPENDED)
    weakref_type = _WEAKREF[0]
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
        if isinstance(obj, weakref_type) and obj.__callback__ is not None:
            return True
    return False


def _flush_streams(status):  # pragma: no cover
    """The exit status once sys.stdout and sys.stderr are flushed: ``status``, or
    120 if flushing failed, as the interpreter does at exit."""
    code = status
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = 120
    return code


if __name__ == "__main__":
    main(sys.argv)
