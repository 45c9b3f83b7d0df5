"""What a campaign reached of minivm (``conform fuzz --coverage``), and a swarm
steered by it (``--steer coverage``).

Why it is built this way.  minivm runs each case in a child forked from a campaign
worker (``sandbox.run_forked``), so the lines it runs exist only in that child.  With
coverage on, the child measures itself with coverage.py (an in-memory
``coverage.Coverage`` over the ``minivm`` package, started when the child starts and
stopped before it answers) and sends its executed lines back with its artifacts.
The worker hands them to the campaign with the case's records; the campaign keeps
the union per version, so lines and opcode handlers are known *per target version*:
the same handler function serves several versions, and which of them ran it is
exactly what the report must say.  Handlers come from the VM's registry
(``minivm.vm.registry.handlers_for``): a handler counts as run for a version when a
line of its body ran while minivm worked for that version.

Steering.  Each case reports how many (version, file, line) triples no earlier case
reached.  :class:`Steering` keeps, per feature tag, a decaying average of those
new lines over the cases that used the tag, and draws each case's swarm pool with
probability ``FLOOR + (1 - FLOOR) * score / best`` per tag (``build`` then enables
each tag of the pool with probability 1/2, as plain swarm does).  At the start every
score is equal, so steering begins as plain swarm and moves toward the tags whose
programs still reach new code; the floor keeps every tag alive.  A steered case
depends on what earlier cases found, so it is recorded with the pool it was drawn
from (``steer_pool``) and is not a pure function of ``(seed, index)``.
"""

from __future__ import annotations

import os
import random
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple

#: The key under which a child's lines travel in its artifacts.
LINES_KEY = "__coverage__"
#: Lowest probability of a tag in a steered pool.
FLOOR = 0.2
#: Weight of the newest case in a tag's score.
DECAY = 0.1

_ACTIVE = {"on": False}


def enable() -> None:
    """Measure minivm in the children of this process from now on."""
    _ACTIVE["on"] = True


def traced(work: Callable[[], Dict[str, Any]]) -> Callable[[], Dict[str, Any]]:
    """``work`` measured with coverage.py when coverage is enabled (run it in the
    forked child): its result gains the executed minivm lines under ``LINES_KEY``."""
    if not _ACTIVE["on"]:
        return work

    def measured() -> Dict[str, Any]:
        import coverage
        cov = coverage.Coverage(data_file=None, source_pkgs=["minivm"], config_file=False,
                                branch=False)
        cov.start()
        try:
            value = work()
        finally:
            cov.stop()
        data = cov.get_data()
        value[LINES_KEY] = {_module_path(f): sorted(data.lines(f) or ())
                            for f in data.measured_files()}
        return value
    return measured


def _module_path(filename: str) -> str:
    """``minivm/vm/eval.py`` from wherever minivm is installed."""
    parts = os.path.abspath(filename).split(os.sep)
    if "minivm" in parts:
        parts = parts[len(parts) - 1 - parts[::-1].index("minivm"):]
    return "/".join(parts)


_TAKEN: Dict[str, Dict[str, List[int]]] = {}


def collect(value: Dict[str, Any], version: str) -> Dict[str, Any]:
    """Take the lines out of a child's artifacts (kept until :func:`take`)."""
    lines = value.pop(LINES_KEY, None)
    if lines:
        mine = _TAKEN.setdefault(version, {})
        for path, numbers in lines.items():
            mine[path] = sorted(set(mine.get(path, ())) | set(numbers))
    return value


def take() -> Dict[str, Dict[str, List[int]]]:
    """The lines the children measured since the last call, per version."""
    out = dict(_TAKEN)
    _TAKEN.clear()
    return out


class Reach:
    """The union of lines reached, per version, and what it says of minivm."""

    def __init__(self) -> None:
        self.lines: Dict[str, Set[Tuple[str, int]]] = {}

    def add(self, measured: Dict[str, Dict[str, List[int]]]) -> int:
        """Add one case's lines; returns how many (version, file, line) are new."""
        new = 0
        for version, files in measured.items():
            seen = self.lines.setdefault(version, set())
            before = len(seen)
            seen.update((path, n) for path, numbers in files.items() for n in numbers)
            new += len(seen) - before
        return new

    def summary(self, versions: Iterable[str], mode: str) -> Dict[str, Any]:
        """The ``coverage`` entry of the run's meta (see docs/summary-schema.md)."""
        hit_any: Set[Tuple[str, int]] = set().union(*self.lines.values()) \
            if self.lines else set()
        modules = []
        total_all = hit_all = 0
        for path, executable in sorted(executable_lines().items()):
            hit = len({n for p, n in hit_any if p == path} & executable)
            modules.append({"module": path, "hit": hit, "total": len(executable)})
            total_all += len(executable)
            hit_all += hit
        return {"mode": mode, "lines_hit": hit_all, "lines_total": total_all,
                "modules": modules,
                "handlers": {v: self.handlers(v) for v in versions}}

    def handlers(self, version: str) -> Dict[str, Any]:
        """Opcode handlers of ``version``'s table run at least once, and the rest."""
        from minivm.versions import get_target
        from minivm.vm import interpreter  # noqa: F401 - registers the dialects
        from minivm.vm import (dialect38, dialect310, dialect311, dialect312,  # noqa: F401
                               dialect313, registry)
        try:
            table = registry.handlers_for(get_target(tuple(int(p) for p in
                                                           version.split("."))))
        except Exception as error:  # noqa: BLE001 - a version without a VM yet
            return {"run": 0, "total": 0, "never": [], "error": str(error)}
        hit = self.lines.get(version, set())
        never = []
        for name, fn in sorted(table.items()):
            code = getattr(fn, "__code__", None)
            if code is None:
                continue
            path = _module_path(code.co_filename)
            body = {n for n in _code_lines(code) if n != code.co_firstlineno}
            if not any((path, n) in hit for n in body):
                never.append(name)
        return {"run": len(table) - len(never), "total": len(table), "never": never}


def _code_lines(code: Any) -> Set[int]:
    if hasattr(code, "co_lines"):
        return {line for _, _, line in code.co_lines() if line}
    import dis
    return {line for _, line in dis.findlinestarts(code)}


def executable_lines(package: str = "minivm") -> Dict[str, Set[int]]:
    """Executable lines of every module of ``package``, as coverage.py counts them."""
    import coverage
    import minivm
    root = os.path.dirname(os.path.abspath(minivm.__file__))
    cov = coverage.Coverage(data_file=None, config_file=False)
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".py"):
                filename = os.path.join(folder, name)
                try:
                    _, statements, _, _, _ = cov.analysis2(filename)
                except Exception:  # noqa: BLE001 - a file coverage cannot parse
                    continue
                out[_module_path(filename)] = set(statements)
    return out


class Steering:
    """Per-tag scores of new lines reached, and the pools drawn from them."""

    def __init__(self, seed: int, tags: Iterable[str]) -> None:
        self.rng = random.Random(seed)
        self.scores = {tag: 1.0 for tag in tags}

    def pool(self) -> List[str]:
        best = max(self.scores.values()) or 1.0
        chosen = [tag for tag, score in self.scores.items()
                  if self.rng.random() < FLOOR + (1.0 - FLOOR) * score / best]
        return chosen or [self.rng.choice(sorted(self.scores))]

    def credit(self, tags: Iterable[str], new_lines: int) -> None:
        for tag in tags:
            if tag in self.scores:
                self.scores[tag] = (1.0 - DECAY) * self.scores[tag] + DECAY * new_lines


def module_rollup(coverage: Optional[Dict[str, Any]], prefix: str) -> Tuple[int, int]:
    """(lines hit, lines total) of the modules under ``prefix`` (e.g. minivm/vm/)."""
    if not coverage:
        return 0, 0
    chosen = [m for m in coverage["modules"] if m["module"].startswith(prefix)]
    return sum(m["hit"] for m in chosen), sum(m["total"] for m in chosen)
