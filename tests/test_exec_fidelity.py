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
