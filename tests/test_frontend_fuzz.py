"""Generated sources through minivm's front end and the host's own (the oracle
for the host target): Hypothesmith programs from Python's grammar
(``from_grammar``) and from libcst's node types (``from_node``, when libcst is
installed), plus arbitrary text.  For each source: the same tree (dumped with
positions) or the same error (type, lineno, offset), and no other exception.

The "ci" Hypothesis profile is derandomized; "nightly" runs many more examples."""

from __future__ import annotations

import ast
import importlib.util
import warnings

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minivm.frontend.parser import parse as frontend_parse
from minivm.frontend.tokenizer import tokenize as frontend_tokenize
from minivm.versions import get_target

HOST = get_target(None)


def outcome(parse, source):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.dump(parse(source), include_attributes=True)
    except SyntaxError as error:
        return (type(error).__name__, error.lineno, error.offset)
    except (ValueError, RecursionError, MemoryError) as error:
        return (type(error).__name__,)


def check(source):
    expected = outcome(lambda s: ast.parse(s, "<fuzz>"), source)
    actual = outcome(lambda s: frontend_parse(s, "<fuzz>", "exec", HOST), source)
    assert actual == expected, source


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.filter_too_much])
@given(hypothesmith.from_grammar())
def test_from_grammar(source):
    check(source)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.filter_too_much])
@given(hypothesmith.from_grammar("eval_input"))
def test_from_grammar_expressions(source):
    expected = outcome(lambda s: ast.parse(s, "<fuzz>", "eval"), source)
    actual = outcome(lambda s: frontend_parse(s, "<fuzz>", "eval", HOST), source)
    assert actual == expected, source


if importlib.util.find_spec("libcst") is not None:
    # libcst-based generation is slow (about 30 s for the ci profile): nightly.
    @pytest.mark.slow
    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.filter_too_much])
    @given(hypothesmith.from_node())
    def test_from_node(source):
        check(source)


_PIECES = st.sampled_from([
    "x", "1", "'s'", "f'{x}'", "(", ")", "[", "]", "{", "}", ":", ",", "=", "+", "*", "**",
    "if", "else", "for", "in", "lambda", "def", "class", "return", "yield", "await", "async",
    " ", "\n", "\n    ", "\t", "#c\n", "\\\n", ".", "@", "->", ":=", "not", "is", "and",
    "match", "case", "_", "type", "!", "$", "é", "0x", "1_0", "1e", "'''", '"',
])


@settings(deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_token_soup(source):
    """Random token soup: the parser and the tokenize stream agree with the host's."""
    check(source)
    import io
    import tokenize
    try:
        expected = [tuple(t) for t in tokenize.generate_tokens(io.StringIO(source).readline)]
    except (SyntaxError, tokenize.TokenError) as error:
        expected = (type(error).__name__, error.args)
    try:
        actual = [tuple(t) for t in frontend_tokenize(source, HOST)]
    except SyntaxError as error:
        actual = (type(error).__name__, error.args)
    except Exception as error:  # TokenError is minivm's own class of that name
        actual = (type(error).__name__, error.args)
    assert actual == expected, source
