"""Reducing a divergent program while it keeps its divergence signature.

Why it is built this way.  A reducer is a loop: propose a smaller program, keep it
if it is still *interesting* (here: judging it still gives the same divergence
signature), repeat until no proposal is accepted.  The proposals come from small
:class:`Pass` subclasses, each one kind of edit (drop statements, replace a
compound statement by one of its bodies, replace an expression by a child,
simplify a literal, rename), in the manner of C-Reduce and Hypothesis's shrinker.

Edits are made on the *text*, at the positions of the syntax tree CPython of the
divergent version gives (the oracle's ``parse``, with byte offsets), never by
unparsing a tree: the program keeps its formatting, the reducer works on a 3.8
host for a 3.13 program (``match``, ``except*``), and no unparser's quirks can
change what the program means.  A proposal that does not parse on that version is
dropped before it costs a run.  Every program tried is remembered, so no program
is judged twice.
"""

from __future__ import annotations

import hashlib
import io
import keyword
import re
import time
import tokenize
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

Tree = dict
#: Compound statements' bodies that may replace the whole statement.
BODY_FIELDS = ("body", "orelse", "finalbody")
#: Expression children that may replace their parent, by parent type.
EXPR_CHILDREN: Dict[str, Tuple[str, ...]] = {
    "BinOp": ("left", "right"), "BoolOp": ("values",), "UnaryOp": ("operand",),
    "IfExp": ("body", "orelse"), "Compare": ("left", "comparators"), "Call": ("args",),
    "Subscript": ("value",), "JoinedStr": (), "List": ("elts",), "Tuple": ("elts",),
    "Set": ("elts",), "ListComp": ("elt",), "SetComp": ("elt",), "GeneratorExp": ("elt",),
    "Await": ("value",), "Starred": ("value",), "NamedExpr": ("value",),
    "FormattedValue": ("value",),
}


class ReductionError(RuntimeError):
    """The program given is not interesting to begin with."""


@dataclass
class Span:
    """A byte range of the source: [start, end)."""

    start: int
    end: int


@dataclass
class Edit:
    """Replace ``span`` by ``text`` (bytes)."""

    span: Span
    text: bytes

    def apply(self, source: bytes) -> bytes:
        return source[:self.span.start] + self.text + source[self.span.end:]


@dataclass
class Stats:
    tests: int = 0
    accepted: int = 0
    invalid: int = 0
    cached: int = 0
    seconds: float = 0.0
    by_pass: Dict[str, int] = field(default_factory=dict)


class Text:
    """The source with a (line, byte column) -> offset table."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.starts = [0]
        for index, byte in enumerate(source):
            if byte == 10:
                self.starts.append(index + 1)

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def span(self, node: Tree) -> Optional[Span]:
        if node.get("lineno") is None or node.get("end_lineno") is None:
            return None
        start = self.offset(node["lineno"], node["col_offset"])
        for deco in node.get("decorator_list") or ():
            if isinstance(deco, dict) and deco.get("lineno") is not None:
                # "@" sits one column before the decorator expression.
                start = min(start, self.offset(deco["lineno"], deco["col_offset"] - 1))
        return Span(start, self.offset(node["end_lineno"], node["end_col_offset"]))

    def line_span(self, first: int, last: int) -> Span:
        """Whole lines first..last, with the newline of the last."""
        end = self.starts[last] if last < len(self.starts) else len(self.source)
        return Span(self.starts[first - 1], end)

    def line_indent(self, line: int) -> int:
        text = self.source[self.starts[line - 1]:]
        return len(text) - len(text.lstrip(b" \t"))


def walk(node: object) -> Iterator[Tree]:
    """Every node of an oracle tree (JSON), parents before children."""
    if isinstance(node, dict):
        if "_type" in node:
            yield node
        for key, value in node.items():
            if key != "_type":
                yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def statement_lists(tree: Tree) -> Iterator[List[Tree]]:
    """Every list of statements (module body, function bodies, branches, handlers,
    match cases).  In Python's grammar every list field named body, orelse or
    finalbody holds statements."""
    for node in walk(tree):
        for name in BODY_FIELDS:
            value = node.get(name)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                yield value
        for child in (node.get("handlers") or []) + (node.get("cases") or []):
            if isinstance(child, dict) and child.get("body"):
                yield child["body"]


class Pass:
    """One kind of edit.  ``edits`` proposes edits of the current program, biggest
    first; the reducer tries them in order and restarts the pass after a success."""

    name = ""

    def edits(self, text: Text, tree: Tree) -> Iterator[Edit]:
        raise NotImplementedError


class DropStatements(Pass):
    """Remove runs of consecutive statements, long runs first (a ddmin over each
    statement list); an emptied body becomes ``pass``.  Runs are tried from the end
    of a list: what follows the first difference is seldom needed to show it."""

    name = "drop statements"

    def edits(self, text, tree):
        lists = list(statement_lists(tree))
        longest = max((len(body) for body in lists), default=0)
        size = 1
        while size * 2 <= longest:
            size *= 2
        while size >= 1:
            for body in lists:
                for first in reversed(range(0, len(body), size)):
                    chunk = body[first:first + size]
                    edit = _remove_statements(text, chunk, whole=len(chunk) == len(body))
                    if edit:
                        yield edit
            size //= 2


def _remove_statements(text: Text, chunk: List[Tree], whole: bool) -> Optional[Edit]:
    first, last = text.span(chunk[0]), text.span(chunk[-1])
    if first is None or last is None:
        return None
    start_line = chunk[0].get("lineno")
    decos = [d.get("lineno") for d in chunk[0].get("decorator_list") or () if isinstance(d, dict)]
    start_line = min([start_line] + [d for d in decos if d])
    lines = text.line_span(start_line, chunk[-1]["end_lineno"])
    own_lines = text.source[lines.start:first.start].strip() == b"" and \
        text.source[last.end:lines.end].strip() in (b"", b";")
    if own_lines:
        indent = b" " * text.line_indent(start_line)
        return Edit(lines, indent + b"pass\n" if whole else b"")
    return Edit(Span(first.start, last.end), b"pass")


class ReplaceByBody(Pass):
    """Replace a compound statement (if, for, while, with, try, match, def, class)
    by one of its bodies, re-indented to the statement's place."""

    name = "replace statement by a body"

    def edits(self, text, tree):
        for node in walk(tree):
            bodies = [node.get(f) for f in BODY_FIELDS if isinstance(node.get(f), list)]
            bodies += [h.get("body") for h in node.get("handlers") or () if isinstance(h, dict)]
            bodies += [c.get("body") for c in node.get("cases") or () if isinstance(c, dict)]
            bodies = [b for b in bodies if b and isinstance(b[0], dict) and "lineno" in b[0]]
            if not bodies or node.get("_type") == "Module" or node.get("lineno") is None:
                continue
            for body in bodies:
                edit = _hoist(text, node, body)
                if edit:
                    yield edit


def _hoist(text: Text, node: Tree, body: List[Tree]) -> Optional[Edit]:
    span = text.span(node)
    if span is None or text.source[text.starts[node["lineno"] - 1]:span.start].strip() not in (
            b"", b"@"):
        return None
    start_line = node["lineno"]
    for deco in node.get("decorator_list") or ():
        if isinstance(deco, dict) and deco.get("lineno"):
            start_line = min(start_line, deco["lineno"])
    outer = text.line_span(start_line, node["end_lineno"])
    if text.source[span.end:outer.end].strip():
        return None
    if body[0]["lineno"] == node["lineno"]:
        return None  # a one-line compound statement: its body is not on lines of its own
    inner = text.line_span(body[0]["lineno"], body[-1]["end_lineno"])
    shift = text.line_indent(body[0]["lineno"]) - text.line_indent(start_line)
    lines = text.source[inner.start:inner.end].splitlines(True)
    moved = []
    for line in lines:
        lead = len(line) - len(line.lstrip(b" "))
        moved.append(line[min(shift, lead):])
    return Edit(outer, b"".join(moved))


class ReplaceByChild(Pass):
    """Replace an expression by one of its sub-expressions (``a - b`` by ``a``,
    ``f(x)`` by ``x``, ``[x, y]`` by ``x``), parenthesized."""

    name = "replace expression by a child"

    def edits(self, text, tree):
        for node in walk(tree):
            fields = EXPR_CHILDREN.get(node.get("_type", ""))
            if not fields:
                continue
            span = text.span(node)
            if span is None:
                continue
            for name in fields:
                value = node.get(name)
                for child in value if isinstance(value, list) else [value]:
                    if not isinstance(child, dict):
                        continue
                    inner = text.span(child)
                    if inner is None or (inner.start, inner.end) == (span.start, span.end):
                        continue
                    snippet = text.source[inner.start:inner.end]
                    if b"\n" in snippet:
                        continue
                    yield Edit(span, b"(" + snippet + b")")


class DropElements(Pass):
    """Remove one argument of a call, one element of a list, tuple or set display,
    or one entry of a dict display, with its comma."""

    name = "drop elements"

    def edits(self, text, tree):
        for node in walk(tree):
            for items in _element_spans(text, node):
                for index in range(len(items) - 1, -1, -1):
                    if len(items) == 1:
                        span = items[0]
                    elif index == 0:
                        span = Span(items[0].start, items[1].start)
                    else:
                        span = Span(items[index - 1].end, items[index].end)
                    yield Edit(span, b"")


def _element_spans(text: Text, node: Tree) -> List[List[Span]]:
    kind = node.get("_type")
    groups: List[List[Optional[Span]]] = []
    if kind == "Call":
        args = [text.span(a) for a in node.get("args") or ()]
        keywords = [text.span(k) for k in node.get("keywords") or ()]
        groups.append(args + keywords if all(keywords) else args)
    elif kind in ("List", "Tuple", "Set"):
        groups.append([text.span(e) for e in node.get("elts") or ()])
    elif kind == "Dict":
        pairs = []
        for key, value in zip(node.get("keys") or (), node.get("values") or ()):
            first, last = text.span(key) if key else None, text.span(value)
            pairs.append(Span(first.start, last.end) if first and last else None)
        groups.append(pairs)
    return [g for g in groups if g and all(g) and _ordered(g)]  # type: ignore[misc]


def _ordered(spans: List[Span]) -> bool:
    return all(a.end <= b.start for a, b in zip(spans, spans[1:]))


_INT_LITERAL = re.compile(rb"^-?[0-9][0-9_]*$")


class SimplifyLiterals(Pass):
    """Make constants simpler: ints toward 0 and 1, strings toward '' and one
    character, floats toward 0.0 and 1.0; empty a display."""

    name = "simplify literals"

    def edits(self, text, tree):
        for node in walk(tree):
            span = text.span(node)
            if span is None:
                continue
            kind = node.get("_type")
            if kind == "Constant":
                current = text.source[span.start:span.end]
                tried = {current}
                for candidate in _simpler_constants(node.get("value"), current):
                    if candidate not in tried:
                        tried.add(candidate)
                        yield Edit(span, candidate)
            elif kind in ("List", "Tuple", "Set", "Dict") and \
                    (node.get("elts") or node.get("keys")):
                empty = {"List": b"[]", "Tuple": b"()", "Set": b"set()", "Dict": b"{}"}[kind]
                yield Edit(span, empty)


def _simpler_constants(value: object, current: bytes) -> List[bytes]:
    if isinstance(value, str):  # the oracle's trees keep strings as they are
        value = ["str", value]
    if not (isinstance(value, list) and len(value) == 2):
        return []
    tag, payload = value
    if tag == "int" and _INT_LITERAL.match(current):
        number = int(payload)
        options = [0, 1, number // 2, number - 1 if number > 0 else number + 1]
        return [str(n).encode() if n >= 0 else b"(%d)" % n for n in options
                if abs(n) < abs(number)]
    if tag == "float":
        return [b"0.0", b"1.0"] if current not in (b"0.0", b"1.0") else []
    if tag == "str" and current[:1] in (b"'", b'"') and payload:
        return [b"''", repr(payload[:1]).encode("utf-8"), repr(payload[:len(payload) // 2])
                .encode("utf-8")]
    if tag == "bytes" and current[:1] in (b"b", b"B") and payload:
        return [b"b''"]
    return []


class Rename(Pass):
    """Give the names the program binds short names (``a``, ``b``, ...), every
    occurrence at once: a person reads the reduced program more easily."""

    name = "rename"

    def edits(self, text, tree):
        bound = _bound_names(tree)
        taken = set(_all_names(text.source)) | set(dir(__builtins__)) | set(keyword.kwlist)
        fresh = (n for n in _short_names() if n not in taken)
        for old in bound:
            if len(old) <= 1 or old.startswith("__"):
                continue
            new = next(fresh)
            renamed = _rename(text.source, old, new)
            if renamed is not None:
                yield Edit(Span(0, len(text.source)), renamed)


def _bound_names(tree: Tree) -> List[str]:
    names: List[str] = []
    for node in walk(tree):
        kind = node.get("_type")
        name = None
        if kind == "Name" and node.get("ctx", {}).get("_type") == "Store":
            name = node.get("id")
        elif kind in ("FunctionDef", "ClassDef", "AsyncFunctionDef"):
            name = node.get("name")
        elif kind == "arg":
            name = node.get("arg")
        if name and name not in names:
            names.append(name)
    return names


def _all_names(source: bytes) -> List[str]:
    return [m.decode() for m in re.findall(rb"[A-Za-z_][A-Za-z0-9_]*", source)]


def _short_names() -> Iterator[str]:
    import itertools
    import string
    for size in (1, 2):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            yield "".join(letters)


def _rename(source: bytes, old: str, new: str) -> Optional[bytes]:
    """Every NAME token ``old`` as ``new``; None when the host cannot tokenize it."""
    try:
        tokens = list(tokenize.tokenize(io.BytesIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    text = Text(source)
    out, last = [], 0
    for tok in tokens:
        if tok.type == tokenize.NAME and tok.string == old:
            line = source[text.starts[tok.start[0] - 1]:].split(b"\n", 1)[0].decode("utf-8")
            start = text.offset(tok.start[0], len(line[:tok.start[1]].encode("utf-8")))
            out.append(source[last:start] + new.encode())
            last = start + len(old.encode())
    if not out:
        return None
    return b"".join(out) + source[last:]


DEFAULT_PASSES: Tuple[Pass, ...] = (DropStatements(), ReplaceByBody(), DropElements(),
                                    ReplaceByChild(), SimplifyLiterals())
FINAL_PASSES: Tuple[Pass, ...] = (Rename(),)


class Reducer:
    """Reduce ``source`` while ``interesting(source)`` holds.

    ``parse(source)`` returns the oracle tree of a program (``None`` when it does
    not parse on the target version).  The budget is ``seconds`` and ``max_tests``
    interesting-tests, whichever ends first; the best program so far is kept."""

    def __init__(self, interesting: Callable[[bytes], bool],
                 parse: Callable[[bytes], Optional[Tree]], *, seconds: float = 60.0,
                 max_tests: int = 2000, passes: Sequence[Pass] = DEFAULT_PASSES,
                 final_passes: Sequence[Pass] = FINAL_PASSES) -> None:
        self.interesting = interesting
        self.parse = parse
        self.seconds = seconds
        self.max_tests = max_tests
        self.passes = tuple(passes)
        self.final_passes = tuple(final_passes)
        self.stats = Stats()
        self._seen: Dict[bytes, bool] = {}
        self._deadline = 0.0

    def _out_of_budget(self) -> bool:
        return time.monotonic() > self._deadline or self.stats.tests >= self.max_tests

    def _try(self, candidate: bytes) -> bool:
        key = hashlib.sha1(candidate).digest()
        if key in self._seen:
            self.stats.cached += 1
            return self._seen[key]
        if self.parse(candidate) is None:
            self.stats.invalid += 1
            self._seen[key] = False
            return False
        self.stats.tests += 1
        verdict = bool(self.interesting(candidate))
        self._seen[key] = verdict
        return verdict

    def reduce(self, source: bytes) -> bytes:
        started = time.monotonic()
        self._deadline = started + self.seconds
        if not self.interesting(source):
            raise ReductionError("the program does not show the divergence to begin with")
        current = source
        for passes in (self.passes, self.final_passes):
            progress = True
            while progress and not self._out_of_budget():
                progress = False
                for reducer_pass in passes:
                    reduced = self._run_pass(reducer_pass, current)
                    if reduced is not None:
                        current, progress = reduced, True
        self.stats.seconds = round(time.monotonic() - started, 2)
        return current

    def _run_pass(self, reducer_pass: Pass, source: bytes) -> Optional[bytes]:
        """Apply the pass's edits until none is accepted; None if nothing changed."""
        changed = False
        restart = True
        while restart and not self._out_of_budget():
            restart = False
            tree = self.parse(source)
            if tree is None:
                break
            for edit in reducer_pass.edits(Text(source), tree):
                if self._out_of_budget():
                    break
                candidate = _tidy(edit.apply(source))
                if candidate == source or len(candidate) > len(source) and \
                        reducer_pass.name != "rename":
                    continue
                if self._try(candidate):
                    source, changed, restart = candidate, True, True
                    self.stats.accepted += 1
                    self.stats.by_pass[reducer_pass.name] = \
                        self.stats.by_pass.get(reducer_pass.name, 0) + 1
                    break
        return source if changed else None


def _tidy(source: bytes) -> bytes:
    """Drop lines left blank by an edit (not inside strings: generated and reduced
    programs keep strings on one line)."""
    lines = source.split(b"\n")
    kept = [line for index, line in enumerate(lines) if line.strip() or index == len(lines) - 1]
    return b"\n".join(kept)


def strip_comments(source: bytes) -> bytes:
    """The program without its full-line comments (headers and notes): the reducer
    cannot remove them, and a reduced program gets a header of its own."""
    return b"\n".join(line for line in source.split(b"\n")
                      if not line.lstrip().startswith(b"#"))


def count_statements(tree: Tree) -> int:
    """Statements in a program, nested ones included (what "reduced to at most 5
    statements" counts)."""
    return sum(len(body) for body in statement_lists(tree))
