"""The standard library of each version as test cases (``conform stdlib``)."""

from __future__ import annotations

import os
import subprocess
from typing import List, Optional

from .cases import Case
from .oracle import Interpreter

_ASK = "import sysconfig; print(sysconfig.get_paths()['stdlib'])"


def stdlib_dir(interpreter: Interpreter) -> str:
    """Where ``interpreter`` keeps its standard library's .py files."""
    proc = subprocess.run([interpreter.path, "-s", "-c", _ASK], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError("cannot ask %s for its stdlib: %s" % (
            interpreter.path, proc.stderr.decode("utf-8", "replace")))
    return proc.stdout.decode().strip()


def stdlib_files(root: str) -> List[str]:
    """Every .py file under ``root`` (tests included), without site-packages, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".py"))
    return found


def stdlib_cases(interpreter: Interpreter, sample: Optional[int] = None,
                 match: Optional[str] = None) -> List[Case]:
    """One case per file, named by its path inside the stdlib; ``sample`` keeps every
    n-th file so a quick run still spans the whole library."""
    root = stdlib_dir(interpreter)
    files = stdlib_files(root)
    if match:
        files = [f for f in files if match in os.path.relpath(f, root)]
    if sample and sample < len(files):
        step = len(files) / float(sample)
        files = [files[int(i * step)] for i in range(sample)]
    cases = []
    for path in files:
        with open(path, "rb") as handle:
            source = handle.read()
        name = os.path.relpath(path, root)
        cases.append(Case(id="stdlib-%s:%s" % (interpreter.version, name), source=source,
                          filename=name, origin=path))
    return cases
