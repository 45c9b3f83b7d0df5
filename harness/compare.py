"""Comparators: one per layer, each deciding whether an implementation's artifact
equals CPython's, and saying where and how it does not.

Why it is built this way.  Every layer (tokens, trees, symbol tables, code objects,
disassembly, .pyc bytes, program runs) produces a different kind of artifact, but the
judgement is always the same three steps, so the base class owns the judgement and a
layer only supplies the steps:

``normalize``
    turn an artifact into a canonical, JSON-shaped value.  Normalizing only drops
    what the artifact carries for explanation (token names, decoded positions) or
    derives from what is compared; it never hides a difference.
``compare``
    find the *first* difference between two normalized values, as a path into the
    artifact (``tokens[12].start``, ``<module>/f.co_code``, ``stdout line 3``).
    The first difference is the useful one: later ones are usually its echoes.
``explain``
    one line a person can act on, naming both values.

Only when the raw comparison fails does :meth:`Comparator.judge` try the entries of
the known-differences registry (``known.py``) for the layer; a case that becomes
equal is ``known``, never ``pass``.  A :class:`Divergence` records everything a
report needs, including a ``signature`` (layer, version, kind of path, exception
types) under which a campaign deduplicates.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Dict, List, Optional, Tuple

from . import known

#: Layers in pipeline order.
LAYERS: Tuple[str, ...] = ("tokens", "ast", "symtable", "code", "dis", "pyc", "exec", "refcount")

#: Verdicts.  Only ``pass`` and ``known`` count as conforming.
PASS, KNOWN, DIVERGE = "pass", "known", "diverge"
NOT_IMPLEMENTED, CRASH, ORACLE_ERROR = "not_implemented", "crash", "oracle_error"
VERDICTS = (PASS, KNOWN, DIVERGE, NOT_IMPLEMENTED, CRASH, ORACLE_ERROR)


@dataclass
class Difference:
    """Where two normalized artifacts first differ."""

    path: str
    expected: Any
    actual: Any


@dataclass
class Divergence:
    """One observed difference between CPython and the implementation under test."""

    layer: str
    version: str
    program: str          #: the case id
    path: str             #: where inside the artifact
    expected: Any         #: CPython's value at ``path``
    actual: Any           #: the implementation's value at ``path``
    explanation: str      #: one line
    signature: str        #: what campaigns deduplicate on

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Verdict:
    verdict: str
    divergence: Optional[Divergence] = None
    known: List[str] = field(default_factory=list)
    detail: str = ""


def first_difference(expected: Any, actual: Any, path: str = "") -> Optional[Difference]:
    """The first place two JSON-shaped values differ, depth first, in the expected
    value's order.  Types are compared strictly (1 is not True, 1 is not 1.0)."""
    if not path and _same_json(expected, actual):
        return None
    return _walk(expected, actual, path)


def _same_json(expected: Any, actual: Any) -> bool:
    """Equal JSON texts mean equal values, types included; checked at C speed so
    that the common case, no difference, never walks the artifact."""
    try:
        return json.dumps(expected) == json.dumps(actual)
    except (TypeError, ValueError):
        return False


def _walk(expected: Any, actual: Any, path: str) -> Optional[Difference]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            sub = "%s.%s" % (path, key) if path else str(key)
            if key not in actual:
                return Difference(sub, expected[key], "<missing>")
            if key not in expected:
                return Difference(sub, "<missing>", actual[key])
            found = _walk(expected[key], actual[key], sub)
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        for index, (x, y) in enumerate(zip(expected, actual)):
            found = _walk(x, y, "%s[%d]" % (path, index))
            if found:
                return found
        if len(expected) != len(actual):
            index = min(len(expected), len(actual))
            return Difference("%s[%d]" % (path, index),
                              expected[index] if index < len(expected) else "<end>",
                              actual[index] if index < len(actual) else "<end>")
        return None
    if type(expected) is not type(actual) or expected != actual:
        return Difference(path or "<root>", expected, actual)
    return None


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _path_kind(path: str) -> str:
    """A path with indices removed: what kind of place differs, not which one."""
    return re.sub(r"\[\d+\]", "[]", re.sub(r"line \d+", "line N", path))


class Comparator:
    """Base class: see the module docstring.  Subclasses set ``layer`` and usually
    override ``normalize`` and ``explain``; ``text_fields`` names the string fields
    the known-differences registry may rewrite."""

    layer: ClassVar[str] = ""
    text_fields: ClassVar[Tuple[str, ...]] = ()

    def normalize(self, artifact: dict, version: str) -> Any:
        return artifact

    def compare(self, expected: Any, actual: Any) -> Optional[Difference]:
        return first_difference(expected, actual)

    def explain(self, diff: Difference, expected: dict, actual: dict) -> str:
        return "%s: CPython has %s, the implementation %s" % (
            diff.path, _short(diff.expected), _short(diff.actual))

    def signature(self, diff: Difference, version: str, expected: dict, actual: dict) -> str:
        return "%s|%s|%s|%s>%s" % (self.layer, version, _path_kind(diff.path),
                                   _error_type(expected), _error_type(actual))

    def judge(self, program: str, version: str, expected: dict, actual: dict) -> Verdict:
        """Compare raw artifacts, then with known differences applied."""
        want, got = self.normalize(expected, version), self.normalize(actual, version)
        diff = self.compare(want, got)
        if diff is None:
            return Verdict(PASS)
        used = []
        for entry in known.for_layer(self.layer):
            want, got = self._rewrite(want, entry), self._rewrite(got, entry)
            used.append(entry.name)
            remaining = self.compare(want, got)
            if remaining is None:
                return Verdict(KNOWN, known=used)
            # Explain what is left once accepted differences are set aside.
            diff = remaining
        divergence = Divergence(
            layer=self.layer, version=version, program=program, path=diff.path,
            expected=diff.expected, actual=diff.actual,
            explanation=self.explain(diff, expected, actual),
            signature=self.signature(diff, version, expected, actual))
        return Verdict(DIVERGE, divergence=divergence)

    def _rewrite(self, value: Any, entry: known.KnownDifference) -> Any:
        if isinstance(value, dict):
            return {k: (entry.rewrite(v) if k in self.text_fields and isinstance(v, str)
                        else v) for k, v in value.items()}
        return value


def _error_type(artifact: dict) -> str:
    error = artifact.get("error") if isinstance(artifact, dict) else None
    if error:
        return str(error.get("type"))
    if isinstance(artifact, dict) and artifact.get("exception"):
        return str(artifact["exception"])
    return "-"


# -- the front end -------------------------------------------------------------------------

_ERROR_FIELDS = ("type", "msg", "lineno", "offset", "end_lineno", "end_offset")


def _error(artifact: dict) -> Optional[dict]:
    error = artifact.get("error")
    if not error:
        return None
    return {k: error.get(k) for k in _ERROR_FIELDS if k in error or k in ("type", "msg")}


class TokensComparator(Comparator):
    """Tokens as the target's ``tokenize`` module gives them: type number, string,
    start, end, physical line; then the error that stopped tokenizing, if any."""

    layer = "tokens"

    def normalize(self, artifact: dict, version: str) -> Any:
        tokens = [[t[0]] + list(t[-4:]) for t in artifact.get("tokens", [])]
        for tok in tokens:
            tok[2], tok[3] = list(tok[2]), list(tok[3])
        return {"tokens": tokens, "error": _error(artifact)}

    def explain(self, diff: Difference, expected: dict, actual: dict) -> str:
        names = {t[0]: t[1] for t in expected.get("tokens", []) if len(t) == 6}

        def show(tok: Any) -> str:
            if not isinstance(tok, list) or len(tok) < 5:
                return _short(tok)
            return "%s %r %d,%d-%d,%d" % (names.get(tok[0], tok[0]), tok[1], tok[2][0],
                                          tok[2][1], tok[3][0], tok[3][1])
        match = re.match(r"tokens\[(\d+)\]", diff.path)
        if match:
            index = int(match.group(1))
            want, got = _normalized_tokens(expected), _normalized_tokens(actual)
            return "token %d: CPython %s, implementation %s" % (
                index, show(want[index]) if index < len(want) else "<end>",
                show(got[index]) if index < len(got) else "<end>")
        return Comparator.explain(self, diff, expected, actual)


def _normalized_tokens(artifact: dict) -> list:
    return TokensComparator().normalize(artifact, "")["tokens"]


class AstComparator(Comparator):
    """The tree with every field and position attribute (``wire.tree_to_json``), or
    the SyntaxError's type, msg, lineno, offset, end_lineno, end_offset."""

    layer = "ast"

    def normalize(self, artifact: dict, version: str) -> Any:
        return {"tree": artifact.get("tree"), "error": _error(artifact)}


class SymtableComparator(Comparator):
    """Scopes in order, each with its symbols (name and raw flags) in order."""

    layer = "symtable"

    def normalize(self, artifact: dict, version: str) -> Any:
        return {"table": artifact.get("table"), "error": _error(artifact)}


# -- the compiler ---------------------------------------------------------------------------


def stored_code_fields(code: Any, version: str) -> Any:
    """Reduce a code-object JSON to the fields marshal stores for ``version``
    (recursively): the rest are derived from them or are there to explain."""
    from minivm.versions import get_target
    fields = get_target(version).code_fields
    if not isinstance(code, dict):
        return code
    out = {}
    for name in fields:
        value = code.get(name, "<missing>")
        if name == "co_consts" and isinstance(value, list):
            value = [["code", stored_code_fields(v[1], version)] if v[0] == "code" else v
                     for v in value]
        out[name] = value
    return out


class CodeComparator(Comparator):
    """Every stored field of every code object, recursively, in marshal order."""

    layer = "code"

    def normalize(self, artifact: dict, version: str) -> Any:
        code = artifact.get("code")
        return {"code": stored_code_fields(code, version) if code else None,
                "error": _error(artifact)}

    def explain(self, diff: Difference, expected: dict, actual: dict) -> str:
        where = _code_path(diff.path, expected.get("code"))
        field_name = diff.path.rsplit(".", 1)[-1]
        if field_name == "co_code" and isinstance(diff.expected, str) \
                and isinstance(diff.actual, str):
            offset = _first_byte_difference(diff.expected, diff.actual)
            return "%s: co_code differs at byte %d (CPython %s, implementation %s)" % (
                where, offset, diff.expected[2 * offset:2 * offset + 8] or "<end>",
                diff.actual[2 * offset:2 * offset + 8] or "<end>")
        return "%s: %s is %s in CPython, %s in the implementation" % (
            where, field_name, _short(diff.expected), _short(diff.actual))


def _code_path(path: str, code: Any) -> str:
    """``code.co_consts[3][1].co_consts[0][1].co_name`` -> ``<module>/f/g``."""
    names = []
    node = code
    for index in re.findall(r"co_consts\[(\d+)\]", path):
        if not isinstance(node, dict):
            break
        if isinstance(node, dict):
            names.append(node.get("co_qualname") or node.get("co_name", "?"))
        try:
            node = node["co_consts"][int(index)][1]
        except (KeyError, IndexError, TypeError):
            node = None
    if isinstance(node, dict):
        names.append(node.get("co_qualname") or node.get("co_name", "?"))
    return "/".join(names) or "<module>"


def _is_hex(value: Any) -> bool:
    """Bytes as hex (not the objects text the pyc-interned-refs entry makes of them)."""
    try:
        return isinstance(value, str) and bytes.fromhex(value) is not None
    except ValueError:
        return False


def _first_byte_difference(a_hex: str, b_hex: str) -> int:
    a, b = bytes.fromhex(a_hex), bytes.fromhex(b_hex)
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


class DisComparator(Comparator):
    """The text ``dis.dis`` prints, line by line."""

    layer = "dis"
    text_fields = ("dis",)

    def normalize(self, artifact: dict, version: str) -> Any:
        return {"dis": artifact.get("dis"), "error": _error(artifact)}

    def compare(self, expected: Any, actual: Any) -> Optional[Difference]:
        return _text_difference(expected, actual, ("dis",)) or \
            first_difference(expected, actual)


def _text_difference(expected: dict, actual: dict, fields: Tuple[str, ...]) -> Optional[Difference]:
    for name in fields:
        want, got = expected.get(name), actual.get(name)
        if isinstance(want, str) and isinstance(got, str) and want != got:
            a, b = want.splitlines(True), got.splitlines(True)
            for number, (x, y) in enumerate(zip(a, b), 1):
                if x != y:
                    return Difference("%s line %d" % (name, number), x, y)
            number = min(len(a), len(b)) + 1
            return Difference("%s line %d" % (name, number),
                              a[number - 1] if number <= len(a) else "<end>",
                              b[number - 1] if number <= len(b) else "<end>")
    return None


class PycComparator(Comparator):
    """The .pyc bytes in each header mode (timestamp, checked and unchecked hash)."""

    layer = "pyc"

    MODES = ("timestamp", "checked_hash", "unchecked_hash")
    text_fields = MODES

    def normalize(self, artifact: dict, version: str) -> Any:
        out: Dict[str, Any] = {m: _hex(artifact.get(m)) for m in self.MODES if m in artifact}
        out["error"] = _error(artifact)
        return out

    def explain(self, diff: Difference, expected: dict, actual: dict) -> str:
        if _is_hex(diff.expected) and _is_hex(diff.actual):
            offset = _first_byte_difference(diff.expected, diff.actual)
            return "%s .pyc differs at byte %d of %d: CPython %s, implementation %s" % (
                diff.path, offset, len(diff.expected) // 2,
                diff.expected[2 * offset:2 * offset + 16], diff.actual[2 * offset:2 * offset + 16])
        return Comparator.explain(self, diff, expected, actual)


def _hex(value: Any) -> Any:
    return value.hex() if isinstance(value, (bytes, bytearray)) else value


# -- running programs ---------------------------------------------------------------------------


class ExecComparator(Comparator):
    """What ``python3.X FILE`` shows: how it ended (status, exit status), then stdout,
    then stderr (tracebacks included), compared as text."""

    layer = "exec"
    text_fields = ("stdout", "stderr")

    def normalize(self, artifact: dict, version: str) -> Any:
        return {k: artifact.get(k) for k in ("status", "exit_status", "stdout", "stderr")}

    def compare(self, expected: Any, actual: Any) -> Optional[Difference]:
        for name in ("status", "exit_status"):
            if expected.get(name) != actual.get(name):
                return Difference(name, expected.get(name), actual.get(name))
        return _text_difference(expected, actual, ("stdout", "stderr"))

    def explain(self, diff: Difference, expected: dict, actual: dict) -> str:
        if diff.path in ("status", "exit_status"):
            return "%s: CPython %s (%s), implementation %s (%s)" % (
                diff.path, diff.expected, _ending(expected), diff.actual, _ending(actual))
        return "%s: CPython printed %s, the implementation %s" % (
            diff.path, _short(diff.expected), _short(diff.actual))


def _ending(artifact: dict) -> str:
    if artifact.get("exception"):
        return "%s: %s" % (artifact["exception"], _short(artifact.get("message") or "", 40))
    if artifact.get("signal"):
        return str(artifact["signal"])
    last = (artifact.get("stderr") or "").strip().splitlines()[-1:]
    return "stderr: " + _short(last[0], 60) if last else str(artifact.get("status") or "")


class RefcountComparator(ExecComparator):
    """Programs that probe reference counts, ``__del__`` order, weakref callbacks
    and ``gc.collect()``: judged as program runs, reported as their own layer."""

    layer = "refcount"


COMPARATORS: Dict[str, Comparator] = {c.layer: c for c in (
    TokensComparator(), AstComparator(), SymtableComparator(), CodeComparator(),
    DisComparator(), PycComparator(), ExecComparator(), RefcountComparator())}


def unified_diff(expected: str, actual: str, label: str = "") -> str:
    """A unified diff of two texts, for divergence pages."""
    return "".join(difflib.unified_diff(
        expected.splitlines(True), actual.splitlines(True),
        fromfile="CPython" + label, tofile="implementation" + label))
