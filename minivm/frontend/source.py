"""Source text as the C tokenizer reads it for ``ast.parse`` / ``compile``.

* str input: used as is (a coding cookie is ignored: ``PyCF_IGNORE_COOKIE``);
* bytes input: a UTF-8 BOM is dropped; a coding cookie on line 1, or on line 2
  after a blank or comment-only line 1, names the codec (``check_coding_spec``);
  otherwise the bytes must be UTF-8;
* then ``\\r\\n`` and ``\\r`` become ``\\n`` and a final newline is added if
  missing (``translate_newlines``).

Errors are raised as CPython raises them for string input: a bad declaration
or undecodable input is a SyntaxError with line 0 and offset -1 (made by
``_PyPegen_raise_tokenizer_init_error`` from the codec's own message); null
bytes are a ValueError before 3.12 and a SyntaxError after.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, Optional, Tuple

from ..versions import Target
from .errors import syntax_error
from .tokenize_py import normal_encoding_name

_NEWLINES = re.compile(r"\r\n?")


def prepare(source: Any, target: Target, filename: str) -> Tuple[str, bool]:
    """The text the tokenizer reads, newlines normalised, ending with one; and
    whether the tokenizer knows an encoding (str input, a BOM or a coding
    cookie), which decides whether error columns are turned into characters."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = bytes(source)
        if b"\0" in source:
            _null_bytes(target, filename)
        text, declared = decode_source(source, target, filename)
    elif isinstance(source, str):
        if "\0" in source:
            _null_bytes(target, filename)
        text, declared = source, True
    else:
        raise TypeError("compile() arg 1 must be a string, bytes or AST object")
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if not text.endswith("\n"):
        text += "\n"
    return text, declared


def _null_bytes(target: Target, filename: str) -> None:
    """Null bytes are refused before tokenizing: a ValueError up to 3.10, a
    SyntaxError without location from 3.11."""
    if target.frontend("null_bytes_syntax_error"):
        raise SyntaxError("source code string cannot contain null bytes")
    raise ValueError("source code string cannot contain null bytes")


def decode_source(data: bytes, target: Target, filename: str) -> Tuple[str, bool]:
    """Bytes to text: BOM, coding cookie, then the codec."""
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    encoding = _declared_encoding(data, filename)
    declared = bom or encoding is not None
    if encoding is None:
        encoding = "utf-8"
    elif bom and encoding != "utf-8":
        _init_error("encoding problem: %s with BOM" % encoding, filename, target)
    try:
        codecs.lookup(encoding)
    except LookupError:
        _init_error("unknown encoding: %s" % encoding, filename, target)
    if not declared:
        # Undeclared UTF-8 is not checked up front: the tokenizer reads the
        # bytes, and a bad byte fails only where it is used (an identifier, a
        # string literal).  Bad bytes are kept as surrogate escapes until then.
        return data.decode("utf-8", "surrogateescape"), declared
    try:
        return data.decode(encoding), declared
    except UnicodeDecodeError as error:
        _init_error(str(error), filename, target)


def _declared_encoding(data: bytes, filename: str) -> Optional[str]:
    """``check_coding_spec`` on the first line, and on the second when the
    first holds only blanks or a comment."""
    first_end = data.find(b"\n")
    if first_end < 0:
        return None
    found = _coding_spec(data[:first_end + 1])
    if found is not None:
        return found
    if not _blank_or_comment(data[:first_end + 1]):
        return None
    second_end = data.find(b"\n", first_end + 1)
    if second_end < 0:
        return None
    return _coding_spec(data[first_end + 1:second_end + 1])


def _blank_or_comment(line: bytes) -> bool:
    for byte in line:
        if byte in b"#\n\r":
            return True
        if byte not in b" \t\x0c":
            return False
    return True


def _coding_spec(line: bytes) -> Optional[str]:
    """``get_coding_spec``: "coding[:=]" inside a comment that is alone on its line."""
    size = len(line)
    index = 0
    while index < size - 6:
        byte = line[index:index + 1]
        if byte == b"#":
            break
        if byte not in (b" ", b"\t", b"\x0c"):
            return None
        index += 1
    while index < size - 6:
        if line.startswith(b"coding", index) and line[index + 6:index + 7] in (b":", b"="):
            start = index + 7
            while line[start:start + 1] in (b" ", b"\t"):
                start += 1
            end = start
            while end < size and (chr(line[end]).isalnum() and line[end] < 128
                                  or line[end:end + 1] in (b"-", b"_", b".")):
                end += 1
            if end > start:
                return normal_encoding_name(line[start:end].decode("ascii"))
        index += 1
    return None


def _init_error(msg: str, filename: str, target: Target) -> None:
    offset = -1 if target.frontend("init_error_offset_minus_one") else 0
    raise syntax_error(SyntaxError, msg, filename, 0, offset, None)


def raw_bytes(text: str) -> bytes:
    """The source bytes a piece of text came from (surrogate escapes undone)."""
    return text.encode("utf-8", "surrogateescape")
