"""Which objects CPython shares when it writes a .pyc: the FLAG_REF model.

Why this module exists
----------------------
CPython's marshal writer (``w_ref`` in ``Python/marshal.c``) sets ``FLAG_REF``
on an object unless the object's reference count is 1, and from 3.11 always on
interned strings; a flagged object gets the next reference index, and any later
occurrence of the *same object* is written as ``TYPE_REF`` with that index.  So
the bytes of a .pyc depend on facts a code object's values do not show: which
equal values are one object, and how many references each object has.

minivm's writer sees values, never CPython's objects.  This module rebuilds the
object graph CPython's compiler would have built for the same values, from what
is known of how the compiler and runtime make and share objects:

*Identity.*  Each value gets a key; values with equal keys are one object.

- Names (``co_names``, local, cell and free names, identifiers as ``co_name``)
  are interned by the parser, so every occurrence of a name is one object.
  A string constant made only of ASCII letters, digits and underscores is
  interned too when the code object is made (``intern_string_constants``), so
  it is that same object.  So are the runtime's single-character strings
  (``'a'``, ``'\\xe9'``: cached singletons) and the empty string.
- Every other constant goes through the compiler's constant cache
  (``merge_consts_recursive``/``_PyCode_ConstantKey``), keyed by type and value
  (``1``, ``1.0``, ``True``, ``0.0`` and ``-0.0`` apart), so equal constants of one
  compilation are one object, inside tuples and frozensets too.  Some code
  fields (the whole ``co_consts`` tuple, name tuples, and per version the line
  table, exception table or bytecode: ``Target.code_fields_merged``) go through
  the same cache, so they are shared with any equal field or constant.
- The other code fields are fresh objects of their code object: bytecode and
  line tables where not merged, ``co_localspluskinds``, a ``co_qualname`` that
  differs from ``co_name`` (an equal one *is* ``co_name``), names the compiler
  makes up such as 3.12's ``<generic parameters of X>``.  ``co_filename`` is
  one object for the whole file.  Code objects are their own identity (the
  compiler's merging of identical code objects shows in ``co_consts``).
- Small ints (-5..256), ``()``, ``''``, ``b''``, one-byte bytes constants and
  one-character strings below U+0100 are process-wide singletons; which of the
  non-name characters are interned already is ``Target.interned_chars``.

*Order of creation* matters in three places, replayed from ``co_consts`` order
(the compiler adds a code object's constants in that order and makes a nested
code object just before adding it to its parent):

- A class body stores ``__qualname__`` from a constant that is the class code's
  ``co_qualname`` object, unless an equal string reached the constant cache
  first (from 3.13 qualnames are interned, so also unless an equal qualname was
  interned by an earlier code object).
- Making a code object interns its string constants in place; a frozenset whose
  string is already interned as another object (a name of the module: the
  parser interned it first) is rebuilt for that code object alone, so equal
  frozensets of two functions are then two objects.
- 3.8 and 3.9 fold ``BUILD_TUPLE`` of constants (function defaults) in the
  peephole optimizer, after the cache: the trailing tuples of ``co_consts``
  whose items are earlier constants are fresh objects
  (``Target.peephole_appends_folded_tuples``).

*References.*  An object's count is the number of distinct containers holding
it in the tree being written (a shared container counts its items once),
plus *external* references: singletons, the names of anonymous code
(``<module>``, ``<lambda>``, ...: static strings of the runtime),
``co_filename`` (``py_compile`` holds the path), bytecode marshal fetches from
a per-code cache (3.11+), the top code object (held by ``py_compile``), every
interned string from 3.11 (immortal from 3.12), and, before 3.11, interned
strings that other live objects of the writing process refer to.  That last
set depends on the process, not the code; pass it as ``live_strings`` when it
is known (``benchmarks/pyc_stdlib.py --live`` asks the target interpreter),
otherwise such a name is taken to have no outside reference.  From 3.11 the same
knowledge decides two rarer things: a frozenset holding such a string is rebuilt
per code object (see below), and a 3.13 class whose qualname the process already
interned (a module the writing process imported itself) does not own the
qualname constant of its body.

Every set item is flagged where marshal holds a second reference to each while
it writes it (3.8: the set iterator's; 3.11+: a temporary sort pair's;
``Target.marshal_holds_set_items``).  From 3.11 it sorts the items by their own
marshalled bytes; before 3.11 it writes them in hash-table order (``setorder.py``).

What the model cannot know (before 3.11: which names the writing process holds
elsewhere, and a frozenset's order when its probes collide; in any version:
strings interned by other modules of the process, such as a keyword argument
name that is not ASCII) shows in the figures of ``benchmarks/pyc_stdlib.py``.

The model is checked against CPython twice: byte for byte against
``py_compile`` on the standard library (``benchmarks/pyc_stdlib.py``), and
identity for identity against the objects of CPython's own code objects
(``tests/test_pyc.py``).
"""

from __future__ import annotations

from typing import Any, Collection, Dict, Hashable, List, Optional, Set, Tuple

from ..compiler.code import Code, const_key
from ..versions import Target

#: Names the compiler gives code it makes for anonymous constructs; each is one
#: static string object of the runtime.
ANONYMOUS_NAMES = frozenset(("<module>", "<lambda>", "<genexpr>", "<listcomp>", "<setcomp>",
                             "<dictcomp>"))

#: Strings every runtime has interned before it compiles anything (the names of
#: the three keyword constants); a module cannot use them as names.
_RUNTIME_NAMES = frozenset(("None", "True", "False"))

_CO_OPTIMIZED = 0x1
_NAME_TUPLE_FIELDS = frozenset(("co_names", "co_varnames", "co_freevars", "co_cellvars",
                                "co_localsplusnames"))
_TUPLE_FIELDS = _NAME_TUPLE_FIELDS | {"co_consts"}
_BYTES_FIELDS = frozenset(("co_code", "co_lnotab", "co_linetable", "co_exceptiontable",
                           "co_localspluskinds"))
_SINGLETONS = (None, True, False, Ellipsis, StopIteration)
_SINGLETON_IDS = frozenset(id(value) for value in _SINGLETONS)

Key = Hashable


def all_name_chars(text: str) -> bool:
    """CPython's test for interning a string constant: ASCII letters, digits and
    underscores only (the empty string passes)."""
    return text.isascii() and (text.replace("_", "a").isalnum() or not text)


def is_singleton_str(text: str) -> bool:
    return len(text) == 0 or (len(text) == 1 and ord(text) < 256)


class Sharing:
    """The sharing model of one marshal write (see the module docstring).

    ``key(value, role, owner)`` names the object a value is; ``flagged(key)`` says
    whether CPython would set FLAG_REF on it; ``interned(key)`` whether a string
    is interned.  ``role`` is a code field name for a code object's fields,
    ``"name"`` for the items of name tuples, ``"const"`` for constants (at any
    depth) and for plain values, ``"top"`` for the object passed to ``dumps``.
    """

    def __init__(self, target: Target, root: Any, held: bool = True,
                 live_strings: Collection[str] = ()) -> None:
        self.target = target
        self.counts: Dict[Key, int] = {}
        self.interned_texts: Set[str] = set()
        self.external: Set[Key] = set()
        self.live_strings = frozenset(live_strings)
        self.first_adder: Dict[str, int] = {}
        self.own_qualnames: Set[str] = set()
        self.names: Set[str] = set()
        # Before 3.11 an anonymous function made at module level has the runtime's
        # static name as its qualname constant ("<lambda>"); a string literal with
        # that text is merged into it.
        self.static_qualnames: Set[str] = set()
        self.merged = target.code_fields_merged
        self.cached = target.code_fields_cached
        self.interned_fields = target.interned_code_strings
        self.interned_chars = target.interned_chars
        # Before 3.11 a function's qualname is a constant (MAKE_FUNCTION's operand),
        # and for anonymous code it is the runtime's static name string.
        self.qualname_consts = not target.has_qualname
        self._keys: Dict[Tuple[int, str, int], Key] = {}
        self._identifier_tuples: Dict[int, Set[int]] = {}
        self._folded: Dict[int, List[int]] = {}
        if isinstance(root, Code):
            self._find_first_adders(root)
            self._find_names(root)
        self._count(root)
        self._finish_interning()
        if held:
            root_key = self.key(root, "top", None)
            if root_key is not None:
                self.external.add(root_key)

    # -- identity -----------------------------------------------------------------

    def key(self, value: Any, role: str, owner: Optional[Code]) -> Optional[Key]:
        """The identity of ``value`` in ``role`` (``None`` for None, True, False,
        Ellipsis and StopIteration, which marshal writes without references)."""
        if id(value) in _SINGLETON_IDS:
            return None
        if isinstance(value, Code):
            return ("code", id(value))
        if role == "name":
            return ("str", value)
        # Both passes ask for every object; the values live as long as this model.
        memo = (id(value), role, id(owner))
        found = self._keys.get(memo)
        if found is None:
            found = self._keys[memo] = self._key(value, role, owner)
        return found

    def _key(self, value: Any, role: str, owner: Optional[Code]) -> Key:
        if role in ("const", "top", "identifiers"):
            return self._const_key(value, owner)
        if role == "identifier":
            if type(value) is str and not value.isascii():
                return ("str", value)
            return self._const_key(value, owner)
        if role.startswith("folded"):
            return ("fresh", role, id(owner))
        handler = _FIELD_KEYS.get(role)
        if handler is None:
            raise ValueError("no sharing rule for role %r" % role)
        return handler(self, value, role, owner)

    def _const_key(self, value: Any, owner: Optional[Code] = None) -> Key:
        kind = type(value)
        if isinstance(value, frozenset) and owner is not None and self._reinterned(value):
            # Making the code object interns the set's strings; when one of them
            # is already interned as another object (a name of the module), the
            # set is rebuilt for this code object alone.
            return ("fresh", "frozenset", id(owner)) + _cache_key(value)
        if kind is str:
            if is_singleton_str(value) or all_name_chars(value) or (
                    value in self.static_qualnames):
                return ("str", value)
            if value in self.own_qualnames and "co_qualname" in self.interned_fields:
                return ("str", value)
        elif kind is bytes and len(value) <= 1:
            return ("bytes", value)
        elif kind is int and -5 <= value <= 256:
            return ("int", value)
        elif kind is tuple and not value:
            return ("tuple", ())
        elif kind in (list, dict, set):
            return ("object", id(value))
        return _merged_key(value)

    def _tuple_field_key(self, value: Any, role: str, owner: Optional[Code]) -> Key:
        if value == ():
            return ("tuple", ())
        if role in self.merged:
            return _merged_key(value)
        return ("fresh", role, id(owner))

    def _bytes_field_key(self, value: Any, role: str, owner: Optional[Code]) -> Key:
        if value == b"":
            return ("bytes", b"")
        if role in self.merged:
            return _merged_key(value)
        return ("fresh", role, id(owner))

    def _filename_key(self, value: Any, role: str, owner: Optional[Code]) -> Key:
        if "co_filename" in self.interned_fields or is_singleton_str(value):
            return ("str", value)
        return ("filename", value)

    def _name_key(self, value: Any, role: str, owner: Optional[Code]) -> Key:
        if "co_name" in self.interned_fields or value in ANONYMOUS_NAMES \
                or value.isidentifier() or is_singleton_str(value):
            return ("str", value)
        return ("fresh", "co_name", id(owner))

    def _qualname_key(self, value: Any, role: str, owner: Optional[Code]) -> Key:
        if "co_qualname" in self.interned_fields:
            return ("str", value)
        if owner is not None and value == owner.co_name:
            return self._name_key(value, "co_name", owner)
        if owner is not None and value in self.own_qualnames and \
                self.first_adder.get(value) == id(owner):
            # A class body stores its __qualname__ from a constant: the qualname
            # object itself, unless an equal constant reached the cache earlier.
            return self._const_key(value)
        return ("fresh", role, id(owner))

    # -- references -----------------------------------------------------------------

    def flagged(self, key: Key) -> bool:
        """CPython's ``w_ref`` test: more than one reference, or interned (3.11+)."""
        return self.counts.get(key, 0) > 1 or key in self.external

    def interned(self, key: Key) -> bool:
        return key[0] == "str" and key[1] in self.interned_texts

    def _find_first_adders(self, root: Code) -> None:
        """For each string constant, the code object that put it in the constant
        cache first, and the code objects that own the object their qualname
        constant is.  The compiler adds a code object's constants in
        ``co_consts`` order, compiles a nested code object (adding its constants
        and then making it) just before adding it to its parent, and interns a
        3.13 qualname when it makes the code object."""
        made_qualnames: Set[str] = set()
        interning = "co_qualname" in self.interned_fields
        stack: List[Any] = [(root, 0)]
        while stack:
            code, index = stack.pop()
            consts = code.co_consts
            while index < len(consts):
                const = consts[index]
                index += 1
                if isinstance(const, Code):
                    stack.append((code, index))
                    stack.append((const, 0))
                    break
                for text in _strings_in(const):
                    self.first_adder.setdefault(text, id(code))
            else:
                qualname = code.co_qualname
                if self.first_adder.get(qualname) == id(code) and code is not root \
                        and not code.co_flags & _CO_OPTIMIZED and not (
                            interning and (qualname in made_qualnames
                                           or qualname in self.live_strings)):
                    self.own_qualnames.add(qualname)
                made_qualnames.add(qualname)

    def _find_names(self, root: Code) -> None:
        """Every identifier of the module: the parser interns these before the
        compiler makes any constant."""
        if self.qualname_consts:
            # Only at module level is an anonymous function's qualname its bare
            # name (deeper it is dotted: a literal '<genexpr>' in a method is
            # just a string constant), and the static string is the cached
            # constant only if no equal literal reached the cache before it.
            for const in root.co_consts:
                if isinstance(const, Code) and const.co_name in ANONYMOUS_NAMES and \
                        const.co_name in root.co_consts and \
                        self.first_adder.get(const.co_name) == id(root):
                    self.static_qualnames.add(const.co_name)
        for code in _codes(root):
            for field in _NAME_TUPLE_FIELDS:
                self.names.update(getattr(code, field) or ())
            if code.co_name.isidentifier():
                self.names.add(code.co_name)

    def _reinterned(self, value: frozenset) -> bool:
        for item in value:
            if type(item) is not str or not all_name_chars(item):
                continue
            if item in self.target.chars_interned_apart if is_singleton_str(item) \
                    else item in self.names or item in _RUNTIME_NAMES \
                    or item in self.live_strings:
                return True
        return False

    def _count(self, root: Any) -> None:
        """Count references to each object of the tree, visiting a shared container
        once, and note interned strings and external references on the way."""
        _check_depth(root)
        seen: Set[Key] = set()
        stack: List[Tuple[Any, str, Optional[Code]]] = [(root, "top", None)]
        while stack:
            value, role, owner = stack.pop()
            key = self.key(value, role, owner)
            if key is None:
                continue
            self.counts[key] = self.counts.get(key, 0) + 1
            self._note(key, value, role)
            if key in seen:
                continue
            seen.add(key)
            stack.extend(self.children(value, role, owner))

    def _note(self, key: Key, value: Any, role: str) -> None:
        kind = key[0]
        if kind == "str":
            text = value
            if (role in ("name", "co_name", "identifier") and text not in ANONYMOUS_NAMES) \
                    or all_name_chars(text) or role in self.interned_fields \
                    or (text in ANONYMOUS_NAMES and "anonymous" in self.interned_fields) \
                    or text in self.interned_chars:
                self.interned_texts.add(text)
            if is_singleton_str(text) or text in ANONYMOUS_NAMES \
                    or text in self.live_strings:
                self.external.add(key)
        elif kind in ("int", "bytes", "tuple", "filename"):
            self.external.add(key)
        elif kind == "fresh" and key[1] in self.cached:
            self.external.add(key)

    def _finish_interning(self) -> None:
        """Interning is decided over the whole tree: a string interned anywhere is
        interned (and, from 3.11, flagged) everywhere."""
        if self.target.marshal_refs_interned:
            for text in self.interned_texts:
                self.external.add(("str", text))

    def children(self, value: Any, role: str,
                 owner: Optional[Code]) -> List[Tuple[Any, str, Optional[Code]]]:
        """The objects ``value`` holds, with their roles and the code object whose
        field holds them (at any depth)."""
        if isinstance(value, Code):
            return [(v, f, value) for f, v in value.stored().items()
                    if not isinstance(v, int) or isinstance(v, bool)]
        kind = type(value)
        if kind is tuple:
            return list(zip(value, self.tuple_item_roles(value, role, owner),
                            [owner] * len(value)))
        if kind in (list, set) or isinstance(value, frozenset):
            return [(v, "const", owner) for v in value]
        if kind is dict:
            return [(v, "const", owner) for pair in value.items() for v in pair]
        return []

    def tuple_item_roles(self, value: tuple, role: str, owner: Optional[Code]) -> List[str]:
        if role in _NAME_TUPLE_FIELDS:
            return ["name"] * len(value)
        if role == "identifiers":
            return ["identifier"] * len(value)
        roles = ["const"] * len(value)
        if role != "co_consts":
            return roles
        if owner is not None:
            # Keyword names of a call, names of a from-import: tuples the
            # compiler fills with the parser's interned identifiers.
            found = self._identifier_tuples.get(id(owner))
            if found is None:
                found = self._identifier_tuples[id(owner)] = _identifier_tuples(
                    owner, self.target)
            for index in found:
                if index < len(roles) and type(value[index]) is tuple:
                    roles[index] = "identifiers"
        if self.target.peephole_appends_folded_tuples and owner is not None:
            folded = self._folded.get(id(owner))
            if folded is None:
                folded = self._folded[id(owner)] = _folded_tuples(value, owner, self.target)
            for index in folded:
                roles[index] = "folded:%d" % index
        return roles


_FIELD_KEYS = {}
for _field in _TUPLE_FIELDS:
    _FIELD_KEYS[_field] = Sharing._tuple_field_key
for _field in _BYTES_FIELDS:
    _FIELD_KEYS[_field] = Sharing._bytes_field_key
_FIELD_KEYS["co_filename"] = Sharing._filename_key
_FIELD_KEYS["co_name"] = Sharing._name_key
_FIELD_KEYS["co_qualname"] = Sharing._qualname_key


def _cache_key(value: Any) -> Key:
    """``const_key`` as the constant cache compares: a NaN is only ever equal to
    itself (the cache compares by identity first), so NaNs are never merged."""
    kind = type(value)
    if kind is float and value != value:
        return ("nan", id(value))
    if kind is complex and (value.real != value.real or value.imag != value.imag):
        return ("nan", id(value))
    if kind is tuple:
        return ("tuple",) + tuple(_cache_key(v) for v in value)
    if isinstance(value, frozenset):  # an OrderedFrozenset too
        return ("frozenset", frozenset(_cache_key(v) for v in value))
    return const_key(value)


def _merged_key(value: Any) -> Key:
    """The constant cache's key: equal constants of one compilation are one object."""
    try:
        key = ("const",) + _cache_key(value)
        hash(key)
    except (TypeError, RecursionError):
        # A plain value: a tuple holding a list (or nested past the host's
        # recursion limit) is taken to be its own object.
        return ("object", id(value))
    return key


def _check_depth(root: Any) -> None:
    """CPython's writer refuses nesting deeper than ``MAX_MARSHAL_STACK_DEPTH``;
    refuse it before the model computes keys recursively."""
    from .marshal import MAX_MARSHAL_STACK_DEPTH
    stack = [(root, 1)]
    seen: Set[int] = set()
    while stack:
        value, depth = stack.pop()
        if id(value) in seen:
            continue  # written again as a reference, one level deep
        seen.add(id(value))
        if depth > MAX_MARSHAL_STACK_DEPTH:
            raise ValueError("object too deeply nested to marshal (depth %d)" % depth)
        if isinstance(value, Code):
            stack.extend((v, depth + 1) for v in value.stored().values())
        elif type(value) in (tuple, list, set) or isinstance(value, frozenset):
            stack.extend((v, depth + 1) for v in value)
        elif type(value) is dict:
            stack.extend((v, depth + 1) for pair in value.items() for v in pair)


def _strings_in(const: Any) -> List[str]:
    if type(const) is str:
        return [const]
    if type(const) is tuple or isinstance(const, frozenset):
        return [text for item in const for text in _strings_in(item)]
    return []


#: Instructions whose operand tuple (the constant loaded just before) holds
#: identifiers: keyword names and from-import names.
_TAKES_IDENTIFIERS = frozenset(("CALL_FUNCTION_KW", "CALL_KW", "IMPORT_NAME"))


def _identifier_tuples(code: Code, target: Target) -> Set[int]:
    """Indexes of the constants ``code`` uses as tuples of identifiers: the
    operand of ``KW_NAMES`` (3.11, 3.12), or a ``LOAD_CONST`` right before
    ``CALL_FUNCTION_KW`` / ``CALL_KW`` / ``IMPORT_NAME``."""
    found: Set[int] = set()
    previous: Optional[Tuple[str, int]] = None
    for name, arg in _instructions(code, target):
        if name == "KW_NAMES":
            found.add(arg)
        elif name in _TAKES_IDENTIFIERS and previous and previous[0] == "LOAD_CONST":
            found.add(previous[1])
        previous = (name, arg)
    return found


def _folded_tuples(consts: tuple, code: Code, target: Target) -> List[int]:
    """Indexes of the tuples the 3.8/3.9 peephole optimizer appended to ``consts``.

    ``fold_tuple_on_constants`` (``Python/peephole.c``) runs after the compiler
    has added every constant: it turns ``LOAD_CONST``s + ``BUILD_TUPLE`` into one
    ``LOAD_CONST`` of a new tuple of those very constants, appended to the list
    without a cache lookup.  So the folds are in the trailing run of tuples whose
    items are earlier constants, each loaded exactly once (a fold is never folded
    again).  One of the run is taken to be a fold when the code shows it:

    - it equals an earlier constant (the compiler's constants are all distinct);
    - one of its items is loaded nowhere else (its load was folded away), and
      no later fold holds that item;
    - it is consumed where the compiler builds a tuple the AST optimizer cannot
      fold (``_takes_fold``: function defaults, a call's positional arguments
      before ``**``, the head of a 3.8 starred display or call).
    """
    keys = [const_key(c) for c in consts]
    first_index: Dict[Key, int] = {}
    for index, key in enumerate(keys):
        first_index.setdefault(key, index)
    program = _instructions(code, target)
    loads: Dict[int, List[int]] = {}
    for position, (name, arg) in enumerate(program):
        if name == "LOAD_CONST":
            loads.setdefault(arg, []).append(position)
    found = []
    folded_items: Set[int] = set()  # constants whose lost loads a later fold explains
    index = len(consts) - 1
    while index >= 0 and type(consts[index]) is tuple and consts[index]:
        items = [first_index.get(const_key(item), index) for item in consts[index]]
        if any(item >= index for item in items):
            break
        where = loads.get(index, ())
        if len(where) == 1 and (
                first_index[keys[index]] < index
                or any(item and item not in loads and item not in folded_items
                       for item in items)
                or _takes_fold(program, where[0])):
            found.append(index)
            folded_items.update(items)
        index -= 1
    return found


def _popcount(value: int) -> int:
    return bin(value).count("1")


#: ``(pops, pushes)`` of the 3.8/3.9 instructions that can stand between a
#: tuple's ``LOAD_CONST`` and the instruction that takes it, in straight-line
#: code; any other instruction ends the search (no evidence of a fold).
_STACK_USE = {
    "LOAD_ATTR": (1, 1), "LOAD_METHOD": (1, 2), "DUP_TOP": (1, 2), "GET_ITER": (1, 1),
    "BINARY_SUBSCR": (2, 1), "COMPARE_OP": (2, 1), "IS_OP": (2, 1), "CONTAINS_OP": (2, 1),
    "LIST_TO_TUPLE": (1, 1), "LIST_APPEND": (1, 0), "LIST_EXTEND": (1, 0),
    "SET_ADD": (1, 0), "SET_UPDATE": (1, 0), "DICT_UPDATE": (1, 0), "DICT_MERGE": (1, 0),
}
_STACK_USE_OF_ARG = {
    "BUILD_TUPLE": lambda n: (n, 1), "BUILD_LIST": lambda n: (n, 1),
    "BUILD_SET": lambda n: (n, 1), "BUILD_STRING": lambda n: (n, 1),
    "BUILD_SLICE": lambda n: (n, 1), "BUILD_MAP": lambda n: (2 * n, 1),
    "BUILD_CONST_KEY_MAP": lambda n: (n + 1, 1),
    "MAKE_FUNCTION": lambda flags: (2 + _popcount(flags & 0xF), 1),
    "CALL_FUNCTION": lambda n: (n + 1, 1), "CALL_FUNCTION_KW": lambda n: (n + 2, 1),
    "CALL_METHOD": lambda n: (n + 2, 1), "CALL_FUNCTION_EX": lambda flags: (2 + (flags & 1), 1),
    "FORMAT_VALUE": lambda flags: (2 if flags & 4 else 1, 1),
}


def _stack_use(name: str, arg: int) -> Optional[Tuple[int, int]]:
    if name.startswith("BUILD_") and name.endswith(("_UNPACK", "_UNPACK_WITH_CALL")):
        return (arg, 1)
    if name in ("LOAD_CONST", "LOAD_FAST", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_DEREF",
                "LOAD_CLOSURE", "LOAD_CLASSDEREF", "LOAD_BUILD_CLASS"):
        return (0, 1)
    if name.startswith(("BINARY_", "INPLACE_")):
        return (2, 1)
    if name.startswith("UNARY_"):
        return (1, 1)
    found = _STACK_USE_OF_ARG.get(name)
    return found(arg) if found else _STACK_USE.get(name)


#: How far after a tuple's load its taker is looked for (a long run of tuple
#: constants would otherwise cost a scan of the rest of the code each).
_FOLD_REACH = 256


def _takes_fold(program: List[Tuple[str, int]], position: int) -> bool:
    """Whether the value loaded at ``position`` is taken, in straight-line code,
    as an operand the 3.8/3.9 compiler always builds with ``BUILD_TUPLE``: a
    ``MAKE_FUNCTION``'s defaults, ``CALL_FUNCTION_EX``'s positional arguments,
    or a part of a 3.8 ``BUILD_*_UNPACK``."""
    above = 0  # values pushed over the tuple since its load
    for name, arg in program[position + 1:position + 1 + _FOLD_REACH]:
        use = _stack_use(name, arg)
        if use is None:
            return False
        pops, pushes = use
        if pops <= above:
            above += pushes - pops
            continue
        slot = pops - 1 - above  # the tuple's operand, counted from the deepest
        if name == "MAKE_FUNCTION":
            return bool(arg & 1) and slot == 0
        if name == "CALL_FUNCTION_EX":
            return slot == 1
        return name.endswith(("_UNPACK", "_UNPACK_WITH_CALL"))
    return False


def _instructions(code: Code, target: Target) -> List[Tuple[str, int]]:
    """``(opname, oparg)`` of each instruction (EXTENDED_ARG folded in, inline
    caches skipped)."""
    program = []
    opname = target.opname
    raw = code.co_code
    extended = 0
    index = 0
    while index + 1 < len(raw):
        name = opname.get(raw[index], "")
        arg = raw[index + 1] | extended
        index += 2 * (1 + target.caches(name)) if name else 2
        if name == "EXTENDED_ARG":
            extended = arg << 8
            continue
        extended = 0
        program.append((name, arg))
    return program


def _codes(root: Code) -> List[Code]:
    """``root`` and every code object nested in its constants."""
    found = []
    stack = [root]
    while stack:
        code = stack.pop()
        found.append(code)
        stack.extend(c for c in code.co_consts if isinstance(c, Code))
    return found
