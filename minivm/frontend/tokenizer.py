"""``minivm.tokenize``: the token stream of the target's ``tokenize`` module.

Two machines stand behind it, because CPython has two:

* 3.8-3.11: ``tokenize`` is a pure-Python, regex-driven scanner of its own,
  different from the compiler's tokenizer (:mod:`.tokenize_py` reproduces it);
* 3.12+: ``tokenize`` wraps the C tokenizer in its "extra tokens" mode
  (comments, NL, exact operator strings), which :mod:`.lexer` models for the
  parser anyway, so the same lexer serves both.

Tokens are 5-tuples ``(type, string, (srow, scol), (erow, ecol), line)`` whose
``type`` is the target's number for that token (``Target.token_numbers``).
"""

from __future__ import annotations

from typing import Any, List, Optional

from ..versions import Target, TargetLike, get_target
from .tokenize_py import Token, tokenize_module


def tokenize(source: Any, target: TargetLike = None, filename: Optional[str] = None) -> List[Token]:
    """The tokens ``tokenize.tokenize`` (for bytes: ENCODING first, coding cookie
    and BOM honoured) or ``tokenize.generate_tokens`` (for str) of the target
    yields for ``source``; raises what that module raises, with the same message."""
    target = get_target(target)
    if not isinstance(source, (str, bytes)):
        raise TypeError("minivm.tokenize: source must be str or bytes, not %s"
                        % type(source).__name__)
    if target.frontend("c_tokenize_module"):
        from . import lexer
        return lexer.tokenize_module(source, target, filename)
    return tokenize_module(source, target.token_numbers,
                           target.frontend("comment_newline_at_eof"), filename)


def format_tokens(tokens: List[Token], target: TargetLike = None, exact: bool = False) -> str:
    """The text ``python3.X -m tokenize [-e] FILE`` prints for these tokens: one
    line per token, its range, its type name and the repr of its string."""
    target = get_target(target)
    names = target.tok_name
    exact_types = _exact_types(target) if exact else {}
    op = target.token_numbers["OP"]
    lines = []
    for kind, string, start, end, _line in tokens:
        if kind == op and exact:
            kind = exact_types.get(string, kind)
        where = "%d,%d-%d,%d:" % (start + end)
        lines.append("%-20s%-15s%-15r" % (where, names[kind], string))
    return "".join(line + "\n" for line in lines)


_OPERATOR_NAMES = {
    "!": "EXCLAMATION", "!=": "NOTEQUAL", "%": "PERCENT", "%=": "PERCENTEQUAL", "&": "AMPER",
    "&=": "AMPEREQUAL", "(": "LPAR", ")": "RPAR", "*": "STAR", "**": "DOUBLESTAR",
    "**=": "DOUBLESTAREQUAL", "*=": "STAREQUAL", "+": "PLUS", "+=": "PLUSEQUAL", ",": "COMMA",
    "-": "MINUS", "-=": "MINEQUAL", "->": "RARROW", ".": "DOT", "...": "ELLIPSIS",
    "/": "SLASH", "//": "DOUBLESLASH", "//=": "DOUBLESLASHEQUAL", "/=": "SLASHEQUAL",
    ":": "COLON", ":=": "COLONEQUAL", ";": "SEMI", "<": "LESS", "<<": "LEFTSHIFT",
    "<<=": "LEFTSHIFTEQUAL", "<=": "LESSEQUAL", "=": "EQUAL", "==": "EQEQUAL",
    ">": "GREATER", ">=": "GREATEREQUAL", ">>": "RIGHTSHIFT", ">>=": "RIGHTSHIFTEQUAL",
    "@": "AT", "@=": "ATEQUAL", "[": "LSQB", "]": "RSQB", "^": "CIRCUMFLEX",
    "^=": "CIRCUMFLEXEQUAL", "{": "LBRACE", "|": "VBAR", "|=": "VBAREQUAL", "}": "RBRACE",
    "~": "TILDE",
}


def _exact_types(target: Target) -> dict:
    numbers = target.token_numbers
    return {op: numbers[name] for op, name in _OPERATOR_NAMES.items() if name in numbers}


def main(data: bytes, filename: str, target: TargetLike = None) -> int:
    """``python3.X -m tokenize FILE``: the tokens, or ``FILE:LINE:COL: error: MSG``
    on standard error and status 1 (as ``tokenize.main`` reports its errors)."""
    import sys
    from .errors import TokenError
    target = get_target(target)
    try:
        tokens = tokenize(data, target, filename=filename)
    except IndentationError as error:
        line, column = error.args[1][1:3]
        return _error(error.args[0], filename, (line, column))
    except TokenError as error:
        line, column = error.args[1]
        return _error(error.args[0], filename, (line, column))
    except SyntaxError as error:
        return _error(error, filename, None)
    sys.stdout.write(format_tokens(tokens, target))
    return 0


def _error(message: Any, filename: str, location: Any) -> int:
    import sys
    if location:
        sys.stderr.write("%s:%d:%d: error: %s\n" % ((filename,) + tuple(location) + (message,)))
    else:
        sys.stderr.write("%s: error: %s\n" % (filename, message))
    return 1
