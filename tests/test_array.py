"""minivm's ``array`` module (minivm/modules/array.py): each program runs as
``python3.X FILE`` (the real interpreter of the host's version, asked at test time) and
as ``minivm --target 3.X run FILE``; stdout, stderr and the exit status must be
identical."""

from __future__ import annotations

import pytest

from .test_native_modules import pytestmark, run_both  # noqa: F401  (the same xfails)

# Prints each failing call's exception type and message.
_TRY = '''
def show(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__, e)
'''

PROGRAMS = {
    "construct": '''import array
print(array.typecodes, array.ArrayType is array.array, array.array.__module__)
for args in [('i', [1, 2]), ('b', b'\\x01\\xff'), ('B', bytearray(b'ab')), ('d', (1.5, 2)),
             ('H', range(3)), ('q', iter([5])), ('f', {1: 2}), ('B', array.array('B', [7])),
             ('i', array.array('b', [1, -1])), ('l',), ('u', 'hi'), ('Q', memoryview(b'a'))]:
    a = array.array(*args)
    print(a, len(a), a.itemsize, a.typecode, a.buffer_info()[1], repr(array.array(a.typecode)))
for args in [('i', 'abc'), ('x', []), ('x', 5), ('ab',), (5,), ('i', 5), (), ('i', [], 1),
             ('i', array.array('u', 'a')), ('i', [1, 'x']), ('d', ['x']), ('u', [1]),
             ('u', ['ab'])]:
    show(array.array, *args)
show(lambda: array.array('i', spam=1))
class A:
    def __iter__(self): raise UnicodeError("from __iter__")
show(array.array, 'i', A())
def gen():
    yield 1
    raise KeyError("from next")
show(array.array, 'i', gen())
''',
    "overflow": '''import array
for tc in 'bBhHiIlLqQ':
    size = array.array(tc).itemsize * 8
    signed = tc.islower()
    low, high = (-(1 << (size - 1)), (1 << (size - 1)) - 1) if signed else (0, (1 << size) - 1)
    print(tc, array.array(tc, [low, high]))
    for v in (low - 1, high + 1, 1 << 70, -(1 << 70)):
        show(array.array, tc, [v])
        a = array.array(tc, [0])
        show(a.append, v)
        show(a.__setitem__, 0, v)
        print(a)
for tc in 'bifd':
    for v in (1.5, '1', None, True):
        show(array.array, tc, [v])
class I:
    def __index__(self): return 7
class F:
    def __float__(self): return 2.5
print(array.array('i', [I(), True]), array.array('d', [I(), F(), 3]))
show(array.array, 'i', [F()])
''',
    "methods": '''import array
a = array.array('i', [1, 2, 3])
a.append(4); a.extend([5, 6]); a.extend(array.array('i', [7])); a.extend(x for x in (8,))
a.insert(0, 0); a.insert(-100, -1); a.insert(100, 100)
print(a, a.pop(), a.pop(0), a.pop(-2), a)
a.remove(3); print(a, a.index(4), a.count(2), 2 in a, 99 in a, 2.0 in a)
a.reverse(); print(a, a.tolist(), list(a), list(reversed(a)), len(a))
c = array.array('h', [1, 256]); c.byteswap(); print(c, c.tobytes(), c.tolist())
c.frombytes(b'\\x00\\x01'); c.fromlist([3]); print(c)
u = array.array('u', 'ab'); u.fromunicode('cd'); print(u, u.tounicode(), u[1], u.index('c'))
f = array.array('d', [1.0, float('nan')]); print(f, f.count(f[1]), f == f, f.tobytes()[:8])
for call in [lambda: a.remove(99), lambda: a.index(99), lambda: a.pop(99),
             lambda: array.array('i').pop(), lambda: a.extend(array.array('b')),
             lambda: a.extend(5), lambda: a.frombytes('x'), lambda: a.frombytes(b'x'),
             lambda: a.fromlist((1,)), lambda: a.fromlist([1, 'x']), lambda: a.tounicode(),
             lambda: a.fromunicode('x'), lambda: u.fromunicode(5), lambda: a.insert(1),
             lambda: a.insert('x', 1), lambda: a.pop(1, 2), lambda: a.pop('x'),
             lambda: a.index('x'), lambda: a.__reduce_ex__('x')]:
    show(call)
print(a)
class E:
    def __eq__(self, other): return other == 5
print(a.count(E()), a.index(E()), E() in a)
a.remove(E()); print(a)
''',
    "subscripts": '''import array
a = array.array('i', range(10))
print(a[0], a[-1], a[2:5], a[::-1], a[::3], a[5:2], a[-3:])
a[1:3] = array.array('i', [9, 9, 9]); print(a)
a[::2] = array.array('i', [7] * len(a[::2])); print(a)
del a[::3]; print(a); del a[0]; print(a); del a[1:3]; print(a)
a[0] = 42; a[-1] = 43; print(a)
a[:] = a; print(a)
b = array.array('B')
b[:] = b; print(len(b + b), len(b * 3))
for call in [lambda: a[99], lambda: a['x'], lambda: a[1.0], lambda: a.__setitem__(99, 1),
             lambda: a.__setitem__(slice(0, 2), [1]), lambda: a.__setitem__(0, 'x'),
             lambda: a.__setitem__(slice(0, 4, 2), array.array('i', [1, 2, 3])),
             lambda: a.__setitem__(slice(0, 2), array.array('b', [1])),
             lambda: a.__delitem__(99), lambda: a[1 << 70]]:
    show(call)
print(a)
''',
    "operators": '''import array
a = array.array('i', [1, 2]); b = array.array('i', [1, 3])
print(a + b, a * 2, 2 * a, a * -1, a == a[:], a < b, a <= b, a != b, a > b, a >= b)
print(a == array.array('d', [1.0, 2.0]), a == [1, 2], array.array('b') == array.array('B'))
c = a; c += b; print(c is a, a); c *= 2; print(c is a, a); c *= 0; print(a)
for call in [lambda: a + [1], lambda: a + array.array('b'), lambda: a * 'x', lambda: a * 1.5,
             lambda: [1] + a, lambda: a.__iadd__([1]), lambda: hash(a), lambda: a < [1]]:
    show(call)
s = array.array('u', 'ab')
print(s + s, s * 2, s < array.array('u', 'b'))
''',
    # protocols 0-3: pickle.py's framing (4 and 5) needs BytesIO.getbuffer()
    "subclass_copy_pickle": '''import array, copy, pickle
class S(array.array):
    pass
class K(array.array):
    def __new__(cls, tc, init=(), extra=None):
        return super().__new__(cls, tc, init)
    def __init__(self, tc, init=(), extra=None):
        self.extra = extra
s = S('i', [1, 2]); s.y = 2
print(s, repr(S('d')), type(s + s), type(s[:]), type(s * 2), type(copy.copy(s)))
print(K('b', [1], extra=3).extra, isinstance(s, array.array), issubclass(S, array.array))
a = array.array('i', [1, 2, 3])
print(copy.copy(a), copy.deepcopy(a), copy.copy(a) is a)
print(a.__reduce_ex__(2), a.__reduce_ex__(3)[1][1:], s.__reduce_ex__(1))
for tc, items in [('i', [1, -2]), ('B', [255]), ('d', [0.5]), ('f', [1.5]),
                  ('q', [1 << 40]), ('H', [])]:
    x = array.array(tc, items)
    for proto in range(4):
        y = pickle.loads(pickle.dumps(x, proto))
        assert y == x and type(y) is type(x), (tc, proto)
    print(tc, pickle.loads(pickle.dumps(x, 3)))
t = pickle.loads(pickle.dumps(s, 3)); print(t, t.y, type(t).__name__)
print(array.array('u', 'xy').__reduce_ex__(3)[1][1:3])
r = array._array_reconstructor
print(r(array.array, 'b', 12, (1).to_bytes(8, 'little', signed=True) * 2))
print(r(array.array, 'i', 1, b'\\xff\\x01'), r(array.array, 'd', 14, b'\\x00\\x00\\xc0\\x3f'))
print(r(array.array, 'u', 18, 'hi'.encode('utf-16-le')), r(S, 'h', 4, b'\\x01\\x00'))
for args in [("", "b", 0, b""), (str, "b", 0, b""), (array.array, "b", 0, ""),
             (array.array, "?", 0, b""), (array.array, "b", 22, b""),
             (array.array, "d", 16, b"a"), (array.array, "d", 15, b"ab"),
             (array.array, 5, 0, b""), (array.array, "b", -1, b"")]:
    show(r, *args)
''',
    # protocols 0-3, as above
    "iterators": '''import array, collections.abc, pickle
print([isinstance(array.array('b'), getattr(collections.abc, n))
       for n in ('MutableSequence', 'Reversible', 'Iterable', 'Sized')])
show(type(iter(array.array('b'))))
a = array.array('i', [1, 2, 3])
it = iter(a); print(type(it).__name__, next(it), it.__reduce__()[1:], list(it), list(it))
a.append(4); print(list(it))
e = iter(a); next(e)
for proto in range(4):
    i2, a2 = pickle.loads(pickle.dumps((e, a), proto))
    a2.append(5); print(list(i2), a2)
done = iter(a); list(done); print(done.__reduce__()[1])
i3 = iter(a); i3.__setstate__(2); print(list(i3))
i4 = iter(a); i4.__setstate__(-5); print(next(i4))
r = reversed(a); print(list(r))
b = array.array('d', [0.5]); print([x for x in b], sum(array.array('B', range(5))))
''',
    "buffers_files": '''import array, io, os, tempfile
a = array.array('h', [1, 2, 3])
print(bytes(a), bytearray(a))
a[0] = 9; a.append(4); print(a)
path = os.path.join(tempfile.mkdtemp(), "data")
with open(path, "wb") as f:
    a.tofile(f)
    array.array('h').tofile(f)
b = array.array('h')
with open(path, "rb") as f:
    b.fromfile(f, 2); print(b)
    show(b.fromfile, f, 5); print(b)
    show(b.fromfile, f, -1)
show(b.fromfile, io.StringIO("ab"), 1)
big = array.array('B', bytes(70000)); out = io.BytesIO(); big.tofile(out)
print(len(out.getvalue()))
''',
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(tmp_path, name):
    expected, actual = run_both(tmp_path, _TRY + PROGRAMS[name])
    assert actual == expected
