"""Judging cases: ask the oracle, ask the implementation, compare, record.

:func:`judge_case` is the whole pipeline for one (case, version): the oracle's
artifact for each layer, the implementation's, and a verdict per layer from the
layer's comparator.  :func:`run_cases` spreads (case, version) pairs over worker
processes, each with its own oracle pool, and hands every result to a callback as
it arrives, so results reach disk case by case.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from . import compare
from .cases import Case
from .impl import RUN_LAYERS, Implementation, host_version, make_implementation
from .oracle import OraclePool

DETAIL_LIMIT = 4000


@dataclass
class Settings:
    """What a run compares and how."""

    versions: List[str]
    layers: List[str]
    impl: str = "minivm"
    overrides: Dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0
    workers: int = 1
    keep_artifacts: bool = False


def layers_for(case: Case, version: str, layers: Sequence[str], impl: Implementation) -> List[str]:
    """The layers that apply to ``case`` on ``version`` for ``impl``.  Programs that
    probe reference counts are judged on ``refcount``, the others on ``exec``,
    when both are asked for."""
    if not case.applies_to(version):
        return []
    chosen = [layer for layer in layers if layer in impl.layers]
    if "exec" in chosen and "refcount" in chosen:
        chosen.remove("exec" if case.probes_refcounts else "refcount")
    return chosen


def expected_artifacts(pool: OraclePool, case: Case, version: str, layers: Sequence[str],
                       timeout: float, impl: Optional[Implementation] = None) -> Dict[str, dict]:
    """CPython's artifact for each layer (one request serves ``code`` and ``dis``),
    plus what the implementation needs from the oracle to run (``_parse``,
    ``_compiled``)."""
    out: Dict[str, dict] = {}
    code_filename = impl.oracle_code_filename(case, version) if impl else None
    if code_filename and set(layers) & set(RUN_LAYERS):
        out["_compiled"] = pool.worker(version).compile(case.source, code_filename,
                                                        lines=False, dis=False)
    worker = None
    if any(layer not in RUN_LAYERS for layer in layers):
        worker = pool.worker(version)
    compiled = None
    for layer in layers:
        if layer == "tokens":
            out[layer] = worker.tokenize(case.source)
        elif layer == "ast":
            out[layer] = worker.parse(case.source, case.filename)
        elif layer == "symtable":
            out[layer] = worker.symtable(case.source, case.filename)
        elif layer in ("code", "dis"):
            if compiled is None:
                compiled = worker.compile(case.source, case.filename)
            if compiled.get("oracle_error") or not compiled.get("ok"):
                out[layer] = compiled
            else:
                out[layer] = {"code": compiled["code"]} if layer == "code" else \
                    {"dis": compiled["dis"]}
        elif layer == "pyc":
            out[layer] = worker.pyc(case.source, filename=case.filename,
                                    basename=case.script_name)
        elif layer in RUN_LAYERS:
            out[layer] = pool.exec_worker(version).exec(case.source, filename=case.script_name,
                                                        timeout=timeout)
    if version != host_version() and {"symtable", "code", "dis"} & set(layers):
        out["_parse"] = worker.parse(case.source, case.filename, dump=False)
    return out


def _verdict(layer: str, case: Case, version: str, want: dict, got: dict) -> compare.Verdict:
    if want.get("oracle_error"):
        return compare.Verdict(compare.ORACLE_ERROR, detail="%s: %s" % (
            want["oracle_error"], want.get("detail", "")))
    if "not_implemented" in got:
        return compare.Verdict(compare.NOT_IMPLEMENTED, detail=got["not_implemented"])
    if "crash" in got:
        return compare.Verdict(compare.CRASH, detail=got["crash"][-DETAIL_LIMIT:])
    return compare.COMPARATORS[layer].judge(case.id, version, want, got)


def judge_case(pool: OraclePool, impl: Implementation, case: Case, version: str,
               settings: Settings) -> List[dict]:
    """Every applicable layer of one case on one version, as result records."""
    layers = layers_for(case, version, settings.layers, impl)
    if not layers:
        return []
    started = time.monotonic()
    expected = expected_artifacts(pool, case, version, layers, settings.timeout, impl)
    actual = impl.artifacts(case, version, layers, expected, settings.timeout)
    seconds = round(time.monotonic() - started, 4)
    records = []
    for layer in layers:
        verdict = _verdict(layer, case, version, expected[layer], actual[layer])
        record = {
            "case": case.id, "version": version, "layer": layer, "impl": impl.name,
            "verdict": verdict.verdict, "known": verdict.known,
            "divergence": verdict.divergence.to_json() if verdict.divergence else None,
            "detail": verdict.detail, "features": list(case.features),
            "origin": case.origin, "seconds": seconds,
        }
        if verdict.verdict in (compare.DIVERGE, compare.CRASH) or settings.keep_artifacts:
            record["expected"] = _trim(expected[layer])
            record["actual"] = _trim(actual[layer])
            record["source"] = case.text[:20000]
        records.append(record)
    return records


def _trim(artifact: dict) -> dict:
    """Artifacts kept for divergence pages, with very long texts cut."""
    out = {}
    for key, value in artifact.items():
        if isinstance(value, (bytes, bytearray)):
            value = value.hex()
        if isinstance(value, str) and len(value) > 200000:
            value = value[:200000] + "\n… (cut)"
        out[key] = value
    return out


# -- worker processes ---------------------------------------------------------------------

_STATE: Dict[str, object] = {}


def _init_worker(settings: Settings, inline: bool = False) -> None:
    if not inline:
        # Ctrl-C is the parent's to handle; a worker process ends when told to.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE["settings"] = settings
    _STATE["impl"] = make_implementation(settings.impl, settings.overrides)
    pool = OraclePool(settings.versions, settings.overrides)
    _STATE["pool"] = pool
    if not inline:
        # Pool processes end without running atexit; this closes the oracles.
        from multiprocessing.util import Finalize
        Finalize(pool, pool.close, exitpriority=10)


def _work(item: Tuple[Case, str]) -> List[dict]:
    case, version = item
    settings: Settings = _STATE["settings"]  # type: ignore[assignment]
    try:
        return judge_case(_STATE["pool"], _STATE["impl"], case, version,  # type: ignore[arg-type]
                          settings)
    except Exception as error:  # noqa: BLE001 - a harness fault is reported, not fatal
        import traceback
        return [{"case": case.id, "version": version, "layer": layer, "impl": settings.impl,
                 "verdict": compare.ORACLE_ERROR, "known": [], "divergence": None,
                 "detail": "harness error: %r\n%s" % (error, traceback.format_exc()[-2000:]),
                 "features": list(case.features), "origin": case.origin}
                for layer in settings.layers]


def run_cases(items: Iterable[Tuple[Case, str]], settings: Settings,
              on_result: Callable[[List[dict]], None]) -> None:
    """Judge every (case, version) item, calling ``on_result`` with each item's
    records as they complete (in completion order when ``workers`` > 1)."""
    items = list(items)
    if settings.workers <= 1 or len(items) <= 1:
        _init_worker(settings, inline=True)
        try:
            for item in items:
                on_result(_work(item))
        finally:
            _STATE["pool"].close()  # type: ignore[attr-defined]
        return
    context = multiprocessing.get_context("fork")
    pool = context.Pool(settings.workers, initializer=_init_worker, initargs=(settings,))
    try:
        for records in pool.imap_unordered(_work, items, chunksize=1):
            on_result(records)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def stream_is_terminal() -> bool:
    return sys.stderr.isatty()
