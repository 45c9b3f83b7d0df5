"""``conform``: the harness's command line.

Every command that judges cases writes a run under ``reports/runs/<id>/`` and, unless
told not to, renders ``reports/index.html``, ``summary.json`` and ``summary.md``.
Exit status: 0 when nothing diverged, 1 on any divergence or crash of the
implementation under test, 2 for usage errors, missing interpreters or a run that
could not be completed.
"""

from __future__ import annotations

import argparse
import sys
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
                             "minivm-cpython-code, or a command that runs FILE like "
                             "`python FILE` (e.g. 'pypy3', 'python3.9')")
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
    impl = _implementation(args.impl)
    layers = _parse_layers(args.layers, impl.layers, impl.name)
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    return Settings(versions=versions, layers=layers, impl=args.impl, overrides=overrides,
                    timeout=args.timeout, workers=args.workers,
                    keep_artifacts=args.keep_artifacts)


def _implementation(spec: str):
    try:
        return make_implementation(spec)
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
    print("%-8s %-10s %-9s %s" % ("version", "patch", "found by", "path"))
    for version in versions:
        try:
            found = oracle.find_interpreter(version, overrides.get(version))
            print("%-8s %-10s %-9s %s" % (version, found.patch, found.found_by, found.path))
        except oracle.InterpreterNotFound as error:
            missing += 1
            print("%-8s %-10s %-9s %s" % (version, "missing", "-", error))
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


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "versions": cmd_versions,
    "check": cmd_check,
    "stdlib": cmd_stdlib,
    "report": cmd_report,
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

    p = sub.add_parser("report", help="render the HTML, JSON and Markdown report of a run",
                       description="Render reports/index.html, summary.json and summary.md "
                                   "for a run (default: the newest).")
    p.add_argument("--run", default=None, metavar="ID", help="run id or directory")
    p.add_argument("--reports", default=results.DEFAULT_REPORTS, metavar="DIR")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, oracle.OracleError, ValueError) as error:
        print("conform: %s" % error, file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
