"""A deliberately wrong Python: CPython, except that ``a - b`` is one too large
when both operands are ints and ``b % 5 == 2`` (``x - 7``, ``x - 12``, ``x - (-3)``).

    python3.X tests/impls/wrong_operator.py prog.py

The planted divergence the fuzzing tests must find and reduce.  Everything else
behaves as ``python3.X prog.py``: the program runs as ``__main__`` with its own
filename, and an uncaught exception prints the program's traceback (without this
wrapper's frame) and exits with status 1.
"""

from __future__ import annotations

import ast
import builtins
import os
import sys


def planted_sub_(left, right):
    result = left - right
    if type(left) is int and type(right) is int and right % 5 == 2:
        return result + 1
    return result


class BreakSubtraction(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Sub):
            call = ast.Call(func=ast.Name(id="planted_sub_", ctx=ast.Load()),
                            args=[node.left, node.right], keywords=[])
            return ast.copy_location(call, node)
        return node


def main():
    path = sys.argv[0]
    if hasattr(str, "removeprefix"):
        # CPython gives __main__ an absolute filename from 3.9 on (bpo-20443), the
        # release that added str.removeprefix; this test helper follows suit without
        # asking for a version number.
        path = os.path.abspath(path)
    with open(path, "rb") as handle:
        source = handle.read()
    tree = ast.fix_missing_locations(BreakSubtraction().visit(ast.parse(source, path)))
    code = compile(tree, path, "exec", dont_inherit=True)
    builtins.planted_sub_ = planted_sub_
    namespace = sys.modules["__main__"].__dict__
    for name in [n for n in namespace if n not in ("__builtins__", "__name__")]:
        del namespace[name]
    namespace.update({"__file__": path, "__doc__": None, "__package__": None,
                      "__spec__": None, "__loader__": None, "__cached__": None})
    return code, namespace


def run():
    system = sys  # this module's globals are the program's namespace from here on
    system.argv[:] = system.argv[1:]
    code, namespace = main()
    try:
        exec(code, namespace)
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - reported as CPython would
        error.__traceback__ = error.__traceback__.tb_next
        system.excepthook(type(error), error, error.__traceback__)
        system.exit(1)


run()
