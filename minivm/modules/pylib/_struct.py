"""minivm's _struct (Modules/_struct.c): Struct and the module functions in Python over
the native conversions ``_pack``, ``_unpack``, ``_calcsize`` and ``_pack_into`` (the
host's struct module does the byte layout: the same formats on the same platform).
Program text run by minivm; the natives are set in the module after it runs."""

# the native conversions, set by minivm/modules/_struct.py once this text has run
_pack = _unpack = _pack_into = _calcsize = None


class error(Exception):
    pass


error.__module__ = "struct"


class Struct:
    """A compiled struct format."""

    def __init__(self, format):
        if isinstance(format, bytes):
            format = format.decode("ascii")
        elif not isinstance(format, str):
            raise TypeError("Struct() argument 1 must be a str or bytes object, not %s"
                            % type(format).__name__)
        self._format = format
        self._size = _calcsize(format)

    @property
    def format(self):
        return self._format

    @property
    def size(self):
        return self._size

    def pack(self, *values):
        return _pack(self._format, values)

    def pack_into(self, buffer, offset, *values):
        _pack_into(self._format, buffer, offset, values)

    def unpack(self, buffer):
        return _unpack(self._format, buffer, None)

    def unpack_from(self, buffer, offset=0):
        return _unpack(self._format, buffer, offset)

    def iter_unpack(self, buffer):
        size = self._size
        if size == 0:
            raise error("cannot iteratively unpack with a struct of length 0")
        data = bytes(buffer)
        if len(data) % size:
            raise error("iterative unpacking requires a buffer of a multiple of %d bytes"
                        % size)
        return iter([_unpack(self._format, data[i:i + size], None)
                     for i in range(0, len(data), size)])



def _repr(self):
    """Struct's repr from 3.13 (the native maker installs it on those targets)."""
    return "Struct(%r)" % (self._format,)


_cache = {}


def _struct(format):
    s = _cache.get(format) if isinstance(format, (str, bytes)) else None
    if s is None:
        s = Struct(format)
        if len(_cache) >= 100:
            _cache.clear()
        _cache[format] = s
    return s


def pack(format, /, *values):
    return _struct(format).pack(*values)


def pack_into(format, buffer, offset, /, *values):
    return _struct(format).pack_into(buffer, offset, *values)


def unpack(format, buffer, /):
    return _struct(format).unpack(buffer)


def unpack_from(format, /, buffer, offset=0):
    return _struct(format).unpack_from(buffer, offset)


def iter_unpack(format, buffer, /):
    return _struct(format).iter_unpack(buffer)


def calcsize(format, /):
    return _struct(format).size


def _clearcache():
    _cache.clear()
