"""The token stream of 3.8-3.11's pure-Python ``tokenize`` module.

Up to 3.11, ``tokenize`` is not the tokenizer the compiler uses: it is a
separate, regex-driven scanner written in Python, more forgiving than the C one
(an unknown character becomes an ERRORTOKEN instead of an error, an unterminated
one-line string becomes an ERRORTOKEN for its quote).  The harness compares
``minivm.tokenize`` with that module, so this module reproduces its algorithm:
lines are read one at a time; at the start of a logical line the indentation is
measured (tabs to multiples of 8); then one "pseudo-token" regex is applied
repeatedly; strings left open at the end of a line are carried over to the next.

The parser does not use this module: it uses :mod:`minivm.frontend.lexer`, the
model of the C tokenizer.
"""

from __future__ import annotations

import codecs
import itertools
import re
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from .errors import TokenError

TABSIZE = 8


def _alternatives(*choices: str) -> str:
    return "(" + "|".join(choices) + ")"


def _string_prefixes() -> List[str]:
    """Every spelling of every prefix the module knows (b, r, u, f, br, fr in any
    order and case), and the empty prefix."""
    found = {""}
    for prefix in ("b", "r", "u", "f", "br", "fr"):
        for order in itertools.permutations(prefix):
            for cased in itertools.product(*[(c, c.upper()) for c in order]):
                found.add("".join(cased))
    return sorted(found)


_PREFIXES = _string_prefixes()
_PREFIX = _alternatives(*_PREFIXES)

# Operators, longest first so that '**=' wins over '**' and '*'.
_OPERATORS = (
    "!= % %= & &= ( ) * ** **= *= + += , - -= -> . ... / // //= /= : := ; < << <<= <= = == "
    "> >= >> >>= @ @= [ ] ^ ^= { | |= } ~").split()

_DIGITS = r"[0-9](?:_?[0-9])*"
_EXPONENT = r"[eE][-+]?" + _DIGITS
_POINT_FLOAT = (_alternatives(_DIGITS + r"\.(?:" + _DIGITS + ")?", r"\." + _DIGITS)
                + "(" + _EXPONENT + ")?")
_FLOAT = _alternatives(_POINT_FLOAT, _DIGITS + _EXPONENT)
_NUMBER = _alternatives(
    _alternatives(_DIGITS + "[jJ]", _FLOAT + "[jJ]"),
    _FLOAT,
    _alternatives(r"0[xX](?:_?[0-9a-fA-F])+", r"0[bB](?:_?[01])+", r"0[oO](?:_?[0-7])+",
                  r"(?:0(?:_?0)*|[1-9](?:_?[0-9])*)"))

_SPECIAL = _alternatives(*[re.escape(op) for op in sorted(_OPERATORS, reverse=True)])
_FUNNY = _alternatives(r"\r?\n", _SPECIAL)
_TRIPLE = _alternatives(_PREFIX + "'''", _PREFIX + '"""')
# The first line of a one-quote string: it ends at its quote or at a backslash-newline.
_CONT_STR = _alternatives(
    _PREFIX + r"'[^\n'\\]*(?:\\.[^\n'\\]*)*" + _alternatives("'", r"\\\r?\n"),
    _PREFIX + r'"[^\n"\\]*(?:\\.[^\n"\\]*)*' + _alternatives('"', r"\\\r?\n"))
_EXTRAS = _alternatives(r"\\\r?\n|\Z", r"#[^\r\n]*", _TRIPLE)
PSEUDO_TOKEN = re.compile(r"[ \f\t]*" + _alternatives(_EXTRAS, _NUMBER, _FUNNY, _CONT_STR, r"\w+"),
                          re.UNICODE)

# The rest of a string after its opening quote(s), for each kind of quote.
_STRING_TAIL = {
    "'": re.compile(r"[^'\\]*(?:\\.[^'\\]*)*'"),
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"'),
    "'''": re.compile(r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"),
    '"""': re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'),
}
_SINGLE_OPENERS = frozenset(p + q for p in _PREFIXES for q in ("'", '"'))
_TRIPLE_OPENERS = frozenset(p + q for p in _PREFIXES for q in ("'''", '"""'))

COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
BLANK = re.compile(br"^[ \t\f]*(?:[#\r\n]|$)", re.ASCII)
BOM_UTF8 = codecs.BOM_UTF8

Token = Tuple[int, str, Tuple[int, int], Tuple[int, int], str]


def normal_encoding_name(name: str) -> str:
    """The tokenizer's spelling of an encoding name: utf-8 and latin-1 aliases
    collapse to "utf-8" and "iso-8859-1" (only the first 12 characters count)."""
    short = name[:12].lower().replace("_", "-")
    if short == "utf-8" or short.startswith("utf-8-"):
        return "utf-8"
    if short in ("latin-1", "iso-8859-1", "iso-latin-1") or short.startswith(
            ("latin-1-", "iso-8859-1-", "iso-latin-1-")):
        return "iso-8859-1"
    return name


def detect_encoding(lines: List[bytes], filename: Optional[str] = None) -> Tuple[str, int]:
    """``tokenize.detect_encoding`` over a list of byte lines: the encoding and how
    many lines it read.  A UTF-8 BOM is stripped from ``lines[0]`` in place."""
    bom = bool(lines) and lines[0].startswith(BOM_UTF8)
    if bom:
        lines[0] = lines[0][3:]
    default = "utf-8-sig" if bom else "utf-8"
    if not lines or not lines[0]:
        return default, 0
    found = _cookie(lines[0], bom, filename)
    if found:
        return found, 1
    if not BLANK.match(lines[0]):
        return default, 1
    if len(lines) < 2:
        return default, 1
    found = _cookie(lines[1], bom, filename)
    return (found, 2) if found else (default, 2)


def _cookie(line: bytes, bom: bool, filename: Optional[str]) -> Optional[str]:
    where = "" if filename is None else " for %r" % (filename,)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise SyntaxError("invalid or missing encoding declaration" + where) from None
    match = COOKIE.match(text)
    if not match:
        return None
    encoding = normal_encoding_name(match.group(1))
    try:
        codecs.lookup(encoding)
    except LookupError:
        if filename is None:
            raise SyntaxError("unknown encoding: " + encoding) from None
        raise SyntaxError("unknown encoding for %r: %s" % (filename, encoding)) from None
    if bom:
        if encoding != "utf-8":
            raise SyntaxError("encoding problem%s: utf-8" % where)
        encoding += "-sig"
    return encoding


def split_lines(source):
    """Lines as ``readline`` on an in-memory file gives them: split after each
    ``\\n`` only (a lone ``\\r`` does not end a line)."""
    lines = source.split(b"\n" if isinstance(source, bytes) else "\n")
    last = lines.pop()
    result = [line + (b"\n" if isinstance(source, bytes) else "\n") for line in lines]
    if last:
        result.append(last)
    return result


class ModuleTokenizer:
    """One run of the pure-Python tokenizer over a list of (decoded) lines.

    ``numbers`` maps token names to the target's numbers.  ``trailing_comment_newline``
    is the 3.8 behaviour of adding a NEWLINE after a last line that is a comment
    without newline (3.9 stopped doing that)."""

    def __init__(self, numbers: Dict[str, int], trailing_comment_newline: bool):
        self.numbers = numbers
        self.trailing_comment_newline = trailing_comment_newline
        self.tokens: List[Token] = []

    def run(self, readline: Callable[[], str]) -> List[Token]:
        n = self.numbers
        emit = self.tokens.append
        lnum = parenlev = 0
        continued = False
        contstr, needcont, contline = "", False, ""
        strstart = (0, 0)
        endprog = _STRING_TAIL["'"]
        indents = [0]
        last_line = line = ""
        while True:
            last_line, line = line, readline()
            lnum += 1
            pos, end_of_line = 0, len(line)
            if contstr:
                if not line:
                    raise TokenError("EOF in multi-line string", strstart)
                endmatch = endprog.match(line)
                if endmatch:
                    pos = endmatch.end(0)
                    emit((n["STRING"], contstr + line[:pos], strstart, (lnum, pos),
                          contline + line))
                    contstr, needcont, contline = "", False, ""
                elif needcont and line[-2:] != "\\\n" and line[-3:] != "\\\r\n":
                    emit((n["ERRORTOKEN"], contstr + line, strstart, (lnum, len(line)), contline))
                    contstr, contline = "", ""
                    continue
                else:
                    contstr += line
                    contline += line
                    continue
            elif parenlev == 0 and not continued:
                if not line:
                    break
                pos, column = self._indentation(line)
                if pos == end_of_line:
                    break
                if line[pos] in "#\r\n":
                    self._blank_line(line, lnum, pos)
                    continue
                if column > indents[-1]:
                    indents.append(column)
                    emit((n["INDENT"], line[:pos], (lnum, 0), (lnum, pos), line))
                while column < indents[-1]:
                    if column not in indents:
                        raise IndentationError(
                            "unindent does not match any outer indentation level",
                            ("<tokenize>", lnum, pos, line))
                    indents.pop()
                    emit((n["DEDENT"], "", (lnum, pos), (lnum, pos), line))
            else:
                if not line:
                    raise TokenError("EOF in multi-line statement", (lnum, 0))
                continued = False

            while pos < end_of_line:
                match = PSEUDO_TOKEN.match(line, pos)
                if not match:
                    emit((n["ERRORTOKEN"], line[pos], (lnum, pos), (lnum, pos + 1), line))
                    pos += 1
                    continue
                start, end = match.span(1)
                spos, epos, pos = (lnum, start), (lnum, end), end
                if start == end:
                    continue
                token, initial = line[start:end], line[start]
                if initial in "0123456789" or (initial == "." and token not in (".", "...")):
                    emit((n["NUMBER"], token, spos, epos, line))
                elif initial in "\r\n":
                    emit((n["NL" if parenlev > 0 else "NEWLINE"], token, spos, epos, line))
                elif initial == "#":
                    emit((n["COMMENT"], token, spos, epos, line))
                elif token in _TRIPLE_OPENERS:
                    endprog = _STRING_TAIL[token[-3:]]
                    endmatch = endprog.match(line, pos)
                    if endmatch:
                        pos = endmatch.end(0)
                        emit((n["STRING"], line[start:pos], spos, (lnum, pos), line))
                    else:
                        strstart, contstr, contline = (lnum, start), line[start:], line
                        break
                elif (initial in _SINGLE_OPENERS or token[:2] in _SINGLE_OPENERS
                      or token[:3] in _SINGLE_OPENERS):
                    if token[-1] == "\n":
                        strstart = (lnum, start)
                        quote = initial if initial in "'\"" else (
                            token[1] if token[1] in "'\"" else token[2])
                        endprog = _STRING_TAIL[quote]
                        contstr, needcont, contline = line[start:], True, line
                        break
                    emit((n["STRING"], token, spos, epos, line))
                elif initial.isidentifier():
                    emit((n["NAME"], token, spos, epos, line))
                elif initial == "\\":
                    continued = True
                else:
                    if initial in "([{":
                        parenlev += 1
                    elif initial in ")]}":
                        parenlev -= 1
                    emit((n["OP"], token, spos, epos, line))

        self._finish(last_line, lnum, indents)
        return self.tokens

    @staticmethod
    def _indentation(line: str) -> Tuple[int, int]:
        """Where the first non-blank character is, and its column (tabs to the
        next multiple of 8, a form feed resets the column)."""
        pos = column = 0
        for char in line:
            if char == " ":
                column += 1
            elif char == "\t":
                column = (column // TABSIZE + 1) * TABSIZE
            elif char == "\f":
                column = 0
            else:
                break
            pos += 1
        return pos, column

    def _blank_line(self, line: str, lnum: int, pos: int) -> None:
        n = self.numbers
        if line[pos] == "#":
            comment = line[pos:].rstrip("\r\n")
            end = (lnum, pos + len(comment))
            self.tokens.append((n["COMMENT"], comment, (lnum, pos), end, line))
            pos += len(comment)
        self.tokens.append((n["NL"], line[pos:], (lnum, pos), (lnum, len(line)), line))

    def _finish(self, last_line: str, lnum: int, indents: List[int]) -> None:
        n = self.numbers
        if last_line and last_line[-1] not in "\r\n" and (
                self.trailing_comment_newline or not last_line.strip().startswith("#")):
            size = len(last_line)
            self.tokens.append((n["NEWLINE"], "", (lnum - 1, size), (lnum - 1, size + 1), ""))
        for _ in indents[1:]:
            self.tokens.append((n["DEDENT"], "", (lnum, 0), (lnum, 0), ""))
        self.tokens.append((n["ENDMARKER"], "", (lnum, 0), (lnum, 0), ""))


def tokenize_module(source, numbers: Dict[str, int], trailing_comment_newline: bool,
                    filename: Optional[str] = None) -> List[Token]:
    """What 3.8-3.11's ``tokenize.tokenize`` (bytes) or ``tokenize.generate_tokens``
    (str) yields for ``source``, as a list; raises what they raise."""
    lines = split_lines(source)
    tokenizer = ModuleTokenizer(numbers, trailing_comment_newline)
    if isinstance(source, str):
        return tokenizer.run(_reader(lines, None))
    encoding, _ = detect_encoding(lines, filename)
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    tokenizer.tokens.append((numbers["ENCODING"], shown, (0, 0), (0, 0), ""))
    return tokenizer.run(_reader(lines, encoding))


def _reader(lines: list, encoding: Optional[str]) -> Callable[[], str]:
    """``readline`` over ``lines``, decoding each line as the module does (one line
    at a time, so a decoding error names a position within its line)."""
    source: Iterator = iter(lines)

    def readline() -> str:
        line = next(source, None)
        if line is None:
            return ""
        return line.decode(encoding) if encoding is not None else line
    return readline
