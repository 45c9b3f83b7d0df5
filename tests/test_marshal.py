"""``minivm.pyc.marshal`` against the real ``marshal`` modules.

* Reading: every version's interpreter marshals a set of values (edge cases and
  random nested ones) in a subprocess; minivm reads each back to the same value.
* Writing: the host's ``marshal.loads`` reads what minivm writes for the host, to
  the same value (Hypothesis over nested values); minivm reads what the host writes.
* Bad input: crafted streams are refused by minivm (``PycError`` naming the offset)
  exactly when the host's ``marshal`` refuses them, including the nesting limit,
  which is found by probing the host, never written down here.

Byte-for-byte writing of code objects is tested in ``test_pyc.py``.
"""

from __future__ import annotations

import marshal
import math
import random
import struct
import subprocess
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.oracle import find_interpreter
from minivm.pyc import PycError
from minivm.pyc import marshal as mm
from minivm.versions import SUPPORTED_TARGETS

VERSIONS = [pytest.param("%d.%d" % v, id="%d.%d" % v) for v in SUPPORTED_TARGETS]


def canon(value):
    """A comparable picture of a value that keeps what ``==`` forgets: types,
    the sign of zero, NaN, and the order of dicts and lists."""
    kind = type(value)
    if kind is float:
        return ("float", struct.pack("<d", value) if not math.isnan(value) else "nan")
    if kind is complex:
        return ("complex", canon(value.real), canon(value.imag))
    if kind in (tuple, list):
        return (kind.__name__,) + tuple(canon(v) for v in value)
    if kind in (set, frozenset):
        return (kind.__name__, frozenset(canon(v) for v in value))
    if kind is dict:
        return ("dict",) + tuple((canon(k), canon(v)) for k, v in value.items())
    return (kind.__name__, value)


# -- values every version writes ---------------------------------------------------

EDGE_VALUES = """[
    None, True, False, Ellipsis, StopIteration, 0, 1, -1, 2**31 - 1, -2**31, 2**31, -2**31 - 1,
    2**63, -2**63 - 1, 2**200 + 12345, -(2**200), 0.0, -0.0, 1.5, -2.5e300, float('inf'),
    float('-inf'), float('nan'), 1e-310, 1j, -0j, complex(1.5, -2.5), complex(float('inf'), 0),
    '', 'a', 'ascii only', 'x' * 255, 'x' * 256, 'x' * 70000, 'é', 'ÿ\\u0100', '中文',
    '\\U0001f600', '\\ud800 lone surrogate', b'', b'\\x00', bytes(range(256)), (), (1,),
    tuple(range(255)), tuple(range(256)), tuple(range(1000)), [], [1, [2, [3]]], {},
    {1: 2, 'a': [3]}, set(), {1, 2, 3}, frozenset(), frozenset({'a', 'b', 1.5}), ((), ((),)),
]"""

_DUMP_VALUES = r'''
import marshal, random, sys
values = eval(sys.stdin.read())
def rand(rng, depth):
    kind = rng.randrange(10 if depth < 4 else 6)
    if kind == 0: return rng.randrange(-2**70, 2**70)
    if kind == 1: return rng.random() * 10 ** rng.randrange(-5, 5)
    if kind == 2: return "".join(rng.choice("ab_é中\U0001f600") for _ in range(rng.randrange(8)))
    if kind == 3: return bytes(rng.randrange(256) for _ in range(rng.randrange(8)))
    if kind == 4: return rng.choice([None, True, False, ..., 0, -5, 256])
    if kind == 5: return complex(rng.random(), -rng.random())
    items = [rand(rng, depth + 1) for _ in range(rng.randrange(6))]
    if kind == 6: return tuple(items)
    if kind == 7: return items
    if kind == 8: return {i: v for i, v in enumerate(items)}
    return frozenset(v for v in items if hashable(v))
def hashable(value):
    try:
        hash(value)
        return True
    except TypeError:
        return False
rng = random.Random(4)
values += [rand(rng, 0) for _ in range(300)]
for value in values:
    print(marshal.dumps(value).hex())
'''


@pytest.mark.oracle
@pytest.mark.parametrize("version", VERSIONS)
def test_reads_what_each_version_writes(version):
    python = find_interpreter(version).path
    done = subprocess.run([python, "-I", "-c", _DUMP_VALUES], input=EDGE_VALUES.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          check=True)
    streams = [bytes.fromhex(line) for line in done.stdout.decode().split()]
    assert len(streams) > 300
    for data in streams:
        # The host's marshal reads every version's stream the same way (format 4).
        assert canon(mm.loads(data, version)) == canon(marshal.loads(data))


# -- the host reads what minivm writes ------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.just(Ellipsis), st.just(StopIteration),
    st.integers(), st.floats(allow_nan=True), st.complex_numbers(allow_nan=True),
    st.text(), st.binary(), st.text(alphabet=st.characters(min_codepoint=0xd800,
                                                            max_codepoint=0xdfff)))
hashables = st.recursive(scalars, lambda inner: st.tuples(inner, inner) | st.frozensets(
    inner, max_size=4), max_leaves=10)
values = st.recursive(
    hashables,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner, inner)
    | st.dictionaries(hashables, inner, max_size=4) | st.sets(hashables, max_size=4),
    max_leaves=25)


@settings(deadline=None)
@given(values)
def test_host_reads_what_minivm_writes(value):
    assert canon(marshal.loads(mm.dumps(value))) == canon(value)


@settings(deadline=None)
@given(values)
def test_minivm_reads_what_the_host_writes(value):
    assert canon(mm.loads(marshal.dumps(value))) == canon(value)


def test_shared_objects_come_back_shared():
    inner = [1, 2]
    value = [inner, inner, (inner,)]
    back = mm.loads(mm.dumps(value))
    assert back[0] is back[1] is back[2][0]
    assert canon(back) == canon(value)


def test_cycles_through_lists():
    cyclic = bytes([mm.TYPE_LIST | mm.FLAG_REF]) + struct.pack("<i", 1) + \
        bytes([mm.TYPE_REF]) + struct.pack("<i", 0)
    expected = marshal.loads(cyclic)
    got = mm.loads(cyclic)
    assert got[0] is got and expected[0] is expected


# -- bad input: refused exactly when the host's marshal refuses it -----------------------


def _i32(n):
    return struct.pack("<i", n)


BAD_OR_ODD = [
    b"", b"?", b"\x01", b"0", b"(" + _i32(1) + b"0", b"r" + _i32(0), b"i\x01\x02",
    b"(" + _i32(-1), b"s" + _i32(2**31 - 1), b"s" + _i32(-5),
    b"a" + _i32(3) + b"ab", b"z\x05ab", b"u" + _i32(2) + b"\xff\xfe", b"l" + _i32(1) + b"\x00\x80",
    b"l" + _i32(2) + b"\x01\x00\x00\x00", b"l" + _i32(2**30), b"g\x00\x00", b"f\x03abc",
    b"f\x041_.5", b"f\x03inf", b"y" + b"\x00" * 15, b"<" + _i32(1) + b"[" + _i32(0),
    b"{[" + _i32(0) + b"N0", b"{N", b"\xa9" + _i32(0) + b"r" + _i32(0), b"\xe9\x01\x00\x00\x00r" +
    _i32(1), b"c", b"c" + b"\x00" * 30, b")\x02N", b"[" + _i32(3) + b"NN",
    b"\xa8\x01r" + _i32(0), b"T\x00", b"I" + b"\x00" * 8, b"I" + b"\x00" * 7,
]


@pytest.mark.parametrize("data", BAD_OR_ODD, ids=lambda d: d[:12].hex() or "empty")
def test_refuses_exactly_what_the_host_refuses(data):
    try:
        expected = marshal.loads(data)
    except Exception:  # noqa: BLE001 - any refusal by the host counts as a refusal
        expected = PycError
    started = time.perf_counter()
    try:
        got = mm.loads(data)
    except PycError as error:
        got = PycError
        assert "offset" in str(error)
    assert time.perf_counter() - started < 1.0
    if expected is PycError or got is PycError:
        assert got is expected
    else:
        assert canon(got) == canon(expected)


def _nested(depth):
    return b")\x01" * (depth - 1) + b")\x00"


def _host_read_limit():
    low, high = 1, 100000
    while low < high:  # the deepest nesting the host reads
        middle = (low + high + 1) // 2
        try:
            marshal.loads(_nested(middle))
            low = middle
        except ValueError:
            high = middle - 1
    return low


def test_nesting_limit_is_the_hosts():
    limit = _host_read_limit()
    assert mm.loads(_nested(limit)) is not None
    with pytest.raises(PycError, match="nesting deeper"):
        mm.loads(_nested(limit + 1))


def test_writer_nesting_limit_is_the_hosts():
    value = ()
    depth = 1
    while True:
        try:
            marshal.dumps(value)
        except ValueError:
            break
        value, depth = (value,), depth + 1
    with pytest.raises(ValueError, match="deeply nested"):
        mm.dumps(value)
    mm.dumps(value[0])  # one level less is fine, as for the host


def test_length_fields_are_checked_before_allocating():
    # (The host's marshal allocates the 2**31-item tuple first: 48 s here.)
    for data in (b"(" + _i32(2**31 - 1), b"[" + _i32(2**31 - 1), b"<" + _i32(2**31 - 1),
                 b"s" + _i32(2**31 - 1), b"l" + _i32(2**31 - 1)):
        started = time.perf_counter()
        with pytest.raises(PycError, match="larger than the remaining data|truncated"):
            mm.loads(data + b"N" * 10)
        assert time.perf_counter() - started < 0.1


def test_hashing_a_huge_shared_tuple_is_refused_fast():
    # A frozenset holding t0, where t(k) = (t(k+1), t(k+1)) by reference down to
    # t59 = (None, None): a few hundred bytes, 2**60 nodes for the set to hash.
    data = bytearray(b">" + _i32(1))
    data += bytes([mm.TYPE_SMALL_TUPLE | mm.FLAG_REF, 2]) * 59
    data += bytes([mm.TYPE_SMALL_TUPLE | mm.FLAG_REF, 2]) + b"NN"
    for level in range(58, -1, -1):
        data += b"r" + _i32(level + 1)
    started = time.perf_counter()
    with pytest.raises(PycError, match="too large to hash"):
        mm.loads(bytes(data))
    assert time.perf_counter() - started < 1.0


def test_messages_name_offset_and_problem():
    with pytest.raises(PycError, match=r"unknown type code '\?' \(0x3f\)|TYPE_UNKNOWN"):
        mm.loads(b"(" + _i32(1) + b"?")
    with pytest.raises(PycError, match="reference 5 out of range at offset 2"):
        mm.loads(b")\x01r" + _i32(5))
    with pytest.raises(PycError, match="str size 9 at offset 1 is larger than the remaining"):
        mm.loads(b"u" + _i32(9) + b"abc")
    with pytest.raises(PycError, match="truncated binary float at offset 1"):
        mm.loads(b"g" + b"\x00" * 7)


def test_random_streams_never_raise_anything_else():
    rng = random.Random(1)
    for _ in range(2000):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
        try:
            mm.loads(data)
        except PycError:
            pass


def test_dumps_refuses_an_unmarshallable_object():
    with pytest.raises(ValueError, match="unmarshallable"):
        mm.dumps(object())


def test_code_of_another_version_is_refused():
    from minivm.compiler.code import Code
    code = Code.from_code(compile("x = 1", "m", "exec"))
    other = "3.8" if code.target.version != (3, 8) else "3.9"
    with pytest.raises(ValueError, match="cannot be marshalled"):
        mm.dumps(code, other)


def test_a_tuple_that_contains_itself_is_refused():
    # The one stream the host reads and minivm refuses on purpose: a tuple whose
    # item is a reference to the tuple itself.  CPython builds the cycle from C; a
    # tuple cannot be built around itself in Python, and no compiler writes one.
    data = bytes([mm.TYPE_SMALL_TUPLE | mm.FLAG_REF, 1]) + b"r" + _i32(0)
    assert marshal.loads(data)[0] is not None
    with pytest.raises(PycError, match="still being read"):
        mm.loads(data)


def test_a_null_value_ends_a_dict_as_in_cpython():
    data = b"{" + b"N" + b"0"
    assert canon(mm.loads(data)) == canon(marshal.loads(data)) == canon({})
