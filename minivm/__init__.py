"""minivm: a mini-implementation of Python in Python, faithful to CPython 3.8-3.13.

Each stage of CPython's pipeline is a package here (``frontend``, ``compiler``,
``pyc``, ``vm``), and each is also an entry point, so the conformance harness can
feed a stage with CPython's own output from the stage before and pin a divergence
to one stage.  The public functions below are the names tests, the harness and
outside tools rely on (see DESIGN.md); all accept ``target`` as ``None`` (the
host's version), ``"3.12"``, ``(3, 12)`` or a :class:`~minivm.versions.Target`.

A stage that is not built yet raises :class:`NotImplementedStage` (a
``NotImplementedError``); the harness counts that as "not implemented", never as
a pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional, TextIO

from .versions import SUPPORTED_TARGETS, Target, TargetLike, UnknownTargetError, get_target

if TYPE_CHECKING:  # imported lazily at run time: each stage loads on first use
    from .compiler.code import Code
    from .outcome import Outcome

__all__ = [
    "SUPPORTED_TARGETS", "Target", "UnknownTargetError", "NotImplementedStage", "get_target",
    "tokenize", "parse", "compile", "dis", "run", "pyc", "preload", "Code", "Outcome",
]

__version__ = "0.1.0"


class NotImplementedStage(NotImplementedError):
    """A pipeline stage (or one target of it) that minivm does not implement yet."""


def tokenize(source: Any, target: TargetLike = None) -> List[tuple]:
    """Tokens of ``source`` (str or bytes) as ``tokenize.TokenInfo``-like 5-tuples
    ``(type, string, start, end, line)``, as the target's ``tokenize`` module gives them."""
    from .frontend import tokenizer
    return tokenizer.tokenize(source, target=get_target(target))


def parse(source: Any, filename: str = "<unknown>", mode: str = "exec",
          target: TargetLike = None) -> Any:
    """The tree of ``source`` built from the host's ``ast`` node classes, as the
    target's ``ast.parse`` builds it; invalid source raises what CPython raises."""
    from .frontend import parser
    return parser.parse(source, filename=filename, mode=mode, target=get_target(target))


def compile(source_or_tree: Any, filename: str = "<unknown>", mode: str = "exec",
            target: TargetLike = None) -> Code:
    """Compile source (parsed by minivm) or an ``ast`` tree (from anywhere) to a
    :class:`Code` for ``target``."""
    from .compiler import compile as _compile
    return _compile(source_or_tree, filename=filename, mode=mode, target=get_target(target))


def dis(code_or_source: Any, target: TargetLike = None, file: Optional[TextIO] = None) -> str:
    """The text ``dis.dis`` of the target prints for a :class:`Code` (or for source,
    compiled by minivm first).  Written to ``file`` when given, and returned."""
    from .compiler import disassembler
    return disassembler.dis(code_or_source, target=get_target(target), file=file)


def run(source_or_code: Any, target: TargetLike = None, filename: str = "<string>") -> Outcome:
    """Run a program in the minivm VM as ``python3.X FILE`` would run it."""
    from .vm import interpreter
    return interpreter.run(source_or_code, target=get_target(target), filename=filename)


#: The packages :func:`preload` imports, every module of each.
_STAGES = ("frontend", "compiler", "pyc", "tables", "opcodes", "objects", "memory", "builtins",
           "modules", "vm")
_PRELOADED: List[bool] = []


def preload() -> None:
    """Import every stage, every dialect and every native module now, once.

    minivm loads its pieces on first use, which suits one run per process.  A
    process that forks a child per program (the harness's sandbox) calls this
    first, so that the children share the parent's imports instead of each
    importing, and under ``PYTHONDONTWRITEBYTECODE`` compiling, some hundred
    modules of its own (0.4 s of a 0.6 s run of a small program)."""
    if _PRELOADED:
        return
    import importlib
    import pkgutil
    from .vm.interpreter import _load_object_model
    _load_object_model()  # the object modules first, in the order they need
    packages = [importlib.import_module("." + stage, __name__) for stage in _STAGES]
    while packages:
        package = packages.pop()
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if info.name.endswith(".pylib"):
                continue  # program text for the VM, not host modules
            module = importlib.import_module(info.name)
            if info.ispkg:
                packages.append(module)
    _PRELOADED.append(True)


def __getattr__(name: str) -> Any:
    # Heavier pieces load on first use, so ``import minivm`` stays cheap.
    if name == "Code":
        from .compiler.code import Code
        return Code
    if name == "Outcome":
        from .outcome import Outcome
        return Outcome
    if name == "pyc":
        import importlib
        return importlib.import_module(".pyc", __name__)
    raise AttributeError("module 'minivm' has no attribute %r" % name)
