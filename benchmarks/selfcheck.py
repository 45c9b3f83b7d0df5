"""Differential self-check of the compiler stages against the host interpreter.

Reads every standard-library ``.py`` file of the interpreter running this script (or the
files given), parses each with the host's ``ast.parse`` and compares, per file,

* ``symtable``: ``minivm.compiler.symtable.to_json`` with the real ``symtable`` module;
* ``code``: ``minivm.compile(tree)`` with ``Code.from_code(compile(tree))``, recursively;
* ``dis``: ``minivm.dis`` of minivm's code with ``dis.dis`` of CPython's (addresses aside);

printing the first difference of each file and a tally per layer and per field.  The host
IS the oracle here, so run it with the interpreter of the version to measure.  ``dis``
prints frozenset constants in hash order; minivm orders them as the target does under
``PYTHONHASHSEED=0`` (as the oracle runs), so the script restarts itself with that seed.

    /root/.pyenv/versions/3.12.1/bin/python3.12 benchmarks/selfcheck.py --layers symtable,code,dis
    .../python3.13 benchmarks/selfcheck.py --layers code --limit 200 --show 20
"""

from __future__ import annotations

import argparse
import ast
import collections
import os
import re
import sys
import sysconfig
import time
import traceback
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from minivm.compiler import symtable as our_symtable  # noqa: E402
from minivm.compiler.code import Code, field_difference  # noqa: E402
from minivm.versions import get_target  # noqa: E402


def stdlib_files(limit=None):
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(files):
            if name.endswith(".py"):
                found.append(os.path.join(folder, name))
    found.sort()
    return found[:limit] if limit else found


def real_symtable_json(source, filename):
    import symtable
    return _table_json(symtable.symtable(source, filename, "exec"))


def _table_json(table):
    kind = table.get_type()
    return {
        "type": getattr(kind, "value", kind),
        "name": table.get_name(),
        "lineno": table.get_lineno(),
        "optimized": table.is_optimized(),
        "nested": table.is_nested(),
        "symbols": [[name, table._table.symbols[name]] for name in table.get_identifiers()],
        "children": [_table_json(child) for child in table.get_children()],
    }


def first_json_difference(a, b, path="top"):
    if type(a) is not type(b):
        return "%s: %r != %r" % (path, a, b)
    if isinstance(a, dict):
        for key in a:
            if key == "children":
                continue
            if a[key] != b.get(key):
                return "%s.%s: %r != %r" % (path, key, a[key], b.get(key))
        if len(a["children"]) != len(b["children"]):
            return "%s.children: %d != %d (%s vs %s)" % (
                path, len(a["children"]), len(b["children"]),
                [c["name"] for c in a["children"]], [c["name"] for c in b["children"]])
        for x, y in zip(a["children"], b["children"]):
            found = first_json_difference(x, y, "%s/%s" % (path, x["name"]))
            if found:
                return found
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)


def _outcome(function, *args):
    try:
        return function(*args), None
    except SyntaxError as error:
        return None, "SyntaxError(%r, line %s)" % (error.msg, error.lineno)


def check_symtable(source, tree, filename, target):
    ours, our_error = _outcome(our_symtable.to_json, tree, filename, target)
    theirs, their_error = _outcome(real_symtable_json, source, filename)
    if our_error or their_error:
        if our_error == their_error:
            return None, None
        return "error", "%s != %s" % (our_error, their_error)
    found = first_json_difference(ours, theirs)
    return (None, None) if found is None else ("symtable", found)


_FIELD = re.compile(r": (co_\w+)")


def check_code(source, tree, filename, target):
    import minivm
    theirs, their_error = _outcome(
        lambda: Code.from_code(compile(tree, filename, "exec", dont_inherit=True), target))
    ours, our_error = _outcome(lambda: minivm.compile(tree, filename, "exec", target))
    if our_error or their_error:
        if our_error == their_error:
            return None, None
        return "error", "%s != %s" % (our_error, their_error)
    _tally_fields(ours, theirs)
    found = ours.diff(theirs)
    if found is None:
        return None, None
    match = _FIELD.search(found)
    return (match.group(1) if match else "structure"), found


#: field -> [code objects where it agrees, code objects compared], over every code
#: object of every file, paired in walk order (a code object either side has no
#: partner for counts as disagreeing in every field).
FIELDS = collections.defaultdict(lambda: [0, 0])


def _tally_fields(ours, theirs):
    mine, real = list(ours.walk()), list(theirs.walk())
    pairs = list(zip(mine, real))
    unpaired = abs(len(mine) - len(real))
    for field in ours.target.code_fields:
        tally = FIELDS[field]
        tally[1] += len(pairs) + unpaired
        tally[0] += sum(field_difference(field, a._get(field), b._get(field)) is None
                        for (_, a), (_, b) in pairs)


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def check_dis(source, tree, filename, target):
    """``minivm.dis`` of minivm's code against ``dis.dis`` of CPython's, up to the
    addresses in ``<code object ... at 0x...>``."""
    import dis
    import io
    import minivm
    try:
        real = compile(tree, filename, "exec", dont_inherit=True)
    except SyntaxError:
        return None, None
    out = io.StringIO()
    dis.dis(real, file=out)
    theirs = _ADDRESS.sub(" at 0x", out.getvalue())
    ours = _ADDRESS.sub(" at 0x", minivm.dis(minivm.compile(tree, filename, "exec", target),
                                             target))
    if ours == theirs:
        return None, None
    for number, (a, b) in enumerate(zip(ours.splitlines(), theirs.splitlines())):
        if a != b:
            return "dis", "line %d: %r != %r" % (number + 1, a, b)
    return "dis", "length %d != %d" % (len(ours), len(theirs))


CHECKS = {"symtable": check_symtable, "code": check_code, "dis": check_dis}


def main(argv=None):
    if os.environ.get("PYTHONHASHSEED") != "0" and argv is None:
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--layers", default="symtable,code")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--every", type=int, default=1, help="take every Nth file (sampling)")
    parser.add_argument("--show", type=int, default=15, help="differences to print per layer")
    args = parser.parse_args(argv)
    target = get_target(None)
    files = args.files or stdlib_files(args.limit)[::args.every]
    layers = args.layers.split(",")
    tallies = {layer: collections.Counter() for layer in layers}
    shown = collections.Counter()
    identical = collections.Counter()
    total = 0
    started = time.time()
    warnings.simplefilter("ignore")
    for path in files:
        try:
            with open(path, "rb") as handle:
                source = handle.read()
            tree = ast.parse(source, path)
        except (SyntaxError, ValueError, UnicodeDecodeError):
            continue
        total += 1
        for layer in layers:
            try:
                bucket, text = CHECKS[layer](source, tree, path, target)
            except Exception as error:  # a crash is a bucket of its own
                frame = traceback.extract_tb(error.__traceback__)[-1]
                bucket = "crash %s" % type(error).__name__
                text = "%s: %s (%s:%d)" % (type(error).__name__, error,
                                           os.path.basename(frame.filename), frame.lineno)
            if bucket is None:
                identical[layer] += 1
                continue
            tallies[layer][bucket] += 1
            if shown[layer] < args.show:
                shown[layer] += 1
                print("[%s] %s: %s" % (layer, os.path.relpath(path), text[:400]))
    print("\n%s, %d files, %.1fs" % (target.name, total, time.time() - started))
    for layer in layers:
        print("%-9s identical %d/%d" % (layer, identical[layer], total))
        for bucket, count in tallies[layer].most_common():
            print("    %5d  %s" % (count, bucket))
        if layer == "code":
            print("  per field, code objects identical:")
            for field, (same, compared) in FIELDS.items():
                print("    %-18s %d/%d" % (field, same, compared))
    return 0


if __name__ == "__main__":
    sys.exit(main())
