"""Run programs through minivm with CPython-compiled code and print the outcomes as
JSON lines: ``python -m minivm.vm.seedrun FILE...`` (used by tests and benchmarks,
which run it under ``PYTHONHASHSEED=0`` so that frozenset constants of host code
objects keep CPython's table order).

Compiling with the host's ``compile`` here is the test layer's "code source", not
minivm's: minivm itself never calls it.
"""

from __future__ import annotations

import json
import sys
import traceback


def main(argv) -> int:
    from ..compiler.code import Code
    from ..versions import get_target
    from .interpreter import run
    for path in argv:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        try:
            # dont_inherit: this module's own __future__ imports must not leak in.
            code = Code.from_code(compile(source, path, "exec", dont_inherit=True))
            out = run(code, get_target(None), filename=path)
            record = {"path": path, "stdout": out.stdout, "stderr": out.stderr,
                      "exit_status": out.exit_status}
        except BaseException as e:  # an internal error is a result to report
            record = {"path": path, "stdout": "", "exit_status": -1,
                      "stderr": "minivm internal error: " +
                      "".join(traceback.format_exception_only(type(e), e)).strip()}
        print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
