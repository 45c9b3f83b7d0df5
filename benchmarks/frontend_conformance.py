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

MUTATIONS = ("delete", "duplicate", "swap", "indent")


def mutation_cases(count: int, seed: int, min_lines: int = 20, max_lines: int = 400):
    """``count`` deterministic mutations of this version's stdlib files: delete,
    duplicate or swap a token, or break a line's indentation.  Yields
    (description, source bytes).  Token boundaries come from minivm's own
    lexer, so the corpus does not depend on the oracle."""
    import random
    sys.path.insert(0, ROOT)
    from minivm.frontend.lexer import Lexer
    from minivm.versions import get_target
    target = get_target(None)
    files = []
    for path in stdlib_files():
        with open(path, "rb") as handle:
            data = handle.read()
        lines = data.count(b"\n")
        if min_lines <= lines <= max_lines:
            try:
                files.append((path, data.decode("utf-8")))
            except UnicodeDecodeError:
                continue
    rng = random.Random(seed)
    produced = 0
    while produced < count:
        path, text = files[rng.randrange(len(files))]
        kind = MUTATIONS[rng.randrange(len(MUTATIONS))]
        mutated = _mutate(text, kind, rng, Lexer, target)
        if mutated is None or mutated == text:
            continue
        produced += 1
        yield "%s %s #%d" % (os.path.relpath(path, os.path.dirname(os.__file__)), kind,
                             produced), mutated.encode("utf-8")


def _mutate(text: str, kind: str, rng, Lexer, target):
    if kind == "indent":
        lines = text.split("\n")
        candidates = [i for i, line in enumerate(lines) if line.strip()]
        if not candidates:
            return None
        index = candidates[rng.randrange(len(candidates))]
        line = lines[index]
        body = line.lstrip(" \t")
        indent = line[:len(line) - len(body)]
        choice = rng.randrange(4)
        if choice == 0:
            indent += " " * rng.randint(1, 4)
        elif choice == 1:
            indent = indent[:max(0, len(indent) - rng.randint(1, 4))]
        elif choice == 2:
            indent = "\t" + indent
        else:
            indent = " " * rng.randint(0, 12)
        lines[index] = indent + body
        return "\n".join(lines)
    tokens, error = Lexer(text if text.endswith("\n") else text + "\n", target,
                          extra=True).run()
    if error is not None:
        return None
    significant = [t for t in tokens if t.type not in (
        "NEWLINE", "NL", "COMMENT", "INDENT", "DEDENT", "ENDMARKER")]
    if len(significant) < 2:
        return None
    offsets = _line_offsets(text)
    index = rng.randrange(len(significant) - (1 if kind == "swap" else 0))
    tok = significant[index]
    start = offsets[tok.lineno - 1] + tok.col
    end = offsets[tok.end_lineno - 1] + tok.end_col
    if kind == "delete":
        return text[:start] + text[end:]
    if kind == "duplicate":
        return text[:end] + " " + text[start:end] + text[end:]
    other = significant[index + 1]
    o_start = offsets[other.lineno - 1] + other.col
    o_end = offsets[other.end_lineno - 1] + other.end_col
    if o_start < end:
        return None
    return text[:start] + text[o_start:o_end] + text[end:o_start] + text[start:end] + text[o_end:]


def _line_offsets(text: str):
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def error_outcome(parse, data: bytes):
    try:
        parse(data)
        return ("ok",)
    except SyntaxError as error:
        return (type(error).__name__, error.lineno, error.offset, error.msg)
    except (ValueError, TypeError) as error:
        return (type(error).__name__, None, None, str(error))


def run_errors(count: int, seed: int, show: int) -> int:
    import minivm
    version = "%d.%d" % sys.version_info[:2]
    located = same_msg = total = 0
    failures = []
    spent = 0.0
    for name, data in mutation_cases(count, seed):
        expected = error_outcome(lambda d: ast.parse(d, "<case>"), data)
        t0 = time.perf_counter()
        try:
            actual = error_outcome(lambda d: minivm.parse(d, "<case>"), data)
        except Exception as error:  # a crash is a failure to report, not to hide
            actual = ("crash", None, None, "%s: %s" % (type(error).__name__, error))
        spent += time.perf_counter() - t0
        total += 1
        if expected[:3] == actual[:3]:
            located += 1
            if expected == actual:
                same_msg += 1
            else:
                failures.append(("msg", name, expected, actual))
        else:
            failures.append(("loc", name, expected, actual))
    print("%s errors %d/%d type+lineno+offset (%.2f%%), %d/%d messages too (%.2f%%)  "
          "[seed %d, minivm %.1fs]" % (version, located, total, 100.0 * located / max(1, total),
                                     same_msg, total, 100.0 * same_msg / max(1, total), seed,
                                     spent))
    shown = 0
    for what, name, expected, actual in failures:
        if what == "loc" and shown < show:
            print("   LOC %s: expected %r, got %r" % (name, expected, actual))
            shown += 1
    for what, name, expected, actual in failures:
        if what == "msg" and shown < show:
            print("   MSG %s: expected %r, got %r" % (name, expected, actual))
            shown += 1
    return 0 if located >= 0.99 * total else 1


def run_here(layers, limit: int, sample: int, show: int, only: str, cases: int = 5000,
             seed: int = 0) -> int:
    sys.path.insert(0, ROOT)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    files = [only] if only else stdlib_files(limit, sample)
    version = "%d.%d" % sys.version_info[:2]
    status = 0
    for layer in layers:
        if layer == "errors":
            status |= run_errors(cases, seed, show)
            continue
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
    parser.add_argument("--layers", default="tokens,ast",
                        help="tokens, ast and/or errors (the mutation corpus)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--sample", type=int, default=0, help="about N files spread evenly")
    parser.add_argument("--show", type=int, default=20, help="failures shown per layer")
    parser.add_argument("--file", default="", help="one file instead of the stdlib")
    parser.add_argument("--cases", type=int, default=5000, help="mutation cases (errors layer)")
    parser.add_argument("--seed", type=int, default=0, help="mutation seed (errors layer)")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    layers = [layer for layer in args.layers.split(",") if layer]
    if args.here:
        return run_here(layers, args.limit, args.sample, args.show, args.file, args.cases,
                        args.seed)
    status = 0
    for version in args.versions.split(","):
        command = [interpreter(version), os.path.abspath(__file__), "--here",
                   "--layers", args.layers, "--limit", str(args.limit), "--sample",
                   str(args.sample), "--show", str(args.show), "--file", args.file,
                   "--cases", str(args.cases), "--seed", str(args.seed)]
        print("$ " + " ".join(command[:2] + command[3:]), flush=True)
        status |= subprocess.call(command)
    return status


if __name__ == "__main__":
    sys.exit(main())
