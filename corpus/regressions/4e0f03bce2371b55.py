# feature: checksum, classes, conditionals, cycles, dunder-methods, global, properties, recursion, strings, uncaught, unpacking
# requires: 3.12
# regression: refcount|3.12|stderr line N|NameError>NameError
import functools
import gc
_ck = 0
def _fold(*values):
    pass
s1 = ('dq"s' + (repr(1.5))).casefold()
_fold(repr(s1), len(s1))
class Prop2:
    def __init__(self):
        pass
    @property
    def v(self):
        pass
    @v.setter
    def v(self, value):
        pass
    @v.deleter
    def v(self):
        pass
p3 = Prop2()
p3.v = 4
_fold(p3.v)
try:
    pass
except ValueError as exc:
    pass
del p3.v
_fold(p3.v)
u4, *r6, u5 = [0, 2, 10, 7]
_fold(u4, r6, u5)
u4, u5 = u5, u4
(p7, q8), r9 = (10, 'w'), [42]
_fold(u4, u5, p7, q8, r9, [*r6, *'ab'], {**{'k': p7}, 'j': 2})
@functools.total_ordering
class Vec10:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __add__(self, other):
        pass
    def __mul__(self, k):
        pass
    __rmul__ = __mul__
    def __eq__(self, other):
        pass
    def __lt__(self, other):
        pass
    __hash__ = None
    def __len__(self):
        return len(self.xs)
    def __getitem__(self, i):
        return self.xs[i]
    def __contains__(self, v):
        pass
    def __bool__(self):
        return any(self.xs)
    def __repr__(self):
        return 'Vec10(%s)' % ', '.join(map(repr, self.xs))
v11 = Vec10(16, 7, -1)
v12 = Vec10(42, 5)
_fold(v11 + v12, v11 * 3, 2 * v12, v11 == v12, v11 <= v12, len(v11), v11[-1], 42 in v11)
_fold(bool(v12), list(v11), sorted([v11, v12]), v12[::2])
def rec13(n, a='A', c='C', t='B'):
    return [] if n == 0 else rec13(n - 1, a, t, c) + [(a, c)] + rec13(n - 1, t, c, a)
_fold(len(rec13(4)), rec13(2))
class Node14:
    def __init__(self, name):
        self.name = name
        self.peer = None
    def __del__(self):
        print('collected', self.name)
na15, nb16 = Node14('a'), Node14('b')
na15.peer, nb16.peer = nb16, na15
del na15, nb16
gc.collect()
_fold('collected')
class C17:
    kind = '  pad  '
    def __init__(self, v):
        self.v = v
    def scaled(self, k=2):
        return self.v * k
    @classmethod
    def make(cls):
        return cls(1)
    @staticmethod
    def helper(x):
        return x - 1
    def __repr__(self):
        return 'C17(%r)' % (self.v,)
o18 = C17(+2)
_fold(o18, o18.scaled(), C17.make(), C17.helper(3), o18.kind, sorted(vars(o18)))
c19 = 5
if c19 > -1:
    _fold('big', c19)
elif c19 % 2:
    _fold('odd')
else:
    _fold('other')
_fold('yes' if c19 else 'no', c19 and 'and' or 'or')
g20 = -3
def setg21(v):
    global g20
    g20 = g20 * 2 + v
    return g20
_fold(setg21(3), setg21(1), g20)
class Node22:
    def __init__(self, name):
        self.name = name
        self.peer = None
    def __del__(self):
        print('collected', self.name)
na23, nb24 = Node22('a'), Node22('b')
na23.peer, nb24.peer = nb24, na23
del na23, nb24
gc.collect()
_fold('collected')
def fail25():
    return undefined_name_q
print('checksum', _ck)
fail25()
