"""The ``_tokenize`` module: the tokenize module's iterator, by minivm's own tokenizer."""

from __future__ import annotations


from ..objects import abstract
from ..objects.core import R, STATE, BuiltinKind, PyErr, decref, is_subtype
from ..objects.scalars import (
    NONE, PyStr, from_host,
)
from ..builtins import native
from ._util import generator_type, make_module

K = BuiltinKind


# -- _tokenize: the tokenize module's iterator, by minivm's own tokenizer -------------------

def _tokenizer_iter(it, args, kwargs):
    import minivm
    source = args[0] if args else kwargs.get("source")
    encoding = kwargs.get("encoding")
    text = _read_source(source, encoding)

    def gen():
        try:
            tokens = minivm.tokenize(text, target=STATE.target)
        except SyntaxError as e:
            from ..builtins.bltinmodule import _syntax_error
            raise PyErr(_syntax_error(e)) from None
        for tok in tokens:
            t, string, start, end, line = tok
            yield from_host((t, string, tuple(start), tuple(end), line))
    return gen()


def _read_source(source, encoding):
    from ..objects.scalars import PyBytes
    if isinstance(source, (PyStr, PyBytes)):
        return source.value
    parts = []
    while True:
        try:
            line = abstract.call(source, [])
        except PyErr as e:
            if is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
                decref(e.exc)
                break
            raise
        try:
            value = line.value
        finally:
            decref(line)
        if not value:
            break
        if isinstance(value, bytes) and encoding is not None and encoding is not NONE:
            value = value.decode(encoding.value)
        parts.append(value)
    if parts and isinstance(parts[0], bytes):
        return b"".join(parts)
    return "".join(parts)


@native("_tokenize")
def _tokenize_module(vm):
    tp = generator_type("_tokenize.TokenizerIter", _tokenizer_iter, "_tokenize")
    return make_module("_tokenize", {}, {"TokenizerIter": tp})
