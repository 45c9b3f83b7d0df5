"""``conform regrtest``: CPython's own ``Lib/test`` as a conformance layer.

Each chosen module of the target version's ``Lib/test`` runs twice, in processes of
its own: under CPython of that version (the reference) and under the implementation
under test.  In both, ``worker/regrtest_recorder.py`` loads the module with unittest's
default loader and writes a JSON line as each test starts and one as it ends, pushed
to disk, so that when a process dies or hangs the test in flight is known: it is
recorded as ``crash`` or ``timeout`` and the module is started again after that test.
One bad test loses one test, not the module.

A test's verdict is ``pass`` when the implementation's outcome (pass, fail, error,
skip, xfail, xpass, crash, timeout) equals CPython's, ``crash`` when the
implementation crashed or timed out where CPython did not, ``diverge`` otherwise
(``absent`` stands for a test one side never reported, e.g. because its import of
the module failed).  Records go into the run's ``results.jsonl`` under the layer
``regrtest``, one per (test id, version), each with both outcomes and details.

How a run is started.  ``minivm run FILE`` takes no arguments after the file, so
every process runs a driver script written for it: a temporary ``bin`` folder
holds the driver, a copy of the recorder and a symlink ``test`` to the target's
``Lib/test``.  The folder is the script's directory, first on ``sys.path``, so
``import test.test_dict`` finds the target's tests even when the implementation
is another version's interpreter (``--impl python3.12 --versions 3.13``) while
everything else comes from the implementation's own library.  The process runs in
a scratch folder of its own (tests write files into the working directory) with a
scrubbed environment and ``PYTHONHASHSEED=0`` on both sides.

Implementations: ``minivm`` is ``HOST -m minivm --target 3.X run DRIVER`` where HOST
is CPython 3.X itself by default (minivm is pure standard library; host == target
is what minivm supports best), or ``--minivm-host current|PATH``; its exit status
70 (minivm crashed) is a crash of the test in flight like any other death.  Any
other ``--impl`` is a command run as ``COMMAND DRIVER`` (``pypy3``, ``python3.12``);
``oracle:3.X`` is CPython 3.X's interpreter.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from . import oracle, results
from .impl import REPO

LAYER = "regrtest"
DEFAULT_TIMEOUT = 300.0
RECORDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker",
                        "regrtest_recorder.py")
OUTCOMES = ("pass", "fail", "error", "skip", "xfail", "xpass", "crash", "timeout")
ABSENT = "absent"
#: Outcomes that say the implementation itself broke, not the code it ran.
BROKEN = ("crash", "timeout")
MEMORY_LIMIT = 4 << 30
MAX_RESTARTS = 2000

#: The 30 modules the regrtest issue names: the default of benchmarks/regrtest.py.
CORE_MODULES = (
    "test_augassign", "test_binop", "test_bool", "test_class", "test_compare",
    "test_contextlib", "test_dict", "test_dictcomps", "test_enum", "test_exception_group",
    "test_format", "test_generators", "test_int_literal", "test_iter",
    "test_keywordonlyarg", "test_list", "test_listcomps", "test_long", "test_math",
    "test_patma", "test_positional_only_arg", "test_property", "test_raise", "test_range",
    "test_richcmp", "test_scope", "test_set", "test_slice", "test_sort", "test_with",
)


class RegrtestError(ValueError):
    """What the user asked for cannot be run (unknown module, missing interpreter)."""


# -- which modules --------------------------------------------------------------------------


def test_modules(testdir: str) -> List[str]:
    """The test modules of a ``Lib/test`` folder: ``test_*.py`` files and ``test_*``
    packages, sorted, by their name inside the package (``test_dict``)."""
    names = set()
    for entry in os.listdir(testdir):
        path = os.path.join(testdir, entry)
        if entry.startswith("test_") and entry.endswith(".py") and os.path.isfile(path):
            names.add(entry[:-3])
        elif entry.startswith("test_") and os.path.isfile(os.path.join(path, "__init__.py")):
            names.add(entry)
    return sorted(names)


def parse_tests(text: Optional[str]) -> List[str]:
    """``test_dict,test_list`` or ``@FILE`` (one name a line, ``#`` comments) ->
    names without the ``test.`` prefix, in order, without repeats."""
    if not text:
        return []
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as handle:
                items = [line.split("#", 1)[0].strip() for line in handle]
        except OSError as error:
            raise RegrtestError("--tests %s: %s" % (text, error.strerror or error))
    else:
        items = [item.strip() for item in text.split(",")]
    names: List[str] = []
    for item in items:
        if item.startswith("test."):
            item = item[len("test."):]
        if item.endswith(".py"):
            item = item[:-3]
        if item and item not in names:
            names.append(item)
    return names


def choose_modules(names: Sequence[str], every: bool,
                   available: Dict[str, List[str]]) -> Dict[str, List[str]]:
    """The modules to run per version.  A name no chosen version has is an error
    (with the closest names); a name some versions lack is left out of those."""
    if every:
        return {v: list(mods) for v, mods in available.items()}
    if not names:
        raise RegrtestError("name the test modules with --tests NAME,... or --tests @FILE, "
                            "or give --all")
    known = sorted({m for mods in available.values() for m in mods})
    unknown = [n for n in names if n not in known]
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, known, n=3)
            hints.append("%s%s" % (name, " (did you mean %s?)" % ", ".join(close)
                                   if close else ""))
        raise RegrtestError("no test module %s in Lib/test of %s" % (
            "; ".join(hints), ",".join(available)))
    return {v: [n for n in names if n in set(mods)] for v, mods in available.items()}


# -- the processes ----------------------------------------------------------------------------


@dataclass
class Side:
    """How to run a driver script: ``argv + [driver]`` with ``env``."""

    name: str                  #: "cpython" or "impl"
    argv: List[str]
    env: Dict[str, str]

    @property
    def command(self) -> str:
        import shlex
        return " ".join(shlex.quote(a) for a in self.argv)


def base_environment() -> Dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "HOME": os.environ.get("HOME", "/tmp"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
           "PYTHONHASHSEED": "0"}
    for name in ("TMPDIR", "PYENV_ROOT", "MINIVM_PYC_CACHE"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def cpython_side(interpreter: oracle.Interpreter) -> Side:
    return Side("cpython", [interpreter.path], base_environment())


def impl_side(spec: str, version: str, interpreter: oracle.Interpreter, libdir: str,
              minivm_host: str = "target",
              overrides: Optional[Dict[str, str]] = None) -> Side:
    """The implementation under test for ``version``; RegrtestError if it cannot run."""
    env = base_environment()
    if spec in ("", "minivm"):
        if minivm_host == "target":
            host = interpreter.path
        elif minivm_host == "current":
            host = sys.executable
        else:
            host = minivm_host
        env["PYTHONPATH"] = REPO
        # The library minivm imports from: the same Lib the reference runs.
        env["MINIVM_STDLIB_%s" % version.replace(".", "_")] = libdir
        return Side("impl", [host, "-m", "minivm", "--target", version, "run"], env)
    if spec == "minivm-cpython-code":
        raise RegrtestError("--impl minivm-cpython-code runs CPython's code objects of one "
                            "program; regrtest runs whole modules: use --impl minivm")
    from .impl import make_implementation
    try:
        made = make_implementation(spec, overrides)
    except ValueError as error:
        raise RegrtestError(str(error))
    if spec.startswith("oracle:"):
        found = oracle.find_interpreter(made.version, (overrides or {}).get(made.version))
        return Side("impl", [found.path], env)
    return Side("impl", list(made.argv), env)  # type: ignore[attr-defined]


DRIVER = """# Written by harness/regrtest.py for one run of one test module.
import sys
import regrtest_recorder
sys.exit(regrtest_recorder.main(%r, %r, %r))
"""


@dataclass
class Attempt:
    """One process's run of a module."""

    lines: List[dict]
    ending: str            #: done, died, timeout, lost
    exit_status: Optional[int]
    stderr_tail: str
    seconds: float


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource
    os.setsid()
    for name, value in (("RLIMIT_CORE", 0), ("RLIMIT_AS", MEMORY_LIMIT)):
        which = getattr(resource, name, None)
        if which is not None:
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass


def _tail(path: str, lines: int = 4) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 8192))
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(line[:300] for line in text.strip().splitlines()[-lines:])


def _read_lines(path: str) -> List[dict]:
    out = []
    try:
        with open(path, "rb") as handle:
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break
                try:
                    out.append(json.loads(raw))
                except ValueError:
                    continue
    except OSError:
        pass
    return out


class ProcessSet:
    """The processes running now, so an interrupted run can kill them all."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set = set()
        self.stopped = False

    def kill_all(self) -> None:
        with self.lock:
            self.stopped = True
            for proc in list(self.running):
                _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    for kill in (lambda: os.killpg(proc.pid, signal.SIGKILL),
                 lambda: os.kill(proc.pid, signal.SIGKILL)):
        try:
            kill()
            return
        except OSError:
            continue


def run_attempt(side: Side, module: str, folder: str, number: int, skip_through: Optional[str],
                timeout: float, processes: Optional[ProcessSet] = None) -> Attempt:
    """Run the module once under ``side`` from ``folder`` (prepared by
    :func:`prepare_folder`), tests up to and including ``skip_through`` left out."""
    bin_dir, cwd = os.path.join(folder, "bin"), os.path.join(folder, "cwd")
    output = os.path.join(folder, "records.%d.jsonl" % number)
    driver = os.path.join(bin_dir, "driver.py")
    with open(driver, "w", encoding="utf-8") as handle:
        handle.write(DRIVER % (module, output, skip_through))
    stdout_path = os.path.join(folder, "stdout.%d" % number)
    stderr_path = os.path.join(folder, "stderr.%d" % number)
    started = time.monotonic()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        try:
            proc = subprocess.Popen(side.argv + [driver], cwd=cwd, env=side.env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    preexec_fn=_limits)
        except OSError as error:
            raise RegrtestError("cannot run %s: %s" % (side.command, error))
        if processes is not None:
            with processes.lock:
                processes.running.add(proc)
                if processes.stopped:
                    _kill(proc)
        try:
            ending = _wait_with_progress(proc, output, timeout)
        finally:
            if processes is not None:
                with processes.lock:
                    processes.running.discard(proc)
    lines = _read_lines(output)
    if ending is None:
        ending = "done" if any(line.get("done") for line in lines) else \
            "lost" if any("lost" in line for line in lines) else "died"
    return Attempt(lines, ending, proc.returncode, _tail(stderr_path),
                   time.monotonic() - started)


#: seconds between looks at a running process's records file
POLL_SECONDS = 0.2


def _wait_with_progress(proc: subprocess.Popen, output: str, timeout: float) -> Optional[str]:
    """Wait for ``proc``; ``"timeout"`` (the process killed) when ``timeout`` seconds
    pass without a new record in ``output``, else None.  The clock restarts at every
    record, so the timeout bounds the start-up and each test, not the whole module: a
    long module that keeps making progress is never cut off in an innocent test."""
    deadline, size = time.monotonic() + timeout, -1
    while True:
        now = time.monotonic()
        try:
            proc.wait(max(0.0, min(POLL_SECONDS, deadline - now)))
            return None
        except subprocess.TimeoutExpired:
            pass
        try:
            grown = os.path.getsize(output)
        except OSError:
            grown = -1
        now = time.monotonic()
        if grown != size:
            size, deadline = grown, now + timeout
        elif now >= deadline:
            _kill(proc)
            proc.wait()
            return "timeout"


def prepare_folder(packages: Dict[str, str]) -> str:
    """A temporary folder: ``bin/`` (recorder copy and a symlink per package, the
    driver's directory) and ``cwd/`` (the process's working directory)."""
    folder = tempfile.mkdtemp(prefix="conform-regrtest-")
    os.mkdir(os.path.join(folder, "bin"))
    os.mkdir(os.path.join(folder, "cwd"))
    shutil.copy(RECORDER, os.path.join(folder, "bin", "regrtest_recorder.py"))
    for name, path in packages.items():
        os.symlink(os.path.abspath(path), os.path.join(folder, "bin", name))
    return folder


def _death(attempt: Attempt, timeout: float) -> str:
    if attempt.ending == "timeout":
        return "no new record within the %s s timeout (killed %s s after its start)" % (
            _seconds_text(timeout), _seconds_text(attempt.seconds))
    status = attempt.exit_status
    if status is not None and status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = str(-status)
        what = "killed by %s" % name
    elif status == 70:
        what = "exit status 70 (minivm crashed)"
    else:
        what = "exit status %s" % status
    # The last line of stderr first: the error that killed it (minivm's "Host error").
    tail = attempt.stderr_tail.splitlines()
    return "\n".join(["the process died: %s" % what] + tail[-1:] + tail[:-1])


def _seconds_text(seconds: float) -> str:
    return "%g" % round(seconds, 1)


@dataclass
class SideResult:
    """The tests of one module under one side, in the order they ran."""

    tests: Dict[str, dict] = field(default_factory=dict)   #: id -> outcome, detail, seconds
    seconds: float = 0.0
    attempts: int = 0
    command: str = ""


def run_side(side: Side, module: str, packages: Dict[str, str], timeout: float,
             processes: Optional[ProcessSet] = None) -> SideResult:
    """Every test of ``module`` under ``side``, restarting after each test that kills
    or hangs the process.  ``packages`` maps names to folders importable by the
    driver (``{"test": ".../Lib/test"}``)."""
    result = SideResult(command=side.command)
    folder = prepare_folder(packages)
    try:
        skip_through: Optional[str] = None
        while result.attempts < MAX_RESTARTS:
            if processes is not None and processes.stopped:
                break
            attempt = run_attempt(side, module, folder, result.attempts, skip_through,
                                  timeout, processes)
            result.attempts += 1
            result.seconds += attempt.seconds
            in_flight, finished = _absorb(result.tests, attempt.lines)
            if attempt.ending == "done":
                break
            if attempt.ending == "lost":
                _add(result.tests, module, "crash",
                     "after a restart the module has no test %s any more" % skip_through)
                break
            outcome = "timeout" if attempt.ending == "timeout" else "crash"
            if in_flight is None:
                # Died between tests (a fixture, a finalizer, an exception escaping
                # unittest) or before the first.  A module record says so; when this
                # attempt finished tests, the module goes on after the last of them,
                # else nothing moves forward and the rest of the module is lost.
                _add(result.tests, module, outcome, "%s, %s\n%s" % (
                    "outside any test", "after %s" % finished if finished
                    else "before the first test", _death(attempt, timeout)))
                if finished is None:
                    break
                skip_through = finished
                continue
            _add(result.tests, in_flight, outcome, _death(attempt, timeout), attempt.seconds)
            skip_through = in_flight
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _absorb(tests: Dict[str, dict], lines: List[dict]) -> Tuple[Optional[str], Optional[str]]:
    """Add an attempt's records; returns the test in flight when it stopped and the
    last test it saw from start to end (the place to restart after)."""
    in_flight = finished = None
    for line in lines:
        if "started" in line:
            in_flight = line["started"]
        elif "id" in line:
            _add(tests, line["id"], line.get("outcome", "error"), line.get("detail") or "",
                 line.get("seconds") or 0.0)
            if line["id"] == in_flight:
                finished, in_flight = in_flight, None
    return in_flight, finished


def _add(tests: Dict[str, dict], test_id: str, outcome: str, detail: str,
         seconds: float = 0.0) -> None:
    key, n = test_id, 1
    while key in tests:  # a repeated id (doctests, fixtures): kept apart
        n += 1
        key = "%s [%d]" % (test_id, n)
    tests[key] = {"outcome": outcome if outcome in OUTCOMES else "error",
                  "detail": detail, "seconds": round(seconds, 4)}


# -- verdicts ----------------------------------------------------------------------------------


def verdict_of(impl_outcome: str, cpython_outcome: str) -> str:
    if impl_outcome == cpython_outcome:
        return "pass"
    if impl_outcome in BROKEN:
        return "crash"
    return "diverge"


def _first_line(detail: str) -> str:
    return (detail or "").strip().splitlines()[0][:160] if (detail or "").strip() else ""


def _error_kind(detail: str) -> str:
    """The exception's name in a detail (``AssertionError``; for a crash, the error on
    its stderr's last line, minivm's ``Host error: TypeError: ...``), else ''."""
    for line in (detail or "").strip().splitlines()[:2]:
        if line.startswith("Host error: "):
            line = line[len("Host error: "):]
        name = line.split(":", 1)[0].strip()
        if name and ":" in line and name.replace(".", "").replace("_", "").isalnum():
            return name
    return ""


def judge(module: str, version: str, impl_spec: str, cpython: SideResult,
          impl: SideResult, origin: str = "") -> List[dict]:
    """One record per test id either side reported: CPython's order, then the ids
    only the implementation reported."""
    ids = list(cpython.tests) + [t for t in impl.tests if t not in cpython.tests]
    absent = {"outcome": ABSENT, "detail": "", "seconds": 0.0}
    records = []
    for test_id in ids:
        ref = cpython.tests.get(test_id, absent)
        got = impl.tests.get(test_id, absent)
        verdict = verdict_of(got["outcome"], ref["outcome"])
        record = {
            "case": test_id, "version": version, "layer": LAYER, "impl": impl_spec,
            "verdict": verdict, "module": module, "origin": origin,
            "outcomes": {"impl": got["outcome"], "cpython": ref["outcome"]},
            "details": {"impl": got["detail"], "cpython": ref["detail"]},
            "seconds": {"impl": got["seconds"], "cpython": ref["seconds"]},
            "divergence": None, "detail": "",
        }
        if verdict != "pass":
            why = _first_line(got["detail"]) or _first_line(ref["detail"])
            record["divergence"] = {
                "explanation": "%s under %s, %s under CPython %s%s" % (
                    got["outcome"], impl_spec, ref["outcome"], version,
                    ": " + why if why else ""),
                "signature": "%s|%s|%s/%s|%s" % (LAYER, version, got["outcome"],
                                                 ref["outcome"],
                                                 _error_kind(got["detail"] or ref["detail"])),
                "path": test_id,
            }
            record["detail"] = got["detail"] or ref["detail"]
            record["expected"] = ref
            record["actual"] = got
        records.append(record)
    if records:
        records[-1]["last"] = True
        records[-1]["module_seconds"] = {"impl": round(impl.seconds, 3),
                                         "cpython": round(cpython.seconds, 3)}
        records[-1]["attempts"] = {"impl": impl.attempts, "cpython": cpython.attempts}
    return records


def module_tally(records: Sequence[dict]) -> Dict[str, int]:
    """passed (CPython passes and so does the impl), cpython_passed, total, matching
    (same outcome), crash, timeout."""
    out = {"passed": 0, "cpython_passed": 0, "total": 0, "matching": 0, "crash": 0,
           "timeout": 0}
    for r in records:
        got, ref = r["outcomes"]["impl"], r["outcomes"]["cpython"]
        out["total"] += 1
        out["matching"] += got == ref
        if ref == "pass":
            out["cpython_passed"] += 1
            out["passed"] += got == "pass"
        if got in BROKEN:
            out[got] += 1
    return out


# -- a run ----------------------------------------------------------------------------------


@dataclass
class RegrtestSettings:
    versions: List[str]
    modules: Dict[str, List[str]]          #: per version
    impl: str = "minivm"
    timeout: float = DEFAULT_TIMEOUT
    jobs: int = 1
    minivm_host: str = "target"
    overrides: Dict[str, str] = field(default_factory=dict)


def available_modules(versions: Sequence[str], overrides: Optional[Dict[str, str]] = None
                      ) -> Tuple[Dict[str, oracle.Interpreter], Dict[str, str],
                                 Dict[str, List[str]]]:
    """Interpreters, their ``Lib`` folders and ``Lib/test`` modules per version;
    RegrtestError naming a missing interpreter or test package."""
    from .stdlib import stdlib_dir
    try:
        found = oracle.find_interpreters(versions, overrides)
    except oracle.InterpreterNotFound as error:
        raise RegrtestError(str(error))
    libdirs, modules = {}, {}
    for version in versions:
        libdirs[version] = stdlib_dir(found[version])
        testdir = os.path.join(libdirs[version], "test")
        if not os.path.isfile(os.path.join(testdir, "__init__.py")):
            raise RegrtestError("CPython %s at %s has no Lib/test (%s): install the test "
                                "package (e.g. python3-test) or use another build" % (
                                    version, found[version].path, testdir))
        modules[version] = test_modules(testdir)
    return found, libdirs, modules


class RegrtestRun:
    """Runs the (module, version) pairs of a run in ``jobs`` threads, each side a
    process of its own, writing each pair's records once both sides are done."""

    def __init__(self, settings: RegrtestSettings, reports: str, *,
                 resume: Optional[str] = None,
                 log: Callable[[str], None] = lambda text: None) -> None:
        self.settings = settings
        self.log = log
        self.found, self.libdirs, _ = available_modules(settings.versions, settings.overrides)
        self.sides = {v: (cpython_side(self.found[v]),
                          impl_side(settings.impl, v, self.found[v], self.libdirs[v],
                                    settings.minivm_host, settings.overrides))
                      for v in settings.versions}
        for _, impl in self.sides.values():
            exe = impl.argv[0]
            if (os.sep in exe and not os.access(exe, os.X_OK)) or \
                    (os.sep not in exe and shutil.which(exe) is None):
                raise RegrtestError("--impl %s: cannot run %s" % (settings.impl, exe))
        meta = {
            "impl": settings.impl, "layers": [LAYER], "versions_order": settings.versions,
            "interpreters": {v: {"path": i.path, "patch": i.patch}
                             for v, i in self.found.items()},
            "cases": sum(len(m) for m in settings.modules.values()),
            "regrtest": {
                "modules": settings.modules, "timeout": settings.timeout,
                "jobs": settings.jobs, "minivm_host": settings.minivm_host,
                "commands": {v: {"impl": s[1].command, "cpython": s[0].command}
                             for v, s in self.sides.items()},
                "libdirs": self.libdirs,
            },
        }
        self.done: set = set()
        run_id = None
        if resume:
            run_path = results.find_run(reports, resume)
            run_id = os.path.basename(os.path.normpath(run_path))
            self.done = _keep_complete_pairs(run_path)
        self.writer = results.RunWriter(reports, LAYER, meta, run_id=run_id,
                                        resume=bool(resume))
        self.processes = ProcessSet()
        self.lock = threading.Lock()
        self.finished = 0
        self.records: List[dict] = []

    @property
    def pairs(self) -> List[Tuple[str, str]]:
        return [(m, v) for v in self.settings.versions for m in self.settings.modules[v]
                if (m, v) not in self.done]

    def run_pair(self, module: str, version: str) -> List[dict]:
        cpython_side_, impl = self.sides[version]
        packages = {"test": os.path.join(self.libdirs[version], "test")}
        dotted = "test." + module
        ref = run_side(cpython_side_, dotted, packages, self.settings.timeout, self.processes)
        got = run_side(impl, dotted, packages, self.settings.timeout, self.processes)
        if self.processes.stopped:
            return []
        origin = os.path.join(self.libdirs[version], "test", module + ".py")
        if not os.path.exists(origin):
            origin = os.path.join(self.libdirs[version], "test", module)
        records = judge(module, version, self.settings.impl, ref, got, origin)
        with self.lock:
            self.writer.add_many(records)
            self.records.extend(records)
            self.finished += 1
            self.log(progress_line(module, version, records, self.finished, len(self.pairs_all),
                                   got.seconds, ref.seconds))
        return records

    def run(self) -> str:
        """Run every pair not done yet; returns the run's status."""
        self.pairs_all = self.pairs
        self.finished = 0
        started = time.monotonic()
        status = "complete"
        pool = ThreadPoolExecutor(max_workers=max(1, self.settings.jobs))
        try:
            futures = [pool.submit(self.run_pair, m, v) for m, v in self.pairs_all]
            for future in futures:
                future.result()
        except KeyboardInterrupt:
            status = "interrupted"
            self.processes.kill_all()
            for future in futures:
                future.cancel()
        finally:
            pool.shutdown(wait=True)
            self.writer.finish(status, seconds=round(time.monotonic() - started, 2),
                               cases_done=len(self.done) + self.finished)
        return status

    @property
    def path(self) -> str:
        return self.writer.path


def progress_line(module: str, version: str, records: Sequence[dict], finished: int,
                  total: int, impl_seconds: float, cpython_seconds: float) -> str:
    t = module_tally(records)
    broken = ", ".join("%d %s" % (t[k], k) for k in BROKEN if t[k])
    return "[%d/%d] %s %-28s %d/%d passed (CPython %d/%d)%s  %.1f s (CPython %.1f s)" % (
        finished, total, version, module, t["passed"], t["cpython_passed"],
        t["cpython_passed"], t["total"], ", " + broken if broken else "", impl_seconds,
        cpython_seconds)


def _keep_complete_pairs(run_path: str) -> set:
    """The (module, version) pairs a run recorded completely; the records of a pair
    cut off by an interruption are dropped (the file rewritten atomically) so the
    pair runs again whole."""
    lines = results.read_results(run_path)
    done = {(r.get("module"), r.get("version")) for r in lines if r.get("last")}
    kept = [r for r in lines if (r.get("module"), r.get("version")) in done]
    if len(kept) != len(lines):
        data = b"".join(json.dumps(r).encode("utf-8") + b"\n" for r in kept)
        results.write_atomic(os.path.join(run_path, "results.jsonl"), data)
    return done


def settings_from_meta(meta: dict, jobs: int) -> RegrtestSettings:
    """The settings a run was started with, for ``--resume``."""
    extra = meta.get("regrtest") or {}
    return RegrtestSettings(versions=list(meta.get("versions_order") or []),
                            modules={v: list(m) for v, m in (extra.get("modules") or {}).items()},
                            impl=meta.get("impl") or "minivm",
                            timeout=float(extra.get("timeout") or DEFAULT_TIMEOUT), jobs=jobs,
                            minivm_host=extra.get("minivm_host") or "target")
