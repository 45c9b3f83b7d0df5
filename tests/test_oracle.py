"""The CPython oracles: discovery, every request kind, and robustness.

Robustness cases (issue: a program that loops forever, calls os._exit(3), kills
itself with SIGSEGV, allocates without bound, recurses a million deep, prints
100 MB): each must be reported as what it is within its limit, the worker must
survive (or be restarted), and the next case must run.  Where what a program
does is up to the interpreter (deep recursion), the expectation is what the real
``python3.X FILE`` does, asked at test time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from harness import oracle
from harness.oracle import (ALL_VERSIONS, OracleWorker, find_interpreter, find_interpreters,
                            worker_environment)

from .conftest import oracle_versions

VERSIONS = oracle_versions()

NEXT_CASE = "print(sum(range(10)))\n"


def direct_run(version, source, timeout=30):
    """``python3.X prog.py`` in a fresh directory, as the oracle claims to behave."""
    import tempfile
    interpreter = find_interpreter(version)
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "prog.py"), "w") as handle:
            handle.write(source)
        proc = subprocess.run([interpreter.path, "prog.py"], cwd=folder, capture_output=True,
                              env=worker_environment("blocked-socket"), timeout=timeout)
    stderr = proc.stderr.decode("utf-8", "replace").replace(folder, "<case>")
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr


def assert_next_case_runs(worker, restarts_before):
    answer = worker.exec(NEXT_CASE)
    assert answer["status"] == "ok", answer
    assert answer["stdout"] == "%d\n" % sum(range(10))
    assert worker.restarts == restarts_before, "the worker was restarted"


def test_all_six_interpreters_are_found():
    found = find_interpreters(ALL_VERSIONS)
    assert sorted(found) == sorted(ALL_VERSIONS)
    for version, interpreter in found.items():
        assert interpreter.patch.startswith(version + ".")
        assert os.access(interpreter.path, os.X_OK)


def test_a_pyenv_shim_on_path_gives_the_interpreter_it_runs(tmp_path, monkeypatch):
    real = find_interpreter("3.12").path
    shims = tmp_path / "shims"
    shims.mkdir()
    shim = shims / "python3.12"
    shim.write_text("#!/bin/sh\nexec %s \"$@\"\n" % real)
    shim.chmod(0o755)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", "%s%s%s" % (shims, os.pathsep, os.environ["PATH"]))
    monkeypatch.setattr(oracle, "_FOUND", {})
    found = find_interpreter("3.12")
    assert (found.found_by, found.path) == ("PATH", os.path.abspath(real))
    # Anything else on PATH is used as it is: a wrapper may be there on purpose.
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setattr(oracle, "_FOUND", {})
    assert find_interpreter("3.12").path == str(shim)


@pytest.mark.parametrize("version", VERSIONS)
def test_worker_reports_its_version_and_fixed_hash_seed(oracle_pool, version):
    hello = oracle_pool.exec_worker(version).hello
    assert ".".join(map(str, hello["version"][:2])) == version
    assert hello["hash_randomization"] == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_program_in_endless_loop_times_out(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    before = worker.restarts
    started = time.monotonic()
    answer = worker.exec("while True:\n    pass\n", timeout=1.0)
    assert answer["status"] == "timeout"
    assert time.monotonic() - started < 5.0
    assert_next_case_runs(worker, before)


@pytest.mark.parametrize("version", VERSIONS)
def test_os_exit_is_reported_with_its_status(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    before = worker.restarts
    source = "import os\nprint('before', flush=True)\nos._exit(3)\n"
    answer = worker.exec(source)
    status, stdout, _ = direct_run(version, source)
    assert answer["status"] == "exit"
    assert answer["exit_status"] == status
    assert answer["stdout"] == stdout
    assert_next_case_runs(worker, before)


@pytest.mark.parametrize("version", VERSIONS)
def test_sigsegv_is_reported_as_the_signal(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    before = worker.restarts
    answer = worker.exec("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    assert answer["status"] == "signal"
    assert answer["signal"] == "SIGSEGV"
    assert answer["exit_status"] == -signal.SIGSEGV
    assert_next_case_runs(worker, before)


@pytest.mark.parametrize("version", VERSIONS)
def test_unbounded_allocation_hits_the_memory_limit(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    before = worker.restarts
    started = time.monotonic()
    answer = worker.exec("x = []\nwhile True:\n    x.append(bytearray(1 << 22))\n",
                         memory=256 << 20, timeout=20.0)
    assert answer["status"] == "memory-limit", answer
    assert answer["exception"] == "MemoryError"
    assert time.monotonic() - started < 20.0
    assert_next_case_runs(worker, before)


@pytest.mark.parametrize("version", VERSIONS)
def test_million_deep_recursion_ends_as_it_does_in_cpython(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    before = worker.restarts
    source = ("import sys\nsys.setrecursionlimit(10**6 + 100)\n"
              "def f(n):\n    return 1 if n == 0 else f(n - 1) + 1\nprint(f(10**6))\n")
    answer = worker.exec(source, timeout=20.0)
    status, stdout, stderr = direct_run(version, source)
    assert answer["exit_status"] == status
    assert answer["stdout"] == stdout
    if status >= 0:
        assert answer["stderr"].splitlines()[-1:] == stderr.splitlines()[-1:]
    assert answer["status"] in ("signal", "exception", "ok")
    assert_next_case_runs(worker, before)


@pytest.mark.parametrize("version", VERSIONS)
def test_printing_100_mb_stops_at_the_output_limit(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    before = worker.restarts
    limit = 1 << 20
    answer = worker.exec("import sys\nfor i in range(100):\n    sys.stdout.write('x' * 10**6)\n",
                         output_limit=limit)
    assert answer["status"] == "output-limit"
    assert 0 < len(answer["stdout"]) <= limit
    assert set(answer["stdout"]) == {"x"}
    assert_next_case_runs(worker, before)


@pytest.mark.parametrize("version", VERSIONS[-1:])
def test_a_worker_that_dies_is_restarted_and_nothing_else_is_lost(oracle_pool, version):
    worker = OracleWorker(find_interpreter(version))
    worker.start()
    try:
        assert worker.exec(NEXT_CASE)["status"] == "ok"
        os.killpg(worker._proc.pid, signal.SIGKILL)
        worker._proc.wait()
        answer = worker.exec(NEXT_CASE)
        assert answer["status"] == "ok"
        assert worker.restarts == 1
    finally:
        worker.close()


@pytest.mark.parametrize("version", VERSIONS[-1:])
def test_a_worker_that_hangs_is_killed_and_the_request_reported(version):
    worker = OracleWorker(find_interpreter(version))
    worker.start()
    try:
        started = time.monotonic()
        answer = worker.request("sleep", deadline=1.0, seconds=60)
        assert answer["ok"] is False and answer["oracle_error"] == "timeout"
        assert time.monotonic() - started < 10
        assert worker.exec(NEXT_CASE)["status"] == "ok"
        assert worker.restarts == 1
    finally:
        worker.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_programs_have_no_network(oracle_pool, version):
    source = ("import socket\ns = socket.socket(socket.AF_INET)\ns.settimeout(2)\n"
              "try:\n    s.connect(('192.0.2.1', 80))\n    print('connected')\n"
              "except OSError as e:\n    print('refused', type(e).__name__)\n")
    answer = oracle_pool.exec_worker(version).exec(source)
    assert answer["stdout"].startswith("refused"), answer


@pytest.mark.parametrize("version", VERSIONS)
def test_each_program_gets_a_fresh_working_directory(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    first = worker.exec("open('left-behind', 'w').write('x')\nimport os\nprint(os.listdir('.'))\n")
    second = worker.exec("import os\nprint(sorted(os.listdir('.')))\n")
    assert "left-behind" in first["stdout"]
    assert second["stdout"] == "['prog.py']\n"


# -- the compile-only requests -------------------------------------------------------------

SAMPLE = "def f(a, b=2):\n    return [x * a for x in range(b)]\nprint(f(3))\n"


@pytest.mark.parametrize("version", VERSIONS)
def test_static_requests_answer_for_valid_source(oracle_pool, version):
    worker = oracle_pool.worker(version)
    tokens = worker.tokenize(SAMPLE.encode())
    assert tokens["ok"] and tokens["tokens"][0][1] == "ENCODING"
    parsed = worker.parse(SAMPLE.encode(), "m.py")
    assert parsed["ok"] and parsed["tree"]["_type"] == "Module"
    assert parsed["dump"].startswith("Module(")
    table = worker.symtable(SAMPLE, "m.py")
    assert table["ok"] and table["table"]["type"] == "module"
    compiled = worker.compile(SAMPLE, "m.py")
    assert compiled["ok"] and compiled["code"]["co_name"] == "<module>"
    assert "RETURN" in compiled["dis"]


@pytest.mark.parametrize("version", VERSIONS)
def test_syntax_errors_come_back_with_their_position(oracle_pool, version):
    answer = oracle_pool.worker(version).parse(b"x = (1,\n", "m.py")
    assert answer["ok"] is False
    error = answer["error"]
    assert error["type"] == "SyntaxError"
    assert error["lineno"] >= 1 and error["offset"] >= 1


@pytest.mark.parametrize("version", VERSIONS)
def test_pyc_bytes_are_what_py_compile_writes(oracle_pool, version):
    answer = oracle_pool.worker(version).pyc(SAMPLE, filename="m.py", mtime=1234)
    assert answer["ok"], answer
    interpreter = find_interpreter(version)
    magic = subprocess.run([interpreter.path, "-c",
                            "import importlib.util, sys; sys.stdout.write("
                            "importlib.util.MAGIC_NUMBER.hex())"],
                           capture_output=True, check=True).stdout.decode()
    for mode, flags in (("timestamp", 0), ("checked_hash", 3), ("unchecked_hash", 1)):
        data = answer[mode]
        assert data[:4].hex() == magic
        assert int.from_bytes(data[4:8], "little") == flags
    assert int.from_bytes(answer["timestamp"][8:12], "little") == 1234
