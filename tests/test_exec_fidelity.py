"""The exec oracle behaves as ``python3.X FILE`` does.

The oracle runs programs in a child forked from a long-lived worker, for speed;
these tests hold it to running each program exactly as the interpreter run
directly on the file would: same stdout, stderr (tracebacks, "Exception ignored"
messages, output at shutdown) and exit status.  The direct run goes through
``sandbox.run_command``, the runner ``--impl python3.X`` uses.  The only accepted
difference is the known-differences registry's (memory addresses in reprs).
"""

from __future__ import annotations

import glob
import os

import pytest

from harness.cases import case_from_file
from harness.compare import COMPARATORS, KNOWN, PASS
from harness.oracle import find_interpreter, worker_environment
from harness.sandbox import run_command

from .conftest import oracle_versions
from .test_gc import PROBES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = sorted(glob.glob(os.path.join(HERE, "programs", "fidelity", "*.py")))
SEEDS = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.py")))


CASES = [pytest.param(case, version, id="%s-%s" % (case.id, version))
         for case in (case_from_file(p, ROOT) for p in PROGRAMS + SEEDS)
         for version in oracle_versions() if case.applies_to(version)]


@pytest.mark.parametrize("case, version", CASES)
def test_oracle_exec_equals_running_the_file(oracle_pool, case, version):
    answer = oracle_pool.exec_worker(version).exec(case.source, filename=case.script_name)
    direct = run_command([find_interpreter(version).path], case.source, case.script_name,
                         env=worker_environment("blocked-socket"))
    verdict = COMPARATORS["exec"].judge(case.id, version, direct, answer)
    assert verdict.verdict in (PASS, KNOWN), verdict.divergence.explanation


#: How a program sees its standard streams: each attribute the interpreter sets
#: up at start-up for pipes (errors, buffering, names, seekability...).
STDIO_PROBE = b"""\
import sys
for s in (sys.stdin, sys.stdout, sys.stderr):
    b = s.buffer
    raw = getattr(b, "raw", b)
    print(type(s).__name__, type(b).__name__, s.encoding, s.errors, s.line_buffering,
          s.write_through, getattr(s, "mode", None), repr(s.newlines), s.seekable(),
          b.seekable(), raw.seekable(), repr(raw.name), raw.mode, raw.closefd, s.isatty(),
          s.fileno(), s.name)
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__, sys.stdin is sys.__stdin__)
print(sys.argv, getattr(sys, "orig_argv", [None])[1:])
"""

#: Output a program had written when it was stopped: what reached the pipe is
#: what the interpreter's buffer size let through.
FLUSHED_BEFORE_TIMEOUT = b"""\
import sys, time
sys.stdout.buffer.write(b"x" * 5000)
sys.stdout.write("y" * 100)
sys.stderr.write("partial line")
time.sleep(60)
"""


@pytest.mark.parametrize("version", oracle_versions())
def test_standard_streams_are_set_up_as_the_interpreter_does(oracle_pool, version):
    answer = oracle_pool.exec_worker(version).exec(STDIO_PROBE)
    direct = run_command([find_interpreter(version).path], STDIO_PROBE,
                         env=worker_environment("blocked-socket"))
    assert answer["exact"] is False, "the probe must run in a forked child to test it"
    assert (answer["status"], answer["stdout"], answer["stderr"]) == \
        (direct["status"], direct["stdout"], direct["stderr"])


@pytest.mark.parametrize("version", oracle_versions())
def test_output_buffered_when_a_program_times_out_is_what_cpython_flushed(oracle_pool, version):
    answer = oracle_pool.exec_worker(version).exec(FLUSHED_BEFORE_TIMEOUT, timeout=1.0)
    direct = run_command([find_interpreter(version).path], FLUSHED_BEFORE_TIMEOUT, timeout=1.0,
                         env=worker_environment("blocked-socket"))
    assert answer["status"] == direct["status"] == "timeout"
    assert (answer["stdout"], answer["stderr"]) == (direct["stdout"], direct["stderr"])


#: Automatic collections after a full one, whose long-lived rule counts the whole
#: heap of python FILE (the worker froze its own, so a forked child would collect the
#: oldest generation there where the interpreter does not): the gc probe of that rule.
with open(os.path.join(PROBES, "long_lived.py"), "rb") as _probe:
    LONG_LIVED_PROBE = _probe.read()


#: The same probe naming what it uses with ``from gc import``, so that no ``gc.`` is left.
FROM_GC_PROBE = LONG_LIVED_PROBE.replace(b"import gc", b"from gc import *").replace(b"gc.", b"")


@pytest.mark.parametrize("probe", [LONG_LIVED_PROBE, FROM_GC_PROBE], ids=["gc", "from-gc"])
@pytest.mark.parametrize("version", oracle_versions())
def test_gc_programs_see_the_heap_of_a_fresh_interpreter(oracle_pool, version, probe):
    assert b"gc." not in probe or probe is LONG_LIVED_PROBE
    answer = oracle_pool.exec_worker(version).exec(probe)
    direct = run_command([find_interpreter(version).path], probe,
                         env=worker_environment("blocked-socket"))
    assert (answer["status"], answer["stdout"]) == (direct["status"], direct["stdout"])


#: What a program can see of the CPUs it may run on.
CPU_PROBE = b"""\
import os
print(sorted(os.sched_getaffinity(0)), os.cpu_count())
print(getattr(os, "process_cpu_count", lambda: None)())
"""


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
@pytest.mark.parametrize("version", oracle_versions())
def test_a_program_gets_every_cpu_while_its_worker_runs_on_one(oracle_pool, version):
    worker = oracle_pool.exec_worker(version)
    answer = worker.exec(CPU_PROBE)
    direct = run_command([find_interpreter(version).path], CPU_PROBE,
                         env=worker_environment("blocked-socket"))
    assert answer["exact"] is False, "the probe must run in a forked child to test it"
    assert (answer["status"], answer["stdout"]) == (direct["status"], direct["stdout"])
    pinned = len(os.sched_getaffinity(0)) > 1 and worker.pin
    assert len(os.sched_getaffinity(worker._proc.pid)) == (1 if pinned else
                                                           len(os.sched_getaffinity(0)))
