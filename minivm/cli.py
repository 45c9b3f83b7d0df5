"""``minivm [--target 3.X] COMMAND FILE``: each pipeline stage from the command line.

Every command prints what the matching ``python3.X`` tool prints for the same file
(``-m tokenize``, ``-m ast``, ``-m dis``, ``-m py_compile``, or running the file),
so the two can be diffed directly.  A host exception escaping the VM is a minivm bug:
``run`` then prints the program's traceback at the point of failure and the host error,
and exits with status 70 (EX_SOFTWARE), a status no program run by ``python3.X`` is given
by the interpreter itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Dict, List, Optional

from . import NotImplementedStage
from .objects.core import MinivmCrash
from .versions import SUPPORTED_TARGETS, UnknownTargetError, get_target

#: ``minivm run``'s exit status when minivm itself crashed (sysexits.h EX_SOFTWARE)
CRASH_STATUS = 70


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise SystemExit("minivm: cannot read %s: %s" % (path, error.strerror or error))


def cmd_tokenize(args: argparse.Namespace) -> int:
    from .frontend import tokenizer
    return tokenizer.main(_read(args.file), args.file, args.target)


def cmd_ast(args: argparse.Namespace) -> int:
    from .frontend import parser
    return parser.main(_read(args.file), args.file, args.target)


def cmd_dis(args: argparse.Namespace) -> int:
    from . import compile as compile_, dis
    data = _read(args.file)
    if args.file.endswith(".pyc"):
        # A .pyc is shown for the version its magic number names.
        from .pyc import PycError, pyc
        try:
            header, code = pyc.loads(data, ordered_frozensets=True)
        except PycError as error:
            raise SystemExit("minivm: %s: %s" % (args.file, error))
        if args.target_given and args.target is not header.target:
            raise SystemExit("minivm: %s is a %s .pyc, not %s" % (
                args.file, header.target.name, args.target.name))
        dis(code, target=header.target, file=sys.stdout)
        return 0
    code = compile_(data, filename=args.file, target=args.target)
    dis(code, target=args.target, file=sys.stdout)
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    from .pyc import pyc
    out = pyc.compile_file(args.file, args.output, target=args.target)
    if args.verbose:
        print(out)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from . import run
    source = _read(args.file)
    filename = args.file
    if get_target(args.target).runtime("main_file_absolute"):
        filename = os.path.abspath(filename)
    try:
        outcome = run(source, target=args.target, filename=filename)
    except SyntaxError as error:
        # python FILE prints a file it cannot compile as an uncaught SyntaxError
        from .vm.interpreter import syntax_error_outcome
        outcome = syntax_error_outcome(error, args.target)
    sys.stdout.write(outcome.stdout)
    sys.stdout.flush()
    sys.stderr.write(outcome.stderr)
    return outcome.exit_status


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "run": cmd_run,
    "dis": cmd_dis,
    "compile": cmd_compile,
    "tokenize": cmd_tokenize,
    "ast": cmd_ast,
}

_HELP = {
    "run": "run FILE as python3.X FILE does (stdout, stderr, exit status)",
    "dis": "disassemble FILE (source, or a .pyc of any version) as python3.X -m dis does",
    "compile": "write __pycache__/NAME.cpython-3X.pyc (or -o OUT) as py_compile does",
    "tokenize": "print FILE's tokens as python3.X -m tokenize does",
    "ast": "print FILE's tree as python3.X -m ast does",
}


def build_parser() -> argparse.ArgumentParser:
    supported = ", ".join("%d.%d" % v for v in SUPPORTED_TARGETS)
    parser = argparse.ArgumentParser(
        prog="minivm",
        description="minivm: each stage of a mini-implementation of Python, "
                    "faithful to CPython %s." % supported)
    parser.add_argument("--target", default=None, metavar="3.X",
                        help="target version (%s); default: the host's version" % supported)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        cmd = sub.add_parser(name, help=_HELP[name], description=_HELP[name])
        cmd.add_argument("file", metavar="FILE")
        if name == "compile":
            cmd.add_argument("-o", "--output", default=None, metavar="OUT",
                             help="write the .pyc here instead of __pycache__/")
            cmd.add_argument("-v", "--verbose", action="store_true",
                             help="print the path written")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    args.target_given = args.target is not None
    try:
        args.target = get_target(args.target)
    except UnknownTargetError as error:
        print("minivm: %s" % error, file=sys.stderr)
        return 2
    if not os.path.exists(args.file):
        print("minivm: %s: no such file" % args.file, file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except NotImplementedStage as error:
        print("minivm: %s" % error, file=sys.stderr)
        return 2
    except MinivmCrash as error:
        sys.stdout.write(error.stdout)
        sys.stdout.flush()
        sys.stderr.write(error.stderr)
        print("minivm: %s" % error, file=sys.stderr)
        return CRASH_STATUS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
