"""Implementations under test, and how each produces the artifact of a layer.

``minivm``
    every layer, each stage fed from CPython's output of the stage before where
    the host allows it (the compiler gets the tree of ``ast.parse``), so a
    divergence points at one stage.  Programs run through minivm's own compiler.
``minivm-cpython-code``
    the exec and refcount layers only: minivm's VM running the code objects
    CPython compiled (host version only).
any other text
    a command that runs a file the way ``python FILE`` does (``pypy3``,
    ``python3.9``, ``./mypython --flag``): exec and refcount layers.

Implementations never run in the harness's own process: minivm's stages run in a
forked child (``sandbox.run_forked``), commands in a subprocess with the oracle's
limits.  An implementation answers ``{"not_implemented": reason}`` for a stage it
does not have (the report counts it as not implemented) and ``{"crash": text}``
when it fails in a way no CPython would.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from typing import Any, Callable, Dict, Iterable, List, Optional

from . import sandbox
from .cases import Case
from .oracle import InterpreterNotFound, OraclePool, worker_environment
from .worker import wire

STATIC_LAYERS = ("tokens", "ast", "symtable", "code", "dis", "pyc")
RUN_LAYERS = ("exec", "refcount")

#: Exceptions a front end or compiler may legitimately raise for bad input: these
#: are compared with CPython's.  Anything else escaping a stage is a crash.
_ARTIFACT_ERRORS = ("SyntaxError", "IndentationError", "TabError", "ValueError",
                    "UnicodeDecodeError", "LookupError", "MemoryError", "RecursionError",
                    "TokenError", "OverflowError")


def host_version() -> str:
    return "%d.%d" % sys.version_info[:2]


def script_path(version: str, folder: str, script: str) -> str:
    """What ``python3.X FILE`` calls the script: absolute from 3.9 (bpo-20443)."""
    major, minor = (int(p) for p in version.split("."))
    return os.path.join(folder, script) if (major, minor) >= (3, 9) else script


class Implementation:
    """Base class.  ``layers`` are those the implementation can be asked for."""

    name = ""
    layers: tuple = ()

    def oracle_code_filename(self, case: Case, version: str) -> Optional[str]:
        return None

    def artifacts(self, case: Case, version: str, layers: Iterable[str],
                  expected: Dict[str, dict], timeout: float) -> Dict[str, dict]:
        raise NotImplementedError


class CommandImplementation(Implementation):
    """An external command, given the program as its last argument."""

    layers = RUN_LAYERS

    def __init__(self, command: str) -> None:
        self.name = command
        self.argv = sandbox.split_command(command)
        if not self.argv:
            raise ValueError("--impl needs a command")
        if re.fullmatch(r"python3\.\d+", self.argv[0]):
            # The same discovery as the oracles: a pyenv shim on PATH that cannot
            # run is passed over for the interpreter pyenv actually has.
            from .oracle import InterpreterNotFound, find_interpreter
            try:
                self.argv[0] = find_interpreter(self.argv[0][len("python"):]).path
            except InterpreterNotFound as error:
                raise ValueError("--impl %r: %s" % (command, error))
        exe = self.argv[0]
        if os.sep not in exe and sandbox.which(exe) is None:
            raise ValueError("--impl %r: %s is not on PATH" % (command, exe))
        if os.sep in exe and not os.access(exe, os.X_OK):
            raise ValueError("--impl %r: %s is not an executable file" % (command, exe))

    def artifacts(self, case, version, layers, expected, timeout):
        env = worker_environment("blocked-socket")
        result = sandbox.run_command(self.argv, case.source, case.script_name,
                                     timeout=timeout, env=env)
        return {layer: result for layer in layers}


# -- minivm ----------------------------------------------------------------------------------


def _error_artifact(error: BaseException) -> Dict[str, Any]:
    name = type(error).__name__
    if name not in _ARTIFACT_ERRORS and not isinstance(error, SyntaxError):
        raise error
    return {"error": wire.error_to_json(error)}


def input_tree(case: Case, version: str, expected: Dict[str, dict]) -> Any:
    """The tree the compiler stages start from: CPython's own.  On the host's
    version that is ``ast.parse``; otherwise the oracle's tree rebuilt from JSON
    in the host's node classes."""
    if version == host_version():
        return ast.parse(case.source, case.filename)
    parsed = expected.get("_parse")
    if not parsed or not parsed.get("ok"):
        raise SyntaxError("CPython %s could not parse the program" % version)
    return tree_from_json(parsed["tree"])


def tree_from_json(data: Any) -> Any:
    """Inverse of ``wire.tree_to_json`` in the host's ``ast`` classes."""
    if isinstance(data, list):
        if len(data) == 2 and isinstance(data[0], str) and not isinstance(data[1], dict) \
                and data[0] in _VALUE_TAGS:
            return decode_value(data)
        return [tree_from_json(item) for item in data]
    if isinstance(data, dict):
        try:
            node = getattr(ast, data["_type"])()
        except (AttributeError, TypeError):  # missing, or a shim (3.8's Index on 3.9+)
            raise NotImplementedError("the host's ast module cannot hold a %s node"
                                      % data["_type"]) from None
        for key, value in data.items():
            if key != "_type":
                setattr(node, key, tree_from_json(value))
        return node
    return data


_VALUE_TAGS = {"None", "Ellipsis", "bool", "int", "float", "complex", "str", "bytes",
               "tuple", "frozenset"}


def decode_value(pair: list) -> Any:
    """Inverse of ``wire.encode_value`` for the constants a tree can hold."""
    tag, payload = pair
    if tag == "None":
        return None
    if tag == "Ellipsis":
        return Ellipsis
    if tag == "bool":
        return bool(payload)
    if tag == "int":
        return int(payload)
    if tag == "float":
        return float.fromhex(payload) if "x" in payload else float(payload)
    if tag == "complex":
        return complex(decode_value(["float", payload[0]]), decode_value(["float", payload[1]]))
    if tag == "str":
        return payload
    if tag == "bytes":
        return bytes.fromhex(payload)
    if tag == "tuple":
        return tuple(decode_value(v) for v in payload)
    if tag == "frozenset":
        # The oracle lists the items in CPython's table order; keep it (see
        # minivm.compiler.code.OrderedFrozenset).
        from minivm.compiler.code import OrderedFrozenset
        return OrderedFrozenset(decode_value(v) for v in payload)
    raise ValueError("cannot decode value tag %r" % tag)


def _minivm_tokens(case: Case, version: str, expected: dict) -> dict:
    import minivm
    try:
        tokens = minivm.tokenize(case.source, target=version)
    except Exception as error:  # noqa: BLE001 - sorted by _error_artifact
        if type(error).__name__ == "NotImplementedStage":
            raise
        return _error_artifact(error)
    return {"tokens": [[t[0], t[1], list(t[2]), list(t[3]), t[4]] for t in tokens]}


def _minivm_ast(case: Case, version: str, expected: dict) -> dict:
    import minivm
    try:
        tree = minivm.parse(case.source, filename=case.filename, target=version)
    except Exception as error:  # noqa: BLE001
        if type(error).__name__ == "NotImplementedStage":
            raise
        return _error_artifact(error)
    if version != host_version() and expected.get("ast", {}).get("ok"):
        # minivm builds its tree from the host's ast classes, whose fields differ
        # between versions (Index before 3.9, type_params from 3.12): two accepted
        # trees compare only when host and target agree.  A rejection on either
        # side still compares above and below.
        from minivm import NotImplementedStage
        raise NotImplementedStage(
            "ast of a %s target on a %s host: trees are built from the host's ast "
            "classes; run conform with python%s" % (version, host_version(), version))
    return {"tree": wire.tree_to_json(tree)}


def _minivm_symtable(case: Case, version: str, expected: dict) -> dict:
    from minivm.compiler import symtable
    tree = input_tree(case, version, expected)
    return {"table": symtable.to_json(tree, case.filename, version)}


def _minivm_code_object(case: Case, version: str, expected: dict) -> Any:
    import minivm
    return minivm.compile(input_tree(case, version, expected), filename=case.filename,
                          target=version)


def _minivm_code(case: Case, version: str, expected: dict) -> dict:
    return {"code": wire.code_to_json(_minivm_code_object(case, version, expected))}


def _minivm_dis(case: Case, version: str, expected: dict) -> dict:
    import minivm
    return {"dis": minivm.dis(_minivm_code_object(case, version, expected), target=version)}


def _minivm_pyc(case: Case, version: str, expected: dict) -> dict:
    """.pyc bytes minivm writes for the code CPython compiled, in the header modes
    the oracle wrote, with the oracle's mtime and size."""
    import minivm.pyc
    from minivm.compiler.code import Code
    want = expected.get("pyc", {})
    if version == host_version():
        code = Code.from_code(compile(case.source, case.filename, "exec", dont_inherit=True))
    elif "timestamp" not in want:
        raise NotImplementedError(
            "no code to write: CPython %s did not compile the source (%s), and the pyc "
            "stage writes CPython's code" % (version, (want.get("error") or {}).get("type")))
    else:
        code = minivm.pyc.loads(want["timestamp"])[1]
    header = want["timestamp"][8:16]
    mtime = int.from_bytes(header[:4], "little")
    size = int.from_bytes(header[4:], "little")
    return {
        "timestamp": minivm.pyc.dumps(code, mtime=mtime, source_size=size),
        "checked_hash": minivm.pyc.dumps(code, hash_based=True, check_source=True,
                                         source=case.source),
        "unchecked_hash": minivm.pyc.dumps(code, hash_based=True, check_source=False,
                                           source=case.source),
    }


def _outcome_artifact(outcome: Any) -> dict:
    result = {"stdout": outcome.stdout, "stderr": outcome.stderr,
              "exit_status": outcome.exit_status, "exception": outcome.exception,
              "message": outcome.message}
    return wire.classify_run(result)


def code_from_json(data: dict, version: str) -> Any:
    """A ``minivm.Code`` for ``version`` from the oracle's code JSON (the fields
    marshal stores, nested code objects included)."""
    from minivm.compiler.code import Code
    from minivm.versions import get_target
    target = get_target(version)
    fields: Dict[str, Any] = {}
    for name in target.code_fields:
        value = data[name]
        if name == "co_consts":
            value = tuple(code_from_json(v[1], version) if v[0] == "code" else decode_value(v)
                          for v in value)
        elif name in ("co_code", "co_lnotab", "co_linetable", "co_exceptiontable",
                      "co_localspluskinds"):
            value = bytes.fromhex(value)
        elif isinstance(value, list):
            value = tuple(value)
        fields[name] = value
    return Code(target, **fields)


def cpython_code(case: Case, version: str, expected: dict, filename: str) -> Any:
    """CPython's code object for the program, as a ``minivm.Code``: the oracle's
    compile answer (compiled under ``PYTHONHASHSEED=0``, so frozenset constants
    keep CPython's order whatever the host), else compiled here when the host is
    that version."""
    from minivm.compiler.code import Code
    compiled = expected.get("_compiled") or {}
    if not compiled and version == host_version():
        return Code.from_code(compile(case.source, filename, "exec", dont_inherit=True))
    if not compiled.get("ok"):
        raise SyntaxError("CPython %s did not compile the program: %s" % (
            version, compiled.get("error") or compiled.get("oracle_error")))
    return code_from_json(compiled["code"], version)


def _minivm_run(case: Case, version: str, code_source: str, expected: dict) -> dict:
    import tempfile

    import minivm
    folder = tempfile.mkdtemp(prefix="conform-minivm-")
    try:
        path = script_path(version, folder, case.script_name)
        with open(os.path.join(folder, case.script_name), "wb") as handle:
            # As for ``python3.X FILE``: tracebacks read their source lines here.
            handle.write(case.source)
        if code_source == "cpython":
            shown = script_path(version, wire.CASE_DIR, case.script_name)
            program: Any = cpython_code(case, version, expected, shown)
            if program.co_filename != path:
                # The oracle compiled it under the hidden name; the program runs
                # from ``path``, where its tracebacks find their source lines.
                program = _renamed(program, path)
        else:
            program = case.source
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            outcome = minivm.run(program, target=version, filename=path)
        finally:
            os.chdir(cwd)
        return wire.hide_case_dir(_outcome_artifact(outcome), folder)
    finally:
        import shutil
        shutil.rmtree(folder, ignore_errors=True)


def _renamed(code: Any, filename: str) -> Any:
    """``code`` and every nested code object with ``co_filename`` set to ``filename``."""
    consts = tuple(_renamed(c, filename) if hasattr(c, "co_code") else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


_MINIVM_STAGES: Dict[str, Callable[[Case, str, dict], dict]] = {
    "tokens": _minivm_tokens,
    "ast": _minivm_ast,
    "symtable": _minivm_symtable,
    "code": _minivm_code,
    "dis": _minivm_dis,
    "pyc": _minivm_pyc,
}


class MinivmImplementation(Implementation):
    """minivm, every stage; see the module docstring."""

    def oracle_code_filename(self, case: Case, version: str) -> Optional[str]:
        """The filename to have the oracle compile the program under, when this
        implementation runs CPython's code and cannot compile it on this host."""
        if self.code_source == "cpython":
            return script_path(version, wire.CASE_DIR, case.script_name)
        return None

    name = "minivm"
    layers = STATIC_LAYERS + RUN_LAYERS

    def __init__(self, code_source: str = "minivm") -> None:
        self.code_source = code_source
        if code_source == "cpython":
            self.name = "minivm-cpython-code"
            self.layers = RUN_LAYERS

    def artifacts(self, case, version, layers, expected, timeout):
        layers = list(layers)

        def work() -> Dict[str, dict]:
            found: Dict[str, dict] = {}
            run: Optional[dict] = None
            for layer in layers:
                if layer in RUN_LAYERS and run is not None:
                    found[layer] = dict(run)  # the run layers judge one run
                    continue
                found[layer] = self._one(layer, case, version, expected)
                if layer in RUN_LAYERS:
                    run = found[layer]
            return _bytes_to_hex(found)

        import minivm
        minivm.preload()  # imported here once, not in every forked child
        from . import fuzzcoverage
        answer = sandbox.run_forked(fuzzcoverage.traced(work),
                                    timeout=timeout * max(1, len(layers)))
        if answer.get("status") == "ok":
            return fuzzcoverage.collect(answer["value"], version)
        failure = {"crash": "minivm %s: %s" % (answer.get("status"),
                                               answer.get("error") or answer.get("signal", ""))}
        if answer.get("status") in ("timeout", "memory-limit", "signal"):
            failure["limit"] = answer["status"]
        return {layer: failure for layer in layers}

    def _one(self, layer: str, case: Case, version: str, expected: dict) -> dict:
        import traceback
        try:
            if layer in RUN_LAYERS:
                return _minivm_run(case, version, self.code_source, expected)
            return _MINIVM_STAGES[layer](case, version, expected)
        except NotImplementedError as error:
            return {"not_implemented": str(error) or type(error).__name__}
        except Exception:  # noqa: BLE001 - a crash of the implementation under test
            return {"crash": traceback.format_exc()}


def _bytes_to_hex(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _bytes_to_hex(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value


class OracleInterpreter(Implementation):
    """``oracle:3.X``: CPython 3.X itself, each program run by its warm oracle
    worker (forked from a running interpreter, through the C entry point
    ``python3.X FILE`` uses; the oracle's fidelity tests hold the two equal).
    The fast way to find behaviour differences between versions: it costs a fork,
    not an interpreter start."""

    layers = RUN_LAYERS

    def __init__(self, version: str, overrides: Optional[Dict[str, str]] = None) -> None:
        self.version = version
        self.name = "oracle:" + version
        self.overrides = dict(overrides or {})
        self._pool: Optional[OraclePool] = None
        self._pid = 0

    def artifacts(self, case, version, layers, expected, timeout):
        if self._pool is None or self._pid != os.getpid():
            self._pool = OraclePool([self.version], self.overrides)
            self._pid = os.getpid()
        answer = self._pool.exec_worker(self.version).exec(case.source,
                                                           filename=case.script_name,
                                                           timeout=timeout)
        if answer.get("oracle_error"):
            return {layer: {"crash": "CPython %s worker: %s %s" % (
                self.version, answer["oracle_error"], answer.get("detail", ""))}
                for layer in layers}
        run = {k: answer.get(k) for k in ("stdout", "stderr", "exit_status", "exception",
                                          "message", "status", "signal") if k in answer}
        return {layer: dict(run) for layer in layers}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()



#: This checkout; ``{repo}`` in an implementation's command stands for it, so that
#: regression sidecars stay portable between machines.
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def portable_impl(spec: str) -> str:
    return spec.replace(REPO + os.sep, "{repo}/")


def resolve_impl(spec: str) -> str:
    return spec.replace("{repo}/", REPO + os.sep)


def make_implementation(spec: Optional[str],
                        overrides: Optional[Dict[str, str]] = None) -> Implementation:
    """``None``/"minivm", "minivm-cpython-code", "oracle:3.X", or a command line
    (``{repo}/`` standing for this checkout).  Raises ValueError naming what is wrong."""
    if spec in (None, "", "minivm"):
        return MinivmImplementation()
    if spec == "minivm-cpython-code":
        return MinivmImplementation("cpython")
    if spec.startswith("oracle:"):
        from .oracle import find_interpreter, parse_versions
        (version,) = parse_versions(spec.split(":", 1)[1])
        try:
            find_interpreter(version, (overrides or {}).get(version))
        except InterpreterNotFound as error:
            raise ValueError("--impl %s: %s" % (spec, error))
        return OracleInterpreter(version, overrides)
    return CommandImplementation(resolve_impl(spec))


def implementation_names() -> List[str]:
    return ["minivm", "minivm-cpython-code", "oracle:3.X", "<command>"]
