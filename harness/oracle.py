"""The CPython oracles: finding each version's interpreter and talking to its worker.

An :class:`OracleWorker` owns one long-lived process of ``python3.X`` running
``worker/oracle_worker.py``.  Requests are JSON lines; every request has a deadline.
A worker that dies or stops answering is killed and restarted, and the request in
flight is answered with ``{"ok": False, "oracle_error": ...}``: the case is
reported, the run goes on, and nothing else is lost.

Interpreters are found, in this order: an explicit ``--python 3.X=PATH``;
``python3.X`` on PATH; ``$(pyenv root)/versions/3.X.*/bin/python3.X``.  Every
candidate is asked for its version, because a pyenv shim on PATH answers to the
name without being able to run.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Union

ALL_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13")
WORKER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker",
                             "oracle_worker.py")


class OracleError(RuntimeError):
    """The oracle cannot be used at all (an interpreter is missing or will not start)."""


class InterpreterNotFound(OracleError):
    pass


@dataclass(frozen=True)
class Interpreter:
    """One CPython found on this machine."""

    version: str        #: "3.12"
    path: str           #: absolute path of the executable
    patch: str          #: "3.12.1"
    found_by: str       #: "--python", "PATH" or "pyenv"


def parse_versions(text: Union[str, Iterable[str], None]) -> List[str]:
    """``"3.8,3.12"`` -> ``["3.8", "3.12"]``; ``None`` or ``"all"`` -> all six.
    Raises ValueError naming an unknown version."""
    if text is None or text == "all":
        return list(ALL_VERSIONS)
    items = text.split(",") if isinstance(text, str) else list(text)
    versions = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if item not in ALL_VERSIONS:
            raise ValueError("unknown version %r: choose from %s" % (item, ",".join(ALL_VERSIONS)))
        if item not in versions:
            versions.append(item)
    if not versions:
        raise ValueError("no versions given")
    return versions


def parse_overrides(items: Iterable[str]) -> Dict[str, str]:
    """``["3.12=/opt/py/bin/python3.12"]`` -> ``{"3.12": "/opt/..."}``."""
    overrides = {}
    for item in items or ():
        version, sep, path = item.partition("=")
        if not sep or version.strip() not in ALL_VERSIONS or not path.strip():
            raise ValueError("--python expects 3.X=PATH with X in 8..13, got %r" % item)
        overrides[version.strip()] = path.strip()
    return overrides


def _pyenv_root() -> Optional[str]:
    root = os.environ.get("PYENV_ROOT")
    if root and os.path.isdir(root):
        return root
    exe = shutil.which("pyenv")
    if exe:
        try:
            out = subprocess.run([exe, "root"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 timeout=10, check=True).stdout.decode().strip()
            if out and os.path.isdir(out):
                return out
        except (OSError, subprocess.SubprocessError):
            pass
    default = os.path.expanduser("~/.pyenv")
    return default if os.path.isdir(default) else None


def _probe(path: str) -> Optional[tuple]:
    """``("3.X.Y", sys.executable)`` of an executable, or None if it does not run
    as CPython."""
    try:
        proc = subprocess.run(
            [path, "-s", "-c", "import sys; print(sys.implementation.name, "
                               "'.'.join(map(str, sys.version_info[:3])), sys.executable)"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    words = proc.stdout.decode("utf-8", "replace").rstrip("\n").split(" ", 2)
    if proc.returncode != 0 or len(words) != 3 or words[0] != "cpython":
        return None
    return words[1], words[2]


def _is_pyenv_shim(path: str) -> bool:
    root = _pyenv_root()
    return bool(root) and os.path.dirname(os.path.abspath(path)) == \
        os.path.join(os.path.abspath(root), "shims")


def _candidates(version: str, override: Optional[str]):
    if override:
        yield override, "--python"
        return
    on_path = shutil.which("python" + version)
    if on_path:
        yield on_path, "PATH"
    root = _pyenv_root()
    if root:
        pattern = os.path.join(root, "versions", version + ".*", "bin", "python" + version)
        for path in sorted(glob.glob(pattern), reverse=True):
            yield path, "pyenv"


_FOUND: Dict[tuple, Interpreter] = {}


def find_interpreter(version: str, override: Optional[str] = None) -> Interpreter:
    """The interpreter for ``version``, or :class:`InterpreterNotFound` saying where it looked."""
    key = (version, override)
    if key in _FOUND:
        return _FOUND[key]
    looked = []
    for path, how in _candidates(version, override):
        probed = _probe(path)
        patch = probed[0] if probed else None
        if patch and patch.rsplit(".", 1)[0] == version:
            # A pyenv shim is a shell script that runs `pyenv exec`: every start
            # through it costs tens of milliseconds more than the interpreter's
            # own, so the interpreter it runs is used instead.
            if _is_pyenv_shim(path) and os.path.isfile(probed[1]):
                path = probed[1]
            found = Interpreter(version, os.path.abspath(path), patch, how)
            _FOUND[key] = found
            return found
        state = "reports %s" % patch if patch else "does not run"
        looked.append("%s (%s: %s)" % (path, how, state))
    where = "; ".join(looked) if looked else "nothing named python%s on PATH or in pyenv" % version
    raise InterpreterNotFound(
        "no CPython %s found (looked at: %s). Install it, put it on PATH, or pass "
        "--python %s=PATH" % (version, where, version))


def find_interpreters(versions: Iterable[str],
                      overrides: Optional[Mapping[str, str]] = None) -> Dict[str, Interpreter]:
    """All of ``versions``; raises InterpreterNotFound naming every missing one."""
    found, missing = {}, []
    for version in versions:
        try:
            found[version] = find_interpreter(version, (overrides or {}).get(version))
        except InterpreterNotFound as error:
            missing.append(str(error))
    if missing:
        raise InterpreterNotFound("\n".join(missing))
    return found


_STARTUP_PROBE = ("import atexit, sys; print(atexit._ncallbacks()); "
                  "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")


def site_startup(path: str, env: Optional[Mapping[str, str]] = None) -> Dict[str, object]:
    """What ``site`` does at the start of every ``python FILE`` of this interpreter
    beyond CPython's own ``site`` (its ``.pth`` files and customize modules), that a
    program can observe: the atexit callbacks
    it registers (``atexit``) and the top-level modules it imports (``modules``).
    Both come from ``.pth`` files and ``sitecustomize`` of the installation, not from
    CPython; minivm runs no ``site`` and so has neither."""
    if env is None:  # the environment programs are run in
        env = dict(os.environ, PYTHONHASHSEED="0")
        env.pop("PYTHONPATH", None)
    runs = []
    # The baseline is site without its .pth files and customize modules.
    bare = ("import site; site.addpackage = lambda *a, **k: None; "
            "site.execsitecustomize = site.execusercustomize = lambda: None; site.main(); ")
    for flags, probe in (([], _STARTUP_PROBE), (["-S"], bare + _STARTUP_PROBE)):
        done = subprocess.run([path] + flags + ["-c", probe], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, timeout=60)
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if done.returncode != 0 or len(lines) < 2:
            raise InterpreterNotFound("%s does not run: %s -c ... exit %d"
                                      % (path, path, done.returncode))
        runs.append((int(lines[0]), set(lines[1].split())))
    (atexit_n, modules), (_, bare_modules) = runs
    extra = sorted(modules - bare_modules)
    return {"atexit": atexit_n, "modules": extra}


_NETWORK_WRAPPER: List[Optional[List[str]]] = []


def _network_wrapper() -> Optional[List[str]]:
    """A command prefix that gives the worker an empty network namespace, if this
    machine allows one (``unshare -n`` as root, ``unshare -rn`` otherwise)."""
    if not _NETWORK_WRAPPER:
        choice = None
        exe = shutil.which("unshare")
        if exe and sys.platform.startswith("linux"):
            for prefix in ([exe, "-n"], [exe, "-r", "-n"]):
                try:
                    if subprocess.run(prefix + ["true"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, timeout=10).returncode == 0:
                        choice = prefix
                        break
                except (OSError, subprocess.SubprocessError):
                    continue
        _NETWORK_WRAPPER.append(choice)
    return _NETWORK_WRAPPER[0]


def worker_environment(network: str) -> Dict[str, str]:
    """The whole environment a worker (and so every program) sees: nothing of the
    user's PYTHON* settings, a UTF-8 locale, hash seed 0."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "CONFORM_NETWORK": network,
    }
    for name in ("TMPDIR", "SYSTEMROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


_CPU_TURN: List[int] = []
_CPU_LOCK = threading.Lock()


def next_cpu() -> Optional[int]:
    """The CPU the next worker is pinned to: this process's CPUs in turn, from one
    that depends on its pid, so that several clients (pytest-xdist's processes)
    spread their workers too.  None where affinity cannot be set or there is
    only one CPU.  The worker runs its zygote there as well; the programs it
    runs get every CPU back (see oracle_worker.py)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None
    with _CPU_LOCK:
        if not _CPU_TURN:
            _CPU_TURN.append(os.getpid())
        _CPU_TURN[0] += 1
        return cpus[_CPU_TURN[0] % len(cpus)]


class OracleWorker:
    """One worker process for one interpreter; see the module docstring.

    Thread-safe for one request at a time (a lock serializes requests).
    """

    def __init__(self, interpreter: Interpreter, *, default_timeout: float = 120.0,
                 isolate_network: bool = True, pin: bool = True) -> None:
        self.interpreter = interpreter
        self.default_timeout = default_timeout
        self.isolate_network = isolate_network
        self.pin = pin  #: run the worker and its zygote on one CPU (next_cpu)
        self.restarts = 0
        self.hello: dict = {}
        self._proc: Optional[subprocess.Popen] = None
        self._scratch: Optional[str] = None
        self._buffer = b""
        self._next_id = 0
        self._lock = threading.Lock()

    # -- process management ----------------------------------------------------------

    def start(self) -> None:
        self._scratch = tempfile.mkdtemp(prefix="conform-%s-" % self.interpreter.version)
        wrapper = _network_wrapper() if self.isolate_network else None
        network = "namespace" if wrapper else "blocked-socket"
        command = (wrapper or []) + [self.interpreter.path, WORKER_SCRIPT, self._scratch]
        cpu = next_cpu() if self.pin else None
        if cpu is not None:
            command += ["--cpu", str(cpu)]
        log = open(os.path.join(self._scratch, "worker.log"), "wb")
        try:
            self._proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                env=worker_environment(network), cwd=self._scratch, start_new_session=True)
        except OSError as error:
            raise OracleError("cannot start the %s worker (%s): %s" % (
                self.interpreter.version, self.interpreter.path, error))
        finally:
            log.close()
        self._buffer = b""
        answer = self._roundtrip({"op": "hello"}, 60.0)
        if not answer.get("ok"):
            log_text = self._log_tail()
            self._kill()
            raise OracleError("the %s worker did not start: %s\n%s" % (
                self.interpreter.version, answer.get("oracle_error") or answer, log_text))
        self.hello = answer

    def _log_tail(self) -> str:
        try:
            with open(os.path.join(self._scratch or "", "worker.log"), "rb") as handle:
                return handle.read()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                proc.kill()
            except OSError:
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def close(self) -> None:
        with self._lock:
            self._kill()

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # -- requests ------------------------------------------------------------------------

    def request(self, op: str, deadline: Optional[float] = None, **payload) -> dict:
        """Send one request and return the worker's answer.  Never raises for a
        worker that crashes or hangs: the answer says ``oracle_error`` and the
        worker is restarted for the next request."""
        message = {"op": op}
        for key, value in payload.items():
            if key == "source" and isinstance(value, (bytes, bytearray)):
                message["source_b64"] = base64.b64encode(bytes(value)).decode("ascii")
            else:
                message[key] = value
        with self._lock:
            if not self.alive:
                if self._proc is not None or self.hello:
                    self.restarts += 1
                self._kill()
                self.start()
            return self._roundtrip(message, deadline or self.default_timeout)

    def _roundtrip(self, message: dict, timeout: float) -> dict:
        self._next_id += 1
        message["id"] = self._next_id
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._failed("crashed", "the worker exited before the request was sent")
        line = self._read_line(proc, timeout)
        if line is None:
            if proc.poll() is None:
                return self._failed("timeout", "no answer within %.0f s" % timeout)
            return self._failed("crashed", "the worker exited with status %s" % proc.returncode)
        answer = json.loads(line)
        if answer.get("id") != message["id"]:
            return self._failed("protocol", "answer %r to request %r" % (
                answer.get("id"), message["id"]))
        return answer

    def _read_line(self, proc: subprocess.Popen, timeout: float) -> Optional[bytes]:
        fd = proc.stdout.fileno()  # type: ignore[union-attr]
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return None
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _failed(self, kind: str, detail: str) -> dict:
        log = self._log_tail()
        self._kill()
        return {"ok": False, "oracle_error": kind, "detail": detail, "worker_log": log}

    # -- one method per request kind --------------------------------------------------

    def tokenize(self, source, **kw) -> dict:
        return self.request("tokenize", source=source, **kw)

    def parse(self, source, filename: str = "<unknown>", mode: str = "exec", **kw) -> dict:
        return self.request("parse", source=source, filename=filename, mode=mode, **kw)

    def symtable(self, source, filename: str = "<unknown>", **kw) -> dict:
        return self.request("symtable", source=source, filename=filename, **kw)

    def compile(self, source, filename: str = "<unknown>", mode: str = "exec", **kw) -> dict:
        return self.request("compile", source=source, filename=filename, mode=mode, **kw)

    def pyc(self, source, filename: str = "", **kw) -> dict:
        answer = self.request("pyc", source=source, filename=filename, **kw)
        if answer.get("ok"):
            written = answer.pop("pyc")
            answer.update({mode: base64.b64decode(data) for mode, data in written.items()})
        return answer

    def exec(self, source, filename: str = "prog.py", timeout: float = 10.0, **limits) -> dict:
        """Run a program; the answer's ``status`` is one of ok, exit, exception,
        timeout, memory-limit, output-limit, signal (or the answer has
        ``oracle_error`` when the worker itself failed)."""
        return self.request("exec", deadline=timeout + 30.0, source=source, filename=filename,
                            **dict(limits, timeout=timeout))


class OraclePool:
    """Workers for several versions, started on first use.

    ``static`` workers answer the compile-only requests; ``exec`` workers run
    programs, so the modules a static request imports never sit in the process a
    program is forked from.
    """

    def __init__(self, versions: Iterable[str] = ALL_VERSIONS,
                 overrides: Optional[Mapping[str, str]] = None, *,
                 isolate_network: bool = True) -> None:
        self.versions = list(versions)
        self.interpreters = find_interpreters(self.versions, overrides)
        self.isolate_network = isolate_network
        self._workers: Dict[tuple, OracleWorker] = {}

    def _get(self, version: str, kind: str) -> OracleWorker:
        key = (version, kind)
        if key not in self._workers:
            if version not in self.interpreters:
                raise OracleError("version %s is not in this pool (%s)" % (
                    version, ", ".join(self.versions)))
            worker = OracleWorker(self.interpreters[version],
                                  isolate_network=self.isolate_network)
            worker.start()
            self._workers[key] = worker
        return self._workers[key]

    def worker(self, version: str) -> OracleWorker:
        return self._get(version, "static")

    def exec_worker(self, version: str) -> OracleWorker:
        return self._get(version, "exec")

    @property
    def restarts(self) -> int:
        return sum(w.restarts for w in self._workers.values())

    def close(self) -> None:
        for worker in self._workers.values():
            worker.close()
        self._workers.clear()

    def __enter__(self) -> "OraclePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
