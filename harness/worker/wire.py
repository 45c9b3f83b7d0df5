"""Version-neutral JSON encodings of the artifacts the layers compare.

This module is imported by the oracle worker inside every CPython 3.8-3.13 (so it
is standard library only and written for 3.8) and by the harness, which encodes
minivm's artifacts with the same functions.  Both sides of a comparison therefore
go through one encoder, and a difference in the JSON is a difference in the thing.

Values are encoded as ``[tag, payload]`` pairs so that ``1``, ``1.0`` and ``True``
stay apart, floats keep their sign and NaN bits (``float.hex``), and frozensets
keep their iteration order, which is what marshal writes.
"""

from __future__ import annotations

import ast
import struct

# -- values -------------------------------------------------------------------


def encode_value(value):
    """``[tag, payload]`` for a constant; code objects are encoded recursively."""
    kind = type(value)
    if value is None:
        return ["None", None]
    if value is Ellipsis:
        return ["Ellipsis", None]
    if kind is bool:
        return ["bool", value]
    if kind is int:
        return ["int", str(value)]
    if kind is float:
        return ["float", value.hex() if value == value else repr(value)]
    if kind is complex:
        return ["complex", [encode_value(value.real)[1], encode_value(value.imag)[1]]]
    if kind is str:
        return ["str", value]
    if kind is bytes:
        return ["bytes", value.hex()]
    if kind is tuple:
        return ["tuple", [encode_value(v) for v in value]]
    if issubclass(kind, frozenset):  # minivm's OrderedFrozenset: items in table order
        return ["frozenset", [encode_value(v) for v in value]]
    if kind is list:
        return ["list", [encode_value(v) for v in value]]
    if kind is set:
        return ["set", [encode_value(v) for v in value]]
    if kind is dict:
        return ["dict", [[encode_value(k), encode_value(v)] for k, v in value.items()]]
    if kind is slice:
        return ["slice", [encode_value(value.start), encode_value(value.stop),
                          encode_value(value.step)]]
    if hasattr(value, "co_code"):
        return ["code", code_to_json(value)]
    return [kind.__name__, repr(value)]


# -- code objects ----------------------------------------------------------------

#: Fields encoded when the object has them, in a fixed order.
CODE_FIELDS = (
    "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize",
    "co_flags", "co_code", "co_consts", "co_names", "co_varnames", "co_freevars",
    "co_cellvars", "co_localsplusnames", "co_localspluskinds", "co_filename", "co_name",
    "co_qualname", "co_firstlineno", "co_lnotab", "co_linetable", "co_exceptiontable",
)
_BYTES_FIELDS = ("co_code", "co_lnotab", "co_linetable", "co_exceptiontable",
                 "co_localspluskinds")


def code_to_json(code, with_lines=False):
    """Every ``co_*`` field the object has, recursively.  ``co_lines()`` and
    ``co_positions()`` are added when ``with_lines`` and the object has them."""
    out = {}
    for name in CODE_FIELDS:
        value = getattr(code, name, None) if _has(code, name) else None
        if value is None:
            continue
        if name == "co_consts":
            out[name] = [encode_value(v) for v in value]
        elif name in _BYTES_FIELDS:
            out[name] = bytes(value).hex()
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    if "co_localsplusnames" not in out and "co_exceptiontable" in out:
        names, kinds = localsplus_of(code)
        out["co_localsplusnames"] = list(names)
        out["co_localspluskinds"] = bytes(kinds).hex()
    if with_lines:
        if hasattr(code, "co_lines"):
            out["co_lines"] = [list(t) for t in code.co_lines()]
        if hasattr(code, "co_positions"):
            out["co_positions"] = [list(t) for t in code.co_positions()]
    return out


def _has(code, name):
    # co_lnotab is computed (and deprecated) from 3.10; it is not a stored field there.
    if name == "co_lnotab" and hasattr(code, "co_linetable"):
        return False
    try:
        getattr(code, name)
    except (AttributeError, ValueError):
        return False
    return True


def localsplus_of(code):
    """(names, kinds) of a CPython 3.11+ code object, read from its marshal form,
    the only place CPython exposes the kinds (``CO_FAST_HIDDEN`` included)."""
    import marshal
    reader = _MarshalPeek(marshal.dumps(code))
    fields = reader.code_header()
    return fields["co_localsplusnames"], fields["co_localspluskinds"]


class _MarshalPeek:
    """Just enough of marshal format 4 to read a 3.11+ code object's fields."""

    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.refs = []

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def long(self):
        value = struct.unpack_from("<i", self.data, self.pos)[0]
        self.pos += 4
        return value

    def raw(self, n):
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def code_header(self):
        code = self.byte() & 0x7F
        if code != ord("c"):
            raise ValueError("not a code object")
        flagged = self.data[self.pos - 1] & 0x80
        if flagged:
            self.refs.append(None)
        out = {}
        for name in ("co_argcount", "co_posonlyargcount", "co_kwonlyargcount",
                     "co_stacksize", "co_flags"):
            out[name] = self.long()
        for name in ("co_code", "co_consts", "co_names", "co_localsplusnames",
                     "co_localspluskinds"):
            out[name] = self.obj()
        return out

    def obj(self):
        byte = self.byte()
        flag, code = byte & 0x80, chr(byte & 0x7F)
        index = None
        if flag:
            index = len(self.refs)
            self.refs.append(None)
        value = self._read(code)
        if flag:
            self.refs[index] = value
        return value

    def _read(self, code):
        if code in "0NFTS.":
            return {"N": None, "F": False, "T": True, ".": Ellipsis}.get(code)
        if code == "i":
            return self.long()
        if code == "l":
            n = self.long()
            self.raw(2 * abs(n))
            return ("long", n)
        if code == "g":
            return struct.unpack("<d", self.raw(8))[0]
        if code == "y":
            return (struct.unpack("<d", self.raw(8))[0], struct.unpack("<d", self.raw(8))[0])
        if code == "s":
            return bytes(self.raw(self.long()))
        if code in "tu":
            return self.raw(self.long()).decode("utf-8", "surrogatepass")
        if code in "aA":
            return self.raw(self.long()).decode("latin-1")
        if code in "zZ":
            return self.raw(self.byte()).decode("latin-1")
        if code == ")":
            return tuple(self.obj() for _ in range(self.byte()))
        if code in "([<>":
            return tuple(self.obj() for _ in range(self.long()))
        if code == "{":
            items = []
            while self.data[self.pos] != ord("0"):
                items.append((self.obj(), self.obj()))
            self.pos += 1
            return tuple(items)
        if code == "r":
            return self.refs[self.long()]
        if code == "c":
            for _ in range(5):
                self.long()
            for _ in range(8):
                self.obj()
            self.long()
            self.obj()
            self.obj()
            return "<code>"
        raise ValueError("unknown marshal type code %r at %d" % (code, self.pos - 1))


# -- trees ----------------------------------------------------------------------------


def tree_to_json(node):
    """An ``ast`` tree as ``{"_type": name, field: ..., attribute: ...}``, every field
    and position attribute included, constants typed; lists stay lists."""
    if isinstance(node, ast.AST):
        out = {"_type": type(node).__name__}
        for name in node._fields:
            out[name] = tree_to_json(getattr(node, name, None))
        for name in getattr(node, "_attributes", ()):
            out[name] = getattr(node, name, None)
        return out
    if isinstance(node, list):
        return [tree_to_json(item) for item in node]
    if node is None or isinstance(node, str):
        return node
    return encode_value(node)


# -- symbol tables ------------------------------------------------------------------------


def symtable_to_json(table):
    """A ``symtable.SymbolTable`` as the JSON the ``symtable`` layer compares:
    type, name, lineno, optimized, nested, symbols as ``[name, raw flags]`` in the C
    table's order, and children in order."""
    kind = table.get_type()
    kind = getattr(kind, "value", kind)
    raw = table._table.symbols
    return {
        "type": str(kind),
        "name": table.get_name(),
        "lineno": table.get_lineno(),
        "optimized": bool(table.is_optimized()),
        "nested": bool(table.is_nested()),
        "symbols": [[name, raw[name]] for name in table.get_identifiers()],
        "children": [symtable_to_json(child) for child in table.get_children()],
    }


# -- errors ---------------------------------------------------------------------------------


def error_to_json(error):
    """The fields CPython's SyntaxError (and friends) carry, or type and message."""
    out = {"type": type(error).__name__, "msg": str(error)}
    if isinstance(error, SyntaxError):
        out["msg"] = error.msg
        for name in ("lineno", "offset", "end_lineno", "end_offset", "text", "filename"):
            out[name] = getattr(error, name, None)
    return out


# -- program runs -------------------------------------------------------------------------------

#: How a case's throwaway directory is written in what a program printed.
CASE_DIR = "<case>"


def hide_case_dir(result, folder):
    """Write the case's directory as ``<case>`` in a run's output, so runs in
    different directories compare equal (known.py: "case-directory")."""
    for key in ("stdout", "stderr", "message"):
        if result.get(key):
            result[key] = result[key].replace(folder, CASE_DIR)
    return result


def classify_run(result, verdict=None):
    """Set a run's ``status`` from how it ended: the limit that stopped it
    (``verdict``), a signal, MemoryError, another uncaught exception, a non-zero
    exit status, or ok."""
    if verdict:
        result["status"] = verdict
    elif "signal" in result:
        result["status"] = "signal"
    elif result.get("exception") == "MemoryError":
        result["status"] = "memory-limit"
    elif result.get("exception"):
        result["status"] = "exception"
    elif result.get("exit_status"):
        result["status"] = "exit"
    else:
        result["status"] = "ok"
    return result


_GROUP_LINE = None


def exception_from_stderr(stderr):
    """(type, message) of the uncaught exception a traceback on stderr ends with:
    its last unindented line, or for an exception group (3.11+) the ``  | Name: msg``
    line that heads the group."""
    import re
    global _GROUP_LINE
    if _GROUP_LINE is None:
        _GROUP_LINE = re.compile(r"^  \| ([A-Za-z_][\w.]*)(?:: ?(.*))?$")
    lines = stderr.rstrip("\n").split("\n")
    if any(line.startswith("  + Exception Group Traceback") for line in lines):
        for line in lines:
            match = _GROUP_LINE.match(line)
            if match and not line.startswith("  |   "):
                return match.group(1), match.group(2) or ""
    tops = [line for line in lines if line and not line[0].isspace()]
    if not tops:
        return None, None
    name, sep, message = tops[-1].partition(":")
    if not re.match(r"^[A-Za-z_][\w.]*$", name):
        return None, None
    return name, message[1:] if message.startswith(" ") else message
