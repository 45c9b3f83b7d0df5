"""Literals: numbers, strings, bytes and f-strings, as the parser's actions make
them (``Parser/action_helpers.c``, ``Parser/string_parser.c``; 3.8: ``ast.c``).

Two f-string machines, as in CPython:

* up to 3.11 an f-string is one STRING token; its text is scanned here
  (:class:`LegacyFString`) and each replacement field's expression is parsed
  by a sub-parser run on ``"(" + expression + ")"``, whose token positions are
  shifted to where the expression sits in the file, with CPython's quirks
  (3.9-3.11: columns on later lines of a triple-quoted string are off by the
  token's start column; 3.8: the expression is found by searching its text);
* from 3.12 the tokenizer splits f-strings (FSTRING_START, FSTRING_MIDDLE,
  FSTRING_END) and the grammar parses them (:class:`LiteralRules` methods
  ``fstring`` and below).

Escape sequences are decoded with the ``unicode_escape`` and ``escape`` codecs,
after CPython's own preparation of the text (non-ASCII characters become
``\\U`` escapes so that the codec sees only ASCII).
"""

from __future__ import annotations

import ast
import codecs
import re
import warnings
from typing import Any, List, Optional

from .errors import ParseAbort

# A backslash pair stays as it is; a backslash before a non-ASCII character
# (or at the very end) is a literal backslash; non-ASCII runs become \U escapes.
_NON_ASCII = re.compile(r"\\[\x00-\x7f]|\\(?=[^\x00-\x7f]|$)|[^\x00-\x7f]+", re.S)


def parse_number_text(text: str) -> Any:
    """``parsenumber``: underscores dropped; a trailing j makes an imaginary
    number; then an int if it reads as one (any base), else a float."""
    if "_" in text:
        text = text.replace("_", "")
    if text[-1] in "jJ":
        return complex(0.0, float(text[:-1]))
    try:
        return int(text, 0)
    except ValueError:
        if text[:2].lower() in ("0x", "0o", "0b") or text.isdigit():
            raise
        return float(text)


def _escape_non_ascii(match) -> str:
    text = match.group(0)
    if text[0] == "\\":
        return text if len(text) == 2 else "\\u005c"
    return "".join("\\U%08x" % ord(char) for char in text)


def decode_unicode_escapes(body: str) -> str:
    """``decode_unicode_with_escapes``: raises UnicodeDecodeError as the codec
    does, on the same (prepared) text, so messages and positions match."""
    if not body.isascii() or body.endswith("\\"):
        body = _NON_ASCII.sub(_escape_non_ascii, body)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return codecs.unicode_escape_decode(body.encode("ascii"))[0]


def decode_bytes_escapes(body: str) -> bytes:
    """``decode_bytes_with_escapes``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return codecs.escape_decode(body.encode("ascii"))[0]


def split_string_token(text: str):
    """A STRING token's prefix flags and body (between the quotes)."""
    index = 0
    bytes_mode = raw = fmode = False
    unicode_prefix = False
    while text[index] not in "'\"":
        char = text[index].lower()
        if char == "b":
            bytes_mode = True
        elif char == "r":
            raw = True
        elif char == "f":
            fmode = True
        elif char == "u":
            unicode_prefix = True
        index += 1
    quote = text[index]
    if text.startswith(quote * 3, index) and len(text) - index >= 6:
        body = text[index + 3:-3]
    else:
        body = text[index + 1:-1]
    return bytes_mode, raw, fmode, unicode_prefix, body, index


class LiteralRules:
    """Mixin: atoms that are literals."""

    def parse_number(self, tok: Any) -> Any:
        """``_PyPegen_number_token``."""
        try:
            return parse_number_text(tok.string)
        except ValueError as error:
            self.raise_error_known_location(
                SyntaxError, tok.lineno, 0, tok.end_lineno, 0,
                "%s - Consider hexadecimal for huge integer literals to avoid decimal "
                "conversion limits." % error)

    def strings(self) -> Optional[Any]:
        """strings (memo): STRING+  (3.12+: (fstring | string)+)"""
        pos = self.pos
        memo = self.memo_strings
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        if self.has_fstring_tokens:
            result = self._strings_312()
        else:
            result = self._strings_legacy()
        memo[pos] = (result, self.pos)
        return result

    def decode_error(self, error: Exception) -> None:
        """``_Pypegen_raise_decode_error``: "(unicode error) ..." at the last token read."""
        kind = "unicode error" if isinstance(error, UnicodeError) else "value error"
        if not self.peg and self.ll1_atom is not None:
            # 3.8 (ast.c): at the literal's first string
            self.error_at(self.ll1_atom, "(%s) %s" % (kind, error))
        self.raise_error(SyntaxError, "(%s) %s" % (kind, error))

    def decode_string(self, body: str, raw: bool, bytes_mode: bool, tok: Any) -> Any:
        """``_PyPegen_parsestr`` for a non-f-string body."""
        raw = raw or "\\" not in body
        if bytes_mode:
            if not tok.string.isascii():
                msg = "bytes can only contain ASCII literal characters"
                if not self.v310:
                    msg += "."
                if self.peg and not self.has_fstring_tokens:
                    # 3.9-3.11 raised it at the last token read.
                    self.raise_error(SyntaxError, msg)
                self.error_at(tok, msg)
            if raw:
                return body.encode("ascii")
            try:
                return decode_bytes_escapes(body)
            except ValueError as error:
                self.decode_error(error)
        if not body.isascii() and _has_undecodable(body):
            self.undecodable_string(body, tok)
        if raw:
            return body
        try:
            return decode_unicode_escapes(body)
        except (UnicodeDecodeError, ValueError) as error:
            self.decode_error(error)

    def undecodable_string(self, body: str, tok: Any) -> None:
        """A string literal holding bytes that are not UTF-8: the error of
        decoding it (3.8: at the literal)."""
        try:
            body.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeDecodeError as error:
            if not self.peg:
                self.error_at(tok, "(unicode error) %s" % error)
            self.decode_error(error)

    # -- up to 3.11: STRING+ -------------------------------------------------------

    def _strings_legacy(self) -> Optional[Any]:
        tokens = self.tokens
        first_index = self.pos
        while tokens[self.pos].type == "STRING":
            self.pos += 1
        if self.pos == first_index:
            return None
        # pegen's STRING+ loop (and 3.8's parser) reads one token past the
        # last string.
        tokens[self.pos]
        group = [tokens[i] for i in range(first_index, self.pos)]
        if self.peg:
            return self.concatenate_legacy(group)
        self.ll1_atom = group[0]
        try:
            return self.concatenate_legacy(group)
        except ParseAbort as abort:
            # 3.8: ast.c meets a bad literal only once the whole input has
            # parsed; a parse error anywhere comes first.
            if self.ll1_deferred is None:
                self.ll1_deferred = abort.error
            return self.span(ast.Constant(None, None), group[0], group[-1])

    def concatenate_legacy(self, group: List[Any]) -> Any:
        """``_PyPegen_concatenate_strings`` (3.9-3.11) / ``parsestrplus`` (3.8)."""
        first, last = group[0], group[-1]
        state = FStringState()
        bytes_value = None
        bytes_mode = False
        for index, tok in enumerate(group):
            this_bytes, raw, fmode, _u, body, _ = split_string_token(tok.string)
            if index and bytes_mode != this_bytes:
                if not self.peg:
                    # 3.8 (ast.c): at the first string
                    self.error_at(first, "cannot mix bytes and nonbytes literals")
                self.raise_error(SyntaxError, "cannot mix bytes and nonbytes literals")
            bytes_mode = this_bytes
            if fmode:
                LegacyFString(self, state, body, raw, first, tok, last).parse_top()
                continue
            value = self.decode_string(body, raw, this_bytes, tok)
            if bytes_mode:
                bytes_value = value if bytes_value is None else bytes_value + value
            else:
                state.add_literal(value)
        if bytes_mode:
            return self.span(ast.Constant(bytes_value, None), first, last)
        return state.finish(self, first, last)

    # -- 3.12+: the f-string grammar -------------------------------------------------

    def _strings_312(self) -> Optional[Any]:
        tokens = self.tokens
        start = tokens[self.pos]
        parts = []
        while True:
            tok = tokens[self.pos]
            if tok.type == "STRING":
                self.pos += 1
                parts.append(self.constant_from_string(tok))
            elif tok.type == "FSTRING_START":
                mark = self.pos
                node = self.fstring()
                if node is None:
                    self.pos = mark
                    break
                parts.append(node)
            else:
                break
        if not parts:
            return None
        end = tokens[self.pos - 1]
        return self.concatenate_312(parts, start, end)

    def constant_from_string(self, tok: Any) -> Any:
        """``_PyPegen_constant_from_string``."""
        bytes_mode, raw, _f, _u, body, _ = split_string_token(tok.string)
        value = self.decode_string(body, raw, bytes_mode, tok)
        kind = "u" if tok.string[0] == "u" else None
        return self.span(ast.Constant(value, kind), tok, tok)

    def fstring(self) -> Optional[Any]:
        """fstring: FSTRING_START fstring_middle* FSTRING_END"""
        start = self.expect("FSTRING_START")
        if start is None:
            return None
        items = []
        while True:
            mark = self.pos
            item = self.fstring_middle()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        end = self.expect("FSTRING_END")
        if end is None:
            return None
        return self.joined_str(start, items, end)

    def fstring_middle(self) -> Optional[Any]:
        """fstring_middle: fstring_replacement_field | FSTRING_MIDDLE"""
        node = self.fstring_replacement_field()
        if node is not None:
            return node
        tok = self.expect("FSTRING_MIDDLE")
        if tok is None:
            return None
        return self.span(ast.Constant(tok.string, None), tok, tok)

    def fstring_replacement_field(self) -> Optional[Any]:
        """fstring_replacement_field: '{' (yield_expr | star_expressions) '='?
        [fstring_conversion] [fstring_full_format_spec] '}'
        | invalid_replacement_field"""
        pos = self.pos
        start = self.expect("{")
        if start is not None:
            node = self._replacement_field(start)
            if node is not None:
                return node
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_replacement_field()
            self.pos = pos
        return None

    def _replacement_field(self, start: Any) -> Optional[Any]:
        tokens = self.tokens
        value = self.yield_expr()
        if value is None:
            value = self.star_expressions()
        if value is None:
            return None
        debug = self.expect("=")
        conversion = None
        if tokens[self.pos].type == "!":
            mark = self.pos
            conversion = self.fstring_conversion()
            if conversion is None:
                self.pos = mark
        spec = None
        if tokens[self.pos].type == ":":
            spec = self.fstring_full_format_spec()
        closing = self.expect("}")
        if closing is None:
            return None
        return self.formatted_value(value, debug, conversion, spec, start, closing)

    def fstring_conversion(self) -> Optional[tuple]:
        """fstring_conversion: "!" NAME  (the NAME must follow at once)"""
        bang = self.expect("!")
        name = self.expect("NAME")
        if bang is None or name is None:
            return None
        if bang.lineno != name.lineno or bang.end_col != name.col:
            self.error_range(bang, name, "f-string: conversion type must come right after "
                                         "the exclamanation mark")
        return (self.name_node(name, None), bang)

    def fstring_full_format_spec(self) -> Optional[tuple]:
        """fstring_full_format_spec: ':' fstring_format_spec*"""
        colon = self.expect(":")
        if colon is None:
            return None
        spec = []
        while True:
            tok = self.tokens[self.pos]
            if tok.type == "FSTRING_MIDDLE":
                self.pos += 1
                value = self.decode_fstring_text(tok.string, False, tok)
                spec.append(self.span(ast.Constant(value, None), tok, tok))
                continue
            mark = self.pos
            field = self.fstring_replacement_field()
            if field is None:
                self.pos = mark
                break
            spec.append(field)
        end = self.last_token()
        if not self.target.frontend("fstring_spec_cleanup"):
            # 3.12: an empty spec is an empty JoinedStr; otherwise parts as they are.
            if len(spec) == 1 and _is_empty_str(spec[0]):
                spec = []
            return (self.span(ast.JoinedStr(spec), colon, end), colon)
        spec = [item for item in spec if not _is_empty_str(item)]
        if not spec or (len(spec) == 1 and isinstance(spec[0], ast.Constant)):
            node = self.span(ast.JoinedStr(spec), colon, end)
        else:
            node = self.concatenate_312(spec, colon, end)
        return (node, colon)

    def formatted_value(self, value: Any, debug: Any, conversion: Optional[tuple],
                        spec: Optional[tuple], start: Any, closing: Any) -> Any:
        """``_PyPegen_formatted_value``: the FormattedValue, preceded by the debug
        text of ``{expr=}`` in a small JoinedStr (flattened by the caller)."""
        code = -1
        if conversion is not None:
            name = conversion[0]
            if len(name.id) > 1 or name.id not in "sra":
                self.error_at(name, "f-string: invalid conversion character %r: expected "
                                    "'s', 'r', or 'a'" % name.id)
            code = ord(name.id)
        elif debug is not None and spec is None:
            code = ord("r")
        node = ast.FormattedValue(value, code, spec[0] if spec is not None else None)
        self.span(node, start, closing)
        if debug is None:
            return node
        if conversion is not None:
            end_line, end_col = conversion[0].lineno, conversion[0].col_offset
            text_end = conversion[1]
        elif spec is not None:
            end_line, end_col = spec[0].lineno, spec[0].col_offset + 1
            text_end = spec[1]
        else:
            end_line, end_col = closing.end_lineno, closing.end_col
            text_end = closing
        text = self.debug_text(start, text_end)
        debug_node = ast.Constant(text, None, lineno=start.lineno, col_offset=start.col + 1,
                                  end_lineno=end_line, end_col_offset=end_col - 1)
        wrapper = ast.JoinedStr([debug_node, node], lineno=start.lineno, col_offset=start.col,
                                end_lineno=end_line, end_col_offset=end_col)
        return wrapper

    def debug_text(self, start: Any, end: Any) -> str:
        """The source text of ``{expr=}`` from after the brace to the token that
        ends it (the tokenizer's ``last_expr_buffer``), each '#' to its line's
        end left out (3.12+ allows comments there; the tokenizer cuts at any
        '#', inside a string too)."""
        lines = self.lines
        if start.lineno == end.lineno:
            line = lines[start.lineno - 1]
            return _without_comment(_slice_bytes(line, start.end_col, end.col))
        parts = [_slice_bytes(lines[start.lineno - 1], start.end_col, None)]
        for number in range(start.lineno + 1, end.lineno):
            parts.append(lines[number - 1])
        parts.append(_slice_bytes(lines[end.lineno - 1], 0, end.col))
        return "\n".join(_without_comment(part) for part in parts)

    def joined_str(self, start: Any, items: List[Any], end: Any) -> Any:
        """``_PyPegen_joined_str``: debug wrappers flattened, text parts decoded,
        empty text parts dropped."""
        raw = "r" in start.string.lower()
        values = []
        for item in items:
            if isinstance(item, ast.JoinedStr):
                values.extend(item.values)
                continue
            if isinstance(item, ast.Constant):
                text = item.value
                if text in ("{{", "}}"):
                    text = text[0]
                decoded = self.decode_fstring_text(text, raw, end)
                if decoded == "":
                    continue
                item = self.span(ast.Constant(decoded, None), item, item)
            values.append(item)
        return self.span(ast.JoinedStr(values), start, end)

    def decode_fstring_text(self, text: str, raw: bool, tok: Any) -> str:
        if raw or "\\" not in text:
            return text
        try:
            return decode_unicode_escapes(text)
        except (UnicodeDecodeError, ValueError) as error:
            self.decode_error(error)

    def concatenate_312(self, parts: List[Any], first: Any, last: Any) -> Any:
        """``_PyPegen_concatenate_strings`` (3.12+)."""
        fstring_found = any(not isinstance(p, ast.Constant) for p in parts)
        bytes_found = any(isinstance(p, ast.Constant) and isinstance(p.value, bytes)
                          for p in parts)
        unicode_found = any(isinstance(p, ast.Constant) and isinstance(p.value, str)
                            for p in parts)
        if bytes_found and (unicode_found or fstring_found):
            self.raise_error(SyntaxError, "cannot mix bytes and nonbytes literals")
        if bytes_found:
            value = b"".join(p.value for p in parts)
            return self.span(ast.Constant(value, parts[0].kind), first, last)
        if not fstring_found and len(parts) == 1:
            return parts[0]
        flat = []
        for part in parts:
            if isinstance(part, ast.JoinedStr):
                flat.extend(part.values)
            else:
                flat.append(part)
        values = []
        index = 0
        while index < len(flat):
            elem = flat[index]
            if isinstance(elem, ast.Constant):
                if index + 1 < len(flat) and isinstance(flat[index + 1], ast.Constant):
                    run_end = index
                    while run_end < len(flat) and isinstance(flat[run_end], ast.Constant):
                        run_end += 1
                    run = flat[index:run_end]
                    elem = ast.Constant("".join(c.value for c in run), elem.kind)
                    self.span(elem, run[0], run[-1])
                    index = run_end - 1
                if fstring_found and elem.value == "":
                    index += 1
                    continue
            values.append(elem)
            index += 1
        if not fstring_found:
            return values[0]
        return self.span(ast.JoinedStr(values), first, last)


def _has_undecodable(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def _is_empty_str(node: Any) -> bool:
    return isinstance(node, ast.Constant) and node.value == ""


def _without_comment(text: str) -> str:
    """``text`` up to its first '#' (a line of a debug expression)."""
    hash_at = text.find("#")
    return text if hash_at < 0 else text[:hash_at]


def _slice_bytes(line: str, start: Optional[int], end: Optional[int]) -> str:
    """``line[start:end]`` where start and end are UTF-8 byte columns."""
    if line.isascii():
        return line[start:end]
    data = line.encode("utf-8", "surrogateescape")
    return data[start:end].decode("utf-8", "replace")


class FStringState:
    """``FstringParser``: the literal text pending and the values collected."""

    def __init__(self) -> None:
        self.last_str: Optional[str] = None
        self.values: List[Any] = []
        self.fmode = False

    def add_literal(self, text: str) -> None:
        if not text:
            return
        self.last_str = text if self.last_str is None else self.last_str + text

    def flush(self, parser: Any, first: Any, last: Any) -> None:
        if self.last_str is not None:
            self.values.append(_str_node(self.last_str, first, last, parser))
            self.last_str = None

    def finish(self, parser: Any, first: Any, last: Any) -> Any:
        """``FstringParser_Finish``: a Constant when no f-string was seen,
        else a JoinedStr of the values (pending text last)."""
        if not self.fmode:
            return _str_node(self.last_str or "", first, last, parser)
        self.flush(parser, first, last)
        return parser.span(ast.JoinedStr(self.values), first, last)


def _str_node(text: str, first: Any, last: Any, parser: Any) -> Any:
    """``make_str_node_and_del``: kind "u" when the first token starts with a
    lower-case u."""
    kind = "u" if first.string[0] == "u" else None
    return parser.span(ast.Constant(text, kind), first, last)


class LegacyFString:
    """The f-string scanner of 3.8-3.11 (``fstring_find_literal_and_expr`` and
    friends) over the body of one STRING token ``tok``.  Values are positioned
    on the whole string group (``first`` .. ``last``), as CPython does."""

    def __init__(self, parser: Any, state: FStringState, body: str, raw: bool, first: Any,
                 tok: Any, last: Any):
        self.parser = parser
        self.state = state
        self.body = body
        self.raw = raw
        self.first = first
        self.tok = tok
        self.last = last
        self.pos = 0
        prefix_len = split_string_token(tok.string)[5]
        quote_len = 3 if tok.string[prefix_len:prefix_len + 3] in ('"""', "'''") and \
            len(tok.string) - prefix_len >= 6 else 1
        # Where the body starts within the token's text.
        self.body_offset = prefix_len + quote_len

    def error(self, msg: str) -> None:
        if not self.parser.peg:
            # 3.8: ast_error on the literal's atom (its first string token)
            self.parser.error_at(self.first, msg)
        self.parser.raise_error(SyntaxError, msg)

    def parse_top(self) -> None:
        self.concat(self.state, 0)

    def concat(self, state: FStringState, level: int) -> None:
        """``FstringParser_ConcatFstring``."""
        state.fmode = True
        while True:
            literal, result = self.find_literal(level)
            if literal:
                state.add_literal(literal)
            if result == 1:
                continue
            if self.pos >= len(self.body) or self.body[self.pos] == "}":
                break
            expr_text, expression = self.find_expr(level)
            if expr_text:
                state.add_literal(expr_text)
            state.flush(self.parser, self.first, self.last)
            state.values.append(expression)
        if level == 0 and self.pos < len(self.body):
            self.error("f-string: unexpected end of string")
        if level != 0 and (self.pos >= len(self.body) or self.body[self.pos] != "}"):
            self.error("f-string: expecting '}'")

    def find_literal(self, level: int):
        """``fstring_find_literal``: text up to an undoubled brace."""
        body, end = self.body, len(self.body)
        start = s = self.pos
        result = 0
        while s < end:
            ch = body[s]
            s += 1
            if not self.raw and ch == "\\" and s < end:
                ch = body[s]
                s += 1
                if ch == "N":
                    if s < end:
                        s += 1
                        if body[s - 1] == "{":
                            while s < end:
                                s += 1
                                if body[s - 1] == "}":
                                    break
                            continue
                    continue
            if ch in "{}":
                if level == 0:
                    if s < end and body[s] == ch:
                        self.pos = s + 1
                        result = 1
                        break
                    if ch == "}":
                        self.pos = s - 1
                        self.error("f-string: single '}' is not allowed")
                s -= 1
                break
        else:
            self.pos = s
        if result == 0:
            self.pos = s
        literal_end = s
        if literal_end == start:
            return None, result
        text = body[start:literal_end]
        if not self.raw and "\\" in text:
            try:
                text = decode_unicode_escapes(text)
            except (UnicodeDecodeError, ValueError) as error:
                self.parser.decode_error(error)
        return text, result

    def find_expr(self, level: int):
        """``fstring_find_expr``: one replacement field, from its '{'."""
        if level >= 2:
            self.error("f-string: expressions nested too deeply")
        body, end = self.body, len(self.body)
        self.pos += 1
        expr_start = self.pos
        quote_char = ""
        string_type = 0
        stack: List[str] = []
        s = self.pos
        while s < end:
            ch = body[s]
            if ch == "\\":
                self.error("f-string expression part cannot include a backslash")
            if quote_char:
                if ch == quote_char:
                    if string_type == 3:
                        if s + 2 < end and body[s + 1] == ch and body[s + 2] == ch:
                            s += 3
                            quote_char, string_type = "", 0
                            continue
                    else:
                        quote_char, string_type = "", 0
            elif ch in "'\"":
                if s + 2 < end and body[s + 1] == ch and body[s + 2] == ch:
                    string_type = 3
                    s += 2
                else:
                    string_type = 1
                quote_char = ch
            elif ch in "[{(":
                if len(stack) >= 200:
                    self.error("f-string: too many nested parenthesis")
                stack.append(ch)
            elif ch == "#":
                self.error("f-string expression part cannot include '#'")
            elif not stack and ch in "!:}=<>":
                if s + 1 < end:
                    nxt = body[s + 1]
                    if (ch == "!" and nxt == "=") or (ch == "=" and nxt == "=") or \
                            (ch == "<" and nxt == "=") or (ch == ">" and nxt == "="):
                        s += 2
                        continue
                if ch in "<>":
                    s += 1
                    continue
                break
            elif ch in "]})":
                if not stack:
                    self.error("f-string: unmatched '%s'" % ch)
                opening = stack.pop()
                if {"(": ")", "[": "]", "{": "}"}[opening] != ch:
                    self.error("f-string: closing parenthesis '%s' does not match opening "
                               "parenthesis '%s'" % (ch, opening))
            s += 1
        self.pos = s
        expr_end = s
        if quote_char:
            self.error("f-string: unterminated string")
        if stack:
            self.error("f-string: unmatched '%s'" % stack[-1])
        if s >= end:
            self.error("f-string: expecting '}'")
        expression = self.compile_expr(expr_start, expr_end)
        expr_text = None
        if body[self.pos] == "=":
            self.pos += 1
            while self.pos < end and body[self.pos] in " \t\n\r\f\v":
                self.pos += 1
            if self.pos >= end:
                self.error("f-string: expecting '}'")
            expr_text = body[expr_start:self.pos]
        conversion = -1
        if body[self.pos] == "!":
            self.pos += 1
            if self.pos >= end:
                self.error("f-string: expecting '}'")
            conversion = ord(body[self.pos])
            self.pos += 1
            if chr(conversion) not in "sra":
                self.error("f-string: invalid conversion character: expected 's', 'r', or 'a'")
        spec = None
        if self.pos < end and body[self.pos] == ":":
            self.pos += 1
            if self.pos >= end:
                self.error("f-string: expecting '}'")
            spec = self.parse_spec(level + 1)
        if self.pos >= end or body[self.pos] != "}":
            self.error("f-string: expecting '}'")
        self.pos += 1
        if expr_text and spec is None and conversion == -1:
            conversion = ord("r")
        node = ast.FormattedValue(expression, conversion, spec)
        self.parser.span(node, self.first, self.last)
        return expr_text, node

    def parse_spec(self, level: int) -> Any:
        """``fstring_parse``: a format spec, positioned on this token only."""
        state = FStringState()
        self.concat(state, level)
        if not self.parser.peg:
            # 3.8 placed the spec on the whole literal, like everything else.
            return state.finish(self.parser, self.first, self.last)
        return state.finish(self.parser, self.tok, self.tok)

    def compile_expr(self, start: int, end: int) -> Any:
        """``fstring_compile_expr``: parse the expression text as "(text)" with
        a sub-parser whose first-line columns are shifted into place."""
        text = self.body[start:end]
        if not text.strip(" \t\n\f"):
            after = self.body[end] if end < len(self.body) else "}"
            if after in "!:=":
                self.error("f-string: expression required before '%s'" % after)
            self.error("f-string: empty expression not allowed")
        if not self.parser.peg:
            from .legacy import fstring_expression
            return fstring_expression(self.parser, text, self.first)
        return self.parser.parse_fstring_expression(text, self.tok, self.body_offset + start - 1)
