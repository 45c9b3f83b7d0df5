"""Fuzz campaigns: generated programs judged under a time budget, divergences
deduplicated by signature, each new one reduced and kept in the regression corpus.

Why it is built this way.

* **Deterministic.**  Case ``index`` of campaign ``seed`` is generated from
  ``(seed, index)`` alone (``harness.generate.generate``), in whichever worker
  process judges it.  Two campaigns with the same seed judge the same programs;
  with ``--cases N`` they judge exactly the same set.
* **Resumable.**  Results go to disk one case at a time (``RunWriter``, fsync per
  case).  ``--resume RUN`` reads the run's settings from its ``meta.json``, skips
  every (case, version) already recorded and carries on; a SIGKILL loses at most
  the cases in flight, which are judged again.
* **Bounded queue.**  Indices are handed to the worker processes through a
  semaphore, so no more than ``2 x workers`` cases are ever in flight and the
  campaign stops within a case or two of its deadline.
* **Reduction after the search.**  New signatures are reduced once the budget is
  spent, in this process, so reduction never competes with the search for the
  cores; ``--reduce-limit`` bounds how many (the most frequent first).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from . import compare, results
from .cases import Case
from .generate import generate, syntax_case, version_tuple
from .impl import (Implementation, OracleInterpreter, make_implementation, portable_impl,
                   resolve_impl)
from .oracle import OraclePool
from .progress import Progress
from .reduce import Reducer, ReductionError, count_statements, strip_comments
from .runner import Settings, judge_case, layers_for

# Relative to the working directory, like the reports directory: an installed harness
# must not write its findings into site-packages.
DEFAULT_CORPUS = os.path.join("corpus", "regressions")
GENERATORS = ("programs", "syntax")


@dataclass
class FuzzSettings:
    """What a campaign generates, judges and keeps."""

    seed: int = 0
    versions: List[str] = field(default_factory=lambda: ["3.12"])
    layers: List[str] = field(default_factory=lambda: ["exec", "refcount"])
    impl: str = "minivm"
    seconds: Optional[float] = 60.0
    cases: Optional[int] = None
    workers: int = 1
    timeout: float = 10.0
    features: Optional[List[str]] = None
    generator: str = "programs"
    reduce: bool = True
    reduce_seconds: float = 60.0
    reduce_limit: int = 10
    corpus: Optional[str] = DEFAULT_CORPUS
    overrides: Dict[str, str] = field(default_factory=dict)
    #: ``[K, N]``: judge only the cases ``i`` with ``i % N == K`` (None: every case).
    shard: Optional[List[int]] = None
    #: ``redis://HOST:PORT/DB`` of a shared store (None: local files only).
    store: Optional[str] = None
    #: How long a claim on a signature lives unless its holder renews it.
    claim_seconds: float = 300.0
    #: Measure the lines and opcode handlers of minivm the campaign reaches.
    coverage: bool = False
    #: "coverage": draw the features whose programs reach new lines more often.
    steer: Optional[str] = None

    #: The fields a resumed campaign takes from the run it resumes.
    IDENTITY = ("seed", "versions", "layers", "impl", "features", "generator", "cases",
                "shard")
    #: The fields shard runs of one campaign share; ``conform merge`` checks them.
    CAMPAIGN = ("seed", "versions", "layers", "impl", "features", "generator", "cases")

    def judge_settings(self) -> Settings:
        return Settings(versions=self.versions, layers=self.layers, impl=self.impl,
                        overrides=self.overrides, timeout=self.timeout, workers=self.workers)


def shard_start(shard: Optional[List[int]]) -> Tuple[int, int]:
    """The first index and the step of a shard ``[K, N]`` (every case: 0 and 1)."""
    if not shard:
        return 0, 1
    return shard[0], shard[1]


def parse_shard(text: str) -> List[int]:
    """``"K/N"`` as ``[K, N]``, with ``0 <= K < N``; ValueError otherwise."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError("--shard must be K/N (e.g. 0/2), not %r" % text)
    if n < 1 or not 0 <= k < n:
        raise ValueError("--shard K/N needs 0 <= K < N, not %r" % text)
    return [k, n]


def shard_cases(cases: Optional[int], shard: Optional[List[int]]) -> Optional[int]:
    """How many of a campaign's ``cases`` indices a shard judges."""
    if cases is None or not shard:
        return cases
    k, n = shard
    return max(0, (cases - k + n - 1) // n)


def case_id(seed: int, index: int) -> str:
    return "fuzz-%d-%06d" % (seed, index)


def make_case(settings: FuzzSettings, index: int, pool: Optional[List[str]] = None) -> Case:
    """Case ``index`` of the campaign: a pure function of the settings' seed,
    versions, features and generator (and of ``pool``, the feature tags a steered
    campaign drew for it, when given)."""
    if settings.generator == "syntax":
        text = syntax_case(settings.seed, index)
        return Case(id=case_id(settings.seed, index), source=text.encode("utf-8"),
                    features=("syntax",), origin="syntax seed %d index %d"
                    % (settings.seed, index))
    program = generate(settings.seed, index, settings.versions,
                       pool if pool is not None else settings.features)
    return program.to_case(case_id(settings.seed, index))


# -- implementations a campaign can put under test ------------------------------------------


class _Prefetched(Implementation):
    """An external implementation already running the case in a thread, handed to
    ``runner.judge_case`` so the implementation and the oracle run at the same time:
    both are other processes, so a case takes the longer of the two, not the sum."""

    def __init__(self, inner: Implementation, case: Case, version: str,
                 layers: List[str], timeout: float) -> None:
        self.inner = inner
        self.name = inner.name
        self.layers = inner.layers
        self._answer: Dict[str, Dict[str, dict]] = {}
        self._thread = threading.Thread(target=self._run, args=(case, version, layers,
                                                                 timeout), daemon=True)
        self._thread.start()

    def _run(self, case: Case, version: str, layers: List[str], timeout: float) -> None:
        try:
            self._answer["value"] = self.inner.artifacts(case, version, layers, {}, timeout)
        except Exception as error:  # noqa: BLE001 - reported as the judge would see it
            self._answer["value"] = {layer: {"crash": "harness: %r" % (error,)}
                                     for layer in layers}

    def oracle_code_filename(self, case: Case, version: str) -> Optional[str]:
        return self.inner.oracle_code_filename(case, version)

    def artifacts(self, case, version, layers, expected, timeout):
        self._thread.join()
        return self._answer["value"]


try:
    # The sandbox's preexec function imports resource in the forked child; imported
    # here first, that is a lookup, never an import lock another thread might hold.
    import resource  # noqa: F401
except ImportError:  # pragma: no cover - not POSIX
    pass


def _overlappable(impl: Implementation) -> bool:
    """Implementations that run in processes of their own and need nothing from the
    oracle: commands and ``oracle:3.X``."""
    from .impl import CommandImplementation
    return isinstance(impl, (CommandImplementation, OracleInterpreter))


# -- signatures --------------------------------------------------------------------------------


def signature_of(record: dict) -> Optional[str]:
    """The deduplication key of a divergent or crashing record, else None."""
    if record.get("verdict") == compare.DIVERGE and record.get("divergence"):
        return record["divergence"]["signature"]
    if record.get("verdict") == compare.CRASH:
        return "%s|%s|crash" % (record["layer"], record["version"])
    return None


def signature_hash(signature: str, impl: str = "") -> str:
    """The corpus name of a signature found with ``impl``: the same signature of two
    implementations is two regressions."""
    key = "%s|%s" % (portable_impl(impl), signature) if impl else signature
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# -- worker processes ----------------------------------------------------------------------

_STATE: Dict[str, object] = {}


def _init_worker(settings: FuzzSettings, inline: bool = False) -> None:
    if not inline:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE["settings"] = settings
    _STATE["impl"] = make_implementation(settings.impl, settings.overrides)
    if settings.coverage or settings.steer:
        from . import fuzzcoverage
        fuzzcoverage.enable()
    pool = OraclePool(settings.versions, settings.overrides)
    _STATE["pool"] = pool
    if not inline:
        from multiprocessing.util import Finalize
        Finalize(pool, pool.close, exitpriority=10)


def _judge_index(task: tuple) -> Tuple[int, List[dict], Optional[dict]]:
    """Generate case ``index`` and judge it on ``versions`` (with the feature pool a
    steered campaign drew, if any); the records, and the minivm lines measured."""
    index, versions, steer_pool = task
    settings: FuzzSettings = _STATE["settings"]  # type: ignore[assignment]
    case = make_case(settings, index, steer_pool)
    judge = settings.judge_settings()
    records: List[dict] = []
    impl: Implementation = _STATE["impl"]  # type: ignore[assignment]
    for version in versions:
        try:
            judged_by = impl
            layers = layers_for(case, version, judge.layers, impl)
            if layers and _overlappable(impl):
                judged_by = _Prefetched(impl, case, version, layers, judge.timeout)
            found = judge_case(_STATE["pool"], judged_by, case, version,  # type: ignore
                               judge)
        except Exception as error:  # noqa: BLE001 - a harness fault is recorded, not fatal
            found = [{"case": case.id, "version": version, "layer": layer,
                      "impl": settings.impl, "verdict": compare.ORACLE_ERROR, "known": [],
                      "divergence": None, "detail": "harness error: %r" % (error,),
                      "features": list(case.features), "origin": case.origin}
                     for layer in settings.layers]
        for record in found:
            record["fuzz_index"] = index
            if steer_pool is not None:
                record["steer_pool"] = steer_pool
            if record["verdict"] in (compare.DIVERGE, compare.CRASH) and "source" not in record:
                record["source"] = case.text
        records.extend(found)
    lines = None
    if settings.coverage or settings.steer:
        from . import fuzzcoverage
        lines = fuzzcoverage.take()
    return index, records, lines


# -- the campaign --------------------------------------------------------------------------


@dataclass
class Finding:
    """One signature found: how often, and the first record that showed it."""

    signature: str
    count: int
    first: dict
    regression: Optional[str] = None
    statements: Optional[int] = None
    original_statements: Optional[int] = None


@dataclass
class CampaignResult:
    run_path: str
    cases: int
    seconds: float              #: the search (reduction apart)
    findings: Dict[str, Finding]
    status: str
    reduce_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


class _CampaignProgress(Progress):
    """The run's progress line, plus the number of distinct signatures."""

    signatures = 0

    def _failure_text(self) -> str:
        return "%s; %d signatures" % (super()._failure_text(), self.signatures)


class Campaign:
    """One fuzz campaign; :meth:`run` does the search, the reduction and the saving."""

    def __init__(self, settings: FuzzSettings, reports: str = results.DEFAULT_REPORTS, *,
                 resume: Optional[str] = None, progress: bool = True,
                 on_finding: Optional[Callable[[Finding], bool]] = None,
                 warn: Callable[[str], None] = None) -> None:  # type: ignore[assignment]
        """``on_finding`` is called with each new signature as it is found; if it
        returns True the search stops (the cases in flight are still recorded).
        ``warn`` receives the store's one warning if it is lost (default: stderr).
        Opening ``settings.store`` raises :class:`harness.store.StoreError`."""
        self.reports = reports
        self.store = None
        if settings.store:
            from .store import open_store
            self.store = open_store(settings.store, settings.claim_seconds,
                                    warn=warn or log_stderr)
        #: Signatures another campaign reduces (or has reduced): counted, not reduced.
        self.elsewhere: Dict[str, str] = {}
        self.stop = threading.Event()
        self.found_after: Optional[float] = None
        self.findings: Dict[str, Finding] = {}
        self.done: Dict[int, set] = {}
        self.on_finding = on_finding
        previous: List[dict] = []
        if resume:
            run_path = results.find_run(reports, resume)
            meta = results.read_meta(run_path)
            saved = meta.get("fuzz") or {}
            if meta.get("kind") != "fuzz" or not saved:
                raise ValueError("run %s is not a fuzz campaign" % resume)
            for name in FuzzSettings.IDENTITY:
                setattr(settings, name, saved.get(name, getattr(settings, name)))
            previous = results.read_results(run_path)
            resume = meta["id"]
        self.settings = settings
        meta = {"impl": settings.impl, "layers": settings.layers,
                "versions_order": settings.versions, "fuzz": self._meta_settings()}
        if self.store is not None:
            meta["store"] = self.store.status()
        self.writer = results.RunWriter(reports, "fuzz", meta, run_id=resume,
                                        resume=bool(resume))
        for record in previous:
            self.done.setdefault(record.get("fuzz_index"), set()).add(record["version"])
            self._note(record)
        self.resumed_cases = len(self.done)
        self.reach = self.steering = None
        if settings.coverage or settings.steer:
            from . import fuzzcoverage
            from .generate import FEATURES
            self.reach = fuzzcoverage.Reach()
            if settings.steer:
                self.steering = fuzzcoverage.Steering(settings.seed, settings.features
                                                      or sorted(FEATURES))
        self.progress = _CampaignProgress(shard_cases(settings.cases, settings.shard), "fuzz",
                                          enabled=progress)

    def _meta_settings(self) -> dict:
        data = {k: v for k, v in asdict(self.settings).items() if k != "overrides"}
        data["impl"] = portable_impl(self.settings.impl)
        return data

    # -- search ----------------------------------------------------------------------

    def _tasks(self, deadline: float, gate: threading.Semaphore
               ) -> Iterator[Tuple[int, Tuple[str, ...]]]:
        stop = self.stop
        index, step = shard_start(self.settings.shard)
        limit = self.settings.cases
        while limit is None or index < limit:
            gate.acquire()
            if stop.is_set() or time.monotonic() >= deadline:
                return
            versions = self._todo(index)
            if versions:
                yield index, versions, self.steering.pool() if self.steering else None
            else:
                gate.release()
            index += step

    def _todo(self, index: int) -> Tuple[str, ...]:
        done = self.done.get(index)
        if not done:
            return tuple(self.settings.versions)
        case = make_case(self.settings, index)
        return tuple(v for v in self.settings.versions if case.applies_to(v) and v not in done)

    def _note(self, record: dict) -> bool:
        signature = signature_of(record)
        if signature is None:
            return False
        finding = self.findings.get(signature)
        if finding is None:
            self.findings[signature] = Finding(signature, 1, record)
            if self.store is not None:
                self.store.seen(signature_hash(signature, self.settings.impl), signature)
            return True
        finding.count += 1
        return False

    def _collect(self, index: int, records: List[dict], lines: Optional[dict] = None) -> None:
        self.writer.add_many(records)
        if self.reach is not None and lines:
            new = self.reach.add(lines)
            if self.steering is not None and records:
                self.steering.credit(records[0].get("features") or (), new)
        for record in records:
            if self._note(record):
                if self.found_after is None:
                    self.found_after = self.progress.elapsed
                if self.on_finding and self.on_finding(
                        self.findings[signature_of(record)]):  # type: ignore[index]
                    self.stop.set()
        self.progress.signatures = len(self.findings)
        self.progress.update(records)

    def search(self) -> str:
        """Judge cases until the budget is spent; returns "complete" or "interrupted"."""
        settings = self.settings
        deadline = time.monotonic() + (settings.seconds if settings.seconds else 1e12)
        gate = threading.Semaphore(2 * max(1, settings.workers))
        tasks = self._tasks(deadline, gate)
        try:
            if settings.workers <= 1:
                _init_worker(settings, inline=True)
                try:
                    for task in tasks:
                        self._collect(*_judge_index(task))
                        gate.release()
                finally:
                    _STATE["pool"].close()  # type: ignore[attr-defined]
                return "complete"
            context = multiprocessing.get_context("fork")
            pool = context.Pool(settings.workers, initializer=_init_worker,
                                initargs=(settings,))
            try:
                for index, records, lines in pool.imap_unordered(_judge_index, tasks,
                                                                 chunksize=1):
                    self._collect(index, records, lines)
                    gate.release()
                pool.close()
            except BaseException:
                self.stop.set()
                gate.release()
                pool.terminate()
                raise
            finally:
                pool.join()
            return "complete"
        except KeyboardInterrupt:
            return "interrupted"

    # -- reduction and the corpus ---------------------------------------------------------

    def new_findings(self) -> List[Finding]:
        """Signatures not in the corpus yet, most frequent first."""
        fresh = [f for f in self.findings.values()
                 if not self.settings.corpus or not os.path.exists(
                     os.path.join(self.settings.corpus, signature_hash(
                         f.signature, self.settings.impl) + ".json"))]
        return sorted(fresh, key=lambda f: (-f.count, f.signature))

    def reduce_and_save(self, log: Callable[[str], None] = lambda text: None) -> List[Finding]:
        settings = self.settings
        todo = self.new_findings()
        if not todo or not settings.corpus:
            return []
        impl = make_implementation(settings.impl, settings.overrides)
        saved: List[Finding] = []
        with OraclePool(settings.versions, settings.overrides) as pool:
            number = 0
            for finding in todo:
                name = signature_hash(finding.signature, settings.impl)
                if self.store is not None:
                    self.store.count(name, finding.count)
                    state = self.store.claim(name)
                    if state != "mine":
                        self.elsewhere[finding.signature] = state
                        log("%s %s: counted, not reduced here" % (
                            "already published" if state == "published"
                            else "claimed by another campaign", finding.signature))
                        continue
                reduce_it = settings.reduce and number < settings.reduce_limit
                number += 1
                log("reducing %s (%d cases)" % (finding.signature, finding.count)
                    if reduce_it else "saving %s unreduced" % finding.signature)
                if self.store is None:
                    self._reduce_one(pool, impl, finding, reduce_it)
                else:
                    with self.store.holding(name):
                        path, sidecar = self._reduce_one(pool, impl, finding, reduce_it)
                        with open(path, "rb") as handle:
                            self.store.publish(name, handle.read(), sidecar)
                saved.append(finding)
        if isinstance(impl, OracleInterpreter):
            impl.close()
        return saved

    def _reduce_one(self, pool: OraclePool, impl: Implementation, finding: Finding,
                    reduce_it: bool) -> Tuple[str, dict]:
        """Reduce (or not) and save one finding locally; its path and sidecar."""
        source, stats = self._reduce(pool, impl, finding, reduce_it)
        sidecar = self._sidecar(finding, stats)
        finding.regression = save_regression(self.settings.corpus, finding, source, sidecar)
        return finding.regression, sidecar

    def _reduce(self, pool: OraclePool, impl: Implementation, finding: Finding,
                reduce_it: bool) -> Tuple[bytes, dict]:
        record = finding.first
        source = strip_comments(record["source"].encode("utf-8"))
        parse = parser_for(pool, record["version"])
        tree = parse(source)
        finding.original_statements = count_statements(tree) if tree else None
        stats: dict = {"reduced": False}
        if reduce_it:
            interesting = interesting_for(pool, impl, self.settings, record, finding.signature)
            reducer = Reducer(interesting, parse, seconds=self.settings.reduce_seconds)
            try:
                source = reducer.reduce(source)
                stats = dict(asdict(reducer.stats), reduced=True)
            except ReductionError as error:
                stats = {"reduced": False, "why": str(error)}
        tree = parse(source)
        finding.statements = count_statements(tree) if tree else None
        return source, stats

    def _sidecar(self, finding: Finding, stats: dict) -> dict:
        record = finding.first
        div = record.get("divergence") or {}
        versions = sorted({f.first["version"] for f in self.findings.values()
                           if _unversioned(f.signature) == _unversioned(finding.signature)},
                          key=version_tuple)
        return {
            "signature": finding.signature,
            "layer": record["layer"],
            "version": record["version"],
            "versions": versions,
            "impl": portable_impl(self.settings.impl),
            "features": record.get("features") or [],
            "status": "open",
            "first_seen": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "run": self.writer.run_id,
            "case": record["case"],
            "seed": self.settings.seed,
            "index": record.get("fuzz_index"),
            "count": finding.count,
            "explanation": div.get("explanation") or (record.get("detail") or "")[-300:],
            "statements": finding.statements,
            "original_statements": finding.original_statements,
            "reduction": stats,
        }

    # -- everything -----------------------------------------------------------------------

    def run(self, log: Callable[[str], None] = lambda text: None) -> CampaignResult:
        status = "interrupted"
        try:
            status = self.search()
        finally:
            searched = self.progress.elapsed
            self.progress.close()
            self.writer.update_meta(status=status, cases_done=len(self.done) + self.progress.done,
                                    seconds=round(self.progress.elapsed, 2))
        started = time.monotonic()
        if status == "complete":
            try:
                self.reduce_and_save(log)
            except KeyboardInterrupt:
                status = "interrupted"
        reduce_seconds = time.monotonic() - started
        summary = signature_summary(self.findings)
        extra: Dict[str, object] = {}
        if self.reach is not None:
            extra["coverage"] = self.reach.summary(
                self.settings.versions, "coverage-steered" if self.steering else "plain")
        if self.store is not None:
            extra["store"] = dict(self.store.status(), elsewhere=dict(self.elsewhere))
        self.writer.finish(status, signatures=summary,
                           rate=round(self.progress.rate, 2), **extra)
        return CampaignResult(self.writer.path, self.progress.done, searched, self.findings,
                              status, reduce_seconds)


def signature_summary(findings: Dict[str, Finding]) -> List[dict]:
    """The ``signatures`` list of a campaign's ``meta.json``, most frequent first."""
    return [{"signature": f.signature, "count": f.count, "case": f.first["case"],
             "layer": f.first["layer"], "version": f.first["version"],
             "regression": f.regression, "statements": f.statements}
            for f in sorted(findings.values(), key=lambda f: (-f.count, f.signature))]


# -- shards ------------------------------------------------------------------------------------


def merge_runs(run_paths: List[str], reports: str, partial: bool = False) -> str:
    """Join the runs of shards of one campaign into a new run under ``reports``;
    returns its directory.

    The runs must be fuzz campaigns with the same :attr:`FuzzSettings.CAMPAIGN`
    fields and disjoint shards ``K/N`` of one ``N`` (all of them, unless
    ``partial``).  The merged results are the shards' records ordered by case index,
    as one machine judging the cases in turn records them, so the merged run's
    report equals that machine's; the signature counts are recounted from them."""
    if not run_paths:
        raise ValueError("conform merge needs at least one run directory")
    metas = []
    for path in run_paths:
        meta = results.read_meta(path)
        if meta.get("kind") != "fuzz" or not meta.get("fuzz"):
            raise ValueError("%s is not the run of a fuzz campaign" % path)
        metas.append(meta)
    first = metas[0]["fuzz"]
    for path, meta in zip(run_paths[1:], metas[1:]):
        for name in FuzzSettings.CAMPAIGN:
            if meta["fuzz"].get(name) != first.get(name):
                raise ValueError("%s and %s are not shards of one campaign: their %s "
                                 "differ (%r, %r)" % (run_paths[0], path, name,
                                                      first.get(name), meta["fuzz"].get(name)))
    shards = [meta["fuzz"].get("shard") or [0, 1] for meta in metas]
    counts = {n for _, n in shards}
    if len(counts) != 1:
        raise ValueError("the runs split the campaign differently (N = %s)"
                         % ", ".join(str(n) for n in sorted(counts)))
    (total,) = counts
    seen: Dict[int, str] = {}
    for path, (k, _) in zip(run_paths, shards):
        if k in seen:
            raise ValueError("%s and %s are both shard %d/%d" % (seen[k], path, k, total))
        seen[k] = path
    missing = sorted(set(range(total)) - set(seen))
    if missing and not partial:
        raise ValueError("shards %s of %d are missing (--partial merges without them)"
                         % (", ".join("%d/%d" % (k, total) for k in missing), total))
    records: List[dict] = []
    for path in run_paths:
        records.extend(results.read_results(path))
    records.sort(key=lambda r: r.get("fuzz_index") or 0)   # stable: a case keeps its order
    findings: Dict[str, Finding] = {}
    for record in records:
        signature = signature_of(record)
        if signature is None:
            continue
        if signature in findings:
            findings[signature].count += 1
        else:
            findings[signature] = Finding(signature, 1, record)
    for meta in metas:
        for entry in meta.get("signatures") or ():
            finding = findings.get(entry.get("signature"))
            if finding and entry.get("regression") and not finding.regression:
                finding.regression = entry["regression"]
                finding.statements = entry.get("statements")
    fuzz = dict(first, shard=None)
    meta = {"impl": metas[0].get("impl"), "layers": metas[0].get("layers"),
            "versions_order": metas[0].get("versions_order"), "fuzz": fuzz,
            "merged_from": [m.get("id") for m in metas],
            "shards": ["%d/%d" % tuple(s) for s in shards],
            "missing_shards": ["%d/%d" % (k, total) for k in missing]}
    stores = [m["store"] for m in metas if m.get("store")]
    if stores:
        meta["store"] = dict(stores[0], lost=[s["lost"] for s in stores if s.get("lost")])
    writer = results.RunWriter(reports, "fuzz", meta)
    index = None
    batch: List[dict] = []
    for record in records:
        if record.get("fuzz_index") != index and batch:
            writer.add_many(batch)
            batch = []
        index = record.get("fuzz_index")
        batch.append(record)
    writer.add_many(batch)
    statuses = {m.get("status") for m in metas}
    status = "complete" if statuses == {"complete"} and not missing else (
        "partial" if statuses == {"complete"} else "interrupted")
    writer.finish(status, signatures=signature_summary(findings),
                  cases_done=sum(m.get("cases_done") or 0 for m in metas),
                  seconds=max(m.get("seconds") or 0 for m in metas))
    return writer.path


def _unversioned(signature: str) -> str:
    parts = signature.split("|")
    return "|".join(parts[:1] + parts[2:])


# -- pieces the reducer and the replay test share --------------------------------------------


def parser_for(pool: OraclePool, version: str) -> Callable[[bytes], Optional[dict]]:
    """The oracle tree of a program on ``version``, or None if it does not parse."""
    worker = pool.worker(version)

    def parse(source: bytes) -> Optional[dict]:
        answer = worker.parse(source, "prog.py", dump=False)
        return answer.get("tree") if answer.get("ok") else None

    return parse


def judge_source(pool: OraclePool, impl: Implementation, settings: FuzzSettings,
                 source: bytes, version: str, layer: str,
                 features: Tuple[str, ...] = ()) -> List[dict]:
    """Judge one program on one version and layer (the layer is forced)."""
    case = Case(id="reduce", source=source, features=tuple(features))
    judge = Settings(versions=[version], layers=[layer], impl=settings.impl,
                     overrides=settings.overrides, timeout=settings.timeout)
    return judge_case(pool, impl, case, version, judge)


def interesting_for(pool: OraclePool, impl: Implementation, settings: FuzzSettings,
                    record: dict, signature: str) -> Callable[[bytes], bool]:
    features = tuple(record.get("features") or ())

    def interesting(source: bytes) -> bool:
        found = judge_source(pool, impl, settings, source, record["version"],
                             record["layer"], features)
        return any(signature_of(r) == signature for r in found)

    return interesting


def save_regression(corpus: str, finding: Finding, source: bytes, sidecar: dict) -> str:
    """Write ``<hash>.py`` and ``<hash>.json`` atomically; returns the .py path."""
    name = signature_hash(finding.signature, sidecar["impl"])
    header = ["# feature: %s" % ", ".join(sidecar["features"]) if sidecar["features"] else
              "# feature: fuzz",
              "# requires: %s" % sidecar["version"],
              "# regression: %s" % finding.signature]
    text = "\n".join(header).encode("utf-8") + b"\n" + source.lstrip(b"\n")
    if not text.endswith(b"\n"):
        text += b"\n"
    path = os.path.join(corpus, name + ".py")
    results.write_atomic(path, text)
    results.write_atomic(os.path.join(corpus, name + ".json"),
                         (json.dumps(sidecar, indent=2) + "\n").encode("utf-8"))
    return path


def load_regressions(corpus: str = DEFAULT_CORPUS) -> List[Tuple[str, dict]]:
    """(program path, sidecar) of every regression in the corpus, sorted."""
    out = []
    if not os.path.isdir(corpus):
        return out
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".json"):
            with open(os.path.join(corpus, name), encoding="utf-8") as handle:
                sidecar = json.load(handle)
            out.append((os.path.join(corpus, name[:-5] + ".py"), sidecar))
    return out


def _shown_path(path: str) -> str:
    """``path`` relative to the working directory when it lies under it."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def reproduce_command(sidecar: dict, path: str) -> str:
    """The command that shows a regression's divergence again."""
    return "conform check %s --impl '%s' --versions %s --layers %s" % (
        _shown_path(path),
        sidecar["impl"].replace("{repo}/", ""), sidecar["version"], sidecar["layer"])


def default_seed() -> int:
    return int.from_bytes(os.urandom(4), "big")


def log_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def replay_regression(pool: OraclePool, path: str, sidecar: dict, timeout: float = 10.0,
                      impls: Optional[Dict[str, Implementation]] = None) -> List[str]:
    """The signatures judging a saved regression gives now, on its version and layer
    with its implementation (empty when it conforms).  ``impls`` caches the
    implementations between calls (the caller closes ``oracle:`` ones)."""
    with open(path, "rb") as handle:
        source = handle.read()
    cache = impls if impls is not None else {}
    impl = cache.get(sidecar["impl"])
    if impl is None:
        impl = cache[sidecar["impl"]] = make_implementation(sidecar["impl"])
    settings = FuzzSettings(versions=[sidecar["version"]], layers=[sidecar["layer"]],
                            impl=resolve_impl(sidecar["impl"]), timeout=timeout)
    try:
        found = judge_source(pool, impl, settings, source, sidecar["version"],
                             sidecar["layer"], tuple(sidecar.get("features") or ()))
    finally:
        if impls is None and isinstance(impl, OracleInterpreter):
            impl.close()
    return [s for s in (signature_of(r) for r in found) if s]
