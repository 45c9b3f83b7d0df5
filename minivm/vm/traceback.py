"""Printing an uncaught exception as CPython 3.12/3.13 does: the chain of causes and
contexts, one entry per traceback frame with the source line and (3.11+) the
position carets, ``[Previous line repeated N more times]``, then ``Type: message``.

The carets' anchors (``~~^~~`` under a binary operator, ``~^^^`` under a
subscript, and on 3.13 under a call's parentheses) need the shape of the source
segment; :func:`segment_anchors` finds it with a small scanner of its own (minivm
may not use the host's ``ast``), which covers one-line segments.
"""

from __future__ import annotations

import os
from typing import List, Optional, Tuple

from ..objects.abstract import str_text
from ..objects.core import R, PyErr, decref, is_subtype

_CUTOFF = 3


def _source_lines(vm, filename: str) -> Optional[List[str]]:
    if getattr(vm, "modules_cleared", False):
        # finalize_modules emptied sys.modules and sys.meta_path: the C traceback
        # printer cannot import io to read a source line any more
        return None
    cache = getattr(vm, "_line_cache", None)
    if cache is None:
        cache = vm._line_cache = {}
    if filename in cache:
        return cache[filename]
    lines = None
    if filename == getattr(vm, "main_filename", None) and vm.main_source is not None:
        lines = vm.main_source.splitlines()
    elif os.path.isfile(filename):
        try:
            with open(filename, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError):
            lines = None
    cache[filename] = lines
    return lines


def qualified_type_name(tp) -> str:
    """``module.Qualname`` as tracebacks print it (bare for builtins and __main__)."""
    from ..objects.instances import type_module
    module = type_module(tp)
    if module in (None, "builtins", "__main__"):
        return tp.tp_qualname
    return "%s.%s" % (module, tp.tp_qualname)


def format_exception_only(vm, exc) -> str:
    name = qualified_type_name(exc.ob_type)
    try:
        text = str_text(exc)
    except PyErr as e:
        decref(e.exc)
        text = "<exception str() failed>"
    if is_subtype(exc.ob_type, R.exc["SyntaxError"]):
        return _format_syntax_error(exc, name)
    line = "%s: %s\n" % (name, text) if text else "%s\n" % name
    extra = _suggestion(vm, exc)
    if extra:
        line = line[:-1] + extra + "\n"
    notes = exc.ob_dict.vals.get("__notes__") if exc.ob_dict is not None else None
    if notes is not None and notes.ob_type is R.types["list"]:
        for n in notes.items:
            line += str_text(n) + "\n"
    return line


def _format_syntax_error(exc, name):
    """A SyntaxError as the interpreter prints it: ``File "f", line N``, the line's
    text and a caret line (3.10+: carets from offset to end offset), then the
    message."""
    from ..objects.core import STATE
    from ..objects.scalars import PyLong, PyStr
    extra = exc.extra or {}
    msg = extra.get("msg")

    def field(key, kind):
        v = extra.get(key)
        return v.value if isinstance(v, kind) else None

    out = ""
    filename, lineno = field("filename", PyStr), field("lineno", PyLong)
    if filename is not None and lineno is not None:
        out = '  File "%s", line %d\n' % (filename, lineno)
        text, offset = field("text", PyStr), field("offset", PyLong)
        if text is not None:
            if STATE.target.runtime("syntax_error_caret_range"):
                out += _error_text_ranged(text, offset, field("end_offset", PyLong))
            else:
                out += _error_text(text, -1 if offset is None else offset)
    return out + "%s: %s\n" % (name, str_text(msg) if msg is not None else "")


def _error_text(text: str, offset: int) -> str:
    """3.8/3.9 ``print_error_text``: the offending line (of a multi-line text, the
    one holding the offset), left-stripped, and one caret."""
    if offset >= 0:
        if offset > 0 and offset == len(text) and text[offset - 1] == "\n":
            offset -= 1
        while True:
            nl = text.find("\n")
            if nl < 0 or nl >= offset:
                break
            offset -= nl + 1
            text = text[nl + 1:]
        stripped = text.lstrip(" \t\f")
        offset -= len(text) - len(stripped)
        text = stripped
    out = "    " + text + ("\n" if not text or text[-1] != "\n" else "")
    if offset == -1:
        return out
    return out + "    " + " " * max(offset - 1, 0) + "^\n"


def _error_text_ranged(text: str, offset, end_offset) -> str:
    """3.10+: the line stripped of its indentation and carets under ``offset`` up
    to ``end_offset`` (one caret when the range is empty)."""
    rtext = text.rstrip("\n")
    ltext = rtext.lstrip(" \n\f")
    spaces = len(rtext) - len(ltext)
    out = "    %s\n" % ltext
    if offset is None:
        return out
    end = end_offset if end_offset not in (None, 0) else offset
    if offset == end or end == -1:
        end = offset + 1
    colno, end_colno = offset - 1 - spaces, end - 1 - spaces
    if colno >= 0:
        space = "".join(c if c.isspace() else " " for c in ltext[:colno])
        out += "    %s%s\n" % (space, "^" * (end_colno - colno))
    return out


# -- "Did you mean" (the traceback module's suggestions, Python/suggestions.c) -------------

_MOVE_COST = 2
_CASE_COST = 1
_MAX_CANDIDATES = 750
_MAX_NAME = 40


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with case-only changes at half price, or ``limit + 1``
    once the distance is known to exceed ``limit``."""
    if a == b:
        return 0
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return _MOVE_COST * (len(a) + len(b))
    if len(a) > _MAX_NAME or len(b) > _MAX_NAME:
        return limit + 1
    if len(b) < len(a):
        a, b = b, a
    if (len(b) - len(a)) * _MOVE_COST > limit:
        return limit + 1
    row = [_MOVE_COST * (i + 1) for i in range(len(a))]
    result = 0
    for j, bc in enumerate(b):
        diagonal = result = j * _MOVE_COST
        smallest = None
        for i, ac in enumerate(a):
            if ac == bc:
                cost = 0
            elif ac.lower() == bc.lower():
                cost = _CASE_COST
            else:
                cost = _MOVE_COST
            substitute = diagonal + cost
            diagonal = row[i]
            result = min(min(result, diagonal) + _MOVE_COST, substitute)
            row[i] = result
            if smallest is None or result < smallest:
                smallest = result
        if smallest is not None and smallest > limit:
            return limit + 1
    return result


def _closest(candidates: List[str], wrong: str) -> Optional[str]:
    if len(candidates) > _MAX_CANDIDATES or len(wrong) > _MAX_NAME:
        return None
    best = len(wrong)
    found = None
    for name in candidates:
        if name == wrong:
            continue
        limit = min((len(name) + len(wrong) + 3) * _MOVE_COST // 6, best - 1)
        distance = _edit_distance(wrong, name, limit)
        if distance > limit:
            continue
        if found is None or distance < best:
            found, best = name, distance
    return found


def _names_of(mapping) -> List[str]:
    from ..objects.abstract import sequence_list
    if mapping is None:
        return []
    keys = sequence_list(mapping)
    try:
        return [k.value for k in keys if isinstance(k.value, str)]
    finally:
        for k in keys:
            decref(k)


def _innermost_frame(exc):
    tb = exc.traceback
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame


def _suggestion_for(vm, exc, wrong: str) -> Optional[str]:
    from ..objects.typeobject import getattr_str
    if is_subtype(exc.ob_type, R.exc["AttributeError"]):
        obj = (exc.extra or {}).get("obj")
        if obj is None:
            return None
        listing = vm.builtins.vals.get("dir")
        from ..objects.abstract import call
        try:
            names = call(listing, [obj])
        except PyErr as e:
            decref(e.exc)
            return None
        candidates = _names_of(names)
        decref(names)
        if vm.target.runtime("suggestions_hide_underscored") and wrong[:1] != "_":
            frame = _innermost_frame(exc)
            own = frame is not None and frame.fast and frame.code.localsplusnames[:1] == \
                ("self",) and frame.fast[0] is obj
            if not own:
                candidates = [n for n in candidates if n[:1] != "_"]
        return _closest(candidates, wrong)
    frame = _innermost_frame(exc)
    if frame is None:
        return None
    from .frame import frame_locals_dict
    local_names = frame_locals_dict(frame)
    try:
        candidates = _names_of(local_names)
        self_obj = local_names.vals.get("self")
        if self_obj is not None:
            try:
                decref(getattr_str(self_obj, wrong))
                return "self." + wrong
            except PyErr as e:
                decref(e.exc)
    finally:
        decref(local_names)
    candidates += _names_of(frame.globals) + _names_of(frame.builtins)
    return _closest(candidates, wrong)


def _suggestion(vm, exc) -> str:
    """The ". Did you mean: 'x'?" (and "did you forget to import") the traceback
    module adds to NameError and AttributeError messages."""
    if not vm.target.runtime("name_suggestions"):
        return ""
    if not (is_subtype(exc.ob_type, R.exc["NameError"]) or
            is_subtype(exc.ob_type, R.exc["AttributeError"])):
        return ""
    wrong = (exc.extra or {}).get("name")
    if wrong is None or wrong.ob_type is not R.types["str"]:
        return ""
    try:
        found = _suggestion_for(vm, exc, wrong.value)
    except PyErr as e:
        decref(e.exc)
        found = None
    text = ". Did you mean: '%s'?" % found if found else ""
    if is_subtype(exc.ob_type, R.exc["NameError"]) and wrong.value in _stdlib_names():
        mark = "?" if vm.target.runtime("import_hint_question_mark") else ""
        if found:
            text += " Or did you forget to import '%s'%s" % (wrong.value, mark)
        else:
            text += ". Did you forget to import '%s'%s" % (wrong.value, mark)
    return text


def _stdlib_names():
    import sys as host_sys
    return getattr(host_sys, "stdlib_module_names", frozenset())


def _frames(tb) -> List[Tuple[object, int, Optional[int]]]:
    out = []
    while tb is not None:
        out.append((tb.tb_frame, tb.tb_lasti, tb.tb_lineno))
        tb = tb.tb_next
    return out


def format_tb(vm, tb) -> str:
    rows = []
    last = None
    count = 0
    for frame, lasti, lineno in _frames(tb):
        code = frame.code
        key = (code.co.co_filename, lineno, code.co.co_name)
        if key == last:
            count += 1
            if count > _CUTOFF:
                continue
        else:
            if count > _CUTOFF:
                rows.append(_repeated(count - _CUTOFF))
            last = key
            count = 1
        rows.append(_format_entry(vm, frame, lasti, lineno))
    if count > _CUTOFF:
        rows.append(_repeated(count - _CUTOFF))
    return "".join(rows)


def _repeated(n: int) -> str:
    return "  [Previous line repeated %d more time%s]\n" % (n, "s" if n > 1 else "")


def _format_entry(vm, frame, lasti, lineno) -> str:
    code = frame.code
    co = code.co
    row = '  File "%s", line %s, in %s\n' % (co.co_filename, lineno if lineno is not None
                                            else -1, co.co_name)
    lines = _source_lines(vm, co.co_filename)
    if not lines or lineno is None or not 0 < lineno <= len(lines):
        return row
    line = lines[lineno - 1]
    stripped = line.strip()
    if not stripped:
        return row
    row += "    %s\n" % stripped
    if not vm.target.runtime("traceback_carets"):
        return row
    _, end_line, col, end_col = code.location(lasti)
    if col is None or end_col is None:
        return row
    raw = line.encode("utf-8")
    start = len(raw[:col].decode("utf-8", "replace"))
    if end_line == lineno:
        end = len(raw[:end_col].decode("utf-8", "replace"))
    else:
        end = len(line.rstrip())
    segment = line[start:end]
    anchors = segment_anchors(segment, vm.target.version) if end_line == lineno else None
    if not _show_carets(vm, line, start, end, stripped, segment, anchors):
        return row
    indent = len(line) - len(line.lstrip())
    carets = " " * (start - indent)
    if anchors:
        left, right = anchors
        carets += "~" * left + "^" * (right - left) + "~" * (end - start - right)
    else:
        carets += "^" * (end - start)
    return row + "    " + carets + "\n"


def _show_carets(vm, line, start, end, stripped, segment, anchors) -> bool:
    if vm.target.runtime("call_carets"):
        if _is_simple_call_statement(line, start, end, segment):
            return False
        if anchors:
            return True
        return bool(line[:start].strip() or line[end:].strip())
    return end - start < len(stripped) or bool(anchors and anchors[1] - anchors[0] > 0)


def _is_simple_call_statement(line, start, end, segment) -> bool:
    """3.13 shows no carets for ``return name(...)`` or ``x = name(...)`` whose call
    is the whole caret range."""
    before = line[:start].strip()
    if line[end:].strip():
        return False
    if before != "return" and not (before.endswith("=") and before[:-1].strip().isidentifier()
                                   and not before.endswith("==")):
        return False
    i = segment.find("(")
    return i > 0 and segment[:i].strip().isidentifier() and segment.endswith(")") and \
        _matching_open(segment, len(segment) - 1) == i


# -- the segment scanner ----------------------------------------------------------------------

_PRECEDENCE = {"|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "/": 6,
               "//": 6, "%": 6, "@": 6, "**": 8}
_OPERATOR_CHARS = "+-*/%@&|^<>=!~"


def _scan(segment: str):
    """Top-level tokens of ``segment``: a list of (kind, text, start) where kind is
    'op', 'open', 'close', 'atom' or 'other'; raises ValueError on odd input."""
    tokens = []
    depth = 0
    i = 0
    n = len(segment)
    while i < n:
        ch = segment[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "#":
            break
        if ch in "'\"":
            j = _skip_string(segment, i)
            tokens.append(("atom", segment[i:j], i, depth))
            i = j
            continue
        if ch in "([{":
            tokens.append(("open", ch, i, depth))
            depth += 1
            i += 1
            continue
        if ch in ")]}":
            depth -= 1
            tokens.append(("close", ch, i, depth))
            i += 1
            continue
        if ch.isalnum() or ch == "_" or ch == ".":
            j = i
            while j < n and (segment[j].isalnum() or segment[j] in "_."):
                j += 1
            tokens.append(("atom", segment[i:j], i, depth))
            i = j
            continue
        if ch in _OPERATOR_CHARS:
            j = i
            while j < n and segment[j] in _OPERATOR_CHARS and j - i < 3:
                j += 1
            text = segment[i:j]
            while text and text not in _PRECEDENCE and text not in (
                    "==", "!=", "<=", ">=", "<", ">", "~", "=", "->", "**=", "//="):
                text = text[:-1]
                j -= 1
            if not text:
                text = ch
                j = i + 1
            tokens.append(("op", text, i, depth))
            i = j
            continue
        tokens.append(("other", ch, i, depth))
        i += 1
    return tokens


def _skip_string(s: str, i: int) -> int:
    quote = s[i]
    triple = s[i:i + 3] == quote * 3
    j = i + (3 if triple else 1)
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if triple and s[j:j + 3] == quote * 3:
            return j + 3
        if not triple and s[j] == quote:
            return j + 1
        j += 1
    return j


def _matching_open(segment: str, close_index: int) -> int:
    tokens = _scan(segment)
    stack = []
    for kind, _text, pos, _depth in tokens:
        if kind == "open":
            stack.append(pos)
        elif kind == "close":
            if not stack:
                return -1
            start = stack.pop()
            if pos == close_index:
                return start
    return -1


# A segment starting with one of these is a statement, which has no anchors.
_STATEMENT_KEYWORDS = frozenset((
    "raise", "return", "assert", "del", "import", "from", "pass", "global", "nonlocal",
    "with", "for", "while", "if", "elif", "try", "def", "class", "yield", "await", "async",
    "lambda", "not"))


def segment_anchors(segment: str, version) -> Optional[Tuple[int, int]]:
    """(left, right) character offsets of the anchor inside ``segment``, or None."""
    try:
        tokens = _scan(segment)
    except (ValueError, IndexError):
        return None
    top = [t for t in tokens if t[3] == 0]
    if not top or (top[0][0] == "atom" and top[0][1] in _STATEMENT_KEYWORDS):
        return None
    for kind, text, _, _ in top:
        if kind == "op" and text in ("==", "!=", "<=", ">=", "<", ">", "=", "->"):
            return None
        if kind == "atom" and text in ("and", "or", "not", "if", "else", "lambda", "in",
                                       "is", "for", "await", "yield"):
            return None
        if kind == "other" and text in (",", ":"):
            return None
    binops = []
    prev = None
    for tok in top:
        kind, text = tok[0], tok[1]
        if kind == "op" and text in _PRECEDENCE and prev is not None and \
                not (prev[0] == "op") and not (prev[0] == "open"):
            binops.append(tok)
        prev = tok
    if binops:
        lowest = min(_PRECEDENCE[t[1]] for t in binops)
        candidates = [t for t in binops if _PRECEDENCE[t[1]] == lowest]
        op = candidates[0] if lowest == 8 else candidates[-1]
        left = op[2]
        return (left, left + len(op[1]))
    last = top[-1]
    if last[0] != "close" or len(top) < 2:
        return None
    opener = None
    for tok in reversed(top[:-1]):
        if tok[0] == "open":
            opener = tok
            break
    if opener is None or opener is top[0]:
        return None
    if last[1] == "]" and opener[1] == "[":
        return (opener[2], last[2] + 1)
    if last[1] == ")" and opener[1] == "(" and version >= (3, 13):
        return (opener[2], last[2] + 1)
    return None


# -- whole exceptions -------------------------------------------------------------------------

_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"
_MAX_GROUP_WIDTH = 15
_MAX_GROUP_DEPTH = 10


class _PrintContext:
    """The traceback module's _ExceptionPrintContext: exception groups are printed
    nested, each level indented two columns with a ``|`` margin."""

    def __init__(self) -> None:
        self.depth = 0
        self.need_close = False

    def indent(self) -> str:
        return " " * (2 * self.depth)

    def emit(self, text: str, margin: str = "|") -> str:
        prefix = self.indent() + (margin + " " if self.depth else "")
        if not prefix:
            return text
        return "".join(prefix + line for line in text.splitlines(True))


def _is_group(exc) -> bool:
    return is_subtype(exc.ob_type, R.exc["BaseExceptionGroup"])


def format_exception(vm, exc, seen=None, ctx=None) -> str:
    """TracebackException.format: the chain of causes and contexts (oldest first),
    and exception groups with their sub-exceptions."""
    if seen is None:
        seen = set()
    if ctx is None:
        ctx = _PrintContext()
    chain = []
    e = exc
    while e is not None:
        seen.add(id(e))
        if e.cause is not None and id(e.cause) not in seen:
            chain.append((_CAUSE, e))
            e = e.cause
        elif e.context is not None and not e.suppress_context and id(e.context) not in seen:
            chain.append((_CONTEXT, e))
            e = e.context
        else:
            chain.append((None, e))
            e = None
    out = []
    for index in range(len(chain) - 1, -1, -1):
        exc_i = chain[index][1]
        message = chain[index][0]
        if message is not None:
            out.append(ctx.emit(message))
        out.append(_format_one(vm, exc_i, seen, ctx))
    return "".join(out)


def _format_one(vm, exc, seen, ctx) -> str:
    out = []
    if not _is_group(exc):
        if exc.traceback is not None:
            out.append(ctx.emit("Traceback (most recent call last):\n" +
                                format_tb(vm, exc.traceback)))
        out.append(ctx.emit(format_exception_only(vm, exc)))
        return "".join(out)
    if ctx.depth > _MAX_GROUP_DEPTH:
        return ctx.emit("... (max_group_depth is %d)\n" % _MAX_GROUP_DEPTH)
    toplevel = ctx.depth == 0
    if toplevel:
        ctx.depth += 1
    if exc.traceback is not None:
        out.append(ctx.emit("Exception Group Traceback (most recent call last):\n",
                            margin="+" if toplevel else "|"))
        out.append(ctx.emit(format_tb(vm, exc.traceback)))
    out.append(ctx.emit(format_exception_only(vm, exc)))
    subs = list(exc.extra["exceptions"].items)
    n = len(subs) if len(subs) <= _MAX_GROUP_WIDTH else _MAX_GROUP_WIDTH + 1
    ctx.need_close = False
    for i in range(n):
        last = i == n - 1
        if last:
            ctx.need_close = True
        truncated = i >= _MAX_GROUP_WIDTH
        title = "..." if truncated else str(i + 1)
        out.append(ctx.indent() + ("+-" if i == 0 else "  ") +
                   "+---------------- %s ----------------\n" % title)
        ctx.depth += 1
        if not truncated:
            out.append(format_exception(vm, subs[i], seen, ctx))
        else:
            remaining = len(subs) - _MAX_GROUP_WIDTH
            out.append(ctx.emit("and %d more exception%s\n"
                                % (remaining, "s" if remaining > 1 else "")))
        if last and ctx.need_close:
            out.append(ctx.indent() + "+------------------------------------\n")
            ctx.need_close = False
        ctx.depth -= 1
    if toplevel:
        ctx.depth = 0
    return "".join(out)


def print_exception(vm, exc) -> None:
    vm.write_stderr(format_exception(vm, exc))


def format_unraisable(vm, exc, message: str, obj) -> str:
    from ..objects.abstract import repr_text
    head = message
    if obj is not None:
        try:
            head = "%s: %s" % (message, repr_text(obj))
        except PyErr as e:
            decref(e.exc)
    return head + "\n" + format_exception(vm, exc)
