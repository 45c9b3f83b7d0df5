"""Running the implementation under test where it cannot hurt the harness.

An implementation is code we are testing, so it may hang, recurse without end,
allocate without bound or print without end.  :func:`run_forked` runs a Python
function of the harness (minivm's stages) in a forked child under the same limits
the oracle applies to CPython; :func:`run_command` runs an external command the way
``python3.X FILE`` is run (``conform check --impl CMD``).  Both answer with the
oracle's exec vocabulary: ``status`` ok, exit, exception, timeout, memory-limit,
output-limit, signal.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import traceback
from typing import Any, Callable, Dict, List, Optional, Sequence

from .worker import wire
from .worker.wire import classify_run, hide_case_dir

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY = 1 << 30
DEFAULT_OUTPUT_LIMIT = 4 << 20

_SIGNALS = {getattr(signal, n): n for n in dir(signal) if n.startswith("SIG") and "_" not in n}


def _limits(memory: int, timeout: float) -> Callable[[], None]:
    def apply() -> None:
        import resource
        os.setsid()
        for name, value in (("RLIMIT_AS", memory), ("RLIMIT_CORE", 0),
                            ("RLIMIT_CPU", int(timeout) + 2)):
            which = getattr(resource, name, None)
            if which is not None:
                try:
                    resource.setrlimit(which, (value, value))
                except (ValueError, OSError):
                    pass
    return apply


def _collect(fds: Sequence[int], pid: int, timeout: float, output_limit: int,
             capped: Sequence[int]) -> tuple:
    """Read every fd to EOF within the timeout; returns (data per fd, verdict)."""
    data = {fd: bytearray() for fd in fds}
    started = time.monotonic()
    verdict = None
    with selectors.DefaultSelector() as sel:
        for fd in fds:
            sel.register(fd, selectors.EVENT_READ)
        open_fds = set(fds)
        while open_fds and not verdict:
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                verdict = "timeout"
                break
            for key, _ in sel.select(left):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    sel.unregister(key.fd)
                    open_fds.discard(key.fd)
                    continue
                data[key.fd] += chunk
                if sum(len(data[fd]) for fd in capped) > output_limit:
                    verdict = "output-limit"
                    break
    if verdict:
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
                break
            except OSError:
                continue
    return data, verdict


def _ending(status: int) -> Dict[str, Any]:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return {"exit_status": -number, "signal": _SIGNALS.get(number, str(number))}
    return {"exit_status": os.WEXITSTATUS(status)}


def run_command(argv: Sequence[str], source: bytes, script: str = "prog.py", *,
                timeout: float = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY,
                output_limit: int = DEFAULT_OUTPUT_LIMIT,
                env: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """Run ``argv + [script]`` in a fresh directory holding the program, with limits."""
    folder = tempfile.mkdtemp(prefix="conform-impl-")
    try:
        with open(os.path.join(folder, script), "wb") as handle:
            handle.write(source)
        started = time.monotonic()
        try:
            proc = subprocess.Popen(list(argv) + [script], cwd=folder, env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE,
                                    preexec_fn=_limits(memory, timeout))
        except OSError as error:
            return {"status": "harness-error", "exit_status": None, "stdout": "",
                    "stderr": "cannot run %s: %s" % (" ".join(argv), error)}
        out, err = proc.stdout.fileno(), proc.stderr.fileno()  # type: ignore[union-attr]
        data, verdict = _collect([out, err], proc.pid, timeout, output_limit, [out, err])
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
        _, status = os.waitpid(proc.pid, 0)
        proc.returncode = 0
        result: Dict[str, Any] = {
            "stdout": bytes(data[out][:output_limit]).decode("utf-8", "surrogateescape"),
            "stderr": bytes(data[err][:output_limit]).decode("utf-8", "surrogateescape"),
            "seconds": round(time.monotonic() - started, 4),
        }
        result.update(_ending(status))
        hide_case_dir(result, folder)
        result["exception"], result["message"] = (
            wire.exception_from_stderr(result["stderr"]) if result["exit_status"] else (None, None))
        return classify_run(result, verdict)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_forked(func: Callable[[], Any], *, timeout: float = DEFAULT_TIMEOUT,
               memory: int = DEFAULT_MEMORY, output_limit: int = 64 << 20) -> Dict[str, Any]:
    """Run ``func()`` in a forked child; its JSON-able return value comes back as
    ``{"status": "ok", "value": ...}``.  An exception in ``func`` comes back as
    ``{"status": "crash", "error": traceback text}``; a child that hangs, is killed
    or blows a limit as the matching status."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 0
        try:
            os.close(read_fd)
            _limits(memory, timeout)()
            try:
                payload = {"status": "ok", "value": func()}
            except MemoryError:
                payload = {"status": "memory-limit"}
            except BaseException:
                payload = {"status": "crash", "error": traceback.format_exc()}
            data = json.dumps(payload).encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(write_fd, view):]
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    data, verdict = _collect([read_fd], pid, timeout, output_limit, [read_fd])
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    if verdict:
        return {"status": verdict}
    ending = _ending(status)
    if "signal" in ending:
        return {"status": "signal", "signal": ending["signal"]}
    if not data[read_fd]:
        return {"status": "crash", "error": "the child exited with status %s and no answer"
                % ending["exit_status"]}
    return json.loads(bytes(data[read_fd]).decode("utf-8"))


def which(command: str) -> Optional[str]:
    return shutil.which(command)


def split_command(text: str) -> List[str]:
    import shlex
    return shlex.split(text)
