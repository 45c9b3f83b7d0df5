"""Progress of a long run: a live bar on a terminal, a line every few seconds elsewhere
(CI logs), and always a final line.  Shows cases done, cases per second, and the
verdicts that are not passes by layer."""

from __future__ import annotations

import sys
import time
from typing import Dict, List, Optional


class Progress:
    def __init__(self, total: Optional[int], label: str, *, enabled: bool = True,
                 interval: float = 15.0) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.failures: Dict[str, int] = {}
        self.enabled = enabled
        self.interval = interval
        self.started = time.monotonic()
        self._last_line = self.started
        self._live = None
        self._task = None
        if enabled and sys.stderr.isatty():
            try:
                from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar,
                                           TextColumn, TimeElapsedColumn, TimeRemainingColumn)
                self._live = Bar(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                                 TimeElapsedColumn(), TimeRemainingColumn(),
                                 TextColumn("{task.fields[failures]}"), transient=False)
                self._task = self._live.add_task(label, total=total, rate="", failures="")
                self._live.start()
            except ImportError:  # rich is a dependency, but progress must never be fatal
                self._live = None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def _failure_text(self) -> str:
        return " ".join("%s:%d" % kv for kv in sorted(self.failures.items())) or "no divergences"

    def update(self, records: List[dict], cases: int = 1) -> None:
        self.done += cases
        for r in records:
            if r["verdict"] in ("diverge", "crash", "oracle_error"):
                key = r["layer"] if r["verdict"] == "diverge" else "%s-%s" % (
                    r["layer"], r["verdict"])
                self.failures[key] = self.failures.get(key, 0) + 1
        if not self.enabled:
            return
        if self._live is not None:
            self._live.update(self._task, completed=self.done, rate="%.1f/s" % self.rate,
                              failures=self._failure_text())
        elif time.monotonic() - self._last_line >= self.interval:
            self._last_line = time.monotonic()
            self._print_line()

    def _print_line(self) -> None:
        total = "/%d" % self.total if self.total is not None else ""
        print("%s: %d%s cases, %.1f/s, %s" % (self.label, self.done, total, self.rate,
                                               self._failure_text()), file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
        elif self.enabled:
            self._print_line()
