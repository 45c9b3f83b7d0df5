"""Front-end conformance figures: minivm's tokens and trees against CPython's.

Reads every ``.py`` file of a version's installed standard library (tests
included, site-packages excluded) and compares, in one process run by that
version's own interpreter:

* ``tokens``: ``minivm.tokenize(bytes)`` against ``tokenize.tokenize`` (type,
  string, positions, line; or the same exception type and message);
* ``ast``: ``ast.dump(minivm.parse(...), include_attributes=True)`` against the
  same dump of ``ast.parse`` (or the same exception type, msg, lineno, offset,
  end_lineno, end_offset);

and prints pass/total per layer with the first difference of each failing file.
Run with any Python; it re-runs itself under ``python3.X`` of each version asked:

    python benchmarks/frontend_conformance.py --versions 3.8,3.12 --layers tokens,ast
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYENV = "/root/.pyenv/versions"
VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13")


def interpreter(version: str) -> str:
    """The path of python3.X (pyenv's install directory; shims are not used)."""
    for entry in sorted(os.listdir(PYENV)) if os.path.isdir(PYENV) else ():
        if entry.startswith(version + "."):
            path = os.path.join(PYENV, entry, "bin", "python" + version)
            if os.path.exists(path):
                return path
    return "python" + version


def stdlib_files(limit: int = 0, sample: int = 0):
    """The .py files of this interpreter's standard library, sorted."""
    import sysconfig
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".py"))
    if sample:
        found = found[::max(1, len(found) // sample)]
    return found[:limit] if limit else found


def oracle_tokens(data: bytes):
    import tokenize
    try:
        return [tuple(t) for t in tokenize.tokenize(io.BytesIO(data).readline)]
    except Exception as error:  # the outcome being compared
        return describe(error, tokens=True)


def describe(error: BaseException, tokens: bool = False):
    """An exception as the fields compared: type name and arguments or fields."""
    if isinstance(error, SyntaxError) and not tokens:
        return ("raises", type(error).__name__, error.msg, error.lineno, error.offset,
                getattr(error, "end_lineno", None), getattr(error, "end_offset", None))
    if isinstance(error, SyntaxError):
        return ("raises", type(error).__name__, error.msg, error.lineno, error.offset)
    return ("raises", type(error).__name__, str(error))


def minivm_tokens(data: bytes):
    import minivm
    try:
        return [tuple(t) for t in minivm.tokenize(data)]
    except Exception as error:  # noqa: B902 - the outcome being compared
        if getattr(error, "__module__", "").startswith("minivm") and \
                type(error).__name__ == "NotImplementedStage":
            raise
        return describe(error, tokens=True)


def oracle_ast(data: bytes, name: str):
    try:
        return ast.dump(ast.parse(data, name), include_attributes=True)
    except (SyntaxError, ValueError) as error:
        return describe(error)


def minivm_ast(data: bytes, name: str):
    import minivm
    try:
        return ast.dump(minivm.parse(data, name), include_attributes=True)
    except (SyntaxError, ValueError) as error:
        return describe(error)


def first_difference(expected, actual) -> str:
    if isinstance(expected, list) and isinstance(actual, list):
        for index, (a, b) in enumerate(zip(expected, actual)):
            if a != b:
                return "token %d: expected %r, got %r" % (index, a, b)
        return "expected %d tokens, got %d" % (len(expected), len(actual))
    if isinstance(expected, str) and isinstance(actual, str):
        index = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b),
                     min(len(expected), len(actual)))
        return "at %d: expected ...%s..., got ...%s..." % (
            index, expected[max(0, index - 60):index + 60], actual[max(0, index - 60):index + 60])
    return "expected %s, got %s" % (str(expected)[:300], str(actual)[:300])


LAYERS = {"tokens": (oracle_tokens, minivm_tokens), "ast": (oracle_ast, minivm_ast)}


def run_here(layers, limit: int, sample: int, show: int, only: str) -> int:
    sys.path.insert(0, ROOT)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    files = [only] if only else stdlib_files(limit, sample)
    version = "%d.%d" % sys.version_info[:2]
    status = 0
    for layer in layers:
        oracle, ours = LAYERS[layer]
        passed, failures, spent_oracle, spent_ours = 0, [], 0.0, 0.0
        for path in files:
            with open(path, "rb") as handle:
                data = handle.read()
            args = (data,) if layer == "tokens" else (data, path)
            t0 = time.perf_counter()
            expected = oracle(*args)
            t1 = time.perf_counter()
            try:
                actual = ours(*args)
            except RecursionError:
                actual = ("raises", "RecursionError")
            t2 = time.perf_counter()
            spent_oracle += t1 - t0
            spent_ours += t2 - t1
            if expected == actual:
                passed += 1
            else:
                failures.append((path, first_difference(expected, actual)))
        print("%s %-6s %d/%d pass (%.2f%%)  [oracle %.1fs, minivm %.1fs]" % (
            version, layer, passed, len(files), 100.0 * passed / max(1, len(files)),
            spent_oracle, spent_ours))
        for path, why in failures[:show]:
            print("   FAIL %s: %s" % (path, why))
        status |= bool(failures)
    return status


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", default=",".join(VERSIONS))
    parser.add_argument("--layers", default="tokens,ast")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--sample", type=int, default=0, help="about N files spread evenly")
    parser.add_argument("--show", type=int, default=20, help="failures shown per layer")
    parser.add_argument("--file", default="", help="one file instead of the stdlib")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    layers = [layer for layer in args.layers.split(",") if layer]
    if args.here:
        return run_here(layers, args.limit, args.sample, args.show, args.file)
    status = 0
    for version in args.versions.split(","):
        command = [interpreter(version), os.path.abspath(__file__), "--here",
                   "--layers", args.layers, "--limit", str(args.limit), "--sample",
                   str(args.sample), "--show", str(args.show), "--file", args.file]
        print("$ " + " ".join(command[:2] + command[3:]), flush=True)
        status |= subprocess.call(command)
    return status


if __name__ == "__main__":
    sys.exit(main())
