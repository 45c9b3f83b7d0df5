"""``conform``: the harness's command line.

Every command that judges cases writes a run under ``reports/runs/<id>/`` and, unless
told not to, renders ``reports/index.html``, ``summary.json`` and ``summary.md``.
Exit status: 0 when nothing diverged, 1 on any divergence or crash of the
implementation under test, 2 for usage errors, missing interpreters or a run that
could not be completed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import Callable, Dict, List, Optional, Sequence

from . import compare, oracle, results
from .cases import Case, cases_from_paths
from .impl import make_implementation
from .progress import Progress
from .runner import Settings, default_workers, run_cases

EXIT_OK, EXIT_DIVERGED, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for; printed without a traceback."""


# -- shared options ----------------------------------------------------------------------------


def _add_common(parser: argparse.ArgumentParser, *, layers_default: str) -> None:
    parser.add_argument("--versions", default="all", metavar="3.X,...",
                        help="CPython versions to compare against (default: all of %s)"
                             % ",".join(oracle.ALL_VERSIONS))
    parser.add_argument("--layers", default=layers_default, metavar="LAYER,...",
                        help="layers to compare: %s (default: %s)"
                             % (",".join(compare.LAYERS), layers_default))
    parser.add_argument("--python", action="append", default=[], metavar="3.X=PATH",
                        help="use this interpreter for version 3.X (repeatable)")
    parser.add_argument("--impl", default="minivm", metavar="IMPL",
                        help="implementation under test: minivm (default), "
                             "minivm-cpython-code, oracle:3.X (that CPython, fast), or a "
                             "command that runs FILE like `python FILE` (e.g. 'pypy3', "
                             "'python3.9')")
    parser.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                        help="worker processes (default: the number of cores, %d)"
                             % default_workers())
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="limit per program run and per stage (default: 10)")
    parser.add_argument("--reports", default=results.DEFAULT_REPORTS, metavar="DIR",
                        help="where runs and reports go (default: reports)")
    parser.add_argument("--no-report", action="store_true",
                        help="record the run but do not render the report")
    parser.add_argument("--keep-artifacts", action="store_true",
                        help="store both sides' artifacts for passing cases too")
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def _settings(args: argparse.Namespace) -> Settings:
    try:
        versions = oracle.parse_versions(args.versions)
        overrides = oracle.parse_overrides(args.python)
    except ValueError as error:
        raise UsageError(str(error))
    impl = _implementation(args.impl, overrides)
    layers = _parse_layers(args.layers, impl.layers, impl.name)
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    return Settings(versions=versions, layers=layers, impl=args.impl, overrides=overrides,
                    timeout=args.timeout, workers=args.workers,
                    keep_artifacts=args.keep_artifacts)


def _implementation(spec: str, overrides: Optional[Dict[str, str]] = None):
    try:
        return make_implementation(spec, overrides)
    except ValueError as error:
        raise UsageError(str(error))


def _parse_layers(text: str, supported: Sequence[str], impl_name: str) -> List[str]:
    if text in ("all", "", None):
        return [layer for layer in compare.LAYERS if layer in supported]
    chosen = []
    for item in (t.strip() for t in text.split(",")):
        if item not in compare.LAYERS:
            raise UsageError("unknown layer %r: choose from %s" % (item, ",".join(compare.LAYERS)))
        if item not in supported:
            raise UsageError("%s can be tested on the layers %s only, not %s" % (
                impl_name, ",".join(supported), item))
        if item not in chosen:
            chosen.append(item)
    return chosen


def _interpreters(settings: Settings) -> Dict[str, oracle.Interpreter]:
    try:
        return oracle.find_interpreters(settings.versions, settings.overrides)
    except oracle.InterpreterNotFound as error:
        raise UsageError(str(error))


# -- running and summarizing --------------------------------------------------------------------


def execute(items: List[tuple], settings: Settings, args: argparse.Namespace, kind: str,
            extra_meta: Optional[dict] = None) -> int:
    """Judge ``items`` into a new run, print a summary, render the report."""
    found = _interpreters(settings)
    meta = {
        "impl": settings.impl, "layers": settings.layers, "versions_order": settings.versions,
        "interpreters": {v: {"path": i.path, "patch": i.patch} for v, i in found.items()},
        "cases": len(items),
    }
    meta.update(extra_meta or {})
    writer = results.RunWriter(args.reports, kind, meta)
    progress = Progress(len(items), kind, enabled=not args.quiet)
    collected: List[dict] = []

    def on_result(records: List[dict]) -> None:
        writer.add_many(records)
        collected.extend({k: r.get(k) for k in ("case", "version", "layer", "verdict",
                                                 "divergence", "detail")} for r in records)
        progress.update(records)

    status = "complete"
    try:
        run_cases(items, settings, on_result)
    except KeyboardInterrupt:
        status = "interrupted"
        print("\ninterrupted: %d cases recorded in %s" % (progress.done, writer.path),
              file=sys.stderr)
    finally:
        progress.close()
        writer.finish(status, seconds=round(progress.elapsed, 2), cases_done=progress.done)
    _print_summary(collected, settings.versions, writer.path)
    if not args.no_report:
        from .report import render
        paths = render(args.reports, writer.path)
        print("report: %s" % paths["html"])
    if status != "complete":
        return EXIT_ERROR
    failed = any(r["verdict"] in (compare.DIVERGE, compare.CRASH) for r in collected)
    return EXIT_DIVERGED if failed else EXIT_OK


def _print_summary(records: List[dict], versions: List[str], run_path: str) -> None:
    table = results.tally(records)
    layers = [layer for layer in compare.LAYERS if any(k[0] == layer for k in table)]
    if not layers:
        print("nothing was judged (no case applies to the chosen versions and layers)")
        return
    width = max(len(v) for v in versions) + 12
    print("\n%-10s" % "layer" + "".join(("%-" + str(width) + "s") % v for v in versions))
    for layer in layers:
        row = "%-10s" % layer
        for version in versions:
            cell = table.get((layer, version), {})
            total = sum(cell.values())
            text = "%d/%d" % (cell.get("pass", 0), total) if total else "-"
            notes = "".join(flag for key, flag in (("known", "k"), ("not_implemented", "n"),
                                                   ("crash", "!"), ("oracle_error", "?"))
                            if cell.get(key))
            row += ("%-" + str(width) + "s") % (text + (" " + notes if notes else ""))
        print(row)
    print("(pass/total; k: known differences, n: not implemented, !: crashes, ?: oracle errors)")
    shown = 0
    for r in records:
        if r["verdict"] in (compare.DIVERGE, compare.CRASH) and shown < 10:
            div = r.get("divergence") or {}
            why = div.get("explanation") or (r.get("detail") or "").strip().splitlines()[-1:]
            print("  %s [%s %s] %s" % (r["case"], r["layer"], r["version"],
                                       why if isinstance(why, str) else " ".join(why)))
            shown += 1
    print("run: %s" % run_path)


# -- commands -----------------------------------------------------------------------------------


def cmd_versions(args: argparse.Namespace) -> int:
    overrides = oracle.parse_overrides(args.python)
    versions = oracle.parse_versions(args.versions)
    missing = 0
    notes = []
    print("%-8s %-10s %-9s %s" % ("version", "patch", "found by", "path"))
    for version in versions:
        try:
            found = oracle.find_interpreter(version, overrides.get(version))
            print("%-8s %-10s %-9s %s" % (version, found.patch, found.found_by, found.path))
        except oracle.InterpreterNotFound as error:
            missing += 1
            print("%-8s %-10s %-9s %s" % (version, "missing", "-", error))
            continue
        if args.site:
            try:
                startup = oracle.site_startup(found.path)
            except (OSError, subprocess.SubprocessError, oracle.InterpreterNotFound) as error:
                notes.append("%s: site not checked: %s" % (version, error))
                continue
            modules = startup["modules"]
            if startup["atexit"] or modules:
                shown = ", ".join(modules[:8]) + (" and %d more" % (len(modules) - 8)
                                                  if len(modules) > 8 else "")
                notes.append("%s: %d atexit callback(s); modules: %s" % (
                    version, startup["atexit"], shown or "none"))
    if notes:
        print("\nWhat each installation's .pth files and sitecustomize do at the start of every\n"
              "`python FILE` (minivm runs no site); programs that observe atexit, sys.modules\n"
              "or the order of finalization at exit see it:")
        for note in notes:
            print("  " + note)
    return EXIT_ERROR if missing else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        cases = cases_from_paths(args.files)
    except (OSError, ValueError) as error:
        raise UsageError(str(error))
    if not cases:
        raise UsageError("no .py files in %s" % " ".join(args.files))
    items = [(case, v) for case in cases for v in settings.versions]
    return execute(items, settings, args, "check", {"files": args.files})


def cmd_stdlib(args: argparse.Namespace) -> int:
    from .stdlib import stdlib_cases
    settings = _settings(args)
    found = _interpreters(settings)
    items = []
    for version in settings.versions:
        cases: List[Case] = stdlib_cases(found[version], sample=args.sample, match=args.match)
        items.extend((case, version) for case in cases)
    return execute(items, settings, args, "stdlib",
                   {"sample": args.sample, "match": args.match})


def cmd_report(args: argparse.Namespace) -> int:
    from .report import render
    try:
        paths = render(args.reports, args.run)
    except FileNotFoundError as error:
        raise UsageError(str(error))
    for kind, path in paths.items():
        print("%-8s %s" % (kind, path))
    return EXIT_OK


def _fuzz_settings(args: argparse.Namespace):
    from .campaign import GENERATORS, FuzzSettings, default_seed
    try:
        versions = oracle.parse_versions(args.versions)
        overrides = oracle.parse_overrides(args.python)
        impl = make_implementation(args.impl, overrides)
    except ValueError as error:
        raise UsageError(str(error))
    layers = _parse_layers(args.layers, impl.layers, impl.name)
    if args.workers < 1 or args.timeout <= 0:
        raise UsageError("--workers must be at least 1 and --timeout positive")
    if args.seconds is not None and args.seconds <= 0 or args.cases is not None and args.cases < 1:
        raise UsageError("--seconds and --cases must be positive")
    if args.generator not in GENERATORS:
        raise UsageError("--generator must be one of %s" % ", ".join(GENERATORS))
    features = [t.strip() for t in args.features.split(",") if t.strip()] \
        if args.features else None
    if features:
        from .generate import expand_features
        try:
            features = expand_features(features)
        except ValueError as error:
            raise UsageError(str(error))
    from .campaign import parse_shard
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as error:
        raise UsageError(str(error))
    if args.store and not args.store.startswith("redis://"):
        raise UsageError("--store must be redis://HOST:PORT/DB, not %r" % args.store)
    if args.steer not in (None, "coverage"):
        raise UsageError("--steer takes 'coverage' only, not %r" % args.steer)
    if (args.coverage or args.steer) and not impl.name.startswith("minivm"):
        raise UsageError("--coverage and --steer measure minivm: they need --impl minivm "
                         "or minivm-cpython-code, not %s" % args.impl)
    if args.coverage or args.steer:
        try:
            import coverage  # noqa: F401
        except ImportError:
            raise UsageError("--coverage needs coverage.py (pip install coverage)")
    return FuzzSettings(
        coverage=bool(args.coverage or args.steer), steer=args.steer,
        shard=shard, store=args.store, claim_seconds=args.claim_seconds,
        seed=default_seed() if args.seed is None else args.seed, versions=versions,
        layers=layers, impl=args.impl, seconds=args.seconds, cases=args.cases,
        workers=args.workers, timeout=args.timeout, features=features,
        generator=args.generator, reduce=not args.no_reduce,
        reduce_seconds=args.reduce_seconds, reduce_limit=args.reduce_limit,
        corpus=None if args.corpus == "none" else args.corpus, overrides=overrides)


def cmd_fuzz(args: argparse.Namespace) -> int:
    from .campaign import Campaign, log_stderr
    settings = _fuzz_settings(args)
    if not args.resume:
        _interpreters(settings.judge_settings())
    from .store import StoreError
    try:
        campaign = Campaign(settings, args.reports, resume=args.resume,
                            progress=not args.quiet)
    except (FileNotFoundError, ValueError, StoreError) as error:
        raise UsageError(str(error))
    settings = campaign.settings  # a resumed campaign's own versions, layers, impl
    _interpreters(settings.judge_settings())
    if not args.quiet:
        log_stderr("fuzz: seed %d, impl %s, versions %s, layers %s, %s%s" % (
            settings.seed, settings.impl, ",".join(settings.versions), ",".join(settings.layers),
            "%g s" % settings.seconds if settings.seconds else "no time limit",
            ", resuming %s (%d cases done)" % (args.resume, campaign.resumed_cases)
            if args.resume else ""))
    result = campaign.run(log=log_stderr if not args.quiet else (lambda text: None))
    print("fuzz: %d cases in %.1f s (%.1f/s), %d signatures%s; reduction %.1f s; run %s" % (
        result.cases, result.seconds, result.rate, len(result.findings),
        " (the first after %.1f s)" % campaign.found_after
        if campaign.found_after is not None else "", result.reduce_seconds,
        result.run_path))
    for finding in sorted(result.findings.values(), key=lambda f: -f.count)[:20]:
        where = " -> %s (%s statements)" % (finding.regression, finding.statements) \
            if finding.regression else ""
        print("  %5d x %s%s" % (finding.count, finding.signature, where))
    coverage = read_coverage(result.run_path)
    if coverage:
        from .fuzzcoverage import module_rollup
        print("coverage (%s): %d/%d lines of minivm; vm %d/%d, compiler %d/%d" % (
            (coverage["mode"], coverage["lines_hit"], coverage["lines_total"])
            + module_rollup(coverage, "minivm/vm/") + module_rollup(coverage, "minivm/compiler/")))
        for version, row in sorted(coverage["handlers"].items()):
            print("  handlers %s: %d/%d run" % (version, row["run"], row["total"]))
    if campaign.store is not None:
        print("store %s: %s; %d signatures counted here, reduced elsewhere" % (
            settings.store, "lost (%s), the run went on locally" % campaign.store.lost
            if campaign.store.lost else "connected", len(campaign.elsewhere)))
    print("resume with: conform fuzz --resume %s --seconds N" % os.path.basename(result.run_path))
    if not args.no_report:
        from .report import render
        print("report: %s" % render(args.reports, result.run_path)["html"])
    if result.status != "complete":
        return EXIT_ERROR
    return EXIT_DIVERGED if result.findings else EXIT_OK


def cmd_reduce(args: argparse.Namespace) -> int:
    from .campaign import (Finding, FuzzSettings, Reducer, judge_source,
                           interesting_for, parser_for,
                           save_regression, signature_of)
    from .reduce import ReductionError, count_statements, strip_comments
    from .cases import case_from_file
    try:
        versions = oracle.parse_versions(args.versions)
        overrides = oracle.parse_overrides(args.python)
        impl = make_implementation(args.impl, overrides)
        case = case_from_file(args.file)
    except (OSError, ValueError) as error:
        raise UsageError(str(error))
    layers = _parse_layers(args.layers, impl.layers, impl.name)
    settings = FuzzSettings(versions=versions, layers=layers, impl=args.impl,
                            timeout=args.timeout, overrides=overrides)
    with oracle.OraclePool(versions, overrides) as pool:
        target = None
        for version in versions:
            for layer in layers:
                for record in judge_source(pool, impl, settings, case.source, version, layer,
                                           case.features):
                    sig = signature_of(record)
                    if sig and (args.signature in (None, sig)) and target is None:
                        target = (sig, dict(record, source=case.text))
        if target is None:
            print("conform reduce: %s shows no divergence%s on %s" % (
                args.file, " with signature %s" % args.signature if args.signature else "",
                ",".join(versions)), file=sys.stderr)
            return EXIT_OK
        signature, record = target
        parse = parser_for(pool, record["version"])
        source = strip_comments(case.source)
        before = parse(source)
        reducer = Reducer(interesting_for(pool, impl, settings, record, signature), parse,
                          seconds=args.seconds)
        try:
            reduced = reducer.reduce(source)
        except ReductionError as error:
            raise UsageError(str(error))
        after = parse(reduced)
        stats = reducer.stats
        print("# signature: %s" % signature, file=sys.stderr)
        print("# %s -> %s statements, %d tests in %.1f s" % (
            count_statements(before) if before else "?", count_statements(after) if after
            else "?", stats.tests, stats.seconds), file=sys.stderr)
        if args.output:
            results.write_atomic(args.output, reduced)
            print("# written to %s" % args.output, file=sys.stderr)
        else:
            sys.stdout.write(reduced.decode("utf-8", "replace"))
        if args.save:
            finding = Finding(signature, 1, record, statements=count_statements(after)
                              if after else None)
            path = save_regression(args.corpus, finding, reduced, {
                "signature": signature, "layer": record["layer"],
                "version": record["version"], "versions": [record["version"]],
                "impl": args.impl, "features": list(case.features), "status": "open",
                "first_seen": record.get("first_seen") or _now(), "run": None,
                "case": args.file, "count": 1,
                "explanation": (record.get("divergence") or {}).get("explanation", ""),
                "statements": finding.statements, "reduction": dict(
                    tests=stats.tests, seconds=stats.seconds, reduced=True)})
            print("# saved %s" % path, file=sys.stderr)
    return EXIT_DIVERGED


def read_coverage(run_path: str) -> Optional[dict]:
    return results.read_meta(run_path).get("coverage")


def cmd_merge(args: argparse.Namespace) -> int:
    from .campaign import merge_runs
    try:
        path = merge_runs(args.runs, args.reports, partial=args.partial)
    except ValueError as error:
        raise UsageError(str(error))
    meta = results.read_meta(path)
    print("merged %d runs (%s) into %s: %d cases, %d signatures, status %s" % (
        len(args.runs), ", ".join(meta.get("shards") or ()), path, meta.get("cases_done") or 0,
        len(meta.get("signatures") or ()), meta.get("status")))
    if not args.no_report:
        from .report import render
        print("report: %s" % render(args.reports, path)["html"])
    return EXIT_OK if meta.get("status") == "complete" else EXIT_ERROR


def cmd_corpus(args: argparse.Namespace) -> int:
    from .store import StoreError, open_store
    try:
        store = open_store(args.store)
    except StoreError as error:
        raise UsageError(str(error))
    written = store.pull(args.corpus)
    print("corpus pull: %d regressions from %s written into %s" % (
        len(written), args.store, args.corpus))
    for path in written:
        print("  %s" % path)
    return EXIT_ERROR if store.lost else EXIT_OK


def cmd_regrtest(args: argparse.Namespace) -> int:
    from . import regrtest
    from .campaign import log_stderr
    log = log_stderr if not args.quiet else (lambda text: None)
    if args.jobs < 1 or args.timeout <= 0:
        raise UsageError("--jobs must be at least 1 and --timeout positive")
    try:
        overrides = oracle.parse_overrides(args.python)
        if args.resume:
            meta = results.read_meta(results.find_run(args.reports, args.resume))
            if meta.get("kind") != regrtest.LAYER:
                raise UsageError("run %s is a %s run, not a regrtest run" % (
                    args.resume, meta.get("kind")))
            settings = regrtest.settings_from_meta(meta, args.jobs)
            settings.overrides = overrides
        else:
            versions = oracle.parse_versions(args.versions)
            _, _, available = regrtest.available_modules(versions, overrides)
            modules = regrtest.choose_modules(regrtest.parse_tests(args.tests), args.all,
                                              available)
            settings = regrtest.RegrtestSettings(
                versions=versions, modules=modules, impl=args.impl, timeout=args.timeout,
                jobs=args.jobs, minivm_host=args.minivm_host, overrides=overrides)
        run = regrtest.RegrtestRun(settings, args.reports, resume=args.resume, log=log)
    except (regrtest.RegrtestError, FileNotFoundError) as error:
        raise UsageError(str(error))
    for version in settings.versions:
        wanted = set(settings.modules.get(version, ()))
        missing = [m for mods in settings.modules.values() for m in mods if m not in wanted]
        if missing:
            log("regrtest: %s has no %s; left out" % (version, ", ".join(sorted(set(missing)))))
    log("regrtest: impl %s, versions %s, %d modules, jobs %d, timeout %g s; run %s" % (
        settings.impl, ",".join(settings.versions), len(run.pairs), settings.jobs,
        settings.timeout, run.path))
    for version in settings.versions:
        log("  %s: %s DRIVER  (reference: %s DRIVER)" % (
            version, run.sides[version][1].command, run.sides[version][0].command))
    started = time.monotonic()
    status = run.run()
    from .report import regrtest as regrtest_report
    summary = regrtest_report.build(run.path, args.reports)
    print(regrtest_report.text_table(summary))
    print("%s in %.1f s; run: %s" % (status, time.monotonic() - started, run.path))
    paths = regrtest_report.write(run.path, summary)
    print("report: %s" % paths["markdown"])
    if not args.no_report:
        from .report import render
        print("report: %s" % render(args.reports, run.path)["html"])
    if status != "complete":
        print("resume with: conform regrtest --resume %s" % os.path.basename(run.path),
              file=sys.stderr)
        return EXIT_ERROR
    failed = any(r["verdict"] != "pass" for r in results.read_results(run.path))
    return EXIT_DIVERGED if failed else EXIT_OK


def _now() -> str:
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "versions": cmd_versions,
    "check": cmd_check,
    "stdlib": cmd_stdlib,
    "report": cmd_report,
    "fuzz": cmd_fuzz,
    "reduce": cmd_reduce,
    "merge": cmd_merge,
    "corpus": cmd_corpus,
    "regrtest": cmd_regrtest,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conform",
        description="pyconform: differential conformance testing of a Python "
                    "implementation against CPython 3.8-3.13.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("versions", help="list the CPython interpreters found",
                       description="List each CPython found: version, patch, how it was "
                                   "found and its path. Exit 2 if any is missing.")
    p.add_argument("--versions", default="all", metavar="3.X,...")
    p.add_argument("--python", action="append", default=[], metavar="3.X=PATH")
    p.add_argument("--site", action="store_true",
                   help="also report what each installation's site does at startup that "
                        "a program can observe (atexit callbacks, imported modules)")

    p = sub.add_parser("check", help="compare files on the chosen layers and versions",
                       description="Compare each FILE (or every .py under a directory) "
                                   "between CPython and the implementation under test.")
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_common(p, layers_default="all")

    p = sub.add_parser("stdlib", help="compare every .py file of each version's stdlib",
                       description="Run the static layers over every .py file of the "
                                   "standard library of each version (tests included).")
    p.add_argument("--sample", type=int, default=None, metavar="N",
                   help="only N files per version, spread over the library")
    p.add_argument("--match", default=None, metavar="TEXT",
                   help="only files whose path inside the stdlib contains TEXT")
    _add_common(p, layers_default="tokens,ast")

    _add_fuzz_parsers(sub)
    _add_regrtest_parser(sub)

    p = sub.add_parser("report", help="render the HTML, JSON and Markdown report of a run",
                       description="Render reports/index.html, summary.json and summary.md "
                                   "for a run (default: the newest).")
    p.add_argument("--run", default=None, metavar="ID", help="run id or directory")
    p.add_argument("--reports", default=results.DEFAULT_REPORTS, metavar="DIR")
    return parser


def _add_fuzz_parsers(sub) -> None:
    from .campaign import DEFAULT_CORPUS
    p = sub.add_parser("fuzz", help="a fuzz campaign of generated programs",
                       description="Generate runnable programs and judge them under a time "
                                   "budget; reduce each new divergence signature and save "
                                   "it under corpus/regressions/.")
    p.add_argument("--seed", type=int, default=None, help="campaign seed (default: random, "
                   "printed); case i is a function of (seed, i)")
    p.add_argument("--seconds", type=float, default=60.0, help="time budget (default: 60)")
    p.add_argument("--cases", type=int, default=None, help="stop after N cases")
    p.add_argument("--features", default=None, metavar="TAG,...",
                   help="only these feature tags or families (gc: every gc-* tag; default: "
                        "all, a random subset per program)")
    p.add_argument("--generator", default="programs", metavar="KIND",
                   help="programs (runnable, default) or syntax (hypothesmith, for the "
                        "compile-only layers)")
    p.add_argument("--resume", default=None, metavar="RUN",
                   help="continue an interrupted campaign (its seed and settings are reused)")
    p.add_argument("--no-reduce", action="store_true", help="save new signatures unreduced")
    p.add_argument("--reduce-seconds", type=float, default=60.0, metavar="S",
                   help="reduction budget per signature (default: 60)")
    p.add_argument("--reduce-limit", type=int, default=10, metavar="N",
                   help="reduce at most N new signatures, most frequent first (default: 10)")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="DIR",
                   help="where reduced divergences go ('none': nowhere)")
    p.add_argument("--shard", default=None, metavar="K/N",
                   help="judge only the cases i with i %% N == K (N machines, one campaign; "
                        "join their runs with `conform merge`)")
    p.add_argument("--store", default=None, metavar="redis://HOST:PORT/DB",
                   help="share signature claims and reduced programs through Redis "
                        "(default: local files only)")
    p.add_argument("--claim-seconds", type=float, default=300.0, metavar="S",
                   help="a claim on a signature lapses after S seconds unless renewed, "
                        "so a dead worker's signature is reduced by another (default: 300)")
    p.add_argument("--coverage", action="store_true",
                   help="record the lines of minivm and the opcode handlers of each version "
                        "the campaign reaches (coverage.py); the report shows them")
    p.add_argument("--steer", default=None, metavar="coverage",
                   help="coverage: draw the features whose programs reach new lines more "
                        "often (implies --coverage; see docs/fuzzing.md)")
    _add_common(p, layers_default="all")

    p = sub.add_parser("merge", help="join the shard runs of one campaign into one run",
                       description="Join the runs of `conform fuzz --shard K/N` (same "
                                   "seed and settings) into one run, whose report is the "
                                   "report of one machine running all the cases.")
    p.add_argument("runs", nargs="+", metavar="RUN_DIR")
    p.add_argument("--partial", action="store_true",
                   help="merge even when some shards are missing (the report says which)")
    p.add_argument("--reports", default=results.DEFAULT_REPORTS, metavar="DIR",
                   help="where the merged run goes (default: reports)")
    p.add_argument("--no-report", action="store_true", help="do not render the report")

    p = sub.add_parser("corpus", help="the shared regression corpus",
                       description="`conform corpus pull --store redis://...` writes the "
                                   "reduced programs published in the store into the "
                                   "corpus directory.")
    p.add_argument("action", choices=["pull"])
    p.add_argument("--store", required=True, metavar="redis://HOST:PORT/DB")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="DIR",
                   help="where to write them (default: %s)" % DEFAULT_CORPUS)

    p = sub.add_parser("reduce", help="reduce a divergent program, keeping its signature",
                       description="Judge FILE, then shrink it while it keeps the same "
                                   "divergence signature; print the reduced program.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--versions", default="all", metavar="3.X,...")
    p.add_argument("--layers", default="all", metavar="LAYER,...")
    p.add_argument("--impl", default="minivm", metavar="IMPL")
    p.add_argument("--python", action="append", default=[], metavar="3.X=PATH")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS")
    p.add_argument("--signature", default=None, help="reduce this signature (default: the "
                   "first one found)")
    p.add_argument("--seconds", type=float, default=120.0, help="budget (default: 120)")
    p.add_argument("--output", "-o", default=None, metavar="PATH")
    p.add_argument("--save", action="store_true", help="also save it under --corpus")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, metavar="DIR")


def _add_regrtest_parser(sub) -> None:
    from .regrtest import DEFAULT_TIMEOUT
    p = sub.add_parser("regrtest", help="run CPython's own Lib/test modules as a layer",
                       description="Run modules of each version's own Lib/test under the "
                                   "implementation and under CPython of that version, one "
                                   "process per module; a test that crashes or hangs the "
                                   "process is recorded as crash or timeout and the module "
                                   "goes on after it. Verdict per test: pass when both "
                                   "outcomes are equal. See docs/regrtest.md.")
    p.add_argument("--tests", default=None, metavar="NAME,...|@FILE",
                   help="test modules (test_dict,test_list), or @FILE with one a line")
    p.add_argument("--all", action="store_true", help="every test module of Lib/test")
    p.add_argument("--versions", default="all", metavar="3.X,...",
                   help="CPython versions whose Lib/test to run (default: all of %s)"
                        % ",".join(oracle.ALL_VERSIONS))
    p.add_argument("--impl", default="minivm", metavar="IMPL",
                   help="implementation under test: minivm (default), oracle:3.X, or a "
                        "command run as `COMMAND DRIVER.py` (pypy3, python3.12)")
    p.add_argument("--minivm-host", default="target", metavar="target|current|PATH",
                   help="the Python that runs minivm: CPython of the target version "
                        "(default), this interpreter, or PATH")
    p.add_argument("--python", action="append", default=[], metavar="3.X=PATH",
                   help="use this interpreter for version 3.X (repeatable)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help="limit per test (and per start-up): when a process writes no "
                        "new record for this long, the test in flight is a timeout and "
                        "the module restarts after it (default: %g)"
                        % DEFAULT_TIMEOUT)
    p.add_argument("--jobs", type=int, default=default_workers(), metavar="N",
                   help="modules run at the same time (default: the number of cores, %d)"
                        % default_workers())
    p.add_argument("--resume", default=None, metavar="RUN",
                   help="finish an interrupted regrtest run (its settings are reused)")
    p.add_argument("--reports", default=results.DEFAULT_REPORTS, metavar="DIR",
                   help="where runs and reports go (default: reports)")
    p.add_argument("--no-report", action="store_true",
                   help="write the run's regrtest.md, but not the reports/ index")
    p.add_argument("--quiet", action="store_true", help="no progress lines")


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, oracle.OracleError, ValueError) as error:
        print("conform: %s" % error, file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
